import { ArgumentError } from "../../config/validators";

// Shapes shared by every policy-document builder. The builders are pure: resolved values in,
// a plain JSON object out, so tests read the documents without Pulumi or AWS.

/** One IAM condition block: operator -> condition key -> value(s). */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

/** A principal as IAM writes it: `"*"` or `{ Service: ... }` / `{ AWS: ... }`. */
export type PolicyPrincipal = "*" | { readonly Service?: string | string[]; readonly AWS?: string | string[] };

/** One statement of an IAM, resource or organizations policy. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: PolicyPrincipal;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: PolicyCondition;
}

/** A policy document, version 2012-10-17 (the only version that supports policy variables). */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** Where a document's ARNs point: partition, region and account of the deployment. */
export interface AwsScope {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** Minified JSON: what AWS measures against its size limits (SCPs: 5,120 characters). */
export function minifiedJson(document: PolicyDocument): string {
    return JSON.stringify(document);
}

/** A service principal's trust policy, optionally held to this account and a source ARN. */
export function serviceTrustPolicy(
    service: string | string[],
    conditions?: { sourceAccount?: string; sourceArnLike?: string },
): PolicyDocument {
    const condition: PolicyCondition = {};
    if (conditions?.sourceAccount) {
        condition.StringEquals = { "aws:SourceAccount": conditions.sourceAccount };
    }
    if (conditions?.sourceArnLike) {
        condition.ArnLike = { "aws:SourceArn": conditions.sourceArnLike };
    }
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        },
    ]);
}

/**
 * The key policy statement that keeps a CMK manageable: without it only the statements below it
 * could ever use or change the key, and IAM policies in the account would have no effect on it.
 */
export function keyAdministrationStatement(scope: AwsScope): PolicyStatement {
    return {
        Sid: "EnableAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:${scope.partition}:iam::${scope.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

/**
 * The bucket-policy statements every governance log bucket carries (the inventory bucket's
 * hygiene from seed 000 P3, minus its put-header denies: CloudTrail digest files and Config's
 * writability check are written by the services without SSE-KMS headers, and the bucket's
 * default encryption applies the CMK to them instead).
 */
export function denyInsecureTransportStatement(bucketArn: string): PolicyStatement {
    return {
        Sid: "DenyNonTLS",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/**
 * An error in the governance settings, worded `bedrock-governance:<key>: got <value>, expected <rule>`.
 * It is the project's ArgumentError (named so), which the offline plan reports with exit code 2.
 */
export class GovernanceConfigError extends ArgumentError {
    constructor(
        readonly key: string,
        readonly value: unknown,
        readonly rule: string,
    ) {
        super([`bedrock-governance:${key}: got ${describeValue(value)}, expected ${rule}`]);
    }
}

export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
