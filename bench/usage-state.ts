// What the usage state (issue 12) costs a run, at the sizes its limits allow: parse, merge one
// run's events, serialize; bytes; heap. Pure functions, no emulator: `npx tsx bench/usage-state.ts`.
import type { TrailEvent } from "../inventory-fn/collect/cloudtrail";
import { DEFAULT_USAGE_LIMITS, mergeUsage, stateProblem, UsageIndex, type UsageLimits, type UsageState } from "../inventory-fn/analyse/findings/usage";
import { Random } from "./account/random";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-23T14:00:00Z");
const ACCOUNT = "123456789012";
const header = { accountId: ACCOUNT, region: "us-east-1", runId: "20261123T140000Z", nowMs: NOW };
const limits: UsageLimits = { ...DEFAULT_USAGE_LIMITS, windowMs: 90 * DAY, overlapMs: 15 * 60_000 };
const MODELS = ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0", "amazon.titan-text-express-v1", "meta.llama3-8b-instruct-v1:0", "anthropic.claude-3-opus-20240229-v1:0", "cohere.command-r-v1:0"];
const EVENTS = ["InvokeModel", "Converse", "InvokeModelWithResponseStream"];

function events(rng: Random, principals: string[], count: number, fromMs: number, toMs: number, prefix: string): TrailEvent[] {
    return Array.from({ length: count }, (_, i) => ({
        eventId: `${prefix}-${i}`,
        eventName: rng.pick(EVENTS),
        eventTime: new Date(fromMs + Math.floor(rng.float() * (toMs - fromMs))).toISOString(),
        principalArn: rng.pick(principals),
        principalType: "AssumedRole",
        errorCode: rng.chance(0.02) ? "AccessDenied" : null,
        modelId: rng.pick(MODELS),
        agentId: null,
        agentAliasId: null,
    }));
}

function heapMb(): number {
    global.gc?.();
    return process.memoryUsage().heapUsed / 1e6;
}

function measure(activePrincipals: number, eventsPer90Days: number, runEvents: number): Record<string, number> {
    const rng = new Random(`usage-${activePrincipals}`);
    const principals = Array.from({ length: activePrincipals }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/app/team-${i % 40}/service-role-${i}`);
    // 90 days of history, merged a day at a time (what 8,640 runs would have built).
    let state: UsageState | undefined;
    const perDay = Math.ceil(eventsPer90Days / 90);
    for (let d = 90; d >= 1; d--) {
        const endMs = NOW - (d - 1) * DAY - 20 * 60_000;
        state = mergeUsage(state, { events: events(rng, principals, perDay, endMs - DAY, endMs, `d${d}`), startMs: state ? Date.parse(state.coverage.to) - 15 * 60_000 : endMs - DAY, endMs, complete: true }, { ...header, nowMs: endMs }, limits).state;
    }
    const body = JSON.stringify(state);
    const heapBefore = heapMb();
    const t0 = performance.now();
    const parsed = JSON.parse(body) as UsageState;
    if (stateProblem(parsed, ACCOUNT, "us-east-1")) throw new Error("invalid");
    const t1 = performance.now();
    const run = events(rng, principals, runEvents, NOW - 30 * 60_000, NOW, "run");
    const merged = mergeUsage(parsed, { events: run, startMs: Date.parse(parsed.coverage.to) - 15 * 60_000, endMs: NOW, complete: true }, header, limits);
    const index = new UsageIndex(merged.state);
    const t2 = performance.now();
    const written = JSON.stringify(merged.state);
    const t3 = performance.now();
    const heapAfter = heapMb();
    void index;
    return {
        activePrincipals,
        eventsPer90Days,
        runEvents,
        uses: merged.state.uses.length,
        hours: merged.state.hourly.length,
        evicted: merged.state.evicted,
        bytes: Buffer.byteLength(written),
        parseMs: Math.round(t1 - t0),
        mergeMs: Math.round(t2 - t1),
        serializeMs: Math.round(t3 - t2),
        heapMb: Math.round((heapAfter - heapBefore) * 10) / 10,
    };
}

const rows = [measure(200, 90_000, 500), measure(1000, 900_000, 2000), measure(3000, 2_700_000, 10_000)];
console.log(JSON.stringify(rows, null, 1));
