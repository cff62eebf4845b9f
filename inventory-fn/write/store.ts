import { createHash } from "crypto";
import { createReadStream, promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { DEFAULT_MAX_ATTEMPTS } from "../aws/clients";
import type { AwsGateway } from "../aws/gateway";

/** Where artifacts go: S3 in the Lambda, a folder on a laptop. Keys are S3-style paths. */
export interface ArtifactStore {
    /** Human-readable location of a key, for results and logs. */
    describe(key: string): string;
    /** The object's text, or undefined when it does not exist (or cannot be read). */
    read(key: string): Promise<string | undefined>;
    put(key: string, body: string): Promise<void>;
    /**
     * Uploads a local file's bytes (`bytes` long, SHA-256 `sha256`, hex) as `key`, streaming it,
     * never holding it whole.
     */
    putFile(key: string, file: string, bytes: number, sha256: string): Promise<void>;
    /** Copies an object; says which version of `targetKey` the copy created, when the store keeps versions. */
    copy(sourceKey: string, targetKey: string): Promise<WrittenVersion>;
    /**
     * Remembers what `key` holds now (or that it holds nothing), so that {@link putBack} can make
     * it current again after the key is overwritten. Throws when it could not be put back (an
     * S3 bucket without versioning): a promotion must then not start.
     */
    keep(key: string): Promise<KeptObject>;
    /**
     * Makes `kept` what its key holds again, undoing `written` (the versions this run created at
     * that key, possibly not all of them: a request that failed may still have been applied).
     * Resolves only once the key is verified to hold `kept`; rejects otherwise.
     */
    putBack(kept: KeptObject, written: readonly WrittenVersion[]): Promise<void>;
    /** Forgets `kept` (a folder store removes its backup copy). */
    release(kept: KeptObject): Promise<void>;
}

/**
 * Reads with a version tag and writes only if the tag is unchanged: the usage state's
 * protection against two runs writing it at once (write/usage-state.ts).
 */
export interface ConditionalStore {
    /** The object's text and entity tag, or undefined when it does not exist. */
    readTagged(key: string): Promise<{ readonly body: string; readonly etag: string } | undefined>;
    /**
     * Writes `body` only if the key still holds the object tagged `etag` (`null`: only if it
     * holds nothing). `conflict` when another writer got there first.
     */
    putIfUnchanged(key: string, body: string, etag: string | null): Promise<"written" | "conflict">;
}

export function isConditionalStore(store: unknown): store is ConditionalStore {
    return typeof (store as ConditionalStore).readTagged === "function" && typeof (store as ConditionalStore).putIfUnchanged === "function";
}

/** A version a write created: S3's version id; empty for a store that keeps no versions. */
export interface WrittenVersion {
    readonly versionId?: string;
}

/** What a key held before a promotion overwrote it. */
export interface KeptObject {
    readonly key: string;
    /** The key held nothing (or, in S3, a delete marker). */
    readonly absent: boolean;
    /** S3: the version that was current. */
    readonly versionId?: string;
    /** Folder store: where the previous bytes were set aside. */
    readonly backupFile?: string;
}

/** The store cannot undo an overwrite of this key: promotion is refused rather than risked. */
export class NotRestorableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "NotRestorable";
    }
}

export interface S3StoreOptions {
    readonly bucket: string;
    /** INVENTORY_KMS_KEY_ID: every put and copy names it (the bucket policy denies anything else). */
    readonly kmsKeyId: string;
    /**
     * Files larger than this are streamed from disk; smaller ones are read into memory first
     * (default 4 MiB). The SDK never retries a streaming body, so streamed puts are retried by
     * the gateway with a fresh stream; buffered ones keep the SDK's retry strategy.
     */
    readonly streamAboveBytes?: number;
    /** Gateway attempts of a streamed put (default: the SDK's attempts, DEFAULT_MAX_ATTEMPTS). */
    readonly streamAttempts?: number;
    /**
     * Tags the run objects, for a lifecycle rule that cannot match their prefix (the organization's
     * account function: `accounts/<id>/<region>/runs/` is no literal prefix). Unset (the
     * single-account function), no write carries a tag and the role needs no s3:PutObjectTagging.
     */
    readonly runTagging?: RunTagging;
}

/** What {@link S3ArtifactStore} tags, and with what. */
export interface RunTagging {
    /** Puts of keys under this prefix carry {@link tagging}; copies from it to elsewhere are left untagged. */
    readonly prefix: string;
    /** The `x-amz-tagging` value: URL query encoded, `key=value`. */
    readonly tagging: string;
}

const DEFAULT_STREAM_ABOVE_BYTES = 4 * 1024 * 1024;

export class S3ArtifactStore implements ArtifactStore, ConditionalStore {
    constructor(private readonly s3: S3Client, private readonly gateway: AwsGateway, private readonly options: S3StoreOptions) {}

    describe(key: string): string {
        return `s3://${this.options.bucket}/${key}`;
    }

    async read(key: string): Promise<string | undefined> {
        try {
            const response = await this.gateway.call("s3:GetObject", () => this.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key })));
            return await response.Body?.transformToString("utf-8");
        } catch (error) {
            const name = (error as Error)?.name;
            // Without s3:ListBucket a missing key answers 403 AccessDenied, not 404: both mean
            // "no previous manifest" to the caller, who decides what that costs.
            if (name === "NoSuchKey" || name === "NotFound" || name === "AccessDenied") {
                return undefined;
            }
            throw error;
        }
    }

    async readTagged(key: string): Promise<{ body: string; etag: string } | undefined> {
        try {
            const response = await this.gateway.call("s3:GetObject", () => this.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key })));
            const body = await response.Body?.transformToString("utf-8");
            return body === undefined || !response.ETag ? undefined : { body, etag: response.ETag };
        } catch (error) {
            const name = (error as Error)?.name;
            if (name === "NoSuchKey" || name === "NotFound" || name === "AccessDenied") return undefined;
            throw error;
        }
    }

    /**
     * What every PutObject of this store carries: the bucket, the key, the JSON content type and
     * SSE-KMS with the inventory key (the bucket policy denies any other put; CONTRACTS section 4).
     */
    private jsonObject(key: string) {
        return {
            Bucket: this.options.bucket,
            Key: key,
            ContentType: "application/json; charset=utf-8",
            ServerSideEncryption: "aws:kms" as const,
            SSEKMSKeyId: this.options.kmsKeyId,
        };
    }

    /**
     * S3 conditional writes: `If-Match` on the ETag read, `If-None-Match: *` when there was
     * none. S3 answers 412 PreconditionFailed when the object changed, 409
     * ConditionalRequestConflict when a concurrent conditional write is in flight, and 404
     * NoSuchKey to an If-Match on a key deleted meanwhile: each is another writer.
     */
    async putIfUnchanged(key: string, body: string, etag: string | null): Promise<"written" | "conflict"> {
        try {
            await this.gateway.call("s3:PutObject", () =>
                this.s3.send(
                    new PutObjectCommand({
                        ...this.jsonObject(key),
                        Body: body,
                        ...(etag === null ? { IfNoneMatch: "*" } : { IfMatch: etag }),
                    }),
                ),
                { afterDeadline: true },
            );
            return "written";
        } catch (error) {
            const name = (error as Error)?.name;
            const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
            if (name === "PreconditionFailed" || name === "ConditionalRequestConflict" || name === "NoSuchKey" || status === 412 || status === 409) return "conflict";
            throw error;
        }
    }

    async put(key: string, body: string | Buffer): Promise<void> {
        await this.gateway.call("s3:PutObject", () =>
            this.s3.send(
                new PutObjectCommand({
                    ...this.jsonObject(key),
                    Body: body,
                    ...this.taggingOf(key),
                }),
            ),
            { afterDeadline: true },
        );
    }

    async putFile(key: string, file: string, bytes: number, sha256: string): Promise<void> {
        if (bytes <= (this.options.streamAboveBytes ?? DEFAULT_STREAM_ABOVE_BYTES)) {
            await this.put(key, await fs.readFile(file));
            return;
        }
        await this.gateway.call("s3:PutObject", () =>
            this.s3.send(
                new PutObjectCommand({
                    ...this.jsonObject(key),
                    // A fresh stream per attempt: a consumed one cannot be sent again.
                    Body: createReadStream(file),
                    ContentLength: bytes,
                    // The SHA-256 the writer computed as it wrote the file: S3 checks the bytes it
                    // receives against it, and the SDK, given a checksum, sends the file as it is
                    // instead of computing a CRC32 of it in JavaScript into an aws-chunked body
                    // (64 MB of agent bindings on the bench's reference account, about 1 GB at 4x).
                    ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64"),
                    ...this.taggingOf(key),
                }),
            ),
            { afterDeadline: true, attempts: this.options.streamAttempts ?? DEFAULT_MAX_ATTEMPTS },
        );
    }

    async copy(sourceKey: string, targetKey: string): Promise<WrittenVersion> {
        const response = await this.gateway.call("s3:CopyObject", () =>
            this.s3.send(
                new CopyObjectCommand({
                    Bucket: this.options.bucket,
                    Key: targetKey,
                    CopySource: `${this.options.bucket}/${sourceKey.split("/").map(encodeURIComponent).join("/")}`,
                    // A copy is a new write: without these it would get the bucket default and
                    // the bucket policy would deny it.
                    ServerSideEncryption: "aws:kms",
                    SSEKMSKeyId: this.options.kmsKeyId,
                    MetadataDirective: "COPY",
                    ...this.copyTaggingOf(sourceKey, targetKey),
                }),
            ),
            { afterDeadline: true },
        );
        return response.VersionId ? { versionId: response.VersionId } : {};
    }

    /** The Tagging header of a put: only a run object, only when the store tags them. */
    private taggingOf(key: string): { Tagging?: string } {
        const t = this.options.runTagging;
        return t && key.startsWith(t.prefix) ? { Tagging: t.tagging } : {};
    }

    /**
     * CopyObject copies the source's tags unless told otherwise (TaggingDirective defaults to
     * COPY, which also needs s3:GetObjectTagging on the source): a latest/ copy of a tagged run
     * object would carry the run tag and expire with the runs. REPLACE with no Tagging header
     * writes it with no tags. Untouched when the store does not tag (the single-account function).
     */
    private copyTaggingOf(sourceKey: string, targetKey: string): { TaggingDirective?: "REPLACE"; Tagging?: string } {
        const t = this.options.runTagging;
        if (!t || !sourceKey.startsWith(t.prefix)) return {};
        return targetKey.startsWith(t.prefix) ? { TaggingDirective: "REPLACE", Tagging: t.tagging } : { TaggingDirective: "REPLACE" };
    }

    async keep(key: string): Promise<KeptObject> {
        const current = await this.currentVersion(key);
        if (current === null) return { key, absent: true };
        // Unversioned (no id) or versioning suspended ("null": the next write replaces it): the
        // previous bytes would be gone after the copy, so there would be nothing to put back.
        if (!current || current === "null") {
            throw new NotRestorableError(`${this.describe(key)} has no version id: enable versioning on the bucket, a promotion that fails half-way could not be undone`);
        }
        return { key, absent: false, versionId: current };
    }

    /**
     * Deletes the versions this run created at the key (a version, not the key: no delete marker,
     * the previous version becomes current again with its own id and bytes, no copy, no KMS
     * call), then checks the key's current version and deletes any version still above the kept
     * one: a copy whose response was lost but which S3 applied, then retried, leaves a version
     * nobody was told about. latest/ has a single writer (the function's reserved concurrency is
     * 1), so a version above the kept one written since {@link keep} is this run's.
     */
    async putBack(kept: KeptObject, written: readonly WrittenVersion[]): Promise<void> {
        for (const { versionId } of written) {
            if (versionId && versionId !== kept.versionId) await this.deleteVersion(kept.key, versionId);
        }
        for (let check = 1; ; check++) {
            const current = await this.currentVersion(kept.key);
            if (kept.absent ? current === null : current === kept.versionId) return;
            if (!current || current === "null" || check > DEFAULT_MAX_ATTEMPTS) {
                throw new Error(`${this.describe(kept.key)} holds ${current === null ? "nothing" : `version ${current ?? "(no id)"}`}, not ${kept.absent ? "nothing" : `version ${kept.versionId}`}, and cannot be put back`);
            }
            await this.deleteVersion(kept.key, current);
        }
    }

    async release(): Promise<void> {
        // S3 keeps the versions; nothing was set aside.
    }

    /** The current version id; null when the key is absent; undefined when the object has none (no versioning). */
    private async currentVersion(key: string): Promise<string | null | undefined> {
        try {
            const head = await this.gateway.call("s3:HeadObject", () => this.s3.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key })), { afterDeadline: true });
            return head.VersionId;
        } catch (error) {
            const name = (error as Error)?.name;
            const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
            // HEAD answers carry no error code. Without s3:ListBucket a missing key (or one whose
            // current version is a delete marker) is 403, with it 404; the role may GetObject
            // every key under latest/, so a 403 there is a missing key, as in `read`.
            if (name === "NotFound" || name === "NoSuchKey" || name === "Forbidden" || name === "AccessDenied" || status === 404 || status === 403) return null;
            throw error;
        }
    }

    private async deleteVersion(key: string, versionId: string): Promise<void> {
        await this.gateway.call("s3:DeleteObject", () => this.s3.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key, VersionId: versionId })), { afterDeadline: true });
    }
}

/** A folder laid out like the bucket: `<root>/<OUTPUT_PREFIX>runs/<runId>/...`, `<root>/latest/...`. */
export class DirectoryArtifactStore implements ArtifactStore, ConditionalStore {
    constructor(private readonly root: string) {}

    describe(key: string): string {
        return path.join(this.root, ...key.split("/"));
    }

    async read(key: string): Promise<string | undefined> {
        try {
            return await fs.readFile(this.describe(key), "utf8");
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
            throw error;
        }
    }

    async put(key: string, body: string): Promise<void> {
        const file = this.describe(key);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, body, "utf8");
    }

    async readTagged(key: string): Promise<{ body: string; etag: string } | undefined> {
        const body = await this.read(key);
        return body === undefined ? undefined : { body, etag: createHash("sha256").update(body).digest("hex") };
    }

    /**
     * A new key is linked into place (link fails if the key exists: atomic); an existing one is
     * compared, then renamed over. The compare and the rename are two steps: a folder has one
     * writer, a laptop's local run.
     */
    async putIfUnchanged(key: string, body: string, etag: string | null): Promise<"written" | "conflict"> {
        const file = this.describe(key);
        await fs.mkdir(path.dirname(file), { recursive: true });
        const partial = `${file}.${process.pid}.partial`;
        await fs.writeFile(partial, body, "utf8");
        try {
            if (etag === null) {
                try {
                    await fs.link(partial, file);
                    return "written";
                } catch (error) {
                    if ((error as NodeJS.ErrnoException).code === "EEXIST") return "conflict";
                    throw error;
                }
            }
            const current = await this.readTagged(key);
            if (current?.etag !== etag) return "conflict";
            await fs.rename(partial, file);
            return "written";
        } finally {
            await fs.rm(partial, { force: true });
        }
    }

    async putFile(key: string, file: string): Promise<void> {
        const target = this.describe(key);
        await fs.mkdir(path.dirname(target), { recursive: true });
        // A copy, not a rename: the temporary folder may be on another file system.
        await fs.copyFile(file, target);
    }

    async copy(sourceKey: string, targetKey: string): Promise<WrittenVersion> {
        await this.replace(this.describe(sourceKey), this.describe(targetKey));
        return {};
    }

    /** A folder keeps no versions: the previous bytes are copied aside, outside the tree. */
    async keep(key: string): Promise<KeptObject> {
        const file = this.describe(key);
        const backupDir = await fs.mkdtemp(path.join(os.tmpdir(), "inventory-kept-"));
        const backupFile = path.join(backupDir, path.basename(file));
        try {
            await fs.copyFile(file, backupFile);
            return { key, absent: false, backupFile };
        } catch (error) {
            await fs.rm(backupDir, { recursive: true, force: true });
            if ((error as NodeJS.ErrnoException).code === "ENOENT") return { key, absent: true };
            throw error;
        }
    }

    async putBack(kept: KeptObject, _written: readonly WrittenVersion[] = []): Promise<void> {
        if (kept.absent) {
            await fs.rm(this.describe(kept.key), { force: true });
        } else {
            await this.replace(kept.backupFile!, this.describe(kept.key));
        }
    }

    async release(kept: KeptObject): Promise<void> {
        if (kept.backupFile) await fs.rm(path.dirname(kept.backupFile), { recursive: true, force: true });
    }

    /** Copies next to the target, then renames over it: a reader sees the old file or the new one, never a partial one. */
    private async replace(source: string, target: string): Promise<void> {
        await fs.mkdir(path.dirname(target), { recursive: true });
        const partial = `${target}.${process.pid}.partial`;
        try {
            await fs.copyFile(source, partial);
            await fs.rename(partial, target);
        } catch (error) {
            await fs.rm(partial, { force: true });
            throw error;
        }
    }
}
