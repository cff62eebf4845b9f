// The hub bucket's lifecycle rules (BedrockOrgInventory). Pure: settings in, the rules out.

/**
 * The tag the organization's account function puts on every object under
 * `accounts/<id>/<region>/runs/` (inventory-fn/org/layout.ts, RUN_OBJECT_TAG: the Lambda bundle
 * and the component are built apart, a test holds the two equal). S3 lifecycle filters are
 * literal prefixes, so these runs are matched by tag instead.
 */
export const RUN_OBJECT_TAG = { key: "bedrock-inventory-object", value: "run" } as const;

export interface HubLifecycleInput {
    readonly runRetentionDays: number;
    readonly noncurrentVersionRetentionDays: number;
}

/** A rule as `aws.s3.BucketLifecycleConfiguration` takes it (plain values only). */
export interface HubLifecycleRule {
    readonly id: string;
    readonly status: "Enabled";
    readonly filter: { readonly prefix?: string; readonly and?: { readonly prefix: string; readonly tags: Record<string, string> } };
    readonly expiration?: { readonly days?: number; readonly expiredObjectDeleteMarker?: boolean };
    readonly noncurrentVersionExpiration?: { readonly noncurrentDays: number };
    readonly abortIncompleteMultipartUpload?: { readonly daysAfterInitiation: number };
}

/**
 * - `organization/runs/`: a literal prefix, expired after the run retention.
 * - The accounts' runs: tagged by the account function, expired after the same retention; the
 *   filter also names `accounts/` so a tag put elsewhere by hand expires nothing else. latest/
 *   copies are written untagged (TaggingDirective REPLACE) and never expire.
 * - Every key: noncurrent versions (overwritten latest/ objects, expired runs) removed after their
 *   own retention, then the delete markers left with no version behind them.
 */
export function hubLifecycleRules(input: HubLifecycleInput): HubLifecycleRule[] {
    return [
        { id: "expire-organization-runs", status: "Enabled", filter: { prefix: "organization/runs/" }, expiration: { days: input.runRetentionDays } },
        {
            id: "expire-account-runs",
            status: "Enabled",
            filter: { and: { prefix: "accounts/", tags: { [RUN_OBJECT_TAG.key]: RUN_OBJECT_TAG.value } } },
            expiration: { days: input.runRetentionDays },
        },
        {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: input.noncurrentVersionRetentionDays },
            expiration: { expiredObjectDeleteMarker: true },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
    ];
}
