// From what the mock engine recorded to the plan: resources in a stable order, their inputs
// made readable (policy JSON parsed, code archives named instead of dumped) and, for the tree,
// the few properties that matter per type.
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../policy-pack/runner";
import { RecordedResource } from "./mock-engine";

/** One resource of the plan. */
export interface PlanResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent, absent for top-level resources. */
    readonly parent?: string;
    /** Inputs as the program gave them, policy documents parsed, archives replaced by a marker. */
    readonly properties: Record<string, unknown>;
}

/** Resources sorted by URN (stable across runs: registration order is not). */
export function planResources(recorded: readonly RecordedResource[]): PlanResource[] {
    return recorded
        .filter((r) => r.urn !== undefined)
        .map((r) => ({
            urn: r.urn as string,
            type: r.type,
            name: r.name,
            ...(r.parent ? { parent: r.parent } : {}),
            properties: readable(r.inputs) as Record<string, unknown>,
        }))
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

// The provider fills in an auto-name during preview (its Check step), so CrossGuard sees it among
// the inputs; the mock engine computes it into the state instead. Copy it back for the pack.
const AUTO_NAMED = ["name", "bucket"];

/** The resources as the policy runner takes them: inputs as a preview passes them (policy text untouched). */
export function policyInputs(recorded: readonly RecordedResource[]): PlannedResource[] {
    return recorded
        .filter((r) => r.urn !== undefined && r.custom)
        .map((r) => {
            const props: Record<string, unknown> = { ...r.inputs };
            for (const field of AUTO_NAMED) {
                if (props[field] === undefined && typeof r.state[field] === "string") props[field] = r.state[field];
            }
            return { urn: r.urn as string, type: r.type, name: r.name, props, ...(r.parent ? { parent: r.parent } : {}) };
        })
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

function isArchive(value: unknown): boolean {
    const candidate = value as any;
    return pulumi.asset.Archive.isInstance(candidate) || (isRecord(candidate) && candidate.__pulumiArchive === true);
}

function isAsset(value: unknown): boolean {
    const candidate = value as any;
    return pulumi.asset.Asset.isInstance(candidate) || (isRecord(candidate) && candidate.__pulumiAsset === true);
}

function readable(value: unknown, key = ""): unknown {
    // The function's code changes with every edit of its source: the plan names it, not dumps it.
    if (isArchive(value)) return "<archive>";
    if (isAsset(value)) return "<asset>";
    if (typeof value === "string" && /policy$/i.test(key) && value.trimStart().startsWith("{")) {
        try {
            return JSON.parse(value);
        } catch {
            return value;
        }
    }
    if (Array.isArray(value)) return value.map((item) => readable(item, key));
    if (isRecord(value)) {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value).sort()) {
            if (k === "__defaults") continue;
            out[k] = readable(value[k], k);
        }
        return out;
    }
    return value;
}

function isRecord(value: unknown): value is Record<string, any> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

// --- the properties that matter, per type, for the tree ----------------------------------------

type Summary = (p: Record<string, any>) => string[];

const list = (value: unknown): string => (Array.isArray(value) ? value.join(", ") : String(value));

function statements(document: unknown): string[] {
    if (!isRecord(document) || !Array.isArray(document.Statement)) return document === undefined ? [] : [`policy: ${String(document)}`];
    return document.Statement.map((st: Record<string, any>) => {
        const principal = st.Principal === undefined ? "" : ` to ${typeof st.Principal === "string" ? st.Principal : Object.values(st.Principal).map(list).join(", ")}`;
        const actions = st.Action !== undefined ? list(st.Action) : `NOT ${list(st.NotAction)}`;
        const resources = st.Resource !== undefined ? list(st.Resource) : st.NotResource !== undefined ? `NOT ${list(st.NotResource)}` : "";
        const condition = st.Condition
            ? ` if ${Object.entries(st.Condition as Record<string, Record<string, unknown>>)
                  .flatMap(([op, clause]) => Object.entries(clause).map(([k, v]) => `${op} ${k}=${list(v)}`))
                  .join(" and ")}`
            : "";
        return `${st.Sid ?? "(no Sid)"}: ${st.Effect}${principal} ${actions}${resources ? ` on ${resources}` : ""}${condition}`;
    });
}

const SUMMARIES: Record<string, Summary> = {
    "aws:kms/key:Key": (p) => [`rotation: ${p.enableKeyRotation ? "on" : "OFF"}`, ...statements(p.policy)],
    "aws:kms/alias:Alias": (p) => [`alias: ${p.name}`],
    "aws:s3/bucket:Bucket": (p) => [`bucket: ${p.bucket ?? "(auto-named)"}`],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": (p) => [
        `blockPublicAcls ${p.blockPublicAcls}, ignorePublicAcls ${p.ignorePublicAcls}, blockPublicPolicy ${p.blockPublicPolicy}, restrictPublicBuckets ${p.restrictPublicBuckets}`,
    ],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": (p) => [`objectOwnership: ${p.rule?.objectOwnership}`],
    "aws:s3/bucketVersioning:BucketVersioning": (p) => [`versioning: ${p.versioningConfiguration?.status}`],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (p) =>
        (p.rules ?? []).map(
            (r: any) =>
                `${r.applyServerSideEncryptionByDefault?.sseAlgorithm} with ${r.applyServerSideEncryptionByDefault?.kmsMasterKeyId ?? "AWS managed key"}, bucket key ${r.bucketKeyEnabled ? "on" : "off"}`,
        ),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": (p) =>
        (p.rules ?? []).map((r: any) => {
            const parts = [
                r.expiration?.days !== undefined ? `expire after ${r.expiration.days} days` : undefined,
                r.noncurrentVersionExpiration ? `noncurrent versions after ${r.noncurrentVersionExpiration.noncurrentDays} days` : undefined,
                r.abortIncompleteMultipartUpload ? `abort uploads after ${r.abortIncompleteMultipartUpload.daysAfterInitiation} days` : undefined,
            ].filter(Boolean);
            return `${r.id} (${r.filter?.prefix ? `prefix ${r.filter.prefix}` : "whole bucket"}): ${parts.join(", ")}`;
        }),
    "aws:s3/bucketPolicy:BucketPolicy": (p) => statements(p.policy),
    "aws:cloudwatch/logGroup:LogGroup": (p) => [`name: ${p.name}`, `retention: ${p.retentionInDays} days`, `kms key: ${p.kmsKeyId ?? "none"}`],
    "aws:sqs/queue:Queue": (p) => [`kms key: ${p.kmsMasterKeyId ?? "none"}`, `retention: ${p.messageRetentionSeconds} s`],
    "aws:iam/role:Role": (p) => [...(p.name ? [`name: ${p.name}`] : []), ...statements(p.assumeRolePolicy).map((s) => `trust ${s}`)],
    "aws:iam/rolePolicy:RolePolicy": (p) => statements(p.policy),
    "aws:iam/policy:Policy": (p) => statements(p.policy),
    "aws:lambda/function:Function": (p) => [
        `name: ${p.name}`,
        `${p.runtime} ${list(p.architectures ?? ["x86_64"])}, handler ${p.handler}, ${p.memorySize} MB, timeout ${p.timeout} s, reserved concurrency ${p.reservedConcurrentExecutions ?? "none"}`,
        `logs to ${p.loggingConfig?.logGroup ?? "/aws/lambda/<name>"} (${p.loggingConfig?.logFormat ?? "Text"})`,
        `environment: ${Object.entries(p.environment?.variables ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")}`,
    ],
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": (p) => [
        `retries ${p.maximumRetryAttempts}, max event age ${p.maximumEventAgeInSeconds} s, on failure -> ${p.destinationConfig?.onFailure?.destination ?? "nowhere"}`,
    ],
    "aws:lambda/permission:Permission": (p) => [
        `${p.principal} may ${p.action} on ${p.function} from ${[p.sourceArn, p.sourceAccount && `account ${p.sourceAccount}`].filter(Boolean).join(", ") || "ANY SOURCE"}`,
    ],
    "aws:cloudwatch/eventRule:EventRule": (p) => [`schedule: ${p.scheduleExpression} (${p.state ?? "ENABLED"})`],
    "aws:cloudwatch/eventTarget:EventTarget": (p) => [`target: ${p.arn}`],
    "aws:sns/topic:Topic": (p) => [`kms key: ${p.kmsMasterKeyId ?? "none"}`],
    "aws:sns/topicPolicy:TopicPolicy": (p) => statements(p.policy),
    "aws:sns/topicSubscription:TopicSubscription": (p) => [`${p.protocol}: ${p.endpoint}`],
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": (p) => [
        `${p.logGroupName}: ${p.pattern} -> ${p.metricTransformation?.namespace} ${p.metricTransformation?.name}`,
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": (p) => {
        const metric = p.metricName
            ? `${p.namespace} ${p.metricName} ${p.statistic} over ${p.period} s`
            : (p.metricQueries ?? []).filter((q: any) => q.returnData).map((q: any) => q.expression ?? q.id).join(", ") +
              ` over ${(p.metricQueries ?? []).find((q: any) => q.metric)?.metric?.period} s`;
        return [`${metric} ${p.comparisonOperator} ${p.threshold} for ${p.evaluationPeriods} period(s), missing data ${p.treatMissingData}`];
    },
};

/** The properties that matter for a resource of this type (a few scalars for unknown types). */
export function keyProperties(resource: PlanResource): string[] {
    const summary = SUMMARIES[resource.type];
    if (summary) return summary(resource.properties as Record<string, any>);
    return Object.entries(resource.properties)
        .filter(([, v]) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
        .slice(0, 4)
        .map(([k, v]) => `${k}: ${v}`);
}
