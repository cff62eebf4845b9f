// The bindings analysis, indexed (inventory-fn/analyse/bindings.ts and agentcore.ts, issue 11
// item 4) against the reference that evaluates every principal against every target
// (tests/support/reference-*.ts), on the bench's account at several scales in one run: time,
// requests evaluated, bindings, and whether the two outputs are byte-identical (a SHA-256 of
// each artifact's batches, so neither output is held whole at 4x).
// Each is run REPEATS times (env BENCH_REPEATS, default 2), alternating, and its fastest run kept.
// Run: `npx tsx bench/bindings-scaling.ts [scale ...]` (default 1 2 4).
import { createHash } from "node:crypto";
import { execSync } from "node:child_process";
import { loadavg } from "node:os";
import { computeAgentCoreBindings } from "../inventory-fn/analyse/agentcore";
import { BindingAnalysis } from "../inventory-fn/analyse/bindings";
import { benchBindingsInput, type BindingsInput } from "../tests/support/bindings-account";
import { referenceComputeAgentCoreBindings } from "../tests/support/reference-agentcore-bindings";
import { ReferenceBindingAnalysis } from "../tests/support/reference-bindings";

interface Outcome {
    readonly ms: number;
    /** CPU time of this process (user + system): less moved by other processes on a shared machine than wall time. */
    readonly cpuMs: number;
    readonly evaluations: number;
    readonly agentBindings: number;
    readonly modelBindings: number;
    readonly agentCoreBindings: number;
    /** The allowed requests the bindings list: aliases of agent bindings, actions of model bindings, endpoints (or the gateway) of AgentCore ones. */
    readonly allowedRequests: number;
    /** SHA-256 of the model batches, the agent batches and the AgentCore bindings, serialized. */
    readonly digest: string;
}

type Analysis = {
    modelBindingBatches(): Iterable<unknown[]>;
    agentBindingBatches(agents: BindingsInput["agents"]): Iterable<unknown[]>;
};

function run(input: BindingsInput, indexed: boolean): Outcome {
    const counter = { evaluations: 0 };
    const digest = createHash("sha256");
    let agentBindings = 0;
    let modelBindings = 0;
    let allowedRequests = 0;
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const analysis: Analysis = indexed ? new BindingAnalysis(input.iam, input.models, [], { counter }) : new ReferenceBindingAnalysis(input.iam, input.models, [], { counter });
    for (const batch of analysis.modelBindingBatches()) {
        modelBindings += batch.length;
        for (const b of batch as { actions: string[] }[]) allowedRequests += b.actions.length;
        digest.update(JSON.stringify(batch));
    }
    digest.update("\u0000agents\u0000");
    for (const batch of analysis.agentBindingBatches(input.agents)) {
        agentBindings += batch.length;
        for (const b of batch as { aliasArns: string[] }[]) allowedRequests += b.aliasArns.length;
        digest.update(JSON.stringify(batch));
    }
    const agentCore = indexed
        ? computeAgentCoreBindings(input.iam, input.agentCore, input.accountId, [], { counter })
        : referenceComputeAgentCoreBindings(input.iam, input.agentCore, input.accountId, [], counter);
    digest.update("\u0000agentcore\u0000" + JSON.stringify(agentCore));
    for (const b of agentCore) allowedRequests += Math.max(1, b.endpointArns.length);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, allowedRequests, evaluations: counter.evaluations, agentBindings, modelBindings, agentCoreBindings: agentCore.length, digest: digest.digest("hex") };
}

const scales = process.argv.slice(2).map(Number);
const commit = (() => {
    try {
        return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim() + (execSync("git status --porcelain", { encoding: "utf8" }).trim() ? " (uncommitted changes)" : "");
    } catch {
        return "unknown";
    }
})();
console.log(`commit ${commit}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} at start`);

// Both once on a small account first: compiled patterns and JIT warm for whichever runs second.
const warm = benchBindingsInput(0.05);
run(warm, true);
run(warm, false);

for (const scale of scales.length > 0 ? scales : [1, 2, 4]) {
    const input = benchBindingsInput(scale);
    const principals = input.iam.principals.filter((p) => p.type !== "group").length;
    const aliases = input.agents.reduce((n, a) => n + a.aliases.length, 0);
    const repeats = Math.max(1, Number(process.env.BENCH_REPEATS ?? "2"));
    const indexedRuns: Outcome[] = [];
    const referenceRuns: Outcome[] = [];
    for (let i = 0; i < repeats; i++) {
        if (i % 2 === 0) indexedRuns.push(run(input, true));
        referenceRuns.push(run(input, false));
        if (i % 2 === 1) indexedRuns.push(run(input, true));
    }
    const fastest = (runs: Outcome[]) => runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
    const indexed = fastest(indexedRuns);
    const reference = fastest(referenceRuns);
    const sameEverywhere = new Set([...indexedRuns, ...referenceRuns].map((r) => r.digest)).size === 1;
    const identical = sameEverywhere && indexed.agentBindings === reference.agentBindings && indexed.modelBindings === reference.modelBindings;
    const row = [
        `scale ${scale}: ${principals} roles and users, ${aliases} aliases, ${input.models.length} models, ${input.agentCore.runtimes.length} runtimes, ${input.agentCore.gateways.length} gateways`,
        `  bindings: ${indexed.agentBindings} agent, ${indexed.modelBindings} model, ${indexed.agentCoreBindings} AgentCore; identical to the reference: ${identical ? "yes" : "NO"}`,
        `  requests evaluated: reference ${reference.evaluations}, indexed ${indexed.evaluations} (${(reference.evaluations / indexed.evaluations).toFixed(2)}x fewer); the bindings list ${indexed.allowedRequests} allowed requests`,
        `  CPU time (fastest of ${repeats}): reference ${reference.cpuMs.toFixed(0)} ms, indexed ${indexed.cpuMs.toFixed(0)} ms (${(reference.cpuMs / indexed.cpuMs).toFixed(2)}x less)`,
        `  wall time of those runs: reference ${reference.ms.toFixed(0)} ms, indexed ${indexed.ms.toFixed(0)} ms`,
        `  load average after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    ].join("\n");
    console.log(row);
    if (!identical) process.exitCode = 1;
}
