// The streaming writer: artifacts go record by record to a file (compact JSON, hashed as
// written), are validated record by record, are uploaded from the file, and the temporary
// files never outlive the run; a failure while writing is a recorded failed run, not a throw.
import { createHash } from "crypto";
import { mkdtempSync, readdirSync, readFileSync, ReadStream, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { writeArtifactFile } from "../../inventory-fn/write/stream";
import { ArtifactValidator, validateArtifact } from "../../inventory-fn/write/schemas";
import { awsError, KMS_KEY_ARN } from "../fixtures/inventory-account";
import { RUN_PREFIX, runFixture } from "./harness";

const HEADER = { schemaVersion: "1.0", accountId: "123456789012", region: "us-east-1", generatedAt: "2026-11-23T14:00:07.000Z", runId: "20261123T140007Z" };

function binding(i: number) {
    return {
        principalArn: `arn:aws:iam::123456789012:role/app-${String(i).padStart(6, "0")}`,
        principalType: "role",
        agentId: `AGENT${i % 200}`,
        agentName: `agent-${i % 200} "quoted" \u00e9`,
        agentArn: `arn:aws:bedrock:us-east-1:123456789012:agent/AGENT${i % 200}`,
        aliasArns: [`arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT${i % 200}/LIVE`],
        actions: ["bedrock:InvokeAgent"],
        grantedBy: [{ policyType: "inline", policyArn: null, policyName: "bedrock", groupName: null, sid: null, statementIndex: 0 }],
        conditional: false,
        conditionKeys: [],
    };
}

describe("inventory artifacts: streaming writer", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(path.join(os.tmpdir(), "inventory-writer-test-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("writes the bytes of JSON.stringify(document) + newline, with their sha256 and length", async () => {
        const records = Array.from({ length: 50 }, (_, i) => binding(i));
        // Batches as producers give them: some empty, some of one, some of many.
        const batches = [[], records.slice(0, 1), [], records.slice(1, 30), records.slice(30)];
        const written = await writeArtifactFile(dir, { name: "agent-bindings.json", header: HEADER, recordsKey: "bindings", batches }, { chunkBytes: 100 });
        const bytes = readFileSync(written.file);
        expect(bytes.toString("utf8")).to.equal(`${JSON.stringify({ ...HEADER, bindings: records })}\n`);
        expect(written).to.include({ count: 50, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });

        const empty = await writeArtifactFile(dir, { name: "activity-logs.json", batches: [] });
        expect(readFileSync(empty.file, "utf8")).to.equal("[]\n");
        const bare = await writeArtifactFile(dir, { name: "models.json", batches: [[{ a: 1 }, { b: "\u2028" }]] });
        expect(readFileSync(bare.file, "utf8")).to.equal(`${JSON.stringify([{ a: 1 }, { b: "\u2028" }])}\n`);
    });

    it("never builds a string or a write the size of the artifact: record by record, in bounded chunks", async () => {
        const count = 20_000;
        const records = (function* () {
            for (let i = 0; i < count; i++) yield binding(i);
        })();
        let longestString = 0;
        const stringify = JSON.stringify;
        const bufferFrom = Buffer.from;
        let largestWrite = 0;
        JSON.stringify = ((value: unknown, ...rest: never[]) => {
            const text = stringify(value, ...rest);
            longestString = Math.max(longestString, text?.length ?? 0);
            return text;
        }) as typeof JSON.stringify;
        // Every byte written goes through one Buffer.from of a chunk.
        (Buffer as { from: unknown }).from = (...args: unknown[]) => {
            const buffer = (bufferFrom as (...a: unknown[]) => Buffer)(...args);
            largestWrite = Math.max(largestWrite, buffer.length);
            return buffer;
        };
        let written;
        try {
            written = await writeArtifactFile(dir, { name: "agent-bindings.json", header: HEADER, recordsKey: "bindings", batches: [records] }, { chunkBytes: 64 * 1024 });
        } finally {
            JSON.stringify = stringify;
            (Buffer as { from: unknown }).from = bufferFrom;
        }
        expect(written.count).to.equal(count);
        expect(written.bytes).to.be.greaterThan(8_000_000);
        expect(longestString, "longest JSON.stringify result").to.be.lessThan(1_000);
        expect(largestWrite, "largest chunk").to.be.greaterThan(0).and.lessThan(64 * 1024 + 1_000);
        const parsed = JSON.parse(readFileSync(written.file, "utf8"));
        expect(parsed.bindings).to.have.length(count);
        expect(parsed.bindings[count - 1]).to.deep.equal(binding(count - 1));
        expect(validateArtifact("agent-bindings.json", parsed)).to.deep.equal([]);
    });

    it("validates the header once and each record against the schema's record definition, naming the record", () => {
        const good = new ArtifactValidator("agent-bindings.json", HEADER);
        [0, 1, 2].forEach((i) => good.record(binding(i), i));
        expect(good.problems()).to.deep.equal([]);

        const bad = new ArtifactValidator("agent-bindings.json", { ...HEADER, region: 42 });
        bad.record(binding(0), 0);
        bad.record({ ...binding(1), conditional: "yes" }, 1);
        const problems = bad.problems();
        expect(problems.some((p) => p.startsWith("/region "))).to.equal(true);
        expect(problems).to.include("/bindings/1/conditional must be boolean");
        // The same verdict as validating the whole document.
        expect(validateArtifact("agent-bindings.json", { ...HEADER, bindings: [binding(0), { ...binding(1), conditional: "yes" }] })).to.include(
            "/bindings/1/conditional must be boolean",
        );

        const activity = new ArtifactValidator("activity-logs.json");
        activity.record({ event_type: "nope" }, 4);
        expect(activity.problems().some((p) => p.startsWith("/4"))).to.equal(true);
    });
});

describe("inventory run: writing through temporary files", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(path.join(os.tmpdir(), "inventory-run-tmp-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("streams each artifact from its file with ContentLength and SSE-KMS, hashes match the uploaded bytes, and removes the files", async () => {
        const run = await runFixture({ tempDir: dir, store: { streamAboveBytes: 0 } });
        expect(run.outcome.statusCode).to.equal(200);
        const puts = run.account.s3Ops.filter((o) => o.op === "put" && o.key.startsWith(RUN_PREFIX) && !o.key.endsWith("manifest.json"));
        expect(puts).to.have.length(12);
        const manifest = run.json(RUN_PREFIX + "manifest.json");
        for (const put of puts) {
            expect(put.input.Body).to.be.instanceOf(ReadStream);
            expect(put.input).to.include({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: KMS_KEY_ARN });
            const body = run.account.objects.get(put.key)!;
            const listed = manifest.artifacts.find((a: { key: string }) => a.key === put.key);
            expect(put.input.ContentLength).to.equal(Buffer.byteLength(body));
            expect(listed.bytes).to.equal(Buffer.byteLength(body));
            expect(listed.sha256).to.equal(createHash("sha256").update(body).digest("hex"));
        }
        // Compact JSON: no indentation.
        expect(run.account.objects.get(RUN_PREFIX + "principals.json")!.startsWith('{"schemaVersion":"1.0","accountId"')).to.equal(true);
        expect(run.account.objects.get(RUN_PREFIX + "manifest.json")).to.not.match(/\n\s/);
        expect(readdirSync(dir), "temporary files left").to.deep.equal([]);
    });

    it("retries a streamed put that fails with a fresh stream (the SDK never retries a streaming body)", async () => {
        let failures = 0;
        const run = await runFixture({
            tempDir: dir,
            store: { streamAboveBytes: 0 },
            account: {
                intercept: (api, input) => {
                    if (api === "s3:PutObject" && String(input.Key).endsWith("agent-bindings.json") && failures === 0) {
                        failures++;
                        (input.Body as ReadStream).destroy();
                        throw awsError("InternalError", "We encountered an internal error. Please try again.", 500);
                    }
                },
            },
        });
        expect(failures).to.equal(1);
        expect(run.outcome.status).to.equal("complete");
        expect(run.outcome.statusCode).to.equal(200);
        const puts = run.account.s3Ops.filter((o) => o.op === "put" && o.key === RUN_PREFIX + "agent-bindings.json");
        expect(puts).to.have.length(1);
        const manifest = run.json(RUN_PREFIX + "manifest.json");
        const body = run.account.objects.get(RUN_PREFIX + "agent-bindings.json")!;
        expect(manifest.artifacts.find((a: { name: string }) => a.name === "agent-bindings.json").sha256).to.equal(createHash("sha256").update(body).digest("hex"));
        const finished = run.events.find((e) => e.event === "run_finished");
        // Twelve artifacts, the one retried, the manifest, the usage state.
        expect(finished && finished.event === "run_finished" && finished.apiCalls["s3:PutObject"]).to.equal(15);
        expect(readdirSync(dir)).to.deep.equal([]);
    });

    it("turns a RangeError while serializing into a recorded failed run: 500, no manifest, latest/ untouched, files removed", async () => {
        const stringify = JSON.stringify;
        JSON.stringify = ((value: unknown, ...rest: never[]) => {
            if (value && typeof value === "object" && "agentArn" in value && "principalArn" in value) throw new RangeError("Invalid string length");
            return stringify(value, ...rest);
        }) as typeof JSON.stringify;
        let run;
        try {
            run = await runFixture({ tempDir: dir });
        } finally {
            JSON.stringify = stringify;
        }
        expect(run.outcome.statusCode).to.equal(500);
        expect(run.outcome.status).to.equal("failed");
        expect(run.outcome.errorSummary).to.match(/RangeError: Invalid string length/);
        expect(run.outcome.errors.some((e) => e.source === "write" && /RangeError/.test(e.message))).to.equal(true);
        expect(run.account.objects.has(RUN_PREFIX + "manifest.json")).to.equal(false);
        expect([...run.account.objects.keys()].some((k) => k.startsWith("latest/"))).to.equal(false);
        expect(run.events.some((e) => e.event === "run_finished" && e.statusCode === 500)).to.equal(true);
        expect(readdirSync(dir)).to.deep.equal([]);
    });

    it("removes the temporary files when an upload fails", async () => {
        const run = await runFixture({
            tempDir: dir,
            account: {
                intercept: (api) => {
                    if (api === "s3:PutObject") throw awsError("AccessDenied", "Access Denied", 403);
                },
            },
        });
        expect(run.outcome.status).to.equal("failed");
        expect(readdirSync(dir)).to.deep.equal([]);
    });
});
