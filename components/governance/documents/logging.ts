// Seed 003 playbook step 6 and seed 004 LOG-01: a CloudTrail trail that also records Bedrock's
// data events, and Bedrock model invocation logging, both encrypted with a CMK.
import { AwsScope, denyInsecureTransportStatement, keyAdministrationStatement, policyDocument, PolicyDocument, serviceTrustPolicy } from "./common";
import { logsServiceKeyStatement } from "./config-rules";

/**
 * Bedrock's CloudTrail data-event resource types (FIELD-NOTES; CloudTrail's data-event table names
 * the prompt type `AWS::Bedrock::PromptVersion`). InvokeModel and Converse are management events
 * (seeds README, slip in seed 003) and are covered by the management selector.
 */
export const BEDROCK_DATA_EVENT_RESOURCE_TYPES: readonly string[] = [
    "AWS::Bedrock::AgentAlias",
    "AWS::Bedrock::KnowledgeBase",
    "AWS::Bedrock::FlowAlias",
    "AWS::Bedrock::Guardrail",
    "AWS::Bedrock::PromptVersion",
];

export interface AdvancedEventSelector {
    name: string;
    fieldSelectors: { field: string; equals: string[] }[];
}

/**
 * One selector for management events, then one per data resource type: `resources.type` takes a
 * single value per selector. Advanced selectors replace basic ones, so management events must be
 * selected explicitly or the trail stops recording them.
 */
export function trailEventSelectors(dataResourceTypes: readonly string[]): AdvancedEventSelector[] {
    return [
        { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        ...dataResourceTypes.map((type) => ({
            name: `Data events: ${type}`,
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: [type] },
            ],
        })),
    ];
}

/** Prefix under which Bedrock writes invocation logs into the logging bucket. */
export const INVOCATION_LOG_PREFIX = "bedrock-invocations";

/**
 * The logging bucket's policy: CloudTrail's two documented statements, each pinned to this trail
 * by aws:SourceArn, Bedrock's invocation-log delivery pinned by source account and ARN, TLS only.
 */
export function loggingBucketPolicy(scope: AwsScope, bucketArn: string, trailArn: string | undefined, invocationLogsToS3: boolean): PolicyDocument {
    const statements: PolicyDocument["Statement"] = [denyInsecureTransportStatement(bucketArn)];
    if (trailArn) {
        statements.push(
            {
                Sid: "AWSCloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: { StringEquals: { "aws:SourceArn": trailArn } },
            },
            {
                Sid: "AWSCloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/AWSLogs/${scope.accountId}/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
            },
        );
    }
    if (invocationLogsToS3) {
        statements.push({
            Sid: "AllowBedrockInvocationLogDelivery",
            Effect: "Allow",
            Principal: { Service: "bedrock.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${bucketArn}/${INVOCATION_LOG_PREFIX}/AWSLogs/${scope.accountId}/BedrockModelInvocationLogs/*`,
            Condition: {
                StringEquals: { "aws:SourceAccount": scope.accountId },
                ArnLike: { "aws:SourceArn": `arn:${scope.partition}:bedrock:${scope.region}:${scope.accountId}:*` },
            },
        });
    }
    return policyDocument(statements);
}

/** The logging CMK: CloudTrail for this trail, Bedrock for invocation logs, CloudWatch Logs for one log group. */
export function loggingKeyPolicy(scope: AwsScope, trailArn: string | undefined, invocationLogGroupName: string | undefined, invocationLogsToS3: boolean): PolicyDocument {
    const statements: PolicyDocument["Statement"] = [keyAdministrationStatement(scope)];
    if (trailArn) {
        statements.push(
            {
                Sid: "AllowCloudTrailEncrypt",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceArn": trailArn },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${scope.partition}:cloudtrail:*:${scope.accountId}:trail/*` },
                },
            },
            {
                Sid: "AllowCloudTrailDescribeKey",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceArn": trailArn } },
            },
        );
    }
    if (invocationLogsToS3) {
        statements.push({
            Sid: "AllowBedrockInvocationLogEncrypt",
            Effect: "Allow",
            Principal: { Service: "bedrock.amazonaws.com" },
            Action: "kms:GenerateDataKey",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": scope.accountId },
                ArnLike: { "aws:SourceArn": `arn:${scope.partition}:bedrock:${scope.region}:${scope.accountId}:*` },
            },
        });
    }
    if (invocationLogGroupName) {
        statements.push(logsServiceKeyStatement(scope, invocationLogGroupName));
    }
    return policyDocument(statements);
}

/** The role Bedrock assumes to write invocation logs: only from this account's Bedrock in this region. */
export function invocationLoggingTrustPolicy(scope: AwsScope): PolicyDocument {
    return serviceTrustPolicy("bedrock.amazonaws.com", {
        sourceAccount: scope.accountId,
        sourceArnLike: `arn:${scope.partition}:bedrock:${scope.region}:${scope.accountId}:*`,
    });
}

/** Write access to the one log group (and its streams), nothing else. */
export function invocationLoggingRolePolicy(scope: AwsScope, logGroupName: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "WriteInvocationLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${logGroupName}:log-stream:*`,
        },
    ]);
}
