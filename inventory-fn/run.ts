import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { InventoryClients } from "./aws/clients";
import { systemClock, type Clock } from "./aws/clock";
import { Deadline, DeadlineExceededError } from "./aws/deadline";
import { classifyFailure, describeFailure } from "./aws/errors";
import { apiOfError, AwsGateway } from "./aws/gateway";
import { API_LIMITS, type ApiLimit, type ApiName } from "./aws/limits";
import { collectAgentCore, EMPTY_AGENTCORE, type AgentCoreSnapshot } from "./collect/agentcore";
import { collectAgents, collectModels, KnowledgeBaseCollector, type AgentIdentity, type CollectedAgent, type CollectedKnowledgeBase, type CollectedModel } from "./collect/bedrock";
import { collectTrailEvents, type TrailEvent } from "./collect/cloudtrail";
import { RUN_BREAKING_KINDS, RunErrors, type CollectContext, type CollectorName, type RunError } from "./collect/context";
import { collectIam, type IamSnapshot } from "./collect/iam";
import { collectScps, type ScpSnapshot } from "./collect/scps";
import { FunctionCollector, type CollectedFunction } from "./collect/lambda";
import { DEFAULT_QUERY_TIMEOUT_MS, ToolLogCollector, type ToolLogRow } from "./collect/logs";
import { computeActivity } from "./analyse/activity";
import { computeAgentCoreBindings, computeAgentCoreToolCredentials } from "./analyse/agentcore";
import { BindingAnalysis } from "./analyse/bindings";
import { computeToolCredentials } from "./analyse/credentials";
import type { FindingsConfig } from "./analyse/findings/types";
import { FindingsStage } from "./findings";
import { collectBedrockApiKeys } from "./collect/api-keys";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { CpuSlicer } from "./slicer";
import {
    activityBatches,
    buildManifest,
    findingBatches,
    modelBatches,
    serialize,
    principalBatches,
    toolCredentialBatches,
    type ArtifactHeader,
    type ArtifactSummary,
    type RecordBatches,
    type RunStatus,
    type SerializedArtifact,
} from "./write/artifacts";
import { agentCoreBindingBatches, agentCoreResourceBatches, agentCoreToolCredentialBatches } from "./write/agentcore";
import { agentVersionBatches } from "./write/agent-versions";
import { ArtifactPipeline } from "./write/pipeline";
import type { ArtifactFile } from "./write/stream";
import { validateArtifact } from "./write/schemas";
import { DirectoryArtifactStore, S3ArtifactStore, type ArtifactStore, type S3StoreOptions } from "./write/store";
import { promoteRun, type PromotionRecord } from "./write/promotion";
import { runPrefixOf, writeManifest, type RunLocation } from "./write/writer";

/** What the run needs to know; the handler fills it from the environment, a script from flags. */
export interface InventoryRunOptions {
    /** Region inventoried (the clients must be built for it too). */
    readonly region: string;
    /** Written into every artifact; asked of STS when absent. */
    readonly accountId?: string;
    /** Runs go to `<outputPrefix>runs/<runId>/`. */
    readonly outputPrefix: string;
    /** A complete run is copied to this prefix. */
    readonly latestPrefix: string;
    /** Extra tool log groups (TOOL_LOG_GROUPS). */
    readonly toolLogGroups?: readonly string[];
    /** Activity window of a first run, in hours (default 24). */
    readonly cloudTrailLookbackHours?: number;
    /** How far before the previous cursor to start reading again (default 15 minutes). */
    readonly cloudTrailOverlapMinutes?: number;
    /** LookupEvents pages read at most in one run (default 600: 30,000 events, 5 minutes at 2/s). */
    readonly cloudTrailMaxPages?: number;
    /** Collection stops when less than this remains (default 60 s). */
    readonly deadlineMarginMs?: number;
    /** A Logs Insights query still running after this is stopped (default 120 s). */
    readonly logsQueryTimeoutMs?: number;
    /** Findings' thresholds and schedules (analyse/findings/types.ts has the defaults). */
    readonly findings?: Partial<FindingsConfig>;
}

/** Builds the artifact store once the run's gateway exists (S3 calls are counted and pooled too). */
export type StoreFactory = (gateway: AwsGateway, clients: InventoryClients) => ArtifactStore;

/** Writes to S3 with SSE-KMS under the given key (the Lambda's store). */
export function s3Store(options: S3StoreOptions): StoreFactory {
    return (gateway, clients) => new S3ArtifactStore(clients.s3, gateway, options);
}

/** Writes to a local folder laid out like the bucket (the local run's store). */
export function directoryStore(root: string): StoreFactory {
    return () => new DirectoryArtifactStore(root);
}

/** Everything the run touches outside itself, injectable for tests and benchmarks. */
export interface InventoryRunDependencies {
    /** The shared clients (`createClients({ region, requestHandler?, endpoint?, credentials? })`). */
    readonly clients: InventoryClients;
    readonly store: StoreFactory;
    /** Default: the system clock. A fake one makes the rate limiters' waits instant. */
    readonly clock?: Clock;
    /** Lambda's `context.getRemainingTimeInMillis`; default: no deadline. */
    readonly remainingTimeMs?: () => number;
    /** Per-API concurrency and rates; default {@link API_LIMITS}. */
    readonly limits?: Readonly<Record<ApiName, ApiLimit>>;
    /** Where artifact files are written before upload (deleted afterwards); default os.tmpdir(). */
    readonly tempDir?: string;
    /** Yields the run's CPU work to the event loop between slices; default 10 ms slices. */
    readonly slicer?: CpuSlicer;
    /** Observer for the events worth a log line; the run itself never logs. */
    readonly onEvent?: (event: RunEvent) => void;
}

export type RunEvent =
    | { readonly event: "run_started"; readonly runId: string; readonly region: string; readonly windowStart: string; readonly windowEnd: string; readonly cursor: string | null }
    | { readonly event: "collector_finished"; readonly runId: string; readonly collector: CollectorName; readonly ok: boolean; readonly durationMs: number; readonly count: number }
    | { readonly event: "artifacts_written"; readonly runId: string; readonly runPrefix: string; readonly status: RunStatus }
    | { readonly event: "run_promoted"; readonly runId: string; readonly latestPrefix: string }
    | { readonly event: "promotion_failed"; readonly runId: string; readonly promotion: PromotionRecord; readonly recorded: boolean }
    | { readonly event: "run_finished"; readonly runId: string; readonly status: RunStatus; readonly statusCode: number; readonly durationMs: number; readonly apiCalls: Record<string, number>; readonly errorCount: number; readonly counts: Record<string, number> };

export interface RunOutcome {
    /** 200 for a complete, promoted run; 500 otherwise (the alarm's signal). */
    readonly statusCode: 200 | 500;
    readonly runId: string;
    readonly runPrefix: string;
    readonly status: RunStatus;
    /** The manifest as written (absent when the run failed before it could be built). */
    readonly manifest?: Record<string, unknown>;
    readonly errors: readonly RunError[];
    /** One line for the result and the alarm, when not 200. */
    readonly errorSummary?: string;
    /** What was written (data artifacts and the manifest): name, count, sha256, bytes. */
    readonly artifacts: readonly ArtifactSummary[];
}

/** `YYYYMMDDTHHMMSSZ` of a UTC instant. */
export function runIdOf(epochMs: number): string {
    return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

const HOUR_MS = 3_600_000;
const CLOUDTRAIL_RETENTION_MS = 90 * 24 * HOUR_MS;

/**
 * One inventory run: collect (IAM, Bedrock, Lambda, Logs, CloudTrail, in parallel where they do
 * not depend on each other) and, as each artifact's inputs arrive, analyse (pure) and write it
 * to runs/<runId>/ -> the manifest last -> promote to latest/ (manifest last) only when complete.
 *
 * Failure semantics: a collector's AccessDenied, exhausted retries or the deadline make the run
 * `partial` (recorded in the manifest's errors, every artifact still written under runs/, latest/
 * untouched, statusCode 500); malformed data is recorded and survived; a failed write is `failed`.
 */
export async function runInventory(options: InventoryRunOptions, deps: InventoryRunDependencies): Promise<RunOutcome> {
    const clock = deps.clock ?? systemClock;
    const deadline = deps.remainingTimeMs ? new Deadline(deps.remainingTimeMs, options.deadlineMarginMs ?? 60_000) : Deadline.none();
    const gateway = new AwsGateway(clock, deadline, deps.limits ?? API_LIMITS);
    try {
        return await inventoryRun(options, deps, gateway);
    } finally {
        // Every request the run started has settled before it returns, whichever way it ends
        // (a collector stopped by the deadline leaves none behind either).
        await gateway.settled();
    }
}

async function inventoryRun(options: InventoryRunOptions, deps: InventoryRunDependencies, gateway: AwsGateway): Promise<RunOutcome> {
    const clock = gateway.time;
    const startedAtMs = clock.now();
    const runId = runIdOf(startedAtMs);
    const location: RunLocation = { runPrefix: runPrefixOf(options.outputPrefix, runId), latestPrefix: options.latestPrefix };
    const store = deps.store(gateway, deps.clients);
    const errors = new RunErrors();
    const ctx: CollectContext = { clients: deps.clients, gateway, errors };
    const emit = (event: RunEvent) => deps.onEvent?.(event);

    const recordFailure = (source: RunError["source"], error: unknown) => {
        if (error instanceof DeadlineExceededError) {
            errors.add({ source, kind: "deadline", message: error.message });
            return;
        }
        const api = apiOfError(error);
        errors.add({ source, kind: classifyFailure(error), ...(api ? { api } : {}), message: describeFailure(error) });
    };
    const failed = (summary: string): RunOutcome => {
        const outcome: RunOutcome = { statusCode: 500, runId, runPrefix: location.runPrefix, status: "failed", errors: errors.all(), errorSummary: summary, artifacts: [] };
        emit({ event: "run_finished", runId, status: "failed", statusCode: 500, durationMs: clock.now() - startedAtMs, apiCalls: gateway.apiCalls(), errorCount: outcome.errors.length, counts: {} });
        return outcome;
    };

    // The account id goes into every artifact; without it nothing valid can be written.
    let accountId = options.accountId;
    if (!accountId) {
        let cause = "it returned no account";
        try {
            const identity = await gateway.call("sts:GetCallerIdentity", () => deps.clients.sts.send(new GetCallerIdentityCommand({})));
            accountId = identity.Account;
        } catch (error) {
            recordFailure("account", error);
            cause = describeFailure(error);
        }
        if (!accountId) {
            return failed(`failed run: account id unknown (ACCOUNT_ID unset and sts:GetCallerIdentity failed: ${cause})`);
        }
    }

    const window = await activityWindow(store, location, options, startedAtMs, errors, recordFailure);
    emit({ event: "run_started", runId, region: options.region, windowStart: new Date(window.startMs).toISOString(), windowEnd: new Date(window.endMs).toISOString(), cursor: window.previousCursor });

    const collector = async <T>(name: CollectorName, fallback: T, count: (value: T) => number, collect: () => Promise<T>): Promise<{ value: T; ok: boolean }> => {
        const began = clock.now();
        // A collector that survives per-item failures (one agent's AccessDenied) still did not succeed.
        const breaking = () => errors.all().filter((e) => e.source === name && RUN_BREAKING_KINDS.has(e.kind)).length;
        const breakingBefore = breaking();
        let result: { value: T; ok: boolean };
        try {
            const value = await collect();
            result = { value, ok: breaking() === breakingBefore };
        } catch (error) {
            recordFailure(name, error);
            result = { value: fallback, ok: false };
        }
        emit({ event: "collector_finished", runId, collector: name, ok: result.ok, durationMs: clock.now() - began, count: count(result.value) });
        return result;
    };

    // schemaVersion: each data artifact's own is set as it is written; the manifest's by buildManifest.
    const header: ArtifactHeader = { schemaVersion: "1.0", accountId, region: options.region, generatedAt: new Date(startedAtMs).toISOString(), runId };

    // Artifacts go record by record to files under the temporary folder, then stream to the
    // store, each as soon as its inputs are collected (write/pipeline.ts): the heap never holds
    // a whole artifact, and the analysis and writing overlap the agents' reads, the run's longest
    // chain. Anything that goes wrong from here to the manifest (a full /tmp, an upload, a
    // RangeError) is a failed run, recorded and returned, never thrown.
    let tempDir: string;
    try {
        tempDir = await fs.mkdtemp(path.join(deps.tempDir ?? os.tmpdir(), `inventory-${runId}-`));
    } catch (error) {
        recordFailure("write", error);
        return failed(`failed run: no temporary folder for the artifacts: ${describeFailure(error)}`);
    }
    const analysisErrors: RunError[] = [];
    const pipeline = new ArtifactPipeline({
        dir: tempDir,
        header,
        store,
        location,
        slicer: deps.slicer ?? new CpuSlicer(),
        onSchemaProblems: (name, problems) => errors.add({ source: "write", kind: "schema", resource: name, message: problems.join("; ") }),
    });

    const findingsStage = new FindingsStage({
        store,
        outputPrefix: options.outputPrefix,
        header: { accountId, region: options.region, runId, nowMs: startedAtMs },
        config: options.findings,
        overlapMs: (options.cloudTrailOverlapMinutes ?? 15) * 60_000,
        clock,
    });
    findingsStage.readApiKeys(() => collectBedrockApiKeys(ctx));
    const emptyIam: IamSnapshot = { principals: [], managedPolicies: new Map() };
    const iam = collector<IamSnapshot>("iam", emptyIam, (v) => v.principals.length, () => collectIam(ctx));
    const models = collector<CollectedModel[]>("bedrock", [], (v) => v.length, () => collectModels(ctx));
    // The SCPs over the account, when this account can see them (management account or delegated
    // administrator); a member account's AccessDenied is the normal case, recorded in the manifest.
    const inventoried = accountId;
    const noScpView: ScpSnapshot = { view: { status: "unavailable", reason: "SCP read did not finish" }, levels: [] };
    const scps = collector<ScpSnapshot>("organizations", noScpView, (v) => v.levels.length, () => collectScps(ctx, inventoried));
    const trail = collector<TrailEvent[]>("cloudtrail", [], (v) => v.length, () => collectTrailEvents(ctx, window, options.cloudTrailMaxPages));

    // Agents -> their executors' configurations -> the executors' log groups, each step started
    // as the one before discovers its inputs, not after it ends.
    const logs = new ToolLogCollector(ctx, window, options.logsQueryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);
    for (const group of options.toolLogGroups ?? []) logs.add(group);
    const executors = new FunctionCollector(ctx, (fn) => logs.add(fn.logGroup));
    let identified: (agents: AgentIdentity[]) => void = () => {};
    const identities = new Promise<AgentIdentity[]>((resolve) => (identified = resolve));
    const knowledgeBaseReads = new KnowledgeBaseCollector(ctx);
    const agents = collector<CollectedAgent[]>("bedrock", [], (v) => v.length, () =>
        collectAgents(ctx, { onExecutor: (arn) => executors.add(arn), onIdentified: identified, onKnowledgeBase: (id) => knowledgeBaseReads.add(id) }),
    ).finally(() => identified([])); // ListAgents failed: no identities will come.
    // Timed (and judged) from the agents' end: the agents' own failures are theirs.
    const knowledgeBases = agents.then(() => collector<Map<string, CollectedKnowledgeBase>>("bedrock", new Map(), (v) => v.size, () => knowledgeBaseReads.done()));
    const functions = collector<Map<string, CollectedFunction>>("lambda", new Map(), (v) => v.size, async () => {
        await agents;
        return executors.done();
    });
    const toolLogs = collector<ToolLogRow[]>("logs", [], (v) => v.length, async () => {
        await functions;
        return logs.finish();
    });

    // AgentCore, beside the agents: its resources, then the functions its Lambda targets name (their
    // execution roles are tool credentials). A collector of their own, without the tool-log hook:
    // activity-logs.json keeps to the Bedrock agents' tools.
    const targetFunctions = new FunctionCollector(ctx);
    const agentCore = collector<AgentCoreSnapshot>("agentcore", EMPTY_AGENTCORE, (v) => v.runtimes.length + v.gateways.length, () =>
        collectAgentCore(ctx, { onTargetFunction: (arn) => targetFunctions.add(arn) }),
    );
    const agentCoreFunctions = collector<Map<string, CollectedFunction>>("lambda", new Map(), (v) => v.size, async () => {
        await agentCore;
        return targetFunctions.done();
    });

    // Each artifact as soon as what it is made of is known, in that order. An artifact's records
    // are computed when the pipeline comes to it (`whenWritten`), not when its inputs arrive: the
    // AgentCore bindings (9,885 on the reference account) were computed at ~50 s and held until
    // the agents' tool credentials, added before them, were written at the end of the run.
    pipeline.add("models.json", models.then((m) => modelBatches(m.value)));
    pipeline.add("principals.json", iam.then((i) => principalBatches(i.value.principals)));
    // The binding analysis lives in these two artifacts' batches only: no variable of this
    // function holds it, so what it keeps between its passes goes once agent-bindings.json is written.
    addBindingArtifacts(pipeline, findingsStage, Promise.all([iam, models, scps]).then(([i, m, c]) => new BindingAnalysis(i.value, m.value, analysisErrors, { scps: c.value.levels })), identities);
    // AgentCore's inputs arrive long before the agents' action groups are all read.
    pipeline.add("agentcore-resources.json", agentCore.then((c) => agentCoreResourceBatches(c.value)));
    pipeline.add("agentcore-bindings.json", Promise.all([iam, agentCore]).then(([i, c]) => whenWritten(() => agentCoreBindingBatches(computeAgentCoreBindings(i.value, c.value, accountId, analysisErrors)))));
    pipeline.add(
        "agentcore-tool-credentials.json",
        Promise.all([agentCore, agentCoreFunctions]).then(([c, f]) => whenWritten(() => agentCoreToolCredentialBatches(computeAgentCoreToolCredentials(c.value, f.value)))),
    );
    pipeline.add("agent-tool-credentials.json", Promise.all([agents, functions]).then(([a, f]) => whenWritten(() => toolCredentialBatches(computeToolCredentials(a.value, f.value)))));
    pipeline.add("agent-versions.json", Promise.all([agents, knowledgeBases]).then(([a, k]) => whenWritten(() => agentVersionBatches(a.value, k.value))));
    pipeline.add("activity-logs.json", Promise.all([trail, toolLogs, functions, agents]).then(([t, l, f, a]) => whenWritten(() => activityBatches(computeActivity(t.value, l.value, f.value, a.value)))));
    // Findings stage (issue 12): the usage state takes this run's CloudTrail events; the
    // findings join it with the bindings noted above.
    const findingBatchesOfRun = Promise.all([trail, iam, functions, agents]).then(([t, i, f, a]) =>
        findingsStage
            .findings({
                trail: { events: t.value, ok: t.ok, complete: !errors.all().some((e) => e.source === "cloudtrail" && e.kind === "truncated"), startMs: window.startMs, endMs: window.endMs },
                principals: i.value.principals,
                functions: f.value,
                agents: a.value,
            })
            .then(findingBatches),
    );
    pipeline.add("findings.json", findingBatchesOfRun);
    pipeline.add("findings.ocsf.json", findingBatchesOfRun.then(() => findingsStage.ocsfBatches({ accountId, region: options.region, generatedAtMs: startedAtMs, runId })));

    let status: RunStatus;
    let manifest: SerializedArtifact;
    let artifacts: ArtifactFile[];
    try {
        const [, , trailResult, agentsResult, , , agentsIdentified, agentCoreResult, , scpResult] = await Promise.all([iam, models, trail, agents, functions, toolLogs, identities, agentCore, agentCoreFunctions, scps]);
        artifacts = await pipeline.done();
        const findingSources = await findingsStage.sourcesRecord();
        analysisErrors.forEach((e) => errors.add(e));

        const makeManifest = () => {
            const runStatus: RunStatus = errors.breaksRun() ? "partial" : "complete";
            const finishedAtMs = clock.now();
            return {
                status: runStatus,
                manifest: buildManifest({
                    header,
                    runPrefix: location.runPrefix,
                    status: runStatus,
                    startedAt: new Date(startedAtMs).toISOString(),
                    finishedAt: new Date(finishedAtMs).toISOString(),
                    durationMs: finishedAtMs - startedAtMs,
                    artifacts: artifacts.map((artifact) => ({ artifact, key: location.runPrefix + artifact.name })),
                    // Agents whose identity was read (their bindings are in the run), even when a
                    // deadline cut their action groups short.
                    agentCount: Math.max(agentsResult.value.length, agentsIdentified.length),
                    apiCalls: gateway.apiCalls(),
                    errors: errors.all(),
                    agentCore: { status: agentCoreResult.value.status, reason: agentCoreResult.value.reason },
                    scpView: scpResult.value.view,
                    cloudTrail: {
                        windowStart: new Date(window.startMs).toISOString(),
                        windowEnd: new Date(window.endMs).toISOString(),
                        cursor: trailResult.ok ? new Date(window.endMs).toISOString() : null,
                    },
                    usageState: findingsStage.usageStateRecord() as Record<string, unknown> | undefined,
                    findingSources,
                }),
            };
        };
        ({ status, manifest } = makeManifest());
        const manifestProblems = validateArtifact("manifest.json", manifest.document);
        if (manifestProblems.length > 0) {
            errors.add({ source: "write", kind: "schema", resource: "manifest.json", message: manifestProblems.join("; ") });
            ({ status, manifest } = makeManifest());
        }
        await writeManifest(store, location, manifest);
    } catch (error) {
        recordFailure("write", error);
        return failed(`failed run: writing ${store.describe(location.runPrefix)} failed: ${describeFailure(error)}`);
    } finally {
        await fs.rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    }
    emit({ event: "artifacts_written", runId, runPrefix: location.runPrefix, status });

    let statusCode: 200 | 500 = 500;
    let errorSummary: string | undefined;
    if (status === "complete") {
        const promotion = await promoteRun(store, location, artifacts.map((a) => a.name));
        if (promotion.status === "promoted") {
            statusCode = 200;
            emit({ event: "run_promoted", runId, latestPrefix: location.latestPrefix });
        } else {
            // The run's manifest says what happened to latest/: written again with `promotion`.
            const recorded = serialize("manifest.json", { ...(manifest.document as object), promotion }, manifest.count);
            let recordError: unknown;
            try {
                await writeManifest(store, location, recorded);
                manifest = recorded;
            } catch (error) {
                recordError = error;
            }
            emit({ event: "promotion_failed", runId, promotion, recorded: recordError === undefined });
            errorSummary = promotionSummary(location, promotion) + (recordError === undefined ? "" : `; recording it in ${location.runPrefix}manifest.json failed too: ${describeFailure(recordError)}`);
        }
    } else {
        errorSummary = summarize(status, errors.all());
    }

    const document = manifest.document as Record<string, unknown>;
    const counts = Object.fromEntries(Object.entries(document).filter(([key]) => key.endsWith("Count")).map(([k, v]) => [k, v as number]));
    emit({ event: "run_finished", runId, status, statusCode, durationMs: clock.now() - startedAtMs, apiCalls: gateway.apiCalls(), errorCount: errors.all().length, counts });
    return {
        statusCode,
        runId,
        runPrefix: location.runPrefix,
        status,
        manifest: document,
        errors: errors.all(),
        ...(errorSummary ? { errorSummary } : {}),
        artifacts: [...artifacts.map(({ name, count, sha256, bytes }) => ({ name, count, sha256, bytes })), { name: manifest.name, count: manifest.count, sha256: manifest.sha256, bytes: manifest.bytes }],
    };
}

/** model-bindings.json and agent-bindings.json, the two passes of one analysis, which only they reference. */
function addBindingArtifacts(pipeline: ArtifactPipeline, findingsStage: FindingsStage, analysis: Promise<BindingAnalysis>, identities: Promise<AgentIdentity[]>): void {
    pipeline.add("model-bindings.json", analysis.then((a) => findingsStage.modelBindings(a.modelBindingBatches())));
    pipeline.add("agent-bindings.json", Promise.all([analysis, identities]).then(([a, known]) => findingsStage.agentBindings(a.agentBindingBatches(known))));
}

/**
 * Batches made by `make` when first iterated (when the pipeline writes the artifact), so what an
 * artifact is computed into lives from its writing to its upload, not from its inputs' arrival.
 */
export function whenWritten<R>(make: () => RecordBatches<R>): RecordBatches<R> {
    return {
        *[Symbol.iterator]() {
            yield* make();
        },
    };
}

function promotionSummary(location: RunLocation, promotion: PromotionRecord): string {
    const head = `complete run written to ${location.runPrefix} but not promoted to ${location.latestPrefix}`;
    switch (promotion.status) {
        case "not_started":
            return `${head} (${promotion.error}); nothing was copied, ${location.latestPrefix} is the previous set`;
        case "rolled_back":
            return `${head} (${promotion.error}); every key was put back, ${location.latestPrefix} is the previous set`;
        default:
            return `${head} (${promotion.error}); putting back ${promotion.unrestoredKeys?.join(", ")} failed: readers must check each file against latest/manifest.json (docs/reading-latest.md)`;
    }
}

function summarize(status: RunStatus, errors: readonly RunError[]): string {
    const breaking = errors.filter((e) => RUN_BREAKING_KINDS.has(e.kind));
    const parts = breaking.slice(0, 5).map((e) => `${e.source} ${e.kind}${e.api ? ` (${e.api})` : ""}${e.resource ? ` on ${e.resource}` : ""}`);
    const more = breaking.length > 5 ? `; and ${breaking.length - 5} more` : "";
    return `${status} run: ${parts.join("; ")}${more} (manifest errors list all)`;
}

interface ActivityWindow {
    readonly startMs: number;
    readonly endMs: number;
    readonly previousCursor: string | null;
}

/**
 * Incremental activity: from the cursor the last complete run left in latest/manifest.json
 * (less an overlap for CloudTrail's delivery delay), else the first-run lookback; never past
 * LookupEvents' 90 days.
 */
async function activityWindow(
    store: ArtifactStore,
    location: RunLocation,
    options: InventoryRunOptions,
    nowMs: number,
    errors: RunErrors,
    recordFailure: (source: RunError["source"], error: unknown) => void,
): Promise<ActivityWindow> {
    const lookbackMs = (options.cloudTrailLookbackHours ?? 24) * HOUR_MS;
    const overlapMs = (options.cloudTrailOverlapMinutes ?? 15) * 60_000;
    const firstRun = { startMs: nowMs - lookbackMs, endMs: nowMs, previousCursor: null };
    let text: string | undefined;
    try {
        text = await store.read(location.latestPrefix + "manifest.json");
    } catch (error) {
        recordFailure("cursor", error);
        return firstRun;
    }
    if (text === undefined) {
        return firstRun;
    }
    let cursor: unknown;
    try {
        cursor = (JSON.parse(text) as { cloudTrail?: { cursor?: unknown } }).cloudTrail?.cursor;
    } catch {
        errors.malformed("cursor", location.latestPrefix + "manifest.json", "previous manifest is not valid JSON; first-run window used");
        return firstRun;
    }
    const cursorMs = typeof cursor === "string" ? Date.parse(cursor) : NaN;
    if (Number.isNaN(cursorMs) || cursorMs > nowMs) {
        errors.malformed("cursor", location.latestPrefix + "manifest.json", "previous manifest has no usable cloudTrail.cursor; first-run window used");
        return firstRun;
    }
    return { startMs: Math.max(cursorMs - overlapMs, nowMs - CLOUDTRAIL_RETENTION_MS), endMs: nowMs, previousCursor: new Date(cursorMs).toISOString() };
}
