// Part 5: EventBridge to SNS (seed 001 layer 3): a NON_COMPLIANT result of the governance rules
// e-mails the security team within minutes.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GovernanceSettings } from "./config";
import { AwsScope } from "./documents/common";
import { ALERT_INPUT_PATHS, ALERT_INPUT_TEMPLATE, alertKeyPolicy, alertTopicPolicy, nonCompliantEventPattern } from "./documents/alerts";
import { managedConfigRuleNames } from "./managed-config-rules";
import { createKey, documentJson } from "./shared";

export interface AlertsPart {
    readonly key: aws.kms.Key;
    readonly topic: aws.sns.Topic;
    readonly rule: aws.cloudwatch.EventRule;
    readonly subscription: aws.sns.TopicSubscription;
}

export function createAlerts(parent: pulumi.Resource, name: string, settings: GovernanceSettings, scope: pulumi.Output<AwsScope>): AlertsPart | undefined {
    const a = settings.alerts;
    if (!a.enabled || a.email === undefined) {
        return undefined;
    }
    const opts = { parent };
    const tags = settings.tags;
    const ruleNames = [settings.configRules.vpcRuleName, settings.configRules.cloudTrailRuleName, ...managedConfigRuleNames(settings)];
    const rule = new aws.cloudwatch.EventRule(
        `${name}-noncompliant`,
        {
            description: "A Bedrock governance Config rule found a violation",
            eventPattern: JSON.stringify(nonCompliantEventPattern(ruleNames)),
            tags,
        },
        opts,
    );
    const key = createKey(parent, `${name}-alerts-key`, "Bedrock governance: compliance alert topic", documentJson(scope, (s) => alertKeyPolicy(s)), tags);
    const topic = new aws.sns.Topic(`${name}-alerts`, { displayName: "Bedrock governance violations", kmsMasterKeyId: key.arn, tags }, opts);
    const topicPolicy = new aws.sns.TopicPolicy(
        `${name}-alerts-policy`,
        { arn: topic.arn, policy: documentJson(pulumi.all([scope, topic.arn, rule.arn]), ([s, t, r]) => alertTopicPolicy(s, t, r)) },
        opts,
    );
    new aws.cloudwatch.EventTarget(
        `${name}-noncompliant-target`,
        {
            rule: rule.name,
            targetId: "NotifySecurityTeam",
            arn: topic.arn,
            inputTransformer: { inputPaths: { ...ALERT_INPUT_PATHS }, inputTemplate: ALERT_INPUT_TEMPLATE },
        },
        { parent, dependsOn: [topicPolicy] },
    );
    // E-mail subscriptions stay pending until the address confirms (the README says so).
    const subscription = new aws.sns.TopicSubscription(`${name}-alerts-email`, { topic: topic.arn, protocol: "email", endpoint: a.email }, opts);
    return { key, topic, rule, subscription };
}
