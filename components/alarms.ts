import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { alarmTopicPolicy, AwsLocation } from "./documents";

/** What `createAlarmTopic` needs. */
export interface AlarmTopicArgs {
    readonly displayName: string;
    /** The component's CMK: the topic is encrypted with it (its key policy lets CloudWatch use it). */
    readonly keyArn: pulumi.Input<string>;
    readonly location: pulumi.Output<AwsLocation>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Subscribed by email when set (the address must confirm). */
    readonly alarmEmail?: pulumi.Input<string>;
}

/**
 * The SNS topic a component's alarms publish to (BedrockInventory, BedrockOrgInventory):
 * `${name}-alarms`, encrypted with the component's key, its policy `${name}-alarms-policy` (only
 * this account's CloudWatch alarms may publish), and `${name}-alarm-email` when an address is given.
 */
export function createAlarmTopic(parent: pulumi.Resource, name: string, args: AlarmTopicArgs): aws.sns.Topic {
    const opts = { parent };
    const topic = new aws.sns.Topic(`${name}-alarms`, { tags: args.tags, displayName: args.displayName, kmsMasterKeyId: args.keyArn }, opts);
    new aws.sns.TopicPolicy(
        `${name}-alarms-policy`,
        { arn: topic.arn, policy: pulumi.all([args.location, topic.arn]).apply(([l, topicArn]) => JSON.stringify(alarmTopicPolicy({ location: l, topicArn }))) },
        opts,
    );
    if (args.alarmEmail !== undefined) {
        new aws.sns.TopicSubscription(`${name}-alarm-email`, { topic: topic.arn, protocol: "email", endpoint: args.alarmEmail }, opts);
    }
    return topic;
}

/** The metric an alarm watches. */
export interface AlarmMetric {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions?: Record<string, pulumi.Input<string>>;
}

/**
 * An alarm on any occurrence within five minutes (Sum > 0 over 300 s), back to OK when it stops,
 * missing data not breaching, alarm and OK actions to `topic`: `alarmOnAny(suffix, description,
 * metric)` creates `${name}-${suffix}`.
 */
export function alarmOnAnyOf(parent: pulumi.Resource, name: string, topic: aws.sns.Topic, tags?: pulumi.Input<Record<string, pulumi.Input<string>>>) {
    return (suffix: string, alarmDescription: string, metric: AlarmMetric): aws.cloudwatch.MetricAlarm =>
        new aws.cloudwatch.MetricAlarm(
            `${name}-${suffix}`,
            {
                tags,
                alarmDescription,
                ...metric,
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [topic.arn],
                okActions: [topic.arn],
            },
            { parent },
        );
}
