// The shape shared by the rules that judge policy documents: find the documents a resource holds,
// read each (string or object, partly unknown at preview), hand the readable ones to the rule's
// check, and report. Messages name the resource and where the document sits in it.
import type { PolicyDocument, Statement } from "../../iam";
import { readPolicyDocument, type StatementElement } from "./read-document";
import { forTypes, reportOutcomes, type Outcome, type ResourceRule, type RuleConfig, type RuleMetadata } from "./rule";
import { policiesOf, resourceLabel, typesReadFor, type PolicyText, type SourceKind } from "./sources";

const NONE: ReadonlySet<StatementElement> = new Set();

/** A readable document handed to a rule's check. */
export interface DocumentUnderCheck {
    readonly document: PolicyDocument;
    readonly source: PolicyText;
    /** The elements of a statement that are unknown until the update (empty when all known). */
    unknownIn(statement: Statement): ReadonlySet<StatementElement>;
}

export interface DocumentRuleSpec<C extends RuleConfig> extends RuleMetadata {
    /** Which documents the rule judges: identity policies, broad managed attachments, resource policies. */
    readonly reads: readonly SourceKind[];
    /** Only these of the types `reads` gives (e.g. AgentCore resource policies among all resource policies). */
    readonly types?: readonly string[];
    /** A document that cannot be read is a violation of this rule (the core rules: they cannot vouch for it). */
    readonly reportMalformed: boolean;
    /** The findings in one document; messages start at the statement ("Statement #0 allows ..."). */
    check(document: DocumentUnderCheck, config: C): Outcome[];
}

/** The findings of a document rule on one resource, before exemptions. */
export function documentOutcomes<C extends RuleConfig>(
    spec: Pick<DocumentRuleSpec<C>, "reads" | "reportMalformed" | "check" | "name">,
    resource: { readonly type: string; readonly name: string; readonly props: Record<string, unknown> },
    config: C,
): Outcome[] {
    const found = policiesOf(resource.type, resource.props, spec.reads);
    const label = resourceLabel(resource.type, resource.name);
    const outcomes: Outcome[] = found.unknownParts.map((part) => ({
        status: "undecidable" as const,
        message: `${label} ${part} is not known until the update; ${spec.name} decides then.`,
    }));
    for (const source of found.texts) {
        const where = `${label} ${source.where}`;
        const read = readPolicyDocument(source.raw);
        if (read.kind === "unknown") {
            outcomes.push({
                status: "undecidable",
                message: `${where} is not known until the update (it is built from other resources' outputs); ${spec.name} decides then.`,
            });
        } else if (read.kind === "malformed") {
            if (spec.reportMalformed) {
                outcomes.push({ status: "violation", message: `${where} cannot be read: ${read.error}. Fix the policy text.` });
            }
        } else if (read.kind === "document") {
            const unknownElements = read.unknownElements;
            const underCheck: DocumentUnderCheck = {
                document: read.document,
                source,
                unknownIn: (statement) => unknownElements.get(statement.index) ?? NONE,
            };
            for (const outcome of spec.check(underCheck, config)) {
                outcomes.push({ status: outcome.status, message: `${where}: ${outcome.message}` });
            }
        }
    }
    return outcomes;
}

/** A CrossGuard resource policy from a document rule's spec. */
export function documentRule<C extends RuleConfig>(spec: DocumentRuleSpec<C>): ResourceRule {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        remediationSteps: spec.remediationSteps,
        configSchema: spec.configSchema,
        validateResource: forTypes(typesReadFor(spec.reads).filter((type) => spec.types === undefined || spec.types.includes(type)), (args, reportViolation) => {
            const config = args.getConfig<C>();
            const outcomes = documentOutcomes(spec, args, config);
            reportOutcomes(outcomes, args, config, reportViolation);
        }),
    };
}

/** `"*"`, or `"a", "b"`: patterns quoted for a message. */
export function quoted(patterns: readonly string[]): string {
    return patterns.map((p) => JSON.stringify(p)).join(", ");
}
