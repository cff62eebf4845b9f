import type { TrailEvent } from "../../collect/cloudtrail";
import { isDenied, modelIdOf, targetOf, type UsageIndex } from "./usage";
import { findingId, iso, matchesPattern, MAX_EVENT_IDS, type Finding, type FindingsConfig } from "./types";

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

/**
 * Seed 002's "excessive denials", as a burst: at least `denialBurstCount` AccessDenied answers
 * to one principal within `denialBurstMinutes`. A steady trickle (a denial every ten minutes)
 * never fills the window; a burst is a script probing what it may do. One finding per burst,
 * its id from the principal and the window its first denial falls in.
 */
export function denialBurstFindings(events: readonly TrailEvent[], config: FindingsConfig): Finding[] {
    const windowMs = config.denialBurstMinutes * MINUTE_MS;
    const findings: Finding[] = [];
    for (const [principalArn, own] of byPrincipal(distinctOldestFirst(events).filter(isDenied))) {
        const times = own.map((e) => Date.parse(e.eventTime));
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
            findings.push({
                id: findingId("denial_burst", principalArn, Math.floor(times[start] / windowMs)),
                kind: "denial_burst",
                severity: "HIGH",
                title: `${burst.length} denied Bedrock requests from ${principalArn} within ${Math.round((times[end] - times[start]) / MINUTE_MS)} minutes`,
                principalArn,
                target: null,
                evidence: {
                    eventCount: burst.length,
                    firstEventAt: iso(times[start]),
                    lastEventAt: iso(times[end]),
                    eventIds: burst.slice(0, MAX_EVENT_IDS).map((e) => e.eventId),
                    errorCodes: distinct(burst.map((e) => e.errorCode)),
                    eventNames: distinct(burst.map((e) => e.eventName)),
                    targets: distinct(burst.map((e) => (e.modelId ? `model:${modelIdOf(e.modelId)}` : e.agentId ? `agent:${e.agentId}` : null))),
                    threshold: config.denialBurstCount,
                    windowMinutes: config.denialBurstMinutes,
                },
                remediation: `Find who holds ${principalArn}'s credentials and why they probe (the event ids lead to source IPs and user agents in CloudTrail); if unexpected, revoke its sessions (for a role, an inline Deny on aws:TokenIssueTime before now) and rotate its credentials.`,
            });
            start = end + 1;
        }
    }
    return findings;
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
                eventIds: attempts.slice(0, MAX_EVENT_IDS).map((e) => e.eventId),
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
 * Off-hours use and rate spikes, per principal and hour, for the hours this run's new events
 * fall in, from the usage state's hourly counts (which earlier runs of the same hour added to):
 * - off-hours use: at least `offHoursMinEvents` invocations in an hour between `offHoursStart`
 *   and `offHoursEnd` local time (seed 002's 22:00-06:00 JST, as `utcOffsetHours` 9);
 * - rate spike: more than `rateSpikeFactor` times the principal's own mean per hour over the
 *   previous `baselineDays` the state covers (at least 24 hours of them), and at least
 *   `rateSpikeMinEvents`. Seed 002 compared each identity with the average of all identities;
 *   a principal's own history is what tells a batch job from a stolen key.
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
    for (const [principalArn, hours] of touched) {
        const counts = usage.hourlyOf(principalArn);
        for (const hour of [...hours].sort((a, b) => a - b)) {
            const count = counts.get(hour) ?? 0;
            const localHour = localHourOf(hour, config.utcOffsetHours);
            if (isOffHours(localHour, config) && count >= config.offHoursMinEvents) {
                findings.push({
                    id: findingId("off_hours_use", principalArn, hour),
                    kind: "off_hours_use",
                    severity: "MEDIUM",
                    title: `${principalArn} made ${count} Bedrock invocations at ${String(localHour).padStart(2, "0")}:00 local time`,
                    principalArn,
                    target: null,
                    evidence: {
                        eventCount: count,
                        hourStart: iso(hour * HOUR_MS),
                        localHour,
                        offHours: `${config.offHoursStart}:00-${config.offHoursEnd}:00 UTC${config.utcOffsetHours >= 0 ? "+" : ""}${config.utcOffsetHours}`,
                        threshold: config.offHoursMinEvents,
                        eventIds: fresh.filter((e) => e.principalArn === principalArn && Math.floor(Date.parse(e.eventTime) / HOUR_MS) === hour).slice(0, MAX_EVENT_IDS).map((e) => e.eventId),
                    },
                    remediation: `Confirm ${principalArn} runs unattended at this hour; if it is a person's role, find the session (the event ids) and, if unexpected, revoke it. A principal meant for office hours can be held to them with an aws:CurrentTime condition.`,
                });
            }
            const baselineFrom = Math.max(hour - config.baselineDays * 24, coveredFromHour);
            const baselineHours = hour - baselineFrom;
            if (baselineHours < 24 || count < config.rateSpikeMinEvents) continue;
            let total = 0;
            for (let h = baselineFrom; h < hour; h++) total += counts.get(h) ?? 0;
            const mean = total / baselineHours;
            if (count <= config.rateSpikeFactor * mean) continue;
            findings.push({
                id: findingId("rate_spike", principalArn, hour),
                kind: "rate_spike",
                severity: "MEDIUM",
                title: `${principalArn} made ${count} Bedrock invocations in an hour, ${mean === 0 ? "after none" : `${(count / mean).toFixed(1)} times its mean`} over the previous ${baselineHours} hours`,
                principalArn,
                target: null,
                evidence: {
                    eventCount: count,
                    hourStart: iso(hour * HOUR_MS),
                    baselinePerHour: Math.round(mean * 100) / 100,
                    baselineHours,
                    factor: config.rateSpikeFactor,
                    threshold: config.rateSpikeMinEvents,
                },
                remediation: `Check what drove ${principalArn}'s calls in this hour (CloudTrail, its model-invocation logs); if it is not a planned load, revoke its sessions and rotate its credentials. Bedrock has no per-principal quota: a cap is an application-side or SCP decision.`,
            });
        }
    }
    return findings;
}
