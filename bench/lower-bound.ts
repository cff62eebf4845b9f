import type { Account } from "./account/types";
import { ARTIFACT_NAMES } from "../inventory-fn/write/schemas";
import { CLOUDTRAIL_PAGE_SIZE, latencyOf, LOGS_GROUPS_PER_QUERY, LOGS_QUERY_RUNTIME, quotaOf } from "./emulator/quotas";

/**
 * The fastest any collector could produce the inventory of this account against AWS's quotas:
 * the calls no design can avoid, spent at exactly the published rates (after the bucket's
 * burst), plus the latencies that must happen one after another. It ignores the function's own
 * CPU time on purpose: that is part of what the ratio measures.
 *
 * Unavoidable calls: GAAD pages of 1,000 items (IAM's maximum), ListAgents pages of 1,000,
 * GetAgent and ListAgentAliases per agent, ListAgentActionGroups per version an inventory must
 * read (DRAFT and each version an alias routes to), GetAgentActionGroup per action group (the
 * list does not carry executors), GetAgentVersion per version an alias routes to and
 * ListAgentKnowledgeBases per version read (agent-versions.json), GetKnowledgeBase per distinct
 * knowledge base they name, GetFunctionConfiguration per distinct executor, LookupEvents
 * pages of 50 over the window, one Logs Insights query per 50 groups, and the writes (puts in
 * parallel, the manifest after them, copies in parallel, the manifest copy last).
 */
export interface LowerBound {
    readonly totalMs: number;
    /** The chain that sets the bound. */
    readonly bindingChain: string;
    readonly chains: Record<string, number>;
    readonly unavoidableCalls: Record<string, number>;
    /** The executors' log groups: how many a collector is asked to read, and of them never created or denied. */
    readonly toolLogGroups: { readonly queried: number; readonly missing: number; readonly denied: number };
}

const base = (api: string, items = 0) => latencyOf(api).baseMs + (latencyOf(api).perItemMs ?? 0) * items;

/** Time for `calls` requests through the API's token bucket (its burst is free). */
function throughputMs(api: string, calls: number): number {
    const { ratePerSecond, burst } = quotaOf(api);
    return (Math.max(0, calls - burst) / ratePerSecond) * 1000;
}

export function lowerBound(account: Account, options: { windowStartMs: number; windowEndMs: number; logGroups?: number }): LowerBound {
    const gaadItems = account.users.length + account.groups.length + account.roles.length + account.policies.length;
    const gaadPages = Math.ceil(gaadItems / 1000);
    const versions = account.agents.reduce((n, a) => n + Object.keys(a.actionGroups).length, 0);
    const actionGroups = account.agents.reduce((n, a) => n + Object.values(a.actionGroups).reduce((m, g) => m + g.length, 0), 0);
    const routedVersions = versions - account.agents.length;
    const knowledgeBases = new Set(account.agents.flatMap((a) => Object.values(a.knowledgeBases ?? {}).flatMap((kbs) => kbs.map((k) => k.knowledgeBaseId)))).size;
    const executors = new Set<string>();
    for (const a of account.agents) for (const groups of Object.values(a.actionGroups)) for (const g of groups) if (g.executor && "lambda" in g.executor) executors.add(g.executor.lambda);
    const events = account.events.filter((e) => e.eventTime >= options.windowStartMs && e.eventTime <= options.windowEndMs).length;
    const trailPages = Math.max(1, Math.ceil(events / CLOUDTRAIL_PAGE_SIZE));
    // The executors' log groups, by their functions' logging config. A group never created needs no
    // query, and the floor gives a denied one none either (no collector can avoid learning which
    // they are, but the floor does not charge for it: a bound that flatters nobody).
    const functionsByName = new Map(account.functions.map((fn) => [fn.name, fn]));
    const existing = new Set(account.logGroups.map((g) => g.name));
    const executorGroups = new Set([...executors].map((arn) => arn.split(":")[6]).map((name) => functionsByName.get(name)?.customLogGroup ?? `/aws/lambda/${name}`));
    const readable = [...executorGroups].filter((g) => existing.has(g) && !account.deniedLogGroups.includes(g));
    const logGroups = options.logGroups ?? readable.length;
    const queries = Math.ceil(logGroups / LOGS_GROUPS_PER_QUERY);

    const calls: Record<string, number> = {
        "iam:GetAccountAuthorizationDetails": gaadPages,
        "bedrock:ListFoundationModels": 1,
        "bedrock:ListAgents": Math.max(1, Math.ceil(account.agents.length / 1000)),
        "bedrock:GetAgent": account.agents.length,
        "bedrock:ListAgentAliases": account.agents.length,
        "bedrock:ListAgentActionGroups": versions,
        "bedrock:GetAgentActionGroup": actionGroups,
        "bedrock:GetAgentVersion": routedVersions,
        "bedrock:ListAgentKnowledgeBases": versions,
        "bedrock:GetKnowledgeBase": knowledgeBases,
        "lambda:GetFunctionConfiguration": executors.size,
        "logs:StartQuery": queries,
        "logs:GetQueryResults": queries,
        "cloudtrail:LookupEvents": trailPages,
        "s3:GetObject": 1,
        // Every data artifact and the manifest, put under runs/ then copied to latest/.
        "s3:PutObject": ARTIFACT_NAMES.length + 1,
        "s3:CopyObject": ARTIFACT_NAMES.length + 1,
    };

    // AgentCore: one list page of runtimes, per runtime its Get, versions, endpoints and the
    // resource policies of it and each endpoint; per gateway its Get, targets and policy, per
    // target its Get (the list carries no credentials); the identity lists and the tools.
    const ac = account.agentCore;
    const runtimes = ac?.runtimes.length ?? 0;
    const endpoints = ac?.runtimes.reduce((n, r) => n + r.endpoints.length, 0) ?? 0;
    const gateways = ac?.gateways.length ?? 0;
    const targets = ac?.gateways.reduce((n, g) => n + g.targets.length, 0) ?? 0;
    Object.assign(calls, {
        "bedrock-agentcore:ListAgentRuntimes": Math.max(1, Math.ceil(runtimes / 100)),
        "bedrock-agentcore:GetAgentRuntime": runtimes,
        "bedrock-agentcore:ListAgentRuntimeVersions": runtimes,
        "bedrock-agentcore:ListAgentRuntimeEndpoints": runtimes,
        "bedrock-agentcore:GetResourcePolicy": runtimes + endpoints + gateways,
        "bedrock-agentcore:ListGateways": 1,
        "bedrock-agentcore:GetGateway": gateways,
        "bedrock-agentcore:ListGatewayTargets": gateways,
        "bedrock-agentcore:GetGatewayTarget": targets,
    });
    const acFirst = base("bedrock-agentcore:ListAgentRuntimes");
    const agentCorePath =
        acFirst +
        Math.max(
            throughputMs("bedrock-agentcore:GetAgentRuntime", runtimes),
            throughputMs("bedrock-agentcore:ListAgentRuntimeVersions", runtimes),
            throughputMs("bedrock-agentcore:ListAgentRuntimeEndpoints", runtimes) + base("bedrock-agentcore:ListAgentRuntimeEndpoints"),
            throughputMs("bedrock-agentcore:GetResourcePolicy", runtimes + endpoints + gateways) + base("bedrock-agentcore:ListAgentRuntimeEndpoints"),
            throughputMs("bedrock-agentcore:GetGatewayTarget", targets) + base("bedrock-agentcore:ListGateways") + base("bedrock-agentcore:ListGatewayTargets"),
        ) +
        base("bedrock-agentcore:GetResourcePolicy");

    // One request of each kind must precede the next kind on the agent path.
    const agentPrefix = base("bedrock:ListAgents") + base("bedrock:GetAgent") + base("bedrock:ListAgentAliases") + base("bedrock:ListAgentActionGroups");
    const agentPath = Math.max(
        throughputMs("bedrock:GetAgent", calls["bedrock:GetAgent"]) + base("bedrock:ListAgents"),
        throughputMs("bedrock:ListAgentAliases", calls["bedrock:ListAgentAliases"]) + base("bedrock:ListAgents") + base("bedrock:GetAgent"),
        throughputMs("bedrock:ListAgentActionGroups", versions) + base("bedrock:ListAgents") + base("bedrock:GetAgent") + base("bedrock:ListAgentAliases"),
        throughputMs("bedrock:GetAgentActionGroup", actionGroups) + agentPrefix,
        // What the versions use: beside the action groups, after the aliases name the versions.
        throughputMs("bedrock:GetAgentVersion", routedVersions) + base("bedrock:ListAgents") + base("bedrock:GetAgent") + base("bedrock:ListAgentAliases"),
        throughputMs("bedrock:ListAgentKnowledgeBases", versions) + base("bedrock:ListAgents") + base("bedrock:GetAgent") + base("bedrock:ListAgentAliases"),
        throughputMs("bedrock:GetKnowledgeBase", knowledgeBases) + base("bedrock:ListAgents") + base("bedrock:GetAgent") + base("bedrock:ListAgentAliases") + base("bedrock:ListAgentKnowledgeBases"),
    ) + base("bedrock:GetAgentActionGroup");
    // The last action group read may name a function nobody named before: its configuration and
    // its log group's query come after it.
    const toolPath =
        agentPath +
        Math.max(throughputMs("lambda:GetFunctionConfiguration", executors.size), 0) +
        base("lambda:GetFunctionConfiguration") +
        throughputMs("logs:StartQuery", queries) +
        base("logs:StartQuery") +
        LOGS_QUERY_RUNTIME.baseMs +
        LOGS_QUERY_RUNTIME.perGroupMs * Math.min(LOGS_GROUPS_PER_QUERY, logGroups) +
        base("logs:GetQueryResults");
    const chains: Record<string, number> = {
        "iam (GAAD pages, one after another)": gaadPages * base("iam:GetAccountAuthorizationDetails", 1000),
        "bedrock agents -> lambda -> logs": toolPath,
        "cloudtrail (cursor read, then pages at 2/s)": base("s3:GetObject") + throughputMs("cloudtrail:LookupEvents", trailPages) + base("cloudtrail:LookupEvents", CLOUDTRAIL_PAGE_SIZE),
        models: base("bedrock:ListFoundationModels"),
        "agentcore (runtimes, endpoints, policies; gateways, targets)": agentCorePath,
    };
    const [bindingChain, collectMs] = Object.entries(chains).sort(([, a], [, b]) => b - a)[0];
    const writeMs = 2 * base("s3:PutObject") + 2 * base("s3:CopyObject");
    return { totalMs: collectMs + writeMs, bindingChain: `${bindingChain}, then writes`, chains: { ...chains, "writes (puts, manifest, copies, manifest copy)": writeMs }, unavoidableCalls: calls, toolLogGroups: { queried: executorGroups.size, missing: [...executorGroups].filter((g) => !existing.has(g)).length, denied: [...executorGroups].filter((g) => account.deniedLogGroups.includes(g)).length } };
}
