// A log group keeps its events forever unless told otherwise, and is encrypted with a CloudWatch
// Logs service key unless given one (seed 000 creates its log group with a retention and the
// inventory key; seed 003: logs that hold prompts belong under a customer-managed key).
import { resourceLabel } from "../lib/sources";
import { configSchema, forTypes, reportOutcomes, type Outcome, type ResourceRule, type RuleConfig } from "../lib/rule";
import { readProp, UNKNOWN } from "../lib/unknowns";

export const NAME = "log-group-retention-and-kms";
const LOG_GROUP_TYPE = "aws:cloudwatch/logGroup:LogGroup";

export interface LogGroupConfig extends RuleConfig {
    readonly minimumRetentionDays?: number;
}

export function logGroupOutcomes(name: string, props: Record<string, unknown>, config: LogGroupConfig): Outcome[] {
    const label = resourceLabel(LOG_GROUP_TYPE, name);
    const outcomes: Outcome[] = [];
    const minimum = config.minimumRetentionDays ?? 1;
    const retention = readProp(props, "retentionInDays");
    if (retention === UNKNOWN) {
        outcomes.push({ status: "undecidable", message: `${label}: retentionInDays is not known until the update.` });
    } else if (typeof retention !== "number" || retention <= 0) {
        outcomes.push({ status: "violation", message: `${label} keeps its events forever: set retentionInDays (at least ${minimum}).` });
    } else if (retention < minimum) {
        outcomes.push({ status: "violation", message: `${label} keeps its events ${retention} days, less than the required ${minimum}: raise retentionInDays.` });
    }
    const key = readProp(props, "kmsKeyId");
    if (key === UNKNOWN) {
        // A key ARN from a key created in the same stack is unknown at preview, and present.
        return outcomes;
    }
    if (typeof key !== "string" || key === "") {
        outcomes.push({ status: "violation", message: `${label} is not encrypted with a customer-managed key: set kmsKeyId to a KMS key ARN whose policy lets logs.<region>.amazonaws.com use it.` });
    }
    return outcomes;
}

export const logGroupRetentionAndKms: ResourceRule = {
    name: NAME,
    description: "A CloudWatch log group must have a retention (not forever) and a customer-managed KMS key (kmsKeyId).",
    enforcementLevel: "advisory",
    remediationSteps: "Set retentionInDays (e.g. 30, 90, 365) and kmsKeyId (a KMS key ARN; the key policy must allow the CloudWatch Logs service principal).",
    configSchema: configSchema({
        minimumRetentionDays: { type: "integer", minimum: 1, default: 1, description: "The shortest retention accepted, in days." },
    }),
    validateResource: forTypes([LOG_GROUP_TYPE], (args, reportViolation) => {
        const config = args.getConfig<LogGroupConfig>();
        reportOutcomes(logGroupOutcomes(args.name, args.props, config), args, config, reportViolation);
    }),
};
