import { createHash } from "crypto";
import type { GrantRef } from "../bindings";

export type FindingKind =
    | "unused_invoke_grant"
    | "denial_burst"
    | "off_hours_use"
    | "rate_spike"
    | "unapproved_model_attempt"
    | "boundary_missing"
    | "plaintext_credential"
    | "agent_without_guardrail"
    | "long_term_bedrock_api_key";

/** ASFF's severity labels, so an export needs no mapping. */
export type Severity = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFORMATIONAL";

export interface FindingTarget {
    readonly type: "agent" | "model" | "function" | "role" | "user";
    readonly id: string;
    readonly arn: string | null;
}

/** A granting statement, and what else it grants, for the unused-grant remediation. */
export interface GrantEvidence extends GrantRef {
    /** Bindings (principal, target) this statement takes part in granting whose target was used in the window. */
    readonly usedBindings: number;
    /** ... and those unused. */
    readonly unusedBindings: number;
}

/**
 * What a finding rests on. Ids, ARNs, names, counts and times only: never a request's
 * parameters, a policy's condition values or an environment variable's value.
 */
export interface FindingEvidence {
    readonly eventCount?: number;
    readonly firstEventAt?: string;
    readonly lastEventAt?: string;
    /** CloudTrail event ids, at most `evidenceMaxEventIds` (default 20), oldest first. */
    readonly eventIds?: string[];
    readonly errorCodes?: string[];
    readonly eventNames?: string[];
    readonly targets?: string[];
    readonly threshold?: number;
    readonly windowMinutes?: number;
    // unused_invoke_grant
    readonly windowDays?: number;
    readonly coveredFrom?: string;
    readonly coveredTo?: string;
    /** The most recent use, before the window, of any of the targets (null: none seen). */
    readonly lastUsedAt?: string | null;
    /** Unused targets granted this way (at most `evidenceMaxTargets` listed). */
    readonly unusedCount?: number;
    /** Targets granted the same way that were used. */
    readonly usedCount?: number;
    readonly actions?: string[];
    readonly conditional?: boolean;
    readonly grantedBy?: GrantEvidence[];
    /** Only one statement grants it: removing (or narrowing) that statement removes the binding. */
    readonly removingStatementRemovesBinding?: boolean;
    // rate_spike / off_hours_use: an episode of consecutive hours
    /** The episode's first hour (what its id is made of). */
    readonly hourStart?: string;
    /** The episode's latest hour seen. */
    readonly lastHourStart?: string;
    /** Hours in the episode so far. */
    readonly hours?: number;
    readonly baselinePerHour?: number;
    readonly baselineHours?: number;
    readonly factor?: number;
    readonly localHour?: number;
    readonly offHours?: string;
    // unapproved_model_attempt
    readonly modelId?: string;
    readonly premium?: boolean;
    readonly approved?: boolean;
    readonly deniedCount?: number;
    // boundary_missing
    readonly team?: string;
    readonly teamFrom?: "path" | "tag";
    readonly expectedBoundaryPolicyName?: string;
    readonly actualBoundaryArn?: string | null;
    // plaintext_credential
    readonly functionArn?: string;
    readonly environmentVariable?: string;
    readonly agentIds?: string[];
    // long_term_bedrock_api_key
    readonly userName?: string;
    readonly credentialId?: string;
    readonly status?: string;
    readonly createdAt?: string | null;
    readonly ageDays?: number | null;
    readonly expiresAt?: string | null;
    // agent_without_guardrail
    readonly agentStatus?: string | null;
    /** The version judged: DRAFT, or a version an alias routes to. */
    readonly agentVersion?: string;
    /** The aliases that route to that version. */
    readonly aliasArns?: string[];
}

export interface Finding {
    /** Stable across runs: the same condition found again has the same id. */
    readonly id: string;
    readonly kind: FindingKind;
    readonly severity: Severity;
    readonly title: string;
    readonly principalArn: string | null;
    readonly target: FindingTarget | null;
    readonly evidence: FindingEvidence;
    /** What to change, naming the policy, statement, role, function or variable. */
    readonly remediation: string;
}

/** Thresholds and schedules: stack configuration (components/config), through the function's environment. */
export interface FindingsConfig {
    /** Unused-grant window (days, default 90): a grant is unused when not used in it, and only once the usage state covers it whole. */
    readonly usageWindowDays: number;
    /** A denial burst: at least this many denials (default 5) ... */
    readonly denialBurstCount: number;
    /** ... from one principal within this many minutes (default 5). */
    readonly denialBurstMinutes: number;
    /** Off hours, local time: from this hour (default 22) ... */
    readonly offHoursStart: number;
    /** ... to this hour (default 6, exclusive). */
    readonly offHoursEnd: number;
    /** Local time's offset from UTC in hours (default 0; seed 002's JST is 9). */
    readonly utcOffsetHours: number;
    /** Off-hours use: at least this many invocations by one principal in one off-hours hour (default 10). */
    readonly offHoursMinEvents: number;
    /** Rate spike: an hour's invocations above this many times the principal's hourly mean (default 3) ... */
    readonly rateSpikeFactor: number;
    /** ... and at least this many (default 50). */
    readonly rateSpikeMinEvents: number;
    /** The baseline: the principal's hours in the last this-many days the state covers (default 7, at least 24 hours needed). */
    readonly baselineDays: number;
    /** Approved model ids (`*` wildcards); empty: every model approved. */
    readonly approvedModels: string[];
    /** Premium model ids (`*` wildcards), default `*opus*`. */
    readonly premiumModels: string[];
    /** Team roles by path: `/<prefix>/<team>/...`; empty: not by path. */
    readonly teamRolePathPrefix: string;
    /** Team roles by tag: the tag's value is the team; empty: not by tag. */
    readonly teamTagKey: string;
    /** The boundary policy's name for a team, `{team}` replaced (default `{team}-boundary`). */
    readonly teamBoundaryPolicyName: string;
    /** Event ids a finding's evidence lists at most (default 20); `eventCount` counts them all. */
    readonly evidenceMaxEventIds: number;
    /** Targets an unused-grant finding's evidence lists at most (default 100); `unusedCount` counts them all. */
    readonly evidenceMaxTargets: number;
    /** The usage state's (principal, action, target) entries at most (default 50,000; past it the oldest go and coverage moves after them). */
    readonly usageStateMaxUses: number;
    /** The usage state's (principal, hour) counts at most (default 100,000; past it the oldest hours go, shortening baselines). */
    readonly usageStateMaxHours: number;
}

export const DEFAULT_FINDINGS_CONFIG: FindingsConfig = {
    usageWindowDays: 90,
    denialBurstCount: 5,
    denialBurstMinutes: 5,
    offHoursStart: 22,
    offHoursEnd: 6,
    utcOffsetHours: 0,
    offHoursMinEvents: 10,
    rateSpikeFactor: 3,
    rateSpikeMinEvents: 50,
    baselineDays: 7,
    approvedModels: [],
    premiumModels: ["*opus*"],
    teamRolePathPrefix: "",
    teamTagKey: "",
    teamBoundaryPolicyName: "{team}-boundary",
    evidenceMaxEventIds: 20,
    evidenceMaxTargets: 100,
    usageStateMaxUses: 50_000,
    usageStateMaxHours: 100_000,
};

/** `<kind>-<24 hex>` from what identifies the condition (never from counts or times that move). */
export function findingId(kind: FindingKind, ...parts: readonly (string | number | null)[]): string {
    return `${kind}-${createHash("sha256").update(JSON.stringify([kind, ...parts])).digest("hex").slice(0, 24)}`;
}

/** `*` matches any run of characters; case-insensitive, as model ids are compared. */
export function matchesPattern(value: string, pattern: string): boolean {
    const regex = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
    return regex.test(value);
}

export function iso(ms: number): string {
    return new Date(ms).toISOString();
}
