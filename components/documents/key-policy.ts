import { AwsLocation, PolicyDocument, policyDocument } from "./types";

export interface InventoryKeyPolicyInput {
    readonly location: AwsLocation;
    /** The inventory function's execution role: SSE-KMS writes and reads of artifacts, SQS failure messages. */
    readonly executionRoleArn: string;
    /** The function's log group ARN (without `:*`): the only log group CloudWatch Logs may encrypt with the key. */
    readonly logGroupArn: string;
}

/**
 * The key policy of the inventory CMK (seed 000, step 2e, plus what the alarms need).
 *
 * - The account root keeps full control, so IAM policies in the account can grant use of the key
 *   (the consumer role's `kms:Decrypt` relies on it) and the key can never become unmanageable.
 * - The execution role may generate data keys and decrypt: SSE-KMS PutObject/GetObject on the
 *   bucket, and sending to the SQS failure queue, which is encrypted with the same key.
 * - The region's CloudWatch Logs service principal may use the key only with the encryption
 *   context of exactly this log group, so no other log group can be associated with it.
 * - CloudWatch (alarms) may generate data keys and decrypt: an alarm cannot publish to an SNS
 *   topic encrypted with a key it may not use (the AWS managed `alias/aws/sns` key never allows
 *   it). `aws:SourceAccount` keeps another account's alarms from using the key (confused deputy);
 *   the topic's own policy limits publishing to this account's alarms.
 */
export function inventoryKeyPolicy(input: InventoryKeyPolicyInput): PolicyDocument {
    const { partition, region, accountId, dnsSuffix } = input.location;
    return policyDocument(
        {
            Sid: "RootAccountFullControl",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
        {
            Sid: "LambdaExecutionRoleArtifactEncryption",
            Effect: "Allow",
            Principal: { AWS: input.executionRoleArn },
            Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
            Resource: "*",
        },
        {
            Sid: "CloudWatchLogsLogGroupEncryption",
            Effect: "Allow",
            Principal: { Service: `logs.${region}.${dnsSuffix}` },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: {
                ArnEquals: { "kms:EncryptionContext:aws:logs:arn": input.logGroupArn },
            },
        },
        {
            Sid: "CloudWatchAlarmsEncryptedTopic",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    );
}
