// The inventory's keys in the stack config (namespace `bedrock-governance`), their defaults and
// rules, and the mapping to `BedrockInventoryArgs`. Every key is declared in Pulumi.yaml too
// (a test keeps the two identical). Empty strings and `0` mean "not set": Pulumi treats a key
// declared in Pulumi.yaml without a default as required.
import { BedrockInventoryArgs, INVENTORY_DEFAULTS } from "../inventory";
import { ConfigSection, SectionValues, StackConfigReader } from "./stack";
import * as rules from "./validators";

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
    };
}
