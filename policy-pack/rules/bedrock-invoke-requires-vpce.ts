// CONTRACTS section 6, rule 3: an Allow statement that grants model invocation must be held to a
// VPC endpoint, by its own positive condition or by a Deny guard in the same document.
import {
    INVOKE_MODEL_ACTIONS,
    isNegativeVpcGuard,
    isPositiveVpcCondition,
    statementLabel,
    VPC_CONDITION_KEYS,
    type ConditionClause,
} from "../../iam";
import { denyCoversGrant } from "../lib/coverage";
import { documentRule, type DocumentUnderCheck } from "../lib/document-rule";
import { mayApplyToService } from "../lib/prefilter";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";
import { invokeActionsOf } from "./bedrock-invoke-model-no-wildcard-resource";

export const NAME = "bedrock-invoke-requires-vpce";

export interface VpceConfig extends RuleConfig {
    /** The actions that must be held to a VPC endpoint. */
    readonly actions?: readonly string[];
    /** When set, a condition on aws:SourceVpce counts only if every value is one of these ids. */
    readonly acceptedEndpointIds?: readonly string[];
    /** When set, a condition on aws:SourceVpc counts only if every value is one of these ids. */
    readonly acceptedVpcIds?: readonly string[];
}

function acceptedValues(clause: ConditionClause, config: VpceConfig): boolean {
    const accepted = clause.keyLower === "aws:sourcevpce" ? config.acceptedEndpointIds ?? [] : config.acceptedVpcIds ?? [];
    if (accepted.length === 0) {
        return true;
    }
    const lower = new Set(accepted.map((id) => id.toLowerCase()));
    return clause.values.every((value) => lower.has(value.toLowerCase()));
}

/** Why a clause on a VPC key does not hold a statement to an endpoint (for the message). */
function whyItDoesNotCount(clause: ConditionClause): string {
    if (clause.ifExists) {
        return `${clause.operator} on ${clause.key} passes when the key is absent (a request from outside any VPC)`;
    }
    if (clause.setOperator === "forallvalues") {
        return `${clause.operator} on ${clause.key} passes when the key is absent (a request from outside any VPC)`;
    }
    if (clause.values.length === 0 || clause.values.some((v) => /^[*?]*$/.test(v))) {
        return `${clause.operator} on ${clause.key} with ${JSON.stringify(clause.values)} matches any endpoint`;
    }
    return `${clause.operator} on ${clause.key} is not an equality or StringLike match`;
}

export function findInvokeOutsideVpce({ document, unknownIn }: DocumentUnderCheck, config: VpceConfig): Outcome[] {
    const outcomes: Outcome[] = [];
    const actionsNeedingVpce = config.actions && config.actions.length > 0 ? config.actions : INVOKE_MODEL_ACTIONS;
    const denies = document.statements.filter((s) => (s.effect === "Deny" || unknownIn(s).has("Effect")) && mayApplyToService(s, "bedrock"));
    for (const statement of document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const unknown = unknownIn(statement);
        const invoke = invokeActionsOf(statement, unknown, actionsNeedingVpce);
        if (invoke.granted.length === 0) {
            continue;
        }
        const label = statementLabel(statement);
        const vpcClauses = statement.conditions.filter((c) => VPC_CONDITION_KEYS.includes(c.keyLower));
        const positive = vpcClauses.filter(isPositiveVpcCondition);
        if (positive.some((clause) => acceptedValues(clause, config))) {
            continue;
        }
        let status: Outcome["status"] = invoke.decided && !unknown.has("Effect") && !unknown.has("Condition") ? "violation" : "undecidable";
        const unguarded: string[] = [];
        let possibleGuard: string | undefined;
        for (const action of invoke.granted) {
            let guarded = false;
            for (const deny of denies) {
                const denyUnknown = unknownIn(deny);
                const isGuard = deny.conditions.some((c) => isNegativeVpcGuard(c) && acceptedValues(c, config));
                const mayBeGuard = isGuard || denyUnknown.has("Condition");
                if (!mayBeGuard) {
                    continue;
                }
                // By what the patterns mean, Deny and Allow each with Action or NotAction, Resource or
                // NotResource; undefined when an unknown pattern decides it.
                const covers = denyCoversGrant(deny, statement, action);
                if (isGuard && covers === true && !denyUnknown.has("Effect")) {
                    guarded = true;
                    break;
                }
                if (covers !== false) {
                    // A Deny that may yet be a guard for this action: its effect, condition, actions
                    // or resources are not known until the update.
                    status = "undecidable";
                    possibleGuard ??= statementLabel(deny);
                }
            }
            if (!guarded) {
                unguarded.push(action);
            }
        }
        if (unguarded.length === 0) {
            continue;
        }
        if (positive.length > 0) {
            // Held to an endpoint, but not to one the config accepts.
            const clause = positive[0];
            outcomes.push({
                status,
                message: `Statement ${label} allows ${unguarded.join(", ")} through ${clause.key} ${JSON.stringify(clause.values)}, which is not an accepted ${clause.keyLower === "aws:sourcevpce" ? "endpoint (acceptedEndpointIds)" : "VPC (acceptedVpcIds)"}: use an accepted id.`,
            });
            continue;
        }
        const notCounting = vpcClauses.length > 0 ? ` (its ${whyItDoesNotCount(vpcClauses[0])})` : "";
        const pending = possibleGuard ? ` (Deny ${possibleGuard} may hold ${unguarded.length > 1 ? "them" : "it"} once its values unknown at preview are known)` : "";
        outcomes.push({
            status,
            message:
                `Statement ${label} allows ${unguarded.join(", ")} without holding ${unguarded.length > 1 ? "them" : "it"} to a VPC endpoint${notCounting}${pending}: ` +
                `add "Condition": {"StringEquals": {"aws:SourceVpce": "<vpce-id>"}}, or a Deny on those actions with StringNotEquals on aws:SourceVpce in the same policy.`,
        });
    }
    return outcomes;
}

export const bedrockInvokeRequiresVpce = documentRule<VpceConfig>({
    name: NAME,
    description:
        "An Allow statement that grants bedrock:InvokeModel or bedrock:InvokeModelWithResponseStream must be held to a VPC endpoint: a StringEquals/StringEqualsIgnoreCase/StringLike (or ForAnyValue: of those) condition on aws:SourceVpce or aws:SourceVpc, not IfExists, not ForAllValues:, not a wildcard-only value; or a Deny over those actions and resources in the same document with StringNotEquals/StringNotEqualsIgnoreCase/StringNotLike on one of those keys.",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Add "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}} to the statement, or add to the same policy a Deny on the invoke actions with "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}.',
    configSchema: configSchema({
        actions: {
            type: "array",
            items: { type: "string", pattern: "^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$" },
            default: [...INVOKE_MODEL_ACTIONS],
            description: "The actions that must be held to a VPC endpoint (e.g. add bedrock:InvokeAgent, bedrock:Retrieve).",
        },
        acceptedEndpointIds: {
            type: "array",
            items: { type: "string", pattern: "^vpce-[0-9a-zA-Z]+$" },
            default: [],
            description: "VPC endpoint ids a condition on aws:SourceVpce may name; empty: any specific endpoint.",
        },
        acceptedVpcIds: {
            type: "array",
            items: { type: "string", pattern: "^vpc-[0-9a-zA-Z]+$" },
            default: [],
            description: "VPC ids a condition on aws:SourceVpc may name; empty: any specific VPC.",
        },
    }),
    reads: ["identity", "attachment"],
    reportMalformed: true,
    check: findInvokeOutsideVpce,
});
