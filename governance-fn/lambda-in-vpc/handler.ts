// The custom Config rule's Lambda: parse the Config event, evaluate with the pure rule, report
// the result with PutEvaluations. The Config client is injected so tests use their own.
import { ConfigServiceClient, GetResourceConfigHistoryCommand, PutEvaluationsCommand, type ResourceType } from "@aws-sdk/client-config-service";
import { evaluateLambdaInVpc, LambdaConfigurationItem, parseRuleParameters } from "./evaluate";

/** The Config rule invocation event (AWS Config developer guide, "example events"). */
export interface ConfigRuleEvent {
    readonly invokingEvent: string;
    readonly ruleParameters?: string;
    readonly resultToken: string;
    readonly eventLeftScope?: boolean;
    readonly configRuleName?: string;
    readonly accountId?: string;
}

export interface Evaluation {
    readonly ComplianceResourceType: string;
    readonly ComplianceResourceId: string;
    readonly ComplianceType: "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";
    readonly Annotation?: string;
    readonly OrderingTimestamp: Date;
}

/** The two Config Service calls the rule makes, shaped like the SDK v3 commands' inputs and outputs. */
export interface ConfigServicePort {
    putEvaluations(input: { Evaluations: Evaluation[]; ResultToken: string }): Promise<{ FailedEvaluations?: readonly unknown[] }>;
    getResourceConfigHistory(input: { resourceType: string; resourceId: string; limit: number }): Promise<{
        configurationItems?: {
            resourceType?: string;
            resourceId?: string;
            resourceName?: string;
            configurationItemCaptureTime?: Date;
            configurationItemStatus?: string;
            configuration?: string;
            tags?: Record<string, string>;
        }[];
    }>;
}

interface InvokingEvent {
    messageType?: string;
    configurationItem?: LambdaConfigurationItem;
    configurationItemSummary?: { resourceType?: string; resourceId?: string; configurationItemCaptureTime?: string };
}

/**
 * The item to evaluate. Config sends a summary instead of the item when the item is too large for
 * the event (OversizedConfigurationItemChangeNotification); the full item is then read back.
 */
async function configurationItemOf(invoking: InvokingEvent, config: ConfigServicePort): Promise<LambdaConfigurationItem | undefined> {
    if (invoking.messageType === "ConfigurationItemChangeNotification") {
        return invoking.configurationItem;
    }
    if (invoking.messageType === "OversizedConfigurationItemChangeNotification" && invoking.configurationItemSummary?.resourceType && invoking.configurationItemSummary.resourceId) {
        const history = await config.getResourceConfigHistory({
            resourceType: invoking.configurationItemSummary.resourceType,
            resourceId: invoking.configurationItemSummary.resourceId,
            limit: 1,
        });
        const latest = history.configurationItems?.[0];
        if (!latest) {
            return undefined;
        }
        return {
            ...latest,
            configurationItemCaptureTime: latest.configurationItemCaptureTime?.toISOString(),
            configuration: latest.configuration ? (JSON.parse(latest.configuration) as LambdaConfigurationItem["configuration"]) : undefined,
        };
    }
    return undefined;
}

/** One structured log line per event that matters (Lambda's JSON log format picks it up). */
export type LogLine = (fields: Record<string, unknown>) => void;
const logToConsole: LogLine = (fields) => console.log(JSON.stringify(fields));

/** Builds the handler around a Config client, so tests and the runtime inject their own. */
export function createHandler(config: ConfigServicePort, log: LogLine = logToConsole) {
    return async function handler(event: ConfigRuleEvent): Promise<Evaluation | undefined> {
        const invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
        const item = await configurationItemOf(invoking, config);
        if (!item?.resourceType || !item.resourceId) {
            // Scheduled notifications and unknown message types: this rule is change-triggered only.
            log({ message: "nothing to evaluate", messageType: invoking.messageType, rule: event.configRuleName });
            return undefined;
        }
        const result = event.eventLeftScope
            ? { complianceType: "NOT_APPLICABLE" as const, annotation: "resource left the rule's scope" }
            : evaluateLambdaInVpc(item, parseRuleParameters(event.ruleParameters));
        const evaluation: Evaluation = {
            ComplianceResourceType: item.resourceType,
            ComplianceResourceId: item.resourceId,
            ComplianceType: result.complianceType,
            Annotation: result.annotation,
            OrderingTimestamp: new Date(item.configurationItemCaptureTime ?? Date.now()),
        };
        const response = await config.putEvaluations({ Evaluations: [evaluation], ResultToken: event.resultToken });
        if (response.FailedEvaluations && response.FailedEvaluations.length > 0) {
            throw new Error(`PutEvaluations rejected ${response.FailedEvaluations.length} evaluation(s) for ${item.resourceId}`);
        }
        log({ message: "evaluated", rule: event.configRuleName, resourceId: item.resourceId, complianceType: result.complianceType });
        return evaluation;
    };
}

// One client per container, reused across invocations; the SDK's standard retries apply.
const client = new ConfigServiceClient({});

export const handler = createHandler({
    putEvaluations: (input) => client.send(new PutEvaluationsCommand(input)),
    getResourceConfigHistory: (input) => client.send(new GetResourceConfigHistoryCommand({ ...input, resourceType: input.resourceType as ResourceType })),
});
