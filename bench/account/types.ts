/** The simulated account: what the emulated AWS APIs serve. Plain data, no behaviour. */

export interface PolicyVersion {
    readonly versionId: string;
    /** The JSON text IAM stores (GAAD and GetPolicyVersion return it URL-encoded). */
    document: string;
    readonly isDefault: boolean;
    readonly createDate: string;
}

export interface ManagedPolicy {
    readonly arn: string;
    readonly name: string;
    readonly policyId: string;
    readonly path: string;
    readonly awsManaged: boolean;
    readonly defaultVersionId: string;
    readonly versions: PolicyVersion[];
    attachmentCount: number;
    permissionsBoundaryUsageCount: number;
    readonly createDate: string;
    readonly updateDate: string;
}

export interface InlinePolicy {
    readonly name: string;
    /** JSON text; a fault may replace it with text that is not JSON. */
    document: string;
}

interface PrincipalBase {
    readonly name: string;
    readonly arn: string;
    readonly id: string;
    readonly path: string;
    readonly createDate: string;
    readonly inlinePolicies: InlinePolicy[];
    readonly attachedPolicyArns: string[];
}

export interface Role extends PrincipalBase {
    readonly assumeRolePolicyDocument: string;
    readonly permissionsBoundaryArn: string | null;
    readonly description: string;
}

export interface User extends PrincipalBase {
    readonly permissionsBoundaryArn: string | null;
    /** Group names. */
    readonly groups: string[];
}

export type Group = PrincipalBase;

export type ActionGroupExecutor = { readonly lambda: string } | { readonly customControl: "RETURN_CONTROL" } | null;

export interface ActionGroup {
    readonly actionGroupId: string;
    readonly actionGroupName: string;
    readonly description: string;
    readonly state: "ENABLED" | "DISABLED";
    readonly executor: ActionGroupExecutor;
    /** Built-in groups (AMAZON.UserInput, AMAZON.CodeInterpreter) have a signature and no executor. */
    readonly parentActionGroupSignature: string | null;
    readonly apiSchemaS3: { readonly bucket: string; readonly key: string } | null;
    readonly updatedAt: string;
}

export interface AgentAlias {
    readonly aliasId: string;
    readonly aliasName: string;
    readonly aliasArn: string;
    readonly agentVersions: string[];
    readonly createdAt: string;
    readonly updatedAt: string;
}

export interface Agent {
    readonly agentId: string;
    readonly agentName: string;
    readonly agentArn: string;
    readonly agentStatus: string;
    readonly agentResourceRoleArn: string;
    readonly foundationModel: string;
    readonly instruction: string;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly latestVersion: string;
    readonly aliases: AgentAlias[];
    /** Action groups per agent version (DRAFT and each published version). */
    readonly actionGroups: Record<string, ActionGroup[]>;
    /** Each version's guardrail (DRAFT's is GetAgent's); null or absent: none. */
    guardrails?: Record<string, { readonly guardrailIdentifier: string; readonly guardrailVersion: string } | null>;
    /** Each version's knowledge bases (ListAgentKnowledgeBases); absent: none. */
    knowledgeBases?: Record<string, { readonly knowledgeBaseId: string; readonly state: "ENABLED" | "DISABLED" }[]>;
}

/** A knowledge base of the emulated account (GetKnowledgeBase). */
export interface BenchKnowledgeBase {
    readonly knowledgeBaseId: string;
    readonly name: string;
    readonly knowledgeBaseArn: string;
    readonly roleArn: string;
    readonly type: "VECTOR" | "KENDRA";
    readonly storageType: string | null;
    readonly status: string;
}

export interface ToolFunction {
    readonly name: string;
    readonly arn: string;
    readonly roleArn: string;
    readonly runtime: string;
    readonly handler: string;
    readonly memorySize: number;
    readonly timeout: number;
    readonly lastModified: string;
    /** Values included: the inventory must read and classify them and never write them out. */
    readonly environment: Record<string, string>;
    /** Custom loggingConfig group, or null for `/aws/lambda/<name>`. */
    readonly customLogGroup: string | null;
}

export interface LogGroup {
    readonly name: string;
    readonly arn: string;
    readonly creationTime: number;
    readonly storedBytes: number;
    /** The function whose invocations it logs, when it is a tool's group. */
    readonly functionName: string | null;
    /** Log lines a Logs Insights query over this group finds (already parsed fields). */
    readonly records: LogRecord[];
}

export interface LogRecord {
    readonly timestamp: number;
    readonly message: string;
    readonly requestId: string;
    readonly agentId: string | null;
    readonly actionGroup: string | null;
}

export interface TrailEvent {
    readonly eventId: string;
    readonly eventName: string;
    readonly eventTime: number;
    readonly eventSource: string;
    readonly username: string;
    readonly accessKeyId: string;
    readonly readOnly: boolean;
    readonly resources: { readonly resourceType: string; readonly resourceName: string }[];
    /** The full CloudTrail record as JSON text, as LookupEvents returns it. */
    readonly cloudTrailEvent: string;
}

export interface FoundationModel {
    readonly modelId: string;
    readonly modelArn: string;
    readonly modelName: string;
    readonly providerName: string;
    readonly inputModalities: string[];
    readonly outputModalities: string[];
    readonly responseStreamingSupported: boolean;
    readonly customizationsSupported: string[];
    readonly inferenceTypesSupported: string[];
    readonly lifecycleStatus: "ACTIVE" | "LEGACY";
}

export interface Account {
    readonly accountId: string;
    readonly region: string;
    readonly seed: string;
    readonly scale: number;
    readonly roles: Role[];
    readonly users: User[];
    readonly groups: Group[];
    /** Customer managed policies, then the AWS managed ones somebody in the account uses. */
    readonly policies: ManagedPolicy[];
    readonly agents: Agent[];
    readonly functions: ToolFunction[];
    readonly logGroups: LogGroup[];
    /**
     * Log groups that exist but the inventory function's role may not query (a tool with a custom
     * loggingConfig group nobody listed in TOOL_LOG_GROUPS): the emulator answers StartQuery on
     * them with AccessDeniedException.
     */
    readonly deniedLogGroups: string[];
    /** Newest last. */
    readonly events: TrailEvent[];
    readonly foundationModels: FoundationModel[];
    /** Knowledge bases the agents' versions name (absent: none). */
    readonly knowledgeBases?: BenchKnowledgeBase[];
    /** AgentCore (absent: an account without it; the emulator answers empty lists). */
    readonly agentCore?: BenchAgentCore;
}

export interface AccountSize {
    readonly roles: number;
    readonly users: number;
    readonly groups: number;
    readonly customerPolicies: number;
    readonly agents: number;
    readonly actionGroupsPerAgent: number;
    readonly aliasesPerAgent: number;
    readonly toolFunctions: number;
    readonly trailEvents: number;
}

/**
 * Shapes real accounts have and a tidy generator would not (issue 11), drawn from their own random
 * stream so the rest of the account is the same with or without them.
 */
export interface AccountShapes {
    /** Tool functions never invoked, so without a log group (45 of 400 in the account). */
    readonly neverInvokedShare: number;
    /** Custom-logging tool groups the function's role may not query, per reference account. */
    readonly deniedLogGroups: number;
    /** Published agent versions whose action groups differ from DRAFT's (one dropped or one added). */
    readonly driftedVersionShare: number;
    /** Roles with many policies: 10 customer managed policies attached and 6 inline ones. */
    readonly heavyPrincipalShare: number;
}

export const REAL_SHAPES: AccountShapes = { neverInvokedShare: 45 / 400, deniedLogGroups: 3, driftedVersionShare: 0.25, heavyPrincipalShare: 0.01 };
export const NO_SHAPES: AccountShapes = { neverInvokedShare: 0, deniedLogGroups: 0, driftedVersionShare: 0, heavyPrincipalShare: 0 };

/** The reference account of issue 4. `--scale` multiplies every count. */
export const REFERENCE_SIZE: AccountSize = {
    roles: 5000,
    users: 1000,
    groups: 200,
    customerPolicies: 1500,
    agents: 200,
    actionGroupsPerAgent: 4,
    aliasesPerAgent: 2,
    toolFunctions: 400,
    trailEvents: 10000,
};

/** An AgentCore runtime of the emulated account (bench/emulator/services/agentcore.ts serves it). */
export interface BenchRuntime {
    readonly id: string;
    readonly name: string;
    readonly roleArn: string;
    readonly networkMode: "PUBLIC" | "VPC";
    readonly jwt: boolean;
    readonly versions: string[];
    readonly endpoints: string[];
    /** Resource policies by ARN (the runtime's and its endpoints'), JSON text. */
    readonly policies: Record<string, string>;
}

export interface BenchGatewayTarget {
    readonly id: string;
    readonly name: string;
    readonly kind: "lambda" | "openApiSchema" | "smithyModel" | "mcpServer";
    readonly lambdaArn?: string;
    readonly credential: { readonly type: "GATEWAY_IAM_ROLE" | "OAUTH" | "API_KEY"; readonly providerArn?: string };
}

export interface BenchGateway {
    readonly id: string;
    readonly name: string;
    readonly roleArn: string;
    readonly targets: BenchGatewayTarget[];
    readonly policy: string | null;
}

/** Amazon Bedrock AgentCore resources of the emulated account. */
export interface BenchAgentCore {
    readonly runtimes: BenchRuntime[];
    readonly gateways: BenchGateway[];
    readonly oauth2Providers: { readonly name: string; readonly arn: string; readonly vendor: string }[];
    readonly apiKeyProviders: { readonly name: string; readonly arn: string }[];
    readonly workloadIdentities: { readonly name: string; readonly arn: string }[];
    readonly memories: { readonly id: string; readonly arn: string; readonly kmsKeyArn: string | null }[];
    readonly browsers: { readonly id: string; readonly arn: string; readonly networkMode: string }[];
    readonly codeInterpreters: { readonly id: string; readonly arn: string; readonly networkMode: string }[];
}
