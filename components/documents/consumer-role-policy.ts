import { AwsLocation, PolicyDocument, policyDocument } from "./types";

export interface ConsumerRolePolicyInput {
    readonly location: AwsLocation;
    readonly bucketArn: string;
    readonly latestPrefix: string;
    /** `OUTPUT_PREFIX`: the runs are under `<outputPrefix>runs/`. */
    readonly outputPrefix: string;
    readonly keyArn: string;
}

/**
 * The governance connector's read-only access (seed 000, "OpenICF connector"): the promoted
 * artifacts under the latest prefix, the runs' own artifacts (the read protocol's fallback when a
 * file under latest/ is not the manifest's: docs/reading-latest.md), decryption only when S3 asks
 * on its behalf, and the live Bedrock reads it makes during reconciliation.
 */
export function consumerRolePolicy(input: ConsumerRolePolicyInput): PolicyDocument {
    const { partition, region, accountId, dnsSuffix } = input.location;
    const bedrock = `arn:${partition}:bedrock:${region}:${accountId}`;
    return policyDocument(
        {
            Sid: "ReadLatestArtifacts",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `${input.bucketArn}/${input.latestPrefix}*`,
        },
        {
            Sid: "ReadRunArtifacts",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `${input.bucketArn}/${input.outputPrefix}runs/*`,
        },
        {
            Sid: "DecryptViaS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: input.keyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${region}.${dnsSuffix}` } },
        },
        {
            Sid: "BedrockListAgents",
            Effect: "Allow",
            Action: "bedrock:ListAgents",
            Resource: "*",
        },
        {
            Sid: "BedrockLiveAgentRead",
            Effect: "Allow",
            Action: ["bedrock:GetAgent", "bedrock:ListAgentAliases"],
            Resource: `${bedrock}:agent/*`,
        },
        {
            Sid: "BedrockLiveGuardrailRead",
            Effect: "Allow",
            Action: "bedrock:GetGuardrail",
            Resource: `${bedrock}:guardrail/*`,
        },
    );
}
