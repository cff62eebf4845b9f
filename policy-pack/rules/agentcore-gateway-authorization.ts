// Security Hub BedrockAgentCore.2 at preview (a gateway with inbound authorizer type NONE is
// invocable by anyone who can reach it), and a Cedar policy engine in ENFORCE mode: in LOG_ONLY
// (the default) the engine only traces what it would deny (AgentCore control plane API reference,
// GatewayPolicyEngineConfiguration). @pulumi/aws 7: `authorizerType` CUSTOM_JWT | AWS_IAM | NONE |
// AUTHENTICATE_ONLY, `policyEngineConfiguration { arn, mode: LOG_ONLY | ENFORCE }`.
import { resourceLabel } from "../lib/sources";
import { configSchema, forTypes, reportOutcomes, type Outcome, type ResourceRule, type RuleConfig } from "../lib/rule";
import { readProp, UNKNOWN } from "../lib/unknowns";

export const NAME = "agentcore-gateway-authorization";
export const GATEWAY_TYPE = "aws:bedrock/agentcoreGateway:AgentcoreGateway";

export interface GatewayAuthorizationConfig extends RuleConfig {
    /** Also require a policy engine in ENFORCE mode. Default true. */
    readonly requirePolicyEngineEnforce?: boolean;
}

export function gatewayAuthorizationOutcomes(name: string, props: Record<string, unknown>, config: GatewayAuthorizationConfig): Outcome[] {
    const label = resourceLabel(GATEWAY_TYPE, name);
    const outcomes: Outcome[] = [];
    const authorizer = readProp(props, "authorizerType");
    if (authorizer === UNKNOWN) {
        outcomes.push({ status: "undecidable", message: `${label}: authorizerType is not known until the update.` });
    } else if (typeof authorizer === "string" && authorizer.toUpperCase() === "NONE") {
        outcomes.push({
            status: "violation",
            message: `${label} has no inbound authorization (authorizerType NONE, Security Hub BedrockAgentCore.2): use CUSTOM_JWT or AWS_IAM.`,
        });
    }
    if (config.requirePolicyEngineEnforce ?? true) {
        const engine = readProp(props, "policyEngineConfiguration");
        const mode = engine === UNKNOWN ? UNKNOWN : typeof engine === "object" && engine !== null ? (engine as Record<string, unknown>).mode : undefined;
        if (mode === UNKNOWN) {
            outcomes.push({ status: "undecidable", message: `${label}: policyEngineConfiguration is not known until the update.` });
        } else if (mode === undefined) {
            outcomes.push({ status: "violation", message: `${label} has no Cedar policy engine: set policyEngineConfiguration { arn, mode: "ENFORCE" }.` });
        } else if (typeof mode !== "string" || mode.toUpperCase() !== "ENFORCE") {
            outcomes.push({
                status: "violation",
                message: `${label} runs its policy engine in ${String(mode)} mode, which only logs decisions: set policyEngineConfiguration.mode to ENFORCE.`,
            });
        }
    }
    return outcomes;
}

export const agentcoreGatewayAuthorization: ResourceRule = {
    name: NAME,
    description:
        "An AgentCore gateway must authorize inbound requests (authorizerType not NONE, Security Hub BedrockAgentCore.2) and, unless configured off, have a Cedar policy engine in ENFORCE mode.",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set authorizerType to CUSTOM_JWT (with authorizerConfiguration) or AWS_IAM, and policyEngineConfiguration { arn: <policy engine ARN>, mode: \"ENFORCE\" } once the Cedar policies have been tried in LOG_ONLY.",
    configSchema: configSchema({
        requirePolicyEngineEnforce: {
            type: "boolean",
            default: true,
            description: "Also require a Cedar policy engine in ENFORCE mode on every gateway.",
        },
    }),
    validateResource: forTypes([GATEWAY_TYPE], (args, reportViolation) => {
        const config = args.getConfig<GatewayAuthorizationConfig>();
        reportOutcomes(gatewayAuthorizationOutcomes(args.name, args.props, config), args, config, reportViolation);
    }),
};
