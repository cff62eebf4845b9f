import type { Clock } from "./aws/clock";
import type { CollectedAgent } from "./collect/bedrock";
import type { BedrockApiKey } from "./collect/api-keys";
import { describeFailure } from "./aws/errors";
import type { TrailEvent } from "./collect/cloudtrail";
import type { CollectedPrincipal } from "./collect/iam";
import type { CollectedFunction } from "./collect/lambda";
import type { AgentBinding, ModelBinding } from "./analyse/bindings";
import { BindingLedger, computeFindings, DEFAULT_FINDINGS_CONFIG, type Finding, type FindingsConfig } from "./analyse/findings";
import { emptyState, mergeUsage, UsageIndex, type UsageHeader, type UsageState } from "./analyse/findings/usage";
import { denialBursts } from "./analyse/findings/activity";
import type { RecordBatches } from "./write/artifacts";
import { toOcsf } from "./analyse/findings/ocsf";
import type { ArtifactStore } from "./write/store";
import { loadUsageState, saveUsageState, usageStateKey, type LoadedState } from "./write/usage-state";

const DAY_MS = 86_400_000;

export interface FindingsStageOptions {
    readonly store: ArtifactStore;
    readonly outputPrefix: string;
    readonly header: UsageHeader;
    readonly config?: Partial<FindingsConfig>;
    /** CloudTrail's re-read overlap (the run's CLOUDTRAIL_OVERLAP_MINUTES). */
    readonly overlapMs: number;
    readonly clock: Clock;
}

/** What the run's CloudTrail collector produced. */
export interface TrailOutcome {
    readonly events: readonly TrailEvent[];
    /** The collector succeeded (its window is read; the cursor moves). */
    readonly ok: boolean;
    /** LookupEvents was not stopped at its page limit. */
    readonly complete: boolean;
    readonly startMs: number;
    readonly endMs: number;
}

export interface FindingsSources {
    readonly trail: TrailOutcome;
    readonly principals: readonly CollectedPrincipal[];
    readonly functions: ReadonlyMap<string, CollectedFunction>;
    readonly agents: readonly CollectedAgent[];
}

/** The manifest's `findingSources.apiKeys`. */
export type ApiKeysRecord = { readonly status: "read"; readonly count: number } | { readonly status: "failed"; readonly problem: string } | { readonly status: "not_read" };

/** The manifest's `usageState` (schemas/manifest.schema.json). */
export interface UsageStateRecord {
    readonly key: string;
    readonly status: "created" | "updated" | "rebuilt" | "conflict" | "not_updated" | "unavailable";
    readonly trusted: boolean;
    readonly problem?: string;
    readonly coverageFrom?: string;
    readonly coverageTo?: string;
    readonly gap?: boolean;
    readonly uses?: number;
    readonly hours?: number;
    readonly principals?: number;
    readonly evicted?: number;
    readonly bytes?: number;
    readonly readMs?: number;
    readonly mergeMs?: number;
    readonly writeMs?: number;
}

/**
 * The findings stage (issue 12): the usage state is read as the run starts; the bindings are
 * noted as their artifacts are written; once CloudTrail is read the state takes the run's new
 * events and is written back conditionally; findings.json is computed last, from all of it.
 */
export class FindingsStage {
    readonly config: FindingsConfig;
    readonly key: string;
    private readonly loading: Promise<{ loaded: LoadedState; readMs: number }>;
    private readonly bindings = new BindingLedger();
    private record: UsageStateRecord | undefined;
    private computed: Finding[] | undefined;
    private apiKeys: Promise<{ keys?: BedrockApiKey[]; record: ApiKeysRecord }> = Promise.resolve({ record: { status: "not_read" } });

    constructor(private readonly options: FindingsStageOptions) {
        this.config = { ...DEFAULT_FINDINGS_CONFIG, ...options.config };
        this.key = usageStateKey(options.outputPrefix);
        const began = options.clock.now();
        this.loading = loadUsageState(options.store, this.key, options.header.accountId, options.header.region).then((loaded) => ({ loaded, readMs: options.clock.now() - began }));
    }

    /**
     * Lists the long-term Bedrock API keys beside the collectors. A failure (AccessDenied where
     * the role lacks the permission) is recorded in the manifest's `findingSources` and raises
     * nothing; it does not make the run partial: the seven inventory artifacts do not need it.
     */
    readApiKeys(list: () => Promise<BedrockApiKey[]>): void {
        this.apiKeys = list().then(
            (keys) => ({ keys, record: { status: "read" as const, count: keys.length } }),
            (error: unknown) => ({ record: { status: "failed" as const, problem: describeFailure(error) } }),
        );
    }

    /** What the findings' other sources gave, for the manifest's `findingSources`. */
    async sourcesRecord(): Promise<{ apiKeys: ApiKeysRecord }> {
        return { apiKeys: (await this.apiKeys).record };
    }

    /** Passes model-bindings.json's batches through, noting each binding. */
    modelBindings(batches: RecordBatches<ModelBinding>): RecordBatches<ModelBinding> {
        return this.note(batches, (b) => this.bindings.addModelBinding(b));
    }

    /** Passes agent-bindings.json's batches through, noting each binding. */
    agentBindings(batches: RecordBatches<AgentBinding>): RecordBatches<AgentBinding> {
        return this.note(batches, (b) => this.bindings.addAgentBinding(b));
    }

    private *note<B>(batches: RecordBatches<B>, add: (binding: B) => void): Generator<B[]> {
        for (const batch of batches) {
            const list = [...batch];
            list.forEach(add);
            yield list;
        }
    }

    /**
     * findings.ocsf.json's batches: the findings computed for findings.json, as OCSF Detection
     * Findings. Iterated after findings.json is written (the pipeline's order); none before.
     */
    ocsfBatches(context: { accountId: string; region: string; generatedAtMs: number; runId: string }): RecordBatches {
        const self = this;
        return (function* () {
            yield (self.computed ?? []).map((finding) => toOcsf(finding, context));
        })();
    }

    /** What became of the state, for the manifest; undefined until {@link findings} has run. */
    usageStateRecord(): UsageStateRecord | undefined {
        return this.record;
    }

    /**
     * Merges and writes the state, then returns findings.json's batches. The findings themselves
     * are computed when the batches are iterated: the pipeline does so after the bindings
     * artifacts are written, so every binding has been noted.
     */
    async findings(sources: FindingsSources): Promise<RecordBatches<Finding>> {
        const { clock, header, store } = this.options;
        const { loaded, readMs } = await this.loading;
        const limits = {
            windowMs: this.config.usageWindowDays * DAY_MS,
            baselineMs: (this.config.baselineDays + 1) * DAY_MS,
            overlapMs: this.options.overlapMs,
            maxUses: this.config.usageStateMaxUses,
            maxHours: this.config.usageStateMaxHours,
        };
        const previous = loaded.status === "read" ? loaded.state : undefined;
        let state: UsageState = previous ?? emptyState(header, sources.trail.endMs, sources.trail.endMs);
        let fresh: readonly TrailEvent[] = [];
        let record: UsageStateRecord;
        if (loaded.status === "unavailable") {
            record = { key: this.key, status: "unavailable", trusted: false, problem: loaded.problem, readMs };
        } else if (!sources.trail.ok) {
            record = { key: this.key, status: "not_updated", trusted: false, problem: "this run's CloudTrail read failed: the state keeps what it had", readMs };
        } else {
            const began = clock.now();
            const merged = mergeUsage(previous, sources.trail, header, limits);
            // The bursts that may go on, and the denials near the read's end, for the next run.
            const { carry } = denialBursts(sources.trail.events, this.config, previous?.denials, sources.trail.endMs);
            const mergeMs = clock.now() - began;
            state = { ...merged.state, denials: carry };
            fresh = merged.fresh;
            const written = clock.now();
            const saved = await saveUsageState(store, this.key, state, loaded.status === "absent" ? null : loaded.etag);
            const writeMs = clock.now() - written;
            const status = saved.status === "written" ? (loaded.status === "absent" ? "created" : loaded.status === "corrupt" ? "rebuilt" : "updated") : saved.status === "conflict" ? "conflict" : "unavailable";
            const problem =
                saved.status === "failed" ? saved.problem
                : saved.status === "conflict" ? `${this.key} was written by another run since this one read it: this run's update was dropped and no unused grant is raised`
                : loaded.status === "corrupt" ? `${loaded.problem}; replaced by a new state, coverage restarts`
                : undefined;
            record = {
                key: this.key,
                status,
                trusted: saved.status === "written",
                ...(problem ? { problem } : {}),
                gap: merged.gap,
                uses: state.uses.length,
                hours: state.hourly.length,
                principals: state.principals.length,
                evicted: state.evicted,
                ...(saved.status !== "failed" ? { bytes: saved.bytes } : {}),
                readMs,
                mergeMs,
                writeMs,
            };
        }
        this.record = { ...record, coverageFrom: state.coverage.from, coverageTo: state.coverage.to };
        const usage = new UsageIndex(state);
        const { keys: apiKeys } = await this.apiKeys;
        const trusted = record.trusted;
        const self = this;
        return (function* () {
            self.computed = computeFindings({
                config: self.config,
                nowMs: header.nowMs,
                principals: sources.principals,
                bindings: self.bindings,
                events: sources.trail.events,
                freshEvents: fresh,
                usage,
                usageTrusted: trusted,
                functions: sources.functions,
                agents: sources.agents,
                apiKeys,
                denials: previous?.denials,
            });
            yield self.computed;
        })();
    }
}
