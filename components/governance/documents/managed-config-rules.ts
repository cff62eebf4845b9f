// The AWS Config managed rules for Amazon Bedrock and Bedrock AgentCore (issue 15 item 3), as the
// AWS Config developer guide lists them: one page per rule, named after the rule, giving its
// identifier, the resource type it evaluates, its trigger, its parameters and its Regions. Every
// row below is copied from that page (docs.aws.amazon.com/config/latest/developerguide/<name>.html);
// none of these rules takes a parameter. The Security Hub control each backs is from the Security
// Hub user guide's Bedrock and BedrockAgentCore control pages.

/** The Regions AWS Config lists for the AgentCore rules (14), by Region code. */
const AGENTCORE_REGIONS = [
    "eu-north-1", // Europe (Stockholm)
    "ap-south-1", // Asia Pacific (Mumbai)
    "eu-west-3", // Europe (Paris)
    "us-east-2", // US East (Ohio)
    "eu-west-1", // Europe (Ireland)
    "eu-central-1", // Europe (Frankfurt)
    "us-east-1", // US East (N. Virginia)
    "ap-northeast-2", // Asia Pacific (Seoul)
    "eu-west-2", // Europe (London)
    "ap-northeast-1", // Asia Pacific (Tokyo)
    "us-west-2", // US West (Oregon)
    "ap-southeast-1", // Asia Pacific (Singapore)
    "ap-southeast-2", // Asia Pacific (Sydney)
    "ca-central-1", // Canada (Central)
] as const;

/** The eight Regions the memory encryption rule's page lists. */
const AGENTCORE_MEMORY_REGIONS = ["ap-south-1", "us-east-2", "eu-west-1", "eu-central-1", "us-east-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2"] as const;

/** The Regions bedrock-data-source-encryption-enabled's page excludes ("all supported AWS Regions except"). */
const DATA_SOURCE_EXCLUDED_REGIONS = [
    "ap-southeast-6", // Asia Pacific (New Zealand)
    "me-south-1", // Middle East (Bahrain)
    "cn-north-1", // China (Beijing)
    "ap-southeast-7", // Asia Pacific (Thailand)
    "ap-southeast-3", // Asia Pacific (Jakarta)
    "af-south-1", // Africa (Cape Town)
    "me-central-1", // Middle East (UAE)
    "ap-east-1", // Asia Pacific (Hong Kong)
    "ap-southeast-5", // Asia Pacific (Malaysia)
    "ap-southeast-4", // Asia Pacific (Melbourne)
    "us-gov-east-1", // AWS GovCloud (US-East)
    "us-gov-west-1", // AWS GovCloud (US-West)
    "mx-central-1", // Mexico (Central)
    "us-west-1", // US West (N. California)
    "il-central-1", // Israel (Tel Aviv)
    "ap-east-2", // Asia Pacific (Taipei)
    "ca-west-1", // Canada West (Calgary)
    "cn-northwest-1", // China (Ningxia)
] as const;

export type ManagedRuleRegions = { readonly only: readonly string[] } | { readonly except: readonly string[] };

export interface ManagedConfigRule {
    /** `source.sourceIdentifier` of the rule. */
    readonly identifier: string;
    /** The rule's name in the developer guide (its page), used for the deployed rule's name. */
    readonly page: string;
    /** The Config resource type it evaluates (the recorder must record it). */
    readonly resourceType: string;
    /** When the rule is NON_COMPLIANT, in the page's words. */
    readonly nonCompliantWhen: string;
    /** The Security Hub control (AI security standard) the rule backs. */
    readonly securityHubControl: string;
    readonly regions: ManagedRuleRegions;
}

export const BEDROCK_MANAGED_CONFIG_RULES: readonly ManagedConfigRule[] = [
    {
        identifier: "BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED",
        page: "bedrock-data-source-encryption-enabled",
        resourceType: "AWS::Bedrock::DataSource",
        nonCompliantWhen: "a knowledge-base data source has no ServerSideEncryptionConfiguration.KmsKeyArn",
        securityHubControl: "Bedrock.1",
        regions: { except: DATA_SOURCE_EXCLUDED_REGIONS },
    },
    {
        identifier: "BEDROCKAGENTCORE_RUNTIME_PRIVATE_NETWORK_REQUIRED",
        page: "bedrockagentcore-runtime-private-network-required",
        resourceType: "AWS::BedrockAgentCore::Runtime",
        nonCompliantWhen: "an AgentCore runtime has NetworkMode PUBLIC",
        securityHubControl: "BedrockAgentCore.1",
        regions: { only: AGENTCORE_REGIONS },
    },
    {
        identifier: "BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED",
        page: "bedrockagentcore-gateway-authorizer-enabled",
        resourceType: "AWS::BedrockAgentCore::Gateway",
        nonCompliantWhen: "an AgentCore gateway has AuthorizerType NONE",
        securityHubControl: "BedrockAgentCore.2",
        regions: { only: AGENTCORE_REGIONS },
    },
    {
        identifier: "BEDROCK_AGENTCORE_MEMORY_ENCRYPTION_ENABLED",
        page: "bedrock-agentcore-memory-encryption-enabled",
        resourceType: "AWS::BedrockAgentCore::Memory",
        nonCompliantWhen: "AgentCore memory has no EncryptionKeyArn",
        securityHubControl: "BedrockAgentCore.3",
        regions: { only: AGENTCORE_MEMORY_REGIONS },
    },
    {
        identifier: "BEDROCKAGENTCORE_GATEWAY_ENCRYPTION_ENABLED",
        page: "bedrockagentcore-gateway-encryption-enabled",
        resourceType: "AWS::BedrockAgentCore::Gateway",
        nonCompliantWhen: "an AgentCore gateway has no KmsKeyArn",
        securityHubControl: "BedrockAgentCore.4",
        regions: { only: AGENTCORE_REGIONS },
    },
    {
        identifier: "BEDROCKAGENTCORE_BROWSERCUSTOM_NETWORK_MODE_NOT_PUBLIC",
        page: "bedrockagentcore-browsercustom-network-mode-not-public",
        resourceType: "AWS::BedrockAgentCore::BrowserCustom",
        nonCompliantWhen: "a custom browser has NetworkMode PUBLIC",
        securityHubControl: "BedrockAgentCore.5",
        regions: { only: AGENTCORE_REGIONS },
    },
    {
        identifier: "BEDROCKAGENTCORE_BROWSERCUSTOM_RECORDING_ENABLED",
        page: "bedrockagentcore-browsercustom-recording-enabled",
        resourceType: "AWS::BedrockAgentCore::BrowserCustom",
        nonCompliantWhen: "a custom browser's session recording to S3 is disabled or not configured",
        securityHubControl: "BedrockAgentCore.6",
        regions: { only: AGENTCORE_REGIONS },
    },
    {
        identifier: "BEDROCKAGENTCORE_CODEINTERPRETER_NETWORKMODE_CHECK",
        page: "bedrockagentcore-codeinterpreter-networkmode-check",
        resourceType: "AWS::BedrockAgentCore::CodeInterpreterCustom",
        nonCompliantWhen: "a custom code interpreter has NetworkMode PUBLIC or SANDBOX",
        securityHubControl: "BedrockAgentCore.7",
        regions: { only: AGENTCORE_REGIONS },
    },
];

export const MANAGED_RULE_IDENTIFIERS: readonly string[] = BEDROCK_MANAGED_CONFIG_RULES.map((r) => r.identifier);

export function managedConfigRule(identifier: string): ManagedConfigRule {
    const rule = BEDROCK_MANAGED_CONFIG_RULES.find((r) => r.identifier === identifier);
    if (rule === undefined) throw new Error(`no AWS Config managed rule ${identifier} in the catalog`);
    return rule;
}

/** Whether AWS Config offers the rule in `region`, per its page. */
export function managedRuleAvailableIn(rule: ManagedConfigRule, region: string): boolean {
    return "only" in rule.regions ? rule.regions.only.includes(region) : !rule.regions.except.includes(region);
}

/** The deployed rule's name: the rule's page name and the configured suffix (unique per account and Region). */
export function managedRuleName(rule: ManagedConfigRule, suffix: string): string {
    return `${rule.page}${suffix}`;
}

/** The resource types the recorder must record for `identifiers` to evaluate anything, in catalog order. */
export function managedRuleResourceTypes(identifiers: readonly string[]): string[] {
    return [...new Set(BEDROCK_MANAGED_CONFIG_RULES.filter((r) => identifiers.includes(r.identifier)).map((r) => r.resourceType))];
}
