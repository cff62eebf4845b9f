import { promises as fs } from "fs";
import * as path from "path";
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { AwsGateway } from "../aws/gateway";

/** Where artifacts go: S3 in the Lambda, a folder on a laptop. Keys are S3-style paths. */
export interface ArtifactStore {
    /** Human-readable location of a key, for results and logs. */
    describe(key: string): string;
    /** The object's text, or undefined when it does not exist (or cannot be read). */
    read(key: string): Promise<string | undefined>;
    put(key: string, body: string): Promise<void>;
    copy(sourceKey: string, targetKey: string): Promise<void>;
}

export interface S3StoreOptions {
    readonly bucket: string;
    /** INVENTORY_KMS_KEY_ID: every put and copy names it (the bucket policy denies anything else). */
    readonly kmsKeyId: string;
}

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

    async put(key: string, body: string): Promise<void> {
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

    async copy(sourceKey: string, targetKey: string): Promise<void> {
        const target = this.describe(targetKey);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.copyFile(this.describe(sourceKey), target);
    }
}
