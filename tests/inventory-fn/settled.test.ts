import { expect } from "chai";
import { Deadline } from "../../inventory-fn/aws/deadline";
import { AwsGateway } from "../../inventory-fn/aws/gateway";
import { settleAll } from "../../inventory-fn/collect/context";
import { FakeClock } from "../fixtures/inventory-account";
import { runFixture, START } from "./harness";

// "Every request settled before the handler returns": in Lambda, a request still pending when
// the handler resolves is frozen with the environment and resumes inside the next warm
// invocation (its retries, its callbacks, its writes to the run's state included).
describe("inventory run: nothing outlives it", () => {
    it("waits for requests already sent when the deadline stops collection, instead of returning beside them", async () => {
        const clock = new FakeClock(START);
        let inFlight = 0;
        let slowSettledAt: number | undefined;
        const run = await runFixture({
            clock,
            run: { deadlineMarginMs: 60_000 },
            remainingTimeMs: (c) => 100_000 - (c.now() - START),
            account: {
                intercept: async (api) => {
                    inFlight++;
                    try {
                        if (api === "bedrock:GetAgentActionGroup" && slowSettledAt === undefined) {
                            // The first action group read is slow to answer, and while it is on the
                            // wire the remaining time drops under the margin: the reads queued
                            // behind it fail their deadline check at once.
                            slowSettledAt = -1;
                            clock.ms += 50_000;
                            await new Promise((resolve) => setTimeout(resolve, 300));
                            slowSettledAt = Date.now();
                        }
                    } finally {
                        inFlight--;
                    }
                },
            },
        });
        const returnedAt = Date.now();
        expect(run.outcome.status).to.equal("partial");
        expect(run.outcome.errors.some((e) => e.kind === "deadline"), JSON.stringify(run.outcome.errors)).to.equal(true);
        expect(inFlight, "requests still pending when the run returned").to.equal(0);
        expect(slowSettledAt, "the slow read settled before the run returned").to.be.a("number").and.at.most(returnedAt);
    });

    it("settleAll rejects with the first failure only once every promise has settled", async () => {
        let slowDone = false;
        const slow = new Promise<number>((resolve) => setTimeout(() => { slowDone = true; resolve(2); }, 30));
        const failing = Promise.reject(new Error("deadline"));
        let rejectedWith: unknown;
        await settleAll([slow, failing]).catch((error) => (rejectedWith = error));
        expect((rejectedWith as Error).message).to.equal("deadline");
        expect(slowDone).to.equal(true);
        expect(await settleAll([Promise.resolve(1), Promise.resolve(2)])).to.deep.equal([1, 2]);
    });

    it("gateway.settled() waits for every call, those made while it waits included", async () => {
        const gateway = new AwsGateway(new FakeClock(0), Deadline.none());
        const done: string[] = [];
        const request = (name: string, ms: number, then?: () => void) =>
            gateway.call("s3:GetObject", () => new Promise<void>((resolve) => setTimeout(() => { done.push(name); then?.(); resolve(); }, ms)));
        void request("first", 10, () => void request("started meanwhile", 20).catch(() => undefined));
        void request("failing", 5).then(() => { throw new Error("x"); }).catch(() => undefined);
        await gateway.settled();
        expect(done.sort()).to.deep.equal(["failing", "first", "started meanwhile"]);
    });
});
