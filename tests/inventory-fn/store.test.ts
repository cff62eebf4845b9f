import { expect } from "chai";
import { createHash } from "crypto";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { mockClient } from "aws-sdk-client-mock";
import { CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Deadline } from "../../inventory-fn/aws/deadline";
import { AwsGateway } from "../../inventory-fn/aws/gateway";
import { DirectoryArtifactStore, NotRestorableError, S3ArtifactStore, type RunTagging } from "../../inventory-fn/write/store";
import { accountRunTagging } from "../../inventory-fn/org/layout";
import { awsError, FakeClock } from "../fixtures/inventory-account";

describe("artifact stores: keeping and putting back what latest/ held", () => {
    function s3Store(versions: string[]) {
        const s3 = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
        const stub = mockClient(s3);
        const deleted: string[] = [];
        // `versions` is the key's version stack, newest last.
        stub.on(HeadObjectCommand).callsFake(() => {
            if (versions.length === 0) throw awsError("Forbidden", "Forbidden", 403);
            return { VersionId: versions[versions.length - 1] };
        });
        stub.on(DeleteObjectCommand).callsFake((input) => {
            deleted.push(input.VersionId);
            versions.splice(versions.indexOf(input.VersionId), 1);
            return {};
        });
        const store = new S3ArtifactStore(s3, new AwsGateway(new FakeClock(0), Deadline.none()), { bucket: "b", kmsKeyId: "k" });
        return { store, deleted, restore: () => stub.restore() };
    }

    it("S3: deletes a version it was never told of (a copy applied whose answer was lost) until the kept one is current", async () => {
        const versions = ["previous"];
        const s = s3Store(versions);
        try {
            const kept = await s.store.keep("latest/models.json");
            expect(kept).to.deep.include({ absent: false, versionId: "previous" });
            // Two copies applied: the first answer lost, the retry's answer seen.
            versions.push("lost", "seen");
            await s.store.putBack(kept, [{ versionId: "seen" }]);
            expect(s.deleted).to.deep.equal(["seen", "lost"]);
            expect(versions).to.deep.equal(["previous"]);
        } finally {
            s.restore();
        }
    });

    it("S3: a key that held nothing holds nothing again", async () => {
        const versions: string[] = [];
        const s = s3Store(versions);
        try {
            const kept = await s.store.keep("latest/models.json");
            expect(kept.absent).to.equal(true);
            versions.push("ours");
            await s.store.putBack(kept, [{ versionId: "ours" }]);
            expect(versions).to.deep.equal([]);
        } finally {
            s.restore();
        }
    });

    it("S3: refuses to keep an object without a version id, or with the suspended-versioning 'null' one", async () => {
        for (const id of [undefined, "null"]) {
            const s3 = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
            const stub = mockClient(s3);
            stub.on(HeadObjectCommand).resolves(id ? { VersionId: id } : {});
            const store = new S3ArtifactStore(s3, new AwsGateway(new FakeClock(0), Deadline.none()), { bucket: "b", kmsKeyId: "k" });
            let error: unknown;
            await store.keep("latest/models.json").catch((e) => (error = e));
            expect(error, String(id)).to.be.instanceOf(NotRestorableError);
            stub.restore();
        }
    });

    it("S3: rejects when the key cannot be brought back to the kept version", async () => {
        const versions = ["previous", "ours"];
        const s = s3Store(versions);
        try {
            const kept = { key: "latest/models.json", absent: false, versionId: "gone" };
            let error: unknown;
            await s.store.putBack(kept, []).catch((e) => (error = e));
            expect(String(error)).to.match(/cannot be put back/);
        } finally {
            s.restore();
        }
    });

    it("folder: keeps a copy aside and puts it back, or removes a file that was not there; writes are atomic renames", async () => {
        const root = await fs.mkdtemp(path.join(os.tmpdir(), "store-test-"));
        try {
            const store = new DirectoryArtifactStore(root);
            await store.put("runs/1/a.json", "new");
            await store.put("latest/a.json", "old");
            const keptA = await store.keep("latest/a.json");
            const keptB = await store.keep("latest/b.json");
            await store.copy("runs/1/a.json", "latest/a.json");
            await store.copy("runs/1/a.json", "latest/b.json");
            expect(await store.read("latest/a.json")).to.equal("new");
            await store.putBack(keptA, []);
            await store.putBack(keptB, []);
            expect(await store.read("latest/a.json")).to.equal("old");
            expect(await store.read("latest/b.json")).to.equal(undefined);
            await store.release(keptA);
            await store.release(keptB);
            expect(await fs.readdir(path.join(root, "latest"))).to.deep.equal(["a.json"]);
        } finally {
            await fs.rm(root, { recursive: true, force: true });
        }
    });
});

describe("artifact stores: tagging run objects for the organization's lifecycle rule", () => {
    const RUN = "accounts/111122223333/eu-west-1/runs/20260101T000000Z-ab12/";
    const LATEST = "accounts/111122223333/eu-west-1/latest/";

    async function writes(runTagging: RunTagging | undefined) {
        const s3 = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
        const stub = mockClient(s3);
        stub.on(PutObjectCommand).resolves({});
        stub.on(CopyObjectCommand).resolves({ VersionId: "v2" });
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "store-tag-"));
        try {
            const file = path.join(dir, "big.json");
            await fs.writeFile(file, "x".repeat(64));
            const store = new S3ArtifactStore(s3, new AwsGateway(new FakeClock(0), Deadline.none()), { bucket: "b", kmsKeyId: "k", streamAboveBytes: 16, ...(runTagging ? { runTagging } : {}) });
            await store.put(`${RUN}manifest.json`, "{}");
            await store.putFile(`${RUN}principals.json`, file, 64, "00".repeat(32)); // streamed: above streamAboveBytes
            await store.put("organization/runs/20260101T000000Z/outcomes/111122223333/eu-west-1.json", "{}");
            await store.copy(`${RUN}manifest.json`, `${LATEST}manifest.json`);
            return {
                puts: stub.commandCalls(PutObjectCommand).map((c) => c.args[0].input),
                copies: stub.commandCalls(CopyObjectCommand).map((c) => c.args[0].input),
            };
        } finally {
            stub.restore();
            await fs.rm(dir, { recursive: true, force: true });
        }
    }

    it("org mode: every put under the (account, region)'s runs/ carries the tag, other puts none; a latest/ copy replaces the tag set with none", async () => {
        const { puts, copies } = await writes(accountRunTagging("111122223333", "eu-west-1"));
        expect(puts.map((p) => [p.Key, p.Tagging])).to.deep.equal([
            [`${RUN}manifest.json`, "bedrock-inventory-object=run"],
            [`${RUN}principals.json`, "bedrock-inventory-object=run"],
            ["organization/runs/20260101T000000Z/outcomes/111122223333/eu-west-1.json", undefined],
        ]);
        for (const p of puts) expect(p).to.include({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: "k" });
        expect(copies).to.have.length(1);
        // CopyObject's default (COPY) would carry the run tag to latest/, which would then expire.
        expect(copies[0]).to.include({ Key: `${LATEST}manifest.json`, TaggingDirective: "REPLACE", ServerSideEncryption: "aws:kms", SSEKMSKeyId: "k" });
        expect(copies[0]).to.not.have.property("Tagging");
    });

    it("single-account mode (no runTagging): no put or copy names a tag, so the role needs no s3:PutObjectTagging", async () => {
        const { puts, copies } = await writes(undefined);
        expect(puts).to.have.length(3);
        for (const p of [...puts, ...copies]) {
            expect(p).to.not.have.property("Tagging");
            expect(p).to.not.have.property("TaggingDirective");
        }
    });

    it("tags only the task's own runs/: another account's or region's prefix is not its run", async () => {
        const { puts } = await writes(accountRunTagging("111122223333", "us-east-1"));
        expect(puts.map((p) => p.Tagging)).to.deep.equal([undefined, undefined, undefined]);
    });
});

describe("artifact stores: a streamed artifact carries the writer's SHA-256", () => {
    it("S3: sends the file as it is with x-amz-checksum-sha256 set to the writer's hash, not an aws-chunked body with a CRC32 trailer the SDK computes", async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "store-sha-"));
        const sent: { headers: Record<string, string>; body: Buffer }[] = [];
        // The SDK's own middleware stack down to the wire: only the HTTP exchange is replaced.
        const requestHandler = {
            async handle(request: { headers: Record<string, string>; body: NodeJS.ReadableStream }) {
                const chunks: Buffer[] = [];
                for await (const chunk of request.body) chunks.push(Buffer.from(chunk as Buffer));
                sent.push({ headers: request.headers, body: Buffer.concat(chunks) });
                const { HttpResponse } = await import("@smithy/protocol-http");
                const { Readable } = await import("stream");
                return { response: new HttpResponse({ statusCode: 200, headers: { etag: '"e"' }, body: Readable.from([]) }) };
            },
        };
        const s3 = new S3Client({ region: "us-east-1", endpoint: "http://127.0.0.1:1", forcePathStyle: true, credentials: { accessKeyId: "a", secretAccessKey: "b" }, requestHandler: requestHandler as never });
        try {
            const file = path.join(dir, "agent-bindings.json");
            const content = Buffer.from(JSON.stringify({ bindings: Array.from({ length: 50 }, (_, i) => ({ i })) }) + "\n");
            await fs.writeFile(file, content);
            const sha256 = createHash("sha256").update(content).digest("hex");
            const store = new S3ArtifactStore(s3, new AwsGateway(new FakeClock(0), Deadline.none()), { bucket: "b", kmsKeyId: "k", streamAboveBytes: 16 });
            await store.putFile("runs/r/agent-bindings.json", file, content.length, sha256);
            expect(sent).to.have.length(1);
            const { headers, body } = sent[0];
            expect(headers["x-amz-checksum-sha256"]).to.equal(Buffer.from(sha256, "hex").toString("base64"));
            expect(headers["content-encoding"] ?? "").to.not.include("aws-chunked");
            expect(headers).to.not.have.property("x-amz-trailer");
            expect(body.equals(content), "the file's bytes, unframed").to.equal(true);
        } finally {
            s3.destroy();
            await fs.rm(dir, { recursive: true, force: true });
        }
    });
});
