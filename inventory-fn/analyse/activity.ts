import type { CollectedAgent } from "../collect/bedrock";
import type { TrailEvent } from "../collect/cloudtrail";
import type { CollectedFunction } from "../collect/lambda";
import type { ToolLogRow } from "../collect/logs";

export type ActivityEventType =
    | "model_invocation"
    | "agent_invocation"
    | "knowledge_base_query"
    | "tool_invocation"
    | "access_denied"
    | "management_event";

/** One line of activity-logs.json: what is known, null where not; ids and names only. */
export interface ActivityRecord {
    readonly event_type: ActivityEventType;
    readonly timestamp: string;
    readonly source: "cloudtrail" | "logs";
    readonly principalArn: string | null;
    readonly agentId: string | null;
    readonly modelId: string | null;
    readonly functionName: string | null;
    readonly eventName: string | null;
    readonly errorCode: string | null;
    /** CloudTrail's event id: consecutive runs overlap by design, readers dedupe on it. */
    readonly eventId: string | null;
    /** Lambda request id of a tool invocation. */
    readonly requestId: string | null;
    readonly durationMs: number | null;
    readonly logGroup: string | null;
}

// Converse/ConverseStream are authorized as InvokeModel/InvokeModelWithResponseStream and
// logged under their own names.
const MODEL_EVENTS = new Set(["InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream", "StartAsyncInvoke", "InvokeModelWithBidirectionalStream"]);
const AGENT_EVENTS = new Set(["InvokeAgent", "InvokeInlineAgent", "InvokeFlow"]);
const KB_EVENTS = new Set(["Retrieve", "RetrieveAndGenerate", "RetrieveAndGenerateStream"]);
const DENIED = /AccessDenied|Unauthorized/i;

export function eventTypeOf(eventName: string, errorCode: string | null): ActivityEventType {
    if (errorCode && DENIED.test(errorCode)) return "access_denied";
    if (MODEL_EVENTS.has(eventName)) return "model_invocation";
    if (AGENT_EVENTS.has(eventName)) return "agent_invocation";
    if (KB_EVENTS.has(eventName)) return "knowledge_base_query";
    return "management_event";
}

/** CloudTrail events and tool invocations as activity records, oldest first. */
export function computeActivity(
    events: readonly TrailEvent[],
    toolRows: readonly ToolLogRow[],
    functions: ReadonlyMap<string, CollectedFunction>,
    agents: readonly CollectedAgent[],
): ActivityRecord[] {
    const records: ActivityRecord[] = events.map((e) => ({
        event_type: eventTypeOf(e.eventName, e.errorCode),
        timestamp: e.eventTime,
        source: "cloudtrail",
        principalArn: e.principalArn,
        agentId: e.agentId,
        modelId: e.modelId,
        functionName: null,
        eventName: e.eventName,
        errorCode: e.errorCode,
        eventId: e.eventId,
        requestId: null,
        durationMs: null,
        logGroup: null,
    }));

    // Which function writes to which group, and which agents use it: a tool shared by several
    // agents cannot attribute an invocation to one of them, so agentId stays null there.
    const functionByGroup = new Map<string, CollectedFunction>();
    for (const fn of functions.values()) functionByGroup.set(fn.logGroup, fn);
    const agentsByExecutor = new Map<string, Set<string>>();
    for (const agent of agents) {
        for (const group of agent.actionGroups) {
            if (!group.lambdaArn) continue;
            const fn = functions.get(group.lambdaArn);
            const key = fn?.functionArn ?? group.lambdaArn;
            if (!agentsByExecutor.has(key)) agentsByExecutor.set(key, new Set());
            agentsByExecutor.get(key)!.add(agent.agentId);
        }
    }
    for (const row of toolRows) {
        const fn = functionByGroup.get(row.logGroup);
        const agentIds = fn ? agentsByExecutor.get(fn.functionArn) : undefined;
        records.push({
            event_type: "tool_invocation",
            timestamp: row.timestamp,
            source: "logs",
            principalArn: null,
            agentId: agentIds && agentIds.size === 1 ? [...agentIds][0] : null,
            modelId: null,
            functionName: fn?.functionName ?? (row.logGroup.startsWith("/aws/lambda/") ? row.logGroup.slice("/aws/lambda/".length) : null),
            eventName: null,
            errorCode: null,
            eventId: null,
            requestId: row.requestId,
            durationMs: row.durationMs,
            logGroup: row.logGroup,
        });
    }
    return records.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || (a.eventId ?? a.requestId ?? "").localeCompare(b.eventId ?? b.requestId ?? ""));
}
