// Kept apart from inventory.ts (which loads the Pulumi SDK) so the bench can use the same figure.

/**
 * The V8 old-space limit for an inventory function of `memorySize` MB: 62.5% of it leaves room for
 * the rest of the process (code, buffers, the runtime) under Lambda's memory limit. The bench's
 * reference account (256 MB function, 160 MB heap) measured with the runtime settings below:
 * docs/bench.md, "Issue 11: memory". Of its peak RSS, about 100 MB is the runtime and the bundle at
 * start-up (the AWS SDK's ten clients, most of it); its live heap stays under 65 MB.
 */
export function inventoryHeapLimitMb(memorySize: number): number {
    return Math.floor(memorySize * 0.625);
}

/**
 * V8's semi-space limit, MB. Without it V8 sizes the young generation for throughput (two 16 MB
 * semi-spaces on Node 20 and 22): 32 MB of the 256 MB function held by a space that is empty
 * after every scavenge. At 4 MB the reference account's peak RSS is about 30 MB lower
 * (docs/bench.md, "Issue 11: memory"); more short-lived objects are promoted and collected by
 * the old generation instead, which the run's allocation pattern (per-record strings while
 * writing) tolerates.
 */
export const INVENTORY_SEMI_SPACE_MB = 4;

/**
 * glibc malloc arenas. Node's threads (V8's concurrent marking and compilers, libuv's pool) each
 * get an arena by default (up to 8 per core), and memory freed in one is kept there: with 2 the
 * reference account's peak RSS is about 10 MB lower (docs/bench.md, "Issue 11: memory").
 */
export const INVENTORY_MALLOC_ARENA_MAX = 2;

/**
 * glibc's trim threshold, bytes: set, it fixes the thresholds glibc otherwise raises as large
 * blocks are freed (up to 32 MB on 64-bit), so free memory at the top of the heap goes back to
 * the system above 128 KB instead of being kept. Loading the bundle (the AWS SDK's clients,
 * compiled) frees much of what it allocates: RSS after start-up 84-97 MB with it, 103-104 MB
 * without; peak RSS 168 MB against 172-174 MB (docs/bench.md, "Issue 11: memory").
 */
export const INVENTORY_MALLOC_TRIM_THRESHOLD = 131_072;

/**
 * The environment the inventory function's runtime is started with: NODE_OPTIONS (source maps,
 * the heap limits above) and glibc's malloc settings. BedrockInventory deploys it, and the bench
 * starts the function's process with it, so what is measured is what runs.
 */
export function inventoryRuntimeEnvironment(memorySize: number): { NODE_OPTIONS: string; MALLOC_ARENA_MAX: string; MALLOC_TRIM_THRESHOLD_: string } {
    return {
        NODE_OPTIONS: `--enable-source-maps --max-old-space-size=${inventoryHeapLimitMb(memorySize)} --max-semi-space-size=${INVENTORY_SEMI_SPACE_MB}`,
        MALLOC_ARENA_MAX: String(INVENTORY_MALLOC_ARENA_MAX),
        MALLOC_TRIM_THRESHOLD_: String(INVENTORY_MALLOC_TRIM_THRESHOLD),
    };
}
