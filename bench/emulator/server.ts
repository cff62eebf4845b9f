import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Random } from "../account/random";
import type { Account } from "../account/types";
import { VirtualClock } from "./clock";
import { FaultState, type Faults } from "./faults";
import { latencyOf, quotaOf } from "./quotas";
import { agentCoreRoute } from "./services/agentcore";
import { organizationsRoute } from "./services/organizations";
import { bedrockRoute } from "./services/bedrock";
import { lambdaRoute } from "./services/lambda";
import { cloudTrailRoute, LogsState, logsRoute } from "./services/activity";
import { iamRoute, stsRoute } from "./services/iam";
import type { Route } from "./services/route";
import { S3Store, s3Route } from "./services/s3";
import { accessDeniedError, ApiError, errorResponse, kmsInvalidStateError, protocolOf, serverError, throttlingError, type EmulatedRequest, type EmulatedResponse } from "./wire";

/**
 * The emulated AWS account: one HTTP server on 127.0.0.1 (a random port) that every SDK client
 * reaches through its `endpoint`, so requests go through the SDK's real serializers, signer,
 * retry strategy and HTTP handler. The service is read from the SigV4 credential scope, as AWS's
 * own front ends route by host.
 *
 * Why a server rather than a custom `requestHandler`: the bench runs the function in a child
 * process to measure its peak RSS; a server keeps the account (hundreds of MB of generated data)
 * out of that process, and it also exercises the SDK's real node-http-handler (socket pool,
 * keep-alive), which a custom handler would replace.
 */

export interface ApiStats {
    /** Requests received, retries included. */
    calls: number;
    /** Requests whose `amz-sdk-request` said attempt > 1. */
    retries: number;
    /** Answered with the service's throttling error (rate limit or injected storm). */
    throttled: number;
    /** Answered with an injected AccessDenied or 5xx. */
    faulted: number;
    /** Other error answers (not found, validation). */
    errors: number;
    bytesOut: number;
    /** Virtual ms since the last reset of the first and the last request (the API's active span). */
    firstAtMs: number;
    lastAtMs: number;
}

export interface EmulatorOptions {
    readonly account: Account;
    /** The inventory bucket; its policy demands `kmsKeyId` on every put and copy. */
    readonly bucket: string;
    readonly kmsKeyId?: string;
    readonly clock?: VirtualClock;
    /** Multiplies every latency (0: none, for fast tests). Default 1. */
    readonly latencyScale?: number;
    /** Apply the per-API token buckets. Default true. */
    readonly rateLimits?: boolean;
    /** Seeds latency jitter and fault sampling. */
    readonly seed?: string;
}

class ServerBucket {
    private tokens: number;
    private last: number;

    constructor(private readonly rate: number, private readonly burst: number, now: number) {
        this.tokens = burst;
        this.last = now;
    }

    take(now: number): boolean {
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
        this.last = now;
        if (this.tokens >= 1) {
            this.tokens -= 1;
            return true;
        }
        return false;
    }
}

export class AwsEmulator {
    readonly clock: VirtualClock;
    readonly s3: S3Store;
    readonly logs: LogsState;
    private server: Server | undefined;
    private readonly stats = new Map<string, ApiStats>();
    private statsSinceMs = 0;
    private readonly buckets = new Map<string, ServerBucket>();
    private faultState: FaultState;
    private readonly random: Random;
    private port = 0;
    latencyScale: number;
    rateLimits: boolean;
    /** Served account; a scenario may swap or mutate it between runs. */
    account: Account;

    constructor(options: EmulatorOptions) {
        this.account = options.account;
        this.clock = options.clock ?? new VirtualClock(1);
        this.statsSinceMs = this.clock.now();
        this.s3 = new S3Store(options.bucket, options.kmsKeyId, () => this.clock.now());
        this.logs = new LogsState(this.clock, () => this.latencyScale);
        this.latencyScale = options.latencyScale ?? 1;
        this.rateLimits = options.rateLimits ?? true;
        this.random = new Random(options.seed ?? "emulator");
        this.faultState = new FaultState({}, this.clock.now(), () => this.random.float());
    }

    /** Starts listening; resolves to the endpoint URL the clients use. */
    async start(): Promise<string> {
        this.server = createServer((req, res) => {
            this.serve(req, res).catch(() => res.destroy());
        });
        this.server.keepAliveTimeout = 60_000;
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        this.port = (this.server.address() as AddressInfo).port;
        return this.endpoint;
    }

    get endpoint(): string {
        return `http://127.0.0.1:${this.port}`;
    }

    async stop(): Promise<void> {
        if (!this.server) return;
        const server = this.server;
        this.server = undefined;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    /** Installs fault rules; their clocks start now. */
    setFaults(faults: Faults): void {
        this.faultState = new FaultState(faults, this.clock.now(), () => this.random.float());
        this.logs.neverComplete = faults.logsQueriesNeverComplete ?? false;
    }

    faultHits(name: string): number {
        return this.faultState.hitsOf(name);
    }

    /** Per-API counters since the last reset, sorted by API name. */
    apiStats(): Record<string, ApiStats> {
        return Object.fromEntries([...this.stats.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }]));
    }

    resetStats(): void {
        this.stats.clear();
        this.statsSinceMs = this.clock.now();
        this.buckets.clear();
        this.logs.peakConcurrent = 0;
    }

    private stat(api: string): ApiStats {
        let s = this.stats.get(api);
        if (!s) {
            const at = this.clock.now() - this.statsSinceMs;
            s = { calls: 0, retries: 0, throttled: 0, faulted: 0, errors: 0, bytesOut: 0, firstAtMs: at, lastAtMs: at };
            this.stats.set(api, s);
        }
        return s;
    }

    private allow(api: string): boolean {
        if (!this.rateLimits) return true;
        const now = this.clock.now();
        let bucket = this.buckets.get(api);
        if (!bucket) {
            const { ratePerSecond, burst } = quotaOf(api);
            bucket = new ServerBucket(ratePerSecond, burst, now);
            this.buckets.set(api, bucket);
        }
        return bucket.take(now);
    }

    /** Log-normal jitter (sigma 0.25) around the API's latency, in virtual ms. */
    private latency(api: string, items: number): number {
        if (this.latencyScale === 0) return 0;
        const { baseMs, perItemMs = 0 } = latencyOf(api);
        const u1 = Math.max(1e-9, this.random.float());
        const u2 = this.random.float();
        const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return (baseMs + perItemMs * items) * Math.exp(0.25 * normal - 0.03125) * this.latencyScale;
    }

    private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        try {
            for await (const chunk of req) chunks.push(chunk as Buffer);
        } catch {
            // The client went away mid-request (a destroyed client, a stopped server): nobody
            // is left to answer.
            return;
        }
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ""));
        const attempt = /attempt=(\d+)/.exec(String(req.headers["amz-sdk-request"] ?? ""));
        const request: EmulatedRequest = {
            method: req.method ?? "GET",
            rawPath: url.pathname,
            query: url.searchParams,
            headers: req.headers,
            body: Buffer.concat(chunks),
            service: scope?.[1] ?? "unknown",
            attempt: attempt ? Number(attempt[1]) : 1,
        };
        let response: EmulatedResponse;
        try {
            response = await this.dispatch(request);
        } catch (error) {
            response = errorResponse(protocolOf(request.service), request.service, new ApiError("InternalFailure", String((error as Error)?.message ?? error), 500));
        }
        if (res.destroyed || res.writableEnded) return;
        const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
        res.writeHead(response.status, { ...response.headers, ...(request.method === "HEAD" ? {} : { "content-length": String(body.length) }) });
        res.end(request.method === "HEAD" ? undefined : body);
    }

    private route(request: EmulatedRequest): Route | undefined {
        switch (request.service) {
            case "iam":
                return iamRoute(request, this.account);
            case "sts":
                return stsRoute(request, this.account);
            case "bedrock":
                return bedrockRoute(request, this.account);
            case "bedrock-agentcore":
                return agentCoreRoute(request, this.account);
            case "lambda":
                return lambdaRoute(request, this.account);
            case "logs":
                return logsRoute(request, this.account, this.logs);
            case "cloudtrail":
                return cloudTrailRoute(request, this.account);
            case "s3":
                return s3Route(request, this.s3);
            case "organizations":
                return organizationsRoute(request);
            default:
                return undefined;
        }
    }

    private async dispatch(request: EmulatedRequest): Promise<EmulatedResponse> {
        const protocol = protocolOf(request.service);
        const route = this.route(request);
        if (!route) {
            return errorResponse(protocol, request.service, new ApiError("UnknownOperationException", `no emulated API for ${request.service} ${request.method} ${request.rawPath}`, 404));
        }
        const stat = this.stat(route.api);
        stat.calls++;
        stat.lastAtMs = this.clock.now() - this.statsSinceMs;
        if (request.attempt > 1) stat.retries++;

        const fail = async (error: ApiError, kind: "throttled" | "faulted" | "errors"): Promise<EmulatedResponse> => {
            stat[kind]++;
            await this.clock.sleep(this.latency(route.api, 0) / 2);
            const response = errorResponse(protocol, request.service, error);
            stat.bytesOut += Buffer.byteLength(response.body);
            return response;
        };

        const fault = this.faultState.fire(request, route.api, this.clock.now());
        if (fault?.effect === "throttle") return fail(throttlingError(request.service), "throttled");
        if (fault?.effect === "accessDenied") return fail(accessDeniedError(request.service, route.api), "faulted");
        if (fault?.effect === "serverError") return fail(serverError(request.service), "faulted");
        if (fault?.effect === "kmsInvalidState") return fail(kmsInvalidStateError(), "faulted");
        if (!this.allow(route.api)) return fail(throttlingError(request.service), "throttled");

        try {
            const { response, items = 0 } = await route.handle();
            await this.clock.sleep(this.latency(route.api, items));
            stat.bytesOut += Buffer.byteLength(response.body);
            return response;
        } catch (error) {
            if (error instanceof ApiError) return fail(error, "errors");
            throw error;
        }
    }
}
