import { DescribeLogGroupsCommand, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import pLimit from "p-limit";
import { DeadlineExceededError } from "../aws/deadline";
import { apiOfError } from "../aws/gateway";
import type { ApiName } from "../aws/limits";
import { awaitedLater, settleAll, type CollectContext } from "./context";

/** One tool (Lambda) invocation seen in a log group: the REPORT line's fields, never the message. */
export interface ToolLogRow {
    readonly timestamp: string;
    readonly logGroup: string;
    readonly requestId: string | null;
    readonly durationMs: number | null;
}

export interface LogsWindow {
    /** Epoch milliseconds. */
    readonly startMs: number;
    readonly endMs: number;
}

/** Logs Insights accepts at most 50 log groups in one query. */
export const MAX_GROUPS_PER_QUERY = 50;
/** Insights returns at most 10,000 rows a query. */
export const MAX_ROWS = 10_000;
/**
 * Queries running at once, from StartQuery until their results are read or they are stopped.
 * Insights allows about 100 concurrent queries per account (older documentation: 20, then 30),
 * shared with every dashboard and person in the account; 10 leaves them nearly all of it.
 */
export const MAX_RUNNING_QUERIES = 10;
const POLL_INTERVAL_MS = 1_000;
/** A query still running after this is stopped (StopQuery) and recorded, not waited on forever. */
export const DEFAULT_QUERY_TIMEOUT_MS = 120_000;

// Lambda's REPORT line is one per invocation; @type/@requestId/@duration are fields Insights
// discovers for Lambda logs, so nothing of the message itself is read.
const QUERY = [
    "fields @timestamp, @log, @requestId, @duration",
    '| filter @type = "REPORT"',
    "| sort @timestamp desc",
    `| limit ${MAX_ROWS}`,
].join("\n");

/**
 * Tool invocations over the given log groups, 50 groups a query. StartQuery fails for the whole
 * query when one group named does not exist (a tool never invoked: Lambda creates the group on
 * the first invocation) or when the role may not query one (a custom loggingConfig group missing
 * from TOOL_LOG_GROUPS, which the component's role policy is scoped to). So each batch is first
 * looked up with one DescribeLogGroups naming its groups (`logGroupIdentifiers`): the missing ones
 * are recorded (`not_found`) and left out, and only a denied group (or one deleted since) still
 * fails a query. The group AWS's message names is then recorded and the rest queried again (one
 * more query per bad group); when the message names none of them, the query is split in halves
 * until the failing group is alone (about 2d log2(n/d) queries for d bad groups of n, not n).
 */
export async function collectToolLogs(
    ctx: CollectContext,
    logGroups: readonly string[],
    window: LogsWindow,
    queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<ToolLogRow[]> {
    const logs = new ToolLogCollector(ctx, window, queryTimeoutMs);
    for (const group of [...logGroups].sort()) logs.add(group);
    return logs.finish();
}

/**
 * {@link collectToolLogs} as the log groups are discovered: a query starts as soon as 50 new
 * groups are known (the executors' configurations arrive over the agents' whole read), and
 * `finish` queries the rest. Only the last, partial batch is left after the last executor.
 */
export class ToolLogCollector {
    private readonly seen = new Set<string>();
    private pending: string[] = [];
    private readonly queries: Promise<ToolLogRow[]>[] = [];
    /** A slot of {@link MAX_RUNNING_QUERIES}, held from StartQuery to the query's end. */
    private readonly running = pLimit(MAX_RUNNING_QUERIES);

    constructor(
        private readonly ctx: CollectContext,
        private readonly window: LogsWindow,
        private readonly queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
    ) {}

    /** Queues `group` (once); starts a query when a batch is full. */
    add(group: string): void {
        if (this.seen.has(group)) return;
        this.seen.add(group);
        this.pending.push(group);
        if (this.pending.length === MAX_GROUPS_PER_QUERY) this.flush();
    }

    /** Queries what is still queued, then every query's rows (failures recorded, never thrown). */
    async finish(): Promise<ToolLogRow[]> {
        this.flush();
        return (await settleAll(this.queries)).flat();
    }

    /** Log groups queued so far, distinct. */
    get size(): number {
        return this.seen.size;
    }

    private flush(): void {
        if (this.pending.length === 0) return;
        const batch = this.pending.sort();
        this.pending = [];
        this.queries.push(awaitedLater(this.queryBatch(batch)));
    }

    private async queryBatch(batch: string[]): Promise<ToolLogRow[]> {
        const existing = await existingGroups(this.ctx, batch);
        const readable: string[] = [];
        for (const group of batch) {
            if (existing.has(group)) readable.push(group);
            else this.ctx.errors.add({ source: "logs", kind: "not_found", api: "logs:DescribeLogGroups", resource: group, message: NOT_FOUND_MESSAGE });
        }
        return readable.length > 0 ? this.queryHalving(readable) : [];
    }

    private async queryHalving(groups: string[]): Promise<ToolLogRow[]> {
        const { ctx, window, queryTimeoutMs } = this;
        try {
            return await this.running(() => runQuery(ctx, groups, window, queryTimeoutMs));
        } catch (error) {
            if (!isPerGroupFailure(error) || groups.length === 1) {
                recordQueryFailure(ctx, groups, error);
                return [];
            }
            // AWS's message names the resource it refused or did not find: that group alone is
            // recorded and the rest queried again. A message naming none of the batch is halved.
            const named = groups.find((group) => namesGroup(error, group));
            if (named) {
                recordQueryFailure(ctx, [named], error);
                return this.queryHalving(groups.filter((group) => group !== named));
            }
            const half = Math.ceil(groups.length / 2);
            return (await settleAll([this.queryHalving(groups.slice(0, half)), this.queryHalving(groups.slice(half))])).flat();
        }
    }
}

const NOT_FOUND_MESSAGE = "log group does not exist (tool never invoked?)";

/**
 * The groups of `batch` that exist. A lookup that fails (a role deployed before this permission,
 * an API that refuses the parameter) is not a gap in the inventory: every group is then taken as
 * existing and the queries find out, as before, at a higher price.
 */
async function existingGroups(ctx: CollectContext, batch: string[]): Promise<Set<string>> {
    try {
        const found = new Set<string>();
        let nextToken: string | undefined;
        do {
            const page = await ctx.gateway.call("logs:DescribeLogGroups", () =>
                ctx.clients.logs.send(new DescribeLogGroupsCommand({ logGroupIdentifiers: batch, limit: MAX_GROUPS_PER_QUERY, nextToken })),
            );
            for (const group of page.logGroups ?? []) if (group.logGroupName) found.add(group.logGroupName);
            nextToken = page.nextToken;
        } while (nextToken);
        return found;
    } catch (error) {
        if (error instanceof DeadlineExceededError) throw error;
        return new Set(batch);
    }
}

/** The group appears in the error's message, whole (as a name, or in an ARN before `:*` or its end). */
function namesGroup(error: unknown, group: string): boolean {
    const message = (error as Error)?.message ?? "";
    const at = message.indexOf(group);
    if (at < 0) return false;
    const before = message[at - 1];
    const after = message[at + group.length];
    return (before === undefined || /['"\s:]/.test(before)) && (after === undefined || /['"\s:,.]/.test(after));
}

function isPerGroupFailure(error: unknown): boolean {
    const name = (error as Error)?.name ?? "";
    return name === "ResourceNotFoundException" || name === "AccessDeniedException" || name === "AccessDenied";
}

function recordQueryFailure(ctx: CollectContext, batch: string[], error: unknown): void {
    if ((error as Error)?.name === "ResourceNotFoundException") {
        ctx.errors.add({ source: "logs", kind: "not_found", api: "logs:StartQuery", resource: batch.join(","), message: NOT_FOUND_MESSAGE });
        return;
    }
    ctx.errors.failure("logs", apiOfError(error) ?? phaseOf(error), error, batch.join(","));
}

/**
 * The request a failure belongs to when it did not come out of the gateway: a query that timed
 * out or ended Failed was started fine, its results never came (`logs:GetQueryResults`).
 */
function phaseOf(error: unknown): ApiName {
    return error instanceof QueryResultsError ? "logs:GetQueryResults" : "logs:StartQuery";
}

/** A started query that produced no results: it ended Failed/Cancelled/Timeout, or we stopped it. */
class QueryResultsError extends Error {}

class QueryTimeoutError extends QueryResultsError {
    constructor(queryId: string, ms: number) {
        super(`Logs Insights query ${queryId} did not complete within ${ms} ms; stopped`);
        this.name = "QueryTimeout";
    }
}

async function runQuery(ctx: CollectContext, logGroupNames: string[], window: LogsWindow, timeoutMs: number): Promise<ToolLogRow[]> {
    const { gateway, clients } = ctx;
    const started = await gateway.call("logs:StartQuery", () =>
        clients.logs.send(
            new StartQueryCommand({
                logGroupNames,
                startTime: Math.floor(window.startMs / 1000),
                endTime: Math.ceil(window.endMs / 1000),
                queryString: QUERY,
                limit: MAX_ROWS,
            }),
        ),
    );
    const queryId = started.queryId;
    if (!queryId) {
        throw new Error("StartQuery returned no queryId");
    }
    const giveUpAt = gateway.time.now() + timeoutMs;
    for (;;) {
        let response;
        try {
            response = await gateway.call("logs:GetQueryResults", () => clients.logs.send(new GetQueryResultsCommand({ queryId })));
        } catch (error) {
            await stopQuietly(ctx, queryId);
            throw error;
        }
        const status = response.status;
        if (status === "Complete") {
            const rows = (response.results ?? []).map((fields) => {
                const value = (name: string) => fields.find((f) => f.field === name)?.value;
                const log = value("@log") ?? "";
                const duration = Number(value("@duration"));
                return {
                    timestamp: toIso(value("@timestamp")),
                    // @log is "<account>:<log group name>".
                    logGroup: log.includes(":") ? log.slice(log.indexOf(":") + 1) : log,
                    requestId: value("@requestId") ?? null,
                    durationMs: Number.isFinite(duration) ? duration : null,
                };
            });
            if (rows.length >= MAX_ROWS) {
                ctx.errors.add({ source: "logs", kind: "truncated", api: "logs:GetQueryResults", resource: logGroupNames.join(","), message: `query returned the ${MAX_ROWS}-row maximum; older invocations in the window are not listed` });
            }
            return rows;
        }
        if (status === "Failed" || status === "Cancelled" || status === "Timeout") {
            const error = new QueryResultsError(`Logs Insights query ${queryId} ended with status ${status}`);
            error.name = "QueryFailed";
            throw error;
        }
        if (gateway.time.now() >= giveUpAt || gateway.guard.expired()) {
            await stopQuietly(ctx, queryId);
            if (gateway.guard.expired()) {
                gateway.guard.check();
            }
            throw new QueryTimeoutError(queryId, timeoutMs);
        }
        await gateway.time.sleep(POLL_INTERVAL_MS);
    }
}

async function stopQuietly(ctx: CollectContext, queryId: string): Promise<void> {
    try {
        // Past the deadline on purpose: a query left running keeps holding one of the account's
        // concurrent-query slots for up to an hour. Through the gateway so that the run waits
        // for it (and counts it) like any other request.
        await ctx.gateway.call("logs:StopQuery", () => ctx.clients.logs.send(new StopQueryCommand({ queryId })), { afterDeadline: true });
    } catch {
        // Already finished, or not ours to stop any more: nothing useful to do.
    }
}

function toIso(value: string | undefined): string {
    if (!value) return new Date(0).toISOString();
    // Insights prints "2026-11-23 14:00:00.000" in UTC.
    const parsed = new Date(value.includes("T") ? value : `${value.replace(" ", "T")}Z`);
    return Number.isNaN(parsed.getTime()) ? new Date(0).toISOString() : parsed.toISOString();
}
