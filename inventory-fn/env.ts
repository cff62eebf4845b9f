import type { InventoryRunOptions } from "./run";
import type { FindingsConfig } from "./analyse/findings/types";
/** The function's configuration, read from its environment (CONTRACTS section 4). */
export interface InventoryEnvironment {
    /** INVENTORY_KMS_KEY_ID: the KMS key ARN every put and copy names. */
    readonly kmsKeyId: string;
    /** CORE_INVENTORY_BUCKET */
    readonly bucket: string;
    /** REGION, else AWS_REGION. */
    readonly region: string;
    /** OUTPUT_PREFIX, default `bedrock-core-inventory/`. */
    readonly outputPrefix: string;
    /** LATEST_PREFIX, default `latest/`. */
    readonly latestPrefix: string;
    /** ACCOUNT_ID; when absent the run asks STS. */
    readonly accountId?: string;
    /** TOOL_LOG_GROUPS, comma-separated, merged with the executors' own groups. */
    readonly toolLogGroups: string[];
    /** CLOUDTRAIL_LOOKBACK_HOURS, default 24: the activity window of a first run (no cursor yet). */
    readonly cloudTrailLookbackHours: number;
    /** CLOUDTRAIL_OVERLAP_MINUTES, default 15: re-read before the cursor, for CloudTrail's delivery delay. */
    readonly cloudTrailOverlapMinutes: number;
    /** CLOUDTRAIL_MAX_PAGES, default 600: LookupEvents pages read at most in one run (50 events each). */
    readonly cloudTrailMaxPages: number;
    /** DEADLINE_MARGIN_SECONDS, default 60: collection stops this long before Lambda's timeout. */
    readonly deadlineMarginSeconds: number;
    /** The findings' thresholds that are set (docs/findings.md lists the variables); the rest keep their defaults. */
    readonly findings: Partial<FindingsConfig>;
}

/** A bad environment: the message names the variable. */
export class EnvironmentError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "EnvironmentError";
    }
}

const DEFAULT_OUTPUT_PREFIX = "bedrock-core-inventory/";
const DEFAULT_LATEST_PREFIX = "latest/";

/**
 * Reads and checks the environment before anything else happens: a missing
 * INVENTORY_KMS_KEY_ID must stop the function before its first AWS call, because every write
 * without the key would be denied by the bucket policy (or worse, land under another key).
 */
export function parseEnvironment(env: Readonly<Record<string, string | undefined>>): InventoryEnvironment {
    const required = (name: string): string => {
        const value = env[name]?.trim();
        if (!value) throw new EnvironmentError(`${name} is required and is not set`);
        return value;
    };
    const kmsKeyId = required("INVENTORY_KMS_KEY_ID");
    if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(kmsKeyId)) {
        throw new EnvironmentError(`INVENTORY_KMS_KEY_ID: got "${kmsKeyId}", expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); the bucket policy compares the ARN`);
    }
    const bucket = required("CORE_INVENTORY_BUCKET");
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
        throw new EnvironmentError(`CORE_INVENTORY_BUCKET: got "${bucket}", expected an S3 bucket name`);
    }
    const region = env.REGION?.trim() || env.AWS_REGION?.trim();
    if (!region) {
        throw new EnvironmentError("REGION is not set and neither is AWS_REGION: one of them names the region inventoried");
    }
    const prefix = (name: string, fallback: string): string => {
        const value = env[name] ?? fallback;
        if (value !== "" && !value.endsWith("/")) {
            throw new EnvironmentError(`${name}: got "${value}", expected a key prefix ending in "/" (or empty)`);
        }
        if (value.startsWith("/")) {
            throw new EnvironmentError(`${name}: got "${value}", expected a key prefix that does not start with "/"`);
        }
        return value;
    };
    const accountId = env.ACCOUNT_ID?.trim() || undefined;
    if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
        throw new EnvironmentError(`ACCOUNT_ID: got "${accountId}", expected 12 digits`);
    }
    const number = (name: string, fallback: number, min: number, max: number): number => {
        const raw = env[name]?.trim();
        if (!raw) return fallback;
        const value = Number(raw);
        if (!Number.isFinite(value) || value < min || value > max) {
            throw new EnvironmentError(`${name}: got "${raw}", expected a number from ${min} to ${max}`);
        }
        return value;
    };
    return {
        kmsKeyId,
        bucket,
        region,
        outputPrefix: prefix("OUTPUT_PREFIX", DEFAULT_OUTPUT_PREFIX),
        latestPrefix: prefix("LATEST_PREFIX", DEFAULT_LATEST_PREFIX),
        accountId,
        toolLogGroups: (env.TOOL_LOG_GROUPS ?? "").split(",").map((g) => g.trim()).filter((g) => g.length > 0),
        // LookupEvents keeps 90 days.
        cloudTrailLookbackHours: number("CLOUDTRAIL_LOOKBACK_HOURS", 24, 1, 90 * 24),
        cloudTrailOverlapMinutes: number("CLOUDTRAIL_OVERLAP_MINUTES", 15, 0, 24 * 60),
        cloudTrailMaxPages: number("CLOUDTRAIL_MAX_PAGES", 600, 1, 100_000),
        deadlineMarginSeconds: number("DEADLINE_MARGIN_SECONDS", 60, 5, 600),
        findings: findingsOf(env, number),
    };
}

/**
 * The findings' variables (components/findings-settings.ts sets them, with the same ranges),
 * only those present: an absent one keeps the default of analyse/findings/types.ts.
 */
function findingsOf(env: Readonly<Record<string, string | undefined>>, number: (name: string, fallback: number, min: number, max: number) => number): Partial<FindingsConfig> {
    const findings: Record<string, unknown> = {};
    const integer = (field: keyof FindingsConfig, name: string, min: number, max: number) => {
        if (!env[name]?.trim()) return;
        const value = number(name, 0, min, max);
        if (!Number.isInteger(value)) throw new EnvironmentError(`${name}: got "${env[name]}", expected an integer from ${min} to ${max}`);
        findings[field] = value;
    };
    integer("usageWindowDays", "FINDINGS_WINDOW_DAYS", 1, 400);
    integer("denialBurstCount", "DENIAL_BURST_COUNT", 2, 10_000);
    integer("denialBurstMinutes", "DENIAL_BURST_MINUTES", 1, 1440);
    integer("offHoursStart", "OFF_HOURS_START_HOUR", 0, 23);
    integer("offHoursEnd", "OFF_HOURS_END_HOUR", 0, 23);
    integer("utcOffsetHours", "OFF_HOURS_UTC_OFFSET_HOURS", -12, 14);
    integer("offHoursMinEvents", "OFF_HOURS_MIN_INVOCATIONS", 1, 1_000_000);
    integer("rateSpikeFactor", "RATE_SPIKE_FACTOR", 2, 1000);
    integer("rateSpikeMinEvents", "RATE_SPIKE_MIN_INVOCATIONS", 1, 1_000_000);
    integer("baselineDays", "RATE_BASELINE_DAYS", 2, 30);
    integer("evidenceMaxEventIds", "EVIDENCE_MAX_EVENT_IDS", 1, 1000);
    integer("evidenceMaxTargets", "EVIDENCE_MAX_TARGETS", 1, 100_000);
    integer("usageStateMaxUses", "USAGE_STATE_MAX_USES", 1000, 10_000_000);
    integer("usageStateMaxHours", "USAGE_STATE_MAX_HOURS", 1000, 10_000_000);
    const list = (field: keyof FindingsConfig, name: string) => {
        const raw = env[name];
        if (raw === undefined) return;
        const items = raw.split(",").map((m) => m.trim()).filter((m) => m.length > 0);
        const bad = items.find((m) => !/^[A-Za-z0-9.:*_-]{1,200}$/.test(m));
        if (bad !== undefined) throw new EnvironmentError(`${name}: got "${bad}", expected model id patterns from [A-Za-z0-9.:*_-], comma-separated`);
        findings[field] = items;
    };
    list("approvedModels", "APPROVED_MODELS");
    list("premiumModels", "PREMIUM_MODELS");
    const text = (field: keyof FindingsConfig, name: string, pattern: RegExp, expected: string) => {
        const raw = env[name]?.trim();
        if (!raw) return;
        if (!pattern.test(raw)) throw new EnvironmentError(`${name}: got "${raw}", expected ${expected}`);
        findings[field] = raw;
    };
    text("teamRolePathPrefix", "TEAM_ROLE_PATH_PREFIX", /^\/([\w+=,.@-]+\/)+$/, "an IAM path such as /teams/");
    text("teamTagKey", "TEAM_TAG_KEY", /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, "a tag key of 1 to 128 characters");
    text("teamBoundaryPolicyName", "TEAM_BOUNDARY_POLICY_NAME", /^[\w+=,.@{}-]{1,128}$/, "a policy name, {team} standing for the team");
    if ((findings.offHoursStart ?? 22) === (findings.offHoursEnd ?? 6)) {
        throw new EnvironmentError(`OFF_HOURS_START_HOUR and OFF_HOURS_END_HOUR are both ${String(findings.offHoursStart ?? 22)}: off hours would be empty`);
    }
    return findings as Partial<FindingsConfig>;
}

/** The run's settings from the environment: the one mapping the handler and the bench share. */
export function runOptionsOf(env: InventoryEnvironment): InventoryRunOptions {
    return {
        region: env.region,
        accountId: env.accountId,
        outputPrefix: env.outputPrefix,
        latestPrefix: env.latestPrefix,
        toolLogGroups: env.toolLogGroups,
        cloudTrailLookbackHours: env.cloudTrailLookbackHours,
        cloudTrailOverlapMinutes: env.cloudTrailOverlapMinutes,
        cloudTrailMaxPages: env.cloudTrailMaxPages,
        deadlineMarginMs: env.deadlineMarginSeconds * 1000,
        findings: env.findings,
    };
}
