// An AgentCore resource policy (runtime, runtime endpoint, gateway, memory: AgentCore developer
// guide, "Resource-based policies for Amazon Bedrock AgentCore") that allows any principal with no
// condition at all: anyone with AWS credentials, in any account, may then invoke the agent or read
// its memory. A condition (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceAccount...) is what makes
// Principal "*" a deliberate, bounded grant; which condition is enough is not judged here.
import { statementLabel, type Statement } from "../../iam";
import { readPolicyDocument } from "../lib/read-document";
import { resourceLabel } from "../lib/sources";
import { configSchema, forTypes, reportOutcomes, type Outcome, type ResourceRule, type RuleConfig } from "../lib/rule";
import { readProp } from "../lib/unknowns";

export const NAME = "agentcore-resource-policy-not-public";
export const RESOURCE_POLICY_TYPE = "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy";

/** Whether the statement's Principal is anyone: `"*"` or `{ AWS: "*" }` (also in a list). */
function allowsAnyPrincipal(statement: Statement): boolean {
    if (statement.notPrincipal !== undefined) {
        return true;
    }
    const principal = statement.principal;
    return principal === "*" || (principal !== undefined && (principal.AWS ?? []).includes("*"));
}

export function publicPolicyOutcomes(name: string, props: Record<string, unknown>): Outcome[] {
    const label = resourceLabel(RESOURCE_POLICY_TYPE, name);
    const read = readPolicyDocument(readProp(props, "policy"));
    if (read.kind === "unknown") {
        return [{ status: "undecidable", message: `${label} policy is not known until the update; ${NAME} decides then.` }];
    }
    if (read.kind === "malformed") {
        return [{ status: "violation", message: `${label} policy cannot be read: ${read.error}. Fix the policy text.` }];
    }
    if (read.kind !== "document") {
        return [];
    }
    const outcomes: Outcome[] = [];
    for (const statement of read.document.statements) {
        if (statement.effect !== "Allow" || !allowsAnyPrincipal(statement)) {
            continue;
        }
        const unknown = read.unknownElements.get(statement.index);
        if (statement.conditions.length === 0) {
            const how = statement.notPrincipal !== undefined ? "NotPrincipal" : 'Principal "*"';
            outcomes.push({
                status: unknown?.has("Condition") || unknown?.has("Effect") ? "undecidable" : "violation",
                message: `${label} policy: Statement ${statementLabel(statement)} allows ${how} with no condition: name the principals, or add a condition such as aws:SourceVpce or aws:PrincipalOrgID.`,
            });
        }
    }
    return outcomes;
}

export const agentcoreResourcePolicyNotPublic: ResourceRule = {
    name: NAME,
    description: 'An AgentCore resource policy may not allow Principal "*" (or use NotPrincipal) in a statement without a condition.',
    enforcementLevel: "advisory",
    remediationSteps:
        "Name the accounts or roles in Principal, or keep Principal \"*\" with a condition that bounds it (aws:SourceVpce for a VPC endpoint, aws:PrincipalOrgID for your organization, aws:SourceAccount/aws:SourceArn for a service).",
    configSchema: configSchema(),
    validateResource: forTypes([RESOURCE_POLICY_TYPE], (args, reportViolation) => {
        reportOutcomes(publicPolicyOutcomes(args.name, args.props), args, args.getConfig<RuleConfig>(), reportViolation);
    }),
};
