// An AgentCore resource policy (runtime, runtime endpoint, gateway, memory: AgentCore developer
// guide, "Resource-based policies for Amazon Bedrock AgentCore") that allows any principal with no
// condition at all: anyone with AWS credentials, in any account, may then invoke the agent or read
// its memory. A condition (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceAccount...) is what makes
// Principal "*" a deliberate, bounded grant; which condition is enough is not judged here.
import { statementLabel, type Statement } from "../../iam";
import { documentRule, type DocumentRuleSpec, type DocumentUnderCheck } from "../lib/document-rule";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";
import { AGENTCORE_RESOURCE_POLICY_TYPES } from "../lib/sources";

export const NAME = "agentcore-resource-policy-not-public";

/** Whether the statement's Principal is anyone: `"*"` or `{ AWS: "*" }` (also in a list). */
function allowsAnyPrincipal(statement: Statement): boolean {
    if (statement.notPrincipal !== undefined) {
        return true;
    }
    const principal = statement.principal;
    return principal === "*" || (principal !== undefined && (principal.AWS ?? []).includes("*"));
}

/** The statements of one AgentCore resource policy that allow anyone with no condition. */
export function findPublicStatements({ document, unknownIn }: DocumentUnderCheck): Outcome[] {
    const outcomes: Outcome[] = [];
    for (const statement of document.statements) {
        if (statement.effect !== "Allow" || !allowsAnyPrincipal(statement)) {
            continue;
        }
        const unknown = unknownIn(statement);
        if (statement.conditions.length === 0) {
            const how = statement.notPrincipal !== undefined ? "NotPrincipal" : 'Principal "*"';
            outcomes.push({
                // An unknown Principal is read as "*" (read-document): it may name an account.
                status: unknown.has("Condition") || unknown.has("Effect") || unknown.has("Principal") || unknown.has("NotPrincipal") ? "undecidable" : "violation",
                message: `Statement ${statementLabel(statement)} allows ${how} with no condition: name the principals, or add a condition such as aws:SourceVpce or aws:PrincipalOrgID.`,
            });
        }
    }
    return outcomes;
}

const SPEC: DocumentRuleSpec<RuleConfig> = {
    name: NAME,
    description: 'An AgentCore resource policy may not allow Principal "*" (or use NotPrincipal) in a statement without a condition.',
    enforcementLevel: "advisory",
    remediationSteps:
        "Name the accounts or roles in Principal, or keep Principal \"*\" with a condition that bounds it (aws:SourceVpce for a VPC endpoint, aws:PrincipalOrgID for your organization, aws:SourceAccount/aws:SourceArn for a service).",
    configSchema: configSchema(),
    // The AgentCore resource policies among the resource policies lib/sources.ts reads.
    reads: ["resource"],
    types: AGENTCORE_RESOURCE_POLICY_TYPES,
    reportMalformed: true,
    check: findPublicStatements,
};

export const agentcoreResourcePolicyNotPublic = documentRule<RuleConfig>(SPEC);
