// Building blocks several parts use: the deployment's scope, a CMK, and a log bucket with the
// inventory bucket's hygiene (seed 000 P2/P3: public access blocked, TLS only, SSE-KMS with a CMK).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsScope, PolicyDocument } from "./documents/common";

/** Partition, region and account of the deployment, looked up once per component. */
export function deploymentScope(parent: pulumi.Resource): pulumi.Output<AwsScope> {
    const opts = { parent };
    return pulumi
        .all([aws.getPartitionOutput({}, opts), aws.getRegionOutput({}, opts), aws.getCallerIdentityOutput({}, opts)])
        .apply(([partition, region, identity]) => ({ partition: partition.partition, region: region.region, accountId: identity.accountId }));
}

/** JSON text of a document built from resolved values. */
export function documentJson<T>(input: pulumi.Input<T>, build: (value: T) => PolicyDocument): pulumi.Output<string> {
    return pulumi.output(input).apply((value) => JSON.stringify(build(value as T)));
}

/** A symmetric CMK with yearly rotation and the given key policy. */
export function createKey(parent: pulumi.Resource, name: string, description: string, policy: pulumi.Input<string>, tags: Record<string, string>): aws.kms.Key {
    return new aws.kms.Key(
        name,
        { description, enableKeyRotation: true, deletionWindowInDays: 30, policy, tags },
        { parent },
    );
}

/** A private, versioned bucket encrypted by default with `keyArn`; its policy comes from `policyFor(bucketArn)`. */
export interface LogBucket {
    readonly bucket: aws.s3.Bucket;
    readonly policy: aws.s3.BucketPolicy;
    /** Resources that must exist before a service may write to the bucket. */
    readonly ready: pulumi.Resource[];
}

export function createLogBucket(
    parent: pulumi.Resource,
    name: string,
    keyArn: pulumi.Input<string>,
    policyFor: (bucketArn: pulumi.Output<string>) => pulumi.Input<string>,
    tags: Record<string, string>,
): LogBucket {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(name, { tags }, opts);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
        opts,
    );
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }] },
        opts,
    );
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    // Current log objects are kept (retention is the owner's decision); overwritten versions and
    // abandoned uploads are not evidence and only cost money.
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: 90 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        },
        // S3 rejects noncurrent-version actions before versioning is on.
        { parent, dependsOn: [versioning] },
    );
    // After the public access block: a policy put first could briefly be evaluated without it.
    const policy = new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy: policyFor(bucket.arn) }, { parent, dependsOn: [publicAccess] });
    return { bucket, policy, ready: [policy, publicAccess, ownership, encryption, versioning, lifecycle] };
}
