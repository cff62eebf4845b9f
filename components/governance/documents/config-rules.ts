// Policies of the AWS Config part (seed 001 layer 2): the delivery bucket, the recorder's role,
// the CMK, and the custom rule's evaluator.
import { AwsScope, denyInsecureTransportStatement, keyAdministrationStatement, policyDocument, PolicyDocument } from "./common";

/** Where Config writes snapshots and history (AWS Config developer guide, S3 bucket permissions). */
export function configDeliveryPrefix(scope: AwsScope, keyPrefix: string): string {
    return `${keyPrefix}/AWSLogs/${scope.accountId}/Config/*`;
}

/** Config's bucket policy: its three documented statements, held to this account, plus TLS only. */
export function configBucketPolicy(scope: AwsScope, bucketArn: string, keyPrefix: string): PolicyDocument {
    const fromThisAccount = { "aws:SourceAccount": scope.accountId };
    return policyDocument([
        denyInsecureTransportStatement(bucketArn),
        {
            Sid: "AWSConfigBucketPermissionsCheck",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: { StringEquals: fromThisAccount },
        },
        {
            Sid: "AWSConfigBucketExistenceCheck",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "s3:ListBucket",
            Resource: bucketArn,
            Condition: { StringEquals: fromThisAccount },
        },
        {
            Sid: "AWSConfigBucketDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${bucketArn}/${configDeliveryPrefix(scope, keyPrefix)}`,
            Condition: { StringEquals: { ...fromThisAccount, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
    ]);
}

/** What the recorder's own role needs beyond AWS_ConfigRole: delivery to this bucket with this key. */
export function configRecorderDeliveryPolicy(scope: AwsScope, bucketArn: string, keyPrefix: string, keyArn: string): PolicyDocument {
    return policyDocument([
        { Sid: "CheckBucket", Effect: "Allow", Action: "s3:GetBucketAcl", Resource: bucketArn },
        { Sid: "DeliverSnapshots", Effect: "Allow", Action: "s3:PutObject", Resource: `${bucketArn}/${configDeliveryPrefix(scope, keyPrefix)}` },
        { Sid: "EncryptDeliveries", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn },
    ]);
}

/** The Config CMK: Config delivers with it, and the evaluator's log group is encrypted with it. */
export function configKeyPolicy(scope: AwsScope, evaluatorLogGroupName: string): PolicyDocument {
    return policyDocument([
        keyAdministrationStatement(scope),
        {
            Sid: "AllowConfigDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": scope.accountId } },
        },
        logsServiceKeyStatement(scope, evaluatorLogGroupName),
    ]);
}

/** CloudWatch Logs may use the key only for the named log group (encryption context pins it). */
export function logsServiceKeyStatement(scope: AwsScope, logGroupName: string): PolicyDocument["Statement"][number] {
    return {
        Sid: "AllowCloudWatchLogsForLogGroup",
        Effect: "Allow",
        Principal: { Service: `logs.${scope.region}.amazonaws.com` },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: "*",
        Condition: {
            ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${logGroupName}` },
        },
    };
}

/**
 * The evaluator's execution policy. config:PutEvaluations and config:GetResourceConfigHistory take
 * no resource type (iam-data, Service Authorization Reference), so "*" is the narrowest IAM accepts.
 * No Lambda read: the configuration item in the event already carries tags and VPC settings.
 */
export function evaluatorExecutionPolicy(scope: AwsScope, logGroupName: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "ReportEvaluations",
            Effect: "Allow",
            // GetResourceConfigHistory: an oversized item arrives without its configuration.
            Action: ["config:PutEvaluations", "config:GetResourceConfigHistory"],
            Resource: "*",
        },
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${logGroupName}:log-stream:*`,
        },
    ]);
}
