import { execFileSync, fork } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import type { FunctionRunOptions } from "../harness";
import type { ChildReply } from "./inventory-child";

let bundled: string | undefined;
const repositoryRoot = path.resolve(__dirname, "../..");

/**
 * Where the function's source is read from. `BENCH_SOURCE=<git ref>` (e.g. HEAD) measures that
 * commit, not the working tree: several people edit this tree at once, and a figure should name
 * the code it was measured on.
 */
export function benchSource(): { root: string; label: string } {
    const ref = process.env.BENCH_SOURCE;
    if (!ref) return { root: repositoryRoot, label: "working tree" };
    const commit = execFileSync("git", ["rev-parse", "--short", ref], { cwd: repositoryRoot }).toString().trim();
    const root = mkdtempSync(path.join(tmpdir(), "inventory-bench-src-"));
    const archive = execFileSync("git", ["archive", commit, "bench", "inventory-fn", "iam", "schemas", "package.json", "tsconfig.json"], { cwd: repositoryRoot, maxBuffer: 256 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", root], { input: archive });
    symlinkSync(path.join(repositoryRoot, "node_modules"), path.join(root, "node_modules"));
    return { root, label: `commit ${commit}` };
}

let source: { root: string; label: string } | undefined;

/** The code the bench measures, for its report. */
export function sourceLabel(): string {
    source ??= benchSource();
    return source.label;
}

/** Bundles the child entry once per bench process, the way components/bundle.ts bundles the Lambda. */
function bundle(): string {
    if (bundled) return bundled;
    source ??= benchSource();
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), "inventory-bench-")), "inventory-child.js");
    esbuild.buildSync({
        entryPoints: [path.join(source.root, "bench", "child", "inventory-child.ts")],
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        // BENCH_MINIFY=0 keeps names readable in a --cpu-prof profile.
        minify: process.env.BENCH_MINIFY !== "0",
        outfile,
        logLevel: "silent",
    });
    bundled = outfile;
    return outfile;
}

/**
 * Runs the function in a child process against the emulator; resolves with its report and peak RSS.
 * `runtimeEnvironment` is what the deployed function's runtime starts with (NODE_OPTIONS,
 * MALLOC_ARENA_MAX: components/inventory-heap.ts), set on the process, not passed as arguments.
 */
export function runFunctionInChild(options: FunctionRunOptions, budgetMs?: number, execArgv: string[] = [], runtimeEnvironment: Readonly<Record<string, string>> = {}): Promise<ChildReply> {
    const file = bundle();
    return new Promise((resolve, reject) => {
        const child = fork(file, [], {
            env: { ...process.env, ...runtimeEnvironment, BENCH_CHILD_OPTIONS: JSON.stringify(options), AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: "1" },
            stdio: ["ignore", "inherit", "inherit", "ipc"],
            // BENCH_NODE_FLAGS adds V8/Node flags to the function's process (--trace-gc, a heap
            // profile, or a runtime flag being measured), after the deployed ones.
            execArgv: [...execArgv, ...(process.env.BENCH_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean)],
        });
        let reply: ChildReply | undefined;
        // A run over its real-time budget is stopped and reported as such, not waited on.
        const timer = budgetMs ? setTimeout(() => {
            reply = { error: `over budget: stopped after ${Math.round(budgetMs / 1000)} s real time`, maxRssKb: 0, baselineRssKb: 0 };
            child.kill("SIGKILL");
        }, budgetMs) : undefined;
        child.on("message", (message) => {
            reply = message as ChildReply;
        });
        child.on("error", reject);
        child.on("exit", (code) => {
            if (timer) clearTimeout(timer);
            resolve(reply ?? { error: `the function's process died (exit code ${code}) before replying`, maxRssKb: 0, baselineRssKb: 0 });
        });
    });
}
