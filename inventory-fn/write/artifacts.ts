import { createHash } from "crypto";
import type { ToolCredentialRecord } from "../analyse/credentials";
import type { ActivityRecord } from "../analyse/activity";
import type { Finding } from "../analyse/findings/types";
import type { CollectedModel } from "../collect/bedrock";
import type { CollectedPrincipal } from "../collect/iam";
import type { RunError } from "../collect/context";
import type { ScpView } from "../collect/scps";
import { ARTIFACT_SCHEMA_VERSIONS, ArtifactValidator, MANIFEST_SCHEMA_VERSION, RECORDS_KEY, type ArtifactName, type DataArtifactName } from "./schemas";
import type { CpuSlicer } from "../slicer";
import { writeArtifactFile, type ArtifactFile } from "./stream";

/** What every object artifact starts with; `schemaVersion` is each artifact's own when written. */
export interface ArtifactHeader {
    readonly schemaVersion: string;
    readonly accountId: string;
    readonly region: string;
    readonly generatedAt: string;
    readonly runId: string;
}

/** The manifest, held in memory (it is small), serialized compactly. */
export interface SerializedArtifact {
    readonly name: ArtifactName;
    readonly document: unknown;
    readonly body: string;
    readonly count: number;
    readonly sha256: string;
    readonly bytes: number;
}

/** What the manifest and the outcome say about an artifact (a data artifact's bytes are in its file). */
export type ArtifactSummary = Pick<SerializedArtifact, "name" | "count" | "sha256" | "bytes">;

export type RunStatus = "complete" | "partial" | "failed";

export interface ManifestInput {
    readonly header: ArtifactHeader;
    readonly runPrefix: string;
    readonly status: RunStatus;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    readonly artifacts: readonly { readonly artifact: ArtifactSummary; readonly key: string }[];
    readonly agentCount: number;
    readonly apiCalls: Record<string, number>;
    readonly errors: readonly RunError[];
    readonly cloudTrail: { readonly windowStart: string; readonly windowEnd: string; readonly cursor: string | null };
    /** Whether AgentCore was read (`unavailable`: the region has no AgentCore; a recorded skip). */
    readonly agentCore: { readonly status: "collected" | "unavailable" | "failed"; readonly reason: string | null };
    /** Whether the bindings were evaluated under the account's SCPs (collect/scps.ts); since 1.3. */
    readonly scpView?: ScpView;
    /** What became of the usage state (write/usage-state.ts); absent when the run never reached it. */
    readonly usageState?: Readonly<Record<string, unknown>>;
    /** What findings.json's other sources gave (the Bedrock API key listing). */
    readonly findingSources?: Readonly<Record<string, unknown>>;
}

export function serialize(name: ArtifactName, document: unknown, count: number): SerializedArtifact {
    // Compact: indentation was a third of agent-bindings.json's bytes, and nobody reads it by eye.
    const body = `${JSON.stringify(document)}\n`;
    const buffer = Buffer.from(body, "utf8");
    return { name, document, body, count, sha256: createHash("sha256").update(buffer).digest("hex"), bytes: buffer.length };
}

/** A schema problem found while writing an artifact. */
export type SchemaProblemSink = (name: DataArtifactName, problems: string[]) => void;

/** An artifact's records in artifact order, in batches (see {@link ArtifactSource.batches}). */
export type RecordBatches<R = unknown> = Iterable<Iterable<R>>;

/** principals.json: every principal by ARN, its policies by reference only. */
export function principalBatches(principals: readonly CollectedPrincipal[]): RecordBatches {
    return [
        [...principals]
            .sort((a, b) => a.arn.localeCompare(b.arn))
            .map((p) => ({
                arn: p.arn,
                name: p.name,
                type: p.type,
                id: p.id,
                path: p.path,
                attachedPolicyArns: [...p.attachedPolicyArns],
                inlinePolicyNames: p.inlinePolicies.map((i) => i.name),
                permissionsBoundaryArn: p.permissionsBoundaryArn,
                groups: [...p.groups],
            })),
    ];
}

/** models.json: by model id. */
export function modelBatches(models: readonly CollectedModel[]): RecordBatches {
    return [[...models].sort((a, b) => a.modelId.localeCompare(b.modelId))];
}

/** agent-tool-credentials.json: by agent, action group, credential type and reference. */
export function toolCredentialBatches(records: readonly ToolCredentialRecord[]): RecordBatches {
    return [
        [...records].sort(
            (a, b) =>
                a.agentId.localeCompare(b.agentId) ||
                a.actionGroupId.localeCompare(b.actionGroupId) ||
                a.credentialType.localeCompare(b.credentialType) ||
                (a.credentialRef ?? "").localeCompare(b.credentialRef ?? ""),
        ),
    ];
}

/** activity-logs.json: CONTRACTS wants a bare array (the seed's readers do `len(d)` and iterate it); records come sorted. */
export function activityBatches(records: readonly ActivityRecord[]): RecordBatches {
    return [records];
}

/** findings.json: already in order (severity, kind, id). */
export function findingBatches(findings: RecordBatches<Finding>): RecordBatches {
    return findings;
}

/**
 * Writes one data artifact as a file under `dir`, record by record and validated record by
 * record (write/stream.ts): nothing the size of the artifact is built. Schema problems go to
 * `onSchemaProblems`; only I/O (or a bug) rejects.
 */
export async function writeArtifact(
    dir: string,
    header: ArtifactHeader,
    name: DataArtifactName,
    batches: RecordBatches,
    onSchemaProblems: SchemaProblemSink,
    slicer?: CpuSlicer,
): Promise<ArtifactFile> {
    const recordsKey = RECORDS_KEY[name];
    header = { ...header, schemaVersion: ARTIFACT_SCHEMA_VERSIONS[name] };
    const validator = new ArtifactValidator(name, recordsKey ? { ...header } : undefined);
    const file = await writeArtifactFile(
        dir,
        {
            name,
            ...(recordsKey ? { header: header as unknown as Record<string, unknown>, recordsKey } : {}),
            batches,
            inspect: (record, index) => validator.record(record, index),
        },
        { slicer },
    );
    const problems = validator.problems();
    if (problems.length > 0) onSchemaProblems(name, problems);
    return file;
}

export function buildManifest(input: ManifestInput): SerializedArtifact {
    const countOf = (name: DataArtifactName) => input.artifacts.find((a) => a.artifact.name === name)?.artifact.count ?? 0;
    const manifest = {
        ...input.header,
        schemaVersion: MANIFEST_SCHEMA_VERSION,
        runPrefix: input.runPrefix,
        status: input.status,
        startedAt: input.startedAt,
        finishedAt: input.finishedAt,
        artifacts: input.artifacts.map(({ artifact, key }) => ({
            name: artifact.name,
            key,
            sha256: artifact.sha256,
            bytes: artifact.bytes,
            count: artifact.count,
            schemaVersion: ARTIFACT_SCHEMA_VERSIONS[artifact.name as DataArtifactName],
        })),
        principalCount: countOf("principals.json"),
        modelCount: countOf("models.json"),
        agentCount: input.agentCount,
        agentBindingCount: countOf("agent-bindings.json"),
        modelBindingCount: countOf("model-bindings.json"),
        agentToolCredentialCount: countOf("agent-tool-credentials.json"),
        activityRecordCount: countOf("activity-logs.json"),
        agentCoreResourceCount: countOf("agentcore-resources.json"),
        agentCoreBindingCount: countOf("agentcore-bindings.json"),
        agentCoreToolCredentialCount: countOf("agentcore-tool-credentials.json"),
        findingCount: countOf("findings.json"),
        durationMs: input.durationMs,
        apiCalls: input.apiCalls,
        errors: input.errors,
        cloudTrail: input.cloudTrail,
        agentCore: input.agentCore,
        ...(input.scpView ? { scpView: input.scpView } : {}),
        ...(input.usageState ? { usageState: input.usageState } : {}),
        ...(input.findingSources ? { findingSources: input.findingSources } : {}),
    };
    return serialize("manifest.json", manifest, input.artifacts.length);
}
