import type { Context } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { StandardRetryStrategy } from "@smithy/util-retry";
import { DEFAULT_MAX_ATTEMPTS } from "./aws/clients";
import { systemClock } from "./aws/clock";
import { Deadline } from "./aws/deadline";
import { AwsGateway } from "./aws/gateway";
import { API_LIMITS } from "./aws/limits";
import { type RunEvent } from "./run";
import { S3ArtifactStore } from "./write/store";
import { inventoryAccountRegion, parseAccountTask, type AccountOutcome } from "./org/account";
import { planOrganization, writeOrganizationIndex, type OrganizationIndex, type PlanResult } from "./org/coordinator";
import { organizationRunOptions, parseOrganizationEnvironment } from "./org/env";
import { accountRunTagging } from "./org/layout";

// The organization's two functions, one bundle: `accountHandler` inventories one (account,
// region) with the spoke role's credentials; `coordinatorHandler` plans a run and writes its
// index. Separate functions with separate roles: only the account function may assume spoke
// roles, only the coordinator may list the organization and write the index.

const logger = new Logger({ serviceName: "bedrock-inventory-org" });

let hub: { s3: S3Client; sts: STSClient; organizations: OrganizationsClient } | undefined;

function hubClients(region: string) {
    const common = { region, retryStrategy: new StandardRetryStrategy(DEFAULT_MAX_ATTEMPTS) };
    hub ??= { s3: new S3Client(common), sts: new STSClient(common), organizations: new OrganizationsClient(common) };
    return hub;
}

function hubStore(s3: S3Client, bucket: string, kmsKeyId: string, remainingMs?: () => number) {
    const gateway = new AwsGateway(systemClock, remainingMs ? new Deadline(remainingMs, 10_000) : Deadline.none(), API_LIMITS);
    return new S3ArtifactStore(s3, gateway, { bucket, kmsKeyId });
}

/** The Distributed Map's task: `{ orgRunId, accountId, region }` in, the outcome out. */
export async function accountHandler(event: unknown, context: Pick<Context, "getRemainingTimeInMillis">): Promise<AccountOutcome> {
    const env = parseOrganizationEnvironment(process.env);
    const task = parseAccountTask(event);
    const clients = hubClients(env.inventory.region);
    const store = hubStore(clients.s3, env.inventory.bucket, env.inventory.kmsKeyId);
    const outcome = await inventoryAccountRegion(task, {
        sts: clients.sts,
        // Run objects tagged for the hub's lifecycle rule (their prefix is no literal one).
        store: (gateway) =>
            new S3ArtifactStore(clients.s3, gateway, { bucket: env.inventory.bucket, kmsKeyId: env.inventory.kmsKeyId, runTagging: accountRunTagging(task.accountId, task.region) }),
        partition: env.partition,
        spokeRoleName: env.spokeRoleName,
        externalId: env.externalId,
        runOptions: organizationRunOptions(env),
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
        onEvent: (e) => logEvent(e, task.accountId),
        writeOutcome: (key, body) => store.put(key, body),
    });
    const line = { accountId: outcome.accountId, region: outcome.region, status: outcome.status, runId: outcome.runId, errors: outcome.errors, durationMs: outcome.durationMs };
    if (outcome.statusCode === 200) logger.info("account_finished", line);
    else logger.error("account_finished", line);
    return outcome;
}

/** `{ action: "plan" }` -> the plan; `{ action: "index", orgRunId, mapError? }` -> the index, promoted last. */
export async function coordinatorHandler(event: unknown): Promise<PlanResult | Pick<OrganizationIndex, "organizationRunId" | "status" | "summary">> {
    const env = parseOrganizationEnvironment(process.env);
    const clients = hubClients(env.inventory.region);
    const store = hubStore(clients.s3, env.inventory.bucket, env.inventory.kmsKeyId);
    const request = (event ?? {}) as { action?: unknown; orgRunId?: unknown; mapError?: unknown };
    if (request.action === "plan") {
        const plan = await planOrganization(
            { accountIds: env.accountIds, regions: env.regions, excludeAccountIds: env.excludeAccountIds },
            { store, organizations: clients.organizations },
        );
        logger.info("organization_planned", { orgRunId: plan.orgRunId, accounts: plan.accounts.length, regions: plan.regions });
        return plan;
    }
    if (request.action === "index") {
        const index = await writeOrganizationIndex({ orgRunId: String(request.orgRunId), mapError: request.mapError as never }, { store });
        const line = { orgRunId: index.organizationRunId, status: index.status, summary: index.summary, mapError: index.mapError };
        if (index.status === "complete") logger.info("organization_indexed", line);
        else logger.error("organization_indexed", line);
        // Small on purpose: the state machine's payloads are limited to 256 KB.
        return { organizationRunId: index.organizationRunId, status: index.status, summary: index.summary };
    }
    throw new Error(`coordinator: action: got ${JSON.stringify(request.action)}, expected "plan" or "index"`);
}

function logEvent(event: RunEvent, accountId: string): void {
    const { event: name, ...fields } = event;
    if ((name === "run_finished" && event.statusCode !== 200) || name === "promotion_failed") logger.error(name, { accountId, ...fields });
    else logger.info(name, { accountId, ...fields });
}
