import type { Account, ActionGroup, Agent } from "../../account/types";
import { ApiError, jsonResponse, type EmulatedRequest } from "../wire";
import type { Route } from "./route";

/**
 * Bedrock (ListFoundationModels) and Bedrock Agent (restJson; the paths are the SDK's own, from
 * @aws-sdk/client-bedrock-agent's operation schemas: list operations are POSTs with
 * `maxResults`/`nextToken` in the JSON body, reads are GETs with a trailing slash).
 */

function body(request: EmulatedRequest): Record<string, unknown> {
    if (request.body.length === 0) return {};
    try {
        return JSON.parse(request.body.toString("utf8"));
    } catch {
        throw new ApiError("SerializationException", "Request body is not valid JSON", 400);
    }
}

function tokenPage<T>(items: readonly T[], input: Record<string, unknown>, maxDefault = 10): { slice: readonly T[]; nextToken?: string } {
    const maxResults = input.maxResults === undefined ? maxDefault : Number(input.maxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
        throw new ApiError("ValidationException", `1 validation error detected: Value '${input.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`, 400);
    }
    let start = 0;
    if (typeof input.nextToken === "string") {
        const match = /^p(\d+)$/.exec(Buffer.from(input.nextToken, "base64").toString());
        if (!match) throw new ApiError("ValidationException", "Invalid nextToken", 400);
        start = Number(match[1]);
    }
    const slice = items.slice(start, start + maxResults);
    return start + maxResults < items.length ? { slice, nextToken: Buffer.from(`p${start + maxResults}`).toString("base64") } : { slice };
}

const agentIndex = new WeakMap<Account, Map<string, Agent>>();
function findAgent(account: Account, agentId: string): Agent {
    let idx = agentIndex.get(account);
    if (!idx || idx.size !== account.agents.length) {
        idx = new Map(account.agents.map((a) => [a.agentId, a]));
        agentIndex.set(account, idx);
    }
    const agent = idx.get(agentId);
    if (!agent) throw new ApiError("ResourceNotFoundException", `Agent ${agentId} not found`, 404);
    return agent;
}

function actionGroupsOf(agent: Agent, version: string): ActionGroup[] {
    const groups = agent.actionGroups[version];
    if (!groups) throw new ApiError("ResourceNotFoundException", `Agent version ${version} of agent ${agent.agentId} not found`, 404);
    return groups;
}

export function bedrockRoute(request: EmulatedRequest, account: Account): Route | undefined {
    const path = request.rawPath.split("/").map(decodeURIComponent);
    // ["", "agents", id, "agentversions", v, "actiongroups", gid, ""]
    if (request.method === "GET" && request.rawPath === "/foundation-models") {
        return {
            api: "bedrock:ListFoundationModels",
            handle: () => ({
                items: account.foundationModels.length,
                response: jsonResponse({
                    modelSummaries: account.foundationModels.map((m) => ({
                        modelArn: m.modelArn,
                        modelId: m.modelId,
                        modelName: m.modelName,
                        providerName: m.providerName,
                        inputModalities: m.inputModalities,
                        outputModalities: m.outputModalities,
                        responseStreamingSupported: m.responseStreamingSupported,
                        customizationsSupported: m.customizationsSupported,
                        inferenceTypesSupported: m.inferenceTypesSupported,
                        modelLifecycle: { status: m.lifecycleStatus },
                    })),
                }),
            }),
        };
    }
    // GET /knowledgebases/{id} (no trailing slash, as the SDK sends it)
    if (request.method === "GET" && path[1] === "knowledgebases" && path.length === 3) {
        return {
            api: "bedrock:GetKnowledgeBase",
            handle: () => {
                const kb = account.knowledgeBases?.find((k) => k.knowledgeBaseId === path[2]);
                if (!kb) throw new ApiError("ResourceNotFoundException", `Knowledge base ${path[2]} not found`, 404);
                return {
                    response: jsonResponse({
                        knowledgeBase: {
                            knowledgeBaseId: kb.knowledgeBaseId,
                            name: kb.name,
                            knowledgeBaseArn: kb.knowledgeBaseArn,
                            description: "Team documents",
                            roleArn: kb.roleArn,
                            knowledgeBaseConfiguration: { type: kb.type },
                            ...(kb.storageType ? { storageConfiguration: { type: kb.storageType } } : {}),
                            status: kb.status,
                            createdAt: "2025-06-01T00:00:00Z",
                            updatedAt: "2025-06-01T00:00:00Z",
                        },
                    }),
                };
            },
        };
    }
    if (path[1] !== "agents") return undefined;
    const agentId = path[2];
    if (request.method === "POST" && path.length === 3 && path[2] === "") {
        return {
            api: "bedrock:ListAgents",
            handle: () => {
                const { slice, nextToken } = tokenPage(account.agents, body(request));
                return {
                    items: slice.length,
                    response: jsonResponse({
                        agentSummaries: slice.map((a) => ({ agentId: a.agentId, agentName: a.agentName, agentStatus: a.agentStatus, updatedAt: a.updatedAt, latestAgentVersion: a.latestVersion })),
                        ...(nextToken ? { nextToken } : {}),
                    }),
                };
            },
        };
    }
    if (request.method === "GET" && path.length === 4 && path[3] === "") {
        return {
            api: "bedrock:GetAgent",
            handle: () => {
                const a = findAgent(account, agentId);
                return {
                    response: jsonResponse({
                        agent: {
                            agentId: a.agentId,
                            agentName: a.agentName,
                            agentArn: a.agentArn,
                            agentVersion: "DRAFT",
                            agentStatus: a.agentStatus,
                            agentResourceRoleArn: a.agentResourceRoleArn,
                            foundationModel: a.foundationModel,
                            instruction: a.instruction,
                            idleSessionTTLInSeconds: 600,
                            createdAt: a.createdAt,
                            updatedAt: a.updatedAt,
                            preparedAt: a.updatedAt,
                            ...(a.guardrails?.DRAFT ? { guardrailConfiguration: a.guardrails.DRAFT } : {}),
                        },
                    }),
                };
            },
        };
    }
    if (request.method === "POST" && path[3] === "agentaliases" && path.length === 5) {
        return {
            api: "bedrock:ListAgentAliases",
            handle: () => {
                const a = findAgent(account, agentId);
                const { slice, nextToken } = tokenPage(a.aliases, body(request));
                return {
                    items: slice.length,
                    response: jsonResponse({
                        agentAliasSummaries: slice.map((al) => ({
                            agentAliasId: al.aliasId,
                            agentAliasName: al.aliasName,
                            agentAliasStatus: "PREPARED",
                            routingConfiguration: al.agentVersions.map((agentVersion) => ({ agentVersion })),
                            createdAt: al.createdAt,
                            updatedAt: al.updatedAt,
                        })),
                        ...(nextToken ? { nextToken } : {}),
                    }),
                };
            },
        };
    }
    // GET /agents/{id}/agentversions/{v}/ and POST /agents/{id}/agentversions/{v}/knowledgebases/
    if (path[3] === "agentversions" && request.method === "GET" && path.length === 6 && path[5] === "") {
        const version = path[4];
        return {
            api: "bedrock:GetAgentVersion",
            handle: () => {
                const a = findAgent(account, agentId);
                actionGroupsOf(a, version);
                const guardrail = a.guardrails?.[version];
                return {
                    response: jsonResponse({
                        agentVersion: {
                            agentId: a.agentId,
                            agentName: a.agentName,
                            agentArn: a.agentArn,
                            version,
                            agentStatus: "PREPARED",
                            agentResourceRoleArn: a.agentResourceRoleArn,
                            foundationModel: a.foundationModel,
                            idleSessionTTLInSeconds: 600,
                            createdAt: a.createdAt,
                            updatedAt: a.updatedAt,
                            ...(guardrail ? { guardrailConfiguration: guardrail } : {}),
                        },
                    }),
                };
            },
        };
    }
    if (path[3] === "agentversions" && path[5] === "knowledgebases" && request.method === "POST" && path.length === 7) {
        const version = path[4];
        return {
            api: "bedrock:ListAgentKnowledgeBases",
            handle: () => {
                const a = findAgent(account, agentId);
                actionGroupsOf(a, version);
                const { slice, nextToken } = tokenPage(a.knowledgeBases?.[version] ?? [], body(request));
                return {
                    items: slice.length,
                    response: jsonResponse({
                        agentKnowledgeBaseSummaries: slice.map((k) => ({ knowledgeBaseId: k.knowledgeBaseId, knowledgeBaseState: k.state, description: "Answers questions from the team's documents", updatedAt: a.updatedAt })),
                        ...(nextToken ? { nextToken } : {}),
                    }),
                };
            },
        };
    }
    if (path[3] === "agentversions" && path[5] === "actiongroups") {
        const version = path[4];
        if (request.method === "POST" && path.length === 7) {
            return {
                api: "bedrock:ListAgentActionGroups",
                handle: () => {
                    const groups = actionGroupsOf(findAgent(account, agentId), version);
                    const { slice, nextToken } = tokenPage(groups, body(request));
                    return {
                        items: slice.length,
                        response: jsonResponse({
                            actionGroupSummaries: slice.map((g) => ({ actionGroupId: g.actionGroupId, actionGroupName: g.actionGroupName, actionGroupState: g.state, description: g.description, updatedAt: g.updatedAt })),
                            ...(nextToken ? { nextToken } : {}),
                        }),
                    };
                },
            };
        }
        if (request.method === "GET" && path.length === 8) {
            const groupId = path[6];
            return {
                api: "bedrock:GetAgentActionGroup",
                handle: () => {
                    const g = actionGroupsOf(findAgent(account, agentId), version).find((ag) => ag.actionGroupId === groupId);
                    if (!g) throw new ApiError("ResourceNotFoundException", `Action group ${groupId} not found`, 404);
                    return {
                        response: jsonResponse({
                            agentActionGroup: {
                                agentId,
                                agentVersion: version,
                                actionGroupId: g.actionGroupId,
                                actionGroupName: g.actionGroupName,
                                actionGroupState: g.state,
                                description: g.description,
                                ...(g.executor ? { actionGroupExecutor: g.executor } : {}),
                                ...(g.parentActionGroupSignature ? { parentActionSignature: g.parentActionGroupSignature } : {}),
                                ...(g.apiSchemaS3
                                    ? { apiSchema: { s3: { s3BucketName: g.apiSchemaS3.bucket, s3ObjectKey: g.apiSchemaS3.key } } }
                                    : g.executor
                                      ? { functionSchema: { functions: [{ name: "run", description: "Runs the tool", parameters: {} }] } }
                                      : {}),
                                createdAt: g.updatedAt,
                                updatedAt: g.updatedAt,
                            },
                        }),
                    };
                },
            };
        }
    }
    return { api: `bedrock:Unknown`, handle: () => { throw new ApiError("UnknownOperationException", `${request.method} ${request.rawPath}`, 404); } };
}
