import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import schema from "../../schemas/organization-index.schema.json";

let validate: ValidateFunction | undefined;

/** Schema errors of an organization index as `<path> <message>` lines; empty when it validates. */
export function validateOrganizationIndex(document: unknown): string[] {
    if (!validate) {
        const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
        addFormats(ajv);
        validate = ajv.compile(schema);
    }
    if (validate(document)) return [];
    return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`);
}
