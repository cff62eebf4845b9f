import { Random } from "./random";
import { generateAgentCore } from "./agentcore";
import { awsManagedPolicies, boundaryDocument, FOUNDATION_MODEL_IDS, randomPolicyDocument, trustDocument, type DocumentContext } from "./documents";
import {
    REAL_SHAPES,
    REFERENCE_SIZE,
    type Account,
    type AccountShapes,
    type AccountSize,
    type ActionGroup,
    type Agent,
    type AgentAlias,
    type BenchKnowledgeBase,
    type FoundationModel,
    type Group,
    type LogGroup,
    type ManagedPolicy,
    type Role,
    type ToolFunction,
    type TrailEvent,
    type User,
} from "./types";

export interface GenerateOptions {
    /** Same seed, same account. */
    readonly seed?: string;
    /** Multiplies every count of the reference account (0.01 for a test-sized account). */
    readonly scale?: number;
    /** Overrides single counts after scaling. */
    readonly size?: Partial<AccountSize>;
    /** CloudTrail events fall in [anchor - activityWindowMs, anchor). Default: now. */
    readonly anchorMs?: number;
    /** Default 12 hours, inside any sensible first-run window. */
    readonly activityWindowMs?: number;
    readonly accountId?: string;
    readonly region?: string;
    /** Real accounts' shapes (default {@link REAL_SHAPES}); `NO_SHAPES` gives issue 4's tidy account. */
    readonly shapes?: Partial<AccountShapes>;
}

const TEAMS = ["payments", "search", "growth", "risk", "support", "platform", "data", "ml", "identity", "billing", "ledger", "catalog"];
const APPS = ["api", "worker", "etl", "ingest", "scorer", "gateway", "sync", "batch", "indexer", "notifier"];
const TRUSTED = ["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "sso", "bedrock.amazonaws.com", "glue.amazonaws.com"] as const;
const BASE_DATE = Date.UTC(2024, 0, 15);

function iso(ms: number): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function scaled(n: number, scale: number): number {
    return Math.max(1, Math.round(n * scale));
}

/**
 * Generates an account deterministically: the same options give the same account (event times
 * are offsets from `anchorMs`, so only they move with it).
 */
export function generateAccount(options: GenerateOptions = {}): Account {
    const seed = options.seed ?? "bedrock-governance-bench";
    const scale = options.scale ?? 1;
    const size: AccountSize = {
        roles: scaled(REFERENCE_SIZE.roles, scale),
        users: scaled(REFERENCE_SIZE.users, scale),
        groups: scaled(REFERENCE_SIZE.groups, scale),
        customerPolicies: scaled(REFERENCE_SIZE.customerPolicies, scale),
        agents: scaled(REFERENCE_SIZE.agents, scale),
        actionGroupsPerAgent: REFERENCE_SIZE.actionGroupsPerAgent,
        aliasesPerAgent: REFERENCE_SIZE.aliasesPerAgent,
        toolFunctions: scaled(REFERENCE_SIZE.toolFunctions, scale),
        trailEvents: scaled(REFERENCE_SIZE.trailEvents, scale),
        ...options.size,
    };
    const accountId = options.accountId ?? "123456789012";
    const region = options.region ?? "us-east-1";
    const rng = new Random(seed);
    const anchorMs = options.anchorMs ?? Date.now();
    const windowMs = options.activityWindowMs ?? 12 * 3600_000;

    const foundationModels: FoundationModel[] = FOUNDATION_MODEL_IDS.map(([modelId, providerName, input, output], i) => ({
        modelId,
        modelArn: `arn:aws:bedrock:${region}::foundation-model/${modelId}`,
        modelName: modelId.split(".")[1].split(/[-:]v\d/)[0],
        providerName,
        inputModalities: input,
        outputModalities: output,
        responseStreamingSupported: output.includes("TEXT"),
        customizationsSupported: i % 5 === 0 ? ["FINE_TUNING"] : [],
        inferenceTypesSupported: ["ON_DEMAND"],
        lifecycleStatus: /claude-v2|claude-instant|claude-3-sonnet-2024/.test(modelId) ? "LEGACY" : "ACTIVE",
    }));

    // Agents' ids first: policies name their aliases.
    const agentIds = Array.from({ length: size.agents }, () => rng.chars(10));
    const aliasIds = agentIds.map(() => Array.from({ length: size.aliasesPerAgent }, () => rng.chars(10)));
    const buckets = Array.from({ length: 30 }, (_, i) => `${rng.pick(TEAMS)}-${rng.pick(APPS)}-data-${accountId}-${i}`);
    const ctx: DocumentContext = {
        region,
        accountId,
        agents: agentIds.map((agentId, i) => ({ agentId, aliasIds: aliasIds[i] })),
        modelIds: foundationModels.map((m) => m.modelId),
        buckets,
        vpceIds: Array.from({ length: 4 }, () => `vpce-0${rng.hex(16)}`),
    };

    const policyId = (prefix: string) => `${prefix}${rng.chars(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;

    // Customer managed policies: some with several versions, the default not always the latest.
    const policies: ManagedPolicy[] = [];
    for (let i = 0; i < size.customerPolicies; i++) {
        const team = rng.pick(TEAMS);
        const name = `${team}-${rng.pick(APPS)}-${i}`;
        const versionCount = rng.weighted([[1, 6], [2, 2], [3, 1], [5, 1]] as const);
        const defaultIndex = rng.chance(0.8) ? versionCount - 1 : rng.int(0, versionCount - 1);
        const created = BASE_DATE + rng.int(0, 400) * 86400_000;
        const isBoundary = i % 25 === 0;
        policies.push({
            arn: `arn:aws:iam::${accountId}:policy/${isBoundary ? "boundaries/" : ""}${name}`,
            name,
            policyId: policyId("ANPA"),
            path: isBoundary ? "/boundaries/" : "/",
            awsManaged: false,
            defaultVersionId: `v${defaultIndex + 1}`,
            versions: Array.from({ length: versionCount }, (_, v) => ({
                versionId: `v${v + 1}`,
                document: isBoundary ? boundaryDocument(rng, ctx) : randomPolicyDocument(rng, ctx, 0.1),
                isDefault: v === defaultIndex,
                createDate: iso(created + v * 86400_000),
            })),
            attachmentCount: 0,
            permissionsBoundaryUsageCount: 0,
            createDate: iso(created),
            updateDate: iso(created + (versionCount - 1) * 86400_000),
        });
    }
    const boundaryArns = policies.filter((p) => p.path === "/boundaries/").map((p) => p.arn);
    const attachable = policies.filter((p) => p.path !== "/boundaries/");
    const awsPolicies: ManagedPolicy[] = awsManagedPolicies().map(({ name, path, document }) => ({
        arn: `arn:aws:iam::aws:policy${path}${name}`,
        name,
        policyId: policyId("ANPA"),
        path,
        awsManaged: true,
        defaultVersionId: "v3",
        versions: [{ versionId: "v3", document, isDefault: true, createDate: iso(BASE_DATE - 900 * 86400_000) }],
        attachmentCount: 0,
        permissionsBoundaryUsageCount: 0,
        createDate: iso(BASE_DATE - 2000 * 86400_000),
        updateDate: iso(BASE_DATE - 900 * 86400_000),
    }));
    const awsByName = new Map(awsPolicies.map((p) => [p.name, p]));
    const byArn = new Map([...policies, ...awsPolicies].map((p) => [p.arn, p]));

    const attach = (): string[] => {
        const arns = rng.sample(attachable, rng.weighted([[0, 1], [1, 4], [2, 3], [3, 2], [4, 1]] as const)).map((p) => p.arn);
        if (rng.chance(0.25)) {
            arns.push(
                rng.weighted<string>([
                    ["AWSLambdaBasicExecutionRole", 8],
                    ["AmazonS3ReadOnlyAccess", 4],
                    ["ReadOnlyAccess", 2],
                    ["AmazonBedrockFullAccess", 1],
                    ["AmazonBedrockReadOnly", 2],
                    ["PowerUserAccess", 0.5],
                    ["AdministratorAccess", 0.3],
                    ["AWSLambdaVPCAccessExecutionRole", 2],
                    ["CloudWatchLogsReadOnlyAccess", 1],
                    ["AmazonDynamoDBReadOnlyAccess", 1],
                ]),
            );
            arns[arns.length - 1] = awsByName.get(arns[arns.length - 1])!.arn;
        }
        const unique = [...new Set(arns)];
        unique.forEach((arn) => byArn.get(arn)!.attachmentCount++);
        return unique;
    };
    const inline = (owner: string, max: number, weights: readonly (readonly [number, number])[]) =>
        Array.from({ length: Math.min(max, rng.weighted(weights)) }, (_, k) => ({
            name: `${owner}-inline-${k}`,
            document: randomPolicyDocument(rng, ctx, 0.06),
        }));
    const boundary = (probability: number): string | null => {
        if (!rng.chance(probability) || boundaryArns.length === 0) return null;
        const arn = rng.pick(boundaryArns);
        byArn.get(arn)!.permissionsBoundaryUsageCount++;
        return arn;
    };

    const roles: Role[] = [];
    for (let i = 0; i < size.roles; i++) {
        const service = rng.weighted(TRUSTED.map((t, k) => [t, [6, 2, 3, 2, 1, 1][k]] as const));
        const path = service === "sso" ? "/aws-reserved/sso.amazonaws.com/" : rng.chance(0.3) ? "/service-role/" : "/";
        const name = service === "sso" ? `AWSReservedSSO_${rng.pick(TEAMS)}_${rng.hex(16)}_${i}` : `${rng.pick(TEAMS)}-${rng.pick(APPS)}-role-${i}`;
        roles.push({
            name,
            arn: `arn:aws:iam::${accountId}:role${path}${name}`,
            id: policyId("AROA"),
            path,
            createDate: iso(BASE_DATE + rng.int(0, 600) * 86400_000),
            assumeRolePolicyDocument: trustDocument(rng, ctx, service),
            inlinePolicies: inline(name, 3, [[0, 3], [1, 4], [2, 2], [3, 1]]),
            attachedPolicyArns: attach(),
            permissionsBoundaryArn: boundary(0.15),
            description: `${service} role ${i}`,
        });
    }

    const groups: Group[] = [];
    for (let i = 0; i < size.groups; i++) {
        const name = `${rng.pick(TEAMS)}-${rng.pick(["developers", "analysts", "admins", "oncall", "readers"])}-${i}`;
        groups.push({
            name,
            arn: `arn:aws:iam::${accountId}:group/${name}`,
            id: policyId("AGPA"),
            path: "/",
            createDate: iso(BASE_DATE + rng.int(0, 600) * 86400_000),
            inlinePolicies: inline(name, 2, [[0, 4], [1, 4], [2, 2]]),
            attachedPolicyArns: attach(),
        });
    }

    const users: User[] = [];
    for (let i = 0; i < size.users; i++) {
        const name = `${rng.pick(["alice", "bob", "carol", "dan", "erin", "frank", "grace", "heidi", "ivan", "judy", "svc"])}.${rng.chars(5, "abcdefghijklmnopqrstuvwxyz")}${i}`;
        users.push({
            name,
            arn: `arn:aws:iam::${accountId}:user/${name}`,
            id: policyId("AIDA"),
            path: "/",
            createDate: iso(BASE_DATE + rng.int(0, 600) * 86400_000),
            inlinePolicies: inline(name, 1, [[0, 7], [1, 3]]),
            attachedPolicyArns: rng.chance(0.5) ? attach() : [],
            permissionsBoundaryArn: boundary(0.1),
            groups: rng.sample(groups, rng.int(1, 3)).map((g) => g.name),
        });
    }

    // Tool functions and their roles: the executors behind action groups.
    const toolRoles = roles.filter((r) => r.assumeRolePolicyDocument.includes("lambda.amazonaws.com"));
    const functions: ToolFunction[] = [];
    for (let i = 0; i < size.toolFunctions; i++) {
        const name = `tool-${rng.pick(TEAMS)}-${rng.pick(["confluence", "jira", "search", "crm", "tickets", "docs", "sql", "weather"])}-${i}`;
        const environment: Record<string, string> = { LOG_LEVEL: rng.pick(["INFO", "DEBUG", "WARN"]), POWERTOOLS_SERVICE_NAME: name };
        if (name.includes("confluence") || rng.chance(0.15)) {
            environment.CONFLUENCE_SECRET_ARN = `arn:aws:secretsmanager:${region}:${accountId}:secret:confluence/api-token-${rng.chars(6, "abcdefghijklmnopqrstuvwxyzABCDEF")}`;
        }
        if (rng.chance(0.3)) environment.JIRA_TOKEN_SECRET = `jira/${rng.pick(TEAMS)}-token`;
        if (rng.chance(0.4)) environment.DATA_BUCKET = rng.pick(buckets);
        // A plaintext credential, as people do leave them: the inventory must never write it out.
        if (rng.chance(0.1)) environment.API_KEY = `sk-live-${rng.hex(32)}`;
        functions.push({
            name,
            arn: `arn:aws:lambda:${region}:${accountId}:function:${name}`,
            roleArn: (toolRoles.length ? rng.pick(toolRoles) : rng.pick(roles)).arn,
            runtime: rng.pick(["python3.12", "nodejs22.x", "python3.11", "nodejs20.x"]),
            handler: "index.handler",
            memorySize: rng.pick([128, 256, 512, 1024]),
            timeout: rng.pick([30, 60, 120]),
            lastModified: `${iso(BASE_DATE + rng.int(0, 600) * 86400_000).replace("Z", ".000+0000")}`,
            environment,
            customLogGroup: rng.chance(0.05) ? `/custom/tools/${name}` : null,
        });
    }

    const agentRoles = roles.filter((r) => r.assumeRolePolicyDocument.includes("bedrock.amazonaws.com"));
    const agents: Agent[] = agentIds.map((agentId, i) => {
        const latest = rng.int(1, 6);
        const agentArn = `arn:aws:bedrock:${region}:${accountId}:agent/${agentId}`;
        const created = BASE_DATE + rng.int(200, 600) * 86400_000;
        const aliases: AgentAlias[] = aliasIds[i].map((aliasId, k) => ({
            aliasId,
            aliasName: ["live", "staging", "canary", "dev"][k] ?? `alias-${k}`,
            aliasArn: `arn:aws:bedrock:${region}:${accountId}:agent-alias/${agentId}/${aliasId}`,
            // The live alias follows the latest version; staging is on the previous one half the time.
            agentVersions: [String(k > 0 && latest > 1 && rng.chance(0.5) ? latest - 1 : latest)],
            createdAt: iso(created + k * 3600_000),
            updatedAt: iso(created + latest * 86400_000),
        }));
        const draftGroups: ActionGroup[] = Array.from({ length: size.actionGroupsPerAgent }, (_, g) => {
            const kind = rng.weighted([["lambda", 6], ["return", 2], ["none", 2]] as const);
            const fn = rng.pick(functions);
            return {
                actionGroupId: rng.chars(10),
                actionGroupName: kind === "none" && g === 0 ? "UserInputAction" : `${rng.pick(["lookup", "create", "search", "update", "summarise"])}-${rng.pick(["ticket", "page", "order", "customer", "doc"])}-${g}`,
                description: "",
                state: rng.chance(0.9) ? "ENABLED" : "DISABLED",
                executor: kind === "lambda" ? { lambda: rng.chance(0.1) ? `${fn.arn}:live` : fn.arn } : kind === "return" ? { customControl: "RETURN_CONTROL" } : null,
                parentActionGroupSignature: kind === "none" ? rng.pick(["AMAZON.UserInput", "AMAZON.CodeInterpreter"]) : null,
                apiSchemaS3: kind === "lambda" && rng.chance(0.5) ? { bucket: rng.pick(buckets), key: `schemas/${agentId}/${g}.yaml` } : null,
                updatedAt: iso(created + rng.int(0, 30) * 86400_000),
            };
        });
        const actionGroups: Record<string, ActionGroup[]> = { DRAFT: draftGroups };
        for (const v of new Set(aliases.flatMap((a) => a.agentVersions))) {
            // A published version is a snapshot: usually DRAFT's groups, sometimes an older executor.
            actionGroups[v] = draftGroups.map((g) =>
                g.executor && "lambda" in g.executor && rng.chance(0.15) ? { ...g, executor: { lambda: rng.pick(functions).arn } } : g,
            );
        }
        return {
            agentId,
            agentName: `${rng.pick(TEAMS)}-${rng.pick(["assistant", "copilot", "triage", "helpdesk", "researcher"])}-${i}`,
            agentArn,
            agentStatus: rng.weighted([["PREPARED", 9], ["NOT_PREPARED", 1]] as const),
            agentResourceRoleArn: (agentRoles.length ? rng.pick(agentRoles) : rng.pick(roles)).arn,
            foundationModel: rng.pick(foundationModels.filter((m) => m.outputModalities.includes("TEXT"))).modelId,
            instruction: "You are a helpful assistant for internal teams. Use the tools provided.",
            createdAt: iso(created),
            updatedAt: iso(created + latest * 86400_000),
            latestVersion: String(latest),
            aliases,
            actionGroups,
        };
    });

    const logGroups: LogGroup[] = functions.map((fn) => {
        const groupName = fn.customLogGroup ?? `/aws/lambda/${fn.name}`;
        const using = agents.filter((a) => Object.values(a.actionGroups).some((gs) => gs.some((g) => g.executor && "lambda" in g.executor && g.executor.lambda.startsWith(fn.arn))));
        const records = Array.from({ length: rng.int(0, 6) }, () => {
            const agent = using.length ? rng.pick(using) : null;
            return {
                timestamp: anchorMs - rng.int(60_000, windowMs),
                message: `START RequestId: ${rng.hex(8)}-${rng.hex(4)} tool invocation`,
                requestId: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
                agentId: agent?.agentId ?? null,
                actionGroup: agent ? agent.actionGroups.DRAFT[0].actionGroupName : null,
            };
        });
        return {
            name: groupName,
            arn: `arn:aws:logs:${region}:${accountId}:log-group:${groupName}`,
            creationTime: BASE_DATE,
            storedBytes: rng.int(1000, 50_000_000),
            functionName: fn.name,
            records,
        };
    });

    const knowledgeBases = applyKnowledge(new Random(`${seed}/knowledge`), accountId, region, agents, roles);

    const shapes = { ...REAL_SHAPES, ...options.shapes };
    const deniedLogGroups = applyShapes(new Random(`${seed}/shapes`), shapes, scale, { roles, attachable, byArn, ctx, agents, functions, logGroups });

    const account: Account = {
        accountId,
        region,
        seed,
        scale,
        roles,
        users,
        groups,
        policies: [...policies, ...awsPolicies.filter((p) => p.attachmentCount > 0)],
        agents,
        functions,
        logGroups,
        deniedLogGroups,
        events: [],
        foundationModels,
        knowledgeBases,
        agentCore: generateAgentCore(seed, accountId, region, size.agents, roles, functions),
    };
    appendTrailEvents(account, rng, size.trailEvents, anchorMs - windowMs, anchorMs - 60_000);
    return account;
}

/**
 * Knowledge bases and guardrails (issue 12), from their own random stream so the rest of the
 * account is unchanged: a knowledge base per four agents (at most 100, Bedrock's quota per
 * account); some agents use none, some several; a published version sometimes uses other
 * knowledge bases than DRAFT; most DRAFTs name a guardrail, and some versions an alias routes to
 * do not (a guardrail added after the version was made, or never).
 */
function applyKnowledge(rng: Random, accountId: string, region: string, agents: Agent[], roles: Role[]): BenchKnowledgeBase[] {
    const kbRoles = roles.filter((r) => r.assumeRolePolicyDocument.includes("bedrock.amazonaws.com"));
    const knowledgeBases: BenchKnowledgeBase[] = Array.from({ length: Math.min(100, Math.max(3, Math.round(agents.length / 4))) }, (_, i) => {
        const knowledgeBaseId = rng.chars(10);
        const type = rng.chance(0.9) ? "VECTOR" : "KENDRA";
        return {
            knowledgeBaseId,
            name: `${rng.pick(TEAMS)}-${rng.pick(["docs", "runbooks", "policies", "tickets", "wiki"])}-${i}`,
            knowledgeBaseArn: `arn:aws:bedrock:${region}:${accountId}:knowledge-base/${knowledgeBaseId}`,
            roleArn: (kbRoles.length ? rng.pick(kbRoles) : rng.pick(roles)).arn,
            type,
            storageType: type === "KENDRA" ? null : rng.weighted([["OPENSEARCH_SERVERLESS", 6], ["S3_VECTORS", 2], ["RDS", 1], ["PINECONE", 1]] as const),
            status: rng.chance(0.95) ? "ACTIVE" : "FAILED",
        };
    });
    const guardrails = Array.from({ length: 8 }, () => `gr-${rng.chars(10).toLowerCase()}`);
    for (const agent of agents) {
        const count = rng.weighted([[0, 4], [1, 3], [2, 2], [3, 1]] as const);
        const draft = rng.sample(knowledgeBases, count).map((kb) => ({ knowledgeBaseId: kb.knowledgeBaseId, state: rng.chance(0.9) ? ("ENABLED" as const) : ("DISABLED" as const) }));
        const draftGuardrail = rng.chance(0.8) ? { guardrailIdentifier: rng.pick(guardrails), guardrailVersion: String(rng.int(1, 3)) } : null;
        agent.knowledgeBases = { DRAFT: draft };
        agent.guardrails = { DRAFT: draftGuardrail };
        for (const version of Object.keys(agent.actionGroups).filter((v) => v !== "DRAFT")) {
            // A published version is DRAFT as it was: usually the same, sometimes one knowledge base fewer or another.
            let kbs = draft;
            if (rng.chance(0.3)) kbs = draft.length > 0 && rng.chance(0.5) ? draft.slice(1) : [...draft, { knowledgeBaseId: rng.pick(knowledgeBases).knowledgeBaseId, state: "ENABLED" as const }];
            agent.knowledgeBases[version] = kbs.filter((k, i) => kbs.findIndex((o) => o.knowledgeBaseId === k.knowledgeBaseId) === i);
            agent.guardrails[version] = draftGuardrail && rng.chance(0.85) ? draftGuardrail : null;
        }
    }
    return knowledgeBases;
}

interface ShapeTargets {
    readonly roles: Role[];
    readonly attachable: ManagedPolicy[];
    readonly byArn: Map<string, ManagedPolicy>;
    readonly ctx: DocumentContext;
    readonly agents: Agent[];
    readonly functions: ToolFunction[];
    readonly logGroups: LogGroup[];
}

/**
 * Reshapes a generated account the way real ones are (issue 11); returns the log groups the
 * inventory's role may not query. Its own random stream, so the account is otherwise unchanged.
 */
function applyShapes(rng: Random, shapes: AccountShapes, scale: number, t: ShapeTargets): string[] {
    // Roles with many policies: the IAM quota's default of 10 managed policies, and inline ones.
    for (const role of rng.sample(t.roles, Math.round(t.roles.length * shapes.heavyPrincipalShare))) {
        for (const policy of rng.sample(t.attachable, 10)) {
            if (role.attachedPolicyArns.includes(policy.arn)) continue;
            role.attachedPolicyArns.push(policy.arn);
            t.byArn.get(policy.arn)!.attachmentCount++;
        }
        for (let k = role.inlinePolicies.length; k < 6; k++) role.inlinePolicies.push({ name: `${role.name}-inline-${k}`, document: randomPolicyDocument(rng, t.ctx, 0.06) });
    }

    // Published versions that are not DRAFT's snapshot: a group removed since, or one added.
    for (const agent of t.agents) {
        for (const version of Object.keys(agent.actionGroups).filter((v) => v !== "DRAFT")) {
            if (!rng.chance(shapes.driftedVersionShare)) continue;
            const groups = [...agent.actionGroups[version]];
            if (groups.length > 1 && rng.chance(0.5)) groups.splice(rng.int(0, groups.length - 1), 1);
            else {
                const fn = rng.pick(t.functions);
                groups.push({ ...groups[0], actionGroupId: rng.chars(10), actionGroupName: `legacy-${rng.pick(["lookup", "search", "update"])}-${groups.length}`, executor: { lambda: fn.arn }, parentActionGroupSignature: null, state: "ENABLED" });
            }
            agent.actionGroups[version] = groups;
        }
    }

    // Tools never invoked have no log group: Lambda creates it on the first invocation.
    const neverInvoked = new Set(rng.sample(t.functions, Math.round(t.functions.length * shapes.neverInvokedShare)).map((fn) => fn.name));
    for (let i = t.logGroups.length - 1; i >= 0; i--) {
        if (neverInvoked.has(t.logGroups[i].functionName ?? "")) t.logGroups.splice(i, 1);
    }

    // Custom-logging groups nobody listed in TOOL_LOG_GROUPS: they exist, the role may not query them.
    const custom = t.logGroups.filter((g) => !g.name.startsWith("/aws/lambda/"));
    return rng.sample(custom, Math.min(custom.length, Math.round(shapes.deniedLogGroups * scale))).map((g) => g.name);
}

/**
 * Adds `count` Bedrock management events with times spread over [fromMs, toMs), keeping
 * `events` sorted oldest first. The incremental bench run uses it for its 100 new events.
 */
export function appendTrailEvents(account: Account, rng: Random, count: number, fromMs: number, toMs: number): void {
    const principals = account.roles.slice(0, Math.max(1, Math.floor(account.roles.length / 10)));
    const added: TrailEvent[] = [];
    for (let i = 0; i < count; i++) {
        const role = rng.pick(principals);
        const model = rng.pick(account.foundationModels);
        const eventName = rng.weighted([
            ["InvokeModel", 50],
            ["Converse", 15],
            ["InvokeModelWithResponseStream", 10],
            ["ConverseStream", 5],
            ["ListFoundationModels", 5],
            ["GetAgent", 5],
            ["ListAgents", 5],
            ["GetFoundationModel", 5],
        ] as const);
        const denied = rng.chance(0.03);
        const eventTime = Math.floor(fromMs + ((toMs - fromMs) * (i + rng.float())) / count);
        const eventId = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
        const session = `session-${rng.hex(6)}`;
        const isInvoke = eventName.startsWith("Invoke") || eventName.startsWith("Converse");
        const record = {
            eventVersion: "1.09",
            userIdentity: {
                type: "AssumedRole",
                principalId: `${role.id}:${session}`,
                arn: `arn:aws:sts::${account.accountId}:assumed-role/${role.name}/${session}`,
                accountId: account.accountId,
                accessKeyId: `ASIA${rng.chars(16)}`,
                sessionContext: { sessionIssuer: { type: "Role", principalId: role.id, arn: role.arn, accountId: account.accountId, userName: role.name } },
            },
            eventTime: new Date(eventTime).toISOString().replace(/\.\d{3}Z$/, "Z"),
            eventSource: "bedrock.amazonaws.com",
            eventName,
            awsRegion: account.region,
            sourceIPAddress: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
            userAgent: "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux",
            ...(denied ? { errorCode: "AccessDenied", errorMessage: `User: arn:aws:sts::${account.accountId}:assumed-role/${role.name}/${session} is not authorized to perform: bedrock:${eventName}` } : {}),
            requestParameters: isInvoke ? { modelId: model.modelId } : null,
            responseElements: null,
            requestID: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
            eventID: eventId,
            readOnly: !isInvoke,
            resources: isInvoke ? [{ accountId: account.accountId, type: "AWS::Bedrock::Model", ARN: model.modelArn }] : [],
            eventType: "AwsApiCall",
            managementEvent: true,
            recipientAccountId: account.accountId,
            eventCategory: "Management",
            tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `bedrock-runtime.${account.region}.amazonaws.com` },
        };
        added.push({
            eventId,
            eventName,
            eventTime,
            eventSource: "bedrock.amazonaws.com",
            username: session,
            accessKeyId: record.userIdentity.accessKeyId,
            readOnly: !isInvoke,
            resources: isInvoke ? [{ resourceType: "AWS::Bedrock::Model", resourceName: model.modelArn }] : [],
            cloudTrailEvent: JSON.stringify(record),
        });
    }
    account.events.push(...added);
    account.events.sort((a, b) => a.eventTime - b.eventTime);
}

/** What the bench prints about the account it generated. */
export function describeAccount(account: Account): Record<string, number> {
    const versions = account.agents.reduce((n, a) => n + Object.keys(a.actionGroups).length, 0);
    return {
        roles: account.roles.length,
        users: account.users.length,
        groups: account.groups.length,
        customerManagedPolicies: account.policies.filter((p) => !p.awsManaged).length,
        awsManagedPoliciesInUse: account.policies.filter((p) => p.awsManaged).length,
        agents: account.agents.length,
        aliases: account.agents.reduce((n, a) => n + a.aliases.length, 0),
        agentVersionsRead: versions,
        knowledgeBases: account.knowledgeBases?.length ?? 0,
        agentVersionKnowledgeBases: account.agents.reduce((n, a) => n + Object.values(a.knowledgeBases ?? {}).reduce((m, k) => m + k.length, 0), 0),
        routedVersionsWithoutGuardrail: account.agents.reduce((n, a) => n + Object.entries(a.guardrails ?? {}).filter(([v, g]) => v !== "DRAFT" && g === null).length, 0),
        actionGroups: account.agents.reduce((n, a) => n + Object.values(a.actionGroups).reduce((m, g) => m + g.length, 0), 0),
        toolFunctions: account.functions.length,
        logGroups: account.logGroups.length,
        toolFunctionsWithoutLogGroup: account.functions.length - account.logGroups.filter((g) => g.functionName).length,
        deniedLogGroups: account.deniedLogGroups.length,
        trailEvents: account.events.length,
    };
}
