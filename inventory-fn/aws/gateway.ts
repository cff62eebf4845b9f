import pLimit, { type LimitFunction } from "p-limit";
import type { Clock } from "./clock";
import type { Deadline } from "./deadline";
import { API_LIMITS, type ApiLimit, type ApiName } from "./limits";
import { TokenBucket } from "./token-bucket";

const API_TAG = "inventoryApi";

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

    constructor(
        private readonly clock: Clock,
        private readonly deadline: Deadline,
        private readonly limits: Readonly<Record<ApiName, ApiLimit>> = API_LIMITS,
    ) {}

    /**
     * Runs one request of `api` once the deadline, the pool and the bucket allow it. Writes pass
     * `{ afterDeadline: true }`: the margin exists so that they can still run.
     */
    call<T>(api: ApiName, request: () => Promise<T>, options: { afterDeadline?: boolean } = {}): Promise<T> {
        const guard = () => options.afterDeadline || this.deadline.check();
        return this.pool(api)(async () => {
            guard();
            await this.bucket(api).take();
            guard();
            this.counts.set(api, (this.counts.get(api) ?? 0) + 1);
            try {
                return await request();
            } catch (error) {
                // Tag the error with the API it came from, so whoever records it can name it.
                if (error && typeof error === "object" && !(API_TAG in error)) {
                    Object.defineProperty(error, API_TAG, { value: api, enumerable: false });
                }
                throw error;
            }
        });
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
            const { ratePerSecond } = this.limits[api];
            // Burst of one: requests evenly spaced, so no one-second window ever holds more than
            // `ratePerSecond` of them (a larger burst would let LookupEvents send 3 in a second).
            bucket = new TokenBucket(ratePerSecond, 1, this.clock);
            this.buckets.set(api, bucket);
        }
        return bucket;
    }
}
