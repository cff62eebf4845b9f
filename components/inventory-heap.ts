// Kept apart from inventory.ts (which loads the Pulumi SDK) so the bench can use the same figure.

/**
 * The V8 old-space limit for an inventory function of `memorySize` MB: 62.5% of it leaves room for
 * the rest of the process (code, buffers, the runtime) under Lambda's memory limit. Measured on the
 * bench's reference account: 337 MB peak RSS uncapped, 205 MB with a 160 MB heap (256 MB function).
 */
export function inventoryHeapLimitMb(memorySize: number): number {
    return Math.floor(memorySize * 0.625);
}
