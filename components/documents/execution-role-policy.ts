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
 * The inventory function's permissions: everything it reads to build its artifacts, and
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
    const statements: PolicyStatement[] = [
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${input.logGroupArn}:log-stream:*`,
        },
        ...inventoryReadStatements(input.location, input.toolLogGroups),
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

/** Where the read statements' ARNs point; `region` may be `*` (a spoke role serves every region). */
export type ReadLocation = Pick<AwsLocation, "partition" | "region" | "accountId">;

/**
 * The inventory's reads, and nothing else: what the function needs from the account it
 * inventories (IAM, Bedrock, Lambda, Logs Insights, CloudTrail, STS). One definition for the
 * single-account execution role and the organization's spoke role (components/documents/org.ts),
 * so the two cannot drift apart.
 */
export function inventoryReadStatements(location: ReadLocation, toolLogGroups: readonly string[]): PolicyStatement[] {
    const { partition, region, accountId } = location;
    const bedrock = `arn:${partition}:bedrock:${region}:${accountId}`;
    const agentCore = `arn:${partition}:bedrock-agentcore:${region}:${accountId}`;
    const logGroups = `arn:${partition}:logs:${region}:${accountId}:log-group:`;
    // Organizations ARNs have no region; the account part is the management account's.
    const organizations = `arn:${partition}:organizations:`;
    const toolLogGroupArns = toolLogGroups.flatMap((name) => [`${logGroups}${name}`, `${logGroups}${name}:*`]);
    return [
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
                // agent-versions.json: each routed version's guardrail and every version's knowledge bases.
                "bedrock:GetAgentVersion",
                "bedrock:ListAgentKnowledgeBases",
            ],
            Resource: `${bedrock}:agent/*`,
        },
        {
            // The knowledge bases the agents' versions name (resource type knowledge-base).
            Sid: "BedrockKnowledgeBaseRead",
            Effect: "Allow",
            Action: "bedrock:GetKnowledgeBase",
            Resource: `${bedrock}:knowledge-base/*`,
        },
        // AgentCore control plane (Service Authorization Reference, `bedrock-agentcore`): the List
        // calls below have no resource type; the others are scoped to this account's resource
        // types: runtime/${RuntimeId} (and .../runtime-endpoint/${Name} under it),
        // gateway/${GatewayId}, token-vault/${TokenVaultId} (the credential providers live under it),
        // workload-identity-directory/${DirectoryId}, memory/${MemoryId},
        // browser-custom/${BrowserId}, code-interpreter-custom/${CodeInterpreterId}.
        {
            Sid: "AgentCoreList",
            Effect: "Allow",
            Action: [
                "bedrock-agentcore:ListAgentRuntimes",
                "bedrock-agentcore:ListAgentRuntimeEndpoints",
                "bedrock-agentcore:ListAgentRuntimeVersions",
                "bedrock-agentcore:ListGateways",
                "bedrock-agentcore:ListMemories",
                "bedrock-agentcore:ListBrowsers",
                "bedrock-agentcore:ListCodeInterpreters",
            ],
            Resource: "*",
        },
        {
            Sid: "AgentCoreRuntimeAndGatewayRead",
            Effect: "Allow",
            Action: [
                "bedrock-agentcore:GetAgentRuntime",
                "bedrock-agentcore:GetGateway",
                "bedrock-agentcore:ListGatewayTargets",
                "bedrock-agentcore:GetGatewayTarget",
                "bedrock-agentcore:GetResourcePolicy",
            ],
            Resource: [`${agentCore}:runtime/*`, `${agentCore}:gateway/*`],
        },
        {
            Sid: "AgentCoreIdentityList",
            Effect: "Allow",
            // Names, ARNs and vendors only: no Get*CredentialProvider, no GetResourceOauth2Token or
            // GetResourceApiKey, nothing that returns a secret.
            Action: [
                "bedrock-agentcore:ListOauth2CredentialProviders",
                "bedrock-agentcore:ListApiKeyCredentialProviders",
                "bedrock-agentcore:ListWorkloadIdentities",
            ],
            Resource: [`${agentCore}:token-vault/*`, `${agentCore}:workload-identity-directory/*`],
        },
        {
            Sid: "AgentCoreToolRead",
            Effect: "Allow",
            Action: ["bedrock-agentcore:GetMemory", "bedrock-agentcore:GetBrowser", "bedrock-agentcore:GetCodeInterpreter"],
            Resource: [`${agentCore}:memory/*`, `${agentCore}:browser-custom/*`, `${agentCore}:code-interpreter-custom/*`],
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
            // Which tool log groups exist, before querying them (a query naming a missing one
            // fails whole). A list action: it is authorized on the account's log groups, not on
            // the ones named; it reads names and metadata, never log events.
            Sid: "LogsFindToolGroups",
            Effect: "Allow",
            Action: "logs:DescribeLogGroups",
            Resource: `${logGroups}*`,
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
        // AWS Organizations (Service Authorization Reference, `organizations`): the SCPs over this
        // account, read only where the account can see them (the management account or a delegated
        // administrator; elsewhere AWS answers AccessDenied and the manifest says so). The
        // organization's id and its management account (whose id every organization ARN carries)
        // are not known here, so those parts are wildcards; the rest is as narrow as the resource
        // types allow: this account and OUs as ListParents' children, this account, OUs and the
        // root as ListPoliciesForTarget's targets, SCPs only (organizations:PolicyType) in both
        // ListPoliciesForTarget and DescribePolicy, which reads customer SCPs (policy) and the AWS
        // managed ones (awspolicy, FullAWSAccess).
        {
            Sid: "OrganizationsScpPath",
            Effect: "Allow",
            Action: "organizations:ListParents",
            Resource: [`${organizations}:*:account/o-*/${accountId}`, `${organizations}:*:ou/o-*/ou-*`],
        },
        {
            Sid: "OrganizationsScpList",
            Effect: "Allow",
            Action: "organizations:ListPoliciesForTarget",
            Resource: [`${organizations}:*:account/o-*/${accountId}`, `${organizations}:*:ou/o-*/ou-*`, `${organizations}:*:root/o-*/r-*`],
            Condition: { StringEquals: { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" } },
        },
        {
            Sid: "OrganizationsScpRead",
            Effect: "Allow",
            Action: "organizations:DescribePolicy",
            Resource: [`${organizations}:*:policy/o-*/service_control_policy/p-*`, `${organizations}:aws:policy/service_control_policy/p-*`],
            Condition: { StringEquals: { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" } },
        },
        {
            Sid: "STSCallerIdentity",
            Effect: "Allow",
            Action: "sts:GetCallerIdentity",
            Resource: "*",
        },
    ];
}
