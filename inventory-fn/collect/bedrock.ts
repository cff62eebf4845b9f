import { ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import {
    GetAgentActionGroupCommand,
    GetAgentCommand,
    ListAgentActionGroupsCommand,
    ListAgentAliasesCommand,
    ListAgentsCommand,
    type AgentAliasSummary,
    type AgentSummary,
} from "@aws-sdk/client-bedrock-agent";
import { paginate, settleAll, type CollectContext } from "./context";

export interface CollectedModel {
    readonly modelId: string;
    readonly modelArn: string;
    readonly modelName: string | null;
    readonly providerName: string | null;
    readonly inputModalities: string[];
    readonly outputModalities: string[];
    readonly lifecycleStatus: string | null;
    readonly inferenceTypesSupported: string[];
    readonly responseStreamingSupported: boolean | null;
}

export interface CollectedAlias {
    readonly aliasId: string;
    readonly aliasName: string;
    readonly aliasArn: string;
    /** Agent versions the alias routes to. */
    readonly agentVersions: string[];
}

export interface CollectedActionGroup {
    readonly agentVersion: string;
    readonly actionGroupId: string;
    readonly actionGroupName: string;
    readonly actionGroupState: string | null;
    /** Lambda executor ARN, when the group has one. */
    readonly lambdaArn: string | null;
    /** `RETURN_CONTROL` when the group hands control back to the caller. */
    readonly customControl: string | null;
    /** Set for built-in groups (AMAZON.UserInput, AMAZON.CodeInterpreter): no executor of ours. */
    readonly parentActionGroupSignature: string | null;
    /** Where its OpenAPI schema lives when it lives in S3. */
    readonly apiSchemaS3: { readonly bucket: string; readonly key: string | null } | null;
}

/** An agent as GetAgent and ListAgentAliases describe it: all the agent bindings need. */
export interface AgentIdentity {
    readonly agentId: string;
    readonly agentName: string;
    readonly agentArn: string;
    readonly agentStatus: string | null;
    readonly agentResourceRoleArn: string | null;
    /**
     * The guardrail GetAgent names for the agent (its DRAFT configuration); null when none,
     * undefined when not read. Versions the aliases route to may differ (GetAgentVersion, not read).
     */
    readonly guardrail?: { readonly id: string; readonly version: string | null } | null;
    readonly aliases: CollectedAlias[];
}

export interface CollectedAgent extends AgentIdentity {
    readonly actionGroups: CollectedActionGroup[];
}

/** What the agents' reads report before they finish. */
export interface AgentReadHooks {
    /** An action group names this executor: its configuration can be read now. */
    readonly onExecutor?: (lambdaArn: string) => void;
    /**
     * Every agent's GetAgent and ListAgentAliases have answered (those that failed are left
     * out, as in the result): the identities, long before the last action group is read.
     */
    readonly onIdentified?: (agents: AgentIdentity[]) => void;
}

const DRAFT = "DRAFT";

/** Foundation models: one call, the API is not paginated. */
export async function collectModels(ctx: CollectContext): Promise<CollectedModel[]> {
    const response = await ctx.gateway.call("bedrock:ListFoundationModels", () =>
        ctx.clients.bedrock.send(new ListFoundationModelsCommand({})),
    );
    const models: CollectedModel[] = [];
    for (const m of response.modelSummaries ?? []) {
        if (!m.modelId || !m.modelArn) {
            ctx.errors.malformed("bedrock", m.modelArn ?? m.modelId ?? "foundation model", "model summary without modelId or modelArn");
            continue;
        }
        models.push({
            modelId: m.modelId,
            modelArn: m.modelArn,
            modelName: m.modelName ?? null,
            providerName: m.providerName ?? null,
            inputModalities: [...(m.inputModalities ?? [])],
            outputModalities: [...(m.outputModalities ?? [])],
            lifecycleStatus: m.modelLifecycle?.status ?? null,
            inferenceTypesSupported: [...(m.inferenceTypesSupported ?? [])],
            responseStreamingSupported: m.responseStreamingSupported ?? null,
        });
    }
    return models;
}

/**
 * Agents with their aliases and the action groups of DRAFT and of every version an alias routes
 * to (a published version's action groups can differ from DRAFT's, and the alias is what callers
 * invoke). A failure on one agent is recorded and the others are still read.
 */
export async function collectAgents(ctx: CollectContext, hooks: AgentReadHooks = {}): Promise<CollectedAgent[]> {
    const { gateway, clients } = ctx;
    const pages = await paginate(
        (nextToken) =>
            gateway.call("bedrock:ListAgents", () =>
                clients.bedrockAgent.send(new ListAgentsCommand({ maxResults: 100, nextToken })),
            ),
        (page) => page.nextToken,
    );
    const summaries: AgentSummary[] = pages.flatMap((p) => p.agentSummaries ?? []);
    const identified: Promise<AgentIdentity | undefined>[] = [];
    const agents = summaries.map((summary) => {
        let settle: (identity: AgentIdentity | undefined) => void = () => {};
        identified.push(new Promise((resolve) => (settle = resolve)));
        // Settled however the agent's reads end (a deadline included), so the hook always fires.
        return collectAgent(ctx, summary, hooks.onExecutor, settle).finally(() => settle(undefined));
    });
    if (hooks.onIdentified) {
        const onIdentified = hooks.onIdentified;
        void Promise.all(identified).then((identities) => onIdentified(identities.filter((a): a is AgentIdentity => a !== undefined)));
    }
    return (await settleAll(agents)).filter((a): a is CollectedAgent => a !== undefined);
}

async function collectAgent(
    ctx: CollectContext,
    summary: AgentSummary,
    onExecutor: ((lambdaArn: string) => void) | undefined,
    onIdentified: (identity: AgentIdentity) => void,
): Promise<CollectedAgent | undefined> {
    const { gateway, clients, errors } = ctx;
    const agentId = summary.agentId;
    if (!agentId) {
        errors.malformed("bedrock", "agent", "agent summary without agentId");
        return undefined;
    }
    let agent;
    try {
        agent = (await gateway.call("bedrock:GetAgent", () => clients.bedrockAgent.send(new GetAgentCommand({ agentId })))).agent;
    } catch (error) {
        errors.failure("bedrock", "bedrock:GetAgent", error, agentId);
        return undefined;
    }
    if (!agent?.agentArn) {
        errors.malformed("bedrock", agentId, "GetAgent returned no agentArn");
        return undefined;
    }
    const agentArn = agent.agentArn;

    let aliasSummaries: AgentAliasSummary[] = [];
    try {
        const aliasPages = await paginate(
            (nextToken) =>
                gateway.call("bedrock:ListAgentAliases", () =>
                    clients.bedrockAgent.send(new ListAgentAliasesCommand({ agentId, maxResults: 100, nextToken })),
                ),
            (page) => page.nextToken,
        );
        aliasSummaries = aliasPages.flatMap((p) => p.agentAliasSummaries ?? []);
    } catch (error) {
        errors.failure("bedrock", "bedrock:ListAgentAliases", error, agentArn);
    }
    // agent/<id> -> agent-alias/<id>/<aliasId>, keeping the partition, region and account.
    const aliasArnOf = (aliasId: string) => agentArn.replace(/:agent\/[^/]+$/, `:agent-alias/${agentId}/${aliasId}`);
    const aliases: CollectedAlias[] = aliasSummaries
        .filter((a) => a.agentAliasId)
        .map((a) => ({
            aliasId: a.agentAliasId!,
            aliasName: a.agentAliasName ?? a.agentAliasId!,
            aliasArn: aliasArnOf(a.agentAliasId!),
            agentVersions: (a.routingConfiguration ?? []).map((r) => r.agentVersion).filter((v): v is string => !!v),
        }));

    const identity: AgentIdentity = {
        agentId,
        agentName: agent.agentName ?? summary.agentName ?? agentId,
        agentArn,
        agentStatus: agent.agentStatus ?? null,
        agentResourceRoleArn: agent.agentResourceRoleArn ?? null,
        guardrail: agent.guardrailConfiguration?.guardrailIdentifier ? { id: agent.guardrailConfiguration.guardrailIdentifier, version: agent.guardrailConfiguration.guardrailVersion ?? null } : null,
        aliases,
    };
    onIdentified(identity);

    const versions = [...new Set([DRAFT, ...aliases.flatMap((a) => a.agentVersions)])];
    const perVersion = await settleAll(versions.map((version) => collectActionGroups(ctx, agentId, agentArn, version, onExecutor)));
    return { ...identity, actionGroups: perVersion.flat() };
}

async function collectActionGroups(
    ctx: CollectContext,
    agentId: string,
    agentArn: string,
    agentVersion: string,
    onExecutor?: (lambdaArn: string) => void,
): Promise<CollectedActionGroup[]> {
    const { gateway, clients, errors } = ctx;
    let ids: { id: string; name: string }[];
    try {
        const pages = await paginate(
            (nextToken) =>
                gateway.call("bedrock:ListAgentActionGroups", () =>
                    clients.bedrockAgent.send(new ListAgentActionGroupsCommand({ agentId, agentVersion, maxResults: 100, nextToken })),
                ),
            (page) => page.nextToken,
        );
        ids = pages
            .flatMap((p) => p.actionGroupSummaries ?? [])
            .filter((s) => s.actionGroupId)
            .map((s) => ({ id: s.actionGroupId!, name: s.actionGroupName ?? s.actionGroupId! }));
    } catch (error) {
        errors.failure("bedrock", "bedrock:ListAgentActionGroups", error, `${agentArn} version ${agentVersion}`);
        return [];
    }
    const groups = await settleAll(
        ids.map(async ({ id, name }): Promise<CollectedActionGroup | undefined> => {
            try {
                const { agentActionGroup: g } = await gateway.call("bedrock:GetAgentActionGroup", () =>
                    clients.bedrockAgent.send(new GetAgentActionGroupCommand({ agentId, agentVersion, actionGroupId: id })),
                );
                if (!g) {
                    errors.malformed("bedrock", `${agentArn} action group ${id}`, "GetAgentActionGroup returned no action group");
                    return undefined;
                }
                const s3 = g.apiSchema && "s3" in g.apiSchema ? g.apiSchema.s3 : undefined;
                // Told as soon as it is known, so its configuration is read while other agents still are.
                if (g.actionGroupExecutor?.lambda) onExecutor?.(g.actionGroupExecutor.lambda);
                return {
                    agentVersion,
                    actionGroupId: id,
                    actionGroupName: g.actionGroupName ?? name,
                    actionGroupState: g.actionGroupState ?? null,
                    lambdaArn: g.actionGroupExecutor?.lambda ?? null,
                    customControl: g.actionGroupExecutor?.customControl ?? null,
                    parentActionGroupSignature: g.parentActionSignature ?? null,
                    apiSchemaS3: s3?.s3BucketName ? { bucket: s3.s3BucketName, key: s3.s3ObjectKey ?? null } : null,
                };
            } catch (error) {
                errors.failure("bedrock", "bedrock:GetAgentActionGroup", error, `${agentArn} version ${agentVersion} action group ${id}`);
                return undefined;
            }
        }),
    );
    return groups.filter((g): g is CollectedActionGroup => g !== undefined);
}
