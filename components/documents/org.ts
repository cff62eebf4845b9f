// Policy documents of the organization-wide inventory (BedrockOrgInventory): the spoke role in
// every member account (a CloudFormation template, deployed by a service-managed StackSet) and the
// hub's roles, key policy. Pure builders: resolved values in, JSON out.
import { inventoryReadStatements } from "./execution-role-policy";
import { AwsLocation, PolicyDocument, PolicyStatement, policyDocument } from "./types";

/** The spoke role's permissions: exactly the inventory's reads, in every region of its own account. */
export function spokeRolePolicy(toolLogGroups: readonly string[]): PolicyDocument {
    // CloudFormation substitutes these in each member account (Fn::Sub, see spokeRoleTemplate).
    return policyDocument(...inventoryReadStatements({ partition: "${AWS::Partition}", region: "*", accountId: "${AWS::AccountId}" }, toolLogGroups));
}

/** Trust of the spoke role: only the hub's account function role, and only with the external id. */
export function spokeTrustPolicy(hubRoleArn: string, externalId: string): PolicyDocument {
    return policyDocument({
        Sid: "HubInventoryFunction",
        Effect: "Allow",
        Principal: { AWS: hubRoleArn },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId } },
    });
}

/** Wraps every string holding `${AWS::...}` in Fn::Sub, so the document stays a plain object. */
function substituted(value: unknown): unknown {
    if (typeof value === "string") return value.includes("${AWS::") ? { "Fn::Sub": value } : value;
    if (Array.isArray(value)) return value.map(substituted);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v)]));
    return value;
}

export interface SpokeRoleTemplateInput {
    /** Log groups of tool functions with a custom logging config, in every account. */
    readonly toolLogGroups: readonly string[];
}

/** The StackSet's template parameters. */
export const SPOKE_TEMPLATE_PARAMETERS = ["RoleName", "HubRoleArn", "ExternalId"] as const;

/**
 * The CloudFormation template the StackSet deploys in every member account: one IAM role, global,
 * so the StackSet deploys it in one region per account. Its name, the hub's role and the external
 * id are parameters; the permissions are `spokeRolePolicy`, the inventory's reads.
 */
export function spokeRoleTemplate(input: SpokeRoleTemplateInput): Record<string, unknown> {
    return {
        AWSTemplateFormatVersion: "2010-09-09",
        Description: "bedrock-governance: read-only role the organization's Bedrock inventory assumes in this account",
        Parameters: {
            RoleName: { Type: "String", Description: "Name of the spoke role (the same in every account)" },
            HubRoleArn: { Type: "String", Description: "The hub's inventory account-function role, the only principal trusted" },
            ExternalId: { Type: "String", Description: "sts:ExternalId the hub presents" },
        },
        Resources: {
            InventorySpokeRole: {
                Type: "AWS::IAM::Role",
                Properties: {
                    RoleName: { Ref: "RoleName" },
                    Description: "Read-only: the Bedrock inventory's reads (IAM, Bedrock, Lambda, Logs Insights, CloudTrail)",
                    MaxSessionDuration: 3600,
                    AssumeRolePolicyDocument: {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "HubInventoryFunction",
                                Effect: "Allow",
                                Principal: { AWS: { Ref: "HubRoleArn" } },
                                Action: "sts:AssumeRole",
                                Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
                            },
                        ],
                    },
                    Policies: [{ PolicyName: "bedrock-inventory-read", PolicyDocument: substituted(spokeRolePolicy(input.toolLogGroups)) }],
                },
            },
        },
        Outputs: { RoleArn: { Value: { "Fn::GetAtt": ["InventorySpokeRole", "Arn"] } } },
    };
}

interface HubCommon {
    readonly location: AwsLocation;
    readonly bucketArn: string;
    readonly keyArn: string;
    /** The function's own log group ARN (without `:*`). */
    readonly logGroupArn: string;
}

const kmsStatement = (keyArn: string): PolicyStatement => ({
    Sid: "KmsArtifactEncryption",
    Effect: "Allow",
    Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
    Resource: keyArn,
});

const ownLogs = (logGroupArn: string): PolicyStatement => ({
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `${logGroupArn}:log-stream:*`,
});

export interface AccountFunctionPolicyInput extends HubCommon {
    readonly spokeRoleName: string;
}

/**
 * The hub's account function: assume the spoke role (any account: the role's own trust and
 * external id decide), write under `accounts/` (tagging the run objects) and its outcome record; no reads of its own
 * account's IAM or Bedrock (it reads through the spoke's credentials only).
 */
export function accountFunctionPolicy(input: AccountFunctionPolicyInput): PolicyDocument {
    const { partition } = input.location;
    return policyDocument(
        ownLogs(input.logGroupArn),
        {
            Sid: "AssumeSpokeRole",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: `arn:${partition}:iam::*:role/${input.spokeRoleName}`,
        },
        {
            Sid: "S3WriteAccountInventory",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:GetObject"],
            Resource: [`${input.bucketArn}/accounts/*`, `${input.bucketArn}/organization/runs/*/outcomes/*`],
        },
        {
            // PutObject with a Tagging header needs s3:PutObjectTagging too: only the run objects
            // are tagged (for the lifecycle rule), so only accounts/<id>/<region>/runs/. The
            // latest/ copies are untagged (TaggingDirective REPLACE, no Tagging) and need none.
            Sid: "S3TagAccountRuns",
            Effect: "Allow",
            Action: "s3:PutObjectTagging",
            Resource: `${input.bucketArn}/accounts/*/*/runs/*`,
        },
        {
            Sid: "S3UndoFailedPromotion",
            Effect: "Allow",
            Action: "s3:DeleteObjectVersion",
            Resource: `${input.bucketArn}/accounts/*/latest/*`,
        },
        kmsStatement(input.keyArn),
    );
}

export interface CoordinatorPolicyInput extends HubCommon {
    /** Organizations ListAccounts is granted only when the accounts are not an explicit list. */
    readonly listAccounts: boolean;
}

/** The coordinator: plan (ListAccounts), then the index from the outcomes and latest manifests. */
export function coordinatorPolicy(input: CoordinatorPolicyInput): PolicyDocument {
    const statements: PolicyStatement[] = [ownLogs(input.logGroupArn)];
    if (input.listAccounts) {
        statements.push({ Sid: "ListOrganizationAccounts", Effect: "Allow", Action: "organizations:ListAccounts", Resource: "*" });
    }
    statements.push(
        {
            Sid: "S3OrganizationRun",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:GetObject"],
            Resource: `${input.bucketArn}/organization/*`,
        },
        {
            Sid: "S3ReadLatestManifests",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `${input.bucketArn}/accounts/*/latest/manifest.json`,
        },
        kmsStatement(input.keyArn),
    );
    return policyDocument(...statements);
}

export interface StateMachinePolicyInput {
    readonly location: AwsLocation;
    readonly stateMachineName: string;
    readonly functionArns: readonly string[];
}

/**
 * The state machine's role: invoke its two functions; start its own child executions
 * (Distributed Map) and describe or stop them; deliver its logs (the CloudWatch Logs delivery
 * actions have no resource type, so `*`).
 */
export function stateMachinePolicy(input: StateMachinePolicyInput): PolicyDocument {
    const { partition, region, accountId } = input.location;
    const states = `arn:${partition}:states:${region}:${accountId}`;
    return policyDocument(
        {
            Sid: "InvokeInventoryFunctions",
            Effect: "Allow",
            Action: "lambda:InvokeFunction",
            Resource: input.functionArns.flatMap((arn) => [arn, `${arn}:*`]),
        },
        {
            Sid: "DistributedMapChildren",
            Effect: "Allow",
            Action: "states:StartExecution",
            Resource: `${states}:stateMachine:${input.stateMachineName}`,
        },
        {
            Sid: "DistributedMapChildrenControl",
            Effect: "Allow",
            Action: ["states:DescribeExecution", "states:StopExecution"],
            Resource: `${states}:execution:${input.stateMachineName}/*`,
        },
        {
            Sid: "LogDelivery",
            Effect: "Allow",
            Action: [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
            ],
            Resource: "*",
        },
    );
}

/** The schedule's role: EventBridge may start this state machine and nothing else. */
export function scheduleRolePolicy(stateMachineArn: string): PolicyDocument {
    return policyDocument({ Sid: "StartOrganizationRun", Effect: "Allow", Action: "states:StartExecution", Resource: stateMachineArn });
}

/** A service may assume the role, only on behalf of this account (confused deputy). */
export function serviceTrustPolicy(service: string, accountId: string): PolicyDocument {
    return policyDocument({
        Sid: "ServiceAssumeRole",
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
}

export interface OrgKeyPolicyInput {
    readonly location: AwsLocation;
    /** The two function roles: SSE-KMS writes and reads. */
    readonly functionRoleArns: readonly string[];
    /** The log groups the key may encrypt (functions and state machine). */
    readonly logGroupArns: readonly string[];
}

/** The hub key: the account root, the function roles, CloudWatch Logs for exactly these log groups, CloudWatch alarms (the encrypted alarm topic). */
export function orgKeyPolicy(input: OrgKeyPolicyInput): PolicyDocument {
    const { partition, region, accountId, dnsSuffix } = input.location;
    return policyDocument(
        { Sid: "RootAccountFullControl", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
        {
            Sid: "FunctionRolesArtifactEncryption",
            Effect: "Allow",
            Principal: { AWS: [...input.functionRoleArns] },
            Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
            Resource: "*",
        },
        {
            Sid: "CloudWatchLogsLogGroupEncryption",
            Effect: "Allow",
            Principal: { Service: `logs.${region}.${dnsSuffix}` },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [...input.logGroupArns] } },
        },
        {
            // The alarm topic is encrypted with this key: an alarm cannot publish to a topic whose
            // key CloudWatch may not use. Only this account's alarms (confused deputy); the
            // topic's own policy limits publishing to this account's and region's alarms.
            Sid: "CloudWatchAlarmsEncryptedTopic",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    );
}
