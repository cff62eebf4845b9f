import type { EmulatedRequest } from "./wire";

/**
 * A fault the emulator injects: which APIs, what happens, when and how often. Times are virtual
 * milliseconds since the fault was installed (`AwsEmulator.setFaults`).
 */
export interface FaultRule {
    readonly name: string;
    /** `service:Operation` names, `service:*`, or `*`. */
    readonly apis: readonly string[];
    /** `kmsInvalidState`: S3 cannot use the bucket's KMS key (disabled or pending deletion). */
    readonly effect: "throttle" | "accessDenied" | "serverError" | "kmsInvalidState";
    /** Share of matching requests hit; default 1. */
    readonly probability?: number;
    readonly startMs?: number;
    readonly durationMs?: number;
    /** Stop after this many hits ("fails once"). */
    readonly maxHits?: number;
    /** Let this many matching requests through before firing ("from the k-th copy": k - 1). */
    readonly skipFirst?: number;
    /** Narrows the rule to some requests (one agent, one key). */
    readonly when?: (request: EmulatedRequest, api: string) => boolean;
}

export interface Faults {
    readonly rules?: readonly FaultRule[];
    /** Logs Insights queries stay `Running` forever. */
    readonly logsQueriesNeverComplete?: boolean;
}

export function apiMatches(patterns: readonly string[], api: string): boolean {
    return patterns.some((p) => p === "*" || p === api || (p.endsWith(":*") && api.startsWith(p.slice(0, -1))));
}

export class FaultState {
    private readonly hits = new Map<FaultRule, number>();
    private readonly matched = new Map<FaultRule, number>();
    private installedAt: number;

    constructor(
        readonly faults: Faults,
        now: number,
        /** Seeded [0,1) source, so a storm's victims are the same on every run. */
        private readonly random: () => number,
    ) {
        this.installedAt = now;
    }

    /** The first rule that fires for this request, counted as a hit. */
    fire(request: EmulatedRequest, api: string, now: number): FaultRule | undefined {
        const elapsed = now - this.installedAt;
        for (const rule of this.faults.rules ?? []) {
            if (!apiMatches(rule.apis, api)) continue;
            if (rule.startMs !== undefined && elapsed < rule.startMs) continue;
            if (rule.durationMs !== undefined && elapsed >= (rule.startMs ?? 0) + rule.durationMs) continue;
            const hits = this.hits.get(rule) ?? 0;
            if (rule.maxHits !== undefined && hits >= rule.maxHits) continue;
            if (rule.when && !rule.when(request, api)) continue;
            const matched = (this.matched.get(rule) ?? 0) + 1;
            this.matched.set(rule, matched);
            if (rule.skipFirst !== undefined && matched <= rule.skipFirst) continue;
            if (rule.probability !== undefined && this.random() >= rule.probability) continue;
            this.hits.set(rule, hits + 1);
            return rule;
        }
        return undefined;
    }

    hitsOf(name: string): number {
        let n = 0;
        for (const [rule, hits] of this.hits) if (rule.name === name) n += hits;
        return n;
    }
}
