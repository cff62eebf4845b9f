// Kept apart from inventory.ts (which loads the Pulumi SDK) so the bench can use the same figure.

/**
 * The V8 old-space limit for an inventory function of `memorySize` MB: 62.5% of it leaves room for
 * the rest of the process (code, buffers, the runtime) under Lambda's memory limit. Measured on the
 * bench's reference account with a 160 MB heap (256 MB function): 181 MB peak RSS at 4eaa66c (214 MB
 * at d8c2c87, with the AgentCore and findings artifacts: docs/bench.md), of which 96 MB
 * is the runtime and the bundle at start-up (README, "Inventory at scale"). Before the artifacts
 * were streamed and pipelined the same run needed 337 MB uncapped, 205 MB capped.
 */
export function inventoryHeapLimitMb(memorySize: number): number {
    return Math.floor(memorySize * 0.625);
}
