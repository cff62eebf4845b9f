import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import principals from "../../schemas/principals.schema.json";
import models from "../../schemas/models.schema.json";
import agentBindings from "../../schemas/agent-bindings.schema.json";
import modelBindings from "../../schemas/model-bindings.schema.json";
import agentToolCredentials from "../../schemas/agent-tool-credentials.schema.json";
import activityLogs from "../../schemas/activity-logs.schema.json";
import manifest from "../../schemas/manifest.schema.json";
import agentCoreResources from "../../schemas/agentcore-resources.schema.json";
import agentCoreBindings from "../../schemas/agentcore-bindings.schema.json";
import agentCoreToolCredentials from "../../schemas/agentcore-tool-credentials.schema.json";
import findings from "../../schemas/findings.schema.json";
import findingsOcsf from "../../schemas/findings.ocsf.schema.json";
import agentVersions from "../../schemas/agent-versions.schema.json";

/**
 * The data artifact names, in the order the manifest lists them (the manifest is written last):
 * the six of the first release, then the AgentCore ones (since manifest 1.2), then the findings
 * (since manifest 1.4), then what the agents' versions use (since manifest 1.5).
 */
export const ARTIFACT_NAMES = [
    "principals.json",
    "models.json",
    "agent-bindings.json",
    "model-bindings.json",
    "agent-tool-credentials.json",
    "activity-logs.json",
    "agentcore-resources.json",
    "agentcore-bindings.json",
    "agentcore-tool-credentials.json",
    // Issue 12: additive, after the six the connector reads.
    "findings.json",
    // findings.json in OCSF, for the tools security teams already watch (docs/findings.md, Export).
    "findings.ocsf.json",
    // Each agent version's guardrail and knowledge bases, for the connector (issue 12).
    "agent-versions.json",
] as const;
export type DataArtifactName = (typeof ARTIFACT_NAMES)[number];
export type ArtifactName = DataArtifactName | "manifest.json";

/**
 * The version each data artifact of this build carries, moving with its own schema. MAJOR.MINOR:
 * a reader written for 1.x reads any 1.y (fields only ever added); removing, renaming or retyping
 * a field is 2.0 and a changelog entry (CONTRACTS.md). agent-bindings.json and
 * model-bindings.json 1.1 add the optional `limitedBy` (the SCP statements that limit a binding);
 * findings.json 1.1 adds `agentVersion` to the guardrail finding's evidence and lets the
 * configured caps set how many event ids and targets evidence lists.
 */
export const ARTIFACT_SCHEMA_VERSIONS: Readonly<Record<DataArtifactName, string>> = {
    "principals.json": "1.0",
    "models.json": "1.0",
    "agent-bindings.json": "1.1",
    "model-bindings.json": "1.1",
    "agent-tool-credentials.json": "1.0",
    "activity-logs.json": "1.0",
    "agentcore-resources.json": "1.0",
    "agentcore-bindings.json": "1.0",
    "agentcore-tool-credentials.json": "1.0",
    "findings.json": "1.1",
    "findings.ocsf.json": "1.0",
    "agent-versions.json": "1.0",
};

/**
 * manifest.json's version: 1.1 added the optional `promotion` (a complete run not promoted); 1.2
 * lists the three agentcore-* artifacts and adds `agentCore` and their three counts; 1.3 adds the
 * optional `scpView` (whether the bindings were evaluated under the account's SCPs); 1.4 lists
 * findings.json and findings.ocsf.json and adds `findingCount`, `usageState` and `findingSources`;
 * 1.5 lists agent-versions.json.
 */
export const MANIFEST_SCHEMA_VERSION = "1.5";

export const ARTIFACT_SCHEMAS: Readonly<Record<ArtifactName, object>> = {
    "principals.json": principals,
    "models.json": models,
    "agent-bindings.json": agentBindings,
    "model-bindings.json": modelBindings,
    "agent-tool-credentials.json": agentToolCredentials,
    "activity-logs.json": activityLogs,
    "agentcore-resources.json": agentCoreResources,
    "agentcore-bindings.json": agentCoreBindings,
    "agentcore-tool-credentials.json": agentCoreToolCredentials,
    "findings.json": findings,
    "findings.ocsf.json": findingsOcsf,
    "agent-versions.json": agentVersions,
    "manifest.json": manifest,
};

/**
 * One Ajv instance per process, its validators compiled one schema at a time, when first asked
 * for, not at import (keeps the cold start's import phase short) and not all at once: compiling
 * a schema is code generation, and every schema at once costs about 30 MB of RSS that glibc keeps
 * (docs/bench.md, "Issue 11: memory"), while a run validates each data artifact's parts and the
 * manifest only.
 */
let ajv: Ajv | undefined;

function compile(schema: object): ValidateFunction {
    if (!ajv) {
        ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
        addFormats(ajv);
    }
    // `$id` would register the schema in the instance (a second compile of it would be refused);
    // the validators are cached here instead.
    const { $id: _id, ...rest } = schema as { $id?: string };
    return ajv.compile(rest);
}

const validators = new Map<ArtifactName, ValidateFunction>();

function validatorFor(name: ArtifactName): ValidateFunction {
    let validate = validators.get(name);
    if (!validate) {
        validate = compile(ARTIFACT_SCHEMAS[name]);
        validators.set(name, validate);
    }
    return validate;
}

/** Schema errors of `document` as `<path> <message>` lines; empty when it validates. */
export function validateArtifact(name: ArtifactName, document: unknown): string[] {
    const validate = validatorFor(name);
    if (validate(document)) return [];
    return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`);
}

/** The array property holding an object artifact's records; undefined for activity-logs.json (a bare array). */
export const RECORDS_KEY: Readonly<Record<DataArtifactName, string | undefined>> = {
    "principals.json": "principals",
    "models.json": "models",
    "agent-bindings.json": "bindings",
    "model-bindings.json": "bindings",
    "agent-tool-credentials.json": "records",
    "activity-logs.json": undefined,
    "agentcore-resources.json": "resources",
    "agentcore-bindings.json": "bindings",
    "agentcore-tool-credentials.json": "records",
    "findings.json": "findings",
    "findings.ocsf.json": undefined,
    "agent-versions.json": "versions",
};

interface PartValidators {
    /** The document's own schema with the records array's items left open: checks the header. */
    readonly header: ValidateFunction | undefined;
    /** The records array's `items` schema, compiled on its own. */
    readonly record: ValidateFunction;
}

const partValidators = new Map<DataArtifactName, PartValidators>();

function partValidatorsFor(name: DataArtifactName): PartValidators {
    const cached = partValidators.get(name);
    if (cached) return cached;
    const schema = ARTIFACT_SCHEMAS[name] as { $schema?: string; $id?: string; items?: object; properties?: Record<string, { items?: object }> };
    const key = RECORDS_KEY[name];
    // The shipped schemas define records inline (no $ref), so `items` compiles alone.
    const { $schema: _s, $id: _i, ...root } = schema;
    const items = key ? schema.properties![key].items! : schema.items!;
    const { $schema: _s2, $id: _i2, ...itemSchema } = items as { $schema?: string; $id?: string };
    const header = key ? compile({ ...root, properties: { ...root.properties, [key]: { type: "array", maxItems: 0 } } }) : undefined;
    const parts = { header, record: compile(itemSchema) };
    partValidators.set(name, parts);
    return parts;
}

/**
 * Validates an artifact as it is written: the header once, then each record against the
 * schema's record definition. Equivalent to validating the whole document (the shipped schemas
 * constrain records only through `items`), without ever holding it.
 */
export class ArtifactValidator {
    private readonly validators: PartValidators;
    private readonly found: string[] = [];
    private invalid = 0;

    constructor(private readonly name: DataArtifactName, header?: Readonly<Record<string, unknown>>) {
        this.validators = partValidatorsFor(name);
        const key = RECORDS_KEY[name];
        if (key && this.validators.header && !this.validators.header({ ...header, [key]: [] })) {
            this.found.push(...(this.validators.header.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`));
        }
    }

    /** Checks one record; `index` is its position in the records array. */
    record(record: unknown, index: number): void {
        if (this.validators.record(record)) return;
        this.invalid++;
        if (this.found.length >= 10) return;
        const key = RECORDS_KEY[this.name];
        const prefix = key ? `/${key}/${index}` : `/${index}`;
        for (const e of this.validators.record.errors ?? []) {
            if (this.found.length >= 10) break;
            this.found.push(`${prefix}${e.instancePath} ${e.message ?? "invalid"}`);
        }
    }

    /** At most ten `<path> <message>` lines; empty when everything validated. */
    problems(): string[] {
        return [...this.found];
    }
}
