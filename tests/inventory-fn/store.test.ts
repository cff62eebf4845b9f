import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { mockClient } from "aws-sdk-client-mock";
import { DeleteObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Deadline } from "../../inventory-fn/aws/deadline";
import { AwsGateway } from "../../inventory-fn/aws/gateway";
import { DirectoryArtifactStore, NotRestorableError, S3ArtifactStore } from "../../inventory-fn/write/store";
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
