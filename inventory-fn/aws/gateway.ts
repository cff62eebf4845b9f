import pLimit, { type LimitFunction } from "p-limit";
import type { Clock } from "./clock";
import type { Deadline } from "./deadline";
import { DeadlineExceededError } from "./deadline";
import { classifyFailure } from "./errors";
import { API_LIMITS, type ApiLimit, type ApiName } from "./limits";
import { TokenBucket } from "./token-bucket";

const API_TAG = "inventoryApi";
const ATTEMPTS_TAG = "inventoryAttempts";

// Tag the error with the API it came from (and the gateway's attempts), so whoever records it can name it.
function tag(error: unknown, api: ApiName, attempts: number): void {
    if (error && typeof error === "object" && !(API_TAG in error)) {
        Object.defineProperty(error, API_TAG, { value: api, enumerable: false });
        if (attempts > 1) Object.defineProperty(error, ATTEMPTS_TAG, { value: attempts, enumerable: false });
    }
}

/** Throttling, 5xx and network errors are worth another attempt; AccessDenied and 4xx are not. */
function isRetryable(error: unknown): boolean {
    if (error instanceof DeadlineExceededError) return false;
    const kind = classifyFailure(error);
    if (kind === "throttled") return true;
    if (kind !== "service_error") return false;
    const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    return status === undefined || status >= 500;
}

/** Exponential backoff with equal jitter: 250-500 ms, 500-1000 ms, ... capped at 20 s. */
function backoffMs(attempt: number): number {
    const base = Math.min(20_000, 500 * 2 ** (attempt - 1));
    return Math.round(base / 2 + (Math.random() * base) / 2);
}

/** How many attempts the gateway made for a failed request, when it retried. */
export function gatewayAttemptsOf(error: unknown): number | undefined {
    return error && typeof error === "object" ? ((error as Record<string, unknown>)[ATTEMPTS_TAG] as number | undefined) : undefined;
}

/** The API a failed request was for, when it went through the gateway. */
export function apiOfError(error: unknown): ApiName | undefined {
    return error && typeof error === "object" ? ((error as Record<string, unknown>)[API_TAG] as ApiName | undefined) : undefined;
}

/**
 * The one door every AWS request goes through: the deadline guard, the API's concurrency pool,
 * its token bucket, and the per-API call counter the manifest reports as `apiCalls`.
 */
export class AwsGateway {
    private readonly pools = new Map<ApiName, LimitFunction>();
    private readonly buckets = new Map<ApiName, TokenBucket>();
    private readonly counts = new Map<string, number>();
    /** Calls not yet settled: waiting for their pool or bucket, on the wire, or backing off. */
    private readonly pending = new Set<Promise<unknown>>();
    private backPressureRetries = 0;

    constructor(
        private readonly clock: Clock,
        private readonly deadline: Deadline,
        private readonly limits: Readonly<Record<ApiName, ApiLimit>> = API_LIMITS,
    ) {}

    /**
     * Runs one request of `api` once the deadline, the pool and the bucket allow it. Writes pass
     * `{ afterDeadline: true }`: the margin exists so that they can still run. `attempts`
     * overrides the API's gateway attempts for requests the SDK cannot retry itself (a streamed
     * upload: `request` must then build a fresh body each time).
     */
    call<T>(api: ApiName, request: () => Promise<T>, options: { afterDeadline?: boolean; attempts?: number } = {}): Promise<T> {
        const guard = () => options.afterDeadline || this.deadline.check();
        const attempts = options.attempts ?? this.limits[api].gatewayAttempts ?? 1;
        const settled = this.pool(api)(async () => {
            let backPressure: unknown;
            const check = (attemptsMade: number) => {
                if (backPressure !== undefined && this.deadline.expired()) {
                    // Throttled until the margin: recorded as throttling, which is what it was.
                    tag(backPressure, api, attemptsMade);
                    throw backPressure;
                }
                guard();
            };
            for (let attempt = 1; ; attempt++) {
                check(attempt - 1);
                await this.bucket(api).take();
                check(attempt - 1);
                this.counts.set(api, (this.counts.get(api) ?? 0) + 1);
                try {
                    return await request();
                } catch (error) {
                    if (attempt < attempts && isRetryable(error)) {
                        await this.clock.sleep(backoffMs(attempt));
                        continue;
                    }
                    // Back-pressure: a throttle that outlasted the SDK's attempts (its retry quota
                    // drains within seconds under a storm) means "slower", not "no". With a
                    // deadline, wait for the API's next token and try again until the margin;
                    // the bucket keeps these retries at the API's rate. Without one (local runs,
                    // tests) nothing would bound the wait, so the request gives up as before.
                    if (classifyFailure(error) === "throttled" && !options.afterDeadline && this.deadline.bounded && !this.deadline.expired()) {
                        backPressure = error;
                        this.backPressureRetries++;
                        continue;
                    }
                    tag(error, api, attempt);
                    throw error;
                }
            }
        });
        this.pending.add(settled);
        const forget = () => this.pending.delete(settled);
        settled.then(forget, forget);
        return settled;
    }

    /**
     * Resolves once every call made through the gateway has settled, calls made meanwhile
     * included. The run awaits it before returning: in Lambda a request still pending when the
     * handler resolves is frozen with the environment and resumes in the next warm invocation.
     */
    async settled(): Promise<void> {
        while (this.pending.size > 0) {
            await Promise.allSettled([...this.pending]);
        }
    }

    /** Requests re-sent after a throttle that outlasted the SDK's attempts (back-pressure). */
    get throttleRetries(): number {
        return this.backPressureRetries;
    }

    /** Requests sent so far, per API, sorted by name for a stable manifest. */
    apiCalls(): Record<string, number> {
        return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    }

    get time(): Clock {
        return this.clock;
    }

    get guard(): Deadline {
        return this.deadline;
    }

    private pool(api: ApiName): LimitFunction {
        let pool = this.pools.get(api);
        if (!pool) {
            pool = pLimit(this.limits[api].concurrency);
            this.pools.set(api, pool);
        }
        return pool;
    }

    private bucket(api: ApiName): TokenBucket {
        let bucket = this.buckets.get(api);
        if (!bucket) {
            const { ratePerSecond, burst = 1 } = this.limits[api];
            // By default a burst of one: requests evenly spaced, so no one-second window ever
            // holds more than `ratePerSecond` of them (a larger burst would let LookupEvents send
            // 3 in a second). APIs whose quota leaves room above their rate say so (limits.ts).
            bucket = new TokenBucket(ratePerSecond, burst, this.clock);
            this.buckets.set(api, bucket);
        }
        return bucket;
    }
}
