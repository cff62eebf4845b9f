import {
    GetGroupPolicyCommand,
    GetPolicyCommand,
    GetPolicyVersionCommand,
    GetRolePolicyCommand,
    GetUserPolicyCommand,
    IAMClient,
    ListAttachedGroupPoliciesCommand,
    ListAttachedRolePoliciesCommand,
    ListAttachedUserPoliciesCommand,
    ListGroupPoliciesCommand,
    ListGroupsCommand,
    ListGroupsForUserCommand,
    ListRolePoliciesCommand,
    ListRolesCommand,
    ListUserPoliciesCommand,
    ListUsersCommand,
} from "@aws-sdk/client-iam";
import { BedrockClient, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import {
    BedrockAgentClient,
    GetAgentActionGroupCommand,
    GetAgentCommand,
    GetAgentVersionCommand,
    GetKnowledgeBaseCommand,
    ListAgentActionGroupsCommand,
    ListAgentAliasesCommand,
    ListAgentKnowledgeBasesCommand,
    ListAgentsCommand,
} from "@aws-sdk/client-bedrock-agent";
import {
    BedrockAgentCoreControlClient,
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
} from "@aws-sdk/client-bedrock-agentcore-control";
import { GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { Account } from "../account/types";
import type { VirtualClock } from "../emulator/clock";
import { scaledRetryStrategy } from "../harness";

/**
 * The way seed 000's function and Prowler read an account: principal by principal, one call at a
 * time (ListRoles, then ListRolePolicies/GetRolePolicy/ListAttachedRolePolicies per role, the
 * same for users and groups, GetPolicy/GetPolicyVersion per managed policy), then Bedrock agent
 * by agent, GetFunction per executor, one Logs Insights query at a time, LookupEvents page by
 * page. It reads the same data the inventory needs (aliases and every routed version included,
 * each version's guardrail and knowledge bases, and AgentCore's runtimes, gateways and their
 * targets, providers, memories, browsers and code interpreters, as the function does), through
 * the same emulator and the SDK's standard retries.
 *
 * At realistic latency the whole account takes the better part of an hour, so the bench runs it
 * on a sample (the first N of each kind) and extrapolates each phase linearly: a sequential
 * collector's time is, by construction, the sum of its calls' latencies.
 */
export interface SequentialSample {
    readonly roles: number;
    readonly users: number;
    readonly groups: number;
    readonly policies: number;
    readonly agents: number;
    readonly functions: number;
    readonly trailPages: number;
    readonly logQueries: number;
}

export const DEFAULT_SAMPLE: SequentialSample = { roles: 200, users: 50, groups: 10, policies: 60, agents: 8, functions: 20, trailPages: 8, logQueries: 1 };

export interface PhaseMeasure {
    readonly phase: string;
    /** Units measured (roles, pages, ...) and the account's total of them. */
    readonly sampled: number;
    readonly total: number;
    readonly measuredMs: number;
    readonly calls: number;
    /** measuredMs / sampled * total. */
    readonly extrapolatedMs: number;
    readonly extrapolatedCalls: number;
}

export interface SequentialResult {
    readonly phases: PhaseMeasure[];
    readonly measuredMs: number;
    readonly extrapolatedMs: number;
    readonly extrapolatedCalls: number;
}

export async function runSequentialBaseline(account: Account, endpoint: string, clock: VirtualClock, sample: SequentialSample = DEFAULT_SAMPLE): Promise<SequentialResult> {
    const config = {
        region: account.region,
        endpoint,
        credentials: { accessKeyId: "AKIDBENCHSEQUENTIAL", secretAccessKey: "bench-secret" },
        ...(clock.timeScale !== 1 ? { retryStrategy: scaledRetryStrategy(clock.timeScale, 3) } : {}),
    };
    const iam = new IAMClient(config);
    const bedrock = new BedrockClient(config);
    const agentsApi = new BedrockAgentClient(config);
    const agentCore = new BedrockAgentCoreControlClient(config);
    const lambda = new LambdaClient(config);
    const trail = new CloudTrailClient(config);
    const logs = new CloudWatchLogsClient(config);
    const phases: PhaseMeasure[] = [];
    let calls = 0;
    const call = async <T>(send: () => Promise<T>): Promise<T> => {
        calls++;
        return send();
    };
    const phase = async (name: string, total: number, body: () => Promise<number>) => {
        const began = clock.now();
        const callsBefore = calls;
        const sampled = await body();
        const measuredMs = clock.now() - began;
        const phaseCalls = calls - callsBefore;
        const factor = sampled > 0 ? total / sampled : 0;
        phases.push({ phase: name, sampled, total, measuredMs, calls: phaseCalls, extrapolatedMs: measuredMs * factor, extrapolatedCalls: Math.round(phaseCalls * factor) });
    };

    // List pages of 100 (the CLI's and boto3's default page size).
    const listPages = async (total: number, fetch: (marker: string | undefined) => Promise<{ IsTruncated?: boolean; Marker?: string }>, wantItems: number) => {
        let marker: string | undefined;
        let pages = 0;
        do {
            const page = await call(() => fetch(marker));
            pages++;
            marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker && pages * 100 < wantItems);
        return pages;
    };
    await phase("iam: ListRoles pages", Math.ceil(account.roles.length / 100), () => listPages(account.roles.length, (Marker) => iam.send(new ListRolesCommand({ Marker })), sample.roles));
    await phase("iam: per role (ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies)", account.roles.length, async () => {
        const roles = account.roles.slice(0, sample.roles);
        for (const role of roles) {
            const names = await call(() => iam.send(new ListRolePoliciesCommand({ RoleName: role.name })));
            for (const PolicyName of names.PolicyNames ?? []) await call(() => iam.send(new GetRolePolicyCommand({ RoleName: role.name, PolicyName })));
            await call(() => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role.name })));
        }
        return roles.length;
    });
    await phase("iam: ListUsers pages", Math.ceil(account.users.length / 100), () => listPages(account.users.length, (Marker) => iam.send(new ListUsersCommand({ Marker })), sample.users));
    await phase("iam: per user (policies, attached, groups)", account.users.length, async () => {
        const users = account.users.slice(0, sample.users);
        for (const user of users) {
            const names = await call(() => iam.send(new ListUserPoliciesCommand({ UserName: user.name })));
            for (const PolicyName of names.PolicyNames ?? []) await call(() => iam.send(new GetUserPolicyCommand({ UserName: user.name, PolicyName })));
            await call(() => iam.send(new ListAttachedUserPoliciesCommand({ UserName: user.name })));
            await call(() => iam.send(new ListGroupsForUserCommand({ UserName: user.name })));
        }
        return users.length;
    });
    await phase("iam: ListGroups pages", Math.ceil(account.groups.length / 100), () => listPages(account.groups.length, (Marker) => iam.send(new ListGroupsCommand({ Marker })), sample.groups));
    await phase("iam: per group (policies, attached)", account.groups.length, async () => {
        const groups = account.groups.slice(0, sample.groups);
        for (const group of groups) {
            const names = await call(() => iam.send(new ListGroupPoliciesCommand({ GroupName: group.name })));
            for (const PolicyName of names.PolicyNames ?? []) await call(() => iam.send(new GetGroupPolicyCommand({ GroupName: group.name, PolicyName })));
            await call(() => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group.name })));
        }
        return groups.length;
    });
    // Each distinct attached policy once (a cache the seed's function does not even have).
    const attached = new Set<string>();
    for (const p of [...account.roles, ...account.users, ...account.groups]) p.attachedPolicyArns.forEach((arn) => attached.add(arn));
    for (const p of [...account.roles, ...account.users]) if (p.permissionsBoundaryArn) attached.add(p.permissionsBoundaryArn);
    await phase("iam: per managed policy (GetPolicy, GetPolicyVersion)", attached.size, async () => {
        const arns = [...attached].slice(0, sample.policies);
        for (const PolicyArn of arns) {
            const policy = await call(() => iam.send(new GetPolicyCommand({ PolicyArn })));
            await call(() => iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: policy.Policy!.DefaultVersionId })));
        }
        return arns.length;
    });
    await phase("bedrock: ListFoundationModels, ListAgents", 1, async () => {
        await call(() => bedrock.send(new ListFoundationModelsCommand({})));
        await call(() => agentsApi.send(new ListAgentsCommand({ maxResults: 100 })));
        return 1;
    });
    await phase("bedrock: per agent (GetAgent, aliases; per version action groups, guardrail, knowledge bases)", account.agents.length, async () => {
        const agents = account.agents.slice(0, sample.agents);
        // Each knowledge base once, as the function reads them (within the sample: the
        // extrapolation counts a base shared by agents outside it again, a few calls of 50).
        const knowledgeBases = new Set<string>();
        for (const agent of agents) {
            await call(() => agentsApi.send(new GetAgentCommand({ agentId: agent.agentId })));
            const aliases = await call(() => agentsApi.send(new ListAgentAliasesCommand({ agentId: agent.agentId })));
            const versions = new Set(["DRAFT", ...(aliases.agentAliasSummaries ?? []).flatMap((a) => (a.routingConfiguration ?? []).map((r) => r.agentVersion!))]);
            for (const agentVersion of versions) {
                const groups = await call(() => agentsApi.send(new ListAgentActionGroupsCommand({ agentId: agent.agentId, agentVersion })));
                for (const g of groups.actionGroupSummaries ?? []) {
                    await call(() => agentsApi.send(new GetAgentActionGroupCommand({ agentId: agent.agentId, agentVersion, actionGroupId: g.actionGroupId })));
                }
                // DRAFT's guardrail comes with GetAgent; a published version's needs its own read.
                if (agentVersion !== "DRAFT") await call(() => agentsApi.send(new GetAgentVersionCommand({ agentId: agent.agentId, agentVersion })));
                const bases = await call(() => agentsApi.send(new ListAgentKnowledgeBasesCommand({ agentId: agent.agentId, agentVersion, maxResults: 100 })));
                for (const kb of bases.agentKnowledgeBaseSummaries ?? []) {
                    if (knowledgeBases.has(kb.knowledgeBaseId!)) continue;
                    knowledgeBases.add(kb.knowledgeBaseId!);
                    await call(() => agentsApi.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: kb.knowledgeBaseId })));
                }
            }
        }
        return agents.length;
    });
    await phase("agentcore: runtimes, gateways and targets, resource policies, providers, memories, browsers, interpreters", 1, async () => {
        const policy = (resourceArn: string | undefined) =>
            resourceArn ? call(() => agentCore.send(new GetResourcePolicyCommand({ resourceArn })).catch(() => undefined)) : Promise.resolve(undefined);
        const runtimes = await call(() => agentCore.send(new ListAgentRuntimesCommand({ maxResults: 100 })));
        for (const r of runtimes.agentRuntimes ?? []) {
            const runtime = await call(() => agentCore.send(new GetAgentRuntimeCommand({ agentRuntimeId: r.agentRuntimeId })));
            await call(() => agentCore.send(new ListAgentRuntimeVersionsCommand({ agentRuntimeId: r.agentRuntimeId, maxResults: 100 })));
            const endpoints = await call(() => agentCore.send(new ListAgentRuntimeEndpointsCommand({ agentRuntimeId: r.agentRuntimeId, maxResults: 100 })));
            await policy(runtime.agentRuntimeArn);
            for (const e of endpoints.runtimeEndpoints ?? []) await policy(e.agentRuntimeEndpointArn);
        }
        const gateways = await call(() => agentCore.send(new ListGatewaysCommand({ maxResults: 100 })));
        for (const g of gateways.items ?? []) {
            const gateway = await call(() => agentCore.send(new GetGatewayCommand({ gatewayIdentifier: g.gatewayId })));
            const targets = await call(() => agentCore.send(new ListGatewayTargetsCommand({ gatewayIdentifier: g.gatewayId, maxResults: 100 })));
            for (const t of targets.items ?? []) await call(() => agentCore.send(new GetGatewayTargetCommand({ gatewayIdentifier: g.gatewayId, targetId: t.targetId })));
            await policy(gateway.gatewayArn);
        }
        await call(() => agentCore.send(new ListOauth2CredentialProvidersCommand({ maxResults: 20 })));
        await call(() => agentCore.send(new ListApiKeyCredentialProvidersCommand({ maxResults: 20 })));
        await call(() => agentCore.send(new ListWorkloadIdentitiesCommand({ maxResults: 20 })));
        const memories = await call(() => agentCore.send(new ListMemoriesCommand({ maxResults: 100 })));
        for (const m of memories.memories ?? []) await call(() => agentCore.send(new GetMemoryCommand({ memoryId: m.id })));
        const browsers = await call(() => agentCore.send(new ListBrowsersCommand({ maxResults: 50, type: "CUSTOM" })));
        for (const b of browsers.browserSummaries ?? []) await call(() => agentCore.send(new GetBrowserCommand({ browserId: b.browserId })));
        const interpreters = await call(() => agentCore.send(new ListCodeInterpretersCommand({ maxResults: 50, type: "CUSTOM" })));
        for (const c of interpreters.codeInterpreterSummaries ?? []) await call(() => agentCore.send(new GetCodeInterpreterCommand({ codeInterpreterId: c.codeInterpreterId })));
        return 1;
    });
    const executors = new Set<string>();
    for (const a of account.agents) for (const groups of Object.values(a.actionGroups)) for (const g of groups) if (g.executor && "lambda" in g.executor) executors.add(g.executor.lambda);
    // AgentCore gateways' Lambda targets: the function reads their configuration too.
    for (const g of account.agentCore?.gateways ?? []) for (const t of g.targets) if (t.lambdaArn) executors.add(t.lambdaArn);
    await phase("lambda: GetFunction per executor and gateway Lambda target", executors.size, async () => {
        const refs = [...executors].slice(0, sample.functions);
        for (const FunctionName of refs) await call(() => lambda.send(new GetFunctionCommand({ FunctionName })));
        return refs.length;
    });
    const groups = [...new Set(account.logGroups.map((g) => g.name))];
    await phase("logs: one Insights query at a time (50 groups each)", Math.ceil(groups.length / 50), async () => {
        for (let q = 0; q < sample.logQueries; q++) {
            const started = await call(() =>
                logs.send(new StartQueryCommand({ logGroupNames: groups.slice(q * 50, q * 50 + 50), startTime: Math.floor((clock.now() - 86400_000) / 1000), endTime: Math.floor(clock.now() / 1000), queryString: "fields @timestamp, @requestId" })),
            );
            for (;;) {
                const r = await call(() => logs.send(new GetQueryResultsCommand({ queryId: started.queryId })));
                if (r.status === "Complete" || r.status === "Failed") break;
                await clock.sleep(1000);
            }
        }
        return sample.logQueries;
    });
    const trailTotal = Math.max(1, Math.ceil(account.events.filter((e) => e.eventTime >= clock.now() - 86400_000).length / 50));
    await phase("cloudtrail: LookupEvents pages (2/s)", trailTotal, async () => {
        let NextToken: string | undefined;
        let pages = 0;
        do {
            // A sequential caller still needs to stay under 2/s or be throttled into retries.
            const began = clock.now();
            const page = await call(() => trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "bedrock.amazonaws.com" }], StartTime: new Date(clock.now() - 86400_000), NextToken })));
            pages++;
            NextToken = page.NextToken;
            const spent = clock.now() - began;
            if (spent < 500) await clock.sleep(500 - spent);
        } while (NextToken && pages < sample.trailPages);
        return pages;
    });
    for (const client of [iam, bedrock, agentsApi, agentCore, lambda, trail, logs]) client.destroy();
    return {
        phases,
        measuredMs: phases.reduce((n, p) => n + p.measuredMs, 0),
        extrapolatedMs: phases.reduce((n, p) => n + p.extrapolatedMs, 0),
        extrapolatedCalls: phases.reduce((n, p) => n + p.extrapolatedCalls, 0),
    };
}
