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
}

async function main(): Promise<void> {
    const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
    const options = JSON.parse(process.env.BENCH_CHILD_OPTIONS ?? "{}") as FunctionRunOptions;
    let reply: ChildReply;
    try {
        const report = await runFunction(options);
        reply = { report, maxRssKb: process.resourceUsage().maxRSS, baselineRssKb };
    } catch (error) {
        reply = { error: String((error as Error)?.stack ?? error), maxRssKb: process.resourceUsage().maxRSS, baselineRssKb };
    }
    process.send!(reply, () => process.exit(0));
}

void main();
