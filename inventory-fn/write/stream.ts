import { createHash } from "crypto";
import { closeSync, openSync, writeSync } from "fs";
import * as path from "path";
import { NO_SLICING, type CpuSlicer } from "../slicer";
import type { ArtifactName } from "./schemas";

/** An artifact written to a local file, with what the manifest says about it. */
export interface ArtifactFile {
    readonly name: ArtifactName;
    /** Local file holding exactly the bytes to upload. */
    readonly file: string;
    readonly count: number;
    readonly sha256: string;
    readonly bytes: number;
}

/**
 * What one artifact file holds: the header fields (object artifacts; none for a bare array),
 * then the records under `recordsKey`.
 */
export interface ArtifactSource<R> {
    readonly name: ArtifactName;
    /** Header fields written before the records; absent for a top-level array (activity-logs.json). */
    readonly header?: Readonly<Record<string, unknown>>;
    /** The array property holding the records; absent for a top-level array. */
    readonly recordsKey?: string;
    /**
     * The records, in order, in batches: a batch is what a producer computes in one step (one
     * principal's bindings, possibly none), so the writer can yield between steps even when
     * many of them produce nothing.
     */
    readonly batches: Iterable<Iterable<R>>;
    /** Called once per record before it is written (schema check); must not throw for bad records. */
    readonly inspect?: (record: R, index: number) => void;
}

/** Bytes buffered before a write: large enough for few syscalls, small against the Lambda's memory. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;

/**
 * Writes one artifact as compact JSON, record by record, into `<dir>/<name>`, hashing the
 * bytes as they go: no string, Buffer or object of the whole document ever exists, so the
 * artifact's size is bounded by /tmp, not by the heap or V8's maximum string length.
 * The bytes are what `JSON.stringify(document) + "\n"` would give. Producing, validating and
 * serializing records yields to the event loop whenever `slicer`'s slice is used up.
 */
export async function writeArtifactFile<R>(dir: string, source: ArtifactSource<R>, options: { chunkBytes?: number; slicer?: CpuSlicer } = {}): Promise<ArtifactFile> {
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    const slicer = options.slicer ?? NO_SLICING;
    const file = path.join(dir, source.name);
    const hash = createHash("sha256");
    const fd = openSync(file, "w");
    let bytes = 0;
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = () => {
        if (pending.length === 0) return;
        const buffer = Buffer.from(pending.join(""), "utf8");
        pending = [];
        pendingLength = 0;
        hash.update(buffer);
        let offset = 0;
        while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
        bytes += buffer.length;
    };
    const emit = (text: string) => {
        pending.push(text);
        pendingLength += text.length;
        if (pendingLength >= chunkBytes) flush();
    };
    let count = 0;
    try {
        if (source.header) {
            const head = JSON.stringify({ ...source.header, [source.recordsKey ?? "records"]: [] });
            // `{...,"key":[]}` -> `{...,"key":[`: the header's own serialization, so escaping matches.
            emit(head.slice(0, -2));
        } else {
            emit("[");
        }
        for (const batch of source.batches) {
            for (const record of batch) {
                source.inspect?.(record, count);
                emit((count === 0 ? "" : ",") + JSON.stringify(record));
                count++;
                if (slicer.due()) await slicer.yield();
            }
            if (slicer.due()) await slicer.yield();
        }
        emit(source.header ? "]}\n" : "]\n");
        flush();
    } finally {
        closeSync(fd);
    }
    return { name: source.name, file, count, sha256: hash.digest("hex"), bytes };
}
