import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { alarmOnAnyOf, createAlarmTopic } from "./alarms";
import { createArtifactBucket } from "./artifact-bucket";
import { functionArchive, ORG_INVENTORY_FUNCTION } from "./bundle";
import {
    accountFunctionPolicy,
    AwsLocation,
    coordinatorPolicy,
    inventoryBucketPolicy,
    orgKeyPolicy,
    scheduleRolePolicy,
    serviceTrustPolicy,
    SPOKE_TEMPLATE_PARAMETERS,
    spokeRoleTemplate,
    stateMachinePolicy,
    lambdaTrustPolicy,
} from "./documents";
import { defaultFunctionName } from "./inventory";
import { inventoryRuntimeEnvironment } from "./inventory-heap";
import { organizationStateMachineDefinition } from "./org/definition";
import { hubLifecycleRules } from "./org/lifecycle";
import * as rules from "./config/validators";

/** Defaults of {@link BedrockOrgInventory}; each says why. */
export const ORG_INVENTORY_DEFAULTS = {
    /**
     * Hourly: an organization run costs per account and region (docs/organization.md, cost); the
     * single-account inventory's 15 minutes would quadruple it for little governance value.
     */
    schedule: "rate(1 hour)",
    /** The name the StackSet gives the spoke role in every member account. */
    spokeRoleName: "bedrock-inventory-spoke",
    /** The hub is a delegated administrator (the security account), not the management account. */
    stackSetCallAs: "DELEGATED_ADMIN",
    /** Accounts at once: each has its own quotas; 40 x 4 regions stays well under Lambda's 1,000 concurrent executions. */
    accountConcurrency: 40,
    /** Regions of one account at once (IAM is global, its GAAD shares one account-wide bucket). */
    regionConcurrency: 4,
    /** Above this share of failed child executions the map stops: a systemic fault, not one account. */
    toleratedFailurePercentage: 10,
    memorySize: 256,
    ephemeralStorageSize: 512,
    timeoutSeconds: 900,
    logRetentionDays: 90,
    runRetentionDays: 30,
    noncurrentVersionRetentionDays: 30,
    kmsAliasName: "alias/bedrock-org-inventory",
} as const;

/** The arguments of {@link BedrockOrgInventory}. All optional except where the organization needs a choice. */
export interface BedrockOrgInventoryArgs {
    /** Regions inventoried in every account. Default: the hub's region only. */
    readonly regions?: string[];
    /** Explicit account ids. Default: none, the accounts come from Organizations ListAccounts (ACTIVE ones). */
    readonly accountIds?: string[];
    /** Accounts never inventoried (the management account, which a service-managed StackSet never reaches). Default: none. */
    readonly excludeAccountIds?: string[];
    /**
     * Organizational units the StackSet deploys the spoke role to (auto-deployment on: accounts that
     * join these OUs get it, accounts that leave lose it). Default: none, and no StackSet is
     * created (deploy the spoke template yourself: `spokeTemplateBody`).
     */
    readonly organizationalUnitIds?: string[];
    /** `SELF` (the hub runs in the management account) or `DELEGATED_ADMIN` (a StackSets delegated administrator). Default `DELEGATED_ADMIN`. */
    readonly stackSetCallAs?: string;
    /** Region of the spoke stacks (the role is global: one region per account). Default: the hub's region. */
    readonly stackSetRegion?: string;
    /** Name of the spoke role in every member account. Default `bedrock-inventory-spoke`. */
    readonly spokeRoleName?: string;
    /**
     * `sts:ExternalId` the spoke role's trust requires. Default: `bedrock-inventory-<16 hex>`, a
     * hash of project, stack and component name (stable across updates).
     */
    readonly externalId?: string;
    /** EventBridge schedule of the organization run. Default `rate(1 hour)`. */
    readonly schedule?: string;
    /** Accounts inventoried at once (Distributed Map MaxConcurrency), 1-10000. Default 40. */
    readonly accountConcurrency?: number;
    /** Regions of one account inventoried at once, 1-40. Default 4. */
    readonly regionConcurrency?: number;
    /** Percentage of failed account child executions tolerated before the map stops, 0-100. Default 10. */
    readonly toleratedFailurePercentage?: number;
    /** Memory of the account function in MB, 128-10240. Default 256 (as BedrockInventory). */
    readonly memorySize?: number;
    /** /tmp of the account function in MB, 512-10240. Default 512. */
    readonly ephemeralStorageSize?: number;
    /** Timeout of the account function in seconds, at most 900. Default 900. */
    readonly timeoutSeconds?: number;
    /** Retention of the functions' and the state machine's log groups in days. Default 90. */
    readonly logRetentionDays?: number;
    /**
     * Days after which objects under `organization/runs/` (by prefix) and `accounts/<id>/<region>/runs/`
     * (by the tag the account function puts on them) expire. Default 30.
     */
    readonly runRetentionDays?: number;
    /** Days after which overwritten object versions are removed. Default 30. */
    readonly noncurrentVersionRetentionDays?: number;
    /** Physical name of the hub bucket. Default: Pulumi's auto-name. */
    readonly bucketName?: pulumi.Input<string>;
    /** Alias of the hub CMK. Default `alias/bedrock-org-inventory`. */
    readonly kmsAliasName?: string;
    /** Tool log groups with a custom logging config, in every account (TOOL_LOG_GROUPS; the spoke role may query them). Default: none. */
    readonly toolLogGroups?: string[];
    /** When set, this address is subscribed to the alarm topic (it must confirm the subscription). Default: none. */
    readonly alarmEmail?: pulumi.Input<string>;
    /** Tags for every child that takes tags (and the spoke stacks, through the StackSet). Default: none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

interface OrgSettings {
    regions: string[] | undefined;
    accountIds: string[];
    excludeAccountIds: string[];
    organizationalUnitIds: string[];
    stackSetCallAs: string;
    stackSetRegion: string | undefined;
    spokeRoleName: string;
    externalId: string;
    schedule: string;
    accountConcurrency: number;
    regionConcurrency: number;
    toleratedFailurePercentage: number;
    memorySize: number;
    ephemeralStorageSize: number;
    timeoutSeconds: number;
    logRetentionDays: number;
    runRetentionDays: number;
    noncurrentVersionRetentionDays: number;
    kmsAliasName: string;
    toolLogGroups: string[];
    accountFunctionName: string;
    coordinatorFunctionName: string;
    stateMachineName: string;
}

const ACCOUNT_ID = /^\d{12}$/;
/** Plan and index: an Organizations listing and one read per (account, region), at 16 at a time. */
const COORDINATOR_TIMEOUT_SECONDS = 300;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/**
 * The organization-wide Bedrock inventory, deployed in the delegated security account (the hub):
 * a Step Functions state machine lists the accounts and regions, fans out over them with a
 * Distributed Map, runs the inventory per (account, region) with a spoke role's credentials, writes
 * each under `accounts/<id>/<region>/` (runs/, latest/, manifest last) and then the organization
 * index, promoted last to `organization/latest/index.json`. With `organizationalUnitIds`, a
 * service-managed StackSet deploys the spoke role (exactly the inventory's reads) to every account
 * of those OUs.
 */
export class BedrockOrgInventory extends pulumi.ComponentResource {
    /** The hub bucket (accounts/, organization/). */
    public readonly bucketName: pulumi.Output<string>;
    /** The hub CMK (artifacts, index, log groups, alarm topic). */
    public readonly keyArn: pulumi.Output<string>;
    /** The state machine that runs the organization inventory. */
    public readonly stateMachineArn: pulumi.Output<string>;
    /** The function that inventories one (account, region). */
    public readonly accountFunctionArn: pulumi.Output<string>;
    /** The account function's role: the only principal the spoke roles trust. */
    public readonly accountFunctionRoleArn: pulumi.Output<string>;
    /** The function that plans a run and writes the index. */
    public readonly coordinatorFunctionArn: pulumi.Output<string>;
    /** The spoke role's name in every member account. */
    public readonly spokeRoleName: pulumi.Output<string>;
    /** The StackSet that deploys the spoke role, or undefined when no OU is given. */
    public readonly stackSetName: pulumi.Output<string | undefined>;
    /** The spoke role's CloudFormation template (JSON), to deploy by other means when no OU is given. */
    public readonly spokeTemplateBody: pulumi.Output<string>;
    /** The key a reader starts from: `organization/latest/index.json`. */
    public readonly indexKey: pulumi.Output<string>;
    /** The state machine's log group. */
    public readonly stateMachineLogGroupName: pulumi.Output<string>;
    /** The SNS topic (encrypted with the hub key) the alarms publish to: failed or timed-out organization runs, function errors. */
    public readonly alarmTopicArn: pulumi.Output<string>;

    constructor(name: string, args: BedrockOrgInventoryArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("bedrock-governance:index:BedrockOrgInventory", name, {}, opts);
        const settings = resolveOrgSettings(name, args);
        const invokeOpts = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, invokeOpts);
        const region = aws.getRegionOutput({}, invokeOpts);
        const partition = aws.getPartitionOutput({}, invokeOpts);
        const location: pulumi.Output<AwsLocation> = pulumi
            .all([identity.accountId, region.region, partition.partition, partition.dnsSuffix])
            .apply(([accountId, regionName, partitionName, dnsSuffix]) => ({ accountId, region: regionName, partition: partitionName, dnsSuffix }));
        const logGroupArnOf = (groupName: string) =>
            location.apply((l) => `arn:${l.partition}:logs:${l.region}:${l.accountId}:log-group:${groupName}`);
        const accountLogGroupName = `/aws/lambda/${settings.accountFunctionName}`;
        const coordinatorLogGroupName = `/aws/lambda/${settings.coordinatorFunctionName}`;
        // Step Functions' vended logs: AWS recommends the /aws/vendedlogs/ prefix (resource policy size).
        const stateMachineLogGroupName = `/aws/vendedlogs/states/${settings.stateMachineName}`;
        const accountLogGroupArn = logGroupArnOf(accountLogGroupName);
        const coordinatorLogGroupArn = logGroupArnOf(coordinatorLogGroupName);
        const stateMachineLogGroupArn = logGroupArnOf(stateMachineLogGroupName);

        const lambdaTrust = location.apply((l) => JSON.stringify(lambdaTrustPolicy({ accountId: l.accountId })));
        const accountRole = new aws.iam.Role(
            `${name}-account-role`,
            { tags: args.tags, description: `Organization inventory: assumes the spoke roles (${settings.spokeRoleName})`, assumeRolePolicy: lambdaTrust },
            { parent: this },
        );
        const coordinatorRole = new aws.iam.Role(
            `${name}-coordinator-role`,
            { tags: args.tags, description: "Organization inventory: plans runs and writes the organization index", assumeRolePolicy: lambdaTrust },
            { parent: this },
        );

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                tags: args.tags,
                description: `Encrypts the organization Bedrock inventory's artifacts, index, log groups and alarm topic (${name})`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([location, accountRole.arn, coordinatorRole.arn, accountLogGroupArn, coordinatorLogGroupArn, stateMachineLogGroupArn])
                    .apply(([l, accountRoleArn, coordinatorRoleArn, a, c, s]) =>
                        JSON.stringify(orgKeyPolicy({ location: l, functionRoleArns: [accountRoleArn, coordinatorRoleArn], logGroupArns: [a, c, s] })),
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
                // The accounts' runs are matched by the tag the account function puts on them (a
                // literal prefix cannot match `accounts/<id>/<region>/runs/`): org/lifecycle.ts.
                rules: hubLifecycleRules(settings),
            },
            { parent: this, dependsOn: [versioning] },
        );
        new aws.s3.BucketPolicy(
            `${name}-bucket-policy`,
            {
                bucket: bucket.id,
                policy: pulumi.all([bucket.arn, key.arn]).apply(([bucketArn, keyArn]) => JSON.stringify(inventoryBucketPolicy({ bucketArn, keyArn }))),
            },
            { parent: this, dependsOn: [publicAccessBlock] },
        );

        const logGroup = (suffix: string, groupName: string) =>
            new aws.cloudwatch.LogGroup(`${name}-${suffix}`, { tags: args.tags, name: groupName, retentionInDays: settings.logRetentionDays, kmsKeyId: key.arn }, { parent: this });
        const accountLogGroup = logGroup("account-log-group", accountLogGroupName);
        const coordinatorLogGroup = logGroup("coordinator-log-group", coordinatorLogGroupName);
        const stateMachineLogGroup = logGroup("state-machine-log-group", stateMachineLogGroupName);

        const accountRolePolicy = new aws.iam.RolePolicy(
            `${name}-account-role-policy`,
            {
                role: accountRole.id,
                policy: pulumi
                    .all([location, bucket.arn, key.arn, accountLogGroupArn])
                    .apply(([l, bucketArn, keyArn, logGroupArn]) =>
                        JSON.stringify(accountFunctionPolicy({ location: l, bucketArn, keyArn, logGroupArn, spokeRoleName: settings.spokeRoleName })),
                    ),
            },
            { parent: this },
        );
        const coordinatorRolePolicy = new aws.iam.RolePolicy(
            `${name}-coordinator-role-policy`,
            {
                role: coordinatorRole.id,
                policy: pulumi
                    .all([location, bucket.arn, key.arn, coordinatorLogGroupArn])
                    .apply(([l, bucketArn, keyArn, logGroupArn]) =>
                        JSON.stringify(coordinatorPolicy({ location: l, bucketArn, keyArn, logGroupArn, listAccounts: settings.accountIds.length === 0 })),
                    ),
            },
            { parent: this },
        );

        const regions = settings.regions ? pulumi.output(settings.regions.join(",")) : region.region;
        const environment: Record<string, pulumi.Input<string>> = {
            INVENTORY_KMS_KEY_ID: key.arn,
            CORE_INVENTORY_BUCKET: bucket.bucket,
            REGION: region.region,
            PARTITION: partition.partition,
            SPOKE_ROLE_NAME: settings.spokeRoleName,
            SPOKE_EXTERNAL_ID: settings.externalId,
            ORG_REGIONS: regions,
            // The same runtime settings as the single-account function (inventory-heap.ts): the
            // account task runs the same inventory, one account and Region at a time.
            ...inventoryRuntimeEnvironment(settings.memorySize),
        };
        if (settings.accountIds.length > 0) environment.ORG_ACCOUNT_IDS = settings.accountIds.join(",");
        if (settings.excludeAccountIds.length > 0) environment.ORG_EXCLUDE_ACCOUNT_IDS = settings.excludeAccountIds.join(",");
        if (settings.toolLogGroups.length > 0) environment.TOOL_LOG_GROUPS = settings.toolLogGroups.join(",");
        const code = functionArchive(ORG_INVENTORY_FUNCTION);
        const accountFunction = new aws.lambda.Function(
            `${name}-account-function`,
            {
                tags: args.tags,
                name: settings.accountFunctionName,
                description: "Organization Bedrock inventory: one (account, region) with the spoke role",
                runtime: "nodejs22.x",
                architectures: ["arm64"],
                handler: "index.accountHandler",
                code,
                role: accountRole.arn,
                timeout: settings.timeoutSeconds,
                memorySize: settings.memorySize,
                ephemeralStorage: { size: settings.ephemeralStorageSize },
                environment: { variables: environment },
                loggingConfig: { logFormat: "JSON", logGroup: accountLogGroup.name },
            },
            { parent: this, dependsOn: [accountRolePolicy, accountLogGroup] },
        );
        const coordinatorFunction = new aws.lambda.Function(
            `${name}-coordinator-function`,
            {
                tags: args.tags,
                name: settings.coordinatorFunctionName,
                description: "Organization Bedrock inventory: plans a run, writes the organization index",
                runtime: "nodejs22.x",
                architectures: ["arm64"],
                handler: "index.coordinatorHandler",
                code,
                role: coordinatorRole.arn,
                timeout: COORDINATOR_TIMEOUT_SECONDS,
                memorySize: 256,
                environment: { variables: environment },
                loggingConfig: { logFormat: "JSON", logGroup: coordinatorLogGroup.name },
            },
            { parent: this, dependsOn: [coordinatorRolePolicy, coordinatorLogGroup] },
        );

        const stateMachineRole = new aws.iam.Role(
            `${name}-state-machine-role`,
            {
                tags: args.tags,
                description: "Organization inventory state machine: invokes its two functions, runs its Distributed Map",
                assumeRolePolicy: location.apply((l) => JSON.stringify(serviceTrustPolicy("states.amazonaws.com", l.accountId))),
            },
            { parent: this },
        );
        const stateMachineRolePolicy = new aws.iam.RolePolicy(
            `${name}-state-machine-role-policy`,
            {
                role: stateMachineRole.id,
                policy: pulumi
                    .all([location, accountFunction.arn, coordinatorFunction.arn])
                    .apply(([l, a, c]) => JSON.stringify(stateMachinePolicy({ location: l, stateMachineName: settings.stateMachineName, functionArns: [a, c] }))),
            },
            { parent: this },
        );
        const stateMachine = new aws.sfn.StateMachine(
            `${name}-state-machine`,
            {
                tags: args.tags,
                name: settings.stateMachineName,
                type: "STANDARD",
                roleArn: stateMachineRole.arn,
                definition: pulumi.all([accountFunction.arn, coordinatorFunction.arn]).apply(([accountFunctionArn, coordinatorFunctionArn]) =>
                    JSON.stringify(
                        organizationStateMachineDefinition({
                            accountFunctionArn,
                            coordinatorFunctionArn,
                            accountConcurrency: settings.accountConcurrency,
                            regionConcurrency: settings.regionConcurrency,
                            toleratedFailurePercentage: settings.toleratedFailurePercentage,
                            accountTaskTimeoutSeconds: settings.timeoutSeconds + 60,
                            coordinatorTaskTimeoutSeconds: COORDINATOR_TIMEOUT_SECONDS + 60,
                        }),
                    ),
                ),
                // ERROR: failed states and executions with their cause; no execution data (the
                // payloads are ids and counts, but nothing is logged that need not be).
                loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: pulumi.interpolate`${stateMachineLogGroup.arn}:*` },
            },
            { parent: this, dependsOn: [stateMachineRolePolicy] },
        );

        const topic = createAlarmTopic(this, name, { displayName: "Bedrock organization inventory alarms", keyArn: key.arn, location, tags: args.tags, alarmEmail: args.alarmEmail });
        // As BedrockInventory's: any occurrence within five minutes, back to OK when it stops.
        const alarmOnAny = alarmOnAnyOf(this, name, topic, args.tags);
        // An execution fails when the run is incomplete (the Fail state after the index is
        // promoted: any account not complete) or when a step fails past its retries.
        alarmOnAny("executions-failed", `An organization inventory run of ${settings.stateMachineName} failed: an account or region not complete, or a step failed (see organization/latest/index.json and the state machine's log group).`, {
            namespace: "AWS/States",
            metricName: "ExecutionsFailed",
            dimensions: { StateMachineArn: stateMachine.arn },
        });
        alarmOnAny("executions-timed-out", `An organization inventory run of ${settings.stateMachineName} timed out.`, {
            namespace: "AWS/States",
            metricName: "ExecutionsTimedOut",
            dimensions: { StateMachineArn: stateMachine.arn },
        });
        // The account function throws only when it cannot record an outcome (an account's own
        // failure is an outcome, not an error), or on a bad task or a timeout.
        alarmOnAny("account-errors", `The organization inventory's account function ${settings.accountFunctionName} failed (Errors > 0).`, {
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: accountFunction.name },
        });
        alarmOnAny("coordinator-errors", `The organization inventory's coordinator ${settings.coordinatorFunctionName} failed to plan a run or write its index (Errors > 0).`, {
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: coordinatorFunction.name },
        });

        const scheduleRole = new aws.iam.Role(
            `${name}-schedule-role`,
            {
                tags: args.tags,
                description: "EventBridge: starts the organization inventory state machine",
                assumeRolePolicy: location.apply((l) => JSON.stringify(serviceTrustPolicy("events.amazonaws.com", l.accountId))),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-schedule-role-policy`,
            { role: scheduleRole.id, policy: stateMachine.arn.apply((arn) => JSON.stringify(scheduleRolePolicy(arn))) },
            { parent: this },
        );
        const rule = new aws.cloudwatch.EventRule(
            `${name}-schedule`,
            { tags: args.tags, description: `Runs the organization Bedrock inventory ${settings.stateMachineName}`, scheduleExpression: settings.schedule, state: "ENABLED" },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(
            `${name}-schedule-target`,
            { rule: rule.name, arn: stateMachine.arn, roleArn: scheduleRole.arn, targetId: "OrganizationInventory" },
            { parent: this },
        );

        const templateBody = JSON.stringify(spokeRoleTemplate({ toolLogGroups: settings.toolLogGroups }));
        let stackSetName: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (settings.organizationalUnitIds.length > 0) {
            const parameters: Record<(typeof SPOKE_TEMPLATE_PARAMETERS)[number], pulumi.Input<string>> = {
                RoleName: settings.spokeRoleName,
                HubRoleArn: accountRole.arn,
                ExternalId: settings.externalId,
            };
            const stackSet = new aws.cloudformation.StackSet(
                `${name}-spokes`,
                {
                    tags: args.tags,
                    name: `${settings.stateMachineName}-spokes`,
                    description: "bedrock-governance: the organization Bedrock inventory's read-only spoke role",
                    permissionModel: "SERVICE_MANAGED",
                    callAs: settings.stackSetCallAs,
                    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
                    capabilities: ["CAPABILITY_NAMED_IAM"],
                    managedExecution: { active: true },
                    operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25, regionConcurrencyType: "PARALLEL" },
                    parameters,
                    templateBody,
                },
                { parent: this },
            );
            new aws.cloudformation.StackSetInstance(
                `${name}-spokes-instances`,
                {
                    stackSetName: stackSet.name,
                    callAs: settings.stackSetCallAs,
                    deploymentTargets: { organizationalUnitIds: settings.organizationalUnitIds },
                    stackSetInstanceRegion: settings.stackSetRegion ?? region.region,
                    operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25 },
                },
                { parent: this },
            );
            stackSetName = stackSet.name;
        }

        this.bucketName = bucket.bucket;
        this.keyArn = key.arn;
        this.stateMachineArn = stateMachine.arn;
        this.accountFunctionArn = accountFunction.arn;
        this.accountFunctionRoleArn = accountRole.arn;
        this.coordinatorFunctionArn = coordinatorFunction.arn;
        this.spokeRoleName = pulumi.output(settings.spokeRoleName);
        this.stackSetName = stackSetName;
        this.spokeTemplateBody = pulumi.output(templateBody);
        this.indexKey = pulumi.output("organization/latest/index.json");
        this.stateMachineLogGroupName = stateMachineLogGroup.name;
        this.alarmTopicArn = topic.arn;
        this.registerOutputs({
            bucketName: this.bucketName,
            keyArn: this.keyArn,
            stateMachineArn: this.stateMachineArn,
            accountFunctionArn: this.accountFunctionArn,
            accountFunctionRoleArn: this.accountFunctionRoleArn,
            coordinatorFunctionArn: this.coordinatorFunctionArn,
            spokeRoleName: this.spokeRoleName,
            stackSetName: this.stackSetName,
            spokeTemplateBody: this.spokeTemplateBody,
            indexKey: this.indexKey,
            stateMachineLogGroupName: this.stateMachineLogGroupName,
            alarmTopicArn: this.alarmTopicArn,
        });
    }
}

function argProblem(name: string, arg: string, value: unknown, expected: string): string {
    return `BedrockOrgInventory "${name}": ${arg}: got ${JSON.stringify(value)}, expected ${expected}`;
}

/** Defaults applied and every argument checked; throws one ArgumentError listing every problem. */
export function resolveOrgSettings(name: string, args: BedrockOrgInventoryArgs, project: string = pulumi.getProject(), stack: string = pulumi.getStack()): OrgSettings {
    const d = ORG_INVENTORY_DEFAULTS;
    const hash = crypto.createHash("sha256").update(`${project}/${stack}/${name}`).digest("hex");
    const settings: OrgSettings = {
        regions: args.regions && args.regions.length > 0 ? [...args.regions] : undefined,
        accountIds: [...(args.accountIds ?? [])],
        excludeAccountIds: [...(args.excludeAccountIds ?? [])],
        organizationalUnitIds: [...(args.organizationalUnitIds ?? [])],
        stackSetCallAs: args.stackSetCallAs ?? d.stackSetCallAs,
        stackSetRegion: args.stackSetRegion,
        spokeRoleName: args.spokeRoleName ?? d.spokeRoleName,
        externalId: args.externalId ?? `bedrock-inventory-${hash.slice(0, 16)}`,
        schedule: args.schedule ?? d.schedule,
        accountConcurrency: args.accountConcurrency ?? d.accountConcurrency,
        regionConcurrency: args.regionConcurrency ?? d.regionConcurrency,
        toleratedFailurePercentage: args.toleratedFailurePercentage ?? d.toleratedFailurePercentage,
        memorySize: args.memorySize ?? d.memorySize,
        ephemeralStorageSize: args.ephemeralStorageSize ?? d.ephemeralStorageSize,
        timeoutSeconds: args.timeoutSeconds ?? d.timeoutSeconds,
        logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
        runRetentionDays: args.runRetentionDays ?? d.runRetentionDays,
        noncurrentVersionRetentionDays: args.noncurrentVersionRetentionDays ?? d.noncurrentVersionRetentionDays,
        kmsAliasName: args.kmsAliasName ?? d.kmsAliasName,
        toolLogGroups: [...(args.toolLogGroups ?? [])],
        accountFunctionName: defaultFunctionName(`${name}-account`, project, stack),
        coordinatorFunctionName: defaultFunctionName(`${name}-coordinator`, project, stack),
        stateMachineName: defaultFunctionName(name, project, stack),
    };
    const problems: string[] = [];
    const check = <T>(arg: string, value: T, ...validators: rules.Validator<T>[]) => {
        const broken = rules.firstBroken(value, ...validators);
        if (broken) problems.push(argProblem(name, arg, value, broken));
    };
    const matches = (pattern: RegExp, what: string): rules.Validator<string> => (v) => (pattern.test(v) ? undefined : what);
    (settings.regions ?? []).forEach((r, i) => check(`regions[${i}]`, r, matches(REGION, "a region name such as eu-west-1")));
    settings.accountIds.forEach((a, i) => check(`accountIds[${i}]`, a, matches(ACCOUNT_ID, "a 12-digit account id")));
    settings.excludeAccountIds.forEach((a, i) => check(`excludeAccountIds[${i}]`, a, matches(ACCOUNT_ID, "a 12-digit account id")));
    settings.organizationalUnitIds.forEach((o, i) => check(`organizationalUnitIds[${i}]`, o, matches(OU_ID, "an OU id such as ou-ab12-cd34ef56")));
    check("stackSetCallAs", settings.stackSetCallAs, (v) => (v === "SELF" || v === "DELEGATED_ADMIN" ? undefined : "SELF or DELEGATED_ADMIN"));
    if (settings.stackSetRegion !== undefined) check("stackSetRegion", settings.stackSetRegion, matches(REGION, "a region name such as eu-west-1"));
    check("spokeRoleName", settings.spokeRoleName, matches(/^[\w+=,.@-]{1,64}$/, "an IAM role name (1-64 of letters, digits and +=,.@_-)"));
    check("externalId", settings.externalId, rules.externalId);
    check("schedule", settings.schedule, rules.scheduleExpression);
    check("accountConcurrency", settings.accountConcurrency, rules.integerBetween(1, 10000));
    check("regionConcurrency", settings.regionConcurrency, rules.integerBetween(1, 40));
    check("toleratedFailurePercentage", settings.toleratedFailurePercentage, rules.integerBetween(0, 100));
    check("memorySize", settings.memorySize, rules.lambdaMemorySize);
    check("ephemeralStorageSize", settings.ephemeralStorageSize, rules.lambdaEphemeralStorageSize);
    check("timeoutSeconds", settings.timeoutSeconds, rules.lambdaTimeoutSeconds);
    check("logRetentionDays", settings.logRetentionDays, rules.logRetentionDays);
    check("runRetentionDays", settings.runRetentionDays, rules.integerBetween(1, 36500));
    check("noncurrentVersionRetentionDays", settings.noncurrentVersionRetentionDays, rules.integerBetween(1, 36500));
    check("kmsAliasName", settings.kmsAliasName, rules.kmsAliasName);
    settings.toolLogGroups.forEach((g, i) => check(`toolLogGroups[${i}]`, g, rules.logGroupName));
    if (typeof args.bucketName === "string") check("bucketName", args.bucketName, rules.s3BucketName);
    if (typeof args.alarmEmail === "string") check("alarmEmail", args.alarmEmail, rules.emailAddress);
    const excludedExplicit = settings.accountIds.filter((a) => settings.excludeAccountIds.includes(a));
    if (settings.accountIds.length > 0 && excludedExplicit.length === settings.accountIds.length) {
        problems.push(argProblem(name, "excludeAccountIds", settings.excludeAccountIds, "to leave at least one of accountIds"));
    }
    if (problems.length > 0) throw new rules.ArgumentError(problems);
    return settings;
}
