import type { AgentBinding, GrantRef, ModelBinding } from "../bindings";
import type { UsageIndex } from "./usage";
import { findingId, iso, type Finding, type GrantEvidence } from "./types";

interface TargetRef {
    readonly type: "model" | "agent";
    readonly id: string;
    readonly arn: string;
    /** `model:<modelId>` or `agent:<agentId>`, as the usage state names targets. */
    readonly key: string;
}

/** How a binding is granted: the statements, actions and conditionality it shares with others. */
interface GrantSet {
    readonly key: string;
    readonly grantedBy: readonly GrantRef[];
    readonly actions: readonly string[];
    readonly conditional: boolean;
}

/** A growable column of unsigned 32-bit integers: 4 bytes an entry, where a number[] takes 8. */
class Uint32Column {
    private data = new Uint32Array(1024);
    length = 0;

    push(value: number): void {
        if (this.length === this.data.length) {
            const grown = new Uint32Array(this.data.length * 2);
            grown.set(this.data);
            this.data = grown;
        }
        this.data[this.length++] = value;
    }

    at(index: number): number {
        return this.data[index];
    }
}

/**
 * Every binding of the run, noted as the bindings artifacts are written, in three 32-bit
 * columns over interned tables: the reference account's 116,000 bindings (1.5 million at 4x)
 * would otherwise keep their objects alive until the findings are computed (measured: peak RSS
 * 228 MB with them, 181 MB without, on the bench's reference account).
 */
export class BindingLedger {
    readonly principals: string[] = [];
    readonly targets: TargetRef[] = [];
    readonly grantSets: GrantSet[] = [];
    private readonly principalIndex = new Map<string, number>();
    private readonly targetIndex = new Map<string, number>();
    private readonly grantSetIndex = new Map<string, number>();
    private readonly principalOf = new Uint32Column();
    private readonly targetOf = new Uint32Column();
    private readonly grantSetOf = new Uint32Column();

    get size(): number {
        return this.principalOf.length;
    }

    addModelBinding(b: ModelBinding): void {
        this.add(b.principalArn, { type: "model", id: b.modelId, arn: b.modelArn, key: `model:${b.modelId}` }, b.grantedBy, b.actions, b.conditional);
    }

    addAgentBinding(b: AgentBinding): void {
        this.add(b.principalArn, { type: "agent", id: b.agentId, arn: b.agentArn, key: `agent:${b.agentId}` }, b.grantedBy, b.actions, b.conditional);
    }

    add(principalArn: string, target: TargetRef, grantedBy: readonly GrantRef[], actions: readonly string[], conditional: boolean): void {
        const intern = <T>(index: Map<string, number>, table: T[], key: string, make: () => T) => {
            let i = index.get(key);
            if (i === undefined) {
                i = table.length;
                table.push(make());
                index.set(key, i);
            }
            return i;
        };
        this.principalOf.push(intern(this.principalIndex, this.principals, principalArn, () => principalArn));
        this.targetOf.push(intern(this.targetIndex, this.targets, target.key, () => target));
        const key = JSON.stringify([grantedBy, actions, conditional]);
        this.grantSetOf.push(intern(this.grantSetIndex, this.grantSets, key, () => ({ key, grantedBy: grantedBy.map((g) => ({ ...g })), actions: [...actions], conditional })));
    }

    *bindings(): Generator<{ principal: number; target: number; grantSet: number }> {
        for (let i = 0; i < this.principalOf.length; i++) yield { principal: this.principalOf.at(i), target: this.targetOf.at(i), grantSet: this.grantSetOf.at(i) };
    }
}

export interface UnusedGrantInput {
    readonly bindings: BindingLedger;
    readonly usage: UsageIndex;
    readonly nowMs: number;
    readonly windowDays: number;
    /** Principals' creation times (epoch ms): a principal younger than the window is not judged. */
    readonly createdMs?: ReadonlyMap<string, number>;
    /** Unused targets named in one finding's evidence (default {@link MAX_LISTED_TARGETS}); the count says how many there are. */
    readonly maxListedTargets?: number;
}

const DAY_MS = 86_400_000;
/** Unused targets named in one finding's evidence by default (EVIDENCE_MAX_TARGETS); the count says how many there are. */
export const MAX_LISTED_TARGETS = 100;

/** Where a statement lives, as one string (a managed policy may be attached to several principals). */
function statementKey(principalArn: string, g: GrantRef): string {
    const owner = g.policyArn ?? `${g.groupName ?? principalArn} ${g.policyName ?? ""}`;
    return `${g.policyType} ${owner} #${g.statementIndex}`;
}

function describeStatement(g: GrantRef): string {
    const sid = g.sid ? `"${g.sid}" ` : "";
    const where = g.policyArn ?? (g.groupName ? `inline policy "${g.policyName}" of group ${g.groupName}` : `inline policy "${g.policyName}"`);
    return `statement ${sid}(#${g.statementIndex}) of ${where}`;
}

const capitalized = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;

/**
 * Bindings (who can invoke which model or agent) with no invocation in the window, one finding
 * per principal and way of being granted (the same statements, actions and conditions): "role R
 * may invoke these 34 models through statement S and invoked none of them in 90 days", named
 * down to the statements, with what to do with each. Raised only once the usage state has
 * covered the whole window without a gap: a younger state, or none, means "unknown", never
 * "unused". Silent for a principal created inside the window.
 */
export function unusedGrantFindings(input: UnusedGrantInput): Finding[] {
    const windowMs = input.windowDays * DAY_MS;
    const { usage, nowMs, bindings } = input;
    if (nowMs - usage.coverageFromMs < windowMs) return [];
    const sinceMs = nowMs - windowMs;

    // For each statement, how many of the bindings it grants are used: a statement none of
    // whose bindings is used can go; one with some used is narrowed.
    const perStatement = new Map<string, { used: number; unused: number }>();
    const groups = new Map<string, { principal: number; type: "model" | "agent"; grantSet: number; unused: number[]; used: number }>();
    for (const { principal, target, grantSet } of bindings.bindings()) {
        const principalArn = bindings.principals[principal];
        const ref = bindings.targets[target];
        const used = (usage.lastUsedMs(principalArn, ref.key) ?? -Infinity) >= sinceMs;
        for (const g of bindings.grantSets[grantSet].grantedBy) {
            const key = statementKey(principalArn, g);
            const tally = perStatement.get(key) ?? { used: 0, unused: 0 };
            if (used) tally.used++;
            else tally.unused++;
            perStatement.set(key, tally);
        }
        const groupKey = `${principal} ${ref.type} ${grantSet}`;
        let group = groups.get(groupKey);
        if (!group) groups.set(groupKey, (group = { principal, type: ref.type, grantSet, unused: [], used: 0 }));
        if (used) group.used++;
        else group.unused.push(target);
    }

    const findings: Finding[] = [];
    for (const group of groups.values()) {
        if (group.unused.length === 0) continue;
        const principalArn = bindings.principals[group.principal];
        const created = input.createdMs?.get(principalArn);
        if (created !== undefined && created > sinceMs) continue;
        const set = bindings.grantSets[group.grantSet];
        const unused = group.unused.map((t) => bindings.targets[t]).sort((a, b) => a.id.localeCompare(b.id));
        const lastUses = unused.map((t) => usage.lastUsedMs(principalArn, t.key)).filter((t): t is number => t !== undefined);
        const grantedBy: GrantEvidence[] = set.grantedBy.map((g) => {
            const tally = perStatement.get(statementKey(principalArn, g))!;
            return { ...g, usedBindings: tally.used, unusedBindings: tally.unused };
        });
        const what = unused.length === 1 ? `${group.type} ${unused[0].id}` : `${unused.length} ${group.type}s`;
        const named = unused.length === 1 ? unused[0].arn : `the ${unused.length} ${group.type}s listed in evidence.targets`;
        const steps = grantedBy.map((g) =>
            g.usedBindings === 0
                ? `remove ${describeStatement(g)} (none of the ${g.unusedBindings} bindings it grants was used)`
                : `narrow ${describeStatement(g)} so its Resource no longer matches ${named} (${g.usedBindings} of the bindings it grants are in use)`,
        );
        const single = grantedBy.length === 1;
        findings.push({
            id: findingId("unused_invoke_grant", principalArn, group.type, set.key),
            kind: "unused_invoke_grant",
            severity: "LOW",
            title: `${principalArn} may invoke ${what} and has not in ${input.windowDays} days`,
            principalArn,
            target: unused.length === 1 ? { type: unused[0].type, id: unused[0].id, arn: unused[0].arn } : null,
            evidence: {
                windowDays: input.windowDays,
                coveredFrom: iso(usage.coverageFromMs),
                coveredTo: iso(usage.coverageToMs),
                lastUsedAt: lastUses.length === 0 ? null : iso(Math.max(...lastUses)),
                targets: unused.slice(0, input.maxListedTargets ?? MAX_LISTED_TARGETS).map((t) => t.key),
                unusedCount: unused.length,
                usedCount: group.used,
                actions: [...set.actions],
                conditional: set.conditional,
                grantedBy,
                removingStatementRemovesBinding: single,
            },
            remediation: single ? `${capitalized(steps[0])}: that removes the binding.` : `Granted by ${grantedBy.length} statements; removing one leaves the binding. ${steps.map(capitalized).join("; ")}.`,
        });
    }
    return findings;
}
