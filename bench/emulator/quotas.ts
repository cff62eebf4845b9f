/**
 * AWS's side of the rate limits and the latencies the emulator applies, per API. The rates are
 * the published or observed figures of FIELD-NOTES.md; the bench's lower bound is computed from
 * this same table, so changing a figure here moves the bound and the emulation together.
 *
 * Latencies are typical round trips from a Lambda function in the same region (IAM is a global
 * service answered from us-east-1), in virtual milliseconds: a base, a per-item cost for list
 * responses, and a log-normal jitter around them. They are assumptions, stated as such in the
 * README; the lower bound uses only their base values.
 */
export interface ApiQuota {
    /** Sustained requests per second the account may make (token bucket refill). */
    readonly ratePerSecond: number;
    /** Bucket size: requests that may arrive at once after a quiet second. */
    readonly burst: number;
}

export interface ApiLatency {
    readonly baseMs: number;
    /** Extra per item returned (pages of GAAD, LookupEvents). */
    readonly perItemMs?: number;
}

const q = (ratePerSecond: number, burst = ratePerSecond): ApiQuota => ({ ratePerSecond, burst });

/** FIELD-NOTES: IAM publishes no quota, observed per-API buckets are about 15/s. */
const IAM = q(15);

export const QUOTAS: Record<string, ApiQuota> = {
    "iam:GetAccountAuthorizationDetails": IAM,
    "iam:ListServiceSpecificCredentials": IAM,
    "iam:ListRoles": IAM,
    "iam:ListUsers": IAM,
    "iam:ListGroups": IAM,
    "iam:GetRole": IAM,
    "iam:ListRolePolicies": IAM,
    "iam:GetRolePolicy": IAM,
    "iam:ListAttachedRolePolicies": IAM,
    "iam:ListUserPolicies": IAM,
    "iam:GetUserPolicy": IAM,
    "iam:ListAttachedUserPolicies": IAM,
    "iam:ListGroupsForUser": IAM,
    "iam:ListGroupPolicies": IAM,
    "iam:GetGroupPolicy": IAM,
    "iam:ListAttachedGroupPolicies": IAM,
    "iam:GetPolicy": IAM,
    // Steampipe's observed bucket for GetPolicyVersion.
    "iam:GetPolicyVersion": q(35),
    "sts:GetCallerIdentity": q(100),
    "bedrock:ListFoundationModels": q(10),
    // Bedrock Agents control plane, Service Quotas (service code bedrock), not adjustable.
    "bedrock:ListAgents": q(10),
    "bedrock:GetAgent": q(15),
    "bedrock:ListAgentActionGroups": q(10),
    "bedrock:GetAgentActionGroup": q(20),
    "bedrock:ListAgentAliases": q(10),
    "bedrock:ListAgentVersions": q(10),
    // Same table: GetAgentVersion, ListAgentKnowledgeBases, (Knowledge Bases) GetKnowledgeBase 10/s.
    "bedrock:GetAgentVersion": q(10),
    "bedrock:ListAgentKnowledgeBases": q(10),
    "bedrock:GetKnowledgeBase": q(10),
    // Bedrock AgentCore control plane (Service Quotas, service bedrock-agentcore): GetGateway 10/s
    // and ListAgentRuntimeEndpoints 5/s as published; the others taken as 5/s (inventory-fn/aws/limits.ts).
    "bedrock-agentcore:GetGateway": q(10),
    "bedrock-agentcore:ListAgentRuntimes": q(5),
    "bedrock-agentcore:GetAgentRuntime": q(5),
    "bedrock-agentcore:ListAgentRuntimeVersions": q(5),
    "bedrock-agentcore:ListAgentRuntimeEndpoints": q(5),
    "bedrock-agentcore:ListGateways": q(5),
    "bedrock-agentcore:ListGatewayTargets": q(5),
    "bedrock-agentcore:GetGatewayTarget": q(5),
    "bedrock-agentcore:GetResourcePolicy": q(5),
    "bedrock-agentcore:ListOauth2CredentialProviders": q(5),
    "bedrock-agentcore:ListApiKeyCredentialProviders": q(5),
    "bedrock-agentcore:ListWorkloadIdentities": q(5),
    "bedrock-agentcore:ListMemories": q(5),
    "bedrock-agentcore:GetMemory": q(5),
    "bedrock-agentcore:ListBrowsers": q(5),
    "bedrock-agentcore:GetBrowser": q(5),
    "bedrock-agentcore:ListCodeInterpreters": q(5),
    "bedrock-agentcore:GetCodeInterpreter": q(5),
    "lambda:GetFunction": q(100),
    "lambda:GetFunctionConfiguration": q(100),
    // CloudWatch Logs: StartQuery/GetQueryResults/StopQuery 5 TPS; 100 concurrent queries (below).
    "logs:StartQuery": q(5),
    "logs:GetQueryResults": q(5),
    "logs:StopQuery": q(5),
    "logs:DescribeLogGroups": q(10),
    // CloudTrail LookupEvents: 2 requests per second per account and region.
    "cloudtrail:LookupEvents": q(2),
    // S3: 3,500 writes and 5,500 reads per second per prefix.
    "s3:PutObject": q(3500),
    "s3:CopyObject": q(3500),
    "s3:GetObject": q(5500),
    "s3:HeadObject": q(5500),
    "s3:ListObjectsV2": q(5500),
    "s3:DeleteObject": q(3500),
};

/** Logs Insights: concurrent queries per account (dashboards count against it too). */
export const LOGS_CONCURRENT_QUERIES = 100;
/** Logs Insights: log groups one query may name. */
export const LOGS_GROUPS_PER_QUERY = 50;
/** How long an Insights query runs before Complete, virtual ms: a base plus per log group. */
export const LOGS_QUERY_RUNTIME = { baseMs: 1500, perGroupMs: 40 };
/** LookupEvents returns at most 50 events a page. */
export const CLOUDTRAIL_PAGE_SIZE = 50;

export const LATENCIES: Record<string, ApiLatency> = {
    "iam:GetAccountAuthorizationDetails": { baseMs: 250, perItemMs: 0.6 },
    "iam:ListRoles": { baseMs: 90, perItemMs: 0.2 },
    "iam:ListUsers": { baseMs: 90, perItemMs: 0.2 },
    "iam:ListGroups": { baseMs: 90, perItemMs: 0.2 },
    "iam:*": { baseMs: 70 },
    "sts:*": { baseMs: 25 },
    "bedrock:ListFoundationModels": { baseMs: 180 },
    "bedrock:*": { baseMs: 80 },
    "bedrock-agentcore:*": { baseMs: 80 },
    "lambda:*": { baseMs: 35 },
    "logs:*": { baseMs: 50 },
    "cloudtrail:LookupEvents": { baseMs: 300, perItemMs: 2 },
    "s3:PutObject": { baseMs: 45 },
    "s3:CopyObject": { baseMs: 60 },
    "s3:*": { baseMs: 25 },
};

export function quotaOf(api: string): ApiQuota {
    return QUOTAS[api] ?? q(50);
}

export function latencyOf(api: string): ApiLatency {
    return LATENCIES[api] ?? LATENCIES[`${api.split(":")[0]}:*`] ?? { baseMs: 50 };
}
