// Bedrock's resource ARNs and the actions this project asks about (IAM service reference:
// "Actions, resources, and condition keys for Amazon Bedrock").

import { resourcePatternMatches } from "./match";

/** The actions that invoke a model (Converse and ConverseStream are authorized as these two). */
export const INVOKE_MODEL_ACTIONS: readonly string[] = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

/** The action that invokes an agent, authorized on the agent alias ARN. */
export const INVOKE_AGENT_ACTION = "bedrock:InvokeAgent";

/** Foundation models are AWS-owned: no account in the ARN. */
export function foundationModelArn(region: string, modelId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

export function inferenceProfileArn(region: string, account: string, profileId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock:${region}:${account}:inference-profile/${profileId}`;
}

export function agentArn(region: string, account: string, agentId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock:${region}:${account}:agent/${agentId}`;
}

/** InvokeAgent is authorized on this ARN, not on the agent's. */
export function agentAliasArn(region: string, account: string, agentId: string, aliasId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock:${region}:${account}:agent-alias/${agentId}/${aliasId}`;
}

// Model ids no family pattern would name: if a pattern matches both, it matches any model id.
const PROBE_MODEL_IDS = ["zz0-probe.unlisted-model-v0:0", "0"];
const PROBE_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "zz-probe-1"];
const PROBE_PARTITIONS = ["aws", "aws-us-gov", "aws-cn"];
const PROBE_ACCOUNTS = ["", "123456789012"];

/**
 * Whether a Resource pattern matches foundation-model or inference-profile ARNs whatever the model
 * id: `*`, `arn:aws:bedrock:*`, `arn:aws:bedrock:*::foundation-model/*`,
 * `arn:aws:bedrock:us-east-1:123456789012:inference-profile/*`. A family pattern such as
 * `foundation-model/anthropic.*` does not.
 */
export function patternMatchesEveryModel(resourcePattern: string): boolean {
    // The pattern's own region and account, when literal, are the ones that matter to it.
    const parts = resourcePattern.split(":");
    const regions = new Set(PROBE_REGIONS);
    const accounts = new Set(PROBE_ACCOUNTS);
    const partitions = new Set(PROBE_PARTITIONS);
    if (parts.length >= 5) {
        partitions.add(parts[1]);
        regions.add(parts[3]);
        accounts.add(parts[4]);
    }
    for (const partition of partitions) {
        for (const region of regions) {
            for (const account of accounts) {
                const models = PROBE_MODEL_IDS.map((id) => `arn:${partition}:bedrock:${region}::foundation-model/${id}`);
                const profiles = PROBE_MODEL_IDS.map((id) => `arn:${partition}:bedrock:${region}:${account}:inference-profile/${id}`);
                if (models.every((arn) => resourcePatternMatches(resourcePattern, arn))) {
                    return true;
                }
                if (account !== "" && profiles.every((arn) => resourcePatternMatches(resourcePattern, arn))) {
                    return true;
                }
            }
        }
    }
    return false;
}
