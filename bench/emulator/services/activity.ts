import type { Account } from "../../account/types";
import type { VirtualClock } from "../clock";
import { CLOUDTRAIL_PAGE_SIZE, LOGS_CONCURRENT_QUERIES, LOGS_GROUPS_PER_QUERY, LOGS_QUERY_RUNTIME } from "../quotas";
import { ApiError, jsonResponse, type EmulatedRequest } from "../wire";
import type { Route } from "./route";

/** CloudWatch Logs and CloudTrail: awsJson1_1, the operation in `X-Amz-Target`. */

function target(request: EmulatedRequest): string | undefined {
    const header = request.headers["x-amz-target"];
    return typeof header === "string" ? header : undefined;
}

function input(request: EmulatedRequest): Record<string, any> {
    try {
        return request.body.length ? JSON.parse(request.body.toString("utf8")) : {};
    } catch {
        throw new ApiError("SerializationException", "Body is not valid JSON", 400);
    }
}

interface Query {
    readonly id: string;
    readonly groups: string[];
    readonly startMs: number;
    readonly endMs: number;
    readonly limit: number;
    readonly completesAt: number;
    status: "Scheduled" | "Running" | "Complete" | "Cancelled" | "Failed";
}

/** Insights queries in flight, per emulated account. */
export class LogsState {
    readonly queries = new Map<string, Query>();
    private next = 0;
    neverComplete = false;
    /** Highest number of queries running at once, for the bench's report. */
    peakConcurrent = 0;

    constructor(
        private readonly clock: VirtualClock,
        /** The emulator's latency multiplier: a query's run time is a latency too. */
        private readonly latencyScale: () => number = () => 1,
    ) {}

    running(): number {
        const now = this.clock.now();
        let n = 0;
        for (const q of this.queries.values()) {
            if (q.status === "Running" || q.status === "Scheduled") {
                if (!this.neverComplete && now >= q.completesAt) q.status = "Complete";
                else n++;
            }
        }
        return n;
    }

    start(groups: string[], startMs: number, endMs: number, limit: number): Query {
        const id = `${(++this.next).toString(16).padStart(8, "0")}-bench-4q00-8000-${Date.now().toString(16).padStart(12, "0")}`;
        const q: Query = { id, groups, startMs, endMs, limit, completesAt: this.clock.now() + (LOGS_QUERY_RUNTIME.baseMs + LOGS_QUERY_RUNTIME.perGroupMs * groups.length) * this.latencyScale(), status: "Running" };
        this.queries.set(id, q);
        this.peakConcurrent = Math.max(this.peakConcurrent, this.running());
        return q;
    }
}

function formatInsightsTime(ms: number): string {
    return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

export function logsRoute(request: EmulatedRequest, account: Account, state: LogsState): Route | undefined {
    const t = target(request);
    if (!t?.startsWith("Logs_20140328.")) return undefined;
    const op = t.split(".")[1];
    const api = `logs:${op}`;
    switch (op) {
        case "StartQuery":
            return {
                api,
                handle: () => {
                    const body = input(request);
                    const names: string[] = body.logGroupNames ?? (body.logGroupIdentifiers ?? []).map((id: string) => id.replace(/^arn:[^:]+:logs:[^:]+:\d+:log-group:/, "").replace(/:\*$/, ""));
                    if (names.length === 0 || names.length > LOGS_GROUPS_PER_QUERY) {
                        throw new ApiError("InvalidParameterException", `logGroupNames must name between 1 and ${LOGS_GROUPS_PER_QUERY} log groups`, 400);
                    }
                    // IAM is evaluated before the groups are looked up: a denied group fails the
                    // request even beside missing ones, as one outside the role's policy would.
                    const denied = names.find((n) => account.deniedLogGroups.includes(n));
                    if (denied) throw new ApiError("AccessDeniedException", `User: arn:aws:sts::${account.accountId}:assumed-role/inventory/fn is not authorized to perform: logs:StartQuery on resource: arn:aws:logs:${account.region}:${account.accountId}:log-group:${denied}`, 400);
                    const known = new Set(account.logGroups.map((g) => g.name));
                    const missing = names.find((n) => !known.has(n));
                    if (missing) throw new ApiError("ResourceNotFoundException", `Log group '${missing}' does not exist for account ID '${account.accountId}'`, 400);
                    if (typeof body.queryString !== "string" || !body.queryString) throw new ApiError("InvalidParameterException", "queryString is required", 400);
                    if (state.running() >= LOGS_CONCURRENT_QUERIES) {
                        throw new ApiError("LimitExceededException", `Account maximum query concurrency limit of [${LOGS_CONCURRENT_QUERIES}] reached.`, 400);
                    }
                    const q = state.start(names, Number(body.startTime) * 1000, Number(body.endTime) * 1000, Math.min(Number(body.limit ?? 1000), 10000));
                    return { response: jsonResponse({ queryId: q.id }, 200, "awsJson1_1") };
                },
            };
        case "GetQueryResults":
            return {
                api,
                handle: () => {
                    const q = state.queries.get(input(request).queryId);
                    if (!q) throw new ApiError("ResourceNotFoundException", "Query does not exist", 400);
                    state.running();
                    if (q.status !== "Complete") {
                        return { response: jsonResponse({ status: q.status, results: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } }, 200, "awsJson1_1") };
                    }
                    const rows = [];
                    for (const name of q.groups) {
                        const group = account.logGroups.find((g) => g.name === name)!;
                        for (const r of group.records) {
                            if (r.timestamp < q.startMs || r.timestamp > q.endMs) continue;
                            rows.push([
                                { field: "@timestamp", value: formatInsightsTime(r.timestamp) },
                                { field: "@message", value: r.message },
                                { field: "@log", value: `${account.accountId}:${name}` },
                                { field: "@logStream", value: `2026/11/23/[$LATEST]${r.requestId.replace(/-/g, "")}` },
                                { field: "@requestId", value: r.requestId },
                                { field: "@ptr", value: Buffer.from(`${name}/${r.requestId}`).toString("base64") },
                            ]);
                        }
                    }
                    const limited = rows.slice(0, q.limit);
                    return {
                        items: limited.length,
                        response: jsonResponse({ status: "Complete", results: limited, statistics: { recordsMatched: rows.length, recordsScanned: rows.length * 40, bytesScanned: rows.length * 4000 } }, 200, "awsJson1_1"),
                    };
                },
            };
        case "StopQuery":
            return {
                api,
                handle: () => {
                    const q = state.queries.get(input(request).queryId);
                    if (!q) throw new ApiError("ResourceNotFoundException", "Query does not exist", 400);
                    const success = q.status === "Running" || q.status === "Scheduled";
                    if (success) q.status = "Cancelled";
                    return { response: jsonResponse({ success }, 200, "awsJson1_1") };
                },
            };
        case "DescribeLogGroups":
            return {
                api,
                handle: () => {
                    const body = input(request);
                    const prefix: string = body.logGroupNamePrefix ?? "";
                    const identifiers: string[] | undefined = body.logGroupIdentifiers;
                    if (identifiers && (prefix || body.logGroupNamePattern)) throw new ApiError("InvalidParameterException", "logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern", 400);
                    if (identifiers && (identifiers.length === 0 || identifiers.length > LOGS_GROUPS_PER_QUERY)) {
                        throw new ApiError("InvalidParameterException", `logGroupIdentifiers must name between 1 and ${LOGS_GROUPS_PER_QUERY} log groups`, 400);
                    }
                    // Names or ARNs (without :*); a group that does not exist is simply not listed.
                    const wanted = identifiers && new Set(identifiers.map((id) => id.replace(/^arn:[^:]+:logs:[^:]+:\d+:log-group:/, "")));
                    const all = account.logGroups.filter((g) => (wanted ? wanted.has(g.name) : g.name.startsWith(prefix))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
                    const start = body.nextToken ? Number(Buffer.from(body.nextToken, "base64").toString()) : 0;
                    const limit = Math.min(Number(body.limit ?? 50), 50);
                    const slice = all.slice(start, start + limit);
                    return {
                        items: slice.length,
                        response: jsonResponse(
                            {
                                logGroups: slice.map((g) => ({ logGroupName: g.name, arn: `${g.arn}:*`, logGroupArn: g.arn, creationTime: g.creationTime, storedBytes: g.storedBytes, retentionInDays: 90 })),
                                ...(start + limit < all.length ? { nextToken: Buffer.from(String(start + limit)).toString("base64") } : {}),
                            },
                            200,
                            "awsJson1_1",
                        ),
                    };
                },
            };
        default:
            return { api, handle: () => { throw new ApiError("UnknownOperationException", `Unknown operation ${op}`, 400); } };
    }
}

/**
 * LookupEvents: newest first, at most 50 a page, one lookup attribute, StartTime/EndTime as epoch
 * seconds. NextToken encodes the position in the filtered, time-bounded list.
 */
export function cloudTrailRoute(request: EmulatedRequest, account: Account): Route | undefined {
    const t = target(request);
    // The SDK sends `CloudTrail_20131101.<Op>`; the service model's full name also names it.
    if (!t || !/(^|\.)CloudTrail_20131101\.\w+$/.test(t)) return undefined;
    const op = t.split(".").pop()!;
    const api = `cloudtrail:${op}`;
    if (op !== "LookupEvents") return { api, handle: () => { throw new ApiError("UnknownOperationException", `Unknown operation ${op}`, 400); } };
    return {
        api,
        handle: () => {
            const body = input(request);
            const attributes: { AttributeKey: string; AttributeValue: string }[] = body.LookupAttributes ?? [];
            if (attributes.length > 1) throw new ApiError("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.", 400);
            const maxResults = Math.min(Number(body.MaxResults ?? CLOUDTRAIL_PAGE_SIZE), CLOUDTRAIL_PAGE_SIZE);
            const startMs = body.StartTime !== undefined ? Number(body.StartTime) * 1000 : -Infinity;
            const endMs = body.EndTime !== undefined ? Number(body.EndTime) * 1000 : Infinity;
            if (startMs > endMs) throw new ApiError("InvalidTimeRangeException", "Start time must be before end time.", 400);
            const attr = attributes[0];
            const matches = (e: Account["events"][number]) => {
                if (e.eventTime < startMs || e.eventTime > endMs) return false;
                if (!attr) return true;
                switch (attr.AttributeKey) {
                    case "EventSource":
                        return e.eventSource === attr.AttributeValue;
                    case "EventName":
                        return e.eventName === attr.AttributeValue;
                    case "Username":
                        return e.username === attr.AttributeValue;
                    case "ReadOnly":
                        return String(e.readOnly) === attr.AttributeValue;
                    default:
                        throw new ApiError("InvalidLookupAttributesException", `Unsupported attribute ${attr.AttributeKey}`, 400);
                }
            };
            // The token pins the newest event time of the first page, so events arriving while a
            // caller pages do not shift its pages.
            let cutoff = endMs;
            let offset = 0;
            if (typeof body.NextToken === "string") {
                const match = /^(\d+)\/(-?\d+|Infinity)$/.exec(Buffer.from(body.NextToken, "base64").toString());
                if (!match) throw new ApiError("InvalidNextTokenException", "Invalid NextToken", 400);
                offset = Number(match[1]);
                cutoff = Number(match[2]);
            }
            const page: Account["events"] = [];
            let skipped = 0;
            let more = false;
            for (let i = account.events.length - 1; i >= 0; i--) {
                const e = account.events[i];
                if (e.eventTime > cutoff || !matches(e)) continue;
                if (skipped < offset) {
                    skipped++;
                    continue;
                }
                if (page.length === maxResults) {
                    more = true;
                    break;
                }
                page.push(e);
            }
            const next = more ? Buffer.from(`${offset + page.length}/${cutoff === Infinity ? "Infinity" : cutoff}`).toString("base64") : undefined;
            return {
                items: page.length,
                response: jsonResponse(
                    {
                        Events: page.map((e) => ({
                            EventId: e.eventId,
                            EventName: e.eventName,
                            ReadOnly: String(e.readOnly),
                            AccessKeyId: e.accessKeyId,
                            EventTime: e.eventTime / 1000,
                            EventSource: e.eventSource,
                            Username: e.username,
                            Resources: e.resources.map((r) => ({ ResourceType: r.resourceType, ResourceName: r.resourceName })),
                            CloudTrailEvent: e.cloudTrailEvent,
                        })),
                        ...(next ? { NextToken: next } : {}),
                    },
                    200,
                    "awsJson1_1",
                ),
            };
        },
    };
}
