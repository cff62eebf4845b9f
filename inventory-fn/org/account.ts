import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import { createClients, type ClientOptions } from "../aws/clients";
import type { Clock } from "../aws/clock";
import { classifyFailure, describeFailure } from "../aws/errors";
import type { ApiLimit, ApiName } from "../aws/limits";
import { runInventory, type InventoryRunOptions, type RunEvent, type StoreFactory } from "../run";
import { accountLatestPrefix, accountPrefix, isAccountId, isOrgRunId, isRegion, outcomeKey } from "./layout";

/** One item of the organization's fan-out: the state machine's input to the account function. */
export interface AccountTask {
    readonly orgRunId: string;
    readonly accountId: string;
    readonly region: string;
}

/** What one (account, region) came to; written to `organization/runs/<orgRunId>/outcomes/`. */
export interface AccountOutcome {
    readonly accountId: string;
    readonly region: string;
    /** The run's status, or `failed` when the spoke role could not be assumed. */
    readonly status: "complete" | "partial" | "failed";
    readonly statusCode: 200 | 500;
    /** Absent when the role could not be assumed (no run started). */
    readonly runId: string | null;
    readonly runPrefix: string | null;
    /** Set only when this run was promoted. */
    readonly latestManifestKey: string | null;
    readonly counts: Record<string, number>;
    readonly apiCalls: Record<string, number>;
    /** One line per error, as in the manifest's summary; never a value, never a secret. */
    readonly errors: string[];
    readonly durationMs: number;
}

export interface AccountRunDependencies {
    /** The hub's STS client (the function's own role), for AssumeRole. */
    readonly sts: STSClient;
    /** The hub's artifact store: the bucket and key are the hub's, whatever account is read. */
    readonly store: StoreFactory;
    readonly partition: string;
    /** The spoke role's name, the same in every member account (the StackSet creates it). */
    readonly spokeRoleName: string;
    /** `sts:ExternalId` the spoke role's trust policy requires. */
    readonly externalId: string;
    /** Extra client settings for the spoke's clients (an emulator's endpoint, a retry strategy). */
    readonly clientOptions?: (accountId: string, region: string) => Partial<ClientOptions>;
    /** Settings of the run besides region, account and prefixes (TOOL_LOG_GROUPS, windows...). */
    readonly runOptions?: Partial<InventoryRunOptions>;
    readonly clock?: Clock;
    readonly remainingTimeMs?: () => number;
    readonly limits?: Readonly<Record<ApiName, ApiLimit>>;
    readonly onEvent?: (event: RunEvent) => void;
    /** Writes the outcome record (the hub's S3 with SSE-KMS). */
    readonly writeOutcome: (key: string, body: string) => Promise<void>;
}

/** A bad task from the state machine: no run, an exception (the task fails, Step Functions records it). */
export function parseAccountTask(event: unknown): AccountTask {
    const task = (event ?? {}) as Record<string, unknown>;
    const problems: string[] = [];
    if (!isOrgRunId(task.orgRunId)) problems.push(`orgRunId: got ${JSON.stringify(task.orgRunId)}, expected YYYYMMDDTHHMMSSZ`);
    if (!isAccountId(task.accountId)) problems.push(`accountId: got ${JSON.stringify(task.accountId)}, expected 12 digits`);
    if (!isRegion(task.region)) problems.push(`region: got ${JSON.stringify(task.region)}, expected a region name such as eu-west-1`);
    if (problems.length > 0) throw new Error(`account task: ${problems.join("; ")}`);
    return { orgRunId: task.orgRunId as string, accountId: task.accountId as string, region: task.region as string };
}

/**
 * Inventories one (account, region) of the organization: assume the spoke role, run the same
 * inventory as the single-account function with those credentials for the reads and the hub's
 * store for the writes, under `accounts/<accountId>/<region>/`, then record the outcome.
 *
 * A failure that belongs to the account (the role missing or not trusting the hub, AccessDenied
 * on a read, throttling that outlasted the retries) is an outcome, not an exception: it is
 * recorded and the state machine goes on with the other accounts. Only a failure to record the
 * outcome itself throws, so Step Functions retries the task.
 */
export async function inventoryAccountRegion(task: AccountTask, deps: AccountRunDependencies): Promise<AccountOutcome> {
    const clock = deps.clock ?? { now: () => Date.now() };
    const started = clock.now();
    const roleArn = `arn:${deps.partition}:iam::${task.accountId}:role/${deps.spokeRoleName}`;
    let outcome: AccountOutcome;
    let credentials;
    try {
        const assumed = await deps.sts.send(
            new AssumeRoleCommand({
                RoleArn: roleArn,
                // Shows in the member account's CloudTrail: which organization run read it.
                RoleSessionName: `bedrock-inventory-${task.orgRunId}`,
                ExternalId: deps.externalId,
                DurationSeconds: 3600,
            }),
        );
        const c = assumed.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
        credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    } catch (error) {
        const kind = classifyFailure(error);
        const hint = kind === "access_denied" ? ": the spoke role is missing in this account or does not trust the hub's function role with this external id" : "";
        outcome = failedOutcome(task, clock.now() - started, `assume_role ${kind} (${roleArn})${hint}: ${describeFailure(error)}`);
    }
    if (credentials) {
        const clients = createClients({ region: task.region, credentials, ...(deps.clientOptions?.(task.accountId, task.region) ?? {}) });
        try {
            const run = await runInventory(
                {
                    ...deps.runOptions,
                    region: task.region,
                    accountId: task.accountId,
                    outputPrefix: accountPrefix(task.accountId, task.region),
                    latestPrefix: accountLatestPrefix(task.accountId, task.region),
                },
                {
                    clients,
                    store: deps.store,
                    ...(deps.clock ? { clock: deps.clock } : {}),
                    ...(deps.remainingTimeMs ? { remainingTimeMs: deps.remainingTimeMs } : {}),
                    ...(deps.limits ? { limits: deps.limits } : {}),
                    ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
                },
            );
            const manifest = (run.manifest ?? {}) as Record<string, unknown>;
            outcome = {
                accountId: task.accountId,
                region: task.region,
                status: run.status,
                statusCode: run.statusCode,
                runId: run.runId,
                runPrefix: run.runPrefix,
                latestManifestKey: run.statusCode === 200 ? `${accountLatestPrefix(task.accountId, task.region)}manifest.json` : null,
                counts: countsOf(manifest),
                apiCalls: (manifest.apiCalls as Record<string, number> | undefined) ?? {},
                errors: run.errors.map((e) => `${e.source} ${e.kind}${e.api ? ` (${e.api})` : ""}`),
                durationMs: clock.now() - started,
            };
        } finally {
            for (const client of Object.values(clients)) {
                if (client && typeof client === "object" && "destroy" in client) (client as { destroy(): void }).destroy();
            }
        }
    }
    await deps.writeOutcome(outcomeKey(task.orgRunId, task.accountId, task.region), JSON.stringify(outcome!) + "\n");
    return outcome!;
}

const COUNT_FIELDS = ["principalCount", "modelCount", "agentBindingCount", "modelBindingCount", "agentToolCredentialCount", "activityRecordCount"] as const;

function countsOf(manifest: Record<string, unknown>): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const field of COUNT_FIELDS) {
        if (typeof manifest[field] === "number") counts[field] = manifest[field] as number;
    }
    return counts;
}

function failedOutcome(task: AccountTask, durationMs: number, error: string): AccountOutcome {
    return {
        accountId: task.accountId,
        region: task.region,
        status: "failed",
        statusCode: 500,
        runId: null,
        runPrefix: null,
        latestManifestKey: null,
        counts: {},
        apiCalls: {},
        errors: [error],
        durationMs,
    };
}
