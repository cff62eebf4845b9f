// Executors' configurations are read as soon as an action group names them, while other
// agents' action groups are still being read (the agents' reads are the run's longest chain).
import { expect } from "chai";
import { createClients } from "../../inventory-fn/aws/clients";
import { Deadline, DeadlineExceededError } from "../../inventory-fn/aws/deadline";
import { AwsGateway } from "../../inventory-fn/aws/gateway";
import { RunErrors } from "../../inventory-fn/collect/context";
import { FunctionCollector } from "../../inventory-fn/collect/lambda";
import { FakeClock } from "../fixtures/inventory-account";
import { runFixture } from "./harness";
import { whenWritten } from "../../inventory-fn/run";

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
        // Two Lambda reads: the agents' executors (2) and the AgentCore gateway's Lambda target (1).
        const lambda = run.events.filter((e) => e.event === "collector_finished" && e.collector === "lambda");
        expect(lambda.map((e) => e.event === "collector_finished" && e.ok && e.count)).to.have.members([2, 1]);
    });
});

describe("inventory run: artifacts written as their inputs arrive", () => {
    it("puts principals, models and both bindings artifacts while the agents' action groups are still being read, the manifest still last", async () => {
        const early = ["principals.json", "models.json", "model-bindings.json", "agent-bindings.json"];
        const put = new Set<string>();
        let release: () => void = () => {};
        const gate = new Promise<void>((resolve) => (release = resolve));
        // Without the pipeline these puts never come before the action groups: the gate opens on its own after a while.
        const timer = setTimeout(release, 2_000);
        let releasedByPuts = false;
        const run = await runFixture({
            account: {
                intercept: async (api, input) => {
                    if (api === "s3:PutObject") {
                        put.add(String(input.Key).split("/").pop()!);
                        if (early.every((name) => put.has(name))) {
                            releasedByPuts = true;
                            release();
                        }
                    }
                    if (api === "bedrock:GetAgentActionGroup") await gate;
                },
            },
        });
        clearTimeout(timer);
        expect(releasedByPuts, "the four artifacts were put while GetAgentActionGroup was held").to.equal(true);
        expect(run.outcome.statusCode).to.equal(200);
        const keys = run.account.s3Ops.filter((o) => o.op === "put").map((o) => o.key.split("/").pop());
        // Before anything made of the agents' action groups: the four, and possibly the AgentCore
        // artifacts, whose inputs come before the agents' too.
        const firstLate = keys.findIndex((k) => ["agent-tool-credentials.json", "activity-logs.json", "findings.json", "usage.json"].includes(k!));
        expect(keys.slice(0, firstLate)).to.include.members(early);
        expect(keys.slice(0, firstLate).filter((k) => !early.includes(k!) && !k!.startsWith("agentcore-"))).to.deep.equal([]);
        expect(keys[keys.length - 1]).to.equal("manifest.json");
    });
});

describe("inventory executors: a deadline while reading a configuration", () => {
    it("is held until done(), without an unhandled rejection in between", async () => {
        const clients = createClients({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
        const ctx = { clients, gateway: new AwsGateway(new FakeClock(0), new Deadline(() => 1_000, 60_000)), errors: new RunErrors() };
        const unhandled: unknown[] = [];
        const listener = (reason: unknown) => unhandled.push(reason);
        process.on("unhandledRejection", listener);
        const executors = new FunctionCollector(ctx);
        try {
            executors.add("arn:aws:lambda:us-east-1:123456789012:function:tool");
            await new Promise((resolve) => setTimeout(resolve, 20));
        } finally {
            process.off("unhandledRejection", listener);
        }
        expect(unhandled, "unhandled rejections (in Lambda: the end of the process)").to.deep.equal([]);
        expect(await executors.done().catch((e) => e)).to.be.instanceOf(DeadlineExceededError);
    });
});

describe("inventory run: an artifact's records are computed when it is written", () => {
    it("whenWritten calls its producer on the first iteration, not before, and yields what it made", () => {
        let made = 0;
        const batches = whenWritten(() => {
            made++;
            return [[1, 2], [3]];
        });
        expect(made, "nothing computed when its inputs arrive").to.equal(0);
        expect([...batches].map((b) => [...b])).to.deep.equal([[1, 2], [3]]);
        expect(made).to.equal(1);
    });
});
