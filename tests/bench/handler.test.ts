import { expect } from "chai";
import { fork } from "node:child_process";
import * as path from "node:path";
import { generateAccount } from "../../bench/account/generate";
import { VirtualClock } from "../../bench/emulator/clock";
import { AwsEmulator } from "../../bench/emulator/server";
import { BENCH_BUCKET, BENCH_KMS_KEY } from "../../bench/harness";

type HandlerReply = { result?: { statusCode: number; run_prefix?: string; status?: string; error?: string }; thrown?: string };

/** Runs inventory-fn/handler.ts untouched in its own process, pointed at the emulator by environment only. */
function invokeHandler(endpoint: string, extraEnv: Record<string, string> = {}): Promise<HandlerReply> {
    return new Promise((resolve, reject) => {
        const child = fork(path.resolve(__dirname, "../../bench/child/handler-child.ts"), [], {
            execArgv: ["--import", "tsx"],
            // The handler's log lines are not the test's output; stderr is kept for a failure message.
            stdio: ["ignore", "ignore", "pipe", "ipc"],
            env: {
                ...process.env,
                AWS_ENDPOINT_URL: endpoint,
                AWS_ACCESS_KEY_ID: "AKIDBENCHHANDLER",
                AWS_SECRET_ACCESS_KEY: "bench-secret",
                AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: "1",
                INVENTORY_KMS_KEY_ID: BENCH_KMS_KEY,
                CORE_INVENTORY_BUCKET: BENCH_BUCKET,
                REGION: "us-east-1",
                ACCOUNT_ID: "123456789012",
                CLOUDTRAIL_LOOKBACK_HOURS: "1",
                ...extraEnv,
            },
        });
        let reply: HandlerReply | undefined;
        let stderr = "";
        child.stderr?.on("data", (chunk) => (stderr += String(chunk)));
        child.on("message", (m) => (reply = m as HandlerReply));
        child.on("error", reject);
        child.on("exit", (code) => (reply ? resolve(reply) : reject(new Error(`handler process exited ${code} without a result: ${stderr}`))));
    });
}

describe("bench: the Lambda handler itself against the emulator (AWS_ENDPOINT_URL)", function () {
    this.timeout(60_000);
    const account = generateAccount({ seed: "handler-test", scale: 0.005, anchorMs: Date.now(), activityWindowMs: 3_000_000 });
    let emulator: AwsEmulator;

    // A plaintext credential in a tool's environment: CONTRACTS section 5 says no artifact ever
    // contains an environment variable's value.
    const plaintext = "sk-live-0123456789abcdef0123456789abcdef";
    const executor = account.agents.flatMap((a) => Object.values(a.actionGroups).flat()).find((g) => g.executor && "lambda" in g.executor);
    const tool = account.functions.find((f) => executor && executor.executor && "lambda" in executor.executor && executor.executor.lambda.startsWith(f.arn))!;
    tool.environment.API_KEY = plaintext;

    before(async () => {
        // Real time: the handler runs on its own clock and retry delays. Latencies are cut so the
        // agents' rate-limited reads are the only wait.
        emulator = new AwsEmulator({ account, bucket: BENCH_BUCKET, kmsKeyId: BENCH_KMS_KEY, clock: new VirtualClock(1), latencyScale: 0.1 });
        await emulator.start();
    });
    after(() => emulator.stop());

    it("returns 200 with run_prefix and promotes, with no tool's plaintext API_KEY in any object; then AccessDenied on CloudTrail returns 500 and leaves latest/ byte for byte", async () => {
        const first = await invokeHandler(emulator.endpoint);
        expect(first.result?.statusCode, JSON.stringify(first)).to.equal(200);
        expect(first.result?.run_prefix).to.match(/^bedrock-core-inventory\/runs\/\d{8}T\d{6}Z\/$/);
        const latest = emulator.s3.snapshot("latest/");
        // The twelve data artifacts (agent-versions.json the last added) and the manifest.
        expect([...latest.keys()]).to.have.length(13);
        expect(latest.has("latest/agent-versions.json")).to.equal(true);
        for (const key of latest.keys()) expect(emulator.s3.get(key)?.kmsKeyId, key).to.equal(BENCH_KMS_KEY);
        // The usage state is written with the inventory key too (the emulated bucket policy denies anything else).
        expect(emulator.s3.get("bedrock-core-inventory/state/usage.json")?.kmsKeyId).to.equal(BENCH_KMS_KEY);
        // findings.json names the plaintext variable, never its value (checked below for every object).
        const findings = JSON.parse(latest.get("latest/findings.json")!.toString("utf8")).findings as { kind: string; evidence: { environmentVariable?: string } }[];
        expect(findings.some((f) => f.kind === "plaintext_credential" && f.evidence.environmentVariable === "API_KEY")).to.equal(true);
        const credentials = latest.get("latest/agent-tool-credentials.json")!.toString("utf8");
        expect(credentials, "the tool's credentials are inventoried").to.include(tool.roleArn);
        for (const [key, body] of emulator.s3.snapshot("")) expect(body.toString("utf8"), key).to.not.include(plaintext);

        await new Promise((r) => setTimeout(r, 1100));
        emulator.setFaults({ rules: [{ name: "deny", apis: ["cloudtrail:*"], effect: "accessDenied" }] });
        const second = await invokeHandler(emulator.endpoint);
        emulator.setFaults({});
        expect(second.result?.statusCode).to.equal(500);
        expect(second.result?.status).to.equal("partial");
        expect(second.result?.error).to.match(/cloudtrail access_denied/);
        const after = emulator.s3.snapshot("latest/");
        expect([...after.keys()]).to.deep.equal([...latest.keys()]);
        for (const [key, body] of latest) expect(after.get(key)?.equals(body), key).to.equal(true);
        expect(emulator.s3.get(`${second.result?.run_prefix}manifest.json`), "the partial run's manifest is under runs/").to.not.equal(undefined);
    });
});
