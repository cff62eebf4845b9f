// Seed 002's restricted list (its validator's BEDROCK_RESTRICTED_ACTIONS, plus the invocation
// logging switches): actions that change what models exist, what they cost, or whether their use
// is recorded. An Allow of one, by name or wildcard, is reported unless an unconditional Deny in
// the same document takes it back.
import { statementCoversAction, statementCoversResource, statementLabel, type PolicyDocument, type Statement } from "../../iam";
import type { StackValidationArgs } from "@pulumi/policy";
import { documentOutcomes, type DocumentUnderCheck } from "../lib/document-rule";
import { typesReadFor } from "../lib/sources";
import { boundaryOnlyPolicies } from "../lib/stack";
import { mayApplyToService } from "../lib/prefilter";
import { configSchema, reportOutcomes, type Outcome, type RuleConfig, type StackRule } from "../lib/rule";

export const NAME = "bedrock-restricted-actions";

export const RESTRICTED_BEDROCK_ACTIONS: readonly string[] = [
    "bedrock:CreateModelCustomizationJob",
    "bedrock:CreateProvisionedModelThroughput",
    "bedrock:DeleteProvisionedModelThroughput",
    "bedrock:DeleteCustomModel",
    "bedrock:PutModelInvocationLoggingConfiguration",
    "bedrock:DeleteModelInvocationLoggingConfiguration",
];

export interface RestrictedConfig extends RuleConfig {
    readonly actions?: readonly string[];
}

/** An unconditional Deny in the same document that covers the action on everything the Allow reaches. */
function deniedInDocument(document: PolicyDocument, allow: Statement, action: string): boolean {
    return document.statements.some(
        (deny) =>
            deny.effect === "Deny" &&
            deny.conditions.length === 0 &&
            statementCoversAction(deny, action) &&
            (allow.notResources ? statementCoversResource(deny, "*") : (allow.resources ?? []).every((r) => statementCoversResource(deny, r))),
    );
}

export function findRestrictedActions({ document, unknownIn }: DocumentUnderCheck, config: RestrictedConfig): Outcome[] {
    const restricted = config.actions && config.actions.length > 0 ? config.actions : RESTRICTED_BEDROCK_ACTIONS;
    const restrictedServices = [...new Set(restricted.map((a) => a.slice(0, a.indexOf(":")).toLowerCase()))];
    const outcomes: Outcome[] = [];
    for (const statement of document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const unknown = unknownIn(statement);
        const allowed = !restrictedServices.some((s) => mayApplyToService(statement, s)) ? [] : restricted.filter((action) => statementCoversAction(statement, action) && !deniedInDocument(document, statement, action));
        const label = allowed.length > 0 || unknown.has("Action") ? statementLabel(statement) : "";
        if (allowed.length > 0) {
            const how = statement.notActions ? " (through NotAction)" : "";
            outcomes.push({
                status: unknown.has("Effect") || unknown.has("NotAction") ? "undecidable" : "violation",
                message: `Statement ${label} allows restricted action${allowed.length > 1 ? "s" : ""} ${allowed.join(", ")}${how}: grant ${allowed.length > 1 ? "them" : "it"} only to an administrative role, in its own statement with a condition (e.g. aws:MultiFactorAuthPresent), or remove ${allowed.length > 1 ? "them" : "it"}.`,
            });
        } else if (unknown.has("Action")) {
            outcomes.push({ status: "undecidable", message: `Statement ${label} has an Action that is not known until the update; it may name a restricted action.` });
        }
    }
    return outcomes;
}

const SPEC = { name: NAME, reads: ["identity", "attachment"] as const, reportMalformed: false, check: findRestrictedActions };

// A stack validation rather than a resource one: a permissions boundary is an aws.iam.Policy like
// a grant, and only the stack shows that a role names it as its boundary and nothing attaches it.
// seed 002's admin boundary allows these actions on purpose; as a ceiling it grants nothing.
export const bedrockRestrictedActions: StackRule = {
    name: NAME,
    description:
        "Reports an Allow of a restricted Bedrock action (model customization, provisioned throughput, custom model deletion, invocation logging configuration), by name, wildcard or NotAction, unless an unconditional Deny in the same document takes it back. A customer policy used only as a permissions boundary is not a grant and is not judged.",
    enforcementLevel: "advisory",
    remediationSteps: "Keep these actions in an administrative role's policy, each in its own statement with a condition; remove them from workload roles.",
    configSchema: configSchema({
        actions: {
            type: "array",
            items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9]+$" },
            default: [...RESTRICTED_BEDROCK_ACTIONS],
            description: "The restricted actions.",
        },
    }),
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const config = args.getConfig<RestrictedConfig>();
        const types = new Set(typesReadFor(SPEC.reads));
        const boundaries = boundaryOnlyPolicies(args.resources);
        for (const resource of args.resources) {
            if (types.has(resource.type) && !boundaries.has(resource)) {
                reportOutcomes(documentOutcomes(SPEC, resource, config), resource, config, reportViolation, { attachUrn: true });
            }
        }
    },
};
