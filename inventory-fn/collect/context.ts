import type { InventoryClients } from "../aws/clients";
import type { AwsGateway } from "../aws/gateway";
import { DeadlineExceededError } from "../aws/deadline";
import { classifyFailure, describeFailure, type FailureKind } from "../aws/errors";
import type { ApiName } from "../aws/limits";

/** Where a problem happened. */
export type CollectorName = "iam" | "bedrock" | "agentcore" | "lambda" | "logs" | "cloudtrail" | "account" | "cursor" | "organizations";

/**
 * One entry of the manifest's `errors`. `kind` says whether the run is still complete: a
 * collector failure (`access_denied`, `throttled`, `deadline`, `service_error`) makes it partial;
 * `malformed` and `not_found` are facts about the account's data, recorded and survived.
 * `message` is ours or AWS's error text, never a policy's or an environment's content.
 */
export interface RunError {
    readonly source: CollectorName | "analyse" | "write";
    readonly kind: FailureKind | "malformed" | "not_found" | "schema" | "truncated";
    readonly api?: string;
    readonly resource?: string;
    readonly message: string;
}

export const RUN_BREAKING_KINDS: ReadonlySet<RunError["kind"]> = new Set<RunError["kind"]>([
    "access_denied",
    "throttled",
    "deadline",
    "service_error",
    "schema",
]);

export class RunErrors {
    private readonly list: RunError[] = [];

    add(error: RunError): void {
        this.list.push(error);
    }

    /** Records a failed request; rethrows the deadline so collection stops everywhere at once. */
    failure(source: RunError["source"], api: ApiName, error: unknown, resource?: string): void {
        if (error instanceof DeadlineExceededError) {
            throw error;
        }
        this.list.push({ source, kind: classifyFailure(error), api, ...(resource ? { resource } : {}), message: describeFailure(error) });
    }

    malformed(source: RunError["source"], resource: string, message: string): void {
        this.list.push({ source, kind: "malformed", resource, message });
    }

    all(): RunError[] {
        return [...this.list];
    }

    breaksRun(): boolean {
        return this.list.some((e) => RUN_BREAKING_KINDS.has(e.kind));
    }
}

/** What every collector gets: the shared clients, the gateway every request goes through, the error log. */
export interface CollectContext {
    readonly clients: InventoryClients;
    readonly gateway: AwsGateway;
    readonly errors: RunErrors;
}

/**
 * A read started now and awaited later (`done`, `finish`): marks its rejection handled until
 * then, since an unhandled rejection ends the process. Only the deadline rejects such reads
 * (their failures are recorded); whoever awaits the promise still gets it.
 */
export function awaitedLater<T>(read: Promise<T>): Promise<T> {
    read.catch(() => undefined);
    return read;
}

/**
 * `Promise.all` that rejects only once every promise has settled. With `Promise.all` the first
 * rejection (the deadline, rethrown by {@link RunErrors.failure}) returns while the siblings'
 * requests are still on the wire or backing off, and the run moves on (or returns) beside them.
 */
export async function settleAll<T>(promises: Iterable<Promise<T>>): Promise<T[]> {
    const settled = await Promise.allSettled(promises);
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failure) throw failure.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/**
 * Reads each key once, starting as soon as the key is added (the agents' reads take minutes;
 * what they name need not wait for the last one), and hands back every value read. A subclass
 * says how one key is read: its value, or undefined when there is none to keep (the reason
 * recorded in the run's errors by the subclass).
 */
export abstract class ReadEachOnce<T> {
    private readonly found = new Map<string, T>();
    private readonly reads = new Map<string, Promise<void>>();

    /** Starts reading `key` unless it already was. */
    add(key: string): void {
        if (this.reads.has(key)) return;
        this.reads.set(
            key,
            awaitedLater(
                this.readOne(key).then((value) => {
                    if (value !== undefined) this.found.set(key, value);
                }),
            ),
        );
    }

    /** Every value read so far, by key (call once no more keys will be added). */
    async done(): Promise<Map<string, T>> {
        await settleAll(this.reads.values());
        return this.found;
    }

    protected abstract readOne(key: string): Promise<T | undefined>;
}

/** Follows a token-paginated API to its end. */
export async function paginate<P>(
    fetchPage: (token: string | undefined) => Promise<P>,
    nextToken: (page: P) => string | undefined,
): Promise<P[]> {
    const pages: P[] = [];
    let token: string | undefined;
    do {
        const page = await fetchPage(token);
        pages.push(page);
        token = nextToken(page);
    } while (token);
    return pages;
}
