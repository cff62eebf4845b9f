// Seed 002's restricted list (its validator's BEDROCK_RESTRICTED_ACTIONS, plus the invocation
// logging switches): actions that change what models exist, what they cost, or whether their use
// is recorded. An Allow of one, by name or wildcard, is reported unless an unconditional Deny in
// the same document takes it back.
import { statementCoversAction, statementLabel, type Statement } from "../../iam";
import type { StackValidationArgs } from "@pulumi/policy";
import { denyCoversGrant, type Coverage } from "../lib/coverage";
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

/**
 * Whether an unconditional Deny in the same document takes the action back on everything the
 * Allow reaches (by inclusion, Action/NotAction and Resource/NotResource on either side); undefined
 * when a statement that may be such a Deny has parts unknown until the update.
 */
function deniedInDocument({ document, unknownIn }: DocumentUnderCheck, allow: Statement, action: string): Coverage {
    let denied: Coverage = false;
    for (const deny of document.statements) {
        const unknown = unknownIn(deny);
        if (deny === allow || !(deny.effect === "Deny" || unknown.has("Effect")) || deny.conditions.length > 0) {
            continue;
        }
        const covers = denyCoversGrant(deny, allow, action);
        if (covers === true && deny.effect === "Deny" && !unknown.has("Effect") && !unknown.has("Condition")) {
            return true;
        }
        if (covers !== false) {
            denied = undefined;
        }
    }
    return denied;
}

export function findRestrictedActions(underCheck: DocumentUnderCheck, config: RestrictedConfig): Outcome[] {
    const { document, unknownIn } = underCheck;
    const restricted = config.actions && config.actions.length > 0 ? config.actions : RESTRICTED_BEDROCK_ACTIONS;
    const restrictedServices = [...new Set(restricted.map((a) => a.slice(0, a.indexOf(":")).toLowerCase()))];
    const outcomes: Outcome[] = [];
    for (const statement of document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const unknown = unknownIn(statement);
        const granted = !restrictedServices.some((s) => mayApplyToService(statement, s)) ? [] : restricted.filter((action) => statementCoversAction(statement, action));
        const takenBack = granted.map((action) => ({ action, denied: deniedInDocument(underCheck, statement, action) }));
        const allowed = takenBack.filter((grant) => grant.denied !== true).map((grant) => grant.action);
        const label = allowed.length > 0 || unknown.has("Action") ? statementLabel(statement) : "";
        if (allowed.length > 0) {
            const how = statement.notActions ? " (through NotAction)" : "";
            const decided = !unknown.has("Effect") && !unknown.has("NotAction") && takenBack.every((grant) => grant.denied !== undefined);
            outcomes.push({
                status: decided ? "violation" : "undecidable",
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
