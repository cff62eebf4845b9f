import { createHash } from "crypto";
import type { AgentBinding, ModelBinding } from "../analyse/bindings";
import type { ToolCredentialRecord } from "../analyse/credentials";
import type { ActivityRecord } from "../analyse/activity";
import type { CollectedModel } from "../collect/bedrock";
import type { CollectedPrincipal } from "../collect/iam";
import type { RunError } from "../collect/context";
import { ArtifactValidator, RECORDS_KEY, SCHEMA_VERSION, type ArtifactName, type DataArtifactName } from "./schemas";
import { writeArtifactFile, type ArtifactFile } from "./stream";

/** What every object artifact starts with. */
export interface ArtifactHeader {
    readonly schemaVersion: string;
    readonly accountId: string;
    readonly region: string;
    readonly generatedAt: string;
    readonly runId: string;
}

/** The analysed inventory, before it becomes files. */
export interface InventoryContent {
    readonly principals: readonly CollectedPrincipal[];
    readonly models: readonly CollectedModel[];
    /**
     * An array (sorted here), or bindings already in artifact order (principalArn, then
     * agentId) produced as they are written (analyse/bindings.ts analyseBindings).
     */
    readonly agentBindings: readonly AgentBinding[] | { readonly inOrder: Iterable<AgentBinding> };
    readonly modelBindings: readonly ModelBinding[];
    readonly toolCredentials: readonly ToolCredentialRecord[];
    readonly activity: readonly ActivityRecord[];
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
}

export function serialize(name: ArtifactName, document: unknown, count: number): SerializedArtifact {
    // Compact: indentation was a third of agent-bindings.json's bytes, and nobody reads it by eye.
    const body = `${JSON.stringify(document)}\n`;
    const buffer = Buffer.from(body, "utf8");
    return { name, document, body, count, sha256: createHash("sha256").update(buffer).digest("hex"), bytes: buffer.length };
}

/** A schema problem found while writing an artifact. */
export type SchemaProblemSink = (name: DataArtifactName, problems: string[]) => void;

/**
 * Writes the six data artifacts, in write order, as files under `dir`, record by record and
 * validated record by record (write/stream.ts): nothing the size of a whole artifact is built.
 */
export function writeArtifactFiles(dir: string, header: ArtifactHeader, content: InventoryContent, onSchemaProblems: SchemaProblemSink): ArtifactFile[] {
    const byArn = <T extends { principalArn: string }>(a: T, b: T) => a.principalArn.localeCompare(b.principalArn);
    // Sorted arrays of references (8 bytes a record); the records themselves are not copied.
    const principals = [...content.principals].sort((a, b) => a.arn.localeCompare(b.arn));
    const principalRecords = function* () {
        for (const p of principals) {
            yield {
                arn: p.arn,
                name: p.name,
                type: p.type,
                id: p.id,
                path: p.path,
                attachedPolicyArns: [...p.attachedPolicyArns],
                inlinePolicyNames: p.inlinePolicies.map((i) => i.name),
                permissionsBoundaryArn: p.permissionsBoundaryArn,
                groups: [...p.groups],
            };
        }
    };
    const models = [...content.models].sort((a, b) => a.modelId.localeCompare(b.modelId));
    const agentBindings: Iterable<AgentBinding> =
        "inOrder" in content.agentBindings ? content.agentBindings.inOrder : [...content.agentBindings].sort((a, b) => byArn(a, b) || a.agentId.localeCompare(b.agentId));
    const modelBindings = [...content.modelBindings].sort((a, b) => byArn(a, b) || a.modelId.localeCompare(b.modelId));
    const records = [...content.toolCredentials].sort(
        (a, b) =>
            a.agentId.localeCompare(b.agentId) ||
            a.actionGroupId.localeCompare(b.actionGroupId) ||
            a.credentialType.localeCompare(b.credentialType) ||
            (a.credentialRef ?? "").localeCompare(b.credentialRef ?? ""),
    );
    const sources: [DataArtifactName, Iterable<unknown>][] = [
        ["principals.json", principalRecords()],
        ["models.json", models],
        ["agent-bindings.json", agentBindings],
        ["model-bindings.json", modelBindings],
        ["agent-tool-credentials.json", records],
        // CONTRACTS: a bare array (the seed's readers do `len(d)` and iterate it).
        ["activity-logs.json", content.activity],
    ];
    return sources.map(([name, items]) => {
        const recordsKey = RECORDS_KEY[name];
        const validator = new ArtifactValidator(name, recordsKey ? { ...header } : undefined);
        const file = writeArtifactFile(dir, {
            name,
            ...(recordsKey ? { header: header as unknown as Record<string, unknown>, recordsKey } : {}),
            records: items,
            inspect: (record, index) => validator.record(record, index),
        });
        const problems = validator.problems();
        if (problems.length > 0) onSchemaProblems(name, problems);
        return file;
    });
}

export function buildManifest(input: ManifestInput): SerializedArtifact {
    const countOf = (name: DataArtifactName) => input.artifacts.find((a) => a.artifact.name === name)?.artifact.count ?? 0;
    const manifest = {
        ...input.header,
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
            schemaVersion: SCHEMA_VERSION,
        })),
        principalCount: countOf("principals.json"),
        modelCount: countOf("models.json"),
        agentCount: input.agentCount,
        agentBindingCount: countOf("agent-bindings.json"),
        modelBindingCount: countOf("model-bindings.json"),
        agentToolCredentialCount: countOf("agent-tool-credentials.json"),
        activityRecordCount: countOf("activity-logs.json"),
        durationMs: input.durationMs,
        apiCalls: input.apiCalls,
        errors: input.errors,
        cloudTrail: input.cloudTrail,
    };
    return serialize("manifest.json", manifest, input.artifacts.length);
}
