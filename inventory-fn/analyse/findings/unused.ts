import type { AgentBinding, GrantRef, ModelBinding } from "../bindings";
import type { UsageIndex } from "./usage";
import { findingId, iso, type Finding, type GrantEvidence } from "./types";

/** What the unused-grant finding needs of a binding; collected as the bindings artifacts are written. */
export interface BindingRef {
    readonly principalArn: string;
    /** `model:<modelId>` or `agent:<agentId>`, as the usage state names targets. */
    readonly target: string;
    readonly targetType: "model" | "agent";
    readonly targetId: string;
    readonly targetArn: string;
    readonly actions: readonly string[];
    readonly grantedBy: readonly GrantRef[];
    readonly conditional: boolean;
}

export function modelBindingRef(b: ModelBinding): BindingRef {
    return { principalArn: b.principalArn, target: `model:${b.modelId}`, targetType: "model", targetId: b.modelId, targetArn: b.modelArn, actions: b.actions, grantedBy: b.grantedBy, conditional: b.conditional };
}

export function agentBindingRef(b: AgentBinding): BindingRef {
    return { principalArn: b.principalArn, target: `agent:${b.agentId}`, targetType: "agent", targetId: b.agentId, targetArn: b.agentArn, actions: b.actions, grantedBy: b.grantedBy, conditional: b.conditional };
}

export interface UnusedGrantInput {
    readonly bindings: readonly BindingRef[];
    readonly usage: UsageIndex;
    readonly nowMs: number;
    readonly windowDays: number;
    /** Principals' creation times (epoch ms): a principal younger than the window is not judged. */
    readonly createdMs?: ReadonlyMap<string, number>;
}

const DAY_MS = 86_400_000;

/** Where a statement lives, as one string (a policy may be attached to several principals). */
function statementKey(principalArn: string, g: GrantRef): string {
    // Inline policies belong to their principal (or its group); managed ones are shared.
    const owner = g.policyArn ?? `${g.groupName ?? principalArn} ${g.policyName ?? ""}`;
    return `${g.policyType} ${owner} #${g.statementIndex}`;
}

function describeStatement(g: GrantRef): string {
    const sid = g.sid ? `"${g.sid}" ` : "";
    const where = g.policyArn ?? (g.groupName ? `inline policy "${g.policyName}" of group ${g.groupName}` : `inline policy "${g.policyName}"`);
    return `statement ${sid}(#${g.statementIndex}) of ${where}`;
}

/**
 * A binding (who can invoke which model or agent) with no invocation in the window, named down
 * to the statements that grant it. Raised only once the usage state has covered the whole
 * window without a gap: a younger state, or none, means "unknown", never "unused". Silent for a
 * principal created inside the window (it has not had the window to use its grants).
 */
export function unusedGrantFindings(input: UnusedGrantInput): Finding[] {
    const windowMs = input.windowDays * DAY_MS;
    const { usage, nowMs } = input;
    if (nowMs - usage.coverageFromMs < windowMs) return [];
    const sinceMs = nowMs - windowMs;
    const isUsed = (b: BindingRef) => (usage.lastUsedMs(b.principalArn, b.target) ?? -Infinity) >= sinceMs;

    // For each statement, how many of the bindings it grants are used: a statement none of
    // whose bindings is used can go; one with some used is narrowed.
    const perStatement = new Map<string, { used: number; unused: number }>();
    for (const b of input.bindings) {
        const used = isUsed(b);
        for (const g of b.grantedBy) {
            const key = statementKey(b.principalArn, g);
            const tally = perStatement.get(key) ?? { used: 0, unused: 0 };
            if (used) tally.used++;
            else tally.unused++;
            perStatement.set(key, tally);
        }
    }

    const findings: Finding[] = [];
    for (const b of input.bindings) {
        if (isUsed(b)) continue;
        const created = input.createdMs?.get(b.principalArn);
        if (created !== undefined && created > sinceMs) continue;
        const lastUsed = usage.lastUsedMs(b.principalArn, b.target);
        const grantedBy: GrantEvidence[] = b.grantedBy.map((g) => {
            const tally = perStatement.get(statementKey(b.principalArn, g))!;
            return { ...g, usedBindings: tally.used, unusedBindings: tally.unused };
        });
        const single = grantedBy.length === 1;
        const steps = grantedBy.map((g) =>
            g.usedBindings === 0
                ? `remove ${describeStatement(g)} (none of the ${g.unusedBindings} bindings it grants was used)`
                : `narrow ${describeStatement(g)} so its Resource no longer matches ${b.targetArn} (${g.usedBindings} of the bindings it grants are in use)`,
        );
        const what = b.targetType === "model" ? `model ${b.targetId}` : `agent ${b.targetId}`;
        findings.push({
            id: findingId("unused_invoke_grant", b.principalArn, b.target),
            kind: "unused_invoke_grant",
            severity: "LOW",
            title: `${b.principalArn} may invoke ${what} and has not in ${input.windowDays} days`,
            principalArn: b.principalArn,
            target: { type: b.targetType, id: b.targetId, arn: b.targetArn },
            evidence: {
                windowDays: input.windowDays,
                coveredFrom: iso(usage.coverageFromMs),
                coveredTo: iso(usage.coverageToMs),
                lastUsedAt: lastUsed === undefined ? null : iso(lastUsed),
                actions: [...b.actions],
                conditional: b.conditional,
                grantedBy,
                removingStatementRemovesBinding: single,
            },
            remediation: single
                ? `${steps[0][0].toUpperCase()}${steps[0].slice(1)}: that removes the binding.`
                : `Granted by ${grantedBy.length} statements; removing one leaves the binding. ${steps.map((s) => `${s[0].toUpperCase()}${s.slice(1)}`).join("; ")}.`,
        });
    }
    return findings;
}
