import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeLogGroupsCommand, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { createClients } from "../../inventory-fn/aws/clients";
import { Deadline } from "../../inventory-fn/aws/deadline";
import { AwsGateway } from "../../inventory-fn/aws/gateway";
import { RunErrors } from "../../inventory-fn/collect/context";
import { collectToolLogs, MAX_GROUPS_PER_QUERY, MAX_RUNNING_QUERIES, ToolLogCollector } from "../../inventory-fn/collect/logs";
import { DeadlineExceededError } from "../../inventory-fn/aws/deadline";
import { awsError, FakeClock } from "../fixtures/inventory-account";

const window = { startMs: Date.parse("2026-11-23T13:00:00Z"), endMs: Date.parse("2026-11-23T14:00:00Z") };

function setup(answer: {
    results?: (queryId: string) => { status: string; results?: unknown[] };
    start?: (groups: string[]) => void;
    /** Groups DescribeLogGroups does not list (default: every group exists). */
    missing?: readonly string[];
    describe?: (identifiers: string[]) => void;
}) {
    const clients = createClients({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const logs = mockClient(clients.logs);
    const started: string[][] = [];
    const stopped: string[] = [];
    const described: string[][] = [];
    logs.on(DescribeLogGroupsCommand).callsFake((input) => {
        described.push(input.logGroupIdentifiers);
        answer.describe?.(input.logGroupIdentifiers);
        return { logGroups: (input.logGroupIdentifiers as string[]).filter((g) => !answer.missing?.includes(g)).map((logGroupName) => ({ logGroupName })) };
    });
    logs.on(StartQueryCommand).callsFake((input) => {
        started.push(input.logGroupNames);
        answer.start?.(input.logGroupNames);
        return { queryId: `q${started.length}` };
    });
    logs.on(GetQueryResultsCommand).callsFake((input) => answer.results?.(input.queryId) ?? { status: "Complete", results: [] });
    logs.on(StopQueryCommand).callsFake((input) => {
        stopped.push(input.queryId);
        return { success: true };
    });
    const clock = new FakeClock(window.endMs);
    const errors = new RunErrors();
    const ctx = { clients, gateway: new AwsGateway(clock, Deadline.none()), errors };
    return { ctx, started, stopped, described, errors, clock, restore: () => logs.restore() };
}

describe("inventory Logs Insights collector", () => {
    it(`queries at most ${MAX_GROUPS_PER_QUERY} log groups at a time, each group once`, async () => {
        const groups = Array.from({ length: 123 }, (_, i) => `/aws/lambda/tool-${String(i).padStart(3, "0")}`);
        const s = setup({});
        try {
            await collectToolLogs(s.ctx, [...groups, groups[0]], window);
            expect(s.started.map((g) => g.length)).to.deep.equal([50, 50, 23]);
            expect(s.started.flat().sort()).to.deep.equal(groups);
        } finally {
            s.restore();
        }
    });

    it("starts a query as soon as 50 groups are known, while more are still being discovered, and the rest on finish", async () => {
        const s = setup({});
        try {
            const logs = new ToolLogCollector(s.ctx, window);
            for (let i = 0; i < 49; i++) logs.add(`/aws/lambda/tool-${String(i).padStart(3, "0")}`);
            logs.add("/aws/lambda/tool-000"); // known already: not counted twice
            await new Promise((resolve) => setTimeout(resolve, 5));
            expect(s.started, "49 groups: nothing yet").to.deep.equal([]);
            logs.add("/aws/lambda/tool-049");
            await new Promise((resolve) => setTimeout(resolve, 5));
            expect(s.started.map((g) => g.length), "the 50th group starts a query").to.deep.equal([50]);
            for (let i = 50; i < 60; i++) logs.add(`/aws/lambda/tool-${i}`);
            await logs.finish();
            expect(s.started.map((g) => g.length)).to.deep.equal([50, 10]);
            expect(logs.size).to.equal(60);
        } finally {
            s.restore();
        }
    });

    it("holds a query's deadline failure until finish, without an unhandled rejection in between", async () => {
        const s = setup({});
        try {
            let remaining = 120_000;
            const ctx = { ...s.ctx, gateway: new AwsGateway(s.clock, new Deadline(() => remaining, 60_000)) };
            const logs = new ToolLogCollector(ctx, window);
            remaining = 1_000;
            const unhandled: unknown[] = [];
            const listener = (reason: unknown) => unhandled.push(reason);
            process.on("unhandledRejection", listener);
            try {
                for (let i = 0; i < 50; i++) logs.add(`/aws/lambda/tool-${i}`);
                await new Promise((resolve) => setTimeout(resolve, 20));
            } finally {
                process.off("unhandledRejection", listener);
            }
            expect(unhandled, "unhandled rejections (in Lambda: the end of the process)").to.deep.equal([]);
            const error = await logs.finish().catch((e) => e);
            expect(error).to.be.instanceOf(DeadlineExceededError);
        } finally {
            s.restore();
        }
    });

    it("polls until the query completes and reads @timestamp, @log, @requestId, @duration", async () => {
        let polls = 0;
        const s = setup({
            results: () =>
                ++polls < 3
                    ? { status: "Running" }
                    : {
                          status: "Complete",
                          results: [[
                              { field: "@timestamp", value: "2026-11-23 13:30:00.000" },
                              { field: "@log", value: "123456789012:/aws/lambda/tool" },
                              { field: "@requestId", value: "req-1" },
                              { field: "@duration", value: "12.5" },
                          ]],
                      },
        });
        try {
            const rows = await collectToolLogs(s.ctx, ["/aws/lambda/tool"], window);
            expect(polls).to.equal(3);
            expect(rows).to.deep.equal([{ timestamp: "2026-11-23T13:30:00.000Z", logGroup: "/aws/lambda/tool", requestId: "req-1", durationMs: 12.5 }]);
        } finally {
            s.restore();
        }
    });

    it("stops a query that does not finish within its timeout and records the failure", async () => {
        const s = setup({ results: () => ({ status: "Running" }) });
        try {
            const rows = await collectToolLogs(s.ctx, ["/aws/lambda/tool"], window, 30_000);
            expect(rows).to.deep.equal([]);
            expect(s.stopped).to.deep.equal(["q1"]);
            expect(s.errors.all()).to.have.length(1);
            // The query started; it is its results that never came.
            expect(s.errors.all()[0]).to.include({ source: "logs", kind: "service_error", api: "logs:GetQueryResults", resource: "/aws/lambda/tool" });
            expect(s.errors.breaksRun()).to.equal(true);
        } finally {
            s.restore();
        }
    });

    it("records a query that ended Failed, and a GetQueryResults error, under logs:GetQueryResults; a StartQuery error under logs:StartQuery", async () => {
        const s = setup({
            start: (groups) => {
                if (groups.includes("/aws/lambda/c")) throw awsError("InvalidParameterException", "bad query", 400);
            },
            results: (queryId) => {
                if (queryId === "q1") return { status: "Failed" };
                throw awsError("InvalidParameterException", "unknown query id", 400);
            },
        });
        try {
            const logs = new ToolLogCollector(s.ctx, window);
            logs.add("/aws/lambda/a");
            // One batch a group: finish() flushes what is queued, so flush between adds.
            await logs.finish();
            logs.add("/aws/lambda/b");
            await logs.finish();
            logs.add("/aws/lambda/c");
            await logs.finish();
            const byGroup = Object.fromEntries(s.errors.all().map((e) => [e.resource, e.api]));
            expect(byGroup).to.deep.equal({ "/aws/lambda/a": "logs:GetQueryResults", "/aws/lambda/b": "logs:GetQueryResults", "/aws/lambda/c": "logs:StartQuery" });
        } finally {
            s.restore();
        }
    });

    it("looks each batch up first and leaves groups that do not exist out of its query, one not_found per group", async () => {
        const groups = Array.from({ length: 100 }, (_, i) => `/aws/lambda/tool-${String(i).padStart(3, "0")}`);
        const missing = [groups[3], groups[47], groups[60]];
        const s = setup({ missing });
        try {
            await collectToolLogs(s.ctx, groups, window);
            expect(s.described.map((g) => g.length), "one lookup per batch, naming its groups").to.deep.equal([50, 50]);
            expect(s.started.map((g) => g.length), "one query per batch, without the missing groups").to.deep.equal([48, 49]);
            expect(s.started.flat()).to.not.include.members(missing);
            expect(s.errors.all()).to.deep.equal(
                missing.map((resource) => ({ source: "logs", kind: "not_found", api: "logs:DescribeLogGroups", resource, message: "log group does not exist (tool never invoked?)" })),
            );
            // A tool never invoked is a fact, not an outage.
            expect(s.errors.breaksRun()).to.equal(false);
        } finally {
            s.restore();
        }
    });

    it("queries every group when the lookup itself fails, and still isolates a missing one by halving", async () => {
        const groups = Array.from({ length: 50 }, (_, i) => `/aws/lambda/tool-${String(i).padStart(3, "0")}`);
        const s = setup({
            describe: () => {
                throw awsError("AccessDeniedException", "not authorized to perform: logs:DescribeLogGroups", 400);
            },
            start: (g) => {
                if (g.includes(groups[17])) throw awsError("ResourceNotFoundException", "Log group does not exist", 400);
            },
        });
        try {
            await collectToolLogs(s.ctx, groups, window);
            // 50 -> 25 -> 13 -> 7 -> 4 -> 2 -> 1: one failing query per level, one good sibling.
            expect(s.started.length).to.be.at.most(2 * Math.ceil(Math.log2(50)) + 1);
            const read = s.started.filter((g) => !g.includes(groups[17])).flat();
            expect(read.sort()).to.deep.equal(groups.filter((g) => g !== groups[17]));
            expect(s.errors.all()).to.deep.equal([
                { source: "logs", kind: "not_found", api: "logs:StartQuery", resource: groups[17], message: "log group does not exist (tool never invoked?)" },
            ]);
            expect(s.errors.breaksRun(), "the lookup's denial is not a gap: every group was still read").to.equal(false);
        } finally {
            s.restore();
        }
    });

    it("isolates groups the role may not query by halving, reads the rest, records each denial (run partial)", async () => {
        const groups = Array.from({ length: 50 }, (_, i) => `/aws/lambda/tool-${String(i).padStart(3, "0")}`);
        const denied = ["/custom/not-in-tool-log-groups-a", "/custom/not-in-tool-log-groups-b"];
        const s = setup({
            start: (g) => {
                if (g.some((x) => denied.includes(x))) throw awsError("AccessDeniedException", "not authorized to perform: logs:StartQuery", 400);
            },
        });
        try {
            await collectToolLogs(s.ctx, [...groups.slice(0, 48), ...denied], window);
            expect(s.started.length, "halving, not one query per group").to.be.below(25);
            const read = s.started.filter((g) => !g.some((x) => denied.includes(x))).flat();
            expect(read.sort()).to.deep.equal(groups.slice(0, 48));
            expect(s.errors.all().map((e) => [e.kind, e.resource])).to.have.deep.members(denied.map((d) => ["access_denied", d]));
            expect(s.errors.breaksRun()).to.equal(true);
        } finally {
            s.restore();
        }
    });

    it("drops the group AWS's denial names and queries the rest again: one more query per denied group", async () => {
        const groups = Array.from({ length: 48 }, (_, i) => `/aws/lambda/tool-${String(i).padStart(3, "0")}`);
        const denied = ["/custom/tools/a", "/custom/tools/b"];
        const s = setup({
            start: (g) => {
                const refused = g.find((x) => denied.includes(x));
                if (refused) throw awsError("AccessDeniedException", `User: arn:aws:sts::123456789012:assumed-role/inventory/fn is not authorized to perform: logs:StartQuery on resource: arn:aws:logs:us-east-1:123456789012:log-group:${refused}:* because no identity-based policy allows the logs:StartQuery action`, 400);
            },
        });
        try {
            await collectToolLogs(s.ctx, [...groups, ...denied], window);
            expect(s.started.map((g) => g.length)).to.deep.equal([50, 49, 48]);
            expect(s.errors.all().map((e) => [e.kind, e.resource])).to.deep.equal(denied.map((d) => ["access_denied", d]));
        } finally {
            s.restore();
        }
    });

    it(`keeps at most ${MAX_RUNNING_QUERIES} queries running at once`, async () => {
        let running = 0;
        let peak = 0;
        const polls = new Map<string, number>();
        const s = setup({
            start: () => {
                running++;
                peak = Math.max(peak, running);
            },
            // Nothing completes before the cap is reached: without it, more would start meanwhile.
            results: (queryId) => {
                const n = (polls.get(queryId) ?? 0) + 1;
                polls.set(queryId, n);
                if (s.started.length < MAX_RUNNING_QUERIES || n < 2) return { status: "Running" };
                running--;
                return { status: "Complete", results: [] };
            },
        });
        try {
            const groups = Array.from({ length: 50 * (MAX_RUNNING_QUERIES + 5) }, (_, i) => `/aws/lambda/tool-${String(i).padStart(4, "0")}`);
            await collectToolLogs(s.ctx, groups, window);
            expect(s.started).to.have.length(MAX_RUNNING_QUERIES + 5);
            expect(peak).to.equal(MAX_RUNNING_QUERIES);
        } finally {
            s.restore();
        }
    });

    it("records a failed query as a collector failure", async () => {
        const s = setup({ results: () => ({ status: "Failed" }) });
        try {
            await collectToolLogs(s.ctx, ["/aws/lambda/tool"], window);
            expect(s.errors.all()[0].message).to.match(/ended with status Failed/);
            expect(s.errors.breaksRun()).to.equal(true);
        } finally {
            s.restore();
        }
    });
});
