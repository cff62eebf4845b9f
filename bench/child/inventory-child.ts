import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { runFunction, type FunctionRunOptions, type FunctionRunReport } from "../harness";

/**
 * The function's own process: the bench forks this (bundled by esbuild, as the Lambda's code
 * is) so the run's peak RSS is the function's alone, not the emulator's or the account's.
 */
export interface ChildReply {
    readonly report?: FunctionRunReport;
    readonly error?: string;
    /** The process's own peak RSS, kilobytes (see {@link peakRssKb}). */
    readonly maxRssKb: number;
    /** RSS right after start-up, before the run (the runtime and the bundle). */
    readonly baselineRssKb: number;
    /** Event-loop delay over the run (real ms): how long the function's CPU work held its timers back. */
    /** Peaks of process.memoryUsage() sampled every 50 ms, kilobytes: what the RSS is made of. */
    readonly memory?: { readonly heapUsedKb: number; readonly externalKb: number; readonly arrayBuffersKb: number; readonly rssKb: number; readonly rssPeakAtMs: number };
    readonly eventLoop?: { readonly maxMs: number; readonly p99Ms: number; readonly stalls: readonly { readonly atMs: number; readonly ms: number }[] };
}

/**
 * Peak RSS of this process since it started, in kilobytes: Linux's VmHWM. Not
 * `process.resourceUsage().maxRSS`: getrusage's ru_maxrss survives execve, so a forked child
 * reports its parent's RSS at the fork when that is higher (the bench's parent holds the
 * emulated account: 427 MB reported for a run whose own peak was 180 MB).
 */
function peakRssKb(): number {
    try {
        const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/self/status", "utf8"));
        if (match) return Number(match[1]);
    } catch {
        // Not Linux: fall through.
    }
    return process.resourceUsage().maxRSS;
}

async function main(): Promise<void> {
    const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
    const options = JSON.parse(process.env.BENCH_CHILD_OPTIONS ?? "{}") as FunctionRunOptions;
    let reply: ChildReply;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // Stalls over 100 ms, with when they began (real ms since the run started).
    const stalls: { atMs: number; ms: number }[] = [];
    const started = Date.now();
    let tick = Date.now();
    let sampled = 0;
    const memory = { heapUsedKb: 0, externalKb: 0, arrayBuffersKb: 0, rssKb: 0, rssPeakAtMs: 0 };
    const ticker = setInterval(() => {
        const now = Date.now();
        if (now - sampled >= 50) {
            sampled = now;
            const m = process.memoryUsage();
            memory.heapUsedKb = Math.max(memory.heapUsedKb, Math.round(m.heapUsed / 1024));
            memory.externalKb = Math.max(memory.externalKb, Math.round(m.external / 1024));
            memory.arrayBuffersKb = Math.max(memory.arrayBuffersKb, Math.round(m.arrayBuffers / 1024));
            if (m.rss / 1024 > memory.rssKb) {
                memory.rssKb = Math.round(m.rss / 1024);
                memory.rssPeakAtMs = now - started;
            }
        }
        if (now - tick > 110) stalls.push({ atMs: tick - started, ms: now - tick - 10 });
        tick = now;
    }, 10);
    try {
        const report = await runFunction(options);
        delay.disable();
        clearInterval(ticker);
        reply = { report, maxRssKb: peakRssKb(), baselineRssKb, memory, eventLoop: { maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, stalls } };
    } catch (error) {
        reply = { error: String((error as Error)?.stack ?? error), maxRssKb: peakRssKb(), baselineRssKb };
    }
    process.send!(reply, () => process.exit(0));
}

void main();
