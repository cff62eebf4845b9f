// Security Hub BedrockAgentCore.3 and .4 at preview: AgentCore memory (`encryptionKeyArn`) and
// gateways (`kmsKeyArn`) encrypted with a customer-managed KMS key rather than the service's own
// (@pulumi/aws 7: "If not provided, AWS managed encryption is used"). The controls fail only a
// missing key ARN; an ARN unknown at preview is set (to another resource's output), which decides
// the question already, so it is not reported.
import { resourceLabel } from "../lib/sources";
import { configSchema, forTypes, reportOutcomes, type Outcome, type ResourceRule, type RuleConfig } from "../lib/rule";
import { readProp, UNKNOWN } from "../lib/unknowns";

export const NAME = "agentcore-customer-managed-key";
export const MEMORY_TYPE = "aws:bedrock/agentcoreMemory:AgentcoreMemory";
export const GATEWAY_TYPE = "aws:bedrock/agentcoreGateway:AgentcoreGateway";

const KEY_PROPERTY: Record<string, { readonly property: string; readonly control: string }> = {
    [MEMORY_TYPE]: { property: "encryptionKeyArn", control: "BedrockAgentCore.3" },
    [GATEWAY_TYPE]: { property: "kmsKeyArn", control: "BedrockAgentCore.4" },
};

export function customerKeyOutcomes(type: string, name: string, props: Record<string, unknown>): Outcome[] {
    const label = resourceLabel(type, name);
    const { property, control } = KEY_PROPERTY[type];
    const key = readProp(props, property);
    if (key === UNKNOWN) {
        return [];
    }
    if (typeof key !== "string" || key === "") {
        return [{ status: "violation", message: `${label} is encrypted with an AWS owned key (Security Hub ${control}): set ${property} to a customer-managed KMS key.` }];
    }
    return [];
}

export const agentcoreCustomerManagedKey: ResourceRule = {
    name: NAME,
    description: "AgentCore memory and gateways must be encrypted with a customer-managed KMS key (Security Hub BedrockAgentCore.3, .4).",
    enforcementLevel: "advisory",
    remediationSteps: "Create an aws.kms.Key with rotation and pass its ARN as encryptionKeyArn (memory) or kmsKeyArn (gateway); its key policy must let AgentCore use it.",
    configSchema: configSchema(),
    validateResource: forTypes(Object.keys(KEY_PROPERTY), (args, reportViolation) => {
        reportOutcomes(customerKeyOutcomes(args.type, args.name, args.props), args, args.getConfig<RuleConfig>(), reportViolation);
    }),
};
