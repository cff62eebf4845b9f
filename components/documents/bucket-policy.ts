import { PolicyDocument, policyDocument } from "./types";

export interface InventoryBucketPolicyInput {
    readonly bucketArn: string;
    /** The only key an object may be written with. */
    readonly keyArn: string;
}

/**
 * The inventory bucket's three invariants (seed 000, P3): every request over TLS, every write
 * SSE-KMS, and with this key. `StringNotEquals` also matches a request that omits the header, so
 * a PutObject (or CopyObject, which S3 authorizes as PutObject on the target) that leaves
 * encryption to the bucket default is denied too: writers must name the key (CONTRACTS 4).
 */
export function inventoryBucketPolicy(input: InventoryBucketPolicyInput): PolicyDocument {
    const objects = `${input.bucketArn}/*`;
    return policyDocument(
        {
            Sid: "DenyNonTLS",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [input.bucketArn, objects],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyUnencryptedPuts",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
        },
        {
            Sid: "DenyWrongKMSKey",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": input.keyArn } },
        },
    );
}
