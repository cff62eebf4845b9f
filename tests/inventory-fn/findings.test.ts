import { expect } from "chai";
import type { TrailEvent } from "../../inventory-fn/collect/cloudtrail";
import type { CollectedPrincipal } from "../../inventory-fn/collect/iam";
import type { CollectedFunction } from "../../inventory-fn/collect/lambda";
import type { CollectedAgent, CollectedAgentVersion } from "../../inventory-fn/collect/bedrock";
import type { GrantRef } from "../../inventory-fn/analyse/bindings";
import { BindingLedger, computeFindings, DEFAULT_FINDINGS_CONFIG, findingId, type Finding, type FindingsConfig } from "../../inventory-fn/analyse/findings";
import { denialBurstFindings, denialBursts, hourlyFindings, modelAttemptFindings } from "../../inventory-fn/analyse/findings/activity";
import { boundaryFindings, guardrailFindings, isReference, plaintextCredentialFindings } from "../../inventory-fn/analyse/findings/posture";
import { unusedGrantFindings } from "../../inventory-fn/analyse/findings/unused";
import { emptyState, mergeUsage, modelIdOf, stateProblem, UsageIndex, type UsageLimits, type UsageState } from "../../inventory-fn/analyse/findings/usage";
import { validateArtifact } from "../../inventory-fn/write/schemas";

// Issue 12: each kind fires on a crafted case and stays silent on its near miss. Pure
// functions over plain data: no mocks.

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
const NOW = Date.parse("2026-11-23T14:00:00.000Z");
const ALICE = `arn:aws:iam::${ACCOUNT}:role/alice-role`;
const BOB = `arn:aws:iam::${ACCOUNT}:role/bob-role`;
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const OPUS = "anthropic.claude-3-opus-20240229-v1:0";
const LIMITS: UsageLimits = { windowMs: 90 * DAY, baselineMs: 8 * DAY, overlapMs: 15 * MINUTE, maxUses: 1000, maxHours: 10_000 };
const config = (overrides: Partial<FindingsConfig> = {}): FindingsConfig => ({ ...DEFAULT_FINDINGS_CONFIG, ...overrides });

let seq = 0;
function event(timeMs: number, fields: Partial<TrailEvent> = {}): TrailEvent {
    return {
        eventId: `evt-${++seq}`,
        eventName: "InvokeModel",
        eventTime: new Date(timeMs).toISOString(),
        principalArn: ALICE,
        principalType: "AssumedRole",
        errorCode: null,
        modelId: HAIKU,
        agentId: null,
        agentAliasId: null,
        ...fields,
    };
}
const header = (nowMs = NOW) => ({ accountId: ACCOUNT, region: REGION, runId: "20261123T140000Z", nowMs });

/** A state that has covered `[from, to]` with the given events counted. */
function stateWith(fromMs: number, toMs: number, events: TrailEvent[] = []): UsageState {
    const seeded = mergeUsage(undefined, { events, startMs: fromMs, endMs: toMs, complete: true }, header(toMs), LIMITS).state;
    return seeded;
}

const grant = (policyName: string, statementIndex = 0, sid: string | null = null): GrantRef => ({ policyType: "inline", policyArn: null, policyName, groupName: null, sid, statementIndex });
type Binding = [principalArn: string, modelId: string, grantedBy: GrantRef[]];
const modelBinding = (principalArn: string, modelId: string, grantedBy: GrantRef[]): Binding => [principalArn, modelId, grantedBy];
/** The bindings as the findings stage notes them. */
function ledger(...bindings: Binding[]): BindingLedger {
    const l = new BindingLedger();
    for (const [principalArn, modelId, grantedBy] of bindings) {
        l.add(principalArn, { type: "model", id: modelId, arn: `arn:aws:bedrock:${REGION}::foundation-model/${modelId}`, key: `model:${modelId}` }, grantedBy, ["bedrock:InvokeModel"], false);
    }
    return l;
}

describe("findings: the usage state", () => {
    it("counts an event once across two runs whose windows overlap, by id and by the previous coverage", () => {
        const e1 = event(NOW - 20 * MINUTE);
        const e2 = event(NOW - 5 * MINUTE);
        const first = mergeUsage(undefined, { events: [e2, e1], startMs: NOW - DAY, endMs: NOW, complete: true }, header(), LIMITS);
        expect(first.gap).to.equal(true);
        expect(first.fresh.map((e) => e.eventId)).to.deep.equal([e2.eventId, e1.eventId]);
        const e3 = event(NOW + 10 * MINUTE);
        // The next run re-reads from 15 minutes before the cursor: e2 again, and e3.
        const second = mergeUsage(first.state, { events: [e3, e2], startMs: NOW - 15 * MINUTE, endMs: NOW + 15 * MINUTE, complete: true }, header(NOW + 15 * MINUTE), LIMITS);
        expect(second.gap).to.equal(false);
        expect(second.fresh.map((e) => e.eventId)).to.deep.equal([e3.eventId]);
        expect(second.state.uses).to.have.length(1);
        expect(second.state.uses[0][5]).to.equal(3);
        expect(second.state.coverage).to.deep.equal({ from: new Date(NOW - DAY).toISOString(), to: new Date(NOW + 15 * MINUTE).toISOString() });
    });

    it("restarts coverage after a gap, and from the oldest event read when LookupEvents stopped early; keeps what it counted", () => {
        const first = stateWith(NOW - 10 * DAY, NOW - 2 * DAY, [event(NOW - 3 * DAY)]);
        const gap = mergeUsage(first, { events: [], startMs: NOW - DAY, endMs: NOW, complete: true }, header(), LIMITS);
        expect(gap.gap).to.equal(true);
        expect(gap.state.coverage.from).to.equal(new Date(NOW - DAY).toISOString());
        expect(gap.state.uses).to.have.length(1);
        const truncated = mergeUsage(stateWith(NOW - 10 * DAY, NOW - HOUR), { events: [event(NOW - 10 * MINUTE)], startMs: NOW - 75 * MINUTE, endMs: NOW, complete: false }, header(), LIMITS);
        expect(truncated.gap).to.equal(true);
        expect(truncated.state.coverage.from).to.equal(new Date(NOW - 10 * MINUTE).toISOString());
    });

    it("stays bounded: uses past the window are dropped; past the cap the oldest go and coverage moves after them", () => {
        const events = [event(NOW - 100 * DAY, { modelId: "old" }), event(NOW - 3 * DAY, { modelId: "a" }), event(NOW - 2 * DAY, { modelId: "b" }), event(NOW - DAY, { modelId: "c" })];
        const merged = mergeUsage(undefined, { events, startMs: NOW - 120 * DAY, endMs: NOW, complete: true }, header(), { ...LIMITS, maxUses: 2 });
        expect(merged.state.uses.map((u) => u[2]).sort()).to.deep.equal(["model:b", "model:c"]);
        expect(merged.state.evicted).to.equal(1);
        // Whatever was evicted, the state no longer vouches for the time it was used.
        expect(Date.parse(merged.state.coverage.from)).to.be.greaterThan(NOW - 3 * DAY);
    });

    it("does not count denied calls or non-invocations as use; names a model the same by id, ARN or inference profile", () => {
        const merged = mergeUsage(undefined, {
            events: [event(NOW - HOUR, { errorCode: "AccessDenied" }), event(NOW - HOUR, { eventName: "ListFoundationModels", modelId: null }), event(NOW - HOUR, { eventName: "Converse", modelId: `us.${HAIKU}` })],
            startMs: NOW - DAY,
            endMs: NOW,
            complete: true,
        }, header(), LIMITS);
        expect(merged.state.uses.map((u) => u.slice(1, 3))).to.deep.equal([["Converse", `model:${HAIKU}`]]);
        expect(modelIdOf(`arn:aws:bedrock:${REGION}::foundation-model/${HAIKU}`)).to.equal(HAIKU);
    });

    it("recognises a corrupt state: another account's, indexes out of range, coverage backwards", () => {
        const good = stateWith(NOW - DAY, NOW, [event(NOW - HOUR)]);
        expect(stateProblem(JSON.parse(JSON.stringify(good)), ACCOUNT, REGION)).to.equal(null);
        expect(stateProblem({ ...good, accountId: "210987654321" }, ACCOUNT, REGION)).to.match(/belongs to/);
        expect(stateProblem({ ...good, uses: [[7, "InvokeModel", "model:x", 1, 2, 1]] }, ACCOUNT, REGION)).to.equal("uses is malformed");
        expect(stateProblem({ ...good, coverage: { from: good.coverage.to, to: good.coverage.from } }, ACCOUNT, REGION)).to.match(/coverage/);
        expect(stateProblem(null, ACCOUNT, REGION)).to.equal("not an object");
    });
});

describe("findings: unused invoke grant", () => {
    const covered = (events: TrailEvent[] = []) => new UsageIndex(stateWith(NOW - 91 * DAY, NOW, events));

    it("fires for a binding with no use in the window, naming its one statement, which removing removes it", () => {
        const findings = unusedGrantFindings({ bindings: ledger(modelBinding(ALICE, OPUS, [grant("invoke-opus", 0, "Opus")])), usage: covered(), nowMs: NOW, windowDays: 90 });
        expect(findings).to.have.length(1);
        const [f] = findings;
        expect(f).to.deep.include({ kind: "unused_invoke_grant", principalArn: ALICE, severity: "LOW" });
        expect(f.evidence).to.deep.include({ removingStatementRemovesBinding: true, lastUsedAt: null, windowDays: 90 });
        expect(f.evidence.grantedBy![0]).to.deep.include({ policyName: "invoke-opus", sid: "Opus", usedBindings: 0, unusedBindings: 1 });
        expect(f.remediation).to.match(/^Remove statement "Opus" \(#0\) of inline policy "invoke-opus"/);
        expect(validateArtifact("findings.json", { schemaVersion: "1.0", accountId: ACCOUNT, region: REGION, generatedAt: new Date(NOW).toISOString(), runId: "20261123T140000Z", findings })).to.deep.equal([]);
    });

    it("stays silent for a grant used in the window (the near miss: used 89 days ago)", () => {
        const usage = covered([event(NOW - 89 * DAY, { modelId: OPUS })]);
        expect(unusedGrantFindings({ bindings: ledger(modelBinding(ALICE, OPUS, [grant("invoke-opus")])), usage, nowMs: NOW, windowDays: 90 })).to.deep.equal([]);
    });

    it("raises nothing while the state is younger than the window: missing or young means unknown, not unused", () => {
        const young = new UsageIndex(stateWith(NOW - 89 * DAY, NOW));
        expect(unusedGrantFindings({ bindings: ledger(modelBinding(ALICE, OPUS, [grant("p")])), usage: young, nowMs: NOW, windowDays: 90 })).to.deep.equal([]);
    });

    it("with several grants, says removing one leaves the binding, and narrows a statement that also grants what is used", () => {
        const usage = covered([event(NOW - DAY, { modelId: HAIKU })]);
        const broad = grant("invoke-anthropic", 1, "Anthropic");
        const bindings = ledger(modelBinding(ALICE, HAIKU, [broad]), modelBinding(ALICE, OPUS, [broad, grant("invoke-opus")]));
        const [f, ...more] = unusedGrantFindings({ bindings, usage, nowMs: NOW, windowDays: 90 });
        expect(more).to.deep.equal([]);
        expect(f.target).to.deep.include({ id: OPUS });
        expect(f.evidence.removingStatementRemovesBinding).to.equal(false);
        expect(f.evidence.grantedBy!.map((g) => [g.policyName, g.usedBindings, g.unusedBindings])).to.deep.equal([["invoke-anthropic", 1, 1], ["invoke-opus", 0, 1]]);
        expect(f.remediation).to.match(/removing one leaves the binding/);
        expect(f.remediation).to.match(/Narrow statement "Anthropic" \(#1\)/);
        expect(f.remediation).to.match(/Remove statement \(#0\) of inline policy "invoke-opus"/);
    });

    it("groups the targets a principal holds the same way: one finding for the statement, with the unused listed and the used counted", () => {
        const usage = covered([event(NOW - DAY, { modelId: HAIKU })]);
        const star = grant("invoke-all", 0, "All");
        const models = [HAIKU, OPUS, "amazon.titan-text-express-v1", "meta.llama3-8b-instruct-v1:0"];
        const findings = unusedGrantFindings({ bindings: ledger(...models.map((m) => modelBinding(ALICE, m, [star]))), usage, nowMs: NOW, windowDays: 90 });
        expect(findings).to.have.length(1);
        expect(findings[0].target).to.equal(null);
        expect(findings[0].evidence).to.deep.include({ unusedCount: 3, usedCount: 1, removingStatementRemovesBinding: true });
        expect(findings[0].evidence.targets).to.deep.equal([`model:amazon.titan-text-express-v1`, `model:${OPUS}`, `model:meta.llama3-8b-instruct-v1:0`]);
        expect(findings[0].remediation).to.match(/^Narrow statement "All" \(#0\) of inline policy "invoke-all" so its Resource no longer matches the 3 models listed in evidence.targets \(1 of the bindings it grants are in use\)/);
    });

    it("notes thousands of bindings in its columns, past their first growth, and gives each back", () => {
        const many = ledger(...Array.from({ length: 3000 }, (_, i) => modelBinding(`arn:aws:iam::${ACCOUNT}:role/r${i}`, i % 2 ? HAIKU : OPUS, [grant("p")])));
        const noted = [...many.bindings()];
        expect(noted).to.have.length(3000);
        expect(many.principals[noted[2999].principal]).to.equal(`arn:aws:iam::${ACCOUNT}:role/r2999`);
        expect(many.targets[noted[2999].target].id).to.equal(HAIKU);
        expect(many.grantSets).to.have.length(1);
    });

    it("does not judge a principal created inside the window", () => {
        const findings = unusedGrantFindings({ bindings: ledger(modelBinding(ALICE, OPUS, [grant("p")])), usage: covered(), nowMs: NOW, windowDays: 90, createdMs: new Map([[ALICE, NOW - 10 * DAY]]) });
        expect(findings).to.deep.equal([]);
    });

    it("keeps its id across runs (same principal and target), whatever the times", () => {
        const a = unusedGrantFindings({ bindings: ledger(modelBinding(ALICE, OPUS, [grant("p")])), usage: covered(), nowMs: NOW, windowDays: 90 });
        const b = unusedGrantFindings({ bindings: ledger(modelBinding(ALICE, OPUS, [grant("p")])), usage: new UsageIndex(stateWith(NOW - 200 * DAY, NOW + DAY)), nowMs: NOW + DAY, windowDays: 90 });
        expect(a[0].id).to.equal(b[0].id);
    });
});

describe("findings: seed 002's auditor", () => {
    it("denial burst: five denials in three minutes fire once; a denial every ten minutes does not", () => {
        const burst = [0, 40, 80, 120, 180].map((s) => event(NOW - HOUR + s * 1000, { errorCode: "AccessDeniedException", principalArn: BOB }));
        const trickle = [0, 10, 20, 30, 40, 50].map((m) => event(NOW - HOUR + m * MINUTE, { errorCode: "AccessDeniedException" }));
        const findings = denialBurstFindings([...burst, ...trickle, ...burst], config());
        expect(findings).to.have.length(1);
        expect(findings[0]).to.deep.include({ kind: "denial_burst", principalArn: BOB, severity: "HIGH" });
        expect(findings[0].evidence).to.deep.include({ eventCount: 5, errorCodes: ["AccessDeniedException"], threshold: 5, windowMinutes: 5 });
        expect(findings[0].evidence.eventIds).to.deep.equal(burst.map((e) => e.eventId));
        expect(denialBurstFindings(burst.slice(0, 4), config())).to.deep.equal([]);
    });

    it("denial burst spanning two runs: one id, carried by the usage state; without the carry the second run would name it anew", () => {
        // Run 1 reads [T - 1h, T]; run 2 re-reads from T - 15 min (the overlap) to T + 15 min.
        // Denials every 30 s from T - 30 min to T + 10 min: run 2 sees the burst start at T - 15 min.
        const T = NOW - 2 * HOUR;
        const denials = Array.from({ length: 81 }, (_, i) => event(T - 30 * MINUTE + i * 30_000, { errorCode: "AccessDeniedException", principalArn: BOB }));
        const inWindow = (from: number, to: number) => denials.filter((e) => Date.parse(e.eventTime) >= from && Date.parse(e.eventTime) <= to);
        const run1 = denialBursts(inWindow(T - HOUR, T), config(), undefined, T);
        expect(run1.findings).to.have.length(1);
        expect(run1.carry.open).to.deep.equal([[BOB, Math.floor((T - 30 * MINUTE) / 1000), Math.floor(T / 1000), 61]]);
        const run2 = denialBursts(inWindow(T - 15 * MINUTE, T + 15 * MINUTE), config(), run1.carry, T + 15 * MINUTE);
        expect(run2.findings.map((f) => f.id)).to.deep.equal([run1.findings[0].id]);
        expect(run2.findings[0].evidence).to.deep.include({ eventCount: 81, firstEventAt: new Date(T - 30 * MINUTE).toISOString(), lastEventAt: new Date(T + 10 * MINUTE).toISOString() });
        // The near miss: the same second run without the state's carry starts the burst at T - 15 min, another id.
        expect(denialBurstFindings(inWindow(T - 15 * MINUTE, T + 15 * MINUTE), config())[0].id).to.not.equal(run1.findings[0].id);
        // A new burst after a quiet window is a new finding.
        const later = [0, 10, 20, 30, 40].map((sec) => event(T + 40 * MINUTE + sec * 1000, { errorCode: "AccessDeniedException", principalArn: BOB }));
        const run3 = denialBursts(later, config(), run2.carry, T + HOUR);
        expect(run3.findings).to.have.length(1);
        expect(run3.findings[0].id).to.not.equal(run1.findings[0].id);
    });

    it("denial burst straddling two runs with a window longer than the overlap is found by the second, not lost", () => {
        // DENIAL_BURST_MINUTES 60: three denials late in run 1, two early in run 2 (after its 15-minute overlap).
        const T = NOW - 2 * HOUR;
        const cfg = config({ denialBurstMinutes: 60 });
        const before = [50, 40, 30].map((m) => event(T - m * MINUTE, { errorCode: "AccessDeniedException", principalArn: BOB }));
        const after = [5, 10].map((m) => event(T + m * MINUTE, { errorCode: "AccessDeniedException", principalArn: BOB }));
        const run1 = denialBursts(before, cfg, undefined, T);
        expect(run1.findings).to.deep.equal([]);
        expect(run1.carry.tail.map((t) => t[1])).to.deep.equal(before.map((e) => e.eventId));
        const run2 = denialBursts(after, cfg, run1.carry, T + 15 * MINUTE);
        expect(run2.findings).to.have.length(1);
        expect(run2.findings[0].evidence).to.deep.include({ eventCount: 5, firstEventAt: before[0].eventTime });
        expect(run2.findings[0].evidence.eventIds).to.deep.equal([...before, ...after].map((e) => e.eventId));
        // Without the carry, run 2 sees two denials: nothing.
        expect(denialBurstFindings(after, cfg)).to.deep.equal([]);
    });

    it("keeps at most evidenceMaxEventIds event ids and counts them all", () => {
        const burst = Array.from({ length: 30 }, (_, i) => event(NOW - HOUR + i * 1000, { errorCode: "AccessDeniedException", principalArn: BOB }));
        const [finding] = denialBurstFindings(burst, config({ evidenceMaxEventIds: 3 }));
        expect(finding.evidence.eventIds).to.deep.equal(burst.slice(0, 3).map((e) => e.eventId));
        expect(finding.evidence.eventCount).to.equal(30);
        expect(denialBurstFindings(burst, config())[0].evidence.eventIds).to.have.length(20);
    });

    it("premium or unapproved model attempt: a denied Opus call fires HIGH, an allowed unapproved one CRITICAL; an approved model is silent", () => {
        const opus = event(NOW - HOUR, { modelId: OPUS, errorCode: "AccessDeniedException" });
        const titan = event(NOW - HOUR, { modelId: "amazon.titan-text-express-v1" });
        const haiku = event(NOW - HOUR, { modelId: HAIKU });
        const findings = modelAttemptFindings([opus, titan, haiku], config({ approvedModels: ["anthropic.claude-3-haiku*", "anthropic.claude-3-opus*"] }));
        expect(findings.map((f) => [f.evidence.modelId, f.severity, f.evidence.premium, f.evidence.approved])).to.deep.equal([
            [OPUS, "HIGH", true, true],
            ["amazon.titan-text-express-v1", "CRITICAL", false, false],
        ]);
        expect(modelAttemptFindings([haiku], config())).to.deep.equal([]);
    });

    it("off-hours use: ten invocations at 23:00 fire; ten at 14:00 and nine at 23:00 do not", () => {
        const night = Date.parse("2026-11-22T23:00:00Z");
        const afternoon = Date.parse("2026-11-22T14:00:00Z");
        const at = (startMs: number, n: number, principalArn = ALICE) => Array.from({ length: n }, (_, i) => event(startMs + i * MINUTE, { principalArn }));
        const fresh = [...at(night, 10), ...at(afternoon, 10), ...at(night, 9, BOB)];
        const usage = new UsageIndex(mergeUsage(undefined, { events: fresh, startMs: NOW - DAY, endMs: NOW, complete: true }, header(), LIMITS).state);
        const findings = hourlyFindings(fresh, usage, config());
        expect(findings.map((f) => [f.kind, f.principalArn, f.evidence.localHour])).to.deep.equal([["off_hours_use", ALICE, 23]]);
        // Seed 002's JST office: 23:00 UTC is 08:00 in Tokyo, 14:00 UTC is 23:00 there.
        expect(hourlyFindings(fresh, usage, config({ utcOffsetHours: 9 })).map((f) => [f.evidence.hourStart, f.evidence.localHour])).to.deep.equal([[new Date(afternoon).toISOString(), 23]]);
    });

    it("off-hours use going on for hours, over several runs, is one finding: its id from the first hour", () => {
        const at = (startMs: number, n: number) => Array.from({ length: n }, (_, i) => event(startMs + i * MINUTE));
        const h22 = Date.parse("2026-11-22T22:00:00Z");
        const first = at(h22, 12);
        const second = at(h22 + HOUR, 15);
        const state1 = mergeUsage(undefined, { events: first, startMs: h22 - DAY, endMs: h22 + 50 * MINUTE, complete: true }, header(h22 + 50 * MINUTE), LIMITS);
        const [night1] = hourlyFindings(state1.fresh, new UsageIndex(state1.state), config());
        const state2 = mergeUsage(state1.state, { events: second, startMs: h22 + 35 * MINUTE, endMs: h22 + HOUR + 50 * MINUTE, complete: true }, header(h22 + HOUR + 50 * MINUTE), LIMITS);
        const night2 = hourlyFindings(state2.fresh, new UsageIndex(state2.state), config());
        expect(night2).to.have.length(1);
        expect(night2[0].id).to.equal(night1.id);
        expect(night2[0].evidence).to.deep.include({ hourStart: new Date(h22).toISOString(), lastHourStart: new Date(h22 + HOUR).toISOString(), hours: 2, eventCount: 27, localHour: 22 });
        // The near miss: a quiet hour between them makes the second night hour its own episode.
        const state3 = mergeUsage(state1.state, { events: at(h22 + 2 * HOUR, 15), startMs: h22 + 35 * MINUTE, endMs: h22 + 2 * HOUR + 50 * MINUTE, complete: true }, header(h22 + 2 * HOUR + 50 * MINUTE), LIMITS);
        const [apart] = hourlyFindings(state3.fresh, new UsageIndex(state3.state), config());
        expect(apart.id).to.not.equal(night1.id);
        expect(apart.evidence.hours).to.equal(1);
    });

    it("rate spike: 60 calls in an hour after a week of 2 an hour fires; after a week of 30 an hour, or with a day of history, it does not", () => {
        const spikeHour = Date.parse("2026-11-23T12:00:00Z");
        const history = (perHour: number, days: number) => {
            const events: TrailEvent[] = [];
            for (let h = days * 24; h >= 1; h--) for (let i = 0; i < perHour; i++) events.push(event(spikeHour - h * HOUR + i * 1000));
            return events;
        };
        const spike = Array.from({ length: 60 }, (_, i) => event(spikeHour + i * 30_000));
        const judge = (past: TrailEvent[], coveredFromMs: number) => {
            const previous = mergeUsage(undefined, { events: past, startMs: coveredFromMs, endMs: spikeHour, complete: true }, header(spikeHour), LIMITS).state;
            const merged = mergeUsage(previous, { events: spike, startMs: spikeHour - 15 * MINUTE, endMs: spikeHour + HOUR, complete: true }, header(spikeHour + HOUR), LIMITS);
            return hourlyFindings(merged.fresh, new UsageIndex(merged.state), config()).filter((f) => f.kind === "rate_spike");
        };
        const fired = judge(history(2, 7), spikeHour - 7 * DAY);
        expect(fired).to.have.length(1);
        expect(fired[0].evidence).to.deep.include({ eventCount: 60, baselinePerHour: 2, baselineHours: 168, factor: 3 });
        expect(judge(history(30, 7), spikeHour - 7 * DAY)).to.deep.equal([]);
        expect(judge(history(2, 1).slice(-40), spikeHour - 20 * HOUR)).to.deep.equal([]);
    });
});

describe("findings: posture", () => {
    const principal = (name: string, fields: Partial<CollectedPrincipal>): CollectedPrincipal => ({
        type: "role",
        arn: `arn:aws:iam::${ACCOUNT}:role${fields.path ?? "/"}${name}`,
        name,
        id: "AROAX",
        path: "/",
        inlinePolicies: [],
        attachedPolicyArns: [],
        permissionsBoundaryArn: null,
        groups: [],
        ...fields,
    });

    it("boundary missing: a team role (by path or tag) without its team's boundary fires; with it, or outside a team, it does not", () => {
        const cfg = config({ teamRolePathPrefix: "/teams/", teamTagKey: "team", teamBoundaryPolicyName: "{team}-boundary" });
        const principals = [
            principal("dev-app", { path: "/teams/dev/" }),
            principal("dev-ok", { path: "/teams/dev/", permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundaries/dev-boundary` }),
            principal("ops-wrong", { tags: { Team: "ops" }, permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/dev-boundary` }),
            principal("platform", {}),
        ];
        const findings = boundaryFindings(principals, cfg);
        expect(findings.map((f) => [f.target!.id, f.evidence.team, f.evidence.teamFrom, f.evidence.actualBoundaryArn])).to.deep.equal([
            ["dev-app", "dev", "path", null],
            ["ops-wrong", "ops", "tag", `arn:aws:iam::${ACCOUNT}:policy/dev-boundary`],
        ]);
        expect(boundaryFindings(principals, config())).to.deep.equal([]);
    });

    it("plaintext credential: a token pasted into a variable named like a secret fires, by name only; references and other names do not", () => {
        const TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
        const fn: CollectedFunction = {
            executorRef: "arn:aws:lambda:us-east-1:123456789012:function:tool",
            functionArn: "arn:aws:lambda:us-east-1:123456789012:function:tool",
            functionName: "tool",
            roleArn: `arn:aws:iam::${ACCOUNT}:role/tool-role`,
            environment: {
                GITHUB_TOKEN: TOKEN,
                DB_SECRET: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
                API_KEY_NAME: "prod/confluence-api-token",
                KEY_PARAM: "/prod/tool/key",
                MODEL_ID: "x9Y2zQ7wP4",
            },
            logGroup: "/aws/lambda/tool",
        };
        const agents = [{ agentId: "AGENT1", actionGroups: [{ lambdaArn: fn.functionArn }] }] as unknown as CollectedAgent[];
        const findings = plaintextCredentialFindings(new Map([[fn.executorRef, fn]]), agents);
        expect(findings.map((f) => f.evidence.environmentVariable)).to.deep.equal(["GITHUB_TOKEN"]);
        expect(findings[0].evidence.agentIds).to.deep.equal(["AGENT1"]);
        expect(JSON.stringify(findings)).to.not.include(TOKEN);
        expect(isReference("sk-ant-api03-Zx81")).to.equal(false);
        expect(isReference("confluence/api-token")).to.equal(true);
    });
});

describe("findings: agents without a guardrail", () => {
    const agentArn = (agentId: string) => `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/${agentId}`;
    const alias = (agentId: string, aliasId: string, aliasName: string, version: string) => ({ aliasId, aliasName, aliasArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent-alias/${agentId}/${aliasId}`, agentVersions: [version] });
    const version = (agentVersion: string, guardrail: CollectedAgentVersion["guardrail"]): CollectedAgentVersion => ({ agentVersion, versionStatus: "PREPARED", guardrail, knowledgeBases: [] });
    const agent = (agentId: string, guardrail: CollectedAgent["guardrail"], extra: Partial<CollectedAgent> = {}): CollectedAgent => ({
        agentId,
        agentName: agentId,
        agentArn: agentArn(agentId),
        agentStatus: "PREPARED",
        agentResourceRoleArn: null,
        aliases: [],
        actionGroups: [],
        guardrail,
        versions: [version("DRAFT", guardrail)],
        ...extra,
    });
    const GUARD = { id: "gr-1", version: "1" };

    it("fires for an agent whose DRAFT configuration names none; silent with one, or when it was not read", () => {
        const findings = guardrailFindings([agent("NOGUARD01", null), agent("GUARDED01", GUARD), agent("UNREAD001", undefined)]);
        expect(findings.map((f) => [f.kind, f.target!.id])).to.deep.equal([["agent_without_guardrail", "NOGUARD01"]]);
        // DRAFT's id is the agent's alone, as it was before versions were read.
        expect(findings[0].id).to.equal(findingId("agent_without_guardrail", agentArn("NOGUARD01")));
    });

    it("fires for a version an alias routes to that has none, naming the alias and the version; silent for a routed version with one", () => {
        const prod = alias("ROUTED001", "PRODALIAS1", "prod", "3");
        const staging = alias("ROUTED001", "STAGEALIAS", "staging", "2");
        const routed = agent("ROUTED001", GUARD, { aliases: [prod, staging], versions: [version("DRAFT", GUARD), version("2", GUARD), version("3", null)] });
        const findings = guardrailFindings([routed]);
        expect(findings).to.have.length(1);
        expect(findings[0].evidence).to.deep.include({ agentVersion: "3", aliasArns: [prod.aliasArn] });
        expect(findings[0].title).to.equal("Agent ROUTED001 (ROUTED001) version 3, which alias prod routes to, has no guardrail");
        expect(findings[0].remediation).to.include("--agent-alias-id PRODALIAS1");
        expect(findings[0].id).to.equal(findingId("agent_without_guardrail", agentArn("ROUTED001"), "3"));
        // The near miss: the same agent with version 3 guarded, or its read failed, raises nothing.
        expect(guardrailFindings([{ ...routed, versions: [version("DRAFT", GUARD), version("2", GUARD), version("3", GUARD)] }])).to.deep.equal([]);
        expect(guardrailFindings([{ ...routed, versions: [version("DRAFT", GUARD), version("2", GUARD), version("3", undefined)] }])).to.deep.equal([]);
    });
});

describe("findings: all kinds together", () => {
    it("sorts by severity and validates against schemas/findings.schema.json", () => {
        const fresh = [...Array.from({ length: 10 }, (_, i) => event(Date.parse("2026-11-23T02:00:00Z") + i * MINUTE)), ...[0, 1, 2, 3, 4].map((m) => event(NOW - HOUR + m * 10_000, { errorCode: "AccessDenied", modelId: OPUS }))];
        const state = mergeUsage(stateWith(NOW - 100 * DAY, NOW - DAY), { events: fresh, startMs: NOW - DAY - 15 * MINUTE, endMs: NOW, complete: true }, header(), LIMITS).state;
        const findings: Finding[] = computeFindings({
            config: config({ teamTagKey: "team" }),
            nowMs: NOW,
            principals: [{ type: "role", arn: BOB, name: "bob-role", id: "x", path: "/", inlinePolicies: [], attachedPolicyArns: [], permissionsBoundaryArn: null, groups: [], tags: { team: "ml" } }],
            bindings: ledger(modelBinding(BOB, OPUS, [grant("p")])),
            events: fresh,
            freshEvents: fresh,
            usage: new UsageIndex(state),
            usageTrusted: true,
            functions: new Map(),
            agents: [],
        });
        expect(findings.map((f) => f.kind)).to.deep.equal(["boundary_missing", "denial_burst", "unapproved_model_attempt", "off_hours_use", "unused_invoke_grant"]);
        const document = { schemaVersion: "1.0", accountId: ACCOUNT, region: REGION, generatedAt: new Date(NOW).toISOString(), runId: "20261123T140000Z", findings };
        expect(validateArtifact("findings.json", document)).to.deep.equal([]);
        // The schema holds each kind to its evidence.
        const broken = { ...document, findings: [{ ...findings[0], evidence: {} }] };
        expect(validateArtifact("findings.json", broken).join()).to.match(/must have required property 'team'/);
        expect(emptyState(header(), NOW, NOW).uses).to.deep.equal([]);
    });
});
