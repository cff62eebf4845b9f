import { expect } from "chai";
import { createHash } from "crypto";
import { ARTIFACT_NAMES } from "../../inventory-fn/write/schemas";
import { awsError, FakeClock } from "../fixtures/inventory-account";
import { runFixture, START, type FixtureRun } from "./harness";

// The read protocol of docs/reading-latest.md, as a connector would write it, run against the
// bucket as it is in the middle of a promotion and after the failures that leave latest/ a mix.
// It must always return the files of exactly one run, or say "try again": never a mix.

const sha256 = (text: string) => createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");

interface LatestSet {
    readonly runId: string;
    readonly files: Map<string, string>;
}

/** docs/reading-latest.md, "The read protocol", steps 1-4 (over a key -> body map). */
function readLatest(objects: ReadonlyMap<string, string>, latestPrefix = "latest/"): LatestSet | "no set" | "retry" {
    const manifestText = objects.get(`${latestPrefix}manifest.json`);
    if (manifestText === undefined) return "no set";
    const manifest = JSON.parse(manifestText) as { runId: string; artifacts: { name: string; key: string; sha256: string; bytes: number }[] };
    const files = new Map<string, string>();
    for (const artifact of manifest.artifacts) {
        const matches = (body: string | undefined) => body !== undefined && sha256(body) === artifact.sha256 && Buffer.byteLength(body) === artifact.bytes;
        const copy = objects.get(latestPrefix + artifact.name);
        const original = objects.get(artifact.key);
        if (matches(copy)) files.set(artifact.name, copy!);
        else if (matches(original)) files.set(artifact.name, original!);
        else return "retry";
    }
    return { runId: manifest.runId, files };
}

/** The set is one run's: every file is byte for byte that run's object under runs/. */
function expectOneRun(set: ReturnType<typeof readLatest>, objects: ReadonlyMap<string, string>, runId: string): void {
    expect(set).to.be.an("object");
    const { runId: read, files } = set as LatestSet;
    expect(read).to.equal(runId);
    expect([...files.keys()].sort()).to.deep.equal([...ARTIFACT_NAMES].sort());
    for (const [name, body] of files) expect(body, name).to.equal(objects.get(`bedrock-core-inventory/runs/${runId}/${name}`));
}

describe("reading latest/ (docs/reading-latest.md)", () => {
    let previous: FixtureRun;
    before(async () => {
        previous = await runFixture();
    });

    it("mid-promotion, at every copy: the reader gets the previous run or the new one, whole", async () => {
        const seen: { copy: string; set: ReturnType<typeof readLatest>; objects: Map<string, string> }[] = [];
        const live = new Map(previous.account.objects);
        const again = await runFixture({
            clock: new FakeClock(START + 900_000),
            account: {
                objects: live,
                // What a reader sees just before each copy into latest/ lands.
                intercept: (api, input) => {
                    if (api === "s3:CopyObject" && String(input.Key).startsWith("latest/")) seen.push({ copy: String(input.Key), set: readLatest(live), objects: new Map(live) });
                },
            },
        });
        expect(again.outcome.statusCode).to.equal(200);
        expect(seen.map((s) => s.copy).pop()).to.equal("latest/manifest.json");
        // Before the manifest lands, some latest/ files are already the new run's: a reader that
        // took latest/ as it is would mix; the protocol reads the previous run whole.
        const mixed = seen.filter((s) => [...ARTIFACT_NAMES].some((n) => s.objects.get(`latest/${n}`) !== previous.account.objects.get(`latest/${n}`)));
        expect(mixed.length).to.be.greaterThan(0);
        for (const s of seen) expectOneRun(s.set, s.objects, previous.outcome.runId);
        expectOneRun(readLatest(live), live, again.outcome.runId);
    });

    it("after a put-back that failed (rollback_failed), the reader still gets the previous run whole", async () => {
        const run = await runFixture({
            clock: new FakeClock(START + 900_000),
            account: {
                objects: new Map(previous.account.objects),
                intercept: (api, input) => {
                    if (api === "s3:CopyObject" && input.Key === "latest/models.json") throw awsError("InternalError", "internal error", 500, 5);
                    if (api === "s3:DeleteObject" && input.Key === "latest/principals.json") throw awsError("AccessDenied", "Access Denied", 403);
                },
            },
        });
        expect(run.json(`${run.outcome.runPrefix}manifest.json`).promotion.status).to.equal("rollback_failed");
        expect(run.account.objects.get("latest/principals.json")).to.not.equal(previous.account.objects.get("latest/principals.json"));
        expectOneRun(readLatest(run.account.objects), run.account.objects, previous.outcome.runId);
    });

    it("when the manifest's run has expired from runs/ and a latest/ file does not match, the reader says retry, never mixes", () => {
        const objects = new Map([...previous.account.objects].filter(([k]) => !k.startsWith(previous.outcome.runPrefix)));
        objects.set("latest/models.json", '{"not":"the same"}\n');
        expect(readLatest(objects)).to.equal("retry");
        expect(readLatest(new Map())).to.equal("no set");
    });
});
