import type { TrailEvent } from "../../collect/cloudtrail";
import { isDenied, modelIdOf, targetOf, type UsageIndex } from "./usage";
import { findingId, iso, matchesPattern, type Finding, type FindingsConfig } from "./types";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const MODEL_EVENTS = new Set(["InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream", "StartAsyncInvoke", "InvokeModelWithBidirectionalStream"]);

/** The run's events once each (consecutive windows overlap), oldest first. */
function distinctOldestFirst(events: readonly TrailEvent[]): TrailEvent[] {
    const byId = new Map<string, TrailEvent>();
    for (const e of events) if (!Number.isNaN(Date.parse(e.eventTime))) byId.set(e.eventId, e);
    return [...byId.values()].sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.eventId.localeCompare(b.eventId));
}

function byPrincipal(events: readonly TrailEvent[]): Map<string, TrailEvent[]> {
    const groups = new Map<string, TrailEvent[]>();
    for (const e of events) {
        if (!e.principalArn) continue;
        if (!groups.has(e.principalArn)) groups.set(e.principalArn, []);
        groups.get(e.principalArn)!.push(e);
    }
    return groups;
}

const distinct = (values: readonly (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();

/** `[principalArn, eventId, epoch seconds, eventName, errorCode, target]`: a denial kept for the next run. */
export type CarriedDenial = [string, string, number, string, string | null, string | null];
/** `[principalArn, first denial, last denial (epoch seconds), denials counted]`: a burst that may go on. */
export type OpenBurst = [string, number, number, number];

/**
 * What one run's burst detection leaves for the next (kept in the usage state, `denials`): the
 * last denials of each principal within a burst window of the read's end, so a burst straddling
 * two runs is seen whole by the second even when the window is longer than CloudTrail's
 * re-read overlap; and the bursts that may still be going on, so their continuation keeps their id.
 */
export interface DenialCarry {
    readonly tail: CarriedDenial[];
    readonly open: OpenBurst[];
}

function carriedEvent([principalArn, eventId, seconds, eventName, errorCode, target]: CarriedDenial): TrailEvent {
    const [kind, id] = target ? [target.slice(0, target.indexOf(":")), target.slice(target.indexOf(":") + 1)] : [null, null];
    return { eventId, eventName, eventTime: iso(seconds * 1000), principalArn, principalType: null, errorCode, modelId: kind === "model" ? id : null, agentId: kind === "agent" ? id : null, agentAliasId: null };
}

const targetLabel = (e: TrailEvent) => (e.modelId ? `model:${modelIdOf(e.modelId)}` : e.agentId ? `agent:${e.agentId}` : null);

/**
 * Seed 002's "excessive denials", as a burst: at least `denialBurstCount` AccessDenied answers
 * to one principal within `denialBurstMinutes`. A steady trickle (a denial every ten minutes)
 * never fills the window; a burst is a script probing what it may do. One finding per burst.
 *
 * Its id is the principal and the window its first denial falls in. A burst that spans runs
 * keeps the id of its start: `carry` (the previous run's, from the usage state) holds the bursts
 * that may go on and the denials near the previous read's end; a burst this run sees that starts
 * within a window of an open one's last denial is that burst, continued. Returns the findings
 * and the carry for the next run (`endMs`: the end of this run's read).
 */
export function denialBursts(events: readonly TrailEvent[], config: FindingsConfig, carry?: DenialCarry, endMs?: number): { findings: Finding[]; carry: DenialCarry } {
    const windowMs = config.denialBurstMinutes * MINUTE_MS;
    const maxEventIds = config.evidenceMaxEventIds;
    const findings: Finding[] = [];
    const open = new Map<string, OpenBurst[]>();
    for (const burst of carry?.open ?? []) open.set(burst[0], [...(open.get(burst[0]) ?? []), burst]);
    const nextOpen: OpenBurst[] = [];
    const nextTail: CarriedDenial[] = [];
    const horizonMs = (endMs ?? -Infinity) - windowMs;
    const denied = distinctOldestFirst([...(carry?.tail ?? []).map(carriedEvent), ...events]).filter(isDenied);
    for (const [principalArn, own] of byPrincipal(denied)) {
        const times = own.map((e) => Date.parse(e.eventTime));
        const previous = open.get(principalArn) ?? [];
        const matched = new Set<OpenBurst>();
        let start = 0;
        while (start < own.length) {
            // The longest run of denials starting at `start` that fits in the window.
            let end = start;
            while (end + 1 < own.length && times[end + 1] - times[start] <= windowMs) end++;
            if (end - start + 1 < config.denialBurstCount) {
                start++;
                continue;
            }
            // Extend while denials keep coming within the window of the last one: one burst, one finding.
            while (end + 1 < own.length && times[end + 1] - times[end] <= windowMs) end++;
            const burst = own.slice(start, end + 1);
            // The open burst this one continues: it started before this one ends and its last denial is within a window of this one's first.
            const continued = previous.find((o) => o[2] * 1000 >= times[start] - windowMs && o[1] * 1000 <= times[end]);
            if (continued) matched.add(continued);
            const firstMs = continued ? Math.min(continued[1] * 1000, times[start]) : times[start];
            const counted = continued ? continued[3] + burst.filter((e, i) => Math.floor(times[start + i] / 1000) > continued[2]).length : burst.length;
            const lastMs = Math.max(times[end], continued ? continued[2] * 1000 : -Infinity);
            findings.push({
                id: findingId("denial_burst", principalArn, Math.floor(firstMs / windowMs)),
                kind: "denial_burst",
                severity: "HIGH",
                title: `${counted} denied Bedrock requests from ${principalArn} within ${Math.round((lastMs - firstMs) / MINUTE_MS)} minutes`,
                principalArn,
                target: null,
                evidence: {
                    eventCount: counted,
                    firstEventAt: iso(firstMs),
                    lastEventAt: iso(lastMs),
                    eventIds: burst.slice(0, maxEventIds).map((e) => e.eventId),
                    errorCodes: distinct(burst.map((e) => e.errorCode)),
                    eventNames: distinct(burst.map((e) => e.eventName)),
                    targets: distinct(burst.map(targetLabel)),
                    threshold: config.denialBurstCount,
                    windowMinutes: config.denialBurstMinutes,
                },
                remediation: `Find who holds ${principalArn}'s credentials and why they probe (the event ids lead to source IPs and user agents in CloudTrail); if unexpected, revoke its sessions (for a role, an inline Deny on aws:TokenIssueTime before now) and rotate its credentials.`,
            });
            if (lastMs >= horizonMs) nextOpen.push([principalArn, Math.floor(firstMs / 1000), Math.floor(lastMs / 1000), counted]);
            start = end + 1;
        }
        // Open bursts this run did not see again that may still go on.
        for (const o of previous) if (!matched.has(o) && o[2] * 1000 >= horizonMs) nextOpen.push(o);
        // The principal's last denials within a window of the end: the start of a burst the next run may complete.
        const recent = own.filter((_, i) => times[i] >= horizonMs).slice(-config.denialBurstCount);
        for (const e of recent) nextTail.push([principalArn, e.eventId, Math.floor(Date.parse(e.eventTime) / 1000), e.eventName, e.errorCode, targetLabel(e)]);
    }
    for (const [principalArn, previous] of open) if (!denied.some((e) => e.principalArn === principalArn)) for (const o of previous) if (o[2] * 1000 >= horizonMs) nextOpen.push(o);
    return { findings, carry: { tail: nextTail, open: nextOpen } };
}

/** The bursts of `events` alone (no earlier run): {@link denialBursts}' findings. */
export function denialBurstFindings(events: readonly TrailEvent[], config: FindingsConfig, carry?: DenialCarry): Finding[] {
    return denialBursts(events, config, carry).findings;
}

/**
 * Seed 002's "unauthorized premium model access attempt", generalised: an invocation of a
 * model outside the approved list (when one is configured) or of a premium model, allowed or
 * denied. One finding per principal, model and UTC day.
 */
export function modelAttemptFindings(events: readonly TrailEvent[], config: FindingsConfig): Finding[] {
    const groups = new Map<string, TrailEvent[]>();
    for (const e of distinctOldestFirst(events)) {
        if (!e.principalArn || !e.modelId || !MODEL_EVENTS.has(e.eventName)) continue;
        const modelId = modelIdOf(e.modelId);
        const premium = config.premiumModels.some((p) => matchesPattern(modelId, p));
        const approved = config.approvedModels.length === 0 || config.approvedModels.some((p) => matchesPattern(modelId, p));
        if (!premium && approved) continue;
        const key = JSON.stringify([e.principalArn, modelId, e.eventTime.slice(0, 10)]);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push(e);
    }
    const findings: Finding[] = [];
    for (const [key, attempts] of groups) {
        const [principalArn, modelId, day] = JSON.parse(key) as [string, string, string];
        const premium = config.premiumModels.some((p) => matchesPattern(modelId, p));
        const approved = config.approvedModels.length === 0 || config.approvedModels.some((p) => matchesPattern(modelId, p));
        const denied = attempts.filter(isDenied).length;
        const allowed = attempts.length - denied;
        const label = [approved ? null : "unapproved", premium ? "premium" : null].filter(Boolean).join(", ");
        findings.push({
            id: findingId("unapproved_model_attempt", principalArn, modelId, day),
            kind: "unapproved_model_attempt",
            severity: allowed > 0 && !approved ? "CRITICAL" : "HIGH",
            title: `${principalArn} invoked ${label} model ${modelId} ${attempts.length} times (${denied} denied)`,
            principalArn,
            target: { type: "model", id: modelId, arn: null },
            evidence: {
                modelId,
                premium,
                approved,
                eventCount: attempts.length,
                deniedCount: denied,
                firstEventAt: attempts[0].eventTime,
                lastEventAt: attempts[attempts.length - 1].eventTime,
                eventIds: attempts.slice(0, config.evidenceMaxEventIds).map((e) => e.eventId),
                errorCodes: distinct(attempts.map((e) => e.errorCode)),
                eventNames: distinct(attempts.map((e) => e.eventName)),
            },
            remediation:
                allowed > 0 && !approved
                    ? `${allowed} of these calls succeeded: the model is not approved yet ${principalArn} may invoke it. Deny it (an SCP or boundary listing the approved model ARNs) and remove it from ${principalArn}'s grants (model-bindings.json names the statements).`
                    : allowed > 0
                      ? `Confirm ${principalArn} is meant to use premium model ${modelId} (cost); if not, remove it from the statements model-bindings.json lists for this principal and model.`
                      : `Every call was denied, as it should be: confirm with the owner of ${principalArn} whether it is an escalation attempt or a request for access to go through approval.`,
        });
    }
    return findings;
}

/** The local hour (0-23) of an epoch hour. */
function localHourOf(epochHour: number, utcOffsetHours: number): number {
    return (((epochHour + utcOffsetHours) % 24) + 24) % 24;
}

function isOffHours(localHour: number, config: FindingsConfig): boolean {
    const { offHoursStart: start, offHoursEnd: end } = config;
    return start <= end ? localHour >= start && localHour < end : localHour >= start || localHour < end;
}

/**
 * Off-hours use and rate spikes, per principal, for the hours this run's new events fall in,
 * from the usage state's hourly counts (which earlier runs of the same hour added to):
 * - off-hours use: at least `offHoursMinEvents` invocations in an hour between `offHoursStart`
 *   and `offHoursEnd` local time (seed 002's 22:00-06:00 JST, as `utcOffsetHours` 9);
 * - rate spike: more than `rateSpikeFactor` times the principal's own mean per hour over the
 *   previous `baselineDays` the state covers (at least 24 hours of them), and at least
 *   `rateSpikeMinEvents`. Seed 002 compared each identity with the average of all identities;
 *   a principal's own history is what tells a batch job from a stolen key.
 * Consecutive qualifying hours are one episode, one finding, its id from the principal and the
 * episode's first hour: the four runs of an hour, and the runs of the hours after it while the
 * use goes on, report the same finding (the state's hourly counts say where it began).
 */
export function hourlyFindings(fresh: readonly TrailEvent[], usage: UsageIndex, config: FindingsConfig): Finding[] {
    const touched = new Map<string, Set<number>>();
    for (const e of fresh) {
        if (!e.principalArn || isDenied(e) || !targetOf(e)) continue;
        const hour = Math.floor(Date.parse(e.eventTime) / HOUR_MS);
        if (Number.isNaN(hour)) continue;
        if (!touched.has(e.principalArn)) touched.set(e.principalArn, new Set());
        touched.get(e.principalArn)!.add(hour);
    }
    const findings: Finding[] = [];
    const coveredFromHour = Math.ceil(usage.coverageFromMs / HOUR_MS);
    const offHours = `${config.offHoursStart}:00-${config.offHoursEnd}:00 UTC${config.utcOffsetHours >= 0 ? "+" : ""}${config.utcOffsetHours}`;
    for (const [principalArn, hours] of touched) {
        const counts = usage.hourlyOf(principalArn);
        const countOf = (hour: number) => counts.get(hour) ?? 0;
        const isOffHourUse = (hour: number) => isOffHours(localHourOf(hour, config.utcOffsetHours), config) && countOf(hour) >= config.offHoursMinEvents;
        const spikeOf = (hour: number): { mean: number; baselineHours: number } | null => {
            const baselineFrom = Math.max(hour - config.baselineDays * 24, coveredFromHour);
            const baselineHours = hour - baselineFrom;
            if (baselineHours < 24 || countOf(hour) < config.rateSpikeMinEvents) return null;
            let total = 0;
            for (let h = baselineFrom; h < hour; h++) total += countOf(h);
            const mean = total / baselineHours;
            return countOf(hour) > config.rateSpikeFactor * mean ? { mean, baselineHours } : null;
        };
        /** The first hour of the run of qualifying hours that ends at `hour`. */
        const episodeStart = (hour: number, qualifies: (h: number) => boolean) => {
            let first = hour;
            while (first - 1 >= coveredFromHour && qualifies(first - 1)) first--;
            return first;
        };
        const eventIdsIn = (first: number, last: number) =>
            fresh
                .filter((e) => e.principalArn === principalArn && !isDenied(e) && targetOf(e))
                .filter((e) => {
                    const h = Math.floor(Date.parse(e.eventTime) / HOUR_MS);
                    return h >= first && h <= last;
                })
                .slice(0, config.evidenceMaxEventIds)
                .map((e) => e.eventId);
        const episodeTotal = (first: number, last: number) => {
            let total = 0;
            for (let h = first; h <= last; h++) total += countOf(h);
            return total;
        };
        // The latest judged hour of each episode stands for it.
        const offEpisodes = new Map<number, number>();
        const spikeEpisodes = new Map<number, { last: number; mean: number; baselineHours: number }>();
        for (const hour of [...hours].sort((a, b) => a - b)) {
            if (isOffHourUse(hour)) offEpisodes.set(episodeStart(hour, isOffHourUse), hour);
            const spike = spikeOf(hour);
            if (spike) spikeEpisodes.set(episodeStart(hour, (h) => spikeOf(h) !== null), { last: hour, ...spike });
        }
        for (const [first, last] of offEpisodes) {
            const count = episodeTotal(first, last);
            const localHour = localHourOf(first, config.utcOffsetHours);
            const span = last > first ? ` from ${String(localHour).padStart(2, "0")}:00 to ${String(localHourOf(last + 1, config.utcOffsetHours)).padStart(2, "0")}:00` : ` at ${String(localHour).padStart(2, "0")}:00`;
            findings.push({
                id: findingId("off_hours_use", principalArn, first),
                kind: "off_hours_use",
                severity: "MEDIUM",
                title: `${principalArn} made ${count} Bedrock invocations${span} local time`,
                principalArn,
                target: null,
                evidence: {
                    eventCount: count,
                    hourStart: iso(first * HOUR_MS),
                    lastHourStart: iso(last * HOUR_MS),
                    hours: last - first + 1,
                    localHour,
                    offHours,
                    threshold: config.offHoursMinEvents,
                    eventIds: eventIdsIn(first, last),
                },
                remediation: `Confirm ${principalArn} runs unattended at this hour; if it is a person's role, find the session (the event ids) and, if unexpected, revoke it. A principal meant for office hours can be held to them with an aws:CurrentTime condition.`,
            });
        }
        for (const [first, { last, mean, baselineHours }] of spikeEpisodes) {
            const count = countOf(last);
            findings.push({
                id: findingId("rate_spike", principalArn, first),
                kind: "rate_spike",
                severity: "MEDIUM",
                title: `${principalArn} made ${count} Bedrock invocations in an hour, ${mean === 0 ? "after none" : `${(count / mean).toFixed(1)} times its mean`} over the previous ${baselineHours} hours${last > first ? `, the ${last - first + 1}th such hour in a row` : ""}`,
                principalArn,
                target: null,
                evidence: {
                    eventCount: episodeTotal(first, last),
                    hourStart: iso(first * HOUR_MS),
                    lastHourStart: iso(last * HOUR_MS),
                    hours: last - first + 1,
                    baselinePerHour: Math.round(mean * 100) / 100,
                    baselineHours,
                    factor: config.rateSpikeFactor,
                    threshold: config.rateSpikeMinEvents,
                },
                remediation: `Check what drove ${principalArn}'s calls in these hours (CloudTrail, its model-invocation logs); if it is not a planned load, revoke its sessions and rotate its credentials. Bedrock has no per-principal quota: a cap is an application-side or SCP decision.`,
            });
        }
    }
    return findings;
}
