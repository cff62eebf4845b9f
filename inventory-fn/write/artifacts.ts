import { createHash } from "crypto";
import type { AgentBinding, ModelBinding } from "../analyse/bindings";
import type { ToolCredentialRecord } from "../analyse/credentials";
import type { ActivityRecord } from "../analyse/activity";
import type { CollectedModel } from "../collect/bedrock";
import type { CollectedPrincipal } from "../collect/iam";
import type { RunError } from "../collect/context";
import { SCHEMA_VERSION, type ArtifactName, type DataArtifactName } from "./schemas";

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
    readonly agentBindings: readonly AgentBinding[];
    readonly modelBindings: readonly ModelBinding[];
    readonly toolCredentials: readonly ToolCredentialRecord[];
    readonly activity: readonly ActivityRecord[];
}

export interface SerializedArtifact {
    readonly name: ArtifactName;
    readonly document: unknown;
    readonly body: string;
    readonly count: number;
    readonly sha256: string;
    readonly bytes: number;
}

export type RunStatus = "complete" | "partial" | "failed";

export interface ManifestInput {
    readonly header: ArtifactHeader;
    readonly runPrefix: string;
    readonly status: RunStatus;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    readonly artifacts: readonly { readonly artifact: SerializedArtifact; readonly key: string }[];
    readonly agentCount: number;
    readonly apiCalls: Record<string, number>;
    readonly errors: readonly RunError[];
    readonly cloudTrail: { readonly windowStart: string; readonly windowEnd: string; readonly cursor: string | null };
}

export function serialize(name: ArtifactName, document: unknown, count: number): SerializedArtifact {
    const body = `${JSON.stringify(document, null, 2)}\n`;
    const buffer = Buffer.from(body, "utf8");
    return { name, document, body, count, sha256: createHash("sha256").update(buffer).digest("hex"), bytes: buffer.length };
}

/** The six data artifacts, in write order. */
export function buildArtifacts(header: ArtifactHeader, content: InventoryContent): SerializedArtifact[] {
    const byArn = <T extends { principalArn: string }>(a: T, b: T) => a.principalArn.localeCompare(b.principalArn);
    const principals = [...content.principals]
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
        }));
    const models = [...content.models].sort((a, b) => a.modelId.localeCompare(b.modelId));
    const agentBindings = [...content.agentBindings].sort((a, b) => byArn(a, b) || a.agentId.localeCompare(b.agentId));
    const modelBindings = [...content.modelBindings].sort((a, b) => byArn(a, b) || a.modelId.localeCompare(b.modelId));
    const records = [...content.toolCredentials].sort(
        (a, b) =>
            a.agentId.localeCompare(b.agentId) ||
            a.actionGroupId.localeCompare(b.actionGroupId) ||
            a.credentialType.localeCompare(b.credentialType) ||
            (a.credentialRef ?? "").localeCompare(b.credentialRef ?? ""),
    );
    const documents: [DataArtifactName, unknown, number][] = [
        ["principals.json", { ...header, principals }, principals.length],
        ["models.json", { ...header, models }, models.length],
        ["agent-bindings.json", { ...header, bindings: agentBindings }, agentBindings.length],
        ["model-bindings.json", { ...header, bindings: modelBindings }, modelBindings.length],
        ["agent-tool-credentials.json", { ...header, records }, records.length],
        // CONTRACTS: a bare array (the seed's readers do `len(d)` and iterate it).
        ["activity-logs.json", [...content.activity], content.activity.length],
    ];
    return documents.map(([name, document, count]) => serialize(name, document, count));
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
