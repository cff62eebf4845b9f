// Amazon Bedrock AgentCore's control plane (@aws-sdk/client-bedrock-agentcore-control, REST-JSON
// on bedrock-agentcore-control.<region>.amazonaws.com): runtimes and their endpoints and
// versions, gateways and their targets, the credential providers tools act with, workload
// identities, memories, browsers and code interpreters, and the resource-based policies on
// runtimes, endpoints and gateways. Everything the bindings and tool-credential analysis need,
// and never a secret: the credential providers' list APIs return names, ARNs and vendors only
// (Oauth2CredentialProviderItem, ApiKeyCredentialProviderItem), and a runtime's environment
// variables, which GetAgentRuntime returns, are not kept.
import {
    GetAgentRuntimeCommand,
    GetBrowserCommand,
    GetCodeInterpreterCommand,
    GetGatewayCommand,
    GetGatewayTargetCommand,
    GetMemoryCommand,
    GetResourcePolicyCommand,
    ListAgentRuntimeEndpointsCommand,
    ListAgentRuntimesCommand,
    ListAgentRuntimeVersionsCommand,
    ListApiKeyCredentialProvidersCommand,
    ListBrowsersCommand,
    ListCodeInterpretersCommand,
    ListGatewaysCommand,
    ListGatewayTargetsCommand,
    ListMemoriesCommand,
    ListOauth2CredentialProvidersCommand,
    ListWorkloadIdentitiesCommand,
    type GetGatewayTargetResponse,
    type ListAgentRuntimesResponse,
    type TargetConfiguration,
} from "@aws-sdk/client-bedrock-agentcore-control";
import { DeadlineExceededError } from "../aws/deadline";
import type { ApiName } from "../aws/limits";
import { paginate, settleAll, type CollectContext } from "./context";

export type NetworkMode = "PUBLIC" | "VPC" | "SANDBOX" | string;

export interface VpcPlacement {
    readonly subnets: string[];
    readonly securityGroups: string[];
}

export interface CollectedRuntimeEndpoint {
    readonly name: string;
    readonly id: string | null;
    readonly arn: string;
    readonly status: string | null;
    readonly liveVersion: string | null;
    readonly targetVersion: string | null;
    /** The endpoint's resource-based policy text (analysed, never written), null when it has none. */
    readonly resourcePolicy: string | null;
}

export interface CollectedRuntime {
    readonly id: string;
    readonly name: string;
    readonly arn: string;
    readonly status: string | null;
    /** The latest version (GetAgentRuntime without a version). */
    readonly version: string | null;
    /** Every version ListAgentRuntimeVersions returned. */
    readonly versions: string[];
    /** The execution role the runtime's code (and so its tools) runs as. */
    readonly roleArn: string | null;
    readonly networkMode: NetworkMode | null;
    readonly vpc: VpcPlacement | null;
    /** `AWS_IAM` when no JWT authorizer is configured (SigV4 callers), else `CUSTOM_JWT`. */
    readonly inboundAuthorizerType: "AWS_IAM" | "CUSTOM_JWT";
    /** The JWT authorizer's OIDC discovery URL (configuration, not a secret). */
    readonly discoveryUrl: string | null;
    readonly workloadIdentityArn: string | null;
    readonly protocol: string | null;
    readonly endpoints: CollectedRuntimeEndpoint[];
    readonly resourcePolicy: string | null;
}

/** One credential a gateway target's outbound calls use (CredentialProviderConfiguration). */
export interface CollectedTargetCredential {
    /** GATEWAY_IAM_ROLE, OAUTH, API_KEY (and whatever else the API returns, kept as is). */
    readonly type: string;
    /** The OAuth2 or API-key credential provider's ARN (token-vault/.../...credentialprovider/<name>). */
    readonly providerArn: string | null;
    /** OAuth grant type (CLIENT_CREDENTIALS, AUTHORIZATION_CODE, ...), when OAUTH. */
    readonly grantType: string | null;
    /** For GATEWAY_IAM_ROLE with an IAM credential provider: the service it signs for. */
    readonly signingService: string | null;
}

export interface CollectedGatewayTarget {
    readonly id: string;
    readonly name: string;
    readonly status: string | null;
    /** LAMBDA, OPEN_API_SCHEMA, SMITHY_MODEL, MCP_SERVER, API_GATEWAY, CONNECTOR, HTTP, INFERENCE, or UNKNOWN. */
    readonly targetType: string;
    readonly lambdaArn: string | null;
    readonly credentials: CollectedTargetCredential[];
}

export interface CollectedGateway {
    readonly id: string;
    readonly name: string;
    readonly arn: string;
    readonly status: string | null;
    /** The role the gateway assumes for GATEWAY_IAM_ROLE targets (and to invoke Lambda targets). */
    readonly roleArn: string | null;
    /** CUSTOM_JWT, AWS_IAM, NONE, AUTHENTICATE_ONLY. */
    readonly authorizerType: string | null;
    readonly discoveryUrl: string | null;
    readonly protocolType: string | null;
    readonly kmsKeyArn: string | null;
    readonly policyEngineArn: string | null;
    /** LOG_ONLY or ENFORCE. */
    readonly policyEngineMode: string | null;
    readonly workloadIdentityArn: string | null;
    readonly targets: CollectedGatewayTarget[];
    readonly resourcePolicy: string | null;
}

export interface CollectedCredentialProvider {
    readonly name: string;
    readonly arn: string;
    readonly kind: "OAUTH2" | "API_KEY";
    /** The OAuth2 vendor (GoogleOauth2, SlackOauth2, CustomOauth2, ...); null for API keys. */
    readonly vendor: string | null;
}

export interface CollectedWorkloadIdentity {
    readonly name: string;
    readonly arn: string;
}

/** A memory, browser or code interpreter: what its network placement and encryption are. */
export interface CollectedAgentCoreTool {
    readonly kind: "memory" | "browser" | "codeInterpreter";
    readonly id: string;
    readonly name: string;
    readonly arn: string;
    readonly status: string | null;
    readonly executionRoleArn: string | null;
    /** Browsers and code interpreters: PUBLIC, SANDBOX or VPC; null for memories. */
    readonly networkMode: string | null;
    /** Memories: the customer managed key, null for an AWS owned key (and for the others). */
    readonly encryptionKeyArn: string | null;
    /** Browsers: session recording to S3 enabled. */
    readonly recordingEnabled: boolean | null;
}

export interface AgentCoreSnapshot {
    /**
     * `collected`; or `unavailable` when the region has no AgentCore control-plane endpoint (the
     * run records the skip and stays complete); `failed` when its first read failed otherwise.
     */
    readonly status: "collected" | "unavailable" | "failed";
    /** Why it was skipped or failed (an error code and AWS's message). */
    readonly reason: string | null;
    readonly runtimes: CollectedRuntime[];
    readonly gateways: CollectedGateway[];
    readonly credentialProviders: CollectedCredentialProvider[];
    readonly workloadIdentities: CollectedWorkloadIdentity[];
    readonly tools: CollectedAgentCoreTool[];
}

export const EMPTY_AGENTCORE: AgentCoreSnapshot = {
    status: "failed",
    reason: null,
    runtimes: [],
    gateways: [],
    credentialProviders: [],
    workloadIdentities: [],
    tools: [],
};

export interface AgentCoreReadHooks {
    /** A Lambda gateway target names this function: its configuration (execution role) can be read now. */
    readonly onTargetFunction?: (lambdaArn: string) => void;
}

// The SDK resolves bedrock-agentcore-control.<region>.amazonaws.com for any region; where
// AgentCore is not offered that name does not resolve (getaddrinfo ENOTFOUND), which no retry
// fixes. An endpoint-resolution failure (a partition without the service) says the same.
const ABSENT_CODES = new Set(["ENOTFOUND", "EAI_NONAME"]);
const ABSENT_NAMES = new Set(["UnknownEndpoint", "EndpointError"]);

/** True when an error says the region has no AgentCore control plane (not that a call failed). */
export function isServiceAbsent(error: unknown): boolean {
    if (!error || typeof error !== "object") return false;
    const e = error as { code?: string; errno?: string; name?: string; cause?: unknown };
    if (ABSENT_CODES.has(e.code ?? "") || ABSENT_CODES.has(String(e.errno ?? ""))) return true;
    if (ABSENT_NAMES.has(e.name ?? "")) return true;
    return e.cause !== undefined && e.cause !== error && isServiceAbsent(e.cause);
}

const NOT_FOUND = "ResourceNotFoundException";

/**
 * Reads the region's AgentCore resources. ListAgentRuntimes goes first, alone: it tells whether
 * the region has the service at all. Then every list in parallel, each resource's details as it
 * is listed; a failure on one resource is recorded and the others are still read.
 */
export async function collectAgentCore(ctx: CollectContext, hooks: AgentCoreReadHooks = {}): Promise<AgentCoreSnapshot> {
    const { gateway, clients } = ctx;
    let firstPage: ListAgentRuntimesResponse;
    try {
        firstPage = await gateway.call("bedrock-agentcore:ListAgentRuntimes", () =>
            clients.agentCore.send(new ListAgentRuntimesCommand({ maxResults: 100 })),
        );
    } catch (error) {
        if (isServiceAbsent(error)) {
            const reason = `${(error as { code?: string }).code ?? (error as Error).name}: ${(error as Error).message}`;
            return { ...EMPTY_AGENTCORE, status: "unavailable", reason };
        }
        throw error;
    }

    const [runtimes, gateways, oauth2, apiKeys, workloadIdentities, memories, browsers, codeInterpreters] = await settleAll<unknown>([
        collectRuntimes(ctx, firstPage),
        collectGateways(ctx, hooks),
        listAll(ctx, "bedrock-agentcore:ListOauth2CredentialProviders", (nextToken) =>
            clients.agentCore.send(new ListOauth2CredentialProvidersCommand({ maxResults: 20, nextToken })),
        ).then((pages) =>
            pages.flatMap((p) => p.credentialProviders ?? []).flatMap((p): CollectedCredentialProvider[] =>
                p.credentialProviderArn && p.name ? [{ name: p.name, arn: p.credentialProviderArn, kind: "OAUTH2", vendor: p.credentialProviderVendor ?? null }] : [],
            ),
        ),
        listAll(ctx, "bedrock-agentcore:ListApiKeyCredentialProviders", (nextToken) =>
            clients.agentCore.send(new ListApiKeyCredentialProvidersCommand({ maxResults: 20, nextToken })),
        ).then((pages) =>
            pages.flatMap((p) => p.credentialProviders ?? []).flatMap((p): CollectedCredentialProvider[] =>
                p.credentialProviderArn && p.name ? [{ name: p.name, arn: p.credentialProviderArn, kind: "API_KEY", vendor: null }] : [],
            ),
        ),
        listAll(ctx, "bedrock-agentcore:ListWorkloadIdentities", (nextToken) =>
            clients.agentCore.send(new ListWorkloadIdentitiesCommand({ maxResults: 20, nextToken })),
        ).then((pages) =>
            pages.flatMap((p) => p.workloadIdentities ?? []).flatMap((w): CollectedWorkloadIdentity[] => (w.name && w.workloadIdentityArn ? [{ name: w.name, arn: w.workloadIdentityArn }] : [])),
        ),
        collectMemories(ctx),
        collectBrowsers(ctx),
        collectCodeInterpreters(ctx),
    ]);
    return {
        status: "collected",
        reason: null,
        runtimes: runtimes as CollectedRuntime[],
        gateways: gateways as CollectedGateway[],
        credentialProviders: [...(oauth2 as CollectedCredentialProvider[]), ...(apiKeys as CollectedCredentialProvider[])],
        workloadIdentities: workloadIdentities as CollectedWorkloadIdentity[],
        tools: [...(memories as CollectedAgentCoreTool[]), ...(browsers as CollectedAgentCoreTool[]), ...(codeInterpreters as CollectedAgentCoreTool[])],
    };
}

/** A paginated list; its failure is recorded and yields what was read (nothing), not a throw. */
async function listAll<P extends { nextToken?: string }>(ctx: CollectContext, api: ApiName, page: (nextToken: string | undefined) => Promise<P>, resource?: string): Promise<P[]> {
    try {
        return await paginate((nextToken) => ctx.gateway.call(api, () => page(nextToken)), (p) => p.nextToken);
    } catch (error) {
        ctx.errors.failure("agentcore", api, error, resource);
        return [];
    }
}

/** One Get; its failure is recorded (ResourceNotFound as not_found: deleted while listed). */
async function getOne<T>(ctx: CollectContext, api: ApiName, resource: string, request: () => Promise<T>): Promise<T | undefined> {
    try {
        return await ctx.gateway.call(api, request);
    } catch (error) {
        if (!(error instanceof DeadlineExceededError) && (error as Error)?.name === NOT_FOUND) {
            ctx.errors.add({ source: "agentcore", kind: "not_found", api, resource, message: "deleted while the inventory read it" });
            return undefined;
        }
        ctx.errors.failure("agentcore", api, error, resource);
        return undefined;
    }
}

/**
 * GetResourcePolicy: the policy text, or null when the resource has none. A resource without a
 * policy answers ResourceNotFoundException (or an empty `policy`); neither is a failure.
 */
async function resourcePolicyOf(ctx: CollectContext, resourceArn: string): Promise<string | null> {
    try {
        const { policy } = await ctx.gateway.call("bedrock-agentcore:GetResourcePolicy", () =>
            ctx.clients.agentCore.send(new GetResourcePolicyCommand({ resourceArn })),
        );
        return policy && policy.trim() !== "" ? policy : null;
    } catch (error) {
        if (!(error instanceof DeadlineExceededError) && (error as Error)?.name === NOT_FOUND) return null;
        ctx.errors.failure("agentcore", "bedrock-agentcore:GetResourcePolicy", error, resourceArn);
        return null;
    }
}

async function collectRuntimes(ctx: CollectContext, firstPage: ListAgentRuntimesResponse): Promise<CollectedRuntime[]> {
    const rest = firstPage.nextToken
        ? await listAll(ctx, "bedrock-agentcore:ListAgentRuntimes", (nextToken) =>
              ctx.clients.agentCore.send(new ListAgentRuntimesCommand({ maxResults: 100, nextToken: nextToken ?? firstPage.nextToken })),
          )
        : [];
    const summaries = [firstPage, ...rest].flatMap((p) => p.agentRuntimes ?? []);
    const runtimes = await settleAll(
        summaries.map(async (summary): Promise<CollectedRuntime | undefined> => {
            const agentRuntimeId = summary.agentRuntimeId;
            if (!agentRuntimeId) {
                ctx.errors.malformed("agentcore", summary.agentRuntimeArn ?? "agent runtime", "runtime summary without agentRuntimeId");
                return undefined;
            }
            const runtimeRead = getOne(ctx, "bedrock-agentcore:GetAgentRuntime", summary.agentRuntimeArn ?? agentRuntimeId, () =>
                ctx.clients.agentCore.send(new GetAgentRuntimeCommand({ agentRuntimeId })),
            );
            const versionsRead = listAll(ctx, "bedrock-agentcore:ListAgentRuntimeVersions", (nextToken) =>
                ctx.clients.agentCore.send(new ListAgentRuntimeVersionsCommand({ agentRuntimeId, maxResults: 100, nextToken })),
                summary.agentRuntimeArn,
            );
            const endpointsRead = listAll(ctx, "bedrock-agentcore:ListAgentRuntimeEndpoints", (nextToken) =>
                ctx.clients.agentCore.send(new ListAgentRuntimeEndpointsCommand({ agentRuntimeId, maxResults: 100, nextToken })),
                summary.agentRuntimeArn,
            );
            await settleAll<unknown>([runtimeRead, versionsRead, endpointsRead]);
            const [r, versionPages, endpointPages] = [await runtimeRead, await versionsRead, await endpointsRead];
            const arn = r?.agentRuntimeArn ?? summary.agentRuntimeArn;
            if (!arn) {
                ctx.errors.malformed("agentcore", agentRuntimeId, "agent runtime without an ARN");
                return undefined;
            }
            const endpointSummaries = endpointPages.flatMap((p) => p.runtimeEndpoints ?? []);
            // runtime/<id>/runtime-endpoint/<name> (Service Authorization Reference, resource type
            // `runtime-endpoint`): built from the name when the summary has no ARN.
            const endpointArnOf = (name: string) => `${arn}/runtime-endpoint/${name}`;
            const [runtimePolicy, ...endpointPolicies] = await settleAll([
                resourcePolicyOf(ctx, arn),
                ...endpointSummaries.map((e) => (e.name ? resourcePolicyOf(ctx, e.agentRuntimeEndpointArn ?? endpointArnOf(e.name)) : Promise.resolve(null))),
            ]);
            const endpoints: CollectedRuntimeEndpoint[] = [];
            endpointSummaries.forEach((e, i) => {
                if (!e.name) {
                    ctx.errors.malformed("agentcore", arn, "runtime endpoint without a name");
                    return;
                }
                endpoints.push({
                    name: e.name,
                    id: e.id ?? null,
                    arn: e.agentRuntimeEndpointArn ?? endpointArnOf(e.name),
                    status: e.status ?? null,
                    liveVersion: e.liveVersion ?? null,
                    targetVersion: e.targetVersion ?? null,
                    resourcePolicy: endpointPolicies[i],
                });
            });
            const versions = [
                ...new Set(
                    versionPages.flatMap((p) => p.agentRuntimes ?? []).map((v) => v.agentRuntimeVersion).filter((v): v is string => !!v),
                ),
            ].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
            const vpc = r?.networkConfiguration?.networkModeConfig;
            const jwt = r?.authorizerConfiguration && "customJWTAuthorizer" in r.authorizerConfiguration ? r.authorizerConfiguration.customJWTAuthorizer : undefined;
            return {
                id: agentRuntimeId,
                name: r?.agentRuntimeName ?? summary.agentRuntimeName ?? agentRuntimeId,
                arn,
                status: r?.status ?? summary.status ?? null,
                version: r?.agentRuntimeVersion ?? summary.agentRuntimeVersion ?? null,
                versions,
                roleArn: r?.roleArn ?? null,
                networkMode: r?.networkConfiguration?.networkMode ?? null,
                vpc: vpc ? { subnets: [...(vpc.subnets ?? [])], securityGroups: [...(vpc.securityGroups ?? [])] } : null,
                inboundAuthorizerType: jwt ? "CUSTOM_JWT" : "AWS_IAM",
                discoveryUrl: jwt?.discoveryUrl ?? null,
                workloadIdentityArn: r?.workloadIdentityDetails?.workloadIdentityArn ?? null,
                protocol: r?.protocolConfiguration?.serverProtocol ?? null,
                endpoints: endpoints.sort((a, b) => a.name.localeCompare(b.name)),
                resourcePolicy: runtimePolicy,
            };
        }),
    );
    return runtimes.filter((r): r is CollectedRuntime => r !== undefined);
}

async function collectGateways(ctx: CollectContext, hooks: AgentCoreReadHooks): Promise<CollectedGateway[]> {
    const pages = await listAll(ctx, "bedrock-agentcore:ListGateways", (nextToken) =>
        ctx.clients.agentCore.send(new ListGatewaysCommand({ maxResults: 100, nextToken })),
    );
    const gateways = await settleAll(
        pages
            .flatMap((p) => p.items ?? [])
            .map(async (summary): Promise<CollectedGateway | undefined> => {
                const gatewayIdentifier = summary.gatewayId;
                if (!gatewayIdentifier) {
                    ctx.errors.malformed("agentcore", "gateway", "gateway summary without gatewayId");
                    return undefined;
                }
                const gatewayRead = getOne(ctx, "bedrock-agentcore:GetGateway", gatewayIdentifier, () =>
                    ctx.clients.agentCore.send(new GetGatewayCommand({ gatewayIdentifier })),
                );
                const targetsRead = listAll(ctx, "bedrock-agentcore:ListGatewayTargets", (nextToken) =>
                    ctx.clients.agentCore.send(new ListGatewayTargetsCommand({ gatewayIdentifier, maxResults: 100, nextToken })),
                    gatewayIdentifier,
                );
                await settleAll<unknown>([gatewayRead, targetsRead]);
                const [gw, targetPages] = [await gatewayRead, await targetsRead];
                if (!gw?.gatewayArn) {
                    if (gw) ctx.errors.malformed("agentcore", gatewayIdentifier, "GetGateway returned no gatewayArn");
                    return undefined;
                }
                const gatewayArn = gw.gatewayArn;
                const targetSummaries = targetPages.flatMap((p) => p.items ?? []);
                const policyRead = resourcePolicyOf(ctx, gatewayArn);
                const targetsDetailed = settleAll(
                    targetSummaries.map(async (t): Promise<CollectedGatewayTarget | undefined> => {
                        if (!t.targetId) return undefined;
                        const targetId = t.targetId;
                        const detail = await getOne(ctx, "bedrock-agentcore:GetGatewayTarget", `${gatewayArn} target ${targetId}`, () =>
                            ctx.clients.agentCore.send(new GetGatewayTargetCommand({ gatewayIdentifier, targetId })),
                        );
                        if (!detail) return undefined;
                        const target = targetOf(detail, t.targetType);
                        if (target.lambdaArn) hooks.onTargetFunction?.(target.lambdaArn);
                        return target;
                    }),
                );
                await settleAll<unknown>([policyRead, targetsDetailed]);
                const [policy, targets] = [await policyRead, await targetsDetailed];
                const jwt = gw.authorizerConfiguration && "customJWTAuthorizer" in gw.authorizerConfiguration ? gw.authorizerConfiguration.customJWTAuthorizer : undefined;
                return {
                    id: gatewayIdentifier,
                    name: gw.name ?? summary.name ?? gatewayIdentifier,
                    arn: gatewayArn,
                    status: gw.status ?? null,
                    roleArn: gw.roleArn ?? null,
                    authorizerType: gw.authorizerType ?? summary.authorizerType ?? null,
                    discoveryUrl: jwt?.discoveryUrl ?? null,
                    protocolType: gw.protocolType ?? null,
                    kmsKeyArn: gw.kmsKeyArn ?? null,
                    policyEngineArn: gw.policyEngineConfiguration?.arn ?? null,
                    policyEngineMode: gw.policyEngineConfiguration?.mode ?? null,
                    workloadIdentityArn: gw.workloadIdentityDetails?.workloadIdentityArn ?? null,
                    targets: targets.filter((x): x is CollectedGatewayTarget => x !== undefined).sort((a, b) => a.id.localeCompare(b.id)),
                    resourcePolicy: policy,
                };
            }),
    );
    return gateways.filter((g): g is CollectedGateway => g !== undefined);
}

/** The target's kind and outbound credentials, references only (no scopes, parameters or URLs). */
export function targetOf(t: GetGatewayTargetResponse, summaryType: string | undefined): CollectedGatewayTarget {
    const config: TargetConfiguration | undefined = t.targetConfiguration;
    let targetType = summaryType ?? "UNKNOWN";
    let lambdaArn: string | null = null;
    if (config && "mcp" in config && config.mcp) {
        const mcp = config.mcp;
        if ("lambda" in mcp && mcp.lambda) {
            targetType = "LAMBDA";
            lambdaArn = mcp.lambda.lambdaArn ?? null;
        } else if ("openApiSchema" in mcp && mcp.openApiSchema) targetType = "OPEN_API_SCHEMA";
        else if ("smithyModel" in mcp && mcp.smithyModel) targetType = "SMITHY_MODEL";
        else if ("mcpServer" in mcp && mcp.mcpServer) targetType = "MCP_SERVER";
        else if ("apiGateway" in mcp && mcp.apiGateway) targetType = "API_GATEWAY";
        else if ("connector" in mcp && mcp.connector) targetType = "CONNECTOR";
    } else if (config && "http" in config && config.http) targetType = summaryType ?? "HTTP";
    else if (config && "inference" in config && config.inference) targetType = summaryType ?? "INFERENCE";
    const credentials: CollectedTargetCredential[] = (t.credentialProviderConfigurations ?? []).map((c) => {
        const p = c.credentialProvider;
        const oauth = p && "oauthCredentialProvider" in p ? p.oauthCredentialProvider : undefined;
        const apiKey = p && "apiKeyCredentialProvider" in p ? p.apiKeyCredentialProvider : undefined;
        const iam = p && "iamCredentialProvider" in p ? p.iamCredentialProvider : undefined;
        return {
            type: c.credentialProviderType ?? "UNKNOWN",
            providerArn: oauth?.providerArn ?? apiKey?.providerArn ?? null,
            grantType: oauth?.grantType ?? null,
            signingService: iam?.service ?? null,
        };
    });
    return { id: t.targetId!, name: t.name ?? t.targetId!, status: t.status ?? null, targetType, lambdaArn, credentials };
}

async function collectMemories(ctx: CollectContext): Promise<CollectedAgentCoreTool[]> {
    const pages = await listAll(ctx, "bedrock-agentcore:ListMemories", (nextToken) => ctx.clients.agentCore.send(new ListMemoriesCommand({ maxResults: 100, nextToken })));
    const memories = await settleAll(
        pages
            .flatMap((p) => p.memories ?? [])
            .filter((m) => m.id)
            .map(async (m): Promise<CollectedAgentCoreTool | undefined> => {
                const out = await getOne(ctx, "bedrock-agentcore:GetMemory", m.arn ?? m.id!, () => ctx.clients.agentCore.send(new GetMemoryCommand({ memoryId: m.id! })));
                const memory = out?.memory;
                const arn = memory?.arn ?? m.arn;
                if (!arn) return undefined;
                return {
                    kind: "memory",
                    id: m.id!,
                    name: memory?.name ?? m.id!,
                    arn,
                    status: memory?.status ?? m.status ?? null,
                    executionRoleArn: memory?.memoryExecutionRoleArn ?? null,
                    networkMode: null,
                    encryptionKeyArn: memory?.encryptionKeyArn ?? null,
                    recordingEnabled: null,
                };
            }),
    );
    return memories.filter((m): m is CollectedAgentCoreTool => m !== undefined);
}

async function collectBrowsers(ctx: CollectContext): Promise<CollectedAgentCoreTool[]> {
    // CUSTOM only: the SYSTEM (built-in, account `aws`) browser is AWS's and the same everywhere.
    const pages = await listAll(ctx, "bedrock-agentcore:ListBrowsers", (nextToken) =>
        ctx.clients.agentCore.send(new ListBrowsersCommand({ maxResults: 50, nextToken, type: "CUSTOM" })),
    );
    const browsers = await settleAll(
        pages
            .flatMap((p) => p.browserSummaries ?? [])
            .filter((b) => b.browserId && b.browserArn)
            .map(async (b): Promise<CollectedAgentCoreTool> => {
                const d = await getOne(ctx, "bedrock-agentcore:GetBrowser", b.browserArn!, () => ctx.clients.agentCore.send(new GetBrowserCommand({ browserId: b.browserId! })));
                return {
                    kind: "browser",
                    id: b.browserId!,
                    name: d?.name ?? b.name ?? b.browserId!,
                    arn: b.browserArn!,
                    status: d?.status ?? b.status ?? null,
                    executionRoleArn: d?.executionRoleArn ?? null,
                    networkMode: d?.networkConfiguration?.networkMode ?? null,
                    encryptionKeyArn: null,
                    recordingEnabled: d ? (d.recording?.enabled ?? false) : null,
                };
            }),
    );
    return browsers;
}

async function collectCodeInterpreters(ctx: CollectContext): Promise<CollectedAgentCoreTool[]> {
    const pages = await listAll(ctx, "bedrock-agentcore:ListCodeInterpreters", (nextToken) =>
        ctx.clients.agentCore.send(new ListCodeInterpretersCommand({ maxResults: 50, nextToken, type: "CUSTOM" })),
    );
    return settleAll(
        pages
            .flatMap((p) => p.codeInterpreterSummaries ?? [])
            .filter((c) => c.codeInterpreterId && c.codeInterpreterArn)
            .map(async (c): Promise<CollectedAgentCoreTool> => {
                const d = await getOne(ctx, "bedrock-agentcore:GetCodeInterpreter", c.codeInterpreterArn!, () =>
                    ctx.clients.agentCore.send(new GetCodeInterpreterCommand({ codeInterpreterId: c.codeInterpreterId! })),
                );
                return {
                    kind: "codeInterpreter",
                    id: c.codeInterpreterId!,
                    name: d?.name ?? c.name ?? c.codeInterpreterId!,
                    arn: c.codeInterpreterArn!,
                    status: d?.status ?? c.status ?? null,
                    executionRoleArn: d?.executionRoleArn ?? null,
                    networkMode: d?.networkConfiguration?.networkMode ?? null,
                    encryptionKeyArn: null,
                    recordingEnabled: null,
                };
            }),
    );
}
