// The broad AWS managed policies whose attachment the rules judge (CONTRACTS section 6). A stack
// attaches them by ARN, so the document is not in the resource's props: it is embedded here.
// Texts as AWS publishes them (IAM console, policy versions current in 2026); AmazonBedrockFullAccess
// keeps its statements that grant, with the SageMaker/Marketplace statements' conditions intact.
// A policy missing from this table is not judged by attachment (its text is not known offline).

/** The managed policies judged when attached, by name. */
export const BROAD_MANAGED_POLICIES: Readonly<Record<string, object>> = {
    AdministratorAccess: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    },
    PowerUserAccess: {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
            {
                Effect: "Allow",
                Action: [
                    "account:GetAccountInformation",
                    "account:GetPrimaryEmail",
                    "account:ListRegions",
                    "iam:CreateServiceLinkedRole",
                    "iam:DeleteServiceLinkedRole",
                    "iam:ListRoles",
                    "organizations:DescribeOrganization",
                ],
                Resource: "*",
            },
        ],
    },
    AmazonBedrockFullAccess: {
        Version: "2012-10-17",
        Statement: [
            { Sid: "BedrockAll", Effect: "Allow", Action: ["bedrock:*"], Resource: "*" },
            { Sid: "DescribeKey", Effect: "Allow", Action: ["kms:DescribeKey"], Resource: "arn:*:kms:*:::*" },
            {
                Sid: "APIsWithAllResourceAccess",
                Effect: "Allow",
                Action: ["iam:ListRoles", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
                Resource: "*",
            },
            {
                Sid: "MarketplaceModelEndpointMutatingAPIs",
                Effect: "Allow",
                Action: [
                    "sagemaker:CreateEndpoint",
                    "sagemaker:CreateEndpointConfig",
                    "sagemaker:CreateModel",
                    "sagemaker:DeleteEndpoint",
                    "sagemaker:UpdateEndpoint",
                ],
                Resource: ["arn:aws:sagemaker:*:*:endpoint/*", "arn:aws:sagemaker:*:*:endpoint-config/*", "arn:aws:sagemaker:*:*:model/*"],
                Condition: {
                    StringEquals: { "aws:CalledViaLast": "bedrock.amazonaws.com", "aws:ResourceTag/sagemaker-sdk:bedrock": "compatible" },
                },
            },
            {
                Sid: "MarketplaceModelEndpointNonMutatingAPIs",
                Effect: "Allow",
                Action: ["sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig", "sagemaker:DescribeModel", "sagemaker:DescribeInferenceComponent", "sagemaker:ListEndpoints", "sagemaker:ListTags"],
                Resource: ["arn:aws:sagemaker:*:*:endpoint/*", "arn:aws:sagemaker:*:*:endpoint-config/*", "arn:aws:sagemaker:*:*:model/*"],
                Condition: { StringEquals: { "aws:CalledViaLast": "bedrock.amazonaws.com" } },
            },
            {
                Sid: "MarketplaceModelEndpointInvokingOperations",
                Effect: "Allow",
                Action: ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"],
                Resource: ["arn:aws:sagemaker:*:*:endpoint/*"],
                Condition: {
                    StringEquals: { "aws:CalledViaLast": "bedrock.amazonaws.com", "aws:ResourceTag/sagemaker-sdk:bedrock": "compatible" },
                },
            },
            {
                Sid: "DiscoveringMarketplaceModel",
                Effect: "Allow",
                Action: ["sagemaker:DescribeHubContent"],
                Resource: ["arn:aws:sagemaker:*:aws:hub-content/SageMakerPublicHub/Model/*", "arn:aws:sagemaker:*:aws:hub/SageMakerPublicHub"],
            },
            { Sid: "AllowMarketplaceModelsListing", Effect: "Allow", Action: ["sagemaker:ListHubContents"], Resource: "arn:aws:sagemaker:*:aws:hub/SageMakerPublicHub" },
            {
                Sid: "PassRoleToSageMaker",
                Effect: "Allow",
                Action: ["iam:PassRole"],
                Resource: ["arn:aws:iam::*:role/*SageMaker*ForBedrock*"],
                Condition: { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com", "bedrock.amazonaws.com"] } },
            },
            {
                Sid: "PassRoleToBedrock",
                Effect: "Allow",
                Action: ["iam:PassRole"],
                Resource: "arn:aws:iam::*:role/*AmazonBedrock*",
                Condition: { StringEquals: { "iam:PassedToService": ["bedrock.amazonaws.com"] } },
            },
            {
                Sid: "MarketplaceOperationsFromBedrockFor3pModels",
                Effect: "Allow",
                Action: ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions", "aws-marketplace:Unsubscribe"],
                Resource: "*",
                Condition: { StringEquals: { "aws:CalledViaLast": "bedrock.amazonaws.com" } },
            },
        ],
    },
};

/**
 * The managed policy a policy ARN names, when it is one of the broad AWS managed policies:
 * `arn:aws:iam::aws:policy/AdministratorAccess` (any partition, any path).
 */
export function broadManagedPolicyName(policyArn: string): string | undefined {
    const match = /^arn:[a-z-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(policyArn);
    if (!match) {
        return undefined;
    }
    return Object.prototype.hasOwnProperty.call(BROAD_MANAGED_POLICIES, match[1]) ? match[1] : undefined;
}
