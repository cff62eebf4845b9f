// CONTRACTS section 6, rule 2: an Allow statement that lets a principal invoke any model.
import { elementsIntersect, hasWildcard, INVOKE_MODEL_ACTIONS, patternMatchesEveryModel, patternWithinModelFamilies, statementCoversAction, statementLabel, type Statement } from "../../iam";
import { documentRule, quoted, type DocumentUnderCheck } from "../lib/document-rule";
import { mayApplyToService } from "../lib/prefilter";
import { UNKNOWN_PATTERN, type StatementElement } from "../lib/read-document";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "bedrock-invoke-model-no-wildcard-resource";

export interface InvokeResourceConfig extends RuleConfig {
    /** Model-id prefixes a grant may name (`anthropic.claude-3-haiku`); empty: any family. */
    readonly approvedModelFamilies?: readonly string[];
}

/** The invoke actions a statement grants, and whether an unknown Action/NotAction leaves it open. */
const servicesByActions = new WeakMap<readonly string[], readonly string[]>();

/** The service prefixes of a list of actions, lower case, once per list (the rules pass the same lists). */
function servicesOf(actions: readonly string[]): readonly string[] {
    let services = servicesByActions.get(actions);
    if (!services) {
        services = [...new Set(actions.map((a) => a.slice(0, a.indexOf(":")).toLowerCase()))];
        servicesByActions.set(actions, services);
    }
    return services;
}

/**
 * Whether the statement's Action/NotAction grants some of `action`: an action name is one string
 * (matching is the whole answer); a pattern from config (`bedrock:Invoke*`) is a set, and the
 * question is whether the two sets meet, not whether one's text matches the other.
 */
function grantsSomeOf(statement: Statement, action: string): boolean {
    if (!hasWildcard(action)) {
        return statementCoversAction(statement, action);
    }
    const element = statement.actions ? { patterns: statement.actions, negated: false } : statement.notActions ? { patterns: statement.notActions, negated: true } : undefined;
    return element !== undefined && elementsIntersect(element, { patterns: [action], negated: false }, "action");
}

export function invokeActionsOf(
    statement: Statement,
    unknown: ReadonlySet<StatementElement>,
    actions: readonly string[] = INVOKE_MODEL_ACTIONS,
): { readonly granted: string[]; readonly decided: boolean } {
    const granted = servicesOf(actions).some((s) => mayApplyToService(statement, s)) ? actions.filter((action) => grantsSomeOf(statement, action)) : [];
    if (unknown.has("Action")) {
        // An unknown Action entry may be any of them: only the known ones are decided.
        return { granted: granted.length > 0 ? granted : [...actions], decided: granted.length > 0 };
    }
    // An unknown NotAction entry can only take actions away.
    return { granted, decided: !unknown.has("NotAction") };
}

export function findInvokeOnEveryModel({ document, unknownIn }: DocumentUnderCheck, config: InvokeResourceConfig): Outcome[] {
    const outcomes: Outcome[] = [];
    const families = config.approvedModelFamilies ?? [];
    for (const statement of document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const unknown = unknownIn(statement);
        const invoke = invokeActionsOf(statement, unknown);
        if (invoke.granted.length === 0) {
            continue;
        }
        const label = statementLabel(statement);
        const actions = invoke.granted.join(", ");
        const decided = invoke.decided && !unknown.has("Effect");
        const status = decided ? "violation" : "undecidable";
        if (statement.notResources) {
            outcomes.push({
                status,
                message: `Statement ${label} allows ${actions} on every resource except NotResource ${quoted(statement.notResources)}: replace NotResource with Resource listing the model ARNs it needs.`,
            });
            continue;
        }
        const patterns = (statement.resources ?? []).filter((p) => p !== UNKNOWN_PATTERN);
        // A pattern without a wildcard names one ARN: only wildcards can reach every model.
        const everyModel = patterns.filter((p) => hasWildcard(p) && patternMatchesEveryModel(p));
        if (everyModel.length > 0) {
            const fix = everyModel.includes("*") ? "list the model ARNs it needs." : "name the models, or a family such as foundation-model/anthropic.*.";
            const which = everyModel.length === 1 && everyModel[0] === "*" ? `"*"` : `${quoted(everyModel)}, which matches every model`;
            outcomes.push({ status, message: `Statement ${label} allows ${actions} on ${which}: ${fix}` });
            continue;
        }
        if (families.length > 0) {
            const outside = patterns.filter((p) => !patternWithinModelFamilies(p, families));
            if (outside.length > 0) {
                outcomes.push({
                    status,
                    message: `Statement ${label} allows ${actions} on ${quoted(outside)}, outside the approved model families (${families.join(", ")}): name models of those families.`,
                });
                continue;
            }
        }
        if (unknown.has("Resource")) {
            outcomes.push({
                status: "undecidable",
                message: `Statement ${label} allows ${actions} on a Resource that is not known until the update; it may cover every model.`,
            });
        }
    }
    return outcomes;
}

export const bedrockInvokeModelNoWildcardResource = documentRule<InvokeResourceConfig>({
    name: NAME,
    description:
        "No Allow statement that grants bedrock:InvokeModel or bedrock:InvokeModelWithResponseStream (by name, wildcard or NotAction) may apply to any model: Resource \"*\", a NotResource, or a pattern matching every foundation-model or inference-profile ARN. A family pattern (foundation-model/anthropic.*) is fine.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "List the foundation-model (and inference-profile) ARNs the workload invokes, e.g. arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0, or a model family pattern.",
    configSchema: configSchema({
        approvedModelFamilies: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description: "Model-id prefixes a grant may name (e.g. anthropic.claude-3-haiku, amazon.titan-embed); a grant on a pattern that can reach another model is a violation. Empty: any family.",
        },
    }),
    reads: ["identity", "attachment"],
    reportMalformed: true,
    check: findInvokeOnEveryModel,
});
