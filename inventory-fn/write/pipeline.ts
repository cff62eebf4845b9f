import { promises as fs } from "fs";
import type { CpuSlicer } from "../slicer";
import { writeArtifact, type ArtifactHeader, type RecordBatches, type SchemaProblemSink } from "./artifacts";
import { ARTIFACT_NAMES, type DataArtifactName } from "./schemas";
import type { ArtifactStore } from "./store";
import type { ArtifactFile } from "./stream";
import type { RunLocation } from "./writer";

export interface ArtifactPipelineOptions {
    /** Where artifact files are written before upload (each removed once uploaded). */
    readonly dir: string;
    readonly header: ArtifactHeader;
    readonly store: ArtifactStore;
    readonly location: RunLocation;
    readonly slicer: CpuSlicer;
    readonly onSchemaProblems: SchemaProblemSink;
}

/**
 * Writes the run's data artifacts to `runs/<runId>/` as soon as each one's inputs are known,
 * while the other collectors are still reading: principals, models and model bindings once IAM
 * and the models are read, agent bindings once the agents' aliases are, the rest at the end.
 * Each artifact is streamed to a file (one at a time, in slices: the collectors keep being
 * served), uploaded, and its file removed. The manifest is the caller's, after {@link done}, so
 * it still comes last and still lists only what is there.
 */
export class ArtifactPipeline {
    private readonly written = new Map<DataArtifactName, Promise<ArtifactFile>>();
    /** CPU-bound writing, one artifact after another: bounded memory, and the order of `add`. */
    private cpu: Promise<unknown> = Promise.resolve();

    constructor(private readonly options: ArtifactPipelineOptions) {}

    /**
     * Writes `name` once `records` resolves and the artifacts added before it are written (add
     * them in the order their inputs arrive). A producer that reads another's state (the agent
     * pass reads the model pass's) is added after it.
     */
    add(name: DataArtifactName, records: Promise<RecordBatches>): void {
        if (this.written.has(name)) throw new Error(`${name} is already in the pipeline`);
        const { dir, header, store, location, slicer, onSchemaProblems } = this.options;
        const file = this.cpu.then(async () => writeArtifact(dir, header, name, await records, onSchemaProblems, slicer));
        this.cpu = file.catch(() => undefined);
        const uploaded = file.then(async (artifact) => {
            await store.putFile(location.runPrefix + artifact.name, artifact.file, artifact.bytes, artifact.sha256);
            await fs.rm(artifact.file, { force: true });
            return artifact;
        });
        // Rejections are collected by `done`; until then they are not unhandled.
        uploaded.catch(() => undefined);
        this.written.set(name, uploaded);
    }

    /**
     * Every artifact written and uploaded, in the artifacts' order; rejects with the first
     * failure, but only once all have settled (no upload is still running when the caller
     * cleans up or writes a manifest).
     */
    async done(): Promise<ArtifactFile[]> {
        const missing = ARTIFACT_NAMES.filter((name) => !this.written.has(name));
        if (missing.length > 0) throw new Error(`artifacts never added: ${missing.join(", ")}`);
        const settled = await Promise.allSettled(ARTIFACT_NAMES.map((name) => this.written.get(name)!));
        const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failure) throw failure.reason;
        return settled.map((s) => (s as PromiseFulfilledResult<ArtifactFile>).value);
    }
}
