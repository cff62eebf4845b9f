// The bench's reference account's bindings with conditions left to the request (the evaluation
// before issue 16) and with the keys the principal and target decide decided (now): how many
// bindings each way, how many conditional marks went, how many bindings went, and why.
// Run: `npx tsx bench/bindings-conditions.ts [scale]` (default 1, the reference account).
import { generateAccount } from "./account/generate";
import { computeBindings, type Bindings } from "../inventory-fn/analyse/bindings";
import type { RunError } from "../inventory-fn/collect/context";
// The account as the analysis's inputs: the one conversion bench/bindings-scaling.ts and the tests use.
import { snapshotOf } from "../tests/support/bindings-account";

type AnyBinding = { principalArn: string; conditional: boolean; conditionKeys: string[]; modelId?: string; agentId?: string };
const keyOf = (b: AnyBinding) => `${b.principalArn} ${b.modelId ?? b.agentId}`;

function compare(kind: string, before: readonly AnyBinding[], after: readonly AnyBinding[]): void {
    const afterByKey = new Map(after.map((b) => [keyOf(b), b]));
    const beforeKeys = new Set(before.map(keyOf));
    const removed = before.filter((b) => !afterByKey.has(keyOf(b)));
    const added = after.filter((b) => !beforeKeys.has(keyOf(b)));
    const unmarked = before.filter((b) => b.conditional && afterByKey.get(keyOf(b))?.conditional === false);
    const keysNarrowed = before.filter((b) => {
        const a = afterByKey.get(keyOf(b));
        return a && a.conditional && a.conditionKeys.join() !== b.conditionKeys.join();
    });
    const tally = (list: readonly AnyBinding[]) => {
        const byKeys = new Map<string, number>();
        for (const b of list) byKeys.set(b.conditionKeys.join(", ") || "(none)", (byKeys.get(b.conditionKeys.join(", ") || "(none)") ?? 0) + 1);
        return [...byKeys].map(([k, n]) => `${n} on [${k}]`).join("; ") || "-";
    };
    console.log(`${kind}: before ${before.length} (${before.filter((b) => b.conditional).length} conditional), after ${after.length} (${after.filter((b) => b.conditional).length} conditional)`);
    console.log(`  removed ${removed.length}: ${tally(removed)}`);
    console.log(`  added ${added.length}: ${tally(added)}`);
    console.log(`  conditional mark removed ${unmarked.length}: keys before ${tally(unmarked)}`);
    console.log(`  still conditional, fewer keys ${keysNarrowed.length}: keys before ${tally(keysNarrowed)}`);
    console.log(`  conditional keys after: ${tally(after.filter((b) => b.conditional))}`);
}

const scale = Number(process.argv[2] ?? "1");
const account = generateAccount({ scale });
const { iam, models, agents } = snapshotOf(account);
const run = (decideConditions: boolean): { bindings: Bindings; ms: number; errors: RunError[] } => {
    const errors: RunError[] = [];
    const t0 = process.hrtime.bigint();
    const bindings = computeBindings(iam, models, agents, errors, { decideConditions });
    return { bindings, ms: Number(process.hrtime.bigint() - t0) / 1e6, errors };
};
const before = run(false);
const after = run(true);
console.log(`reference account (scale ${scale}, seed ${account.seed}): ${account.roles.length} roles, ${account.users.length} users, ${models.length} models, ${agents.length} agents`);
compare("model bindings", before.bindings.modelBindings, after.bindings.modelBindings);
compare("agent bindings", before.bindings.agentBindings, after.bindings.agentBindings);
console.log(`analysis time: ${before.ms.toFixed(0)} ms without deciding, ${after.ms.toFixed(0)} ms deciding (${(after.ms / before.ms).toFixed(2)}x)`);
