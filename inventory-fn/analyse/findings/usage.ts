import type { TrailEvent } from "../../collect/cloudtrail";
import type { DenialCarry } from "./activity";
import { DEFAULT_FINDINGS_CONFIG } from "./types";

/**
 * The usage state: what the inventory has seen principals invoke, kept in the bucket between
 * runs (`<OUTPUT_PREFIX>state/usage.json`) because a run reads only the last quarter hour of
 * CloudTrail and unused access needs months. Compact and bounded; times are epoch seconds.
 *
 * The one invariant the unused-grant finding rests on: every successful invocation whose time
 * is at or after `coverage.from` and before `coverage.to` is counted in `uses`. Whatever could
 * break it (a gap between runs, a truncated read, an entry evicted for size) moves
 * `coverage.from` forward instead, so a state can be young, never wrong.
 */
export interface UsageState {
    readonly schemaVersion: string;
    readonly accountId: string;
    readonly region: string;
    /** When and by which run it was last written. */
    readonly updatedAt: string;
    readonly runId: string;
    /** The span read without a gap, ISO 8601. */
    readonly coverage: { readonly from: string; readonly to: string };
    /** Principal ARNs; the other arrays refer to them by index. */
    readonly principals: string[];
    /** `[principal, eventName, target, firstUsed, lastUsed, count]`, target `model:<id>` or `agent:<id>`. */
    readonly uses: UseEntry[];
    /** `[principal, hour (epoch s / 3600), invocations]`: the baseline of rate spikes and off-hours use. */
    readonly hourly: HourEntry[];
    /** `[eventId, time]` of the events read near `coverage.to`: the next run's overlap re-reads them. */
    readonly recentEvents: [string, number][];
    /** Uses dropped to stay under `maxUses` since the state was created (each moved coverage past it). */
    readonly evicted: number;
    /**
     * Since 1.1: the denial bursts that may go on and the denials near `coverage.to` (at most
     * DENIAL_BURST_COUNT a principal), so a burst spanning runs keeps one id and is not lost
     * (analyse/findings/activity.ts). Absent in a 1.0 state: read as none.
     */
    readonly denials?: DenialCarry;
}

export type UseEntry = [number, string, string, number, number, number];
export type HourEntry = [number, number, number];

export const USAGE_STATE_VERSION = "1.1";

export interface UsageLimits {
    /** Uses older than this are dropped (the unused-access window). */
    readonly windowMs: number;
    /** Hourly counts older than this are dropped (the rate baseline). */
    readonly baselineMs: number;
    /** CloudTrail's re-read overlap: event ids this close to the end are kept for deduplication. */
    readonly overlapMs: number;
    /** At most this many `uses` (oldest last use evicted first). */
    readonly maxUses: number;
    /** At most this many `hourly` entries (oldest hours evicted first). */
    readonly maxHours: number;
}

/** The caps' defaults are the findings configuration's (USAGE_STATE_MAX_USES, USAGE_STATE_MAX_HOURS). */
export const DEFAULT_USAGE_LIMITS: Omit<UsageLimits, "windowMs" | "overlapMs"> = {
    baselineMs: (DEFAULT_FINDINGS_CONFIG.baselineDays + 1) * 24 * 3_600_000,
    maxUses: DEFAULT_FINDINGS_CONFIG.usageStateMaxUses,
    maxHours: DEFAULT_FINDINGS_CONFIG.usageStateMaxHours,
};

/** What one run read of CloudTrail. */
export interface TrailRead {
    readonly events: readonly TrailEvent[];
    /** The window asked for. */
    readonly startMs: number;
    readonly endMs: number;
    /** False when LookupEvents stopped early (max pages): only `[oldest event read, endMs]` was covered. */
    readonly complete: boolean;
}

export interface UsageHeader {
    readonly accountId: string;
    readonly region: string;
    readonly runId: string;
    readonly nowMs: number;
}

export interface MergeResult {
    readonly state: UsageState;
    /** Events counted for the first time by this run (not re-reads of the overlap). */
    readonly fresh: TrailEvent[];
    /** This run's read did not join the previous coverage: coverage restarted. */
    readonly gap: boolean;
}

const MODEL_EVENTS = new Set(["InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream", "StartAsyncInvoke", "InvokeModelWithBidirectionalStream"]);
const AGENT_EVENTS = new Set(["InvokeAgent"]);
const DENIED = /AccessDenied|Unauthorized/i;
// Cross-region inference profiles prefix the model id with a geography ("us.anthropic...").
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;

export function isDenied(event: Pick<TrailEvent, "errorCode">): boolean {
    return !!event.errorCode && DENIED.test(event.errorCode);
}

/** The foundation model id an invocation names, whether by id, ARN or inference profile. */
export function modelIdOf(requested: string): string {
    const afterSlash = requested.startsWith("arn:") ? requested.slice(requested.lastIndexOf("/") + 1) : requested;
    return afterSlash.replace(PROFILE_PREFIX, "");
}

/** `model:<id>` or `agent:<id>` for an invocation, null for anything else. */
export function targetOf(event: Pick<TrailEvent, "eventName" | "modelId" | "agentId">): string | null {
    if (MODEL_EVENTS.has(event.eventName) && event.modelId) return `model:${modelIdOf(event.modelId)}`;
    if (AGENT_EVENTS.has(event.eventName) && event.agentId) return `agent:${event.agentId}`;
    return null;
}

export function emptyState(header: UsageHeader, fromMs: number, toMs: number): UsageState {
    return {
        schemaVersion: USAGE_STATE_VERSION,
        accountId: header.accountId,
        region: header.region,
        updatedAt: new Date(header.nowMs).toISOString(),
        runId: header.runId,
        coverage: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
        principals: [],
        uses: [],
        hourly: [],
        recentEvents: [],
        evicted: 0,
    };
}

/**
 * Why a parsed object is not a usable state, or null when it is: beyond the JSON Schema, the
 * cross-references (indexes in range) and the coverage's order, which a schema cannot say.
 */
export function stateProblem(value: unknown, accountId: string, region: string): string | null {
    const s = value as Partial<UsageState> | null;
    if (!s || typeof s !== "object") return "not an object";
    if (typeof s.schemaVersion !== "string" || !/^1\.\d+$/.test(s.schemaVersion)) return "schemaVersion is not 1.x";
    if (s.accountId !== accountId || s.region !== region) return `belongs to ${String(s.accountId)}/${String(s.region)}, not ${accountId}/${region}`;
    const from = Date.parse(s.coverage?.from ?? "");
    const to = Date.parse(s.coverage?.to ?? "");
    if (Number.isNaN(from) || Number.isNaN(to) || from > to) return "coverage is not a from <= to pair of times";
    if (!Array.isArray(s.principals) || !s.principals.every((p) => typeof p === "string")) return "principals is not a list of ARNs";
    const n = s.principals.length;
    const index = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < n;
    const int = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
    if (!Array.isArray(s.uses) || !s.uses.every((u) => Array.isArray(u) && u.length === 6 && index(u[0]) && typeof u[1] === "string" && typeof u[2] === "string" && int(u[3]) && int(u[4]) && int(u[5]))) return "uses is malformed";
    if (!Array.isArray(s.hourly) || !s.hourly.every((h) => Array.isArray(h) && h.length === 3 && index(h[0]) && int(h[1]) && int(h[2]))) return "hourly is malformed";
    if (!Array.isArray(s.recentEvents) || !s.recentEvents.every((r) => Array.isArray(r) && r.length === 2 && typeof r[0] === "string" && int(r[1]))) return "recentEvents is malformed";
    if (!int(s.evicted)) return "evicted is not a count";
    if (s.denials !== undefined) {
        const d = s.denials as Partial<DenialCarry> | null;
        const text = (v: unknown) => typeof v === "string";
        const textOrNull = (v: unknown) => v === null || typeof v === "string";
        if (!d || typeof d !== "object") return "denials is not an object";
        if (!Array.isArray(d.tail) || !d.tail.every((t) => Array.isArray(t) && t.length === 6 && text(t[0]) && text(t[1]) && int(t[2]) && text(t[3]) && textOrNull(t[4]) && textOrNull(t[5]))) return "denials.tail is malformed";
        if (!Array.isArray(d.open) || !d.open.every((o) => Array.isArray(o) && o.length === 4 && text(o[0]) && int(o[1]) && int(o[2]) && int(o[3]) && o[1] <= o[2])) return "denials.open is malformed";
    }
    return null;
}

/**
 * Adds one run's CloudTrail read to the state (pure). An event is counted once: events older
 * than the previous coverage's end less the overlap were counted by the run that first read
 * them, and those within the overlap are recognised by id. A read that does not reach back to
 * the previous coverage's end (a failed run left no cursor, LookupEvents stopped early) is a
 * gap: what was counted stays, but coverage restarts at what this run read.
 */
export function mergeUsage(previous: UsageState | undefined, read: TrailRead, header: UsageHeader, limits: UsageLimits): MergeResult {
    // Newest first from LookupEvents; when it stopped early, the oldest read is where coverage starts.
    let readFromMs = read.startMs;
    if (!read.complete) {
        readFromMs = read.endMs;
        for (const e of read.events) readFromMs = Math.min(readFromMs, Date.parse(e.eventTime) || read.endMs);
        readFromMs = Math.max(read.startMs, readFromMs);
    }
    const prevFrom = previous ? Date.parse(previous.coverage.from) : NaN;
    const prevTo = previous ? Date.parse(previous.coverage.to) : NaN;
    const gap = !previous || readFromMs > prevTo;
    let coverageFrom = gap ? readFromMs : prevFrom;
    const coverageTo = gap ? read.endMs : Math.max(prevTo, read.endMs);

    const principals = [...(previous?.principals ?? [])];
    const principalIndex = new Map(principals.map((arn, i) => [arn, i]));
    const indexOf = (arn: string) => {
        let i = principalIndex.get(arn);
        if (i === undefined) {
            i = principals.length;
            principals.push(arn);
            principalIndex.set(arn, i);
        }
        return i;
    };
    const uses = new Map<string, UseEntry>((previous?.uses ?? []).map((u) => [`${u[0]} ${u[1]} ${u[2]}`, [...u] as UseEntry]));
    const hourly = new Map<string, HourEntry>((previous?.hourly ?? []).map((h) => [`${h[0]} ${h[1]}`, [...h] as HourEntry]));
    const seenRecently = new Set((previous?.recentEvents ?? []).map(([id]) => id));
    const alreadyCountedBefore = previous ? prevTo - limits.overlapMs : -Infinity;

    const fresh: TrailEvent[] = [];
    const readIds = new Set<string>();
    for (const event of read.events) {
        if (readIds.has(event.eventId)) continue;
        readIds.add(event.eventId);
        const timeMs = Date.parse(event.eventTime);
        if (Number.isNaN(timeMs)) continue;
        if (seenRecently.has(event.eventId)) continue;
        if (timeMs < alreadyCountedBefore && timeMs >= prevFrom) continue;
        fresh.push(event);
        if (!event.principalArn || isDenied(event)) continue;
        const target = targetOf(event);
        if (!target) continue;
        const p = indexOf(event.principalArn);
        const seconds = Math.floor(timeMs / 1000);
        const key = `${p} ${event.eventName} ${target}`;
        const use = uses.get(key);
        if (use) {
            use[3] = Math.min(use[3], seconds);
            use[4] = Math.max(use[4], seconds);
            use[5]++;
        } else {
            uses.set(key, [p, event.eventName, target, seconds, seconds, 1]);
        }
        const hour = Math.floor(timeMs / 3_600_000);
        const bucket = hourly.get(`${p} ${hour}`);
        if (bucket) bucket[2]++;
        else hourly.set(`${p} ${hour}`, [p, hour, 1]);
    }

    // Bounds. Uses older than the window and hours older than the baseline say nothing any
    // finding asks; past the caps, the oldest go and coverage moves past them (the invariant).
    let evicted = previous?.evicted ?? 0;
    let keptUses = [...uses.values()].filter((u) => u[4] * 1000 >= coverageTo - limits.windowMs);
    if (keptUses.length > limits.maxUses) {
        keptUses.sort((a, b) => b[4] - a[4]);
        const dropped = keptUses.splice(limits.maxUses);
        evicted += dropped.length;
        coverageFrom = Math.max(coverageFrom, (dropped[0][4] + 1) * 1000);
    }
    const oldestHour = Math.floor((coverageTo - limits.baselineMs) / 3_600_000);
    let keptHours = [...hourly.values()].filter((h) => h[1] >= oldestHour);
    if (keptHours.length > limits.maxHours) {
        // Only baselines shorten (rate spikes need 24 hours of them): nothing to move coverage for.
        keptHours.sort((a, b) => b[1] - a[1]);
        keptHours = keptHours.slice(0, limits.maxHours);
    }
    const recent = new Map<string, number>();
    const recentFrom = coverageTo - limits.overlapMs;
    for (const [id, seconds] of previous?.recentEvents ?? []) {
        if (seconds * 1000 >= recentFrom) recent.set(id, seconds);
    }
    for (const event of read.events) {
        const timeMs = Date.parse(event.eventTime);
        if (timeMs >= recentFrom) recent.set(event.eventId, Math.floor(timeMs / 1000));
    }
    const recentEvents = [...recent.entries()];

    // Renumber the principals still referred to, so the table does not grow forever.
    const used = new Set<number>([...keptUses.map((u) => u[0]), ...keptHours.map((h) => h[0])]);
    const renumbered = new Map<number, number>();
    const keptPrincipals: string[] = [];
    for (const i of [...used].sort((a, b) => a - b)) {
        renumbered.set(i, keptPrincipals.length);
        keptPrincipals.push(principals[i]);
    }
    keptUses = keptUses.map((u) => [renumbered.get(u[0])!, u[1], u[2], u[3], u[4], u[5]] as UseEntry).sort((a, b) => a[0] - b[0] || a[2].localeCompare(b[2]) || a[1].localeCompare(b[1]));
    keptHours = keptHours.map((h) => [renumbered.get(h[0])!, h[1], h[2]] as HourEntry).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

    const state: UsageState = {
        ...emptyState(header, coverageFrom, coverageTo),
        principals: keptPrincipals,
        uses: keptUses,
        hourly: keptHours,
        recentEvents: recentEvents.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])),
        evicted,
    };
    return { state, fresh, gap };
}

/** A state's uses as lookups: the last use of each (principal, target), across actions. */
export class UsageIndex {
    private readonly lastUse = new Map<string, number>();
    private readonly hours = new Map<string, Map<number, number>>();
    readonly coverageFromMs: number;
    readonly coverageToMs: number;

    constructor(readonly state: UsageState) {
        this.coverageFromMs = Date.parse(state.coverage.from);
        this.coverageToMs = Date.parse(state.coverage.to);
        for (const [p, , target, , last] of state.uses) {
            const key = `${state.principals[p]} ${target}`;
            this.lastUse.set(key, Math.max(this.lastUse.get(key) ?? 0, last * 1000));
        }
        for (const [p, hour, count] of state.hourly) {
            const arn = state.principals[p];
            if (!this.hours.has(arn)) this.hours.set(arn, new Map());
            this.hours.get(arn)!.set(hour, count);
        }
    }

    /** Epoch ms of the principal's last invocation of `target` (`model:<id>`, `agent:<id>`), if the state has one. */
    lastUsedMs(principalArn: string, target: string): number | undefined {
        return this.lastUse.get(`${principalArn} ${target}`);
    }

    /** Invocations by the principal in each hour (epoch hour) the state holds. */
    hourlyOf(principalArn: string): ReadonlyMap<number, number> {
        return this.hours.get(principalArn) ?? new Map();
    }
}
