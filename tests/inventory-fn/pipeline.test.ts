// Executors' configurations are read as soon as an action group names them, while other
// agents' action groups are still being read (the agents' reads are the run's longest chain).
import { expect } from "chai";
import { runFixture } from "./harness";

describe("inventory run: pipelined executor reads", () => {
    it("starts GetFunctionConfiguration before the last GetAgentActionGroup, once per distinct executor, and still completes", async () => {
        const run = await runFixture();
        expect(run.outcome.statusCode).to.equal(200);
        const apis = run.account.calls.map((c) => c.api);
        const firstLambda = apis.indexOf("lambda:GetFunctionConfiguration");
        const lastActionGroup = apis.lastIndexOf("bedrock:GetAgentActionGroup");
        expect(firstLambda, "a configuration read").to.be.greaterThan(-1);
        expect(firstLambda, "first configuration read before the last action group read").to.be.lessThan(lastActionGroup);
        const refs = run.account.callsOf("lambda:GetFunctionConfiguration").map((i) => String(i.FunctionName));
        expect(new Set(refs).size).to.equal(refs.length);
        const lambda = run.events.find((e) => e.event === "collector_finished" && e.collector === "lambda");
        expect(lambda && lambda.event === "collector_finished" && lambda.ok && lambda.count).to.equal(2);
    });
});
