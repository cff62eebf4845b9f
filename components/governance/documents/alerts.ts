// Seed 001 layer 3: Config compliance changes to NON_COMPLIANT, transformed into a readable
// message, published to an encrypted SNS topic.
import { AwsScope, keyAdministrationStatement, policyDocument, PolicyDocument } from "./common";

/** The EventBridge pattern of seed 001's `config_noncompliant` rule, over the given rule names. */
export function nonCompliantEventPattern(configRuleNames: readonly string[]): Record<string, unknown> {
    return {
        source: ["aws.config"],
        "detail-type": ["Config Rules Compliance Change"],
        detail: {
            configRuleName: [...configRuleNames],
            newEvaluationResult: { complianceType: ["NON_COMPLIANT"] },
        },
    };
}

/** Seed 001's input transformer: which event fields fill the message. */
export const ALERT_INPUT_PATHS: Readonly<Record<string, string>> = {
    rule: "$.detail.configRuleName",
    resource: "$.detail.resourceId",
    account: "$.account",
    region: "$.region",
};

/**
 * Seed 001's template. It is a JSON string literal: EventBridge substitutes the placeholders and
 * SNS delivers the string, so the e-mail reads as plain lines.
 */
export const ALERT_INPUT_TEMPLATE = JSON.stringify(
    [
        "Bedrock Governance Violation",
        "Rule: <rule>",
        "Resource: <resource>",
        "Account: <account> | Region: <region>",
        "Action required: Review in AWS Config console",
    ].join("\n"),
);

/** What EventBridge would deliver for `event`: the template with each input path's value. */
export function renderAlert(event: Record<string, unknown>): string {
    const valueAt = (path: string): string => {
        let current: unknown = event;
        for (const part of path.replace(/^\$\./, "").split(".")) {
            current = current && typeof current === "object" ? (current as Record<string, unknown>)[part] : undefined;
        }
        return current === undefined ? "" : String(current);
    };
    let text = ALERT_INPUT_TEMPLATE;
    for (const [name, path] of Object.entries(ALERT_INPUT_PATHS)) {
        text = text.split(`<${name}>`).join(valueAt(path));
    }
    return JSON.parse(text) as string;
}

/** Only the one EventBridge rule may publish (aws:SourceArn), and only in this account. */
export function alertTopicPolicy(scope: AwsScope, topicArn: string, eventRuleArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowComplianceRuleToPublish",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { ArnEquals: { "aws:SourceArn": eventRuleArn }, StringEquals: { "aws:SourceAccount": scope.accountId } },
        },
        {
            Sid: "DenyNonTLSPublish",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ]);
}

/**
 * The topic's CMK: EventBridge needs GenerateDataKey and Decrypt to publish to an encrypted topic
 * (SNS developer guide, "enable compatibility between event sources and encrypted topics"). The
 * documented statement carries no condition: SNS makes the KMS call, and which rule may publish
 * at all is pinned by the topic policy's aws:SourceArn.
 */
export function alertKeyPolicy(scope: AwsScope): PolicyDocument {
    return policyDocument([
        keyAdministrationStatement(scope),
        {
            Sid: "AllowEventBridgeToPublishEncrypted",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
        },
    ]);
}
