import { AwsLocation, PolicyDocument, policyDocument } from "./types";

export interface AlarmTopicPolicyInput {
    readonly location: AwsLocation;
    readonly topicArn: string;
}

/**
 * The alarm topic's access policy: the CloudWatch service principal may publish, only for an
 * alarm of this account and region (`aws:SourceAccount`, `aws:SourceArn`), so no other account's
 * alarm can use the topic. Principals of this account keep what their IAM policies grant.
 */
export function alarmTopicPolicy(input: AlarmTopicPolicyInput): PolicyDocument {
    const { partition, region, accountId } = input.location;
    return policyDocument({
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: input.topicArn,
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*` },
        },
    });
}
