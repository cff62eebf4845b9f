import { monitorEventLoopDelay } from "node:perf_hooks";
import { runFunction, type FunctionRunOptions, type FunctionRunReport } from "../harness";

/**
 * The function's own process: the bench forks this (bundled by esbuild, as the Lambda's code
 * is) so the run's peak RSS is the function's alone, not the emulator's or the account's.
 */
export interface ChildReply {
    readonly report?: FunctionRunReport;
    readonly error?: string;
    /** process.resourceUsage().maxRSS, kilobytes. */
    readonly maxRssKb: number;
    /** RSS right after start-up, before the run (the runtime and the bundle). */
    readonly baselineRssKb: number;
    /** Event-loop delay over the run (real ms): how long the function's CPU work held its timers back. */
    readonly eventLoop?: { readonly maxMs: number; readonly p99Ms: number; readonly stalls: readonly { readonly atMs: number; readonly ms: number }[] };
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
    const ticker = setInterval(() => {
        const now = Date.now();
        if (now - tick > 110) stalls.push({ atMs: tick - started, ms: now - tick - 10 });
        tick = now;
    }, 10);
    try {
        const report = await runFunction(options);
        delay.disable();
        clearInterval(ticker);
        reply = { report, maxRssKb: process.resourceUsage().maxRSS, baselineRssKb, eventLoop: { maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, stalls } };
    } catch (error) {
        reply = { error: String((error as Error)?.stack ?? error), maxRssKb: process.resourceUsage().maxRSS, baselineRssKb };
    }
    process.send!(reply, () => process.exit(0));
}

void main();
