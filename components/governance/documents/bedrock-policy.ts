// The AWS Organizations policy of type BEDROCK_POLICY (issue 15 item 2): guardrails every member
// account's Bedrock inference runs through, per Region, whatever the caller asks for.
//
// Syntax from the Organizations user guide, "Amazon Bedrock policy syntax and examples"
// (organizations/latest/userguide/orgs_manage_policies_bedrock_syntax): the top-level key
// `bedrock`, then `guardrail_inference`, then the Region, then a configuration id (`config_1` in
// AWS's example), holding `identifier` (required: the guardrail ARN followed by `:<version>`),
// `selective_content_guarding` (`system` and `messages`, each `selective` or `comprehensive`) and
// `model_enforcement` (`included_models`, `excluded_models`); every value set with the management
// policy operator `@@assign`. Nothing else is written: an older revision of the same page shows an
// `input_tags` element (`honor`/`ignore`) which the current one replaced, and is left out.
//
// AWS's conditions on the guardrail (same page): owned by the management account, a numbered
// version (not DRAFT), created in the Region it is enforced in, and a resource-based policy that
// lets the organization's accounts call ApplyGuardrail. Best practices page: a malformed or wrong
// identifier makes every Bedrock call in the targets fail; no automated reasoning policy.

export const BEDROCK_POLICY_TYPE = "BEDROCK_POLICY";

/** `arn:<partition>:bedrock:<region>:<account>:guardrail/<id>:<version>`, the version numbered. */
export const VERSIONED_GUARDRAIL_ARN = /^arn:aws(-[a-z]+)*:bedrock:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):guardrail\/([a-z0-9]+):([1-9]\d{0,7})$/;
export const VERSIONED_GUARDRAIL_ARN_RULE = "a versioned guardrail ARN (arn:aws:bedrock:<region>:<account>:guardrail/<id>:<version number>, not DRAFT)";

export const CONTENT_GUARDING_MODES = ["selective", "comprehensive"] as const;
export type ContentGuardingMode = (typeof CONTENT_GUARDING_MODES)[number];

/** Model ids in `included_models`/`excluded_models`, or `ALL` (AWS's example: `["ALL"]`, `amazon.titan-embed-text-v2:0`). */
export const ENFORCED_MODEL_ID = /^(ALL|[a-z0-9-]+\.[A-Za-z0-9._:-]{1,200})$/;
export const ENFORCED_MODEL_ID_RULE = "ALL or a model id such as amazon.titan-embed-text-v2:0";

/** The configuration id under each Region: AWS's example's. One guardrail per Region is enforced. */
export const CONFIG_ID = "config_1";

export interface BedrockPolicySettings {
    /** Versioned guardrail ARNs, at most one per Region (checked by the settings). */
    readonly guardrailArns: readonly string[];
    readonly systemGuarding?: ContentGuardingMode;
    readonly messagesGuarding?: ContentGuardingMode;
    readonly includedModels: readonly string[];
    readonly excludedModels: readonly string[];
}

/** The Region a versioned guardrail ARN names (where it is created, and so enforced). */
export function guardrailRegion(arn: string): string {
    const match = VERSIONED_GUARDRAIL_ARN.exec(arn);
    if (!match) throw new Error(`not a versioned guardrail ARN: ${arn}`);
    return match[2];
}

type Assigned<T> = { "@@assign": T };
const assign = <T>(value: T): Assigned<T> => ({ "@@assign": value });

export interface GuardrailInferenceConfig {
    identifier: Assigned<string>;
    selective_content_guarding?: { system?: Assigned<ContentGuardingMode>; messages?: Assigned<ContentGuardingMode> };
    model_enforcement?: { included_models: Assigned<string[]>; excluded_models: Assigned<string[]> };
}

export interface BedrockPolicyDocument {
    bedrock: { guardrail_inference: Record<string, Record<string, GuardrailInferenceConfig>> };
}

/**
 * The policy document: each guardrail under its own Region. `model_enforcement` is written only
 * when it narrows anything (the CloudFormation reference of the per-account configuration: "If
 * not present, the configuration is enforced on all models"), `selective_content_guarding` only
 * with a mode set.
 */
export function bedrockPolicyDocument(s: BedrockPolicySettings): BedrockPolicyDocument {
    const byRegion: Record<string, Record<string, GuardrailInferenceConfig>> = {};
    const narrowed = s.excludedModels.length > 0 || s.includedModels.join() !== "ALL";
    for (const arn of s.guardrailArns) {
        const config: GuardrailInferenceConfig = { identifier: assign(arn) };
        if (s.systemGuarding !== undefined || s.messagesGuarding !== undefined) {
            config.selective_content_guarding = {
                ...(s.systemGuarding !== undefined ? { system: assign(s.systemGuarding) } : {}),
                ...(s.messagesGuarding !== undefined ? { messages: assign(s.messagesGuarding) } : {}),
            };
        }
        if (narrowed) {
            config.model_enforcement = { included_models: assign([...s.includedModels]), excluded_models: assign([...s.excludedModels]) };
        }
        byRegion[guardrailRegion(arn)] = { [CONFIG_ID]: config };
    }
    return { bedrock: { guardrail_inference: byRegion } };
}
