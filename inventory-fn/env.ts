import type { InventoryRunOptions } from "./run";
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
    };
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
    };
}
