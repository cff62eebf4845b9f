// Security Hub AI Security Best Practices BedrockAgentCore.1, .5 and .7, at preview: an AgentCore
// runtime or custom browser in PUBLIC network mode, or a custom code interpreter in PUBLIC or
// SANDBOX mode (the control fails both: "Public or sandbox network modes expose the code
// interpreter to the internet", https://docs.aws.amazon.com/securityhub/latest/userguide/bedrockagentcore-controls.html).
// Modes: @pulumi/aws 7 `networkConfiguration.networkMode`, PUBLIC | VPC (runtime, browser) and
// PUBLIC | SANDBOX | VPC (code interpreter).
import { resourceLabel } from "../lib/sources";
import { configSchema, forTypes, reportOutcomes, type Outcome, type ResourceRule, type RuleConfig } from "../lib/rule";
import { readProp, UNKNOWN } from "../lib/unknowns";

export const NAME = "agentcore-network-private";
export const RUNTIME_TYPE = "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime";
export const BROWSER_TYPE = "aws:bedrock/agentcoreBrowser:AgentcoreBrowser";
export const CODE_INTERPRETER_TYPE = "aws:bedrock/agentcoreCodeInterpreter:AgentcoreCodeInterpreter";

/** The network modes each type may not use, and the control that fails them. */
const NOT_PRIVATE: Record<string, { readonly modes: readonly string[]; readonly control: string }> = {
    [RUNTIME_TYPE]: { modes: ["PUBLIC"], control: "BedrockAgentCore.1" },
    [BROWSER_TYPE]: { modes: ["PUBLIC"], control: "BedrockAgentCore.5" },
    [CODE_INTERPRETER_TYPE]: { modes: ["PUBLIC", "SANDBOX"], control: "BedrockAgentCore.7" },
};

export function networkOutcomes(type: string, name: string, props: Record<string, unknown>): Outcome[] {
    const label = resourceLabel(type, name);
    const network = readProp(props, "networkConfiguration");
    const mode = network === UNKNOWN ? UNKNOWN : typeof network === "object" && network !== null ? (network as Record<string, unknown>).networkMode : undefined;
    if (mode === UNKNOWN) {
        return [{ status: "undecidable", message: `${label}: networkConfiguration.networkMode is not known until the update.` }];
    }
    const { modes, control } = NOT_PRIVATE[type];
    if (typeof mode === "string" && modes.includes(mode.toUpperCase())) {
        return [
            {
                status: "violation",
                message: `${label} runs in ${mode} network mode (Security Hub ${control}): set networkConfiguration.networkMode to VPC with subnets and security groups.`,
            },
        ];
    }
    return [];
}

export const agentcoreNetworkPrivate: ResourceRule = {
    name: NAME,
    description:
        "An AgentCore runtime or custom browser may not use PUBLIC network mode, nor a custom code interpreter PUBLIC or SANDBOX (Security Hub BedrockAgentCore.1, .5, .7).",
    enforcementLevel: "advisory",
    remediationSteps:
        "Set networkConfiguration: { networkMode: \"VPC\", ... } with the subnets and security groups of a VPC (networkModeConfig on a runtime, vpcConfig on a browser or code interpreter). Browsers and code interpreters are replaced: their network cannot change in place.",
    configSchema: configSchema(),
    validateResource: forTypes(Object.keys(NOT_PRIVATE), (args, reportViolation) => {
        reportOutcomes(networkOutcomes(args.type, args.name, args.props), args, args.getConfig<RuleConfig>(), reportViolation);
    }),
};
