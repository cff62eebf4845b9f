// Real-world policy shapes with the verdicts the pack must give: AWS managed policies as AWS
// publishes them, and the policies of the source documents (seeds 000, 002, 003) as written there
// (account ids and variables filled in). Kept as data so a reader can audit the expectations.
import { BROAD_MANAGED_POLICIES } from "../../policy-pack/lib/managed-policies";

export interface CorpusEntry {
    readonly name: string;
    /** Resource type the policy is read from (an identity policy unless a resource policy). */
    readonly type: string;
    /** The policy as JSON text (kept as text where the source's quirks matter, e.g. duplicate keys). */
    readonly policy: string;
    /** The statuses each rule reports; a rule absent here reports nothing. */
    readonly expected: Readonly<Record<string, readonly string[]>>;
}

const POLICY = "aws:iam/policy:Policy";
const V = ["violation"];
const json = (value: unknown) => JSON.stringify(value);

export const CORPUS: readonly CorpusEntry[] = [
    {
        name: "AWS managed AdministratorAccess",
        type: POLICY,
        policy: json(BROAD_MANAGED_POLICIES.AdministratorAccess),
        expected: {
            "bedrock-no-wildcard-actions": V,
            "bedrock-invoke-model-no-wildcard-resource": V,
            "bedrock-invoke-requires-vpce": V,
            "bedrock-restricted-actions": V,
            "iam-passrole-unscoped": V,
        },
    },
    {
        name: "AWS managed PowerUserAccess",
        type: POLICY,
        policy: json(BROAD_MANAGED_POLICIES.PowerUserAccess),
        expected: {
            "bedrock-no-wildcard-actions": V,
            "bedrock-invoke-model-no-wildcard-resource": V,
            "bedrock-invoke-requires-vpce": V,
            "bedrock-restricted-actions": V,
            "iam-allow-not-action": V,
        },
    },
    {
        name: "AWS managed AmazonBedrockFullAccess",
        type: POLICY,
        policy: json(BROAD_MANAGED_POLICIES.AmazonBedrockFullAccess),
        expected: {
            "bedrock-no-wildcard-actions": V,
            "bedrock-invoke-model-no-wildcard-resource": V,
            "bedrock-invoke-requires-vpce": V,
            "bedrock-restricted-actions": V,
        },
    },
    {
        name: "AWS managed AmazonBedrockReadOnly (shape: Get/List on *)",
        type: POLICY,
        policy: json({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AmazonBedrockReadOnly",
                    Effect: "Allow",
                    Action: [
                        "bedrock:GetFoundationModel",
                        "bedrock:ListFoundationModels",
                        "bedrock:GetFoundationModelAvailability",
                        "bedrock:GetModelInvocationLoggingConfiguration",
                        "bedrock:GetProvisionedModelThroughput",
                        "bedrock:ListProvisionedModelThroughputs",
                        "bedrock:GetModelCustomizationJob",
                        "bedrock:ListModelCustomizationJobs",
                        "bedrock:ListCustomModels",
                        "bedrock:GetCustomModel",
                        "bedrock:ListTagsForResource",
                        "bedrock:GetInferenceProfile",
                        "bedrock:ListInferenceProfiles",
                    ],
                    Resource: "*",
                },
            ],
        }),
        expected: {},
    },
    {
        name: "seed 000: inventory role policy (with the seed's s3:CopyObject slip)",
        type: "aws:iam/rolePolicy:RolePolicy",
        policy: json({
            Version: "2012-10-17",
            Statement: [
                { Sid: "BedrockRead", Effect: "Allow", Action: ["bedrock:ListFoundationModels", "bedrock:ListAgents", "bedrock:GetAgent", "bedrock:ListAgentActionGroups", "bedrock:GetAgentActionGroup"], Resource: "*" },
                { Sid: "LambdaReadForToolCredentials", Effect: "Allow", Action: "lambda:GetFunction", Resource: "*" },
                { Sid: "CloudTrailLookup", Effect: "Allow", Action: "cloudtrail:LookupEvents", Resource: "*" },
                { Sid: "S3WriteInventory", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "s3:CopyObject"], Resource: "arn:aws:s3:::bedrock-core-inventory/*" },
                { Sid: "KmsArtifactEncryption", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"], Resource: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            ],
        }),
        expected: { "iam-unknown-actions": V },
    },
    {
        name: "seed 002 §2.1: SCP restricting Bedrock models (Deny only)",
        type: POLICY,
        policy: json({
            Version: "2012-10-17",
            Statement: [
                { Sid: "DenyUnapprovedBedrockModels", Effect: "Deny", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: "*", Condition: { "ForAnyValue:StringNotEquals": { "bedrock:FoundationModelId": ["anthropic.claude-3-sonnet-20240229-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"] } } },
                { Sid: "DenyBedrockModelCustomization", Effect: "Deny", Action: ["bedrock:CreateModelCustomizationJob", "bedrock:CreateProvisionedModelThroughput", "bedrock:DeleteProvisionedModelThroughput"], Resource: "*", Condition: { StringNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/manga-admin-role"] } } },
                { Sid: "DenyBedrockOutsideApprovedRegions", Effect: "Deny", Action: "bedrock:*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["ap-northeast-1", "us-east-1"] } } },
                { Sid: "RequireBedrockVPCEndpoint", Effect: "Deny", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: "*", Condition: { StringNotEquals: { "aws:sourceVpce": "vpce-manga-bedrock-01" } } },
            ],
        }),
        expected: {},
    },
    {
        name: "seed 002 §3.2: developer boundary (InvokeModel on * held only by a resource tag)",
        type: POLICY,
        policy: json({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AllowBedrockInvokeNonProduction", Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:ListFoundationModels", "bedrock:GetFoundationModel"], Resource: "*", Condition: { StringNotEquals: { "aws:ResourceTag/Environment": "production" } } },
                { Sid: "AllowDynamoDBDevelopment", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DeleteItem"], Resource: ["arn:aws:dynamodb:ap-northeast-1:123456789012:table/manga-sessions-dev"] },
                { Sid: "AllowOpenSearchDevelopment", Effect: "Allow", Action: ["aoss:APIAccessAll"], Resource: ["arn:aws:aoss:ap-northeast-1:123456789012:collection/manga-vectors-dev"] },
                { Sid: "AllowCloudWatchMonitoring", Effect: "Allow", Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogGroups"], Resource: "*" },
                { Sid: "DenyProductionModification", Effect: "Deny", Action: ["dynamodb:DeleteTable", "dynamodb:CreateTable", "dynamodb:UpdateTable", "aoss:DeleteCollection", "aoss:CreateCollection"], Resource: "*" },
            ],
        }),
        expected: { "bedrock-invoke-model-no-wildcard-resource": V, "bedrock-invoke-requires-vpce": V },
    },
    {
        name: "seed 002 §3.3: operations boundary (Haiku only, no endpoint condition)",
        type: POLICY,
        policy: json({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AllowBedrockHaikuProductionOnly", Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: ["arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"] },
                { Sid: "AllowBedrockReadOnly", Effect: "Allow", Action: ["bedrock:ListFoundationModels", "bedrock:GetFoundationModel", "bedrock:GetModelInvocationLoggingConfiguration"], Resource: "*" },
                { Sid: "AllowFullMonitoring", Effect: "Allow", Action: ["cloudwatch:*", "logs:*", "xray:*"], Resource: "*" },
                { Sid: "DenyModelCustomization", Effect: "Deny", Action: ["bedrock:CreateModelCustomizationJob", "bedrock:DeleteCustomModel", "bedrock:CreateProvisionedModelThroughput", "bedrock:DeleteProvisionedModelThroughput"], Resource: "*" },
            ],
        }),
        expected: { "bedrock-invoke-requires-vpce": V },
    },
    {
        name: "seed 002 §7.2: cross-account AssumeRole with ExternalId",
        type: POLICY,
        policy: json({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AllowCrossAccountBedrockAccess", Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::222233334444:role/manga-bedrock-cross-account"], Condition: { StringEquals: { "sts:ExternalId": "MangaAssist-Prod-2024", "aws:PrincipalTag/Team": "manga-platform" }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
            ],
        }),
        expected: {},
    },
    {
        name: "seed 003: minimal InvokeModel policy (one model, no endpoint condition)",
        type: POLICY,
        policy: json({
            Version: "2012-10-17",
            Statement: [{ Sid: "InvokeClaudeSonnetOnly", Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0" }],
        }),
        expected: { "bedrock-invoke-requires-vpce": V },
    },
    {
        // As printed in seed 003: two "StringEquals" keys in one Condition. JSON.parse keeps the
        // last (aws:SourceVpce), so the region condition silently disappears; the endpoint holds.
        name: "seed 003: model-ARN conditions (every model in every region; duplicate StringEquals keys)",
        type: POLICY,
        policy: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*::foundation-model/*", "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}, "ForAllValues:StringLike": {"bedrock:FoundationModelId": ["anthropic.claude-3-*", "amazon.titan-*"]}, "StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}}]}`,
        expected: { "bedrock-invoke-model-no-wildcard-resource": V },
    },
    {
        name: "seed 003: custom-model resource policy for a partner account, held to an endpoint",
        type: POLICY,
        policy: json({
            Version: "2012-10-17",
            Statement: [{ Sid: "AllowPartnerAccountInvoke", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222233334444:role/PartnerInferenceRole" }, Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:us-east-1:111122223333:custom-model/anthropic.claude-3-haiku-20240307-v1:0/my-custom-model-id", Condition: { StringEquals: { "aws:SourceVpce": "vpce-0abcdef1234567890" } } }],
        }),
        expected: {},
    },
    {
        name: "seed 003: Bedrock VPC endpoint policy naming two models",
        type: "aws:ec2/vpcEndpoint:VpcEndpoint",
        policy: json({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: "*", Action: "bedrock:InvokeModel", Resource: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0", "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"] }],
        }),
        expected: {},
    },
    {
        name: "seed 003: KMS key policy statement for the knowledge-base service role",
        type: "aws:kms/key:Key",
        policy: json({
            Version: "2012-10-17",
            Statement: [{ Sid: "AllowBedrockServiceRoleToDecrypt", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForKnowledgeBase" }, Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"], Resource: "*" }],
        }),
        expected: {},
    },
    {
        name: "seed 002 §8.1 anti-pattern: bedrock:* on * (the validator's check 1)",
        type: POLICY,
        policy: json({ Version: "2012-10-17", Statement: [{ Sid: "TooBroad", Effect: "Allow", Action: "bedrock:*", Resource: "*" }] }),
        expected: { "bedrock-no-wildcard-actions": V, "bedrock-invoke-model-no-wildcard-resource": V, "bedrock-invoke-requires-vpce": V, "bedrock-restricted-actions": V },
    },
    {
        name: "what seed 002's validator misses: bedrock:Invoke* on * with a lower-case IfExists endpoint condition",
        type: POLICY,
        policy: json({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:Invoke*", Resource: "arn:aws:bedrock:*", Condition: { StringEqualsIfExists: { "aws:sourcevpce": "vpce-0123456789abcdef0" } } }] }),
        expected: { "bedrock-invoke-model-no-wildcard-resource": V, "bedrock-invoke-requires-vpce": V },
    },
];
