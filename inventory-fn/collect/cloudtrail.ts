import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type { CollectContext } from "./context";

/** What the activity analysis may use of a CloudTrail event: ids, names, ARNs, codes; no parameters. */
export interface TrailEvent {
    readonly eventId: string;
    readonly eventName: string;
    readonly eventTime: string;
    readonly principalArn: string | null;
    readonly principalType: string | null;
    readonly errorCode: string | null;
    readonly modelId: string | null;
    readonly agentId: string | null;
    readonly agentAliasId: string | null;
}

export interface TrailWindow {
    readonly startMs: number;
    readonly endMs: number;
}

export const BEDROCK_EVENT_SOURCE = "bedrock.amazonaws.com";
const PAGE_SIZE = 50;
/** 600 pages at 2 a second is 5 minutes of a 15-minute Lambda: 30,000 events. */
export const DEFAULT_MAX_PAGES = 600;

/**
 * Bedrock management events (InvokeModel and Converse among them) in the window, newest first.
 * LookupEvents allows 2 requests a second per account and region; the gateway's token bucket
 * for it holds exactly that however fast pages come back.
 */
export async function collectTrailEvents(ctx: CollectContext, window: TrailWindow, maxPages = DEFAULT_MAX_PAGES): Promise<TrailEvent[]> {
    const events: TrailEvent[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
        if (pages === maxPages) {
            // Newest first: what is left is the oldest part of the window. Stopping here keeps the
            // run complete and the cursor moving; otherwise a busy account's first run would hit
            // the Lambda timeout, stay partial, never record a cursor, and do so forever.
            const oldest = events.length > 0 ? events[events.length - 1].eventTime : new Date(window.endMs).toISOString();
            ctx.errors.add({
                source: "cloudtrail",
                kind: "truncated",
                api: "cloudtrail:LookupEvents",
                message: `stopped after ${maxPages} pages (${events.length} events); events from ${new Date(window.startMs).toISOString()} to ${oldest} were not read`,
            });
            break;
        }
        pages++;
        const page = await ctx.gateway.call("cloudtrail:LookupEvents", () =>
            ctx.clients.cloudTrail.send(
                new LookupEventsCommand({
                    LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: BEDROCK_EVENT_SOURCE }],
                    StartTime: new Date(window.startMs),
                    EndTime: new Date(window.endMs),
                    MaxResults: PAGE_SIZE,
                    NextToken: nextToken,
                }),
            ),
        );
        for (const e of page.Events ?? []) {
            const event = toTrailEvent(ctx, e);
            if (event) events.push(event);
        }
        nextToken = page.NextToken;
    } while (nextToken);
    return events;
}

function toTrailEvent(
    ctx: CollectContext,
    e: { EventId?: string; EventName?: string; EventTime?: Date; CloudTrailEvent?: string; Username?: string },
): TrailEvent | undefined {
    if (!e.EventId || !e.EventName) {
        ctx.errors.malformed("cloudtrail", e.EventId ?? "event", "event without EventId or EventName");
        return undefined;
    }
    let detail: Record<string, unknown> = {};
    if (e.CloudTrailEvent) {
        try {
            detail = JSON.parse(e.CloudTrailEvent) as Record<string, unknown>;
        } catch {
            ctx.errors.malformed("cloudtrail", e.EventId, "CloudTrailEvent is not valid JSON");
        }
    }
    const identity = (detail.userIdentity ?? {}) as Record<string, unknown>;
    const issuer = ((identity.sessionContext as Record<string, unknown> | undefined)?.sessionIssuer ?? {}) as Record<string, unknown>;
    const params = (detail.requestParameters ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);
    const eventTime = e.EventTime ? e.EventTime.toISOString() : (str(detail.eventTime) ?? new Date(0).toISOString());
    return {
        eventId: e.EventId,
        eventName: e.EventName,
        eventTime,
        // An assumed-role session's ARN names the session; the role (issuer) is the principal
        // the bindings talk about.
        principalArn: str(issuer.arn) ?? str(identity.arn),
        principalType: str(identity.type),
        errorCode: str(detail.errorCode),
        modelId: str(params.modelId),
        agentId: str(params.agentId),
        agentAliasId: str(params.agentAliasId),
    };
}
