import "./node20";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { StateMachine } from "aws-local-stepfunctions";
import aslValidator from "asl-validator";
import { generateAccount } from "../account/generate";
import { Random } from "../account/random";
import { VirtualClock } from "../emulator/clock";
import type { Faults } from "../emulator/faults";
import { AwsEmulator } from "../emulator/server";
import { BENCH_BUCKET, BENCH_KMS_KEY, clockOf, LAMBDA_TIMEOUT_MS, scaledRetryStrategy } from "../harness";
import { ORG_STATES, organizationStateMachineDefinition } from "../../components/org/definition";
import { AwsGateway } from "../../inventory-fn/aws/gateway";
import { Deadline } from "../../inventory-fn/aws/deadline";
import { API_LIMITS } from "../../inventory-fn/aws/limits";
import { S3ArtifactStore } from "../../inventory-fn/write/store";
import { inventoryAccountRegion, parseAccountTask, type AccountOutcome } from "../../inventory-fn/org/account";
import { planOrganization, writeOrganizationIndex, type OrganizationIndex } from "../../inventory-fn/org/coordinator";
import { accountRunTagging, LATEST_INDEX_KEY } from "../../inventory-fn/org/layout";
import { OrganizationSts } from "./sts";

/**
 * An emulated organization: N member accounts, each its own emulated AWS (its own server, data and
 * per-API quotas, as real accounts have), a hub bucket, and an STS that lets the hub assume the
 * spoke role where the StackSet created it. The state machine's definition (the one the component
 * deploys) runs in aws-local-stepfunctions; its Lambda tasks are bound to the real organization
 * functions (inventory-fn/org/), which run the real inventory against the member's emulator.
 */

export interface MemberSpec {
    readonly accountId: string;
    /** Multiplies the reference account's counts. */
    readonly scale: number;
    /** false: the StackSet never reached it (no spoke role): AssumeRole is denied. */
    readonly spokeRole: boolean;
    /** Faults installed in this member's emulator (AccessDenied on IAM, a throttling storm...). */
    readonly faults?: Faults;
    /** The account function crashes for this member (a Lambda error Step Functions does not retry). */
    readonly crash?: boolean;
    /** Lambda time left at the start of this member's runs, virtual ms (default 900 s). */
    readonly remainingMs?: number;
}

export interface OrganizationBenchOptions {
    readonly members: readonly MemberSpec[];
    readonly regions: readonly string[];
    readonly timeScale: number;
    readonly accountConcurrency: number;
    readonly regionConcurrency: number;
    readonly latencyScale?: number;
    readonly seed?: string;
    /** SDK attempts per request in the member runs (throttling storms). */
    readonly maxAttempts?: number;
}

export interface OrganizationBenchReport {
    readonly index: OrganizationIndex;
    /** The index as read back from organization/latest/index.json. */
    readonly latestIndex: OrganizationIndex | undefined;
    readonly executionOutput: unknown;
    readonly executionError: string | null;
    readonly virtualWallMs: number;
    readonly realWallMs: number;
    /** Per (account, region): the outcome and the member emulator's call count. */
    readonly outcomes: readonly (AccountOutcome & { calls: number })[];
    readonly totalCalls: number;
    readonly assumeRoleRequests: number;
    /** Errors the account tasks threw (what Step Functions would see as a failed task). */
    readonly taskErrors: readonly string[];
    readonly definitionValid: boolean;
    /** Keys of the hub bucket, for layout checks. */
    readonly keys: readonly string[];
    /** Order in which the hub's objects were written (index last?). */
    readonly writeOrder: readonly string[];
    /** The tag set of each current object of the hub bucket, as the emulated S3 stored it (`{}`: no tags). */
    readonly tags: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const SPOKE_ROLE = "bedrock-inventory-spoke";
const EXTERNAL_ID = "bench-external-id";
const HUB_ACCOUNT = "999999999999";

/** A mixed organization: most accounts small, some medium, a few large (seeded). */
export function mixedOrganization(count: number, seed = "org-bench"): MemberSpec[] {
    const random = new Random(seed);
    const sizes = [0.002, 0.002, 0.005, 0.005, 0.005, 0.01, 0.01, 0.02, 0.05];
    return Array.from({ length: count }, (_, i) => ({
        accountId: String(100000000000 + i * 7919).padStart(12, "0"),
        // The last account is the largest, so "the slowest account alone" is a known one.
        scale: i === count - 1 ? 0.1 : sizes[Math.floor(random.float() * sizes.length)],
        spokeRole: true,
    }));
}

export async function runOrganizationBench(options: OrganizationBenchOptions): Promise<OrganizationBenchReport> {
    const clock = new VirtualClock(options.timeScale);
    const members = new Map(options.members.map((m) => [m.accountId, m]));
    // The hub: its bucket (S3 with the bucket policy's KMS rule) in an emulator of its own.
    const hub = new AwsEmulator({ account: generateAccount({ seed: "hub", scale: 0.001, accountId: HUB_ACCOUNT }), bucket: BENCH_BUCKET, kmsKeyId: BENCH_KMS_KEY, clock, latencyScale: options.latencyScale ?? 1, rateLimits: false });
    const hubEndpoint = await hub.start();
    const sts = new OrganizationSts(new Set(options.members.filter((m) => m.spokeRole).map((m) => m.accountId)), SPOKE_ROLE, EXTERNAL_ID);
    const stsEndpoint = await sts.start();
    const emulators = new Map<string, AwsEmulator>();
    try {
        for (const member of options.members) {
            for (const region of options.regions) {
                const account = generateAccount({ seed: `${options.seed ?? "org"}-${member.accountId}-${region}`, scale: member.scale, accountId: member.accountId, region, anchorMs: clock.now() });
                const emulator = new AwsEmulator({ account, bucket: "unused-member-bucket", clock, latencyScale: options.latencyScale ?? 1, seed: `${member.accountId}-${region}` });
                await emulator.start();
                if (member.faults) emulator.setFaults(member.faults);
                emulators.set(`${member.accountId}/${region}`, emulator);
            }
        }
        const credentials = { accessKeyId: "AKIDBENCHHUB", secretAccessKey: "bench-secret" };
        const hubS3 = new S3Client({ region: "us-east-1", endpoint: hubEndpoint, forcePathStyle: true, credentials });
        const hubSts = new STSClient({ region: "us-east-1", endpoint: stsEndpoint, credentials });
        const hubStore = new S3ArtifactStore(hubS3, new AwsGateway(clockOf(clock), Deadline.none(), API_LIMITS), { bucket: BENCH_BUCKET, kmsKeyId: BENCH_KMS_KEY });
        const outcomes: (AccountOutcome & { calls: number })[] = [];
        const taskErrors: string[] = [];
        const definition = organizationStateMachineDefinition({
            coordinatorFunctionArn: "arn:aws:lambda:us-east-1:999999999999:function:org-coordinator",
            accountFunctionArn: "arn:aws:lambda:us-east-1:999999999999:function:org-account",
            accountConcurrency: options.accountConcurrency,
            regionConcurrency: options.regionConcurrency,
            toleratedFailurePercentage: 10,
            accountTaskTimeoutSeconds: 960,
            coordinatorTaskTimeoutSeconds: 360,
        });
        const definitionValid = aslValidator(definition).isValid;
        const machine = new StateMachine(definition as never);
        // The local handlers return plain objects; the interpreter types them as JSONValue.
        const json = <T>(value: T) => value as never;
        const payloadOf = (input: unknown) => (input as { Payload: unknown }).Payload;
        const startVirtual = clock.now();
        const startReal = Date.now();
        const execution = machine.run(
            {},
            {
                overrides: {
                    taskResourceLocalHandlers: {
                        [ORG_STATES.plan]: async () => json({
                            Payload: await planOrganization({ accountIds: options.members.map((m) => m.accountId), regions: [...options.regions], excludeAccountIds: [] }, { store: hubStore, now: () => clock.now() }),
                        }),
                        [ORG_STATES.accountRegion]: async (input: unknown) => {
                            const task = parseAccountTask(payloadOf(input));
                            try {
                                return await runAccountTask(task);
                            } catch (error) {
                                taskErrors.push(`${task.accountId}/${task.region}: ${(error as Error).name}: ${(error as Error).message}`);
                                throw error;
                            }
                        },
                        [ORG_STATES.index]: async (input: unknown) => {
                            const payload = payloadOf(input) as { orgRunId: string; mapError?: never };
                            const index = await writeOrganizationIndex({ orgRunId: payload.orgRunId, mapError: payload.mapError }, { store: hubStore, now: () => clock.now() });
                            return json({ Payload: { organizationRunId: index.organizationRunId, status: index.status, summary: index.summary } });
                        },
                    },
                },
                noThrowOnAbort: true,
            },
        );
        async function runAccountTask(task: ReturnType<typeof parseAccountTask>) {
                            if (members.get(task.accountId)?.crash) {
                                // What a Lambda timeout or an uncaught error looks like to the task.
                                throw Object.assign(new Error("Task timed out after 900.00 seconds"), { name: "States.Timeout" });
                            }
                            const emulator = emulators.get(`${task.accountId}/${task.region}`)!;
                            const before = Object.values(emulator.apiStats()).reduce((n, s) => n + s.calls, 0);
                            const started = clock.now();
                            const outcome = await inventoryAccountRegion(task, {
                                sts: hubSts,
                                store: (gateway) => new S3ArtifactStore(hubS3, gateway, { bucket: BENCH_BUCKET, kmsKeyId: BENCH_KMS_KEY, runTagging: accountRunTagging(task.accountId, task.region) }),
                                partition: "aws",
                                spokeRoleName: SPOKE_ROLE,
                                externalId: EXTERNAL_ID,
                                clientOptions: () => ({
                                    endpoint: emulator.endpoint,
                                    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
                                    ...(options.timeScale !== 1 ? { retryStrategy: scaledRetryStrategy(options.timeScale, options.maxAttempts) } : {}),
                                }),
                                runOptions: { cloudTrailLookbackHours: 24, cloudTrailOverlapMinutes: 15, deadlineMarginMs: 60_000 },
                                clock: clockOf(clock),
                                remainingTimeMs: () => (members.get(task.accountId)?.remainingMs ?? LAMBDA_TIMEOUT_MS) - (clock.now() - started),
                                writeOutcome: (key, body) => hubStore.put(key, body),
                            });
                            const after = Object.values(emulator.apiStats()).reduce((n, s) => n + s.calls, 0);
                            outcomes.push({ ...outcome, calls: after - before });
                            return json({ Payload: outcome });
        }
        let executionOutput: unknown = null;
        let executionError: string | null = null;
        try {
            executionOutput = await execution.result;
        } catch (error) {
            // The Fail state (some accounts incomplete) ends here: an execution that "failed".
            // aws-local-stepfunctions wraps the Fail state's error: its name is in `cause`.
            const cause = (error as { cause?: { name?: string; message?: string } }).cause;
            executionError = cause?.name ? `${cause.name}: ${cause.message ?? ""}` : (error as Error).message;
        }
        const virtualWallMs = clock.now() - startVirtual;
        const realWallMs = Date.now() - startReal;
        const latestText = hub.s3.get(LATEST_INDEX_KEY)?.body.toString("utf8");
        const latestIndex = latestText ? (JSON.parse(latestText) as OrganizationIndex) : undefined;
        const runIndexKey = [...hub.s3.objects.keys()].find((k) => /^organization\/runs\/[^/]+\/index\.json$/.test(k));
        const index = JSON.parse(hub.s3.get(runIndexKey!)!.body.toString("utf8")) as OrganizationIndex;
        hubS3.destroy();
        hubSts.destroy();
        return {
            index,
            latestIndex,
            executionOutput,
            executionError,
            virtualWallMs,
            realWallMs,
            outcomes,
            totalCalls: outcomes.reduce((n, o) => n + o.calls, 0),
            assumeRoleRequests: sts.requests.length,
            taskErrors,
            definitionValid,
            keys: [...hub.s3.objects.keys()].sort(),
            writeOrder: hub.s3.writes.map((w) => (w as { key: string }).key),
            tags: Object.fromEntries([...hub.s3.objects.entries()].map(([key, o]) => [key, { ...(o.tags ?? {}) }])),
        };
    } finally {
        await Promise.all([...emulators.values()].map((e) => e.stop()));
        await hub.stop();
        await sts.stop();
    }
}
