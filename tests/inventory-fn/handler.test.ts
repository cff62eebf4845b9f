import { expect } from "chai";
import { handler } from "../../inventory-fn/handler";
import { ACCOUNT, awsError, BUCKET, installFakeAccount, KMS_KEY_ARN, REGION, stubClients, type ClientStubs } from "../fixtures/inventory-account";

const ENV = {
    INVENTORY_KMS_KEY_ID: KMS_KEY_ARN,
    CORE_INVENTORY_BUCKET: BUCKET,
    REGION,
    ACCOUNT_ID: ACCOUNT,
    OUTPUT_PREFIX: "bedrock-core-inventory/",
    // One page of CloudTrail events is enough here: the handler runs on the real clock.
    CLOUDTRAIL_LOOKBACK_HOURS: "1",
};
const context = { getRemainingTimeInMillis: () => 900_000 };

/** Runs `fn` with the Logger's stdout/stderr lines captured (and kept off the test report). */
async function captured<T>(fn: () => Promise<T>): Promise<{ value: T; lines: Record<string, unknown>[] }> {
    const output: string[] = [];
    const out = process.stdout.write;
    const err = process.stderr.write;
    const capture = ((chunk: string | Uint8Array) => output.push(String(chunk)) > 0) as typeof process.stdout.write;
    process.stdout.write = capture;
    process.stderr.write = capture;
    try {
        const value = await fn();
        const lines = output.join("").split("\n").filter((l) => l.trim().startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
        return { value, lines };
    } finally {
        process.stdout.write = out;
        process.stderr.write = err;
    }
}

describe("inventory handler", () => {
    let saved: NodeJS.ProcessEnv;
    let stubs: ClientStubs;

    beforeEach(() => {
        saved = { ...process.env };
        // Every instance of every client class: the handler builds its own.
        stubs = stubClients();
    });
    afterEach(() => {
        process.env = saved;
        Object.values(stubs).forEach((s) => s.restore());
    });

    it("fails before any AWS call, naming INVENTORY_KMS_KEY_ID, when it is not set", async () => {
        const account = installFakeAccount(stubs);
        process.env = { ...saved, ...ENV, INVENTORY_KMS_KEY_ID: "" };
        const error = await handler({}, context).then(() => undefined, (e: Error) => e);
        expect(error?.message).to.match(/INVENTORY_KMS_KEY_ID/);
        expect(account.calls).to.deep.equal([]);
        expect(Object.values(stubs).reduce((n, s) => n + s.calls().length, 0)).to.equal(0);
    });

    it("runs the inventory and returns { statusCode: 200, run_prefix } for a complete run", async () => {
        const account = installFakeAccount(stubs, { runningPolls: 0 });
        process.env = { ...saved, ...ENV };
        const { value: result, lines } = await captured(() => handler({}, context));
        expect(result.statusCode).to.equal(200);
        expect(result).to.have.property("run_prefix").that.matches(/^bedrock-core-inventory\/runs\/\d{8}T\d{6}Z\/$/);
        // Twelve data artifacts and the manifest.
        expect([...account.objects.keys()].filter((k) => k.startsWith("latest/"))).to.have.length(13);
        // No STS call: ACCOUNT_ID was given.
        expect(account.calls.some((c) => c.api === "sts:GetCallerIdentity")).to.equal(false);
        // One structured JSON line per event that matters, each with the run id.
        const runId = (result as { run_prefix: string }).run_prefix.split("/")[2];
        expect(lines.map((l) => l.message)).to.include.members(["run_started", "collector_finished", "run_finished"]);
        expect(lines.every((l) => l.runId === runId)).to.equal(true);
        expect(lines.find((l) => l.message === "run_finished")).to.include({ status: "complete", statusCode: 200 });
    });

    it("returns 500 with an error summary for a partial run", async () => {
        installFakeAccount(stubs, {
            runningPolls: 0,
            intercept: (api) => {
                if (api === "lambda:GetFunctionConfiguration") throw awsError("AccessDeniedException", "not authorized to perform lambda:GetFunctionConfiguration", 403);
            },
        });
        process.env = { ...saved, ...ENV };
        const { value: result, lines } = await captured(() => handler({}, context));
        expect(result.statusCode).to.equal(500);
        // The component's metric filter counts exactly this: message "run_finished", statusCode != 200.
        expect(lines.find((l) => l.message === "run_finished")).to.include({ level: "ERROR", status: "partial", statusCode: 500 });
        expect(result).to.deep.include({ status: "partial" });
        expect((result as { error: string }).error).to.match(/lambda access_denied \(lambda:GetFunctionConfiguration\)/);
    });

    it("returns 500 and logs promotion_failed at ERROR when a complete run's promotion is undone", async () => {
        const account = installFakeAccount(stubs, {
            runningPolls: 0,
            intercept: (api, input) => {
                if (api === "s3:CopyObject" && input.Key === "latest/agent-bindings.json") throw awsError("KMS.KMSInvalidStateException", "key is pending deletion", 400);
            },
        });
        process.env = { ...saved, ...ENV };
        const { value: result, lines } = await captured(() => handler({}, context));
        expect(result).to.deep.include({ statusCode: 500, status: "complete" });
        expect((result as { error: string }).error).to.match(/not promoted to latest\/ .*KMS\.KMSInvalidStateException.*every key was put back/);
        // First promotion: latest/ held nothing before, and holds nothing again.
        expect([...account.objects.keys()].filter((k) => k.startsWith("latest/"))).to.deep.equal([]);
        const failed = lines.find((l) => l.message === "promotion_failed");
        expect(failed).to.deep.include({ level: "ERROR", recorded: true });
        expect((failed as { promotion: { status: string } }).promotion.status).to.equal("rolled_back");
        expect(lines.find((l) => l.message === "run_finished")).to.include({ level: "ERROR", status: "complete", statusCode: 500 });
    });

    it("resolves only once nothing it started is pending: no request in flight, no timer left, when the deadline stops collection mid-read", async () => {
        let deadlinePassed = false;
        let inFlight = 0;
        installFakeAccount(stubs, {
            runningPolls: 0,
            intercept: async (api) => {
                inFlight++;
                try {
                    if (api === "bedrock:GetAgentActionGroup" && !deadlinePassed) {
                        // Slow to answer, and while it is on the wire the remaining time falls
                        // under the margin: the reads queued behind it stop at once.
                        deadlinePassed = true;
                        await new Promise((resolve) => setTimeout(resolve, 300));
                    }
                } finally {
                    inFlight--;
                }
            },
        });
        process.env = { ...saved, ...ENV };
        // mocha's own timer for this test, once it exists: the only one allowed afterwards.
        await new Promise((resolve) => setImmediate(resolve));
        const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
        const { value: result } = await captured(() => handler({}, { getRemainingTimeInMillis: () => (deadlinePassed ? 30_000 : 900_000) }));
        const timersAfter = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
        expect(result).to.deep.include({ statusCode: 500, status: "partial" });
        expect((result as { error: string }).error).to.match(/deadline/);
        expect(inFlight, "requests pending when the handler resolved").to.equal(0);
        expect(timersAfter, "timers pending when the handler resolved").to.be.at.most(timersBefore);
    });
});
