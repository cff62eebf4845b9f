import { performance } from "perf_hooks";

/**
 * Cooperative time slicing for the run's CPU work (analysis, serialization, validation) done
 * while collectors are still waiting on AWS: after each slice the work yields to the event loop,
 * so the token buckets' timers and the sockets' responses are served within a few milliseconds.
 *
 * Without it, the 8 s of analysis and writing on the reference account (bench) held every
 * timer back for seconds at a time, and a rate-limited collector loses the time its token
 * waited unserved.
 */
export class CpuSlicer {
    private sliceStart = performance.now();

    /** @param sliceMs CPU time between yields; 10 ms keeps timer lateness far below the 55 ms between GetAgentActionGroup tokens. */
    constructor(private readonly sliceMs = 10) {}

    /** True once the current slice is used up: the caller should `await yield()` (a clock read otherwise). */
    due(): boolean {
        return performance.now() - this.sliceStart >= this.sliceMs;
    }

    /** Lets timers and I/O run (a macrotask turn), then starts a new slice. */
    async yield(): Promise<void> {
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.sliceStart = performance.now();
    }
}

/** A slicer whose slice never ends: work runs to completion (tests, scripts). */
export const NO_SLICING = new CpuSlicer(Infinity);
