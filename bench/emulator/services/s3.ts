import { createHash } from "node:crypto";
import { ApiError, requestId, xmlEscape, type EmulatedRequest, type EmulatedResponse } from "../wire";
import type { Route } from "./route";

/** One stored object (one version of a key), exactly as written. */
export interface StoredObject {
    readonly versionId: string;
    readonly body: Buffer;
    readonly etag: string;
    readonly lastModified: number;
    readonly serverSideEncryption: string | undefined;
    readonly kmsKeyId: string | undefined;
    readonly contentType: string | undefined;
    /** The object's tag set (`x-amz-tagging` on PutObject; CopyObject copies the source's unless `x-amz-tagging-directive: REPLACE`). */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Every write the store accepted or refused, in order: what "manifest last" is checked against. */
export interface WriteRecord {
    readonly op: "PutObject" | "CopyObject" | "DeleteObject";
    readonly key: string;
    /** The version written, or the version a DeleteObject named. */
    readonly versionId?: string;
    readonly source?: string;
    readonly accepted: boolean;
    /** Why a refused write was refused. */
    readonly reason?: string;
}

/**
 * An in-memory S3 (path-style, restXml) that enforces the inventory bucket's policy from seed 000:
 * a put or copy without `aws:kms` and the bucket's key is refused with AccessDenied. Versioned,
 * as BedrockInventory deploys the bucket: every write adds a version (`x-amz-version-id`),
 * DeleteObject with a versionId removes that version (the one before becomes current), without
 * one it hides the key (a delete marker).
 */
export class S3Store {
    /** The current version of each key. */
    readonly objects = new Map<string, StoredObject>();
    /** Every version of each key, oldest first; null is a delete marker. */
    readonly versions = new Map<string, (StoredObject | null)[]>();
    readonly writes: WriteRecord[] = [];
    private nextVersion = 1;

    constructor(
        readonly bucket: string,
        /** The key the bucket policy demands (`DenyWrongKMSKey`); undefined accepts any. */
        readonly requiredKmsKeyId: string | undefined,
        readonly now: () => number,
    ) {}

    /** Objects under a prefix, key -> bytes, for byte-for-byte comparisons. */
    snapshot(prefix: string): Map<string, Buffer> {
        const out = new Map<string, Buffer>();
        for (const [key, o] of [...this.objects.entries()].sort(([a], [b]) => a.localeCompare(b))) {
            if (key.startsWith(prefix)) out.set(key, Buffer.from(o.body));
        }
        return out;
    }

    get(key: string): StoredObject | undefined {
        return this.objects.get(key);
    }

    /** Puts an object directly (a previous run's state, set up by the bench). */
    seed(key: string, body: string | Buffer): void {
        const bytes = Buffer.from(body);
        this.store(key, { body: bytes, etag: etagOf(bytes), lastModified: this.now(), serverSideEncryption: "aws:kms", kmsKeyId: this.requiredKmsKeyId, contentType: "application/json" });
    }

    /** Adds a version and makes it current; returns it. */
    store(key: string, object: Omit<StoredObject, "versionId">): StoredObject {
        const version: StoredObject = { ...object, versionId: `${String(this.nextVersion++).padStart(8, "0")}.emulated` };
        this.versions.set(key, [...(this.versions.get(key) ?? []), version]);
        this.objects.set(key, version);
        return version;
    }

    /** Removes one version (or, without an id, hides the key behind a delete marker). */
    delete(key: string, versionId: string | undefined): void {
        const list = [...(this.versions.get(key) ?? [])];
        if (versionId === undefined) {
            list.push(null);
        } else {
            const index = list.findIndex((v) => v?.versionId === versionId);
            if (index < 0) throw new ApiError("NoSuchVersion", "The specified version does not exist.", 404);
            list.splice(index, 1);
        }
        this.versions.set(key, list);
        const current = list[list.length - 1];
        if (current) this.objects.set(key, current);
        else this.objects.delete(key);
    }

    checkEncryption(sse: string | undefined, keyId: string | undefined, key: string): void {
        if (sse !== "aws:kms") throw new ApiError("AccessDenied", `Access Denied: bucket policy DenyUnencryptedPuts refused ${key} (x-amz-server-side-encryption: ${sse ?? "none"})`, 403);
        if (this.requiredKmsKeyId !== undefined && keyId !== this.requiredKmsKeyId) {
            throw new ApiError("AccessDenied", `Access Denied: bucket policy DenyWrongKMSKey refused ${key}`, 403);
        }
    }
}

/** `x-amz-tagging`: URL query encoded `k1=v1&k2=v2`; S3 allows at most 10 tags per object. */
function parseTagging(value: string | undefined): Record<string, string> | undefined {
    if (value === undefined || value === "") return undefined;
    const tags: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(value)) {
        if (!k || k in tags) throw new ApiError("InvalidTag", `The tag provided was not a valid tag: ${value}`, 400);
        tags[k] = v;
    }
    if (Object.keys(tags).length > 10) throw new ApiError("InvalidTag", "Object tags cannot be greater than 10", 400);
    return tags;
}

/** CopyObject's tag set: the source's by default (COPY), the request's with REPLACE. */
function copiedTags(directive: string | undefined, tagging: string | undefined, source: StoredObject): Record<string, string> | undefined {
    if (directive === undefined || directive === "COPY") return source.tags ? { ...source.tags } : undefined;
    if (directive !== "REPLACE") throw new ApiError("InvalidArgument", `Unknown tagging directive: ${directive}`, 400);
    return parseTagging(tagging);
}

function etagOf(body: Buffer): string {
    return `"${createHash("md5").update(body).digest("hex")}"`;
}

/** `Content-Encoding: aws-chunked` bodies (streamed uploads with a trailing checksum). */
function decodeChunked(raw: Buffer): Buffer {
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
        const lineEnd = raw.indexOf("\r\n", offset);
        if (lineEnd < 0) break;
        const size = parseInt(raw.subarray(offset, lineEnd).toString().split(";")[0], 16);
        if (!size) break;
        parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
        offset = lineEnd + 2 + size + 2;
    }
    return Buffer.concat(parts);
}

function header(request: EmulatedRequest, name: string): string | undefined {
    const v = request.headers[name];
    return Array.isArray(v) ? v[0] : v;
}

function xmlResponse(xml: string, status = 200, headers: Record<string, string> = {}): EmulatedResponse {
    return { status, headers: { "content-type": "application/xml", "x-amz-request-id": requestId(), ...headers }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}` };
}

export function s3Route(request: EmulatedRequest, store: S3Store): Route | undefined {
    // Path-style: /<bucket>/<key...>
    const slash = request.rawPath.indexOf("/", 1);
    const bucket = decodeURIComponent(slash < 0 ? request.rawPath.slice(1) : request.rawPath.slice(1, slash));
    const key = slash < 0 ? "" : request.rawPath.slice(slash + 1).split("/").map(decodeURIComponent).join("/");
    const noBucket = () => {
        throw new ApiError("NoSuchBucket", `The specified bucket does not exist: ${bucket}`, 404);
    };
    if (bucket !== store.bucket) return { api: "s3:Unknown", handle: noBucket };
    const copySource = header(request, "x-amz-copy-source");

    if (request.method === "PUT" && key && copySource) {
        return {
            api: "s3:CopyObject",
            handle: () => {
                const decoded = decodeURIComponent(copySource.split("?")[0]).replace(/^\//, "");
                const sourceKey = decoded.slice(decoded.indexOf("/") + 1);
                const source = store.objects.get(sourceKey);
                const sse = header(request, "x-amz-server-side-encryption");
                const keyId = header(request, "x-amz-server-side-encryption-aws-kms-key-id");
                let tags: Record<string, string> | undefined;
                try {
                    if (!decoded.startsWith(`${store.bucket}/`) || !source) throw new ApiError("NoSuchKey", `The specified key does not exist: ${decoded}`, 404);
                    store.checkEncryption(sse, keyId, key);
                    tags = copiedTags(header(request, "x-amz-tagging-directive"), header(request, "x-amz-tagging"), source);
                } catch (error) {
                    store.writes.push({ op: "CopyObject", key, source: sourceKey, accepted: false, reason: (error as Error).message });
                    throw error;
                }
                const copy = store.store(key, { ...source, lastModified: store.now(), serverSideEncryption: sse, kmsKeyId: keyId, tags });
                store.writes.push({ op: "CopyObject", key, source: sourceKey, accepted: true, versionId: copy.versionId });
                return {
                    response: xmlResponse(`<CopyObjectResult><ETag>${xmlEscape(copy.etag)}</ETag><LastModified>${new Date(copy.lastModified).toISOString()}</LastModified></CopyObjectResult>`, 200, {
                        "x-amz-version-id": copy.versionId,
                        "x-amz-copy-source-version-id": source.versionId,
                        "x-amz-server-side-encryption": sse ?? "",
                        ...(keyId ? { "x-amz-server-side-encryption-aws-kms-key-id": keyId } : {}),
                    }),
                };
            },
        };
    }
    if (request.method === "PUT" && key) {
        return {
            api: "s3:PutObject",
            handle: () => {
                const chunked = (header(request, "content-encoding") ?? "").includes("aws-chunked");
                const body = chunked ? decodeChunked(request.body) : request.body;
                const sse = header(request, "x-amz-server-side-encryption");
                const keyId = header(request, "x-amz-server-side-encryption-aws-kms-key-id");
                let tags: Record<string, string> | undefined;
                try {
                    store.checkEncryption(sse, keyId, key);
                    tags = parseTagging(header(request, "x-amz-tagging"));
                } catch (error) {
                    store.writes.push({ op: "PutObject", key, accepted: false, reason: (error as Error).message });
                    throw error;
                }
                // A SHA-256 the caller sent (x-amz-checksum-sha256, base64) is checked against the
                // bytes received, as S3 does: a mismatch is BadDigest and nothing is stored.
                const sha256 = header(request, "x-amz-checksum-sha256");
                if (sha256 !== undefined && createHash("sha256").update(body).digest("base64") !== sha256) {
                    store.writes.push({ op: "PutObject", key, accepted: false, reason: "BadDigest" });
                    throw new ApiError("BadDigest", "The SHA256 you specified did not match the calculated checksum.", 400);
                }
                // Conditional writes (the usage state): If-None-Match: * and If-Match: <etag>.
                const current = store.objects.get(key);
                const ifMatch = header(request, "if-match");
                if (header(request, "if-none-match") === "*" && current) throw new ApiError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412);
                if (ifMatch !== undefined && !current) throw new ApiError("NoSuchKey", "The specified key does not exist.", 404);
                if (ifMatch !== undefined && current && current.etag !== ifMatch) throw new ApiError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412);
                const object = store.store(key, { body: Buffer.from(body), etag: etagOf(body), lastModified: store.now(), serverSideEncryption: sse, kmsKeyId: keyId, contentType: header(request, "content-type"), tags });
                store.writes.push({ op: "PutObject", key, accepted: true, versionId: object.versionId });
                return {
                    items: Math.ceil(body.length / 65536),
                    response: {
                        status: 200,
                        headers: { etag: object.etag, "x-amz-version-id": object.versionId, "x-amz-request-id": requestId(), "x-amz-server-side-encryption": sse ?? "", ...(keyId ? { "x-amz-server-side-encryption-aws-kms-key-id": keyId } : {}) },
                        body: "",
                    },
                };
            },
        };
    }
    if ((request.method === "GET" || request.method === "HEAD") && key) {
        return {
            api: request.method === "GET" ? "s3:GetObject" : "s3:HeadObject",
            handle: () => {
                const o = store.objects.get(key);
                if (!o) throw new ApiError("NoSuchKey", "The specified key does not exist.", 404);
                return {
                    response: {
                        status: 200,
                        headers: {
                            etag: o.etag,
                            "x-amz-version-id": o.versionId,
                            "content-length": String(o.body.length),
                            "content-type": o.contentType ?? "application/octet-stream",
                            "last-modified": new Date(o.lastModified).toUTCString(),
                            "x-amz-request-id": requestId(),
                            ...(o.serverSideEncryption ? { "x-amz-server-side-encryption": o.serverSideEncryption } : {}),
                            ...(o.kmsKeyId ? { "x-amz-server-side-encryption-aws-kms-key-id": o.kmsKeyId } : {}),
                        },
                        body: request.method === "GET" ? o.body : "",
                    },
                };
            },
        };
    }
    if (request.method === "DELETE" && key) {
        return {
            api: "s3:DeleteObject",
            handle: () => {
                const versionId = request.query.get("versionId") ?? undefined;
                store.delete(key, versionId);
                store.writes.push({ op: "DeleteObject", key, accepted: true, ...(versionId ? { versionId } : {}) });
                return { response: { status: 204, headers: { "x-amz-request-id": requestId(), ...(versionId ? { "x-amz-version-id": versionId } : { "x-amz-delete-marker": "true" }) }, body: "" } };
            },
        };
    }
    if (request.method === "GET" && !key && request.query.get("list-type") === "2") {
        return {
            api: "s3:ListObjectsV2",
            handle: () => {
                const prefix = request.query.get("prefix") ?? "";
                const max = Math.min(Number(request.query.get("max-keys") ?? 1000), 1000);
                const after = request.query.get("continuation-token") ? Buffer.from(request.query.get("continuation-token")!, "base64").toString() : request.query.get("start-after") ?? "";
                const keys = [...store.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
                const slice = keys.slice(0, max);
                const truncated = keys.length > max;
                const contents = slice
                    .map((k) => {
                        const o = store.objects.get(k)!;
                        return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${new Date(o.lastModified).toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
                    })
                    .join("");
                return {
                    items: slice.length,
                    response: xmlResponse(
                        `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${slice.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${truncated ? `<NextContinuationToken>${Buffer.from(slice[slice.length - 1]).toString("base64")}</NextContinuationToken>` : ""}</ListBucketResult>`,
                    ),
                };
            },
        };
    }
    return { api: "s3:Unknown", handle: () => { throw new ApiError("NotImplemented", `${request.method} ${request.rawPath}`, 501); } };
}

