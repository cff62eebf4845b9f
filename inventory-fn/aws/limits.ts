/**
 * Per-API concurrency and request rates. Rates come from the published quotas (FIELD-NOTES.md,
 * Service Quotas for `bedrock`, CloudTrail and CloudWatch Logs documentation). The Bedrock Agents
 * and Lambda reads run at 90% of them: at half (the first setting) the reference account of the
 * bench (200 agents, 1,960 action groups) spent 203 s in the agents' reads against 121 s at 90%,
 * whole run 256 s vs 188 s, lower bound 104 s (README, "Inventory at scale"). The 10% left is headroom
 * for the console and the governance connector's live ListAgents/GetAgent calls; a throttle
 * from them is retried, and the agent reads are what the run's wall time is made of.
 */
export interface ApiLimit {
    /** Requests in flight at once (a p-limit pool). */
    readonly concurrency: number;
    /** Sustained requests a second (the token bucket's refill). */
    readonly ratePerSecond: number;
    /**
     * Tokens the bucket may hold (default 1): at most `burst + ratePerSecond - 1` requests fall
     * in any one second (`burst` at once, then one every 1/rate s), kept at or under the
     * published quota; the defaults here stay a token below it. A burst of one
     * loses every millisecond a take comes late (timers fire late, CPU work holds them back):
     * on the reference account GetAgentActionGroup at 18/s ran at 17.5/s (1,960 calls over
     * 111.9 s instead of 108.8 s) until it could hold the 2 tokens its 20/s quota leaves.
     */
    readonly burst?: number;
    /**
     * Attempts made by the gateway itself, each through the token bucket, instead of by the SDK.
     * For APIs whose rate is a hard quota: the SDK's retries bypass the bucket (full-jitter
     * backoff can resend within milliseconds), the gateway's cannot. The client for such a
     * service is built with one SDK attempt (aws/clients.ts).
     */
    readonly gatewayAttempts?: number;
}

export const API_LIMITS = {
    // IAM publishes no quota; observed token buckets are around 15/s per API. GAAD pages are
    // sequential (each needs the previous Marker), so one in flight.
    "iam:GetAccountAuthorizationDetails": { concurrency: 1, ratePerSecond: 5 },
    "sts:GetCallerIdentity": { concurrency: 1, ratePerSecond: 5 },
    // Bedrock API keys of every user (findings): one call per 1,000 keys.
    "iam:ListServiceSpecificCredentials": { concurrency: 1, ratePerSecond: 5 },
    // ListFoundationModels: one call, no pagination.
    "bedrock:ListFoundationModels": { concurrency: 1, ratePerSecond: 5 },
    // Bedrock Agents control plane, per region, not adjustable: ListAgents 10/s, GetAgent 15/s,
    // ListAgentAliases 10/s, ListAgentActionGroups 10/s, GetAgentActionGroup 20/s.
    "bedrock:ListAgents": { concurrency: 1, ratePerSecond: 9 },
    // Bursts: burst + rate - 1 requests a second at most, a token under the quota.
    "bedrock:GetAgent": { concurrency: 4, ratePerSecond: 13.5, burst: 1.5 },
    "bedrock:ListAgentAliases": { concurrency: 3, ratePerSecond: 9 },
    "bedrock:ListAgentActionGroups": { concurrency: 3, ratePerSecond: 9 },
    "bedrock:GetAgentActionGroup": { concurrency: 5, ratePerSecond: 18, burst: 2 },
    // What the agents' versions use (agent-versions.json): GetAgentVersion per version an alias
    // routes to, ListAgentKnowledgeBases per version read (DRAFT too), GetKnowledgeBase per
    // distinct knowledge base. 10/s each in Amazon Bedrock's quotas table (AWS General Reference,
    // "GetAgentVersion requests per second", "ListAgentKnowledgeBases requests per second",
    // "(Knowledge Bases) GetKnowledgeBase requests per second"; not adjustable) as we found it
    // copied late 2026, not checked in an account: confirm with `aws service-quotas
    // list-aws-default-service-quotas --service-code bedrock`. At 90%, like the other agent reads.
    "bedrock:GetAgentVersion": { concurrency: 3, ratePerSecond: 9 },
    "bedrock:ListAgentKnowledgeBases": { concurrency: 3, ratePerSecond: 9 },
    "bedrock:GetKnowledgeBase": { concurrency: 2, ratePerSecond: 9 },
    // Lambda GetFunction is 100/s; GetFunctionConfiguration shares the control-plane budget.
    "lambda:GetFunctionConfiguration": { concurrency: 10, ratePerSecond: 90, burst: 10 },
    // Amazon Bedrock AgentCore control plane (Service Quotas, service `bedrock-agentcore`, per
    // account and region, "Rate of <Operation> requests"): GetGateway 10/s and
    // ListAgentRuntimeEndpoints 5/s are the rates we found published (awsfundamentals.com's copy
    // of the Service Quotas list, late 2026); the others are not in the developer guide's tables,
    // so they are taken as 5/s, the lowest control-plane rate listed, and run at 90% like the
    // Bedrock Agents reads. Check Service Quotas in your account (`aws service-quotas
    // list-aws-default-service-quotas --service-code bedrock-agentcore`) and raise these if yours
    // are higher.
    "bedrock-agentcore:ListAgentRuntimes": { concurrency: 1, ratePerSecond: 4.5 },
    "bedrock-agentcore:GetAgentRuntime": { concurrency: 3, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListAgentRuntimeVersions": { concurrency: 3, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListAgentRuntimeEndpoints": { concurrency: 3, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListGateways": { concurrency: 1, ratePerSecond: 4.5 },
    "bedrock-agentcore:GetGateway": { concurrency: 3, ratePerSecond: 9 },
    "bedrock-agentcore:ListGatewayTargets": { concurrency: 3, ratePerSecond: 4.5 },
    "bedrock-agentcore:GetGatewayTarget": { concurrency: 3, ratePerSecond: 4.5 },
    "bedrock-agentcore:GetResourcePolicy": { concurrency: 3, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListOauth2CredentialProviders": { concurrency: 1, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListApiKeyCredentialProviders": { concurrency: 1, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListWorkloadIdentities": { concurrency: 1, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListMemories": { concurrency: 1, ratePerSecond: 4.5 },
    "bedrock-agentcore:GetMemory": { concurrency: 2, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListBrowsers": { concurrency: 1, ratePerSecond: 4.5 },
    "bedrock-agentcore:GetBrowser": { concurrency: 2, ratePerSecond: 4.5 },
    "bedrock-agentcore:ListCodeInterpreters": { concurrency: 1, ratePerSecond: 4.5 },
    "bedrock-agentcore:GetCodeInterpreter": { concurrency: 2, ratePerSecond: 4.5 },
    // AWS Organizations (the SCPs over the account: collect/scps.ts). One global endpoint per
    // partition (us-east-1 in aws), shared by the whole organization's callers. Its quotas page
    // lists entity maximums, not per-API rates we could find, and a run makes few calls (a path of
    // at most six levels, one ListPoliciesForTarget page per level, one DescribePolicy per distinct
    // SCP): one in flight at 5/s, like IAM's reads, leaves the organization's other callers room.
    "organizations:ListParents": { concurrency: 1, ratePerSecond: 5 },
    "organizations:ListPoliciesForTarget": { concurrency: 1, ratePerSecond: 5 },
    "organizations:DescribePolicy": { concurrency: 1, ratePerSecond: 5 },
    // Logs Insights: about 100 concurrent queries per account, dashboards included; StartQuery
    // and GetQueryResults are 5 TPS-class APIs. Four queries in flight stays well clear of both.
    "logs:StartQuery": { concurrency: 4, ratePerSecond: 3 },
    "logs:GetQueryResults": { concurrency: 4, ratePerSecond: 3 },
    "logs:StopQuery": { concurrency: 2, ratePerSecond: 3 },
    // One lookup per 50-group batch before its query (collect/logs.ts): which groups exist.
    // CloudWatch Logs' DescribeLogGroups quota is of the same TPS class; half of the bench's 10/s.
    "logs:DescribeLogGroups": { concurrency: 2, ratePerSecond: 5 },
    // LookupEvents: 2 requests a second per account and region, hard. One in flight, and the
    // bucket (not the pool) is what keeps it at 2/s when responses come back quickly.
    "cloudtrail:LookupEvents": { concurrency: 1, ratePerSecond: 2, gatewayAttempts: 5 },
    // S3 scales far beyond what 14 objects need; the pool only bounds open sockets.
    "s3:GetObject": { concurrency: 4, ratePerSecond: 100 },
    "s3:PutObject": { concurrency: 8, ratePerSecond: 100 },
    "s3:CopyObject": { concurrency: 8, ratePerSecond: 100 },
    // Promotion: the previous latest/ objects' versions before, and undoing a failed one.
    "s3:HeadObject": { concurrency: 8, ratePerSecond: 100 },
    "s3:DeleteObject": { concurrency: 8, ratePerSecond: 100 },
} as const satisfies Record<string, ApiLimit>;

export type ApiName = keyof typeof API_LIMITS;
