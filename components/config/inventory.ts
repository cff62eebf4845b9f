// The inventory's keys in the stack config (namespace `bedrock-governance`), their defaults and
// rules, and the mapping to `BedrockInventoryArgs`. Every key is declared in Pulumi.yaml too
// (a test keeps the two identical). Empty strings and `0` mean "not set": Pulumi treats a key
// declared in Pulumi.yaml without a default as required.
import { BedrockInventoryArgs, INVENTORY_DEFAULTS } from "../inventory";
import { ConfigSection, SectionValues, StackConfigReader } from "./stack";
import * as rules from "./validators";
import { boundaryPolicyName, iamPathPrefix, modelPattern, tagKey } from "../findings-settings";

export const inventoryConfigSection = {
    inventoryFunctionName: {
        type: "string",
        default: "",
        description: "Physical name of the inventory Lambda (its log group is /aws/lambda/<name>). Empty: <component name>-<hash of project/stack/name>. Seed 000: bedrock-core-tools-inventory.",
        rules: [rules.lambdaFunctionName],
    },
    inventoryBucketName: {
        type: "string",
        default: "",
        description: "Name of the inventory bucket (S3 naming rules). Empty: a globally unique auto-name.",
        rules: [rules.s3BucketName],
    },
    inventorySchedule: {
        type: "string",
        default: INVENTORY_DEFAULTS.schedule,
        description: "EventBridge schedule expression of the inventory run: rate(...) or cron(...).",
        rules: [rules.scheduleExpression],
    },
    inventoryLogRetentionDays: {
        type: "integer",
        default: INVENTORY_DEFAULTS.logRetentionDays,
        description: "Retention of the function's log group in days (one of CloudWatch Logs' values).",
        rules: [rules.logRetentionDays],
    },
    inventoryMemorySize: {
        type: "integer",
        default: INVENTORY_DEFAULTS.memorySize,
        description: "Memory of the inventory Lambda in MB (128-10240).",
        rules: [rules.lambdaMemorySize],
    },
    inventoryEphemeralStorageSize: {
        type: "integer",
        default: INVENTORY_DEFAULTS.ephemeralStorageSize,
        description: "Ephemeral storage (/tmp) of the inventory Lambda in MB (512-10240); the largest artifact, agent-bindings.json, must fit.",
        rules: [rules.lambdaEphemeralStorageSize],
    },
    inventoryTimeoutSeconds: {
        type: "integer",
        default: INVENTORY_DEFAULTS.timeoutSeconds,
        description: "Timeout of the inventory Lambda in seconds (at most 900).",
        rules: [rules.lambdaTimeoutSeconds],
    },
    inventoryOutputPrefix: {
        type: "string",
        default: INVENTORY_DEFAULTS.outputPrefix,
        description: "OUTPUT_PREFIX: runs are written to <prefix>runs/<runId>/. Ends with '/'.",
        rules: [rules.keyPrefix],
    },
    inventoryLatestPrefix: {
        type: "string",
        default: INVENTORY_DEFAULTS.latestPrefix,
        description: "LATEST_PREFIX: where complete runs are promoted. Ends with '/', disjoint from the runs prefix.",
        rules: [rules.keyPrefix],
    },
    inventoryRunRetentionDays: {
        type: "integer",
        default: INVENTORY_DEFAULTS.runRetentionDays,
        description: "Days after which objects under <outputPrefix>runs/ expire (1-36500).",
        rules: [rules.integerBetween(1, 36500)],
    },
    inventoryNoncurrentVersionRetentionDays: {
        type: "integer",
        default: INVENTORY_DEFAULTS.noncurrentVersionRetentionDays,
        description: "Days after which overwritten object versions are removed (1-36500).",
        rules: [rules.integerBetween(1, 36500)],
    },
    inventoryKmsAlias: {
        type: "string",
        default: INVENTORY_DEFAULTS.kmsAliasName,
        description: "Alias of the inventory CMK; unique per account and region (give each stack its own when they share an account).",
        rules: [rules.kmsAliasName],
    },
    inventoryAlarmEmail: {
        type: "string",
        default: "",
        description: "Email address subscribed to the inventory alarm topic. Empty: no subscription.",
        rules: [rules.emailAddress],
    },
    inventoryToolLogGroups: {
        type: "array",
        default: [],
        description: "TOOL_LOG_GROUPS: extra log groups of tool Lambdas with a custom loggingConfig.",
        itemRules: [rules.logGroupName],
    },
    inventoryConsumerPrincipalArn: {
        type: "string",
        default: "",
        description: "Principal (role, user or account root ARN) trusted by the connector's read-only role. Empty: no consumer role.",
        rules: [rules.iamPrincipalArn],
    },
    inventoryConsumerExternalId: {
        type: "string",
        default: "",
        description: "sts:ExternalId required from the connector when it assumes the consumer role. Empty: none.",
        rules: [rules.externalId],
    },
    inventoryMaxRetryAttempts: {
        type: "integer",
        default: INVENTORY_DEFAULTS.maximumRetryAttempts,
        description: "Retries of a failed scheduled invocation (0-2).",
        rules: [rules.asyncRetryAttempts],
    },
    inventoryMaxEventAgeSeconds: {
        type: "integer",
        default: INVENTORY_DEFAULTS.maximumEventAgeSeconds,
        description: "Seconds after which an unprocessed scheduled event goes to the failure queue (60-21600).",
        rules: [rules.asyncEventAgeSeconds],
    },
    inventoryMissingRunPeriodSeconds: {
        type: "integer",
        default: 0,
        description: "Period of the missing-runs alarm (fires after two periods without a successful run). 0: the schedule's rate; required for cron schedules.",
        rules: [(value: number) => (value === 0 ? undefined : rules.twoPeriodAlarmSeconds(value))],
    },
    // Findings (issue 12): thresholds and schedules; docs/findings.md.
    inventoryFindingsWindowDays: {
        type: "integer",
        default: 90,
        description: "FINDINGS_WINDOW_DAYS: days a Bedrock invoke grant must go unused before findings.json reports it (1-400); reported only once the usage state covers the whole window.",
        rules: [rules.integerBetween(1, 400)],
    },
    inventoryDenialBurstCount: {
        type: "integer",
        default: 5,
        description: "DENIAL_BURST_COUNT: denied Bedrock calls from one principal that make a burst (2-10000).",
        rules: [rules.integerBetween(2, 10000)],
    },
    inventoryDenialBurstMinutes: {
        type: "integer",
        default: 5,
        description: "DENIAL_BURST_MINUTES: ... within this many minutes (1-1440).",
        rules: [rules.integerBetween(1, 1440)],
    },
    inventoryOffHoursStartHour: {
        type: "integer",
        default: 22,
        description: "OFF_HOURS_START_HOUR: local hour off hours start (0-23; seed 002: 22).",
        rules: [rules.integerBetween(0, 23)],
    },
    inventoryOffHoursEndHour: {
        type: "integer",
        default: 6,
        description: "OFF_HOURS_END_HOUR: local hour off hours end, exclusive (0-23; seed 002: 6).",
        rules: [rules.integerBetween(0, 23)],
    },
    inventoryOffHoursUtcOffsetHours: {
        type: "integer",
        default: 0,
        description: "OFF_HOURS_UTC_OFFSET_HOURS: local time's offset from UTC in whole hours (-12 to 14; seed 002's JST: 9).",
        rules: [rules.integerBetween(-12, 14)],
    },
    inventoryOffHoursMinInvocations: {
        type: "integer",
        default: 10,
        description: "OFF_HOURS_MIN_INVOCATIONS: invocations by one principal in one off-hours hour that make a finding (1-1000000).",
        rules: [rules.integerBetween(1, 1000000)],
    },
    inventoryRateSpikeFactor: {
        type: "integer",
        default: 3,
        description: "RATE_SPIKE_FACTOR: an hour above this many times the principal's own hourly mean is a rate spike (2-1000).",
        rules: [rules.integerBetween(2, 1000)],
    },
    inventoryRateSpikeMinInvocations: {
        type: "integer",
        default: 50,
        description: "RATE_SPIKE_MIN_INVOCATIONS: ... with at least this many invocations (1-1000000).",
        rules: [rules.integerBetween(1, 1000000)],
    },
    inventoryRateBaselineDays: {
        type: "integer",
        default: 7,
        description: "RATE_BASELINE_DAYS: days of the principal's history its rate baseline is made of (2-30).",
        rules: [rules.integerBetween(2, 30)],
    },
    inventoryApprovedModels: {
        type: "array",
        default: [],
        description: "APPROVED_MODELS: approved model ids (* wildcards); an invocation of any other is a finding. Empty: every model approved.",
        itemRules: [modelPattern],
    },
    inventoryPremiumModels: {
        type: "array",
        default: ["*opus*"],
        description: "PREMIUM_MODELS: premium model ids (* wildcards); any invocation of one is a finding.",
        itemRules: [modelPattern],
    },
    inventoryTeamRolePathPrefix: {
        type: "string",
        default: "",
        description: "TEAM_ROLE_PATH_PREFIX: roles under <prefix><team>/ belong to that team (for example /teams/). Empty: teams not by path.",
        rules: [iamPathPrefix],
    },
    inventoryTeamTagKey: {
        type: "string",
        default: "",
        description: "TEAM_TAG_KEY: a role tagged with this key belongs to the team its value names. Empty: teams not by tag.",
        rules: [tagKey],
    },
    inventoryTeamBoundaryPolicyName: {
        type: "string",
        default: "{team}-boundary",
        description: "TEAM_BOUNDARY_POLICY_NAME: the name of a team's permissions boundary policy, {team} replaced.",
        rules: [boundaryPolicyName],
    },
    inventoryEvidenceMaxEventIds: {
        type: "integer",
        default: 20,
        description: "EVIDENCE_MAX_EVENT_IDS: CloudTrail event ids a finding's evidence lists at most (1-1000).",
        rules: [rules.integerBetween(1, 1000)],
    },
    inventoryEvidenceMaxTargets: {
        type: "integer",
        default: 100,
        description: "EVIDENCE_MAX_TARGETS: unused targets an unused-grant finding's evidence lists at most (unusedCount counts them all) (1-100000).",
        rules: [rules.integerBetween(1, 100_000)],
    },
    inventoryUsageStateMaxUses: {
        type: "integer",
        default: 50_000,
        description: "USAGE_STATE_MAX_USES: (principal, action, target) entries the usage state keeps at most; past it the oldest go and its coverage moves after them (1000-10000000).",
        rules: [rules.integerBetween(1000, 10_000_000)],
    },
    inventoryUsageStateMaxHours: {
        type: "integer",
        default: 100_000,
        description: "USAGE_STATE_MAX_HOURS: (principal, hour) counts the usage state keeps at most; past it the oldest hours go, shortening rate baselines (1000-10000000).",
        rules: [rules.integerBetween(1000, 10_000_000)],
    },
} as const satisfies ConfigSection;

export type InventoryConfig = SectionValues<typeof inventoryConfigSection>;

/**
 * Reads the inventory's keys, checks the rules that span keys, and returns the component's
 * arguments (unset keys left out, so the component's defaults apply).
 */
export function readInventoryConfig(reader: StackConfigReader): BedrockInventoryArgs {
    const config = reader.read(inventoryConfigSection);
    const runsPrefix = `${config.inventoryOutputPrefix}runs/`;
    if (!rules.disjointPrefixes(runsPrefix, config.inventoryLatestPrefix)) {
        reader.report(
            "inventoryLatestPrefix",
            config.inventoryLatestPrefix,
            `a prefix that neither contains nor lies inside the runs prefix ${runsPrefix}`,
        );
    }
    if (config.inventoryMissingRunPeriodSeconds === 0) {
        const period = rules.schedulePeriodSeconds(config.inventorySchedule);
        if (period === undefined && rules.scheduleExpression(config.inventorySchedule) === undefined) {
            reader.report(
                "inventoryMissingRunPeriodSeconds",
                "0",
                `a period in seconds (multiple of 60) when inventorySchedule is a cron expression (${config.inventorySchedule})`,
            );
        } else if (period !== undefined && rules.twoPeriodAlarmSeconds(period) !== undefined) {
            reader.report(
                "inventorySchedule",
                config.inventorySchedule,
                `a rate of at most 3.5 days (the missing-runs alarm watches two periods), or set inventoryMissingRunPeriodSeconds`,
            );
        }
    }
    if (config.inventoryConsumerExternalId !== "" && config.inventoryConsumerPrincipalArn === "") {
        reader.report("inventoryConsumerExternalId", config.inventoryConsumerExternalId, "to be set only together with inventoryConsumerPrincipalArn");
    }
    const optional = <T>(value: T, unset: T): T | undefined => (value === unset ? undefined : value);
    return {
        functionName: optional(config.inventoryFunctionName, ""),
        bucketName: optional(config.inventoryBucketName, ""),
        schedule: config.inventorySchedule,
        logRetentionDays: config.inventoryLogRetentionDays,
        memorySize: config.inventoryMemorySize,
        ephemeralStorageSize: config.inventoryEphemeralStorageSize,
        timeoutSeconds: config.inventoryTimeoutSeconds,
        outputPrefix: config.inventoryOutputPrefix,
        latestPrefix: config.inventoryLatestPrefix,
        runRetentionDays: config.inventoryRunRetentionDays,
        noncurrentVersionRetentionDays: config.inventoryNoncurrentVersionRetentionDays,
        kmsAliasName: config.inventoryKmsAlias,
        alarmEmail: optional(config.inventoryAlarmEmail, ""),
        toolLogGroups: config.inventoryToolLogGroups,
        consumerPrincipalArn: optional(config.inventoryConsumerPrincipalArn, ""),
        consumerExternalId: optional(config.inventoryConsumerExternalId, ""),
        maximumRetryAttempts: config.inventoryMaxRetryAttempts,
        maximumEventAgeSeconds: config.inventoryMaxEventAgeSeconds,
        missingRunPeriodSeconds: optional(config.inventoryMissingRunPeriodSeconds, 0),
        findingsWindowDays: config.inventoryFindingsWindowDays,
        denialBurstCount: config.inventoryDenialBurstCount,
        denialBurstMinutes: config.inventoryDenialBurstMinutes,
        offHoursStartHour: config.inventoryOffHoursStartHour,
        offHoursEndHour: config.inventoryOffHoursEndHour,
        offHoursUtcOffsetHours: config.inventoryOffHoursUtcOffsetHours,
        offHoursMinInvocations: config.inventoryOffHoursMinInvocations,
        rateSpikeFactor: config.inventoryRateSpikeFactor,
        rateSpikeMinInvocations: config.inventoryRateSpikeMinInvocations,
        rateBaselineDays: config.inventoryRateBaselineDays,
        approvedModels: config.inventoryApprovedModels,
        premiumModels: config.inventoryPremiumModels,
        teamRolePathPrefix: optional(config.inventoryTeamRolePathPrefix, ""),
        teamTagKey: optional(config.inventoryTeamTagKey, ""),
        teamBoundaryPolicyName: config.inventoryTeamBoundaryPolicyName,
        evidenceMaxEventIds: config.inventoryEvidenceMaxEventIds,
        evidenceMaxTargets: config.inventoryEvidenceMaxTargets,
        usageStateMaxUses: config.inventoryUsageStateMaxUses,
        usageStateMaxHours: config.inventoryUsageStateMaxHours,
    };
}
