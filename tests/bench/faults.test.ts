import { expect } from "chai";
import { faultScenarios, runScenario, type FaultScenario, type ScenarioRunOptions } from "../../bench/faults/scenarios";

// End to end: the real inventory function (inventory-fn/run.ts with the handler's environment
// parsing and client set-up) against the emulator, through the SDK's serializers and retries.
// A small account and time compressed 50x keep each scenario to about a second.
const OPTIONS: ScenarioRunOptions = { account: { seed: "fault-tests", scale: 0.01 }, timeScale: 50, stormMs: 30_000, latencyScale: 0.5 };

function scenario(name: string): FaultScenario {
    const found = faultScenarios({ stormMs: OPTIONS.stormMs }).find((s) => s.name === name);
    if (!found) throw new Error(`no scenario ${name}`);
    return found;
}

describe("bench fault scenarios (function against the emulator)", function () {
    this.timeout(30_000);

    it("rides out a throttling storm (15% of every API throttled for 30 s): complete, retried, promoted", async () => {
        const storm: FaultScenario = {
            ...scenario("throttling storm"),
            faults: () => ({ rules: [{ name: "storm", apis: ["iam:*", "sts:*", "bedrock:*", "lambda:*", "logs:*", "cloudtrail:*", "s3:*"], effect: "throttle", probability: 0.15, durationMs: 30_000 }] }),
        };
        const outcome = await runScenario(storm, OPTIONS);
        expect(outcome.throttled, "throttles injected").to.be.greaterThan(0);
        // Not `retries >= throttled`: LookupEvents is retried by the gateway (limits.ts,
        // gatewayAttempts), each retry a first SDK attempt the emulator cannot tell from a new
        // request. That every throttle was ridden out is what the empty errors below prove.
        expect(outcome.retries, "the SDK retried them").to.be.greaterThan(0);
        expect(outcome.manifestErrors).to.deep.equal([]);
        expect(outcome.status).to.equal("complete");
        expect(outcome.statusCode).to.equal(200);
        expect(outcome.latestPromoted && outcome.latestIntact, "latest/ is exactly the new run").to.equal(true);
        expect(outcome.artifactsConsistent).to.equal(true);
    });

    it("keeps latest/ byte for byte through a 50% storm, whatever the run's status, and records throttling if it gives up", async () => {
        const outcome = await runScenario(scenario("throttling storm"), OPTIONS);
        expect(outcome.throttled).to.be.greaterThan(0);
        expect(outcome.latestIntact).to.equal(true);
        expect(outcome.artifactsConsistent).to.equal(true);
        if (outcome.status === "complete" && outcome.statusCode === 200) {
            expect(outcome.latestPromoted).to.equal(true);
        } else if (outcome.status === "complete") {
            // Every read done, but copies into latest/ throttled past their retries: the
            // promotion was undone (latest/ is the previous run, checked above) and recorded.
            expect(outcome.statusCode).to.equal(500);
            expect(outcome.latestPromoted).to.equal(false);
            expect(outcome.promotion).to.be.oneOf(["rolled_back", "rollback_failed", "not_started"]);
        } else if (outcome.status === "partial") {
            expect(outcome.statusCode).to.equal(500);
            expect(outcome.latestPromoted).to.equal(false);
            expect(outcome.manifestErrors.every((e) => / throttled /.test(e))).to.equal(true);
        } else {
            // A request the run cannot do without (STS for the account id, an artifact's upload)
            // throttled past its retries: a failed run, no manifest, its cause in the result.
            expect(outcome.status).to.equal("failed");
            expect(outcome.statusCode).to.equal(500);
            expect(outcome.manifestWritten).to.equal(false);
            expect(outcome.latestPromoted).to.equal(false);
            expect(outcome.result.error).to.match(/throttl|slow ?down|rate exceeded/i);
        }
    });

    it("AccessDenied on CloudTrail: partial run, recorded in the manifest, statusCode 500, latest/ untouched", async () => {
        const outcome = await runScenario(scenario("AccessDenied on CloudTrail"), OPTIONS);
        expect(outcome.status).to.equal("partial");
        expect(outcome.statusCode).to.equal(500);
        expect(outcome.result.error).to.match(/cloudtrail access_denied/);
        expect(outcome.manifestErrors).to.deep.equal(["cloudtrail access_denied (cloudtrail:LookupEvents)"]);
        expect(outcome.manifestWritten).to.equal(true);
        expect(outcome.artifactsConsistent, "every artifact the manifest lists is under runs/ with its sha256").to.equal(true);
        expect(outcome.latestPromoted).to.equal(false);
        expect(outcome.latestIntact, "latest/ byte for byte the previous run").to.equal(true);
    });

    it("S3 PutObject failing always: failed run, no manifest under runs/, latest/ untouched", async () => {
        const outcome = await runScenario(scenario("S3 PutObject fails always"), OPTIONS);
        expect(outcome.status).to.equal("failed");
        expect(outcome.statusCode).to.equal(500);
        expect(outcome.manifestWritten).to.equal(false);
        expect(outcome.latestIntact).to.equal(true);
        expect(outcome.latestPromoted).to.equal(false);
    });

    it("S3 PutObject failing once: retried by the SDK, complete and promoted", async () => {
        const outcome = await runScenario(scenario("S3 PutObject fails once"), OPTIONS);
        expect(outcome.injected).to.equal(1);
        expect(outcome.retries).to.be.at.least(1);
        expect(outcome.status).to.equal("complete");
        expect(outcome.latestPromoted && outcome.latestIntact).to.equal(true);
    });

    it("a policy document that is not JSON is recorded in errors and the run still completes and writes", async () => {
        const outcome = await runScenario(scenario("policy document not JSON"), OPTIONS);
        expect(outcome.status).to.equal("complete");
        expect(outcome.statusCode).to.equal(200);
        expect(outcome.recordedFacts.some((f) => / malformed$/.test(f)), JSON.stringify(outcome.recordedFacts)).to.equal(true);
        expect(outcome.manifestWritten && outcome.artifactsConsistent).to.equal(true);
        expect(outcome.latestPromoted && outcome.latestIntact).to.equal(true);
    });

    it("Lambda time running out: collection stops at the margin, the run is partial with a deadline error, latest/ untouched", async () => {
        // 61 s left against the default 60 s margin: one second of collection, far less than it needs.
        const outcome = await runScenario({ ...scenario("Lambda remaining time short"), remainingMs: 61_000 }, OPTIONS);
        expect(outcome.status).to.equal("partial");
        expect(outcome.statusCode).to.equal(500);
        expect(outcome.manifestErrors.some((e) => / deadline$/.test(e)), JSON.stringify(outcome.manifestErrors)).to.equal(true);
        expect(outcome.manifestWritten && outcome.artifactsConsistent, "the margin left time to write runs/").to.equal(true);
        expect(outcome.latestIntact && !outcome.latestPromoted).to.equal(true);
    });

    // Issue 18: copies into latest/ failing part-way through promotion, through the real SDK (its
    // retries included) against the versioned emulated bucket.
    it("S3 CopyObject failing once: retried by the SDK, promoted, latest/ exactly the new run", async () => {
        const outcome = await runScenario(scenario("S3 CopyObject fails once"), OPTIONS);
        expect(outcome.injected).to.equal(1);
        expect(outcome.status).to.equal("complete");
        expect(outcome.statusCode).to.equal(200);
        expect(outcome.latestPromoted && outcome.latestIntact).to.equal(true);
        expect(outcome.promotion).to.equal(undefined);
    });

    for (const name of ["S3 CopyObject fails from the 3rd copy", "manifest copy fails"]) {
        it(`${name}: the copies made are undone, latest/ is the previous run byte for byte, the run's manifest says rolled_back, 500`, async () => {
            const outcome = await runScenario(scenario(name), OPTIONS);
            expect(outcome.injected).to.be.greaterThan(0);
            expect(outcome.status, "the run's data is complete").to.equal("complete");
            expect(outcome.statusCode).to.equal(500);
            expect(outcome.result.error).to.match(/not promoted to latest\/.*every key was put back/);
            expect(outcome.promotion).to.equal("rolled_back");
            expect(outcome.latestIntact, "latest/ byte for byte the previous run").to.equal(true);
            expect(outcome.latestPromoted).to.equal(false);
            expect(outcome.artifactsConsistent).to.equal(true);
        });
    }

    it("KMS key unusable from the 5th copy, puts included: undone without KMS; the put recording it fails too and the result says so", async () => {
        const outcome = await runScenario(scenario("KMS key unusable from the 5th copy"), OPTIONS);
        expect(outcome.status).to.equal("complete");
        expect(outcome.statusCode).to.equal(500);
        expect(outcome.latestIntact && !outcome.latestPromoted, "latest/ byte for byte the previous run").to.equal(true);
        // The run's manifest stays as first written (complete, no promotion): nothing could be put.
        expect(outcome.promotion).to.equal(undefined);
        expect(outcome.result.error).to.match(/every key was put back.*recording it in .*manifest\.json failed too: KMS\.KMSInvalidStateException/);
    });

    it("KMS key unusable on PutObject: failed run, no manifest, latest/ untouched", async () => {
        const outcome = await runScenario(scenario("KMS key unusable on PutObject"), OPTIONS);
        expect(outcome.status).to.equal("failed");
        expect(outcome.statusCode).to.equal(500);
        expect(outcome.result.error).to.match(/KMS\.KMSInvalidStateException/);
        expect(outcome.manifestWritten).to.equal(false);
        expect(outcome.latestIntact && !outcome.latestPromoted).to.equal(true);
    });
});
