import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { appendTrailEvents, describeAccount, generateAccount } from "./account/generate";
import { Random } from "./account/random";
import type { Account } from "./account/types";
import { runSequentialBaseline, type SequentialResult } from "./baseline/sequential";
import { runFunctionInChild, sourceLabel } from "./child/spawn";
import type { ChildReply } from "./child/inventory-child";
import { VirtualClock } from "./emulator/clock";
import { AwsEmulator, type ApiStats } from "./emulator/server";
import { faultScenarios, runScenario, type ScenarioOutcome } from "./faults/scenarios";
import { BENCH_BUCKET, BENCH_KMS_KEY } from "./harness";
import { lowerBound, type LowerBound } from "./lower-bound";
import { inventoryHeapLimitMb, inventoryRuntimeEnvironment } from "../components/inventory-heap";
import { RUN_BREAKING_KINDS } from "../inventory-fn/collect/context";
import { LAMBDA_TIMEOUT_MS } from "./harness";

/** BedrockInventory's default memory (seed 000): the bench measures the function as deployed. */
const DEPLOYED_MEMORY_MB = 256;
/** What docs/inventory-function.md tells an account the size of the 4x sweep row to set. */
const LARGE_ACCOUNT_MEMORY_MB = 512;

/**
 * The policy pack's figures (bench/policy-eval.ts), run three times in a child process each so
 * one busy moment of a shared machine does not decide it; the median run is reported.
 */
function policyPackFigures(): { stackMs: number; documentMs: number; runs: number[] } {
    const runs = [0, 1, 2].map(() => {
        const out = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "policy-eval.ts"), "--json"], { cwd: path.resolve(__dirname, ".."), maxBuffer: 16 * 1024 * 1024 }).toString();
        const figures = JSON.parse(out) as { measuredStackMs: { everyResourceA10KbPolicy: number }; medianMs: { runnerPerResource: number } };
        return { stackMs: figures.measuredStackMs.everyResourceA10KbPolicy, documentMs: figures.medianMs.runnerPerResource };
    });
    const median = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[1];
    return { stackMs: median(runs, (r) => r.stackMs).stackMs, documentMs: median(runs, (r) => r.documentMs).documentMs, runs: runs.map((r) => r.stackMs) };
}

/**
 * `npm run bench [-- --scale 1 --time-scale 4 --sweep 1,2,4 --seed s]`: the figures of issue 4.
 * `npm run bench -- --faults [--fault-scale 0.1]`: the fault table.
 */

interface Args {
    readonly faults: boolean;
    readonly scale: number;
    /** Time scale of the headline (reference) run: 1 = real time, nothing compressed. */
    readonly timeScale: number;
    /** Time scale of the incremental run, the sequential sample and the sweep. */
    readonly auxTimeScale: number;
    readonly sweep: number[];
    /** Real seconds a sweep run may take before it is stopped and reported as over budget. */
    readonly sweepBudgetS: number;
    readonly seed: string;
    readonly faultScale: number;
    readonly faultTimeScale: number;
    readonly stormMs: number;
    readonly baseline: boolean;
    /**
     * The headline run without the incremental run, the sequential collector and the policy pack
     * (the sweep only when `--sweep` is given): the quickest memory iteration.
     */
    readonly firstOnly: boolean;
}

function parseArgs(argv: string[]): Args {
    const value = (flag: string) => {
        const i = argv.indexOf(flag);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const number = (flag: string, fallback: number) => {
        const raw = value(flag);
        if (raw === undefined) return fallback;
        const n = Number(raw);
        if (!(n > 0)) {
            console.error(`${flag}: got ${raw}, expected a number > 0`);
            process.exit(2);
        }
        return n;
    };
    const quick = argv.includes("--quick");
    return {
        faults: argv.includes("--faults"),
        scale: number("--scale", 1),
        timeScale: number("--time-scale", quick ? 4 : 1),
        auxTimeScale: number("--aux-time-scale", 4),
        sweep: (value("--sweep") ?? (argv.includes("--first-only") ? "" : quick ? "1,2" : "1,2,4")).split(",").map(Number).filter((n) => n > 0),
        sweepBudgetS: number("--sweep-budget", 300),
        seed: value("--seed") ?? "bedrock-governance-bench",
        faultScale: number("--fault-scale", 0.1),
        faultTimeScale: number("--fault-time-scale", 10),
        stormMs: number("--storm-ms", 30_000),
        baseline: !argv.includes("--no-baseline") && !argv.includes("--first-only"),
        firstOnly: argv.includes("--first-only"),
    };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

function table(headers: string[], rows: (string | number)[][]): string {
    const cells = [headers, ...rows.map((r) => r.map(String))];
    const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [line(cells[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.slice(1).map(line)].join("\n");
}

function byService(stats: Record<string, ApiStats>): Record<string, ApiStats> {
    const out: Record<string, ApiStats> = {};
    for (const [api, st] of Object.entries(stats)) {
        const service = api.split(":")[0];
        const acc = (out[service] ??= { calls: 0, retries: 0, throttled: 0, faulted: 0, errors: 0, bytesOut: 0, firstAtMs: st.firstAtMs, lastAtMs: st.lastAtMs });
        for (const k of ["calls", "retries", "throttled", "faulted", "errors", "bytesOut"] as const) acc[k] += st[k];
        acc.firstAtMs = Math.min(acc.firstAtMs, st.firstAtMs);
        acc.lastAtMs = Math.max(acc.lastAtMs, st.lastAtMs);
    }
    return out;
}

interface MeasuredRun {
    readonly scale: number;
    readonly timeScale: number;
    /** Lambda memory the run was given: the heap cap BedrockInventory derives from it. */
    readonly memoryMb: number;
    readonly account: Record<string, number>;
    readonly lowerBound: LowerBound;
    readonly child: ChildReply;
    readonly wallMs: number;
    readonly stats: Record<string, ApiStats>;
    readonly peakRunningQueries: number;
}

async function measureRun(emulator: AwsEmulator, account: Account, scale: number, windowStartMs: number, budgetMs?: number, memoryMb = DEPLOYED_MEMORY_MB): Promise<MeasuredRun> {
    const clock = emulator.clock;
    emulator.resetStats();
    const lb = lowerBound(account, { windowStartMs, windowEndMs: clock.now() });
    // The runtime environment BedrockInventory deploys (heap limits in NODE_OPTIONS, malloc
    // arenas; default 256 MB of memory), so the peak RSS measured is the deployed function's.
    const child = await runFunctionInChild(
        { endpoint: emulator.endpoint, timeScale: clock.timeScale, originMs: clock.originMs, environment: { ACCOUNT_ID: account.accountId } },
        budgetMs,
        [],
        inventoryRuntimeEnvironment(memoryMb),
    );
    return { scale, timeScale: clock.timeScale, memoryMb, account: describeAccount(account), lowerBound: lb, child, wallMs: child.report?.virtualDurationMs ?? NaN, stats: emulator.apiStats(), peakRunningQueries: emulator.logs.peakConcurrent };
}

function printRun(title: string, run: MeasuredRun): void {
    console.log(`\n## ${title} (time scale ${run.timeScale}x)\n`);
    const r = run.child.report;
    if (!r) {
        console.log(`the run did not finish: ${run.child.error}`);
        return;
    }
    console.log(`status ${r.status}, statusCode ${r.result.statusCode}; wall ${s(run.wallMs)}${run.timeScale !== 1 ? ` virtual (${s(r.realDurationMs)} real)` : ""}`);
    console.log(`lower bound ${s(run.lowerBound.totalMs)} (${run.lowerBound.bindingChain}); ratio ${(run.wallMs / run.lowerBound.totalMs).toFixed(2)}x`);
    const memory = run.child.memory;
    console.log(`peak RSS ${mb(run.child.maxRssKb)} (process start ${mb(run.child.baselineRssKb)}${memory ? `; peaks of heap used ${mb(memory.heapUsedKb)}, external ${mb(memory.externalKb)}, of which array buffers ${mb(memory.arrayBuffersKb)}; sampled RSS peak ${mb(memory.rssKb)} at ${s(memory.rssPeakAtMs)} real` : ""})`);
    const attribution = run.child.attribution;
    if (attribution) {
        const line = (label: string, p: NonNullable<ChildReply["attribution"]>["start"]) =>
            `${label} (${s(p.atMs)} real): RSS ${mb(p.rssKb)} = V8 heap committed ${mb(p.heapTotalKb)} (${Object.entries(p.spaces)
                .filter(([, v]) => v.committedKb >= 512)
                .map(([k, v]) => `${k.replace(/_space$/, "")} ${mb(v.committedKb)}/${mb(v.usedKb)} used`)
                .join(", ")}) + external ${mb(p.externalKb)} (array buffers ${mb(p.arrayBuffersKb)}) + the rest ${mb(p.rssKb - p.heapTotalKb - p.externalKb)} (code, native, the runtime)`;
        console.log(line("memory at start", attribution.start));
        console.log(line("memory at the sampled RSS peak", attribution.peak));
    }
    const manifest = r.manifest as Record<string, unknown> | undefined;
    const artifacts = (manifest?.artifacts as { name: string; bytes: number; count: number }[] | undefined) ?? [];
    console.log(`artifacts: ${artifacts.map((a) => `${a.name} ${a.count} records ${(a.bytes / 1e6).toFixed(1)} MB`).join(", ")}`);
    const usage = manifest?.usageState as { status: string; bytes?: number; uses?: number; hours?: number; readMs?: number; mergeMs?: number; writeMs?: number } | undefined;
    if (usage) console.log(`usage state: ${usage.status}, ${usage.uses ?? 0} uses, ${usage.hours ?? 0} hourly counts, ${((usage.bytes ?? 0) / 1e3).toFixed(1)} kB; read ${usage.readMs ?? 0} ms, merge ${usage.mergeMs ?? 0} ms, write ${usage.writeMs ?? 0} ms (virtual)`);
    const phases = r.events.filter((e) => e.event === "collector_finished").map((e) => [(e as { collector: string }).collector, s((e as { durationMs: number }).durationMs), s(e.atMs), (e as { count: number }).count]);
    const written = r.events.find((e) => e.event === "artifacts_written");
    const lastCollector = Math.max(...r.events.filter((e) => e.event === "collector_finished").map((e) => e.atMs));
    console.log(table(["collector", "took", "done at", "count"], [...phases, ["analysis + runs/ writes", s((written?.atMs ?? 0) - lastCollector), s(written?.atMs ?? 0), ""]]));
    console.log();
    const services = byService(run.stats);
    console.log(table(["service", "calls", "retries", "throttled", "errors"], Object.entries(services).map(([k, v]) => [k, v.calls, v.retries, v.throttled, v.errors + v.faulted])));
    console.log();
    console.log(table(["API", "calls", "unavoidable", "retries", "throttled", "first - last request"], Object.entries(run.stats).map(([k, v]) => [k, v.calls, run.lowerBound.unavoidableCalls[k] ?? "-", v.retries, v.throttled, `${s(v.firstAtMs)} - ${s(v.lastAtMs)}`])));
    const logs = logsOutcome(run);
    console.log(`\nLogs Insights: ${logs.startQueries} StartQuery and ${logs.lookups} DescribeLogGroups for ${logs.groups} tool log groups (${logs.missing} never created, ${logs.denied} denied); at most ${logs.peakRunning} queries running at once; recorded: ${logs.recordedMissing} not_found, ${logs.recordedDenied} access_denied`);
    const stalls = run.child.eventLoop;
    if (stalls) {
        const total = stalls.stalls.reduce((n, x) => n + x.ms, 0);
        console.log(`\nevent loop (real ms; the function's own CPU work holding its timers back): longest stall ${stalls.maxMs.toFixed(0)} ms, p99 delay ${stalls.p99Ms.toFixed(0)} ms; ${stalls.stalls.length} stalls over 100 ms, ${s(total)} in all: ${stalls.stalls.slice(0, 12).map((x) => `${s(x.atMs)} ${x.ms} ms`).join(", ")}${stalls.stalls.length > 12 ? ", ..." : ""}`);
    }
}

/** What the Logs collector did against the account's missing and denied groups. */
function logsOutcome(run: MeasuredRun) {
    const errors = (run.child.report?.errors ?? []) as readonly { source: string; kind: string; resource?: string }[];
    return {
        groups: run.lowerBound.toolLogGroups.queried,
        missing: run.lowerBound.toolLogGroups.missing,
        denied: run.lowerBound.toolLogGroups.denied,
        startQueries: run.stats["logs:StartQuery"]?.calls ?? 0,
        lookups: run.stats["logs:DescribeLogGroups"]?.calls ?? 0,
        peakRunning: run.peakRunningQueries,
        recordedMissing: errors.filter((e) => e.source === "logs" && e.kind === "not_found").length,
        recordedDenied: errors.filter((e) => e.source === "logs" && e.kind === "access_denied").length,
        /** Every error that makes the run partial is a denied log group's, one each. */
        partialOnlyFromDenied: errors.filter((e) => RUN_BREAKING_KINDS.has(e.kind as never)).every((e) => e.source === "logs" && e.kind === "access_denied"),
    };
}

async function withEmulator<T>(account: Account, timeScale: number, seed: string, body: (emulator: AwsEmulator) => Promise<T>): Promise<T> {
    const emulator = new AwsEmulator({ account, bucket: BENCH_BUCKET, kmsKeyId: BENCH_KMS_KEY, clock: new VirtualClock(timeScale), seed });
    await emulator.start();
    try {
        return await body(emulator);
    } finally {
        await emulator.stop();
    }
}

async function figures(args: Args): Promise<void> {
    const results: Record<string, unknown> = { args };
    const machine = { nproc: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", memoryGb: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${os.platform()} ${os.release()}` };
    results.machine = machine;
    console.log(`# Inventory bench\n\nmachine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}`);
    console.log(`function source: ${sourceLabel()} (BENCH_SOURCE=<git ref> measures a commit)`);
    results.source = sourceLabel();
    console.log(`time scale k: quotas per virtual second, latencies in virtual ms, the function's clock and retry delays on the same scale; CPU is not compressed, so k > 1 is pessimistic for the function (its CPU weighs k times more)`);

    const account = generateAccount({ seed: args.seed, scale: args.scale, anchorMs: Date.now() });
    console.log(`\naccount (seed ${args.seed}, scale ${args.scale}): ${JSON.stringify(describeAccount(account))}`);

    // 1. The headline run, and the bucket state it leaves for the incremental run.
    const { first, bucket } = await withEmulator(account, args.timeScale, args.seed, async (emulator) => {
        const run = await measureRun(emulator, account, args.scale, emulator.clock.now() - 24 * 3600_000);
        return { first: run, bucket: emulator.s3.snapshot("") };
    });
    printRun("First run (no cursor: the 24 h first-run window)", first);
    results.first = first;
    const firstReport = first.child.report;
    if (!firstReport) throw new Error("the first run did not finish; nothing to compare");

    // 2. Incremental: the same bucket, 100 new Bedrock events since the first run's cursor.
    const newEvents = 100;
    let trailCalls = 0;
    let inWindow = 0;
    let sequential: SequentialResult | undefined;
    // A run with a denied log group is partial (as the function's rules say) and is not promoted,
    // so it leaves no cursor. The incremental run is measured the way an operator gets there: the
    // manifest names the denied groups, they are added to TOOL_LOG_GROUPS (the role may now read
    // them), a run completes and is promoted, then 100 new events arrive.
    const fixed: Account = { ...account, deniedLogGroups: [] };
    let fixedRun: MeasuredRun | undefined;
    if (!args.firstOnly) await withEmulator(fixed, args.auxTimeScale, args.seed, async (emulator) => {
        let cursorMs = Date.parse(String((firstReport.manifest as { cloudTrail?: { cursor?: string } })?.cloudTrail?.cursor ?? ""));
        if (firstReport.result.statusCode === 200) {
            for (const [key, body] of bucket) emulator.s3.seed(key, body);
        } else {
            fixedRun = await measureRun(emulator, fixed, args.scale, emulator.clock.now() - 24 * 3600_000);
            printRun("First run once the denied groups are readable (complete and promoted; the incremental run's start)", fixedRun);
            results.fixedFirst = fixedRun;
            cursorMs = Date.parse(String((fixedRun.child.report?.manifest as { cloudTrail?: { cursor?: string } })?.cloudTrail?.cursor ?? ""));
        }
        appendTrailEvents(account, new Random(`${args.seed}-incremental`), newEvents, cursorMs + 1, emulator.clock.now() - 1);
        const overlapStart = cursorMs - 15 * 60_000;
        const second = await measureRun(emulator, fixed, args.scale, overlapStart);
        printRun(`Incremental run (${newEvents} new events)`, second);
        inWindow = account.events.filter((e) => e.eventTime >= overlapStart).length;
        trailCalls = second.stats["cloudtrail:LookupEvents"]?.calls ?? 0;
        console.log(`\nCloudTrail: ${trailCalls} LookupEvents calls for ${inWindow} events in the window (${newEvents} new, ${inWindow - newEvents} re-read in the 15-minute overlap before the cursor); first run: ${first.stats["cloudtrail:LookupEvents"]?.calls ?? 0} calls for ${first.account.trailEvents} events. Cost = ceil((new + overlap) / 50) pages at 2/s.`);
        results.incremental = { ...second, newEvents, eventsInWindow: inWindow, trailCalls };

        // 3. The sequential collector, on a sample of the same account through the same emulator.
        if (args.baseline) {
            emulator.resetStats();
            sequential = await runSequentialBaseline(account, emulator.endpoint, emulator.clock);
            console.log(`\n## Sequential per-principal collector (same emulator, same account; time scale ${args.auxTimeScale}x; a sample, extrapolated linearly)\n`);
            console.log(table(["phase", "sampled / total", "measured", "calls", "extrapolated", "calls (extrap.)"], sequential.phases.map((p) => [p.phase, `${p.sampled} / ${p.total}`, s(p.measuredMs), p.calls, s(p.extrapolatedMs), p.extrapolatedCalls])));
            console.log(`\nsequential: ${s(sequential.extrapolatedMs)} for ${sequential.extrapolatedCalls} calls (measured ${s(sequential.measuredMs)} on the sample); inventory function (first run): ${s(first.wallMs)}; ratio ${(sequential.extrapolatedMs / first.wallMs).toFixed(1)}x`);
            results.sequential = sequential;
        }
    });

    // 4. Size sweep, all at the auxiliary time scale so its rows compare with each other.
    const sweep: Record<string, unknown>[] = [];
    for (const factor of args.sweep) {
        const big = generateAccount({ seed: args.seed, scale: args.scale * factor, anchorMs: Date.now() });
        // The 4x account and larger get the memory docs/inventory-function.md tells them to set.
        const memoryMb = factor >= 4 ? LARGE_ACCOUNT_MEMORY_MB : DEPLOYED_MEMORY_MB;
        const run = await withEmulator(big, args.auxTimeScale, args.seed, (emulator) => measureRun(emulator, big, args.scale * factor, emulator.clock.now() - 24 * 3600_000, args.sweepBudgetS * 1000, memoryMb));
        const logs = logsOutcome(run);
        const manifest = run.child.report?.manifest as Record<string, unknown> | undefined;
        sweep.push({
            size: `${factor}x`,
            principals: run.account.roles + run.account.users + run.account.groups,
            agents: run.account.agents,
            agentBindings: manifest?.agentBindingCount ?? "-",
            wallMs: run.wallMs,
            lowerBoundMs: run.lowerBound.totalMs,
            ratio: run.wallMs / run.lowerBound.totalMs,
            maxRssKb: run.child.maxRssKb,
            memoryMb,
            status: run.child.report?.status ?? run.child.error,
            partialOnlyFromDenied: logs.partialOnlyFromDenied,
            denied: logs.recordedDenied,
        });
        process.stdout.write(`  sweep ${factor}x: ${run.child.report?.status ?? run.child.error}\n`);
    }
    console.log(`\n## Size sweep (time scale ${args.auxTimeScale}x, budget ${args.sweepBudgetS} s real per run)\n`);
    console.log(
        table(
            ["size", "principals", "agents", "agent bindings", "wall (virtual)", "lower bound", "ratio", "memory (heap cap)", "peak RSS", "status"],
            sweep.map((r) => [String(r.size), String(r.principals), String(r.agents), String(r.agentBindings), Number.isNaN(r.wallMs as number) ? "-" : s(r.wallMs as number), s(r.lowerBoundMs as number), Number.isNaN(r.ratio as number) ? "-" : `${(r.ratio as number).toFixed(2)}x`, `${r.memoryMb} MB (${inventoryHeapLimitMb(r.memoryMb as number)} MB)`, (r.maxRssKb as number) > 0 ? mb(r.maxRssKb as number) : "-", `${r.status}${r.status === "partial" && r.partialOnlyFromDenied ? ` (${r.denied} denied log groups only)` : ""}`]),
        ),
    );
    results.sweep = sweep;

    const ratio = first.wallMs / first.lowerBound.totalMs;
    const speedup = sequential ? sequential.extrapolatedMs / first.wallMs : NaN;
    const logs = logsOutcome(first);
    // Insights' cost: one query per 50 readable groups, plus the halving a denied group costs.
    const queryBudget = Math.ceil((logs.groups - logs.missing - logs.denied) / 50) + logs.denied * 2 * Math.ceil(Math.log2(50));
    const large = sweep.find((r) => r.size === "4x");
    const largeHolds = !!large && (large.status === "complete" || (large.status === "partial" && large.partialOnlyFromDenied === true)) && (large.wallMs as number) <= LAMBDA_TIMEOUT_MS && (large.maxRssKb as number) < (large.memoryMb as number) * 1024;
    const pack = args.baseline ? policyPackFigures() : undefined;
    const checks: (readonly [string, boolean, string])[] = [
        [`reference account: within 1.2x of the lower bound`, ratio <= 1.2, `${ratio.toFixed(2)}x (${s(first.wallMs)} / ${s(first.lowerBound.totalMs)})`],
        [`reference account: at least 20x the sequential collector`, speedup >= 20, Number.isNaN(speedup) ? "not run" : `${speedup.toFixed(1)}x`],
        [`reference account: peak RSS at most 170 MB (${DEPLOYED_MEMORY_MB} MB, heap cap ${inventoryHeapLimitMb(DEPLOYED_MEMORY_MB)} MB)`, first.child.maxRssKb <= 170 * 1024, mb(first.child.maxRssKb)],
        [`reference account: no Insights query per missing group (at most ${queryBudget} StartQuery)`, logs.startQueries <= queryBudget, `${logs.startQueries} StartQuery + ${logs.lookups} DescribeLogGroups; ${logs.missing} missing and ${logs.denied} denied of ${logs.groups} groups`],
        [`reference account: each missing and denied group recorded; partial only from the denied ones`, logs.recordedMissing === logs.missing && logs.recordedDenied === logs.denied && logs.partialOnlyFromDenied && firstReport.status === (logs.denied > 0 ? "partial" : "complete"), `${firstReport.status}: ${logs.recordedMissing} not_found, ${logs.recordedDenied} access_denied`],
        [`incremental CloudTrail cost proportional to new events`, !args.firstOnly && trailCalls <= Math.ceil(inWindow / 50) + 1, args.firstOnly ? "not run (--first-only)" : `${trailCalls} calls for ${inWindow} events in window`],
        [`4x account completes within the Lambda limit at ${LARGE_ACCOUNT_MEMORY_MB} MB`, largeHolds, large ? `${large.status}, ${Number.isNaN(large.wallMs as number) ? "-" : s(large.wallMs as number)} virtual, ${mb(large.maxRssKb as number)}` : "not run (--sweep without 4)"],
        [`policy pack: 2,000 resources x 10 KB policy under 1 s`, !!pack && pack.stackMs < 1000, pack ? `${pack.stackMs.toFixed(0)} ms (${pack.runs.map((m) => m.toFixed(0)).join(", ")} ms in ${pack.runs.length} runs; median)` : "not run"],
        [`policy pack: one 10 KB document under 0.5 ms`, !!pack && pack.documentMs < 0.5, pack ? `${(pack.documentMs * 1000).toFixed(0)} µs (runner, 14 rules, median)` : "not run"],
    ];
    console.log(`\n## Targets (function source: ${sourceLabel()})\n`);
    console.log(table(["target", "measured", "holds"], checks.map(([t, ok, m]) => [t, m, ok ? "yes" : "NO"])));
    results.targets = checks;
    writeResults(results);
}

function writeResults(results: Record<string, unknown>): void {
    const out = path.resolve(__dirname, "results");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "figures.json"), JSON.stringify(results, null, 2));
    console.log(`\n(figures also in bench/results/figures.json)`);
}

/** What happened to the promotion, from the run's manifest or, when it could not record it, the result. */
function promotionOf(o: ScenarioOutcome): string {
    if (o.status !== "complete") return "not attempted (run not complete)";
    if (o.statusCode === 200) return "promoted";
    if (o.promotion) return `${o.promotion} (in the run's manifest)`;
    const unrecorded = /recording it in \S+ failed too: ([^:]+)/.exec(o.result.error ?? "");
    const putBack = /every key was put back/.test(o.result.error ?? "") ? "rolled back" : "not promoted";
    return unrecorded ? `${putBack}; not recorded in the manifest (${unrecorded[1]}), said in the result` : "NOT RECORDED";
}

async function faults(args: Args): Promise<void> {
    const timeScale = args.faultTimeScale;
    console.log(`# Fault scenarios\n\naccount scale ${args.faultScale} (seed ${args.seed}), time scale ${timeScale}x; each scenario: a clean complete run, then the fault and a second run of the real function\n`);
    // The scenarios run the function in this process, from the working tree (BENCH_SOURCE does not apply).
    const tree = execFileSync("git", ["describe", "--always", "--dirty"], { cwd: __dirname }).toString().trim();
    console.log(`function source: working tree at ${tree}\n`);
    const outcomes: ScenarioOutcome[] = [];
    for (const scenario of faultScenarios({ stormMs: args.stormMs })) {
        const outcome = await runScenario(scenario, { account: { seed: args.seed, scale: args.faultScale }, timeScale, stormMs: args.stormMs });
        outcomes.push(outcome);
        process.stdout.write(`  ${scenario.name}: ${outcome.status}\n`);
    }
    console.log();
    console.log(
        table(
            ["scenario", "run status", "result", "manifest records", "promotion", "latest/ intact", "runs/ consistent", "injected / retries"],
            outcomes.map((o) => [
                `${o.scenario} (${o.description})`,
                o.status,
                `statusCode ${o.statusCode}`,
                [...o.manifestErrors, ...o.recordedFacts].join("; ") || (o.manifestWritten ? "no errors" : "no manifest (failed before it)"),
                promotionOf(o),
                o.latestIntact ? (o.latestPromoted ? "yes (promoted: new complete run)" : "yes (previous run, byte for byte)") : "NO",
                o.manifestWritten ? (o.artifactsConsistent ? "yes (sha256 of all 6 match)" : "NO") : "no manifest: readers ignore the run",
                `${o.injected} / ${o.retries}`,
            ]),
        ),
    );
    const out = path.resolve(__dirname, "results");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "faults.json"), JSON.stringify(outcomes, null, 2));
}

const args = parseArgs(process.argv.slice(2));
(args.faults ? faults(args) : figures(args)).catch((error) => {
    console.error(error);
    process.exit(1);
});
