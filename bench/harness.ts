import { StandardRetryStrategy } from "@smithy/util-retry";
import type { RetryStrategyV2, StandardRetryBackoffStrategy } from "@smithy/types";
import { createClients, DEFAULT_MAX_ATTEMPTS } from "../inventory-fn/aws/clients";
import type { Clock } from "../inventory-fn/aws/clock";
import type { ApiLimit, ApiName } from "../inventory-fn/aws/limits";
import { parseEnvironment, runOptionsOf } from "../inventory-fn/env";
import { runInventory, s3Store, type RunEvent, type RunOutcome } from "../inventory-fn/run";
import { VirtualClock } from "./emulator/clock";

/**
 * Runs the real inventory function (inventory-fn/run.ts, the code the Lambda handler calls)
 * against the emulator: the handler's own environment parsing and client set-up, with the
 * emulator's endpoint, fake credentials, and time on the emulator's scale.
 */

export const BENCH_BUCKET = "bedrock-core-inventory-bench";
export const BENCH_KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/0b5e7a52-4c1d-4e0b-9f57-bench0000001";
/** Lambda's timeout in the seed: 900 s. */
export const LAMBDA_TIMEOUT_MS = 900_000;

/**
 * The SDK's standard retry strategy (same classifier, same retry quota, same delay formula) with
 * every backoff delay divided by the time scale, so a retry waits the same virtual time the real
 * one would. At scale 1 the bench passes no strategy at all and the function builds its own.
 */
export function scaledRetryStrategy(timeScale: number, maxAttempts = DEFAULT_MAX_ATTEMPTS): RetryStrategyV2 {
    let base = 50;
    const backoff: StandardRetryBackoffStrategy = {
        setDelayBase(delay: number) {
            base = delay;
        },
        // DefaultRetryBackoffStrategy: full jitter, exponential, capped at 20 s.
        computeNextBackoffDelay(retries: number) {
            return Math.floor((Math.random() * Math.min(base * 2 ** retries, 20_000)) / timeScale);
        },
    };
    return new StandardRetryStrategy({ maxAttempts, backoff });
}

export function clockOf(clock: VirtualClock): Clock {
    return { now: () => clock.now(), sleep: (ms) => clock.sleep(ms) };
}

export interface FunctionRunOptions {
    readonly endpoint: string;
    readonly timeScale: number;
    /** Real epoch ms where virtual time starts (the parent's clock origin). */
    readonly originMs: number;
    /** Extra environment (TOOL_LOG_GROUPS, LATEST_PREFIX, ...). */
    readonly environment?: Readonly<Record<string, string>>;
    /** Lambda's remaining time at the start, virtual ms. Default the seed's 900 s. */
    readonly remainingMs?: number;
    /** Overrides of the function's per-API limits (tuning experiments). */
    readonly limits?: Readonly<Record<ApiName, ApiLimit>>;
    readonly maxAttempts?: number;
    /** The run's own events (collector durations), as the handler would log them. */
    readonly onEvent?: (event: RunEvent) => void;
}

/** What the bench reports of one run: the handler's result and the run's own record. */
export interface FunctionRunReport {
    /** What the Lambda handler returns for this outcome (CONTRACTS section 4). */
    readonly result: { statusCode: number; run_prefix?: string; status?: string; error?: string };
    readonly status: RunOutcome["status"];
    readonly runId: string;
    readonly runPrefix: string;
    readonly errors: RunOutcome["errors"];
    readonly manifest?: Record<string, unknown>;
    readonly virtualDurationMs: number;
    readonly realDurationMs: number;
    /** The run's events with the virtual ms since start at which each came. */
    readonly events: readonly (RunEvent & { readonly atMs: number })[];
}

export async function runFunction(options: FunctionRunOptions): Promise<FunctionRunReport> {
    const clock = new VirtualClock(options.timeScale, options.originMs);
    const env = parseEnvironment({
        INVENTORY_KMS_KEY_ID: BENCH_KMS_KEY,
        CORE_INVENTORY_BUCKET: BENCH_BUCKET,
        REGION: "us-east-1",
        ...options.environment,
    });
    const clients = createClients({
        region: env.region,
        endpoint: options.endpoint,
        credentials: { accessKeyId: "AKIDBENCHINVENTORY", secretAccessKey: "bench-secret" },
        ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
        ...(options.timeScale !== 1 ? { retryStrategy: scaledRetryStrategy(options.timeScale, options.maxAttempts) } : {}),
    });
    const startVirtual = clock.now();
    const startReal = Date.now();
    const remaining = options.remainingMs ?? LAMBDA_TIMEOUT_MS;
    const events: (RunEvent & { atMs: number })[] = [];
    const outcome = await runInventory(
        runOptionsOf(env),
        {
            clients,
            store: s3Store({ bucket: env.bucket, kmsKeyId: env.kmsKeyId }),
            clock: clockOf(clock),
            remainingTimeMs: () => remaining - (clock.now() - startVirtual),
            ...(options.limits ? { limits: options.limits } : {}),
            onEvent: (event) => {
                events.push({ ...event, atMs: clock.now() - startVirtual });
                options.onEvent?.(event);
            },
        },
    );
    for (const client of Object.values(clients)) {
        if (client && typeof client === "object" && "destroy" in client) (client as { destroy(): void }).destroy();
    }
    // The handler's mapping (inventory-fn/handler.ts).
    const result =
        outcome.statusCode === 200
            ? { statusCode: 200, run_prefix: outcome.runPrefix }
            : { statusCode: 500, run_prefix: outcome.runPrefix, status: outcome.status, error: outcome.errorSummary ?? `${outcome.status} run` };
    return {
        result,
        status: outcome.status,
        runId: outcome.runId,
        runPrefix: outcome.runPrefix,
        errors: outcome.errors,
        ...(outcome.manifest ? { manifest: outcome.manifest } : {}),
        virtualDurationMs: clock.now() - startVirtual,
        realDurationMs: Date.now() - startReal,
        events,
    };
}
