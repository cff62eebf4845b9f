import { createReadStream, promises as fs } from "fs";
import * as path from "path";
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { DEFAULT_MAX_ATTEMPTS } from "../aws/clients";
import type { AwsGateway } from "../aws/gateway";

/** Where artifacts go: S3 in the Lambda, a folder on a laptop. Keys are S3-style paths. */
export interface ArtifactStore {
    /** Human-readable location of a key, for results and logs. */
    describe(key: string): string;
    /** The object's text, or undefined when it does not exist (or cannot be read). */
    read(key: string): Promise<string | undefined>;
    put(key: string, body: string): Promise<void>;
    /** Uploads a local file's bytes (`bytes` long) as `key`, streaming it, never holding it whole. */
    putFile(key: string, file: string, bytes: number): Promise<void>;
    copy(sourceKey: string, targetKey: string): Promise<void>;
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
}

const DEFAULT_STREAM_ABOVE_BYTES = 4 * 1024 * 1024;

export class S3ArtifactStore implements ArtifactStore {
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

    async put(key: string, body: string | Buffer): Promise<void> {
        await this.gateway.call("s3:PutObject", () =>
            this.s3.send(
                new PutObjectCommand({
                    Bucket: this.options.bucket,
                    Key: key,
                    Body: body,
                    ContentType: "application/json; charset=utf-8",
                    ServerSideEncryption: "aws:kms",
                    SSEKMSKeyId: this.options.kmsKeyId,
                }),
            ),
            { afterDeadline: true },
        );
    }

    async putFile(key: string, file: string, bytes: number): Promise<void> {
        if (bytes <= (this.options.streamAboveBytes ?? DEFAULT_STREAM_ABOVE_BYTES)) {
            await this.put(key, await fs.readFile(file));
            return;
        }
        await this.gateway.call("s3:PutObject", () =>
            this.s3.send(
                new PutObjectCommand({
                    Bucket: this.options.bucket,
                    Key: key,
                    // A fresh stream per attempt: a consumed one cannot be sent again.
                    Body: createReadStream(file),
                    ContentLength: bytes,
                    ContentType: "application/json; charset=utf-8",
                    ServerSideEncryption: "aws:kms",
                    SSEKMSKeyId: this.options.kmsKeyId,
                }),
            ),
            { afterDeadline: true, attempts: this.options.streamAttempts ?? DEFAULT_MAX_ATTEMPTS },
        );
    }

    async copy(sourceKey: string, targetKey: string): Promise<void> {
        await this.gateway.call("s3:CopyObject", () =>
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
                }),
            ),
            { afterDeadline: true },
        );
    }
}

/** A folder laid out like the bucket: `<root>/<OUTPUT_PREFIX>runs/<runId>/...`, `<root>/latest/...`. */
export class DirectoryArtifactStore implements ArtifactStore {
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

    async putFile(key: string, file: string): Promise<void> {
        const target = this.describe(key);
        await fs.mkdir(path.dirname(target), { recursive: true });
        // A copy, not a rename: the temporary folder may be on another file system.
        await fs.copyFile(file, target);
    }

    async copy(sourceKey: string, targetKey: string): Promise<void> {
        const target = this.describe(targetKey);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.copyFile(this.describe(sourceKey), target);
    }
}
