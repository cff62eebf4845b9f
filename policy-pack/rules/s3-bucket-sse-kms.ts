// Seed 000's inventory bucket encrypts with its own KMS key and its bucket policy denies any
// other encryption. Since 2023 S3 encrypts new objects with SSE-S3 by default; that is not enough
// here: the key policy is what decides who can read. Stack validation, as the encryption is a
// separate resource in @pulumi/aws 7 (the deprecated inline block on Bucket is read too).
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { configSchema, reportOutcomes, type Outcome, type RuleConfig, type StackRule } from "../lib/rule";
import { identifiersOf, indexReferences, ofTypes, referencing } from "../lib/stack";
import { resourceLabel } from "../lib/sources";
import { readProp, UNKNOWN, containsUnknown } from "../lib/unknowns";
import { BUCKET_TYPES } from "./s3-bucket-public-access-block";

export const NAME = "s3-bucket-sse-kms";
const ENCRYPTION_TYPES: readonly string[] = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

export interface SseConfig extends RuleConfig {
    readonly requireCustomerManagedKey?: boolean;
}

type Verdict = { readonly ok: true } | { readonly ok: false; readonly why: string } | { readonly ok: undefined };

/** Judges encryption rules (`rules` of the resource, or the inline `rule` of a Bucket). */
function judgeRules(rules: unknown, requireKey: boolean): Verdict {
    if (containsUnknown(rules)) {
        return { ok: undefined };
    }
    const list = (Array.isArray(rules) ? rules : rules ? [rules] : []) as Array<Record<string, any>>;
    const defaults = list.map((r) => r?.applyServerSideEncryptionByDefault).filter(Boolean);
    if (defaults.length === 0) {
        return { ok: false, why: "sets no default encryption" };
    }
    const algorithm = defaults[0].sseAlgorithm;
    if (!KMS_ALGORITHMS.includes(algorithm)) {
        return { ok: false, why: `encrypts with ${algorithm ?? "no algorithm"}, not SSE-KMS` };
    }
    if (requireKey && !defaults[0].kmsMasterKeyId) {
        return { ok: false, why: "uses SSE-KMS with the AWS managed key aws/s3, not a customer-managed key" };
    }
    return { ok: true };
}

export function sseOutcomes(resources: readonly PolicyResource[], config: SseConfig): Map<PolicyResource, Outcome[]> {
    const requireKey = config.requireCustomerManagedKey ?? true;
    const findings = new Map<PolicyResource, Outcome[]>();
    const configurations = indexReferences(ofTypes(resources, ENCRYPTION_TYPES), "bucket");
    for (const bucket of ofTypes(resources, BUCKET_TYPES)) {
        const label = resourceLabel(bucket.type, bucket.name);
        const ids = identifiersOf(bucket, ["bucket"]);
        const inline = readProp(bucket.props, "serverSideEncryptionConfiguration");
        const verdicts: Array<{ where: string; verdict: Verdict }> = [];
        if (inline === UNKNOWN) {
            verdicts.push({ where: label, verdict: { ok: undefined } });
        } else if (inline && typeof inline === "object") {
            verdicts.push({ where: `${label} serverSideEncryptionConfiguration`, verdict: judgeRules((inline as Record<string, unknown>).rule, requireKey) });
        }
        const { linked, unknown: undecidableLink } = referencing(configurations, bucket, ids);
        for (const configuration of linked) {
            verdicts.push({ where: resourceLabel(configuration.type, configuration.name), verdict: judgeRules(readProp(configuration.props, "rules"), requireKey) });
        }
        if (verdicts.some((v) => v.verdict.ok === true)) {
            continue;
        }
        const failed = verdicts.find((v) => v.verdict.ok === false);
        let outcome: Outcome;
        if (verdicts.some((v) => v.verdict.ok === undefined) || (undecidableLink && !failed)) {
            outcome = { status: "undecidable", message: `${label}: its encryption configuration is not known until the update.` };
        } else if (failed && failed.verdict.ok === false) {
            outcome = { status: "violation", message: `${label}: ${failed.where} ${failed.verdict.why}: set sseAlgorithm "aws:kms" with kmsMasterKeyId (a customer-managed key ARN).` };
        } else {
            outcome = {
                status: "violation",
                message: `${label} has no SSE-KMS encryption configuration (S3 falls back to SSE-S3): add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and kmsMasterKeyId.`,
            };
        }
        findings.set(bucket, [outcome]);
    }
    return findings;
}

export const s3BucketSseKms: StackRule = {
    name: NAME,
    description: "Every S3 bucket must default to SSE-KMS encryption (aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms), with a customer-managed key unless configured otherwise.",
    enforcementLevel: "advisory",
    remediationSteps: 'Add new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] }).',
    configSchema: configSchema({
        requireCustomerManagedKey: { type: "boolean", default: true, description: "Require kmsMasterKeyId (a customer-managed key), not the AWS managed aws/s3 key." },
    }),
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const config = args.getConfig<SseConfig>();
        for (const [bucket, outcomes] of sseOutcomes(args.resources, config)) {
            reportOutcomes(outcomes, bucket, config, reportViolation, { attachUrn: true });
        }
    },
};
