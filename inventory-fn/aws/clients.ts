import { IAMClient } from "@aws-sdk/client-iam";
import { BedrockClient } from "@aws-sdk/client-bedrock";
import { BedrockAgentClient } from "@aws-sdk/client-bedrock-agent";
import { BedrockAgentCoreControlClient } from "@aws-sdk/client-bedrock-agentcore-control";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { StandardRetryStrategy } from "@smithy/util-retry";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from "@smithy/types";
import type { HttpHandler } from "@smithy/protocol-http";

/** One SDK v3 client per service, all for the inventoried region, shared by every collector. */
export interface InventoryClients {
    readonly region: string;
    readonly iam: IAMClient;
    readonly bedrock: BedrockClient;
    readonly bedrockAgent: BedrockAgentClient;
    /** Amazon Bedrock AgentCore's control plane (bedrock-agentcore-control.<region>.amazonaws.com). */
    readonly agentCore: BedrockAgentCoreControlClient;
    readonly lambda: LambdaClient;
    /**
     * AWS Organizations, a global service: built with the inventoried region like the others, the
     * SDK's endpoint rules send every region of a partition to its one endpoint and signing
     * region (organizations.us-east-1.amazonaws.com in aws, cn-northwest-1 in aws-cn,
     * us-gov-west-1 in aws-us-gov).
     */
    readonly organizations: OrganizationsClient;
    readonly logs: CloudWatchLogsClient;
    readonly cloudTrail: CloudTrailClient;
    readonly s3: S3Client;
    readonly sts: STSClient;
}

/**
 * Attempts per request, first one included. The SDK default (3) gives up after about a second of
 * backoff; a scheduled inventory would rather wait out a short throttling burst (the connector
 * and the console share these quotas) than record a partial run. 5 attempts of the standard
 * strategy back off for up to about 30 s in total (exponential, full jitter, 20 s cap).
 */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface ClientOptions {
    /** Region inventoried; every client is built for it. */
    readonly region: string;
    /** Replaces the HTTP layer of every client (a benchmark's emulated AWS, a test's stub). */
    readonly requestHandler?: HttpHandler;
    /** Sends every client to this endpoint (e.g. `http://127.0.0.1:4566`) instead of AWS's. */
    readonly endpoint?: string;
    /** Credentials; default: the SDK's default chain (the Lambda role, or a local profile). */
    readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    /** Attempts per request; default {@link DEFAULT_MAX_ATTEMPTS}. */
    readonly maxAttempts?: number;
    /** Replaces the retry strategy outright (tests use one without backoff delays). */
    readonly retryStrategy?: RetryStrategyV2;
}

/**
 * Builds the shared client set. Retries: the `standard` strategy with an explicit `maxAttempts`,
 * not `adaptive`. The run already shapes its request rate per API with token buckets sized from
 * the published quotas (aws/limits.ts); adaptive's limiter is per client, not per API, and its
 * waits are invisible to the run's clock and deadline. Standard keeps retries to their one job:
 * riding out a throttling burst or a transient 5xx.
 */
export function createClients(options: ClientOptions): InventoryClients {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const common = {
        region: options.region,
        retryStrategy: options.retryStrategy ?? new StandardRetryStrategy(maxAttempts),
        ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
    };
    return {
        region: options.region,
        iam: new IAMClient(common),
        bedrock: new BedrockClient(common),
        bedrockAgent: new BedrockAgentClient(common),
        agentCore: new BedrockAgentCoreControlClient(common),
        lambda: new LambdaClient(common),
        organizations: new OrganizationsClient(common),
        logs: new CloudWatchLogsClient(common),
        // One SDK attempt: LookupEvents' 2 requests a second is a hard quota, so its retries are
        // made by the gateway, each through the token bucket (API_LIMITS gatewayAttempts).
        cloudTrail: new CloudTrailClient({ ...common, retryStrategy: new StandardRetryStrategy(1) }),
        // Path-style so a custom endpoint (an emulator on localhost) needs no bucket DNS names.
        s3: new S3Client({ ...common, ...(options.endpoint ? { forcePathStyle: true } : {}) }),
        sts: new STSClient(common),
    };
}
