// How long the policy pack takes over one ~10 KB policy document, and what that means for a
// 2,000-resource stack. Run: `npx tsx bench/policy-eval.ts [--json]`.
//
// Three figures, all medians over many runs in this process:
//   - baseline: JSON.parse of the document text (the floor any reader of the policy pays);
//   - rules: the pack's eight document rules over the document, as the runtime calls them for one
//     resource (the first rule parses the text, the others reuse the parse);
//   - runner: one resource through the offline runner, i.e. all 14 rules with config resolution,
//     the unknown-checking proxy and reporting, as CrossGuard's runtime does per resource;
//   - every model: the first verdict on a wildcard Resource pattern not seen before (does it reach
//     every model id of Bedrock's grammar?), which the document above never asks (its grants name
//     models exactly); later documents with the same pattern get the kept verdict.
// Each iteration gets a different document text (a Sid differs), so no parse is served from cache.
// The 2,000-resource figure is measured directly too: 2,000 RolePolicy resources, each with its
// own ~10 KB document, in one runPolicies call (stack rules included), three times (median and
// range; each run is a whole stack, so one slow run under load is one sample, not the figure).
// The process is warm by then (the rules, the config schemas and the catalog were loaded by the
// per-resource figures): a CrossGuard run loads them once too, before the first resource.
//
// Targets (issue 11): one resource with a 10 KB policy through the runner under 0.5 ms (median),
// and the 2,000 x 10 KB stack under one second (median of the runs); printed with holds yes/no.
import * as os from "os";
import { policies } from "../policy-pack/policies";
import { documentOutcomes } from "../policy-pack/lib/document-rule";
import type { DocumentRuleSpec } from "../policy-pack/lib/document-rule";
import { runPolicies, type PlannedResource } from "../policy-pack/runner";
import { findWildcardBedrockActions } from "../policy-pack/rules/bedrock-no-wildcard-actions";
import { findInvokeOnEveryModel } from "../policy-pack/rules/bedrock-invoke-model-no-wildcard-resource";
import { findInvokeOutsideVpce } from "../policy-pack/rules/bedrock-invoke-requires-vpce";
import { findRestrictedActions } from "../policy-pack/rules/bedrock-restricted-actions";
import { findUnknownActions } from "../policy-pack/rules/iam-unknown-actions";
import { findUnscopedPassRole } from "../policy-pack/rules/iam-passrole-unscoped";
import { findAllowNotAction } from "../policy-pack/rules/iam-allow-not-action";
import { findAllowNotResource } from "../policy-pack/rules/iam-allow-not-resource";
import type { RuleConfig } from "../policy-pack/lib/rule";
import { patternMatchesEveryModel } from "../iam";

const TARGET_BYTES = 10 * 1024;
const STACK_SIZE = 2000;
const STACK_RUNS = 3;
const TARGET_DOCUMENT_MS = 0.5;
const TARGET_STACK_MS = 1000;
const MODELS = [
    "anthropic.claude-3-haiku-20240307-v1:0",
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "amazon.titan-embed-text-v2:0",
    "amazon.nova-lite-v1:0",
    "meta.llama3-1-70b-instruct-v1:0",
];

/** A workload role policy of realistic shape, grown statement by statement to about 10 KB. */
function policyDocument(variant: number): string {
    const statements: object[] = [];
    let i = 0;
    while (JSON.stringify({ Version: "2012-10-17", Statement: statements }).length < TARGET_BYTES) {
        const region = ["us-east-1", "us-west-2", "eu-west-1"][i % 3];
        switch (i % 5) {
            case 0:
                statements.push({
                    Sid: `Invoke${i}v${variant}`,
                    Effect: "Allow",
                    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                    Resource: MODELS.map((m) => `arn:aws:bedrock:${region}::foundation-model/${m}`),
                    Condition: { StringEquals: { "aws:SourceVpce": `vpce-0${String(i).padStart(16, "0")}` } },
                });
                break;
            case 1:
                statements.push({
                    Sid: `Data${i}`,
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                    Resource: [`arn:aws:s3:::workload-data-${i}`, `arn:aws:s3:::workload-data-${i}/*`],
                });
                break;
            case 2:
                statements.push({
                    Sid: `Key${i}`,
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
                    Resource: `arn:aws:kms:${region}:123456789012:key/1234abcd-12ab-34cd-56ef-${String(i).padStart(12, "0")}`,
                });
                break;
            case 3:
                statements.push({
                    Sid: `Logs${i}`,
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `arn:aws:logs:${region}:123456789012:log-group:/aws/lambda/workload-${i}:*`,
                });
                break;
            default:
                statements.push({
                    Sid: `DenyOutsideEndpoint${i}`,
                    Effect: "Deny",
                    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                    Resource: "*",
                    Condition: { StringNotEquals: { "aws:SourceVpce": `vpce-0${String(i).padStart(16, "0")}` } },
                });
        }
        i++;
    }
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const DOCUMENT_CHECKS: Array<Pick<DocumentRuleSpec<RuleConfig>, "name" | "reads" | "reportMalformed" | "check">> = [
    { name: "bedrock-no-wildcard-actions", reads: ["identity", "attachment", "resource"], reportMalformed: true, check: findWildcardBedrockActions },
    { name: "bedrock-invoke-model-no-wildcard-resource", reads: ["identity", "attachment"], reportMalformed: true, check: findInvokeOnEveryModel },
    { name: "bedrock-invoke-requires-vpce", reads: ["identity", "attachment"], reportMalformed: true, check: findInvokeOutsideVpce },
    { name: "bedrock-restricted-actions", reads: ["identity", "attachment"], reportMalformed: false, check: findRestrictedActions },
    { name: "iam-unknown-actions", reads: ["identity", "resource"], reportMalformed: false, check: findUnknownActions },
    { name: "iam-passrole-unscoped", reads: ["identity", "attachment"], reportMalformed: false, check: findUnscopedPassRole },
    { name: "iam-allow-not-action", reads: ["identity", "attachment", "resource"], reportMalformed: false, check: findAllowNotAction },
    { name: "iam-allow-not-resource", reads: ["identity", "attachment", "resource"], reportMalformed: false, check: findAllowNotResource },
];

function median(samples: number[]): number {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

const means = new Map<string, number>();

/**
 * Median milliseconds of `fn(i)` over `iterations` calls, after a warm-up. The mean is kept too
 * (in `means`): garbage collection lands on few iterations, so the median leaves it out and the
 * mean does not; a stack's total follows the mean.
 */
async function measure(iterations: number, fn: (i: number) => unknown, label = ""): Promise<number> {
    for (let i = 0; i < Math.min(200, iterations); i++) {
        await fn(i + iterations);
    }
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
        const start = process.hrtime.bigint();
        await fn(i);
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    means.set(label, samples.reduce((a, b) => a + b, 0) / samples.length);
    return median(samples);
}

/** A stack of the usual mix: one resource in ten carries a ~10 KB policy, the rest are other types. */
function mixedStack(texts: readonly string[]): PlannedResource[] {
    const kinds: Array<(i: number) => PlannedResource> = [
        (i) => ({ urn: `urn:pulumi:bench::p::aws:s3/bucket:Bucket::b${i}`, type: "aws:s3/bucket:Bucket", name: `b${i}`, props: { bucket: `b${i}` } }),
        (i) => ({ urn: `urn:pulumi:bench::p::aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::pab${i}`, type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: `pab${i}`, props: { bucket: `b${i - 1}`, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } }),
        (i) => ({ urn: `urn:pulumi:bench::p::aws:lambda/function:Function::f${i}`, type: "aws:lambda/function:Function", name: `f${i}`, props: { runtime: "nodejs22.x", handler: "index.handler" } }),
        (i) => ({ urn: `urn:pulumi:bench::p::aws:cloudwatch/logGroup:LogGroup::l${i}`, type: "aws:cloudwatch/logGroup:LogGroup", name: `l${i}`, props: { retentionInDays: 30, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" } }),
        (i) => ({ urn: `urn:pulumi:bench::p::aws:sqs/queue:Queue::q${i}`, type: "aws:sqs/queue:Queue", name: `q${i}`, props: { messageRetentionSeconds: 1209600 } }),
    ];
    return Array.from({ length: STACK_SIZE }, (_, i) => (i % 10 === 0 ? resource(i, texts[i % texts.length]) : kinds[i % kinds.length](i)));
}

function resource(i: number, policy: string): PlannedResource {
    const name = `workload-${i}`;
    return { urn: `urn:pulumi:bench::bedrock-governance::aws:iam/rolePolicy:RolePolicy::${name}`, type: "aws:iam/rolePolicy:RolePolicy", name, props: { role: "workload-role", policy } };
}

async function main(): Promise<void> {
    const iterations = 2000;
    const texts = Array.from({ length: iterations + 200 + STACK_SIZE }, (_, i) => policyDocument(i));
    const bytes = texts[0].length;
    const statements = (JSON.parse(texts[0]) as { Statement: unknown[] }).Statement.length;

    // Sanity: the document is clean, so the timing is of a full pass, not an early exit.
    const findings = await runPolicies([resource(0, texts[0])]);
    if (findings.length > 0) {
        throw new Error(`bench document should pass the pack, got: ${findings.map((f) => f.message).join("; ")}`);
    }

    const baselineMs = await measure(iterations * 5, (i) => JSON.parse(texts[i % texts.length]), "jsonParse");
    const rulesMs = await measure(iterations, (i) => {
        const subject = { type: "aws:iam/rolePolicy:RolePolicy", name: "bench", props: { policy: texts[i] } };
        for (const rule of DOCUMENT_CHECKS) {
            documentOutcomes(rule, subject, {});
        }
    }, "documentRules");
    const runnerMs = await measure(iterations, (i) => runPolicies([resource(i, texts[i])]), "runnerPerResource");
    // Four shapes, each pattern distinct (i differs), so every call decides afresh.
    const wildcardShapes = [
        (i: number) => `arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-${i}*`,
        (i: number) => `arn:aws:bedrock:us-east-${i}::foundation-model/*`,
        (i: number) => `arn:aws:bedrock:*::foundation-model/*-v${i}:*`,
        (i: number) => `arn:aws:bedrock:us-west-2:${String(i).padStart(12, "0")}:inference-profile/us.*`,
    ];
    const everyModelMs = await measure(400, (i) => patternMatchesEveryModel(wildcardShapes[i % wildcardShapes.length](i)), "everyModelFirstVerdict");

    const stackResources = texts.slice(iterations + 200).map((text, i) => resource(i, text));
    const stackSamples: number[] = [];
    for (let run = 0; run < STACK_RUNS; run++) {
        const stackStart = process.hrtime.bigint();
        await runPolicies(stackResources);
        stackSamples.push(Number(process.hrtime.bigint() - stackStart) / 1e6);
    }
    const stackMs = median(stackSamples);
    const mixed = mixedStack(texts.slice(iterations + 200));
    const mixedStart = process.hrtime.bigint();
    await runPolicies(mixed);
    const mixedMs = Number(process.hrtime.bigint() - mixedStart) / 1e6;

    const result = {
        document: { bytes, statements },
        rules: policies.length,
        medianMs: { jsonParse: baselineMs, documentRules: rulesMs, runnerPerResource: runnerMs, everyModelFirstVerdict: everyModelMs },
        meanMs: Object.fromEntries(means),
        ratioToJsonParse: { documentRules: rulesMs / baselineMs, runnerPerResource: runnerMs / baselineMs },
        derivedStackMs: { resources: STACK_SIZE, documentRules: rulesMs * STACK_SIZE, runner: runnerMs * STACK_SIZE },
        measuredStackMs: { resources: STACK_SIZE, everyResourceA10KbPolicy: stackMs, everyResourceA10KbPolicyRuns: stackSamples, oneInTenA10KbPolicy: mixedMs },
        targets: {
            documentMs: { target: TARGET_DOCUMENT_MS, measured: runnerMs, holds: runnerMs < TARGET_DOCUMENT_MS },
            stackMs: { target: TARGET_STACK_MS, measured: stackMs, holds: stackMs < TARGET_STACK_MS },
        },
        node: process.version,
        loadAverage: os.loadavg()[0],
        cpus: os.cpus().length,
    };
    if (process.argv.includes("--json")) {
        console.log(JSON.stringify(result, null, 2));
        return;
    }
    const f = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);
    console.log(`policy document: ${bytes} bytes, ${statements} statements; pack: ${policies.length} rules; ${process.version}; load ${result.loadAverage.toFixed(1)} on ${result.cpus} CPUs`);
    console.log(`median JSON.parse (baseline):            ${f(baselineMs)}`);
    console.log(`median 8 document rules, one document:   ${f(rulesMs)}  (${result.ratioToJsonParse.documentRules.toFixed(1)}x JSON.parse)`);
    console.log(`median runner, one resource, 14 rules:   ${f(runnerMs)}  (${result.ratioToJsonParse.runnerPerResource.toFixed(1)}x JSON.parse)`);
    console.log(`median first "every model" verdict, new wildcard pattern: ${f(everyModelMs)}`);
    console.log(`means (with GC): JSON.parse ${f(means.get("jsonParse")!)}, rules ${f(means.get("documentRules")!)}, runner ${f(means.get("runnerPerResource")!)}`);
    console.log(`derived for ${STACK_SIZE} resources:             ${f(runnerMs * STACK_SIZE)} (runner), ${f(rulesMs * STACK_SIZE)} (rules alone)`);
    console.log(`measured: ${STACK_SIZE} resources, each a 10 KB policy, one runPolicies: ${f(stackMs)} (median of ${STACK_RUNS}: ${stackSamples.map(f).join(", ")})`);
    console.log(`measured: ${STACK_SIZE} resources, one in ten a 10 KB policy:     ${f(mixedMs)}`);
    const yes = (holds: boolean) => (holds ? "yes" : "no");
    console.log(`target: one 10 KB document (runner, one resource) under ${TARGET_DOCUMENT_MS} ms: ${f(runnerMs)}, holds: ${yes(result.targets.documentMs.holds)}`);
    console.log(`target: ${STACK_SIZE} resources each a 10 KB policy under ${f(TARGET_STACK_MS)}: ${f(stackMs)}, holds: ${yes(result.targets.stackMs.holds)}`);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
