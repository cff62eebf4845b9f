import type { Clock } from "./clock";

/**
 * A token bucket: at most `ratePerSecond` requests a second sustained, `burst` at once. Takers
 * queue in order, so concurrent callers cannot all see the same token.
 */
export class TokenBucket {
    private tokens: number;
    private last: number;
    private queue: Promise<void> = Promise.resolve();

    constructor(
        private readonly ratePerSecond: number,
        private readonly burst: number,
        private readonly clock: Clock,
    ) {
        this.tokens = burst;
        this.last = clock.now();
    }

    /** Resolves when a token has been taken. */
    take(): Promise<void> {
        const turn = this.queue.then(() => this.takeNow());
        this.queue = turn.catch(() => undefined);
        return turn;
    }

    private async takeNow(): Promise<void> {
        for (;;) {
            const now = this.clock.now();
            this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
            this.last = now;
            if (this.tokens >= 1) {
                this.tokens -= 1;
                return;
            }
            await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
        }
    }
}
