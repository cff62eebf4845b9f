import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** What `createArtifactBucket` needs. */
export interface ArtifactBucketArgs {
    /** Physical name; undefined for Pulumi's auto-name. */
    readonly bucketName?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The CMK every object is encrypted with by default. */
    readonly keyArn: pulumi.Input<string>;
}

/** The bucket and the children later resources depend on. */
export interface ArtifactBucket {
    readonly bucket: aws.s3.Bucket;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly versioning: aws.s3.BucketVersioning;
}

/**
 * The bucket an inventory writes its artifacts to (BedrockInventory, BedrockOrgInventory): private
 * (every public access block on, ACLs disabled), versioned (a failed promotion is undone by
 * deleting the versions it created: docs/reading-latest.md) and SSE-KMS with the component's key
 * by default. Children `${name}-bucket`, `-bucket-public-access`, `-bucket-ownership`,
 * `-bucket-versioning`, `-bucket-encryption`, parented to `parent`; the lifecycle and the bucket
 * policy differ per component and stay with it.
 */
export function createArtifactBucket(parent: pulumi.Resource, name: string, args: ArtifactBucketArgs): ArtifactBucket {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { tags: args.tags, bucket: args.bucketName, forceDestroy: false }, opts);
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-bucket-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
        opts,
    );
    new aws.s3.BucketOwnershipControls(`${name}-bucket-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    const versioning = new aws.s3.BucketVersioning(`${name}-bucket-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-bucket-encryption`,
        {
            bucket: bucket.id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.keyArn },
                    // One data key per bucket instead of one KMS call per object: cheaper and no
                    // KMS throttling when a run writes and copies its artifacts.
                    bucketKeyEnabled: true,
                },
            ],
        },
        opts,
    );
    return { bucket, publicAccessBlock, versioning };
}
