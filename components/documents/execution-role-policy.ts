import { AwsLocation, PolicyDocument, PolicyStatement, policyDocument } from "./types";

export interface ExecutionRolePolicyInput {
    readonly location: AwsLocation;
    readonly bucketArn: string;
    /** Where runs are written (`<outputPrefix>runs/<runId>/`). */
    readonly outputPrefix: string;
    /** Where a complete run is promoted. */
    readonly latestPrefix: string;
    readonly keyArn: string;
    /** The function's own log group ARN (without `:*`). */
    readonly logGroupArn: string;
    /** The SQS queue that receives failed asynchronous invocations. */
    readonly failureQueueArn: string;
    /** Extra log groups the function queries besides the auto-discovered `/aws/lambda/*` groups. */
    readonly toolLogGroups: readonly string[];
}

/**
 * The inventory function's permissions: everything it reads to build the seven artifacts, and
 * nothing that writes outside its own bucket prefixes, log group and failure queue.
 *
 * Differences from seed 000's policy, on purpose:
 * - Logs: only this log group's streams, instead of AWSLambdaBasicExecutionRole
 *   (`logs:CreateLogGroup` and writes on `*`). The log group is created by the stack.
 * - IAM: `iam:GetAccountAuthorizationDetails` alone reads every role, user, group and managed
 *   policy (AWS managed included) with its documents, in pages of up to 1000: about 4,000 calls
 *   fewer for 1,000 roles than the seed's per-role List/Get reads, none of which are granted.
 * - Lambda: `lambda:GetFunctionConfiguration` (role and environment) instead of
 *   `lambda:GetFunction`, which also hands out a code download URL.
 * - S3: `s3:PutObject`/`s3:GetObject` on the two prefixes only; no `s3:CopyObject`, which is not an
 *   IAM action (a copy is GetObject on the source and PutObject on the target). No
 *   `s3:ListBucket`: the function reads `<latestPrefix>manifest.json` by key, and without
 *   ListBucket a missing object answers 403 rather than 404 (the function treats both as "no
 *   previous run").
 * - `s3:DeleteObjectVersion` on the latest prefix only: a promotion that fails half-way is undone
 *   by deleting the versions it created there, so the previous ones are current again (no copy,
 *   no KMS call: what fails is likely CopyObject or KMS). Never `s3:DeleteObject` (the function
 *   writes no delete markers), never on runs/.
 * - Exactly the APIs the function calls (inventory-fn/aws/limits.ts lists them; a test holds the
 *   two equal), so a permission nothing uses is never granted.
 * - Every action with a resource type is scoped to ARNs of this account and region; `*` is left
 *   only where the action has no resource type (List*, LookupEvents, GetCallerIdentity, ...).
 */
export function inventoryExecutionPolicy(input: ExecutionRolePolicyInput): PolicyDocument {
    const { partition, region, accountId } = input.location;
    const bedrock = `arn:${partition}:bedrock:${region}:${accountId}`;
    const logGroups = `arn:${partition}:logs:${region}:${accountId}:log-group:`;
    const toolLogGroupArns = input.toolLogGroups.flatMap((name) => [`${logGroups}${name}`, `${logGroups}${name}:*`]);
    const statements: PolicyStatement[] = [
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${input.logGroupArn}:log-stream:*`,
        },
        {
            Sid: "IamReadForBindings",
            Effect: "Allow",
            Action: "iam:GetAccountAuthorizationDetails",
            Resource: "*",
        },
        {
            // Long-term Bedrock API keys for findings.json: ListServiceSpecificCredentials with
            // AllUsers lists every user's keys (metadata, never the secret); its resource type is
            // the user.
            Sid: "IamListBedrockApiKeys",
            Effect: "Allow",
            Action: "iam:ListServiceSpecificCredentials",
            Resource: `arn:${partition}:iam::${accountId}:user/*`,
        },
        {
            Sid: "BedrockList",
            Effect: "Allow",
            Action: ["bedrock:ListAgents", "bedrock:ListFoundationModels"],
            Resource: "*",
        },
        {
            Sid: "BedrockAgentRead",
            Effect: "Allow",
            Action: [
                "bedrock:GetAgent",
                "bedrock:ListAgentAliases",
                "bedrock:ListAgentActionGroups",
                "bedrock:GetAgentActionGroup",
            ],
            Resource: `${bedrock}:agent/*`,
        },
        {
            Sid: "LambdaReadForToolCredentials",
            Effect: "Allow",
            Action: "lambda:GetFunctionConfiguration",
            Resource: `arn:${partition}:lambda:${region}:${accountId}:function:*`,
        },
        {
            Sid: "LogsInsightsQuery",
            Effect: "Allow",
            Action: ["logs:StartQuery", "logs:GetQueryResults"],
            Resource: [`${logGroups}/aws/lambda/*`, ...toolLogGroupArns],
        },
        {
            Sid: "LogsQueryControl",
            Effect: "Allow",
            Action: "logs:StopQuery",
            Resource: "*",
        },
        {
            Sid: "CloudTrailLookup",
            Effect: "Allow",
            Action: "cloudtrail:LookupEvents",
            Resource: "*",
        },
        {
            Sid: "STSCallerIdentity",
            Effect: "Allow",
            Action: "sts:GetCallerIdentity",
            Resource: "*",
        },
        {
            Sid: "S3WriteInventory",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:GetObject"],
            Resource: [`${input.bucketArn}/${input.outputPrefix}*`, `${input.bucketArn}/${input.latestPrefix}*`],
        },
        {
            Sid: "S3UndoFailedPromotion",
            Effect: "Allow",
            Action: "s3:DeleteObjectVersion",
            Resource: `${input.bucketArn}/${input.latestPrefix}*`,
        },
        {
            Sid: "KmsArtifactEncryption",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
            Resource: input.keyArn,
        },
        {
            Sid: "FailedRunDestination",
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: input.failureQueueArn,
        },
    ];
    return policyDocument(...statements);
}
