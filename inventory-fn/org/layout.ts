// Where an organization-wide run writes (CONTRACTS section 5, "Organization layout"). Each
// (account, region) gets the single-account layout under its own prefix; the organization's
// own objects live beside them, and the index is written last.

/** `accounts/<accountId>/<region>/`: runs under `runs/<runId>/`, promoted to `latest/`. */
export function accountPrefix(accountId: string, region: string): string {
    return `accounts/${accountId}/${region}/`;
}

/** The (account, region)'s runs/ prefix: every run's objects, tagged {@link RUN_OBJECT_TAG}. */
export function accountRunsPrefix(accountId: string, region: string): string {
    return `${accountPrefix(accountId, region)}runs/`;
}

/**
 * The tag on every object under an account's runs/: S3 lifecycle filters are literal prefixes, so
 * the hub bucket's rule expiring them matches this tag (under `accounts/`). latest/ copies carry
 * no tag and never expire. The component's rule names the same pair (components/org/lifecycle.ts).
 */
export const RUN_OBJECT_TAG = { key: "bedrock-inventory-object", value: "run" } as const;

/** The store's tagging of one (account, region)'s run objects. */
export function accountRunTagging(accountId: string, region: string): { prefix: string; tagging: string } {
    return { prefix: accountRunsPrefix(accountId, region), tagging: `${encodeURIComponent(RUN_OBJECT_TAG.key)}=${encodeURIComponent(RUN_OBJECT_TAG.value)}` };
}

/** The (account, region)'s latest/ prefix. */
export function accountLatestPrefix(accountId: string, region: string): string {
    return `${accountPrefix(accountId, region)}latest/`;
}

export const ORGANIZATION_PREFIX = "organization/";

/** The organization run's own folder: plan, per-(account, region) outcomes, the index. */
export function organizationRunPrefix(orgRunId: string): string {
    return `${ORGANIZATION_PREFIX}runs/${orgRunId}/`;
}

export function planKey(orgRunId: string): string {
    return `${organizationRunPrefix(orgRunId)}plan.json`;
}

export function outcomeKey(orgRunId: string, accountId: string, region: string): string {
    return `${organizationRunPrefix(orgRunId)}outcomes/${accountId}/${region}.json`;
}

export function indexRunKey(orgRunId: string): string {
    return `${organizationRunPrefix(orgRunId)}index.json`;
}

/** The one object a reader starts from. */
export const LATEST_INDEX_KEY = `${ORGANIZATION_PREFIX}latest/index.json`;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function isAccountId(value: unknown): value is string {
    return typeof value === "string" && ACCOUNT_ID.test(value);
}

export function isRegion(value: unknown): value is string {
    return typeof value === "string" && REGION.test(value);
}

export function isOrgRunId(value: unknown): value is string {
    return typeof value === "string" && /^\d{8}T\d{6}Z$/.test(value);
}
