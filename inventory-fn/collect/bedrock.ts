import { ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import {
    GetAgentActionGroupCommand,
    GetAgentCommand,
    GetAgentVersionCommand,
    GetKnowledgeBaseCommand,
    ListAgentActionGroupsCommand,
    ListAgentAliasesCommand,
    ListAgentKnowledgeBasesCommand,
    ListAgentsCommand,
    type AgentAliasSummary,
    type AgentSummary,
} from "@aws-sdk/client-bedrock-agent";
import { paginate, ReadEachOnce, settleAll, type CollectContext } from "./context";

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
     * undefined when not read. Versions the aliases route to may differ: `versions` has each.
     */
    readonly guardrail?: GuardrailRef | null;
    readonly aliases: CollectedAlias[];
}

/** A guardrail as an agent's configuration names it (`guardrailConfiguration`). */
export interface GuardrailRef {
    /** An id or an ARN, as configured. */
    readonly id: string;
    readonly version: string | null;
}

/** A knowledge base associated with an agent version (ListAgentKnowledgeBases). */
export interface AgentKnowledgeBaseRef {
    readonly knowledgeBaseId: string;
    /** `ENABLED` or `DISABLED`: whether the version consults it. */
    readonly state: string | null;
}

/**
 * What one version of an agent uses: DRAFT and each version an alias routes to. `undefined`
 * where the read failed (the failure is in the run's errors): unknown, never "none".
 */
export interface CollectedAgentVersion {
    readonly agentVersion: string;
    /** GetAgentVersion's agentStatus (GetAgent's for DRAFT). */
    readonly versionStatus: string | null;
    /** null: the version names no guardrail. */
    readonly guardrail: GuardrailRef | null | undefined;
    readonly knowledgeBases: AgentKnowledgeBaseRef[] | undefined;
}

export interface CollectedAgent extends AgentIdentity {
    readonly actionGroups: CollectedActionGroup[];
    /** DRAFT and every version an alias routes to, in that order (issue 12). */
    readonly versions: CollectedAgentVersion[];
}

/** A knowledge base as GetKnowledgeBase describes it: ids, names, kinds and the role it reads with. */
export interface CollectedKnowledgeBase {
    readonly knowledgeBaseId: string;
    readonly knowledgeBaseArn: string;
    readonly name: string;
    readonly status: string | null;
    /** `VECTOR`, `KENDRA`, `SQL`, `MANAGED`. */
    readonly type: string | null;
    /** Where a vector knowledge base keeps its embeddings (`OPENSEARCH_SERVERLESS`, `S3_VECTORS`, ...). */
    readonly storageType: string | null;
    /** The service role the knowledge base reads its data sources and store with. */
    readonly roleArn: string | null;
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
    /** A version is associated with this knowledge base: it can be described now. */
    readonly onKnowledgeBase?: (knowledgeBaseId: string) => void;
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
        return collectAgent(ctx, summary, hooks, settle).finally(() => settle(undefined));
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
    hooks: AgentReadHooks,
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
        guardrail: guardrailOf(agent.guardrailConfiguration),
        aliases,
    };
    onIdentified(identity);

    const versions = [...new Set([DRAFT, ...aliases.flatMap((a) => a.agentVersions)])];
    const draft = { versionStatus: identity.agentStatus, guardrail: identity.guardrail ?? null };
    const groups = settleAll(versions.map((version) => collectActionGroups(ctx, agentId, agentArn, version, hooks.onExecutor)));
    const used = settleAll(versions.map((version) => collectVersionUse(ctx, agentId, agentArn, version, version === DRAFT ? draft : undefined, hooks.onKnowledgeBase)));
    // Both settle before a deadline's rejection is passed on (settleAll's rule).
    await settleAll<unknown>([groups, used]);
    return { ...identity, actionGroups: (await groups).flat(), versions: await used };
}

function guardrailOf(configuration: { guardrailIdentifier?: string; guardrailVersion?: string } | undefined): GuardrailRef | null {
    return configuration?.guardrailIdentifier ? { id: configuration.guardrailIdentifier, version: configuration.guardrailVersion ?? null } : null;
}

/**
 * The guardrail and knowledge bases of one version: GetAgentVersion (DRAFT's come with GetAgent)
 * and ListAgentKnowledgeBases. A published version is a snapshot: its guardrail and knowledge
 * bases can differ from DRAFT's, and the alias is what callers invoke. Each read's failure is
 * recorded and leaves its half unknown.
 */
async function collectVersionUse(
    ctx: CollectContext,
    agentId: string,
    agentArn: string,
    agentVersion: string,
    draft: { versionStatus: string | null; guardrail: GuardrailRef | null } | undefined,
    onKnowledgeBase?: (knowledgeBaseId: string) => void,
): Promise<CollectedAgentVersion> {
    const { gateway, clients, errors } = ctx;
    const where = `${agentArn} version ${agentVersion}`;
    const details: Promise<{ versionStatus: string | null; guardrail: GuardrailRef | null | undefined }> = draft
        ? Promise.resolve(draft)
        : gateway
              .call("bedrock:GetAgentVersion", () => clients.bedrockAgent.send(new GetAgentVersionCommand({ agentId, agentVersion })))
              .then(
                  ({ agentVersion: v }) => {
                      if (!v) {
                          errors.malformed("bedrock", where, "GetAgentVersion returned no agentVersion");
                          return { versionStatus: null, guardrail: undefined };
                      }
                      return { versionStatus: v.agentStatus ?? null, guardrail: guardrailOf(v.guardrailConfiguration) };
                  },
                  (error: unknown): { versionStatus: string | null; guardrail: GuardrailRef | null | undefined } => {
                      errors.failure("bedrock", "bedrock:GetAgentVersion", error, where);
                      return { versionStatus: null, guardrail: undefined };
                  },
              );
    const listed = paginate(
        (nextToken) =>
            gateway.call("bedrock:ListAgentKnowledgeBases", () =>
                clients.bedrockAgent.send(new ListAgentKnowledgeBasesCommand({ agentId, agentVersion, maxResults: 100, nextToken })),
            ),
        (page) => page.nextToken,
    ).then(
        (pages) =>
            pages
                .flatMap((p) => p.agentKnowledgeBaseSummaries ?? [])
                .filter((k) => k.knowledgeBaseId)
                .map((k) => {
                    onKnowledgeBase?.(k.knowledgeBaseId!);
                    return { knowledgeBaseId: k.knowledgeBaseId!, state: k.knowledgeBaseState ?? null };
                }),
        (error: unknown): AgentKnowledgeBaseRef[] | undefined => {
            errors.failure("bedrock", "bedrock:ListAgentKnowledgeBases", error, where);
            return undefined;
        },
    );
    // Both settle before either's deadline rejection is passed on (settleAll's rule).
    await settleAll([details.then(() => undefined), listed.then(() => undefined)]);
    const { versionStatus, guardrail } = await details;
    return { agentVersion, versionStatus, guardrail, knowledgeBases: await listed };
}

/**
 * GetKnowledgeBase once per distinct knowledge base the agents' versions name, each as soon as
 * a version names it (the agents' reads take minutes; these need not wait for the last one).
 * Its description, free text, is not kept.
 */
export class KnowledgeBaseCollector extends ReadEachOnce<CollectedKnowledgeBase> {
    constructor(private readonly ctx: CollectContext) {
        super();
    }

    protected async readOne(knowledgeBaseId: string): Promise<CollectedKnowledgeBase | undefined> {
        const { ctx } = this;
        try {
            const { knowledgeBase: kb } = await ctx.gateway.call("bedrock:GetKnowledgeBase", () =>
                ctx.clients.bedrockAgent.send(new GetKnowledgeBaseCommand({ knowledgeBaseId })),
            );
            if (!kb?.knowledgeBaseArn) {
                ctx.errors.malformed("bedrock", `knowledge base ${knowledgeBaseId}`, "GetKnowledgeBase returned no knowledgeBaseArn");
                return undefined;
            }
            return {
                knowledgeBaseId,
                knowledgeBaseArn: kb.knowledgeBaseArn,
                name: kb.name ?? knowledgeBaseId,
                status: kb.status ?? null,
                type: kb.knowledgeBaseConfiguration?.type ?? null,
                storageType: kb.storageConfiguration?.type ?? null,
                roleArn: kb.roleArn ?? null,
            };
        } catch (error) {
            if ((error as Error)?.name === "ResourceNotFoundException") {
                // A version still associated with a deleted knowledge base: a fact about the account.
                ctx.errors.add({ source: "bedrock", kind: "not_found", api: "bedrock:GetKnowledgeBase", resource: knowledgeBaseId, message: "knowledge base does not exist" });
                return undefined;
            }
            ctx.errors.failure("bedrock", "bedrock:GetKnowledgeBase", error, `knowledge base ${knowledgeBaseId}`);
            return undefined;
        }
    }
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
