// Runs the real inventory (collect -> analyse -> write) against the fixture account.
import { createClients } from "../../inventory-fn/aws/clients";
import type { S3StoreOptions } from "../../inventory-fn/write/store";
import { runInventory, s3Store, type InventoryRunOptions, type RunEvent, type RunOutcome } from "../../inventory-fn/run";
import {
    BUCKET,
    FakeClock,
    installFakeAccount,
    KMS_KEY_ARN,
    REGION,
    stubClients,
    type ClientStubs,
    type FakeAccount,
    type FakeAccountOptions,
} from "../fixtures/inventory-account";

export const START = Date.parse("2026-11-23T14:00:07.250Z");
export const RUN_ID = "20261123T140007Z";
export const RUN_PREFIX = `bedrock-core-inventory/runs/${RUN_ID}/`;

export interface FixtureRun {
    readonly outcome: RunOutcome;
    readonly account: FakeAccount;
    readonly stubs: ClientStubs;
    readonly clock: FakeClock;
    readonly events: RunEvent[];
    /** Parsed JSON of an object written to the fake bucket. */
    json(key: string): any;
}

export interface FixtureRunOptions {
    account?: Omit<FakeAccountOptions, "baseMs">;
    run?: Partial<InventoryRunOptions>;
    clock?: FakeClock;
    remainingTimeMs?: (clock: FakeClock) => number;
    prepare?: (stubs: ClientStubs) => void;
    /** Extra S3 store options (e.g. `streamAboveBytes: 0` to stream every artifact). */
    store?: Partial<S3StoreOptions>;
    /** Folder for the run's temporary artifact files (default os.tmpdir()). */
    tempDir?: string;
}

export async function runFixture(options: FixtureRunOptions = {}): Promise<FixtureRun> {
    const clock = options.clock ?? new FakeClock(START);
    const clients = createClients({ region: REGION, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } });
    const stubs = stubClients(clients);
    const account = installFakeAccount(stubs, { baseMs: clock.now(), ...options.account });
    options.prepare?.(stubs);
    const events: RunEvent[] = [];
    try {
        const outcome = await runInventory(
            {
                region: REGION,
                outputPrefix: "bedrock-core-inventory/",
                latestPrefix: "latest/",
                toolLogGroups: ["/custom/extra-tools"],
                ...options.run,
            },
            {
                clients,
                store: s3Store({ bucket: BUCKET, kmsKeyId: KMS_KEY_ARN, ...options.store }),
                ...(options.tempDir ? { tempDir: options.tempDir } : {}),
                clock,
                ...(options.remainingTimeMs ? { remainingTimeMs: () => options.remainingTimeMs!(clock) } : {}),
                onEvent: (e) => events.push(e),
            },
        );
        return {
            outcome,
            account,
            stubs,
            clock,
            events,
            json: (key: string) => {
                const body = account.objects.get(key);
                if (body === undefined) throw new Error(`no object ${key}`);
                return JSON.parse(body);
            },
        };
    } finally {
        Object.values(stubs).forEach((s) => s.restore());
    }
}
