import { handler } from "../../inventory-fn/handler";

/**
 * The Lambda handler itself, unmodified, in a fresh process: its clients find the emulator
 * through AWS_ENDPOINT_URL and the SDK's default credential chain through AWS_ACCESS_KEY_ID,
 * exactly as they would find AWS. The result goes back over IPC (stdout carries its log lines).
 */
async function main(): Promise<void> {
    const remainingMs = Number(process.env.BENCH_REMAINING_MS ?? 900_000);
    const started = Date.now();
    try {
        const result = await handler({}, { getRemainingTimeInMillis: () => remainingMs - (Date.now() - started) });
        process.send!({ result }, () => process.exit(0));
    } catch (error) {
        process.send!({ thrown: String((error as Error)?.message ?? error) }, () => process.exit(0));
    }
}

void main();
