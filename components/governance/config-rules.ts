// Part 4: AWS Config (seed 001 layer 2): recorder and delivery to an encrypted bucket, the managed
// CLOUD_TRAIL_ENABLED rule, and the custom "agent functions run in a VPC" rule with its evaluator.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionArchive, LAMBDA_IN_VPC_EVALUATOR } from "../bundle";
import { GovernanceSettings } from "./config";
import { AwsScope, serviceTrustPolicy } from "./documents/common";
import { configBucketPolicy, configKeyPolicy, configRecorderDeliveryPolicy, evaluatorExecutionPolicy } from "./documents/config-rules";
import { managedRuleResourceTypes } from "./documents/managed-config-rules";
import { createManagedConfigRules } from "./managed-config-rules";
import { createKey, createLogBucket, documentJson } from "./shared";

/** The evaluator's entry point (the built package ships its bundle instead). */
export const EVALUATOR_ENTRY = LAMBDA_IN_VPC_EVALUATOR.entry;
const DELIVERY_PREFIX = "config";

export interface ConfigRulesPart {
    readonly key: aws.kms.Key;
    readonly bucket?: aws.s3.Bucket;
    readonly recorder?: aws.cfg.Recorder;
    readonly cloudTrailRule: aws.cfg.Rule;
    readonly vpcRule: aws.cfg.Rule;
    readonly evaluator: aws.lambda.Function;
    readonly evaluatorRole: aws.iam.Role;
    /** The AWS Config managed rules for Bedrock and AgentCore (issue 15); empty unless configured. */
    readonly managedRules: aws.cfg.Rule[];
}

export function createConfigRules(parent: pulumi.Resource, name: string, settings: GovernanceSettings, scope: pulumi.Output<AwsScope>): ConfigRulesPart | undefined {
    const c = settings.configRules;
    if (!c.enabled) {
        return undefined;
    }
    const opts = { parent };
    const tags = settings.tags;
    const logGroupName = `/bedrock-governance/${name}/lambda-in-vpc`;
    const key = createKey(parent, `${name}-config-key`, "Bedrock governance: AWS Config delivery and rule logs", documentJson(scope, (s) => configKeyPolicy(s, logGroupName)), tags);

    // Rules on a recorder that is not recording evaluate nothing, silently (seed 001 step 1).
    let recorderReady: pulumi.Resource[] = [];
    let bucket: aws.s3.Bucket | undefined;
    let recorder: aws.cfg.Recorder | undefined;
    if (!c.useExistingRecorder) {
        const delivery = createLogBucket(parent, `${name}-config-bucket`, key.arn, (arn) => documentJson(pulumi.all([scope, arn]), ([s, a]) => configBucketPolicy(s, a, DELIVERY_PREFIX)), tags);
        bucket = delivery.bucket;
        const recorderRole = new aws.iam.Role(
            `${name}-config-recorder-role`,
            { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("config.amazonaws.com")), description: "AWS Config recorder for Bedrock governance", tags },
            opts,
        );
        const managedPolicy = new aws.iam.RolePolicyAttachment(
            `${name}-config-recorder-managed`,
            { role: recorderRole.name, policyArn: scope.apply((s) => `arn:${s.partition}:iam::aws:policy/service-role/AWS_ConfigRole`) },
            opts,
        );
        const deliveryPolicy = new aws.iam.RolePolicy(
            `${name}-config-recorder-delivery`,
            {
                role: recorderRole.id,
                policy: documentJson(pulumi.all([scope, delivery.bucket.arn, key.arn]), ([s, b, k]) => configRecorderDeliveryPolicy(s, b, DELIVERY_PREFIX, k)),
            },
            opts,
        );
        recorder = new aws.cfg.Recorder(
            `${name}-config-recorder`,
            {
                name: `${name}-recorder`,
                roleArn: recorderRole.arn,
                recordingGroup: {
                    allSupported: false,
                    includeGlobalResourceTypes: false,
                    // The managed rules evaluate configuration items: their resource types are recorded too.
                    resourceTypes: [...new Set([...c.recordedResourceTypes, ...managedRuleResourceTypes(c.managedRules)])],
                    recordingStrategies: [{ useOnly: "INCLUSION_BY_RESOURCE_TYPES" }],
                },
            },
            { parent, dependsOn: [managedPolicy, deliveryPolicy] },
        );
        const channel = new aws.cfg.DeliveryChannel(
            `${name}-config-delivery`,
            { name: `${name}-channel`, s3BucketName: delivery.bucket.bucket, s3KeyPrefix: DELIVERY_PREFIX, s3KmsKeyArn: key.arn },
            { parent, dependsOn: [recorder, ...delivery.ready] },
        );
        const status = new aws.cfg.RecorderStatus(`${name}-config-recorder-status`, { name: recorder.name, isEnabled: true }, { parent, dependsOn: [channel] });
        recorderReady = [status];
    }

    const cloudTrailRule = new aws.cfg.Rule(
        `${name}-rule-cloudtrail-enabled`,
        {
            name: c.cloudTrailRuleName,
            description: "CloudTrail must be enabled: Bedrock invocations are not logged otherwise",
            source: { owner: "AWS", sourceIdentifier: "CLOUD_TRAIL_ENABLED" },
            tags,
        },
        { parent, dependsOn: recorderReady },
    );

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-lambda-in-vpc-logs`, { name: logGroupName, retentionInDays: c.logRetentionDays, kmsKeyId: key.arn, tags }, opts);
    const evaluatorRole = new aws.iam.Role(
        `${name}-lambda-in-vpc-role`,
        { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")), description: "Evaluator of the Bedrock agent VPC rule", tags },
        opts,
    );
    const evaluatorPolicy = new aws.iam.RolePolicy(
        `${name}-lambda-in-vpc-policy`,
        { role: evaluatorRole.id, policy: documentJson(scope, (s) => evaluatorExecutionPolicy(s, logGroupName)) },
        opts,
    );
    const evaluator = new aws.lambda.Function(
        `${name}-lambda-in-vpc`,
        {
            description: `Config rule ${c.vpcRuleName}: functions tagged ${c.agentTagKey}=${c.agentTagValue} must run in a VPC`,
            runtime: "nodejs22.x",
            handler: "index.handler",
            code: functionArchive(LAMBDA_IN_VPC_EVALUATOR),
            role: evaluatorRole.arn,
            timeout: 30,
            memorySize: 256,
            architectures: ["arm64"],
            environment: { variables: { NODE_OPTIONS: "--enable-source-maps" } },
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            tags,
        },
        { parent, dependsOn: [logGroup, evaluatorPolicy] },
    );
    const permission = new aws.lambda.Permission(
        `${name}-lambda-in-vpc-config-invoke`,
        {
            action: "lambda:InvokeFunction",
            function: evaluator.name,
            principal: "config.amazonaws.com",
            // Without it any account's Config rule could invoke the evaluator (confused deputy).
            sourceAccount: scope.apply((s) => s.accountId),
        },
        opts,
    );
    const vpcRule = new aws.cfg.Rule(
        `${name}-rule-lambda-in-vpc`,
        {
            name: c.vpcRuleName,
            description: `Lambda functions tagged ${c.agentTagKey}=${c.agentTagValue} must run inside a VPC`,
            source: {
                owner: "CUSTOM_LAMBDA",
                sourceIdentifier: evaluator.arn,
                sourceDetails: [
                    { eventSource: "aws.config", messageType: "ConfigurationItemChangeNotification" },
                    { eventSource: "aws.config", messageType: "OversizedConfigurationItemChangeNotification" },
                ],
            },
            scope: { complianceResourceTypes: ["AWS::Lambda::Function"] },
            inputParameters: JSON.stringify({ tagKey: c.agentTagKey, tagValue: c.agentTagValue }),
            tags,
        },
        { parent, dependsOn: [permission, ...recorderReady] },
    );
    const managedRules = createManagedConfigRules(parent, name, settings, scope, recorderReady);
    return { key, bucket, recorder, cloudTrailRule, vpcRule, evaluator, evaluatorRole, managedRules };
}
