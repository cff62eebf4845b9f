import { PolicyDocument, policyDocument } from "./types";

export interface LambdaTrustPolicyInput {
    readonly accountId: string;
}

/** Only Lambda may assume the execution role, and only for a function in this account (confused deputy). */
export function lambdaTrustPolicy(input: LambdaTrustPolicyInput): PolicyDocument {
    return policyDocument({
        Sid: "LambdaAssumeRole",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": input.accountId } },
    });
}

export interface ConsumerTrustPolicyInput {
    /** The principal the connector runs as (a role, a user, or an account root). */
    readonly principalArn: string;
    /** Required as `sts:ExternalId` when set (a connector hosted by a third party). */
    readonly externalId?: string;
}

export function consumerTrustPolicy(input: ConsumerTrustPolicyInput): PolicyDocument {
    return policyDocument({
        Sid: "ConnectorAssumeRole",
        Effect: "Allow",
        Principal: { AWS: input.principalArn },
        Action: "sts:AssumeRole",
        ...(input.externalId ? { Condition: { StringEquals: { "sts:ExternalId": input.externalId } } } : {}),
    });
}
