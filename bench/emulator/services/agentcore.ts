import type { Account, BenchAgentCore } from "../../account/types";
import { ApiError, jsonResponse, type EmulatedRequest } from "../wire";
import type { Route } from "./route";

/**
 * Amazon Bedrock AgentCore control plane (restJson, signing name `bedrock-agentcore`). The paths
 * are @aws-sdk/client-bedrock-agentcore-control's own operation schemas: ListAgentRuntimes POST
 * /runtimes/, ListAgentRuntimeVersions POST /runtimes/{id}/versions/, ListAgentRuntimeEndpoints
 * POST /runtimes/{id}/runtime-endpoints/ (maxResults and nextToken in the query string), GetAgentRuntime
 * GET /runtimes/{id}/, ListGateways GET /gateways/, GetGateway GET /gateways/{id}/, ListGatewayTargets
 * GET /gateways/{id}/targets/, GetGatewayTarget GET /gateways/{id}/targets/{targetId}/,
 * GetResourcePolicy GET /resourcepolicy/{resourceArn}, the identity lists POST
 * /identities/List..., ListMemories POST /memories/ (body), GetMemory GET /memories/{id}/details,
 * ListBrowsers POST /browsers, GetBrowser GET /browsers/{id}, and the code-interpreter pair alike.
 */

const EMPTY: BenchAgentCore = { runtimes: [], gateways: [], oauth2Providers: [], apiKeyProviders: [], workloadIdentities: [], memories: [], browsers: [], codeInterpreters: [] };
const AT = "2026-10-01T00:00:00Z";
// The identity and memory shapes carry timestamps in restJson's default format, epoch seconds
// (the runtime and gateway shapes are marked date-time); the SDK rejects the other form.
const AT_EPOCH = Date.parse(AT) / 1000;

function input(request: EmulatedRequest): Record<string, unknown> {
    const query = Object.fromEntries(request.query);
    if (request.body.length === 0) return query;
    try {
        return { ...query, ...JSON.parse(request.body.toString("utf8")) };
    } catch {
        throw new ApiError("ValidationException", "Request body is not valid JSON", 400);
    }
}

function page<T>(items: readonly T[], given: Record<string, unknown>, max: number): { slice: readonly T[]; nextToken?: string } {
    const maxResults = given.maxResults === undefined ? 10 : Number(given.maxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > max) {
        throw new ApiError("ValidationException", `1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`, 400);
    }
    const start = typeof given.nextToken === "string" ? Number(Buffer.from(given.nextToken, "base64").toString().slice(1)) : 0;
    const slice = items.slice(start, start + maxResults);
    return start + maxResults < items.length ? { slice, nextToken: Buffer.from(`p${start + maxResults}`).toString("base64") } : { slice };
}

const notFound = (what: string) => new ApiError("ResourceNotFoundException", `${what} not found`, 404);

export function agentCoreRoute(request: EmulatedRequest, account: Account): Route | undefined {
    const ac = account.agentCore ?? EMPTY;
    const arnBase = `arn:aws:bedrock-agentcore:${account.region}:${account.accountId}`;
    const parts = request.rawPath.split("/").filter((p) => p !== "").map(decodeURIComponent);
    const { method } = request;
    const route = (api: string, handle: () => { body: unknown; items?: number }): Route => ({
        api,
        handle: () => {
            const { body, items } = handle();
            return { response: jsonResponse(body), items };
        },
    });
    const runtimeOf = (id: string) => ac.runtimes.find((r) => r.id === id) ?? (() => { throw notFound(`Runtime ${id}`); })();
    const gatewayOf = (id: string) => ac.gateways.find((g) => g.id === id) ?? (() => { throw notFound(`Gateway ${id}`); })();
    const runtimeSummary = (r: BenchAgentCore["runtimes"][number], version: string) => ({
        agentRuntimeArn: `${arnBase}:runtime/${r.id}`, agentRuntimeId: r.id, agentRuntimeName: r.name, agentRuntimeVersion: version, description: "", lastUpdatedAt: AT, status: "READY",
    });

    if (parts[0] === "runtimes") {
        if (method === "POST" && parts.length === 1) {
            return route("bedrock-agentcore:ListAgentRuntimes", () => {
                const { slice, nextToken } = page(ac.runtimes, input(request), 100);
                return { body: { agentRuntimes: slice.map((r) => runtimeSummary(r, r.versions.at(-1)!)), nextToken }, items: slice.length };
            });
        }
        if (method === "GET" && parts.length === 2) {
            return route("bedrock-agentcore:GetAgentRuntime", () => {
                const r = runtimeOf(parts[1]);
                return {
                    body: {
                        ...runtimeSummary(r, r.versions.at(-1)!),
                        createdAt: AT,
                        roleArn: r.roleArn,
                        networkConfiguration: r.networkMode === "VPC" ? { networkMode: "VPC", networkModeConfig: { subnets: ["subnet-0123456789abcdef0"], securityGroups: ["sg-0123456789abcdef0"] } } : { networkMode: "PUBLIC" },
                        lifecycleConfiguration: { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 },
                        protocolConfiguration: { serverProtocol: "HTTP" },
                        workloadIdentityDetails: { workloadIdentityArn: `${arnBase}:workload-identity-directory/default/workload-identity/${r.name}-identity` },
                        ...(r.jwt ? { authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: "https://idp.example.com/.well-known/openid-configuration" } } } : {}),
                    },
                };
            });
        }
        if (method === "POST" && parts.length === 3 && parts[2] === "versions") {
            return route("bedrock-agentcore:ListAgentRuntimeVersions", () => {
                const r = runtimeOf(parts[1]);
                const { slice, nextToken } = page(r.versions, input(request), 100);
                return { body: { agentRuntimes: slice.map((v) => runtimeSummary(r, v)), nextToken }, items: slice.length };
            });
        }
        if (method === "POST" && parts.length === 3 && parts[2] === "runtime-endpoints") {
            return route("bedrock-agentcore:ListAgentRuntimeEndpoints", () => {
                const r = runtimeOf(parts[1]);
                const { slice, nextToken } = page(r.endpoints, input(request), 100);
                const arn = `${arnBase}:runtime/${r.id}`;
                return {
                    body: {
                        runtimeEndpoints: slice.map((name) => ({ name, liveVersion: r.versions.at(-1), agentRuntimeEndpointArn: `${arn}/runtime-endpoint/${name}`, agentRuntimeArn: arn, status: "READY", id: `${name}-ep`, createdAt: AT, lastUpdatedAt: AT })),
                        nextToken,
                    },
                    items: slice.length,
                };
            });
        }
    }
    if (parts[0] === "gateways" && method === "GET") {
        if (parts.length === 1) {
            return route("bedrock-agentcore:ListGateways", () => {
                const { slice, nextToken } = page(ac.gateways, input(request), 1000);
                return { body: { items: slice.map((g) => ({ gatewayId: g.id, name: g.name, status: "READY", createdAt: AT, updatedAt: AT, authorizerType: "CUSTOM_JWT", protocolType: "MCP" })), nextToken }, items: slice.length };
            });
        }
        if (parts.length === 2) {
            return route("bedrock-agentcore:GetGateway", () => {
                const g = gatewayOf(parts[1]);
                return { body: { gatewayArn: `${arnBase}:gateway/${g.id}`, gatewayId: g.id, name: g.name, status: "READY", createdAt: AT, updatedAt: AT, roleArn: g.roleArn, protocolType: "MCP", authorizerType: "CUSTOM_JWT", authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: "https://idp.example.com/.well-known/openid-configuration" } } } };
            });
        }
        if (parts.length === 3 && parts[2] === "targets") {
            return route("bedrock-agentcore:ListGatewayTargets", () => {
                const g = gatewayOf(parts[1]);
                const { slice, nextToken } = page(g.targets, input(request), 1000);
                return { body: { items: slice.map((t) => ({ targetId: t.id, name: t.name, status: "READY", createdAt: AT, updatedAt: AT })), nextToken }, items: slice.length };
            });
        }
        if (parts.length === 4 && parts[2] === "targets") {
            return route("bedrock-agentcore:GetGatewayTarget", () => {
                const g = gatewayOf(parts[1]);
                const t = g.targets.find((x) => x.id === parts[3]) ?? (() => { throw notFound(`Target ${parts[3]}`); })();
                const mcp =
                    t.kind === "lambda" ? { lambda: { lambdaArn: t.lambdaArn, toolSchema: { inlinePayload: [] } } }
                    : t.kind === "mcpServer" ? { mcpServer: { endpoint: "https://mcp.example.com/" } }
                    : { [t.kind]: { inlinePayload: "{}" } };
                const provider =
                    t.credential.type === "OAUTH" ? { oauthCredentialProvider: { providerArn: t.credential.providerArn, scopes: ["read"] } }
                    : t.credential.type === "API_KEY" ? { apiKeyCredentialProvider: { providerArn: t.credential.providerArn } }
                    : undefined;
                return {
                    body: {
                        gatewayArn: `${arnBase}:gateway/${g.id}`, targetId: t.id, name: t.name, status: "READY", createdAt: AT, updatedAt: AT,
                        targetConfiguration: { mcp },
                        credentialProviderConfigurations: [{ credentialProviderType: t.credential.type, ...(provider ? { credentialProvider: provider } : {}) }],
                    },
                };
            });
        }
    }
    if (parts[0] === "resourcepolicy" && method === "GET" && parts.length >= 2) {
        return route("bedrock-agentcore:GetResourcePolicy", () => {
            const arn = parts.slice(1).join("/");
            const policy = ac.runtimes.map((r) => r.policies[arn]).find((p) => p) ?? ac.gateways.find((g) => `${arnBase}:gateway/${g.id}` === arn)?.policy ?? undefined;
            if (!policy) throw notFound(`Resource policy for ${arn}`);
            return { body: { policy } };
        });
    }
    if (parts[0] === "identities" && method === "POST") {
        const given = () => input(request);
        if (parts[1] === "ListOauth2CredentialProviders") {
            return route("bedrock-agentcore:ListOauth2CredentialProviders", () => {
                const { slice, nextToken } = page(ac.oauth2Providers, given(), 20);
                return { body: { credentialProviders: slice.map((p) => ({ name: p.name, credentialProviderVendor: p.vendor, credentialProviderArn: p.arn, createdTime: AT_EPOCH, lastUpdatedTime: AT_EPOCH })), nextToken }, items: slice.length };
            });
        }
        if (parts[1] === "ListApiKeyCredentialProviders") {
            return route("bedrock-agentcore:ListApiKeyCredentialProviders", () => {
                const { slice, nextToken } = page(ac.apiKeyProviders, given(), 20);
                return { body: { credentialProviders: slice.map((p) => ({ name: p.name, credentialProviderArn: p.arn, createdTime: AT_EPOCH, lastUpdatedTime: AT_EPOCH })), nextToken }, items: slice.length };
            });
        }
        if (parts[1] === "ListWorkloadIdentities") {
            return route("bedrock-agentcore:ListWorkloadIdentities", () => {
                const { slice, nextToken } = page(ac.workloadIdentities, given(), 20);
                return { body: { workloadIdentities: slice.map((w) => ({ name: w.name, workloadIdentityArn: w.arn })), nextToken }, items: slice.length };
            });
        }
    }
    if (parts[0] === "memories") {
        if (method === "POST" && parts.length === 1) {
            return route("bedrock-agentcore:ListMemories", () => {
                const { slice, nextToken } = page(ac.memories, input(request), 100);
                return { body: { memories: slice.map((m) => ({ arn: m.arn, id: m.id, status: "ACTIVE", createdAt: AT_EPOCH, updatedAt: AT_EPOCH })), nextToken }, items: slice.length };
            });
        }
        if (method === "GET" && parts.length === 3 && parts[2] === "details") {
            return route("bedrock-agentcore:GetMemory", () => {
                const m = ac.memories.find((x) => x.id === parts[1]) ?? (() => { throw notFound(`Memory ${parts[1]}`); })();
                return { body: { memory: { arn: m.arn, id: m.id, name: m.id.split("-")[0], ...(m.kmsKeyArn ? { encryptionKeyArn: m.kmsKeyArn } : {}), eventExpiryDuration: 30, status: "ACTIVE", createdAt: AT_EPOCH, updatedAt: AT_EPOCH } } };
            });
        }
    }
    for (const [segment, list, listApi, getApi, key] of [
        ["browsers", ac.browsers, "bedrock-agentcore:ListBrowsers", "bedrock-agentcore:GetBrowser", "browser"],
        ["code-interpreters", ac.codeInterpreters, "bedrock-agentcore:ListCodeInterpreters", "bedrock-agentcore:GetCodeInterpreter", "codeInterpreter"],
    ] as const) {
        if (parts[0] !== segment) continue;
        if (method === "POST" && parts.length === 1) {
            return route(listApi, () => {
                const { slice, nextToken } = page(list, input(request), 50);
                const summaries = slice.map((x) => ({ [`${key}Id`]: x.id, [`${key}Arn`]: x.arn, name: x.id.split("-")[0], status: "READY", createdAt: AT }));
                return { body: { [`${key}Summaries`]: summaries, nextToken }, items: slice.length };
            });
        }
        if (method === "GET" && parts.length === 2) {
            return route(getApi, () => {
                const x = list.find((i) => i.id === parts[1]) ?? (() => { throw notFound(`${key} ${parts[1]}`); })();
                return { body: { [`${key}Id`]: x.id, [`${key}Arn`]: x.arn, name: x.id.split("-")[0], networkConfiguration: { networkMode: x.networkMode }, ...(key === "browser" ? { recording: { enabled: false } } : {}), status: "READY", createdAt: AT, lastUpdatedAt: AT } };
            });
        }
    }
    return undefined;
}
