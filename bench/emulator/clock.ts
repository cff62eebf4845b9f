/**
 * Emulated time. The bench compresses time by `timeScale` so a run that would take two minutes
 * against AWS's quotas takes thirty seconds here: every rate is per virtual second, every latency
 * is in virtual milliseconds, and the function under test gets a clock and retry delays on the
 * same scale. CPU work is not compressed, so a compressed run is pessimistic for the function:
 * its own computing weighs `timeScale` times more against the quotas than it would in Lambda.
 */
export class VirtualClock {
    constructor(
        /** Virtual milliseconds per real millisecond (1 = real time). */
        readonly timeScale: number = 1,
        /** Real epoch ms at which virtual and real time coincide. */
        readonly originMs: number = Date.now(),
    ) {
        if (!(timeScale > 0)) throw new Error(`timeScale: got ${timeScale}, expected a number > 0`);
    }

    /** Virtual epoch milliseconds. */
    now(): number {
        return this.originMs + (Date.now() - this.originMs) * this.timeScale;
    }

    /** Waits `virtualMs` of virtual time. */
    sleep(virtualMs: number): Promise<void> {
        const realMs = virtualMs / this.timeScale;
        return new Promise((resolve) => setTimeout(resolve, Math.max(0, realMs)));
    }

    toReal(virtualMs: number): number {
        return virtualMs / this.timeScale;
    }
}
