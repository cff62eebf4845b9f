import type { EmulatedResponse } from "../wire";

/**
 * A request matched to an API. `handle` runs only once the request passed the API's rate limit
 * and the fault rules; `items` (entries in a list page) feeds the per-item latency.
 */
export interface Route {
    readonly api: string;
    handle(): { response: EmulatedResponse; items?: number } | Promise<{ response: EmulatedResponse; items?: number }>;
}
