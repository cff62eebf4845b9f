// Part 7: a CloudTrail trail with Bedrock's data events and model invocation logging, both
// encrypted with one logging CMK (seed 003 step 6, seed 004 LOG-01, DAT-05).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GovernanceSettings } from "./config";
import { AwsScope } from "./documents/common";
import {
    INVOCATION_LOG_PREFIX,
    invocationLoggingRolePolicy,
    invocationLoggingTrustPolicy,
    loggingBucketPolicy,
    loggingKeyPolicy,
    trailEventSelectors,
} from "./documents/logging";
import { createKey, createLogBucket, documentJson } from "./shared";

export interface LoggingPart {
    readonly key: aws.kms.Key;
    readonly bucket: aws.s3.Bucket;
    readonly trail?: aws.cloudtrail.Trail;
    readonly logGroup?: aws.cloudwatch.LogGroup;
    readonly invocationLoggingRole?: aws.iam.Role;
    readonly invocationLogging?: aws.bedrockmodel.InvocationLoggingConfiguration;
}

export function createLogging(parent: pulumi.Resource, name: string, settings: GovernanceSettings, scope: pulumi.Output<AwsScope>): LoggingPart | undefined {
    const l = settings.logging;
    if (!l.enabled || (!l.trail && !l.invocationLogging)) {
        return undefined;
    }
    const opts = { parent };
    const tags = settings.tags;
    // The trail's ARN goes into the bucket and key policies, which must exist before the trail:
    // so the trail's name is chosen here rather than generated.
    const trailName = l.trail ? (l.trailName ?? `${name}-bedrock-trail`) : undefined;
    const trailArn = scope.apply((s) => (trailName ? `arn:${s.partition}:cloudtrail:${s.region}:${s.accountId}:trail/${trailName}` : undefined));
    const logGroupName = l.invocationLogging && l.invocationLogsToCloudWatch ? `/aws/bedrock/${name}/model-invocations` : undefined;
    const toS3 = l.invocationLogging && l.invocationLogsToS3;

    const key = createKey(
        parent,
        `${name}-logging-key`,
        "Bedrock governance: CloudTrail and model invocation logs",
        documentJson(pulumi.all([scope, trailArn]), ([s, t]) => loggingKeyPolicy(s, t, logGroupName, toS3)),
        tags,
    );
    const logs = createLogBucket(
        parent,
        `${name}-logs-bucket`,
        key.arn,
        (bucketArn) => documentJson(pulumi.all([scope, bucketArn, trailArn]), ([s, b, t]) => loggingBucketPolicy(s, b, t, toS3)),
        tags,
    );

    let trail: aws.cloudtrail.Trail | undefined;
    if (trailName) {
        trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: trailName,
                s3BucketName: logs.bucket.bucket,
                kmsKeyId: key.arn,
                enableLogFileValidation: true,
                isMultiRegionTrail: l.multiRegionTrail,
                includeGlobalServiceEvents: true,
                advancedEventSelectors: trailEventSelectors(l.dataEventResourceTypes),
                tags,
            },
            { parent, dependsOn: logs.ready },
        );
    }

    let logGroup: aws.cloudwatch.LogGroup | undefined;
    let invocationLoggingRole: aws.iam.Role | undefined;
    let invocationLogging: aws.bedrockmodel.InvocationLoggingConfiguration | undefined;
    if (l.invocationLogging) {
        const dependsOn: pulumi.Resource[] = [...logs.ready];
        let cloudwatchConfig: aws.types.input.bedrockmodel.InvocationLoggingConfigurationLoggingConfigCloudwatchConfig | undefined;
        if (logGroupName) {
            logGroup = new aws.cloudwatch.LogGroup(`${name}-invocation-logs`, { name: logGroupName, retentionInDays: l.logRetentionDays, kmsKeyId: key.arn, tags }, opts);
            invocationLoggingRole = new aws.iam.Role(
                `${name}-invocation-logging-role`,
                {
                    assumeRolePolicy: documentJson(scope, invocationLoggingTrustPolicy),
                    description: "Bedrock model invocation logging to CloudWatch Logs",
                    tags,
                },
                opts,
            );
            const rolePolicy = new aws.iam.RolePolicy(
                `${name}-invocation-logging-policy`,
                { role: invocationLoggingRole.id, policy: documentJson(scope, (s) => invocationLoggingRolePolicy(s, logGroupName)) },
                opts,
            );
            dependsOn.push(logGroup, rolePolicy);
            cloudwatchConfig = { logGroupName: logGroup.name, roleArn: invocationLoggingRole.arn };
        }
        invocationLogging = new aws.bedrockmodel.InvocationLoggingConfiguration(
            `${name}-invocation-logging`,
            {
                loggingConfig: {
                    cloudwatchConfig,
                    s3Config: toS3 ? { bucketName: logs.bucket.bucket, keyPrefix: INVOCATION_LOG_PREFIX } : undefined,
                    textDataDeliveryEnabled: l.invocationLogData.includes("text"),
                    imageDataDeliveryEnabled: l.invocationLogData.includes("image"),
                    embeddingDataDeliveryEnabled: l.invocationLogData.includes("embedding"),
                    videoDataDeliveryEnabled: l.invocationLogData.includes("video"),
                },
            },
            { parent, dependsOn },
        );
    }
    return { key, bucket: logs.bucket, trail, logGroup, invocationLoggingRole, invocationLogging };
}
