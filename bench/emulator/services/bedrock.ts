import type { Account, ActionGroup, Agent, ToolFunction } from "../../account/types";
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

const functionIndex = new WeakMap<Account, Map<string, ToolFunction>>();

/** Lambda: GET /2015-03-31/functions/{FunctionName}/configuration (name, ARN or partial ARN). */
export function lambdaRoute(request: EmulatedRequest, account: Account): Route | undefined {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/configuration$/.exec(request.rawPath);
    const fnMatch = /^\/2015-03-31\/functions\/([^/]+)$/.exec(request.rawPath);
    if (request.method !== "GET" || (!match && !fnMatch)) return undefined;
    const full = !match;
    const ref = decodeURIComponent((match ?? fnMatch)![1]);
    return {
        api: full ? "lambda:GetFunction" : "lambda:GetFunctionConfiguration",
        handle: () => {
            let idx = functionIndex.get(account);
            if (!idx || idx.size !== account.functions.length) {
                idx = new Map(account.functions.map((f) => [f.name, f]));
                functionIndex.set(account, idx);
            }
            // name | name:qualifier | arn:aws:lambda:region:account:function:name[:qualifier]
            const parts = ref.split(":");
            const name = parts.length >= 7 ? parts[6] : parts[0];
            const qualifier = request.query.get("Qualifier") ?? (parts.length >= 8 ? parts[7] : parts.length === 2 ? parts[1] : undefined);
            const fn = idx.get(name);
            if (!fn) throw new ApiError("ResourceNotFoundException", `Function not found: arn:aws:lambda:${account.region}:${account.accountId}:function:${name}`, 404);
            const configuration = {
                FunctionName: fn.name,
                FunctionArn: qualifier ? `${fn.arn}:${qualifier}` : fn.arn,
                Runtime: fn.runtime,
                Role: fn.roleArn,
                Handler: fn.handler,
                CodeSize: 48213,
                Description: "",
                Timeout: fn.timeout,
                MemorySize: fn.memorySize,
                LastModified: fn.lastModified,
                CodeSha256: "x4Y3rq8d0Sx9oHvQ0Wq2bOqvI5m1f3yHkzr0d4l2mXk=",
                Version: "$LATEST",
                Environment: { Variables: fn.environment },
                TracingConfig: { Mode: "PassThrough" },
                RevisionId: "3c1b9c6e-0d1c-4b8a-9b7e-3f0d3a2b1c4d",
                State: "Active",
                LastUpdateStatus: "Successful",
                PackageType: "Zip",
                Architectures: ["arm64"],
                EphemeralStorage: { Size: 512 },
                LoggingConfig: { LogFormat: "Text", LogGroup: fn.customLogGroup ?? `/aws/lambda/${fn.name}` },
            };
            return { response: jsonResponse(full ? { Configuration: configuration, Code: { RepositoryType: "S3", Location: "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/presigned" } } : configuration) };
        },
    };
}
