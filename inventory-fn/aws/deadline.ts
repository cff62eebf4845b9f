/** Thrown when the run must stop collecting to keep time for writing what it has. */
export class DeadlineExceededError extends Error {
    constructor(readonly remainingMs: number, readonly marginMs: number) {
        super(`stopped collecting with ${remainingMs} ms left (margin ${marginMs} ms)`);
        this.name = "DeadlineExceededError";
    }
}

/**
 * The remaining-time guard. `remainingMs` is Lambda's `context.getRemainingTimeInMillis` (or
 * anything with the same meaning); `marginMs` is the time kept back for writing the artifacts
 * under runs/ and the manifest, so a slow account yields a partial run, not a killed one.
 */
export class Deadline {
    constructor(private readonly remainingMs: () => number, readonly marginMs: number) {}

    remaining(): number {
        return this.remainingMs();
    }

    /** False for {@link Deadline.none}: nothing bounds how long a request may keep trying. */
    get bounded(): boolean {
        return Number.isFinite(this.remainingMs());
    }

    expired(): boolean {
        return this.remainingMs() < this.marginMs;
    }

    /** Throws {@link DeadlineExceededError} once inside the margin. */
    check(): void {
        const remaining = this.remainingMs();
        if (remaining < this.marginMs) {
            throw new DeadlineExceededError(remaining, this.marginMs);
        }
    }

    /** No deadline: local runs and tests that do not exercise it. */
    static none(): Deadline {
        return new Deadline(() => Number.POSITIVE_INFINITY, 0);
    }
}
