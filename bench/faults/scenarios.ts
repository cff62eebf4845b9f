import { createHash } from "node:crypto";
import { generateAccount, type GenerateOptions } from "../account/generate";
import type { Account } from "../account/types";
import { VirtualClock } from "../emulator/clock";
import type { Faults } from "../emulator/faults";
import { AwsEmulator } from "../emulator/server";
import { BENCH_BUCKET, BENCH_KMS_KEY, runFunction, type FunctionRunOptions, type FunctionRunReport } from "../harness";
import { ARTIFACT_NAMES } from "../../inventory-fn/write/schemas";

/**
 * The fault scenarios of issue 4. Each starts from a bucket holding a previous complete run
 * (so `latest/` has something to lose), installs the fault, runs the real function once more and
 * checks what a reader of the bucket would see.
 */
export interface FaultScenario {
    readonly name: string;
    readonly description: string;
    /** Installed after the first (clean) run. */
    readonly faults?: (account: Account) => Faults;
    /** Changes to the account's data (a malformed document). */
    readonly mutate?: (account: Account) => void;
    /** Lambda's remaining time at the start of the faulty run, virtual ms. */
    readonly remainingMs?: number;
}

export interface ScenarioOptions {
    /** Virtual ms a storm or burst lasts (issue 4: 30 s; tests scale it down). */
    readonly stormMs: number;
}

const ALL_AWS = ["iam:*", "sts:*", "bedrock:*", "lambda:*", "logs:*", "cloudtrail:*", "s3:*"];

/** A request for a key under latest/ (the promotion's copies, not the run's own writes). */
const toLatest = (request: { rawPath: string }) => request.rawPath.includes("/latest/");

export function faultScenarios(options: ScenarioOptions): FaultScenario[] {
    return [
        {
            name: "throttling storm",
            description: `50% of all calls throttled for ${options.stormMs / 1000} s`,
            faults: () => ({ rules: [{ name: "storm", apis: ALL_AWS, effect: "throttle", probability: 0.5, durationMs: options.stormMs }] }),
        },
        { name: "AccessDenied on CloudTrail", description: "cloudtrail:LookupEvents denied", faults: () => ({ rules: [{ name: "deny", apis: ["cloudtrail:*"], effect: "accessDenied" }] }) },
        { name: "AccessDenied on Logs", description: "logs:StartQuery denied", faults: () => ({ rules: [{ name: "deny", apis: ["logs:*"], effect: "accessDenied" }] }) },
        {
            name: "AccessDenied on one agent",
            description: "every Bedrock Agent call on the first agent denied",
            faults: (account) => {
                const agentId = account.agents[0].agentId;
                return { rules: [{ name: "deny", apis: ["bedrock:*"], effect: "accessDenied", when: (request) => request.rawPath.includes(`/agents/${agentId}/`) }] };
            },
        },
        {
            name: "5xx burst",
            description: `30% of IAM, Bedrock and Lambda calls answer 5xx for ${options.stormMs / 1000} s`,
            faults: () => ({ rules: [{ name: "burst", apis: ["iam:*", "bedrock:*", "lambda:*"], effect: "serverError", probability: 0.3, durationMs: options.stormMs }] }),
        },
        { name: "Insights query never completes", description: "every Logs Insights query stays Running", faults: () => ({ logsQueriesNeverComplete: true }) },
        {
            name: "policy document not JSON",
            description: "one customer managed policy's default version and one inline policy truncated mid-document",
            mutate: (account) => {
                const policy = account.policies.find((p) => !p.awsManaged && p.attachmentCount > 0)!;
                const version = policy.versions.find((v) => v.isDefault)!;
                version.document = version.document.slice(0, Math.floor(version.document.length / 2));
                const role = account.roles.find((r) => r.inlinePolicies.length > 0)!;
                role.inlinePolicies[0].document = `${role.inlinePolicies[0].document.slice(0, -2)},}`;
            },
        },
        // 75 s left with the default 60 s margin: collection must stop after about 15 s.
        { name: "Lambda remaining time short", description: "75 s of Lambda time left at the start (60 s margin)", remainingMs: 75_000 },
        { name: "S3 PutObject fails once", description: "the first PutObject answers 500 InternalError", faults: () => ({ rules: [{ name: "put", apis: ["s3:PutObject"], effect: "serverError", maxHits: 1 }] }) },
        { name: "S3 PutObject fails always", description: "every PutObject answers 500 InternalError", faults: () => ({ rules: [{ name: "put", apis: ["s3:PutObject"], effect: "serverError" }] }) },
        {
            name: "KMS key unusable on PutObject",
            description: "every PutObject answers 400 KMS.KMSInvalidStateException (key pending deletion)",
            faults: () => ({ rules: [{ name: "kms", apis: ["s3:PutObject"], effect: "kmsInvalidState" }] }),
        },
        { name: "S3 CopyObject fails once", description: "the first CopyObject into latest/ answers 500 InternalError", faults: () => ({ rules: [{ name: "copy", apis: ["s3:CopyObject"], effect: "serverError", maxHits: 1, when: toLatest }] }) },
        {
            name: "S3 CopyObject fails from the 3rd copy",
            description: "every CopyObject into latest/ from the 3rd request on answers 500 InternalError, retries included",
            faults: () => ({ rules: [{ name: "copy", apis: ["s3:CopyObject"], effect: "serverError", skipFirst: 2, when: toLatest }] }),
        },
        {
            name: "KMS key unusable from the 5th copy",
            description: "from the 5th CopyObject into latest/ on, every CopyObject and PutObject answers 400 KMS.KMSInvalidStateException (the put recording the promotion included)",
            faults: () => {
                let copies = 0;
                const broken = () => copies > 4;
                return {
                    rules: [
                        { name: "kms", apis: ["s3:CopyObject"], effect: "kmsInvalidState", when: (request) => toLatest(request) && ++copies > 4 },
                        { name: "kms", apis: ["s3:PutObject"], effect: "kmsInvalidState", when: broken },
                    ],
                };
            },
        },
        {
            name: "manifest copy fails",
            description: "the six artifacts reach latest/, then every CopyObject of latest/manifest.json answers 500 InternalError",
            faults: () => ({ rules: [{ name: "copy", apis: ["s3:CopyObject"], effect: "serverError", when: (request) => request.rawPath.endsWith("/latest/manifest.json") }] }),
        },
    ];
}

export interface ScenarioOutcome {
    readonly scenario: string;
    readonly description: string;
    readonly statusCode: number;
    /** complete / partial / failed. */
    readonly status: string;
    /** Manifest errors that break the run, as `source kind (api)`, deduplicated. */
    readonly manifestErrors: string[];
    /** Recorded data problems (malformed, not_found), as `source kind`. */
    readonly recordedFacts: string[];
    /** Whether runs/<id>/manifest.json exists (failed runs write none). */
    readonly manifestWritten: boolean;
    /**
     * latest/ is byte for byte the previous run's set, or (only when the result is 200) exactly
     * the new run's: never a mix, and never the new set without a 200.
     */
    readonly latestIntact: boolean;
    /** The run manifest's `promotion.status` when a complete run was not promoted. */
    readonly promotion?: string;
    /** latest/ changed: only legitimate after a complete run. */
    readonly latestPromoted: boolean;
    /** Every artifact the written manifest lists is in runs/ with its sha256 and size. */
    readonly artifactsConsistent: boolean;
    readonly injected: number;
    readonly retries: number;
    readonly throttled: number;
    readonly virtualDurationMs: number;
    readonly result: FunctionRunReport["result"];
}

export interface ScenarioRunOptions extends ScenarioOptions {
    readonly account: GenerateOptions;
    readonly timeScale: number;
    /** Multiplies the emulator's latencies (tests use a fraction). */
    readonly latencyScale?: number;
    /** Tuning experiments: the function's limits or attempts. */
    readonly tuning?: Pick<FunctionRunOptions, "limits" | "maxAttempts">;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Checks that each artifact a manifest lists is stored under `prefix` with its sha256 and bytes. */
export function manifestMatches(objects: Map<string, Buffer>, manifestKey: string): boolean {
    const manifest = objects.get(manifestKey);
    if (!manifest) return false;
    let parsed: { artifacts?: { name: string; key: string; sha256: string; bytes: number }[] };
    try {
        parsed = JSON.parse(manifest.toString("utf8"));
    } catch {
        return false;
    }
    const prefix = manifestKey.slice(0, -"manifest.json".length);
    return (parsed.artifacts ?? []).length === ARTIFACT_NAMES.length && (parsed.artifacts ?? []).every((a) => {
        const body = objects.get(prefix + a.name);
        return body !== undefined && sha256(body) === a.sha256 && body.length === a.bytes;
    });
}

export async function runScenario(scenario: FaultScenario, options: ScenarioRunOptions): Promise<ScenarioOutcome> {
    const clock = new VirtualClock(options.timeScale);
    const account = generateAccount({ ...options.account, anchorMs: clock.now() });
    const emulator = new AwsEmulator({ account, bucket: BENCH_BUCKET, kmsKeyId: BENCH_KMS_KEY, clock, latencyScale: options.latencyScale ?? 1, seed: scenario.name });
    const endpoint = await emulator.start();
    try {
        const run = (remainingMs?: number) => runFunction({ endpoint, timeScale: options.timeScale, originMs: clock.originMs, environment: { ACCOUNT_ID: account.accountId }, ...options.tuning, ...(remainingMs ? { remainingMs } : {}) });
        const first = await run();
        if (first.status !== "complete") throw new Error(`${scenario.name}: the clean first run was ${first.status}: ${first.result.error}`);
        const before = emulator.s3.snapshot("latest/");
        scenario.mutate?.(account);
        emulator.resetStats();
        if (scenario.faults) emulator.setFaults(scenario.faults(account));
        // Next run id: runs are named by the second they start.
        await clock.sleep(1100);
        const report = await run(scenario.remainingMs);
        emulator.setFaults({});
        const after = emulator.s3.snapshot("latest/");
        const everything = emulator.s3.snapshot("");
        const same = (a: Map<string, Buffer>, b: Map<string, Buffer>) => a.size === b.size && [...a].every(([k, v]) => b.get(k)?.equals(v));
        const latestUnchanged = same(before, after);
        const manifestKey = `${report.runPrefix}manifest.json`;
        const manifestWritten = everything.has(manifestKey);
        // Promoted (200): latest/ must be exactly the new run; otherwise exactly the old one.
        const expected = new Map([...everything].filter(([k]) => k.startsWith(report.runPrefix)).map(([k, v]) => [`latest/${k.slice(report.runPrefix.length)}`, v]));
        const latestIntact = report.result.statusCode === 200 ? same(expected, after) : latestUnchanged;
        let promotion: string | undefined;
        if (manifestWritten) {
            try {
                promotion = (JSON.parse(everything.get(manifestKey)!.toString("utf8")) as { promotion?: { status?: string } }).promotion?.status;
            } catch {
                promotion = "manifest not JSON";
            }
        }
        const stats = Object.values(emulator.apiStats());
        const errors = report.errors;
        const breaking = new Set(["access_denied", "throttled", "deadline", "service_error", "schema"]);
        return {
            scenario: scenario.name,
            description: scenario.description,
            statusCode: report.result.statusCode,
            status: report.status,
            manifestErrors: [...new Set(errors.filter((e) => breaking.has(e.kind)).map((e) => `${e.source} ${e.kind}${e.api ? ` (${e.api})` : ""}`))],
            recordedFacts: [...new Set(errors.filter((e) => !breaking.has(e.kind)).map((e) => `${e.source} ${e.kind}`))],
            manifestWritten,
            latestIntact,
            ...(promotion ? { promotion } : {}),
            latestPromoted: !latestUnchanged,
            artifactsConsistent: manifestWritten ? manifestMatches(everything, manifestKey) : true,
            injected: stats.reduce((n, s) => n + s.faulted, 0) + (scenario.faults ? stats.reduce((n, s) => n + s.throttled, 0) : 0),
            retries: stats.reduce((n, s) => n + s.retries, 0),
            throttled: stats.reduce((n, s) => n + s.throttled, 0),
            virtualDurationMs: report.virtualDurationMs,
            result: report.result,
        };
    } finally {
        await emulator.stop();
    }
}
