import { expect } from "chai";
import { createHash } from "crypto";
import { DeleteObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { ARTIFACT_NAMES, validateArtifact } from "../../inventory-fn/write/schemas";
import { awsError, FakeClock, type FakeAccountOptions } from "../fixtures/inventory-account";
import { RUN_PREFIX, runFixture, START, type FixtureRun, type FixtureRunOptions } from "./harness";

// Issue 18: a copy that fails part-way through promotion must never leave latest/ holding a mix
// of two runs. Each scenario starts from a bucket holding a previous complete run in latest/.

const LATEST_FILES = [...ARTIFACT_NAMES, "manifest.json"].map((name) => `latest/${name}`);
const SECOND_START = START + 900_000;
const SECOND_PREFIX = "bedrock-core-inventory/runs/20261123T141507Z/";

const latestOf = (objects: Map<string, string>) => new Map([...objects].filter(([k]) => k.startsWith("latest/")).sort(([a], [b]) => a.localeCompare(b)));
const sha256 = (text: string) => createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");

let previous: FixtureRun;
before(async () => {
    previous = await runFixture();
    expect(previous.outcome.statusCode).to.equal(200);
});

/** The second run, over the first run's bucket, with S3 answers intercepted. */
async function secondRun(intercept: FakeAccountOptions["intercept"], options: Omit<FixtureRunOptions, "account" | "clock"> = {}): Promise<FixtureRun> {
    return runFixture({ ...options, clock: new FakeClock(SECOND_START), account: { objects: new Map(previous.account.objects), intercept } });
}

/** Fails every CopyObject into latest/ from the k-th on (1-based), as an S3 or KMS incident would. */
function copiesFailFrom(k: number, error = () => awsError("InternalError", "We encountered an internal error. Please try again.", 500, 5)) {
    let copies = 0;
    return (api: string, input: Record<string, unknown>) => {
        if (api === "s3:CopyObject" && String(input.Key).startsWith("latest/") && ++copies >= k) throw error();
    };
}

function expectPrevious(run: FixtureRun): void {
    expect(latestOf(run.account.objects), "latest/ is the previous set, byte for byte").to.deep.equal(latestOf(previous.account.objects));
}

describe("promotion to latest/ (issue 18)", () => {
    it("copies failing half-way (from the 3rd on): latest/ is put back to the previous set, the run's manifest records rolled_back, 500", async () => {
        // The first two copies land and must be undone.
        const run = await secondRun(copiesFailFrom(3));
        expect(run.outcome.status).to.equal("complete");
        expect(run.outcome.statusCode).to.equal(500);
        expectPrevious(run);
        const manifest = run.json(SECOND_PREFIX + "manifest.json");
        expect(manifest.status, "the run's data is still complete").to.equal("complete");
        expect(manifest.promotion).to.deep.include({ status: "rolled_back", latestPrefix: "latest/" });
        expect(manifest.promotion.error).to.match(/InternalError/);
        expect(validateArtifact("manifest.json", manifest)).to.deep.equal([]);
        expect(run.outcome.manifest).to.deep.equal(manifest);
        expect(run.outcome.errorSummary).to.match(/not promoted to latest\/ .*every key was put back/);
        expect(run.events.find((e) => e.event === "promotion_failed")).to.deep.include({ recorded: true });
        expect(run.events.some((e) => e.event === "run_promoted")).to.equal(false);
    });

    it("a copy failing once, for one key, past its retries: the other copies made are undone", async () => {
        let failed = false;
        const run = await secondRun((api, input) => {
            if (api === "s3:CopyObject" && input.Key === "latest/agent-bindings.json" && !failed) {
                failed = true;
                throw awsError("InternalError", "internal error", 500, 5);
            }
        });
        expect(failed).to.equal(true);
        expectPrevious(run);
        expect(run.json(SECOND_PREFIX + "manifest.json").promotion.status).to.equal("rolled_back");
        // Putting back never copies (CopyObject is what is failing) and never writes a delete marker.
        const deletes = run.account.s3Ops.filter((o) => o.op === "delete");
        expect(deletes.length).to.equal(11);
        expect(deletes.every((o) => typeof o.input.VersionId === "string" && o.key.startsWith("latest/"))).to.equal(true);
    });

    it("copies failing persistently from the 2nd, the put-back included, still end with the previous set", async () => {
        const run = await secondRun(copiesFailFrom(2));
        expectPrevious(run);
        expect(run.json(SECOND_PREFIX + "manifest.json").promotion.status).to.equal("rolled_back");
    });

    it("the manifest copy failing (every data copy done): the manifest and the six artifacts are put back", async () => {
        const run = await secondRun((api, input) => {
            if (api === "s3:CopyObject" && input.Key === "latest/manifest.json") throw awsError("KMS.KMSInvalidStateException", "arn:aws:kms:...:key/... is pending deletion.", 400);
        });
        expectPrevious(run);
        const promotion = run.json(SECOND_PREFIX + "manifest.json").promotion;
        expect(promotion.status).to.equal("rolled_back");
        expect(promotion.error).to.match(/KMSInvalidStateException/);
        // The switch is checked (and put back, had the failed copy been applied) first.
        const calls = run.account.calls;
        const manifestCopy = calls.findIndex((c) => c.api === "s3:CopyObject" && c.input.Key === "latest/manifest.json");
        expect(manifestCopy).to.be.greaterThan(0);
        const next = calls.slice(manifestCopy + 1).find((c) => c.api === "s3:HeadObject" || c.api === "s3:DeleteObject")!;
        expect([next.api, next.input.Key]).to.deep.equal(["s3:HeadObject", "latest/manifest.json"]);
        const deletes = run.account.s3Ops.filter((o) => o.op === "delete").map((o) => o.key);
        expect([...deletes].sort()).to.deep.equal(LATEST_FILES.filter((k) => k !== "latest/manifest.json").sort());
    });

    it("a failure on the first promotion leaves latest/ as it was: empty", async () => {
        const run = await runFixture({ clock: new FakeClock(SECOND_START), account: { intercept: copiesFailFrom(4) } });
        expect(run.outcome.statusCode).to.equal(500);
        expect(latestOf(run.account.objects).size).to.equal(0);
        expect(run.json(SECOND_PREFIX + "manifest.json").promotion.status).to.equal("rolled_back");
    });

    it("waits for every copy before putting back: none is left running when the run returns", async () => {
        let inFlight = 0;
        const run = await secondRun(async (api, input) => {
            if (api !== "s3:CopyObject") return;
            inFlight++;
            try {
                if (input.Key === "latest/principals.json") throw awsError("InternalError", "internal error", 500, 5);
                // The others answer later, successfully.
                await new Promise((resolve) => setTimeout(resolve, 100));
            } finally {
                inFlight--;
            }
        });
        expect(inFlight, "copies pending when the run returned").to.equal(0);
        expectPrevious(run);
    });

    it("a put-back that fails is recorded: rollback_failed with the keys; latest/manifest.json is still the previous one and names only its own run's files", async () => {
        const run = await secondRun(
            (api, input) => {
                if (api === "s3:CopyObject" && input.Key === "latest/models.json") throw awsError("InternalError", "internal error", 500, 5);
                if (api === "s3:DeleteObject" && input.Key === "latest/principals.json") throw awsError("AccessDenied", "Access Denied", 403);
            },
        );
        expect(run.outcome.statusCode).to.equal(500);
        const promotion = run.json(SECOND_PREFIX + "manifest.json").promotion;
        expect(promotion).to.deep.include({ status: "rollback_failed", unrestoredKeys: ["latest/principals.json"] });
        expect(promotion.restoreErrors[0]).to.match(/^latest\/principals.json: AccessDenied/);
        expect(run.outcome.errorSummary).to.match(/putting back latest\/principals.json failed/);
        // What a reader following docs/reading-latest.md gets: the previous manifest, whose every
        // artifact is found (by its key under runs/, since latest/principals.json is the new run's)
        // with the sha256 it lists.
        const latestManifest = run.json("latest/manifest.json");
        expect(latestManifest).to.deep.equal(previous.json("latest/manifest.json"));
        expect(sha256(run.account.objects.get("latest/principals.json")!)).to.not.equal(latestManifest.artifacts.find((a: any) => a.name === "principals.json").sha256);
        for (const artifact of latestManifest.artifacts) {
            expect(sha256(run.account.objects.get(artifact.key)!), artifact.name).to.equal(artifact.sha256);
        }
    });

    it("does not start when what latest/ holds cannot be recorded: nothing copied, not_started", async () => {
        const run = await secondRun((api, input) => {
            if (api === "s3:HeadObject" && input.Key === "latest/models.json") throw awsError("InternalError", "internal error", 500, 5);
        });
        expect(run.account.s3Ops.some((o) => o.op === "copy")).to.equal(false);
        expectPrevious(run);
        expect(run.json(SECOND_PREFIX + "manifest.json").promotion).to.deep.include({ status: "not_started" });
        expect(run.outcome.errorSummary).to.match(/nothing was copied/);
    });

    it("refuses to promote over objects that have no version id (a bucket without versioning): they could not be put back", async () => {
        const run = await secondRun(undefined, {
            prepare: (stubs) => {
                stubs.s3.on(HeadObjectCommand).resolves({ ETag: '"etag"' });
                stubs.s3.on(DeleteObjectCommand).rejects(new Error("no delete expected"));
            },
        });
        expect(run.account.s3Ops.some((o) => o.op === "copy")).to.equal(false);
        expectPrevious(run);
        const promotion = run.json(SECOND_PREFIX + "manifest.json").promotion;
        expect(promotion.status).to.equal("not_started");
        expect(promotion.error).to.match(/enable versioning/);
    });

    it("a promoted run's manifest carries no promotion record: latest/manifest.json is its copy, byte for byte", async () => {
        const run = await secondRun(undefined);
        expect(run.outcome.statusCode).to.equal(200);
        expect(run.account.objects.get("latest/manifest.json")).to.equal(run.account.objects.get(SECOND_PREFIX + "manifest.json"));
        expect(run.json(SECOND_PREFIX + "manifest.json")).to.not.have.property("promotion");
        for (const name of ARTIFACT_NAMES) {
            expect(run.account.objects.get(`latest/${name}`), name).to.equal(run.account.objects.get(SECOND_PREFIX + name));
        }
        expect(RUN_PREFIX).to.not.equal(SECOND_PREFIX);
    });

    it("KMS unusable from the 3rd copy on, the put recording the promotion included: latest/ still put back (no KMS needed), the result says the record failed", async () => {
        const kms = () => awsError("KMS.KMSInvalidStateException", "key is pending deletion", 400);
        const copies = copiesFailFrom(3, kms);
        let broken = false;
        const run = await secondRun((api, input) => {
            try {
                copies(api, input);
            } catch (error) {
                broken = true;
                throw error;
            }
            if (api === "s3:PutObject" && broken) throw kms();
        });
        expectPrevious(run);
        expect(run.outcome.statusCode).to.equal(500);
        // The run's manifest is as first written: complete, no promotion record (it could not be put).
        expect(run.json(SECOND_PREFIX + "manifest.json")).to.not.have.property("promotion");
        expect(run.outcome.errorSummary).to.match(/every key was put back.*recording it in .*manifest\.json failed too: KMS\.KMSInvalidStateException/);
        expect(run.events.find((e) => e.event === "promotion_failed")).to.deep.include({ recorded: false });
    });

    it("the manifest copy failing and its put-back failing too: the six copies are left as this run's, all seven keys recorded", async () => {
        let heads = 0;
        const run = await secondRun((api, input) => {
            if (api === "s3:CopyObject" && input.Key === "latest/manifest.json") throw awsError("InternalError", "internal error", 500, 5);
            if (api === "s3:HeadObject" && input.Key === "latest/manifest.json" && ++heads > 1) throw awsError("InternalError", "internal error", 500, 5);
        });
        const promotion = run.json(SECOND_PREFIX + "manifest.json").promotion;
        expect(promotion.status).to.equal("rollback_failed");
        expect([...promotion.unrestoredKeys].sort()).to.deep.equal([...LATEST_FILES].sort());
        expect(promotion.restoreErrors[0]).to.match(/left as this run's copies/);
        expect(run.account.s3Ops.some((o) => o.op === "delete")).to.equal(false);
        for (const name of ARTIFACT_NAMES) {
            expect(run.account.objects.get(`latest/${name}`), name).to.equal(run.account.objects.get(SECOND_PREFIX + name));
        }
    });
});
