import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { alarmOnAnyOf, createAlarmTopic } from "./alarms";
import { createArtifactBucket } from "./artifact-bucket";
import { functionArchive, INVENTORY_FUNCTION } from "./bundle";
import {
    AwsLocation,
    consumerRolePolicy,
    consumerTrustPolicy,
    inventoryBucketPolicy,
    inventoryExecutionPolicy,
    inventoryKeyPolicy,
    lambdaTrustPolicy,
} from "./documents";
import * as rules from "./config/validators";
import { inventoryHeapLimitMb, inventoryRuntimeEnvironment } from "./inventory-heap";
import { findingsEnvironment } from "./findings-settings";
export { inventoryHeapLimitMb };

/** Seed 000's values, and this project's where the seed is silent (each says why). */
export const INVENTORY_DEFAULTS = {
    /** Seed 000, step 6a: every 15 minutes. */
    schedule: "rate(15 minutes)",
    /** Seed 000, P4: 90 days. */
    logRetentionDays: 90,
    /** Seed 000, step 5. */
    memorySize: 256,
    /**
     * Lambda's own default (the seed is silent): enough for the reference account, whose largest
     * artifact (agent-bindings.json, staged in /tmp before its upload) is 63 MB.
     */
    ephemeralStorageSize: 512,
    /** Seed 000, step 5: the Lambda maximum; a large account's IAM and CloudTrail reads take minutes. */
    timeoutSeconds: 900,
    /** CONTRACTS section 4 / seed 000, step 5. */
    outputPrefix: "bedrock-core-inventory/",
    /** CONTRACTS section 4. */
    latestPrefix: "latest/",
    /** Not in the seed (runs were kept forever): a month of runs at 96 a day is plenty to compare. */
    runRetentionDays: 30,
    /** Not in the seed (no versioning there): overwritten latest/ copies pile up every run. */
    noncurrentVersionRetentionDays: 30,
    /** Seed 000, P1. */
    kmsAliasName: "alias/bedrock-core-inventory",
    /** One retry after Lambda's own back-off; the next scheduled run is the real retry. */
    maximumRetryAttempts: 1,
    /** An hour: older than that, the next scheduled run has superseded the event anyway. */
    maximumEventAgeSeconds: 3600,
} as const;

/** Where the inventory function's source is (the built package ships its bundle instead). */
export const INVENTORY_FUNCTION_ENTRY = INVENTORY_FUNCTION.entry;

/**
 * The arguments of {@link BedrockInventory}. Every one is optional: with none, the component
 * deploys what seed 000 deploys by hand. Values the component must compute with (names,
 * prefixes, schedule, sizes) are plain values so they are validated and used at construction;
 * values only passed through to AWS are `pulumi.Input`s.
 */
export interface BedrockInventoryArgs {
    /**
     * Physical name of the Lambda function; the log group is `/aws/lambda/<functionName>`.
     * Default: `<component name>-<8 hex>`, a hash of project, stack and component name, so it is
     * known before deployment (the key policy names the log group) and two stacks in one account
     * do not collide. Seed 000 uses `bedrock-core-tools-inventory`.
     */
    readonly functionName?: string;
    /**
     * Physical name of the inventory bucket (S3 naming rules apply). Default: Pulumi's auto-name
     * `<component name>-bucket-<random>`, globally unique. Seed 000 uses `bedrock-core-inventory`
     * and suggests an account suffix when it is taken.
     */
    readonly bucketName?: pulumi.Input<string>;
    /** EventBridge schedule expression. Default `rate(15 minutes)` (seed 000, step 6a). */
    readonly schedule?: string;
    /** Retention of the function's log group in days, one of CloudWatch's values. Default 90 (seed 000, P4). */
    readonly logRetentionDays?: number;
    /**
     * Lambda memory in MB, 128-10240. Default 256 (seed 000, step 5). The function's V8 heap is
     * capped at 62.5% of it (`--max-old-space-size`), so garbage is collected before Lambda's limit
     * is reached, its young generation at 8 MB, and glibc's arenas and trimming set
     * (components/inventory-heap.ts): measured on the bench's reference account (6,200
     * principals, 200 agents), 160-162 MB peak RSS at the default (f1a9f0d; docs/bench.md, "Issue 11:
     * memory").
     */
    readonly memorySize?: number;
    /**
     * Lambda ephemeral storage (`/tmp`) in MB, 512-10240. Default 512 (Lambda's own default). The
     * function streams each artifact to a file under /tmp before uploading it and removes it after
     * the upload, so roughly the largest artifact, agent-bindings.json, must fit: 63 MB on the
     * bench's reference account, about 1 GB on its 4x account. Raise it for large accounts.
     */
    readonly ephemeralStorageSize?: number;
    /** Lambda timeout in seconds, at most 900. Default 900 (seed 000, step 5). */
    readonly timeoutSeconds?: number;
    /** `OUTPUT_PREFIX`: runs go to `<outputPrefix>runs/<runId>/`. Must end in `/`. Default `bedrock-core-inventory/`. */
    readonly outputPrefix?: string;
    /** `LATEST_PREFIX`: where a complete run is promoted. Must end in `/`, disjoint from the runs. Default `latest/`. */
    readonly latestPrefix?: string;
    /** Days after which objects under `<outputPrefix>runs/` expire. Default 30 (the seed keeps them forever). */
    readonly runRetentionDays?: number;
    /** Days after which overwritten (noncurrent) object versions are removed, bucket-wide. Default 30. */
    readonly noncurrentVersionRetentionDays?: number;
    /** Alias of the CMK. Default `alias/bedrock-core-inventory` (seed 000, P1); unique per account and region. */
    readonly kmsAliasName?: string;
    /** When set, this address is subscribed to the alarm topic (it must confirm the subscription). Default: none. */
    readonly alarmEmail?: pulumi.Input<string>;
    /**
     * `TOOL_LOG_GROUPS`: log groups of tool Lambdas with a custom `loggingConfig`, queried besides
     * the auto-discovered `/aws/lambda/*` groups (seed 000, step 5 optional). The role may query
     * exactly these and `/aws/lambda/*`. Default: none.
     */
    readonly toolLogGroups?: string[];
    /**
     * When set, a read-only role for the governance connector (seed 000, "OpenICF connector") is
     * created and trusts this principal (role, user or account root ARN). Default: no role.
     */
    readonly consumerPrincipalArn?: pulumi.Input<string>;
    /** `sts:ExternalId` the connector must present when it assumes the consumer role. Default: none. */
    readonly consumerExternalId?: pulumi.Input<string>;
    /** Retries of a failed asynchronous (scheduled) invocation, 0-2. Default 1. */
    readonly maximumRetryAttempts?: number;
    /** Age in seconds after which an unprocessed scheduled event is sent to the failure queue, 60-21600. Default 3600. */
    readonly maximumEventAgeSeconds?: number;
    /**
     * Period of the missing-runs alarm (it fires after two periods without a successful run).
     * Default: the schedule's period for a `rate(...)` schedule; required for a `cron(...)` one.
     */
    readonly missingRunPeriodSeconds?: number;
    /**
     * Findings (issue 12, docs/findings.md): days a grant must go unused before it is reported,
     * 1-400. Default 90. Reported only once the usage state has covered the whole window.
     */
    readonly findingsWindowDays?: number;
    /** Findings: denials from one principal that make a burst, 2-10000. Default 5. */
    readonly denialBurstCount?: number;
    /** Findings: ... within this many minutes, 1-1440. Default 5 (a denial every ten minutes is no burst). */
    readonly denialBurstMinutes?: number;
    /** Findings: off hours start at this local hour, 0-23. Default 22 (seed 002's auditor). */
    readonly offHoursStartHour?: number;
    /** Findings: off hours end at this local hour (exclusive), 0-23. Default 6 (seed 002). */
    readonly offHoursEndHour?: number;
    /** Findings: local time's offset from UTC in whole hours, -12 to 14. Default 0; seed 002's JST is 9. */
    readonly offHoursUtcOffsetHours?: number;
    /** Findings: invocations by one principal in one off-hours hour that make a finding, 1-1000000. Default 10 (seed 002: more than 10). */
    readonly offHoursMinInvocations?: number;
    /** Findings: an hour above this many times the principal's own hourly mean is a spike, 2-1000. Default 3 (seed 002's cost spike multiplier). */
    readonly rateSpikeFactor?: number;
    /** Findings: ... and with at least this many invocations, 1-1000000. Default 50 (seed 002). */
    readonly rateSpikeMinInvocations?: number;
    /** Findings: days of the principal's history its baseline is made of, 2-30. Default 7. */
    readonly rateBaselineDays?: number;
    /** Findings: approved model ids (`*` wildcards); an invocation of any other is a finding. Default: none listed, every model approved. */
    readonly approvedModels?: string[];
    /** Findings: premium model ids (`*` wildcards); any invocation of one is a finding. Default `["*opus*"]`. */
    readonly premiumModels?: string[];
    /** Findings: roles under `<prefix><team>/` belong to the team (seed 002's role prefixes), e.g. `/teams/`. Default: none. */
    readonly teamRolePathPrefix?: string;
    /** Findings: a role whose tag with this key has a value belongs to that team. Default: none. */
    readonly teamTagKey?: string;
    /** Findings: the name of a team's boundary policy, `{team}` replaced. Default `{team}-boundary`. */
    readonly teamBoundaryPolicyName?: string;
    /** Findings cap: CloudTrail event ids a finding's evidence lists at most, 1-1,000. Default 20. */
    readonly evidenceMaxEventIds?: number;
    /** Findings cap: unused targets an unused-grant finding's evidence lists at most (unusedCount counts them all), 1-100,000. Default 100. */
    readonly evidenceMaxTargets?: number;
    /** Findings cap: (principal, action, target) entries the usage state keeps at most; past it the oldest go and its coverage moves after them, 1,000-10,000,000. Default 50,000. */
    readonly usageStateMaxUses?: number;
    /** Findings cap: (principal, hour) counts the usage state keeps at most; past it the oldest hours go, shortening rate baselines, 1,000-10,000,000. Default 100,000. */
    readonly usageStateMaxHours?: number;
    /**
     * Tags for every child that takes tags (key, bucket, log group, roles, queue, function, rule,
     * topic, alarms). Default: none (a provider's `defaultTags` still apply).
     */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The Bedrock inventory of seed 000 as one component: a scheduled Lambda that reads IAM, Bedrock
 * (Agents and AgentCore), Lambda, CloudWatch Logs and CloudTrail, writes its JSON artifacts (the
 * seven of the contract, the AgentCore ones and the findings) to a KMS-encrypted bucket
 * under `<outputPrefix>runs/<runId>/` and promotes complete runs to `<latestPrefix>`; with its
 * key, log group, least-privilege role, failure queue, alarms and an optional consumer role.
 */
export class BedrockInventory extends pulumi.ComponentResource {
    /** The inventory bucket's name. */
    public readonly bucketName: pulumi.Output<string>;
    /** The inventory function's name. */
    public readonly functionName: pulumi.Output<string>;
    /** The inventory function's ARN. */
    public readonly functionArn: pulumi.Output<string>;
    /** The function's execution role ARN. */
    public readonly roleArn: pulumi.Output<string>;
    /** The CMK's ARN (artifacts, log group, failure queue, alarm topic). */
    public readonly keyArn: pulumi.Output<string>;
    /** The function's log group, `/aws/lambda/<functionName>`. */
    public readonly logGroupName: pulumi.Output<string>;
    /** Where readers find the last complete run. */
    public readonly latestPrefix: pulumi.Output<string>;
    /** The SNS topic the alarms publish to. */
    public readonly alarmTopicArn: pulumi.Output<string>;
    /** The connector's read-only role, or `undefined` when `consumerPrincipalArn` is not set. */
    public readonly consumerRoleArn: pulumi.Output<string | undefined>;
    /** The SQS queue that receives failed scheduled invocations. */
    public readonly failureQueueArn: pulumi.Output<string>;

    constructor(name: string, args: BedrockInventoryArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("bedrock-governance:index:BedrockInventory", name, {}, opts);
        const settings = resolveSettings(name, args);
        const invokeOpts = { parent: this };

        const identity = aws.getCallerIdentityOutput({}, invokeOpts);
        const region = aws.getRegionOutput({}, invokeOpts);
        const partition = aws.getPartitionOutput({}, invokeOpts);
        const location: pulumi.Output<AwsLocation> = pulumi
            .all([identity.accountId, region.region, partition.partition, partition.dnsSuffix])
            .apply(([accountId, regionName, partitionName, dnsSuffix]) => ({
                accountId,
                region: regionName,
                partition: partitionName,
                dnsSuffix,
            }));
        const logGroupName = `/aws/lambda/${settings.functionName}`;
        // Built from the name, not from the log group resource: the key policy needs it before
        // the log group (encrypted with the key) can exist.
        const logGroupArn = location.apply(
            (l) => `arn:${l.partition}:logs:${l.region}:${l.accountId}:log-group:${logGroupName}`,
        );

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                tags: args.tags,
                description: `Execution role of the Bedrock inventory function ${settings.functionName}`,
                assumeRolePolicy: location.apply((l) => JSON.stringify(lambdaTrustPolicy({ accountId: l.accountId }))),
            },
            { parent: this },
        );

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                tags: args.tags,
                description: `Encrypts the Bedrock inventory artifacts, log group, failure queue and alarm topic (${name})`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([location, role.arn, logGroupArn])
                    .apply(([l, executionRoleArn, groupArn]) =>
                        JSON.stringify(inventoryKeyPolicy({ location: l, executionRoleArn, logGroupArn: groupArn })),
                    ),
            },
            { parent: this },
        );
        new aws.kms.Alias(`${name}-key-alias`, { name: settings.kmsAliasName, targetKeyId: key.keyId }, { parent: this });

        const { bucket, publicAccessBlock, versioning } = createArtifactBucket(this, name, { bucketName: args.bucketName, tags: args.tags, keyArn: key.arn });
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-bucket-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-old-runs",
                        status: "Enabled",
                        filter: { prefix: `${settings.outputPrefix}runs/` },
                        expiration: { days: settings.runRetentionDays },
                    },
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: settings.noncurrentVersionRetentionDays },
                        expiration: { expiredObjectDeleteMarker: true },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            // S3 rejects a lifecycle rule with noncurrent-version actions before versioning is on.
            { parent: this, dependsOn: [versioning] },
        );
        new aws.s3.BucketPolicy(
            `${name}-bucket-policy`,
            {
                bucket: bucket.id,
                policy: pulumi
                    .all([bucket.arn, key.arn])
                    .apply(([bucketArn, keyArn]) => JSON.stringify(inventoryBucketPolicy({ bucketArn, keyArn }))),
            },
            // A bucket policy put before the public access block exists can be refused as public.
            { parent: this, dependsOn: [publicAccessBlock] },
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-log-group`,
            { tags: args.tags, name: logGroupName, retentionInDays: settings.logRetentionDays, kmsKeyId: key.arn },
            { parent: this },
        );

        const failureQueue = new aws.sqs.Queue(
            `${name}-failed-runs`,
            {
                tags: args.tags,
                kmsMasterKeyId: key.arn,
                kmsDataKeyReusePeriodSeconds: 300,
                // The SQS maximum: a failed run stays inspectable for two weeks.
                messageRetentionSeconds: 1209600,
            },
            { parent: this },
        );

        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: role.id,
                policy: pulumi
                    .all([location, bucket.arn, key.arn, logGroupArn, failureQueue.arn])
                    .apply(([l, bucketArn, keyArn, groupArn, queueArn]) =>
                        JSON.stringify(
                            inventoryExecutionPolicy({
                                location: l,
                                bucketArn,
                                outputPrefix: settings.outputPrefix,
                                latestPrefix: settings.latestPrefix,
                                keyArn,
                                logGroupArn: groupArn,
                                failureQueueArn: queueArn,
                                toolLogGroups: settings.toolLogGroups,
                            }),
                        ),
                    ),
            },
            { parent: this },
        );

        const environment: Record<string, pulumi.Input<string>> = {
            INVENTORY_KMS_KEY_ID: key.arn,
            CORE_INVENTORY_BUCKET: bucket.bucket,
            REGION: region.region,
            OUTPUT_PREFIX: settings.outputPrefix,
            LATEST_PREFIX: settings.latestPrefix,
            ACCOUNT_ID: identity.accountId,
            // NODE_OPTIONS (source maps, the heap limits) and MALLOC_ARENA_MAX: inventory-heap.ts.
            ...inventoryRuntimeEnvironment(settings.memorySize),
        };
        if (settings.toolLogGroups.length > 0) {
            environment.TOOL_LOG_GROUPS = settings.toolLogGroups.join(",");
        }
        Object.assign(environment, settings.findingsEnvironment);
        const fn = new aws.lambda.Function(
            `${name}-function`,
            {
                tags: args.tags,
                name: settings.functionName,
                description: "Bedrock inventory: who can invoke which agents and models (seed 000)",
                runtime: "nodejs22.x",
                architectures: ["arm64"],
                handler: "index.handler",
                code: functionArchive(INVENTORY_FUNCTION),
                role: role.arn,
                timeout: settings.timeoutSeconds,
                memorySize: settings.memorySize,
                // Each artifact is staged in /tmp before its upload: the largest must fit.
                ephemeralStorage: { size: settings.ephemeralStorageSize },
                // Two runs must never overlap: they would race to promote to the latest prefix.
                reservedConcurrentExecutions: 1,
                environment: { variables: environment },
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            },
            // The role's permissions and the log group exist before the first scheduled run.
            { parent: this, dependsOn: [rolePolicy, logGroup] },
        );

        new aws.lambda.FunctionEventInvokeConfig(
            `${name}-invoke-config`,
            {
                functionName: fn.name,
                maximumRetryAttempts: settings.maximumRetryAttempts,
                maximumEventAgeInSeconds: settings.maximumEventAgeSeconds,
                destinationConfig: { onFailure: { destination: failureQueue.arn } },
            },
            { parent: this },
        );

        const rule = new aws.cloudwatch.EventRule(
            `${name}-schedule`,
            {
                tags: args.tags,
                description: `Runs the Bedrock inventory function ${settings.functionName} on schedule`,
                scheduleExpression: settings.schedule,
                state: "ENABLED",
            },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(
            `${name}-schedule-target`,
            { rule: rule.name, arn: fn.arn, targetId: "InventoryFunction" },
            { parent: this },
        );
        new aws.lambda.Permission(
            `${name}-schedule-permission`,
            {
                function: fn.name,
                action: "lambda:InvokeFunction",
                principal: "events.amazonaws.com",
                sourceArn: rule.arn,
            },
            { parent: this },
        );

        const topic = createAlarmTopic(this, name, { displayName: "Bedrock inventory alarms", keyArn: key.arn, location, tags: args.tags, alarmEmail: args.alarmEmail });
        const alarmOnAny = alarmOnAnyOf(this, name, topic, args.tags);
        alarmOnAny("errors", `The Bedrock inventory function ${settings.functionName} failed (Errors > 0).`, {
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fn.name },
        });
        // The function answers a failed or partial run with `statusCode: 500` rather than an
        // error (CONTRACTS section 4), which Lambda's Errors metric never sees. Its structured
        // `run_finished` log line says how each run ended; count those instead. Each function
        // gets its own namespace so stacks sharing an account do not mix their runs.
        const runMetricsNamespace = `BedrockInventory/${settings.functionName}`;
        const runOutcome = (suffix: string, metricName: string, pattern: string) =>
            new aws.cloudwatch.LogMetricFilter(
                `${name}-${suffix}`,
                {
                    logGroupName: logGroup.name,
                    pattern,
                    metricTransformation: { name: metricName, namespace: runMetricsNamespace, value: "1", defaultValue: "0" },
                },
                { parent: this },
            );
        runOutcome("successful-runs", "SuccessfulRuns", '{ ($.message = "run_finished") && ($.statusCode = 200) }');
        runOutcome("unsuccessful-runs", "FailedRuns", '{ ($.message = "run_finished") && ($.statusCode != 200) }');

        alarmOnAny("run-failures", `A run of ${settings.functionName} ended failed or partial (statusCode 500); latest/ keeps the previous set.`, {
            namespace: runMetricsNamespace,
            metricName: "FailedRuns",
        });
        const period = settings.missingRunPeriodSeconds;
        new aws.cloudwatch.MetricAlarm(
            `${name}-missing-runs`,
            {
                tags: args.tags,
                alarmDescription: `No successful run of ${settings.functionName} for two schedule periods (${period} s each).`,
                namespace: runMetricsNamespace,
                metricName: "SuccessfulRuns",
                statistic: "Sum",
                period,
                evaluationPeriods: 2,
                datapointsToAlarm: 2,
                threshold: 1,
                comparisonOperator: "LessThanThreshold",
                // No data at all (the rule disabled, the function never ran or crashed before
                // logging) is a missing run too.
                treatMissingData: "breaching",
                alarmActions: [topic.arn],
                okActions: [topic.arn],
            },
            { parent: this },
        );
        new aws.cloudwatch.MetricAlarm(
            `${name}-failed-run-events`,
            {
                tags: args.tags,
                alarmDescription: "A scheduled run failed after its retries and was sent to the failure queue.",
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: failureQueue.name },
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [topic.arn],
            },
            { parent: this },
        );

        let consumerRoleArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (args.consumerPrincipalArn !== undefined) {
            const consumerRole = new aws.iam.Role(
                `${name}-consumer-role`,
                {
                    tags: args.tags,
                    description: "Read-only access of the governance connector to the Bedrock inventory",
                    assumeRolePolicy: pulumi
                        .all([args.consumerPrincipalArn, args.consumerExternalId])
                        .apply(([principalArn, externalId]) => {
                            const broken = rules.firstBroken(principalArn, rules.iamPrincipalArn);
                            if (broken) throw new rules.ArgumentError([argProblem(name, "consumerPrincipalArn", principalArn, broken)]);
                            return JSON.stringify(consumerTrustPolicy({ principalArn, externalId }));
                        }),
                    maxSessionDuration: 3600,
                },
                { parent: this },
            );
            new aws.iam.RolePolicy(
                `${name}-consumer-policy`,
                {
                    role: consumerRole.id,
                    policy: pulumi
                        .all([location, bucket.arn, key.arn])
                        .apply(([l, bucketArn, keyArn]) =>
                            JSON.stringify(
                                consumerRolePolicy({ location: l, bucketArn, latestPrefix: settings.latestPrefix, outputPrefix: settings.outputPrefix, keyArn }),
                            ),
                        ),
                },
                { parent: this },
            );
            consumerRoleArn = consumerRole.arn;
        }

        this.bucketName = bucket.bucket;
        this.functionName = fn.name;
        this.functionArn = fn.arn;
        this.roleArn = role.arn;
        this.keyArn = key.arn;
        this.logGroupName = logGroup.name;
        this.latestPrefix = pulumi.output(settings.latestPrefix);
        this.alarmTopicArn = topic.arn;
        this.consumerRoleArn = consumerRoleArn;
        this.failureQueueArn = failureQueue.arn;
        this.registerOutputs({
            bucketName: this.bucketName,
            functionName: this.functionName,
            functionArn: this.functionArn,
            roleArn: this.roleArn,
            keyArn: this.keyArn,
            logGroupName: this.logGroupName,
            latestPrefix: this.latestPrefix,
            alarmTopicArn: this.alarmTopicArn,
            consumerRoleArn: this.consumerRoleArn,
            failureQueueArn: this.failureQueueArn,
        });
    }
}

interface InventorySettings {
    /** Environment variables of the findings' thresholds (only those that differ from the function's defaults). */
    findingsEnvironment: Record<string, string>;
    functionName: string;
    schedule: string;
    logRetentionDays: number;
    memorySize: number;
    ephemeralStorageSize: number;
    timeoutSeconds: number;
    outputPrefix: string;
    latestPrefix: string;
    runRetentionDays: number;
    noncurrentVersionRetentionDays: number;
    kmsAliasName: string;
    toolLogGroups: string[];
    maximumRetryAttempts: number;
    maximumEventAgeSeconds: number;
    missingRunPeriodSeconds: number;
}

function argProblem(name: string, arg: string, value: unknown, expected: string): string {
    return `BedrockInventory "${name}": ${arg}: got ${JSON.stringify(value)}, expected ${expected}`;
}

/**
 * The default function name: readable (the component name) and unique per project, stack and
 * component (a hash), so dev and prod stacks can share an account.
 */
export function defaultFunctionName(name: string, project: string = pulumi.getProject(), stack: string = pulumi.getStack()): string {
    const hash = crypto.createHash("sha256").update(`${project}/${stack}/${name}`).digest("hex").slice(0, 8);
    const readable = name.replace(/[^A-Za-z0-9\-_]/g, "-").slice(0, 64 - hash.length - 1);
    return `${readable}-${hash}`;
}

/** Defaults applied and every plain argument checked; throws one error listing every problem. */
function resolveSettings(name: string, args: BedrockInventoryArgs): InventorySettings {
    const findings = findingsEnvironment(args);
    const settings: InventorySettings = {
        findingsEnvironment: findings.environment,
        functionName: args.functionName ?? defaultFunctionName(name),
        schedule: args.schedule ?? INVENTORY_DEFAULTS.schedule,
        logRetentionDays: args.logRetentionDays ?? INVENTORY_DEFAULTS.logRetentionDays,
        memorySize: args.memorySize ?? INVENTORY_DEFAULTS.memorySize,
        ephemeralStorageSize: args.ephemeralStorageSize ?? INVENTORY_DEFAULTS.ephemeralStorageSize,
        timeoutSeconds: args.timeoutSeconds ?? INVENTORY_DEFAULTS.timeoutSeconds,
        outputPrefix: args.outputPrefix ?? INVENTORY_DEFAULTS.outputPrefix,
        latestPrefix: args.latestPrefix ?? INVENTORY_DEFAULTS.latestPrefix,
        runRetentionDays: args.runRetentionDays ?? INVENTORY_DEFAULTS.runRetentionDays,
        noncurrentVersionRetentionDays: args.noncurrentVersionRetentionDays ?? INVENTORY_DEFAULTS.noncurrentVersionRetentionDays,
        kmsAliasName: args.kmsAliasName ?? INVENTORY_DEFAULTS.kmsAliasName,
        toolLogGroups: [...(args.toolLogGroups ?? [])],
        maximumRetryAttempts: args.maximumRetryAttempts ?? INVENTORY_DEFAULTS.maximumRetryAttempts,
        maximumEventAgeSeconds: args.maximumEventAgeSeconds ?? INVENTORY_DEFAULTS.maximumEventAgeSeconds,
        missingRunPeriodSeconds: 0,
    };
    const problems: string[] = findings.problems.map((p) => argProblem(name, p.arg, p.value, p.expected));
    const check = <T>(arg: string, value: T, ...validators: rules.Validator<T>[]) => {
        const broken = rules.firstBroken(value, ...validators);
        if (broken) problems.push(argProblem(name, arg, value, broken));
    };
    check("functionName", settings.functionName, rules.lambdaFunctionName);
    if (typeof args.bucketName === "string") {
        check("bucketName", args.bucketName, rules.s3BucketName);
    } else if (args.bucketName === undefined) {
        // Pulumi auto-names the bucket `<name>-bucket-<7 hex>`: the component name must fit S3's rules.
        const broken = rules.s3BucketName(`${name}-bucket-0000000`);
        if (broken) problems.push(argProblem(name, "bucketName", undefined, `set when the component name is not a valid bucket name prefix (${broken})`));
    }
    check("schedule", settings.schedule, rules.scheduleExpression);
    check("logRetentionDays", settings.logRetentionDays, rules.logRetentionDays);
    check("memorySize", settings.memorySize, rules.lambdaMemorySize);
    check("ephemeralStorageSize", settings.ephemeralStorageSize, rules.lambdaEphemeralStorageSize);
    check("timeoutSeconds", settings.timeoutSeconds, rules.lambdaTimeoutSeconds);
    check("outputPrefix", settings.outputPrefix, rules.keyPrefix);
    check("latestPrefix", settings.latestPrefix, rules.keyPrefix);
    if (!rules.disjointPrefixes(`${settings.outputPrefix}runs/`, settings.latestPrefix)) {
        problems.push(
            argProblem(name, "latestPrefix", settings.latestPrefix, `a prefix that neither contains nor lies inside the runs prefix ${settings.outputPrefix}runs/`),
        );
    }
    check("runRetentionDays", settings.runRetentionDays, rules.integerBetween(1, 36500));
    check("noncurrentVersionRetentionDays", settings.noncurrentVersionRetentionDays, rules.integerBetween(1, 36500));
    check("kmsAliasName", settings.kmsAliasName, rules.kmsAliasName);
    settings.toolLogGroups.forEach((group, i) => check(`toolLogGroups[${i}]`, group, rules.logGroupName));
    check("maximumRetryAttempts", settings.maximumRetryAttempts, rules.asyncRetryAttempts);
    check("maximumEventAgeSeconds", settings.maximumEventAgeSeconds, rules.asyncEventAgeSeconds);
    if (typeof args.alarmEmail === "string") check("alarmEmail", args.alarmEmail, rules.emailAddress);
    if (typeof args.consumerPrincipalArn === "string") check("consumerPrincipalArn", args.consumerPrincipalArn, rules.iamPrincipalArn);
    if (typeof args.consumerExternalId === "string") check("consumerExternalId", args.consumerExternalId, rules.externalId);

    const period = args.missingRunPeriodSeconds ?? rules.schedulePeriodSeconds(settings.schedule);
    if (period === undefined) {
        if (rules.scheduleExpression(settings.schedule) === undefined) {
            problems.push(argProblem(name, "missingRunPeriodSeconds", undefined, "a period in seconds when the schedule is a cron expression"));
        }
    } else if (args.missingRunPeriodSeconds !== undefined) {
        check("missingRunPeriodSeconds", period, rules.twoPeriodAlarmSeconds);
        settings.missingRunPeriodSeconds = period;
    } else {
        const broken = rules.twoPeriodAlarmSeconds(period);
        if (broken) {
            problems.push(argProblem(name, "schedule", settings.schedule, `a rate the missing-runs alarm can watch (${broken}), or set missingRunPeriodSeconds`));
        }
        settings.missingRunPeriodSeconds = period;
    }
    if (problems.length > 0) {
        throw new rules.ArgumentError(problems);
    }
    return settings;
}
