// Every bucket this project deploys holds inventory data or logs: none is public (seed 000 blocks
// public access on the inventory bucket). In @pulumi/aws 7 the block is its own resource, so this
// is a stack validation that relates each bucket to the block that names it; an account-wide
// block with all four settings covers every bucket.
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { configSchema, reportOutcomes, type Outcome, type RuleConfig, type StackRule } from "../lib/rule";
import { identifiersOf, indexReferences, ofTypes, referencing } from "../lib/stack";
import { resourceLabel } from "../lib/sources";
import { readProp, UNKNOWN } from "../lib/unknowns";

export const NAME = "s3-bucket-public-access-block";
export const BUCKET_TYPES: readonly string[] = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const BLOCK_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_BLOCK_TYPE = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** The settings a block leaves off, or `undefined` when one is not known until the update. */
function settingsOff(block: PolicyResource): string[] | undefined {
    const values = SETTINGS.map((s) => [s, readProp(block.props, s)] as const);
    if (values.some(([, v]) => v === UNKNOWN)) {
        return undefined;
    }
    return values.filter(([, v]) => v !== true).map(([s]) => s);
}

export function publicAccessOutcomes(resources: readonly PolicyResource[]): Map<PolicyResource, Outcome[]> {
    const findings = new Map<PolicyResource, Outcome[]>();
    if (ofTypes(resources, [ACCOUNT_BLOCK_TYPE]).some((b) => settingsOff(b)?.length === 0)) {
        return findings;
    }
    const blocks = indexReferences(ofTypes(resources, [BLOCK_TYPE]), "bucket");
    for (const bucket of ofTypes(resources, BUCKET_TYPES)) {
        const label = resourceLabel(bucket.type, bucket.name);
        const { linked, unknown } = referencing(blocks, bucket, identifiersOf(bucket, ["bucket"]));
        const mine = linked.map((block) => ({ block, off: settingsOff(block) }));
        let outcome: Outcome | undefined;
        if (mine.some((m) => m.off?.length === 0)) {
            continue;
        } else if (mine.some((m) => m.off === undefined) || unknown) {
            outcome = { status: "undecidable", message: `${label}: whether a public access block covers it is not known until the update.` };
        } else if (mine.length > 0) {
            const { block, off } = mine[0];
            outcome = {
                status: "violation",
                message: `${label}: ${resourceLabel(block.type, block.name)} leaves ${(off ?? []).join(", ")} off: set all four of ${SETTINGS.join(", ")} to true.`,
            };
        } else {
            outcome = {
                status: "violation",
                message: `${label} has no public access block: add an aws.s3.BucketPublicAccessBlock for it with ${SETTINGS.join(", ")} all true.`,
            };
        }
        findings.set(bucket, [outcome]);
    }
    return findings;
}

export const s3BucketPublicAccessBlock: StackRule = {
    name: NAME,
    description: "Every S3 bucket must have a public access block (aws.s3.BucketPublicAccessBlock, or an account-wide one) with all four settings true.",
    enforcementLevel: "advisory",
    remediationSteps: "Add new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }).",
    configSchema: configSchema(),
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const config = args.getConfig<RuleConfig>();
        for (const [bucket, outcomes] of publicAccessOutcomes(args.resources)) {
            reportOutcomes(outcomes, bucket, config, reportViolation, { attachUrn: true });
        }
    },
};
