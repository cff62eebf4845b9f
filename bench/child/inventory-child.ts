import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";
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
    /**
     * What the RSS is made of at start-up and at the sampled RSS peak: process.memoryUsage() and
     * each V8 heap space's committed size (kilobytes), so a peak can be told apart as young
     * generation (new_space), old space, large objects, code, or memory outside V8's heap.
     */
    readonly attribution?: { readonly start: MemoryPicture; readonly peak: MemoryPicture };
    readonly eventLoop?: { readonly maxMs: number; readonly p99Ms: number; readonly stalls: readonly { readonly atMs: number; readonly ms: number }[] };
}

export interface MemoryPicture {
    readonly atMs: number;
    readonly rssKb: number;
    readonly heapTotalKb: number;
    readonly heapUsedKb: number;
    readonly externalKb: number;
    readonly arrayBuffersKb: number;
    /** V8 heap space -> committed kilobytes (what it holds of the RSS) / used kilobytes. */
    readonly spaces: Readonly<Record<string, { readonly committedKb: number; readonly usedKb: number }>>;
}

function memoryPicture(atMs: number): MemoryPicture {
    const m = process.memoryUsage();
    const kb = (n: number) => Math.round(n / 1024);
    const spaces: Record<string, { committedKb: number; usedKb: number }> = {};
    for (const space of getHeapSpaceStatistics()) spaces[space.space_name] = { committedKb: kb(space.physical_space_size), usedKb: kb(space.space_used_size) };
    return { atMs, rssKb: kb(m.rss), heapTotalKb: kb(m.heapTotal), heapUsedKb: kb(m.heapUsed), externalKb: kb(m.external), arrayBuffersKb: kb(m.arrayBuffers), spaces };
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
    const start = memoryPicture(0);
    let peak = start;
    // BENCH_HEAP_SNAPSHOT_MB=<n>: one heap snapshot (in the working folder) the first time the RSS
    // passes n MB, to see what the heap holds there. Writing it costs memory and time itself:
    // for finding the peak, never for a measured figure.
    const snapshotAtKb = Number(process.env.BENCH_HEAP_SNAPSHOT_MB ?? 0) * 1024;
    let snapshotTaken = false;
    // BENCH_MEMORY_SERIES=1: every sample on stderr, to line the RSS up with the run's phases.
    const series = process.env.BENCH_MEMORY_SERIES === "1";
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
                peak = memoryPicture(now - started);
            }
            if (series) console.error(`memory ${((now - started) / 1000).toFixed(1)} s: rss ${Math.round(m.rss / 2 ** 20)} heapUsed ${Math.round(m.heapUsed / 2 ** 20)} heapTotal ${Math.round(m.heapTotal / 2 ** 20)} external ${Math.round(m.external / 2 ** 20)}`);
            if (snapshotAtKb > 0 && !snapshotTaken && m.rss / 1024 >= snapshotAtKb) {
                snapshotTaken = true;
                console.error(`heap snapshot at ${Math.round(m.rss / 2 ** 20)} MB RSS: ${writeHeapSnapshot()}`);
            }
        }
        if (now - tick > 110) stalls.push({ atMs: tick - started, ms: now - tick - 10 });
        tick = now;
    }, 10);
    try {
        const report = await runFunction(series ? { ...options, onEvent: (event) => console.error(`event ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(event).slice(0, 160)}`) } : options);
        delay.disable();
        clearInterval(ticker);
        reply = { report, maxRssKb: peakRssKb(), baselineRssKb, memory, attribution: { start, peak }, eventLoop: { maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, stalls } };
    } catch (error) {
        reply = { error: String((error as Error)?.stack ?? error), maxRssKb: peakRssKb(), baselineRssKb };
    }
    process.send!(reply, () => process.exit(0));
}

void main();
