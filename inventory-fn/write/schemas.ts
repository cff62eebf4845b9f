import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import principals from "../../schemas/principals.schema.json";
import models from "../../schemas/models.schema.json";
import agentBindings from "../../schemas/agent-bindings.schema.json";
import modelBindings from "../../schemas/model-bindings.schema.json";
import agentToolCredentials from "../../schemas/agent-tool-credentials.schema.json";
import activityLogs from "../../schemas/activity-logs.schema.json";
import manifest from "../../schemas/manifest.schema.json";

/** The seven artifact names, in the order they are written (manifest last). */
export const ARTIFACT_NAMES = [
    "principals.json",
    "models.json",
    "agent-bindings.json",
    "model-bindings.json",
    "agent-tool-credentials.json",
    "activity-logs.json",
] as const;
export type DataArtifactName = (typeof ARTIFACT_NAMES)[number];
export type ArtifactName = DataArtifactName | "manifest.json";

/**
 * The version every artifact of this build carries. MAJOR.MINOR: a reader written for 1.x reads
 * any 1.y (fields only ever added); removing, renaming or retyping a field is 2.0 and a changelog
 * entry (CONTRACTS.md).
 */
export const SCHEMA_VERSION = "1.0";

export const ARTIFACT_SCHEMAS: Readonly<Record<ArtifactName, object>> = {
    "principals.json": principals,
    "models.json": models,
    "agent-bindings.json": agentBindings,
    "model-bindings.json": modelBindings,
    "agent-tool-credentials.json": agentToolCredentials,
    "activity-logs.json": activityLogs,
    "manifest.json": manifest,
};

let validators: Map<ArtifactName, ValidateFunction> | undefined;

// Compiled on first use, not at import: keeps the cold start's import phase short.
function validatorFor(name: ArtifactName): ValidateFunction {
    if (!validators) {
        const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
        addFormats(ajv);
        validators = new Map(Object.entries(ARTIFACT_SCHEMAS).map(([n, schema]) => [n as ArtifactName, ajv.compile(schema)]));
    }
    return validators.get(name)!;
}

/** Schema errors of `document` as `<path> <message>` lines; empty when it validates. */
export function validateArtifact(name: ArtifactName, document: unknown): string[] {
    const validate = validatorFor(name);
    if (validate(document)) return [];
    return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`);
}
