// `npm run access-analyzer -- --stack <name> [--reference <plan.json>]`: IAM Access Analyzer's
// checks over every policy document of a stack, beside the offline policy pack. The documents come
// from the offline plan (`npm run plan`, the mock engine: no Pulumi CLI or account), or from a plan
// file (`--plan`, what `npm run plan -- --json` prints). Each goes to ValidatePolicy with its policy
// type (identity, resource, trust, SCP, RCP); with `--reference`, each document that changed since
// the reference plan goes to CheckNoNewAccess against its earlier text.
//
// Needs AWS credentials (the SDK's default provider chain) and access-analyzer:ValidatePolicy and
// access-analyzer:CheckNoNewAccess. Without credentials it says so and exits 0: an optional step,
// never a failure for what a CI runner lacks. Exit 1: a finding (an ERROR or SECURITY_WARNING from
// ValidatePolicy, new access from CheckNoNewAccess); 2: bad arguments or files; 3: the checks could
// not run (an API error after the SDK's retries, a plan that failed).
import * as fs from "fs";
import * as path from "path";
import {
    AccessAnalyzerClient,
    CheckNoNewAccessCommand,
    ValidatePolicyCommand,
    type AccessCheckPolicyType,
    type PathElement,
    type PolicyType,
    type ValidatePolicyFinding,
    type ValidatePolicyResourceType,
} from "@aws-sdk/client-accessanalyzer";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { StandardRetryStrategy } from "@smithy/util-retry";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from "@smithy/types";
import { IDENTITY_POLICY_TYPES, RESOURCE_POLICY_TYPES, policiesOf, resourceLabel } from "../policy-pack/lib/sources";
import { checkStackName, forEachFlag, UsageError } from "./plan/args";

export const SKIP_MESSAGE = "no AWS credentials: Access Analyzer checks skipped";

/** Attempts per call, the first included: the SDK's standard strategy (exponential backoff with jitter, throttling retried). */
export const MAX_ATTEMPTS = 5;
const CONCURRENCY = 4;

export const USAGE = `usage: npm run access-analyzer -- (--stack <name> | --plan <file>) [--reference <file>] [--region <region>] [--stack-file <file>]

  --stack <name>        run the offline plan of Pulumi.<name>.yaml and check its policy documents
  --plan <file>         check the documents of a plan file instead (npm run plan -- --stack <name> --json)
  --reference <file>    a plan file to compare with (e.g. the base branch's tests/golden/<name>.json):
                        every document that changed since goes to CheckNoNewAccess
  --region <region>     Access Analyzer's region (default: AWS_REGION, AWS_DEFAULT_REGION, the plan's)
  --stack-file <file>   read the stack's config from this file instead of Pulumi.<name>.yaml
  --help                this text

Needs AWS credentials (the SDK's default chain) allowed access-analyzer:ValidatePolicy and
access-analyzer:CheckNoNewAccess; without credentials it prints "${SKIP_MESSAGE}" and exits 0.
Exit 0: no finding; 1: an ERROR or SECURITY_WARNING from ValidatePolicy, or new access from
CheckNoNewAccess; 2: bad arguments or files; 3: the checks could not run.`;

// ---------------------------------------------------------------------------------------------
// The stack's policy documents

/** A resource of a plan: what `npm run plan -- --json` prints under `resources`. */
export interface PlanResourceLike {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties: Record<string, unknown>;
}

export interface PlanEnvironmentLike {
    readonly accountId?: string;
    readonly region?: string;
    readonly partition?: string;
}

/** One policy document of the stack, as Access Analyzer is asked about it. */
export interface StackDocument {
    /** URN and place in the resource: the same document in another plan of the stack has the same key. */
    readonly key: string;
    /** For messages: `RolePolicy "chat-invoke" policy`. */
    readonly label: string;
    readonly policyType: PolicyType;
    readonly validatePolicyResourceType?: ValidatePolicyResourceType;
    /** The document as JSON text. */
    readonly text: string;
}

/** A place that holds a policy the checks cannot send, and why. */
export interface SkippedDocument {
    readonly label: string;
    readonly reason: string;
}

const ROLE_TYPE = "aws:iam/role:Role";
const ORGANIZATIONS_POLICY_TYPE = "aws:organizations/policy:Policy";
const CLOUDFORMATION_TEMPLATE_TYPES = ["aws:cloudformation/stackSet:StackSet", "aws:cloudformation/stack:Stack"];
/** Resource policies the pack does not read (it judges Bedrock grants) but Access Analyzer validates. */
const MORE_RESOURCE_POLICY_TYPES = ["aws:sqs/queue:Queue", "aws:sqs/queuePolicy:QueuePolicy"];
const S3_BUCKET_POLICY_TYPES = ["aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
/** Organizations policy types written in the IAM policy language; the others (tag, backup, AI opt-out, Bedrock...) are not. */
const ORGANIZATIONS_IAM_POLICY_TYPES: Record<string, PolicyType> = {
    SERVICE_CONTROL_POLICY: "SERVICE_CONTROL_POLICY",
    RESOURCE_CONTROL_POLICY: "RESOURCE_CONTROL_POLICY",
};

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text sent for a policy given as JSON text or as an object (the plan parses policy texts). */
function policyText(raw: unknown): string | undefined {
    if (raw === undefined || raw === null || raw === "") {
        return undefined;
    }
    return typeof raw === "string" ? raw : JSON.stringify(raw);
}

/** Every policy document of the plan's resources, with the type Access Analyzer needs for each. */
export function documentsOfPlan(resources: readonly PlanResourceLike[], environment: PlanEnvironmentLike = {}): { documents: StackDocument[]; skipped: SkippedDocument[] } {
    const documents: StackDocument[] = [];
    const skipped: SkippedDocument[] = [];
    const add = (resource: PlanResourceLike, where: string, raw: unknown, policyType: PolicyType, validatePolicyResourceType?: ValidatePolicyResourceType) => {
        const text = policyText(raw);
        if (text !== undefined) {
            const label = `${resourceLabel(resource.type, resource.name)} ${where}`;
            documents.push({ key: `${resource.urn}#${where}`, label, policyType, ...(validatePolicyResourceType ? { validatePolicyResourceType } : {}), text });
        }
    };
    for (const resource of resources) {
        const { type, properties } = resource;
        // Identity and resource policies: the places the policy pack reads (policy-pack/lib/sources.ts).
        if (IDENTITY_POLICY_TYPES.includes(type) || type === ROLE_TYPE || RESOURCE_POLICY_TYPES.includes(type)) {
            for (const found of policiesOf(type, properties, ["identity", "resource"]).texts) {
                const bucket = found.kind === "resource" && S3_BUCKET_POLICY_TYPES.includes(type);
                add(resource, found.where, found.raw, found.kind === "identity" ? "IDENTITY_POLICY" : "RESOURCE_POLICY", bucket ? "AWS::S3::Bucket" : undefined);
            }
        }
        if (type === ROLE_TYPE) {
            add(resource, "assumeRolePolicy", properties.assumeRolePolicy, "RESOURCE_POLICY", "AWS::IAM::AssumeRolePolicyDocument");
        }
        if (MORE_RESOURCE_POLICY_TYPES.includes(type)) {
            add(resource, "policy", properties.policy, "RESOURCE_POLICY");
        }
        if (type === ORGANIZATIONS_POLICY_TYPE) {
            const policyType = typeof properties.type === "string" ? ORGANIZATIONS_IAM_POLICY_TYPES[properties.type] : undefined;
            if (policyType) {
                add(resource, "content", properties.content, policyType);
            } else if (properties.content !== undefined) {
                skipped.push({ label: `${resourceLabel(type, resource.name)} content`, reason: `a ${String(properties.type)} policy is not written in the IAM policy language` });
            }
        }
        if (CLOUDFORMATION_TEMPLATE_TYPES.includes(type)) {
            templateDocuments(resource, environment, add, skipped);
        }
    }
    return { documents, skipped };
}

// CloudFormation templates (a StackSet's spoke role): the IAM resources' documents, with the
// template's parameters (the values the StackSet passes, else their defaults) and pseudo
// parameters substituted. A document that needs anything else (Fn::GetAtt, Fn::ImportValue...)
// is listed as skipped: its text is only known in the account that runs the template.

class UnresolvedIntrinsic extends Error {}

function resolveIntrinsics(value: unknown, values: Record<string, string>): unknown {
    if (Array.isArray(value)) {
        return value.map((item) => resolveIntrinsics(item, values));
    }
    if (!isRecord(value)) {
        return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === "Ref" || keys[0].startsWith("Fn::"))) {
        const [fn] = keys;
        const argument = value[fn];
        if (fn === "Ref" && typeof argument === "string" && values[argument] !== undefined) {
            return values[argument];
        }
        if (fn === "Fn::Sub" && typeof argument === "string") {
            return argument.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => {
                if (values[name] === undefined) {
                    throw new UnresolvedIntrinsic(`Fn::Sub names \${${name}}`);
                }
                return values[name];
            });
        }
        throw new UnresolvedIntrinsic(fn === "Ref" ? `Ref ${JSON.stringify(argument)}` : fn);
    }
    return Object.fromEntries(keys.map((key) => [key, resolveIntrinsics(value[key], values)]));
}

function templateDocuments(
    resource: PlanResourceLike,
    environment: PlanEnvironmentLike,
    add: (resource: PlanResourceLike, where: string, raw: unknown, policyType: PolicyType, resourceType?: ValidatePolicyResourceType) => void,
    skipped: SkippedDocument[],
): void {
    const label = `${resourceLabel(resource.type, resource.name)} templateBody`;
    const body = resource.properties.templateBody;
    if (typeof body !== "string") {
        return;
    }
    let template: unknown;
    try {
        template = JSON.parse(body);
    } catch {
        skipped.push({ label, reason: "the template is not JSON (a YAML template is not read)" });
        return;
    }
    if (!isRecord(template) || !isRecord(template.Resources)) {
        return;
    }
    const values: Record<string, string> = {
        "AWS::Partition": environment.partition ?? "aws",
        "AWS::AccountId": environment.accountId ?? "123456789012",
        "AWS::Region": environment.region ?? "us-east-1",
    };
    for (const [name, declared] of Object.entries(isRecord(template.Parameters) ? template.Parameters : {})) {
        if (isRecord(declared) && declared.Default !== undefined) {
            values[name] = String(declared.Default);
        }
    }
    for (const [name, value] of Object.entries(isRecord(resource.properties.parameters) ? resource.properties.parameters : {})) {
        values[name] = String(value);
    }
    const each = (where: string, raw: unknown, policyType: PolicyType, resourceType?: ValidatePolicyResourceType) => {
        if (raw === undefined) {
            return;
        }
        try {
            add(resource, `templateBody ${where}`, resolveIntrinsics(raw, values), policyType, resourceType);
        } catch (err) {
            if (!(err instanceof UnresolvedIntrinsic)) {
                throw err;
            }
            skipped.push({ label: `${label} ${where}`, reason: `uses ${err.message}, known only where the template runs` });
        }
    };
    for (const [logicalId, declared] of Object.entries(template.Resources)) {
        if (!isRecord(declared) || !isRecord(declared.Properties)) {
            continue;
        }
        const props = declared.Properties;
        if (declared.Type === "AWS::IAM::Role") {
            each(`${logicalId}.AssumeRolePolicyDocument`, props.AssumeRolePolicyDocument, "RESOURCE_POLICY", "AWS::IAM::AssumeRolePolicyDocument");
            (Array.isArray(props.Policies) ? props.Policies : []).forEach((policy, index) => {
                if (isRecord(policy)) {
                    each(`${logicalId}.Policies[${index}]`, policy.PolicyDocument, "IDENTITY_POLICY");
                }
            });
        } else if (declared.Type === "AWS::IAM::Policy" || declared.Type === "AWS::IAM::ManagedPolicy") {
            each(`${logicalId}.PolicyDocument`, props.PolicyDocument, "IDENTITY_POLICY");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Credentials and the client

/**
 * The credentials the SDK's default provider chain yields (environment, shared files, SSO, web
 * identity, container and instance metadata), or undefined when it yields none. Any other failure
 * (a profile that exists but whose role cannot be assumed) is thrown: it is a broken setup, not
 * an absent one.
 */
export async function resolveCredentials(provider: AwsCredentialIdentityProvider = fromNodeProviderChain()): Promise<AwsCredentialIdentity | undefined> {
    try {
        return await provider();
    } catch (err) {
        if (err instanceof Error && err.name === "CredentialsProviderError") {
            return undefined;
        }
        throw err;
    }
}

export interface ClientOptions {
    readonly region: string;
    readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    /** Tests: a stub HTTP handler. */
    readonly requestHandler?: unknown;
    /** Tests: a strategy with short delays. Default: the SDK's standard strategy, MAX_ATTEMPTS attempts. */
    readonly retryStrategy?: RetryStrategyV2;
}

export function createAnalyzerClient(options: ClientOptions): AccessAnalyzerClient {
    return new AccessAnalyzerClient({
        region: options.region,
        credentials: options.credentials,
        retryStrategy: options.retryStrategy ?? new StandardRetryStrategy(MAX_ATTEMPTS),
        ...(options.requestHandler ? { requestHandler: options.requestHandler as never } : {}),
    });
}

// ---------------------------------------------------------------------------------------------
// The checks

/** A failure to run a check (not a finding): the API refused or kept throttling after the retries. */
export class AnalyzerCallError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AnalyzerCallError";
    }
}

export interface ValidateOutcome {
    readonly document: StackDocument;
    readonly findings: readonly ValidatePolicyFinding[];
}

export interface NoNewAccessOutcome {
    readonly document: StackDocument;
    readonly result: "PASS" | "FAIL";
    readonly message: string;
    readonly reasons: readonly string[];
}

export interface AnalyzerReport {
    readonly validated: readonly ValidateOutcome[];
    /** Undefined without a reference. */
    readonly noNewAccess?: {
        readonly checked: readonly NoNewAccessOutcome[];
        readonly unchanged: number;
        /** Documents the reference does not have: nothing to compare with. */
        readonly added: readonly StackDocument[];
        /** SCPs and RCPs: CheckNoNewAccess takes identity and resource policies only. */
        readonly notComparable: readonly StackDocument[];
    };
    /** ERROR and SECURITY_WARNING findings plus new access: the step fails when > 0. */
    readonly failures: number;
}

/** Findings that fail the step; WARNING and SUGGESTION are printed only. */
export const FAILING_FINDING_TYPES: readonly string[] = ["ERROR", "SECURITY_WARNING"];

function describeError(err: unknown): string {
    const e = err as { name?: string; message?: string; $metadata?: { attempts?: number } };
    const attempts = e.$metadata?.attempts;
    return `${e.name ?? "Error"}: ${e.message ?? String(err)}${attempts ? ` (after ${attempts} attempt${attempts === 1 ? "" : "s"})` : ""}`;
}

async function validate(client: AccessAnalyzerClient, document: StackDocument): Promise<ValidateOutcome> {
    const findings: ValidatePolicyFinding[] = [];
    let nextToken: string | undefined;
    do {
        let page;
        try {
            page = await client.send(
                new ValidatePolicyCommand({
                    policyDocument: document.text,
                    policyType: document.policyType,
                    ...(document.validatePolicyResourceType ? { validatePolicyResourceType: document.validatePolicyResourceType } : {}),
                    ...(nextToken ? { nextToken } : {}),
                }),
            );
        } catch (err) {
            throw new AnalyzerCallError(`ValidatePolicy on ${document.label}: ${describeError(err)}`);
        }
        findings.push(...(page.findings ?? []));
        nextToken = page.nextToken;
    } while (nextToken);
    return { document, findings };
}

async function checkNoNewAccess(client: AccessAnalyzerClient, document: StackDocument, existing: StackDocument): Promise<NoNewAccessOutcome> {
    let response;
    try {
        response = await client.send(
            new CheckNoNewAccessCommand({
                newPolicyDocument: document.text,
                existingPolicyDocument: existing.text,
                policyType: document.policyType as AccessCheckPolicyType,
            }),
        );
    } catch (err) {
        throw new AnalyzerCallError(`CheckNoNewAccess on ${document.label}: ${describeError(err)}`);
    }
    if (response.result !== "PASS" && response.result !== "FAIL") {
        throw new AnalyzerCallError(`CheckNoNewAccess on ${document.label}: got result ${JSON.stringify(response.result)}, expected PASS or FAIL`);
    }
    const reasons = (response.reasons ?? []).map((r) => [r.description, r.statementId ? `statement ${r.statementId}` : r.statementIndex !== undefined ? `statement #${r.statementIndex}` : undefined].filter(Boolean).join(", "));
    return { document, result: response.result, message: response.message ?? "", reasons };
}

/** Runs `task` over `items`, at most `limit` at a time, results in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await task(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/** Canonical text for comparing a document with its reference (key order and spacing ignored). */
function canonical(text: string): string {
    const sort = (value: unknown): unknown =>
        Array.isArray(value) ? value.map(sort) : isRecord(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sort(value[k])])) : value;
    try {
        return JSON.stringify(sort(JSON.parse(text)));
    } catch {
        return text;
    }
}

export async function analyse(client: AccessAnalyzerClient, documents: readonly StackDocument[], reference?: readonly StackDocument[], concurrency = CONCURRENCY): Promise<AnalyzerReport> {
    const validated = await inPool(documents, concurrency, (document) => validate(client, document));
    let failures = validated.reduce((n, v) => n + v.findings.filter((f) => FAILING_FINDING_TYPES.includes(f.findingType ?? "")).length, 0);
    if (!reference) {
        return { validated, failures };
    }
    const earlier = new Map(reference.map((d) => [d.key, d]));
    const added: StackDocument[] = [];
    const notComparable: StackDocument[] = [];
    const changed: [StackDocument, StackDocument][] = [];
    let unchanged = 0;
    for (const document of documents) {
        const existing = earlier.get(document.key);
        if (document.policyType !== "IDENTITY_POLICY" && document.policyType !== "RESOURCE_POLICY") {
            notComparable.push(document);
        } else if (!existing) {
            added.push(document);
        } else if (canonical(existing.text) === canonical(document.text)) {
            unchanged++;
        } else {
            changed.push([document, existing]);
        }
    }
    const checked = await inPool(changed, concurrency, ([document, existing]) => checkNoNewAccess(client, document, existing));
    failures += checked.filter((c) => c.result === "FAIL").length;
    return { validated, noNewAccess: { checked, unchanged, added, notComparable }, failures };
}

// ---------------------------------------------------------------------------------------------
// Report

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
    const counts = new Map<string, number>();
    items.forEach((item) => counts.set(key(item), (counts.get(key(item)) ?? 0) + 1));
    return [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}

export function documentKind(document: StackDocument): string {
    if (document.validatePolicyResourceType === "AWS::IAM::AssumeRolePolicyDocument") {
        return "trust";
    }
    return { IDENTITY_POLICY: "identity", RESOURCE_POLICY: "resource", SERVICE_CONTROL_POLICY: "SCP", RESOURCE_CONTROL_POLICY: "RCP" }[document.policyType ?? ""] ?? String(document.policyType);
}

/**
 * A finding's place in the document: `Statement[0].Action`. Access Analyzer's path elements are an
 * array index, an object key, a substring of a string, or a `value` naming what the path goes
 * through (the key's name, as its answers spell `Statement` and `Action`).
 */
function pathText(path: readonly PathElement[]): string {
    return path
        .map((element) => {
            if (element.index !== undefined) return `[${element.index}]`;
            if (element.key !== undefined) return `.${element.key}`;
            if (element.value !== undefined) return `.${element.value}`;
            if (element.substring !== undefined) return `[${element.substring.start}:+${element.substring.length}]`;
            return "";
        })
        .join("")
        .replace(/^\./, "");
}

function findingLine(finding: ValidatePolicyFinding): string {
    const where = (finding.locations ?? [])
        .map((location) => pathText(location.path ?? []))
        .filter((p) => p !== "")
        .join("; ");
    return `${finding.findingType} ${finding.issueCode}: ${finding.findingDetails}${where ? ` (at ${where})` : ""}${finding.learnMoreLink ? ` ${finding.learnMoreLink}` : ""}`;
}

export function renderReport(report: AnalyzerReport, documents: readonly StackDocument[], skipped: readonly SkippedDocument[], source: string, referenceSource?: string): string {
    const lines: string[] = [];
    lines.push(`IAM Access Analyzer over ${source}: ${documents.length} policy documents (${countBy(documents, documentKind) || "none"})`);
    for (const skip of skipped) {
        lines.push(`  skipped ${skip.label}: ${skip.reason}`);
    }
    lines.push("", "ValidatePolicy:");
    let quiet = 0;
    for (const { document, findings } of report.validated) {
        if (findings.length === 0) {
            quiet++;
            continue;
        }
        for (const finding of findings) {
            const failing = FAILING_FINDING_TYPES.includes(finding.findingType ?? "");
            lines.push(`  ${failing ? "FAIL" : "note"} ${document.label}: ${findingLine(finding)}`);
        }
    }
    lines.push(`  ${quiet} of ${report.validated.length} documents without findings`);
    lines.push("", "CheckNoNewAccess:");
    if (!report.noNewAccess) {
        lines.push("  no --reference given: skipped (pass a plan file of the same stack, e.g. the base branch's golden plan)");
    } else {
        const { checked, unchanged, added, notComparable } = report.noNewAccess;
        for (const check of checked) {
            lines.push(`  ${check.result === "FAIL" ? "FAIL" : "pass"} ${check.document.label}: ${check.message}${check.reasons.length > 0 ? ` (${check.reasons.join("; ")})` : ""}`);
        }
        for (const document of added) {
            lines.push(`  new  ${document.label}: not in the reference, ValidatePolicy only`);
        }
        lines.push(
            `  against ${referenceSource}: ${checked.length} changed (checked), ${unchanged} unchanged, ${added.length} new, ${notComparable.length} SCP/RCP (CheckNoNewAccess takes identity and resource policies)`,
        );
    }
    lines.push("", report.failures === 0 ? "Result: no finding that fails the step." : `Result: ${report.failures} finding${report.failures === 1 ? "" : "s"} fail the step.`);
    return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Command line

// The plan's grammar and its UsageError: one for both scripts (a plan run by --stack throws it too).
export { UsageError };

export interface Arguments {
    readonly stack?: string;
    readonly plan?: string;
    readonly reference?: string;
    readonly region?: string;
    readonly stackFile?: string;
    readonly help: boolean;
}

export function parseArguments(argv: readonly string[]): Arguments {
    const args: { -readonly [K in keyof Arguments]: Arguments[K] } = { help: false };
    forEachFlag(argv, (flag, value, arg) => {
        switch (flag) {
            case "--stack":
                args.stack = value();
                break;
            case "--plan":
                args.plan = value();
                break;
            case "--reference":
                args.reference = value();
                break;
            case "--region":
                args.region = value();
                break;
            case "--stack-file":
                args.stackFile = value();
                break;
            case "--help":
            case "-h":
                args.help = true;
                break;
            default:
                throw new UsageError(`${arg}: got an unknown argument, expected one of --stack <name>, --plan <file>, --reference <file>, --region <region>, --stack-file <file>, --help`);
        }
    });
    if (!args.help && (args.stack === undefined) === (args.plan === undefined)) {
        throw new UsageError("expected exactly one of --stack <name> (run the offline plan) and --plan <file> (a plan printed by npm run plan -- --json)");
    }
    if (args.stack !== undefined) checkStackName(args.stack);
    return args;
}

/** A plan file: what `npm run plan -- --json` prints, or a golden plan. */
export function readPlanFile(file: string, flag: string): { resources: PlanResourceLike[]; environment: PlanEnvironmentLike } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new UsageError(`${flag}: got ${JSON.stringify(file)}, expected a readable plan file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    let plan: unknown;
    try {
        plan = JSON.parse(text);
    } catch (err) {
        throw new UsageError(`${flag}: ${file} is not JSON (${(err as Error).message}), expected the output of npm run plan -- --json`);
    }
    if (!isRecord(plan) || !Array.isArray(plan.resources) || !plan.resources.every((r) => isRecord(r) && typeof r.urn === "string" && typeof r.type === "string" && isRecord(r.properties))) {
        throw new UsageError(`${flag}: ${file} has no resources list of {urn, type, name, properties}, expected the output of npm run plan -- --json`);
    }
    return { resources: plan.resources as PlanResourceLike[], environment: isRecord(plan.environment) ? (plan.environment as PlanEnvironmentLike) : {} };
}

export interface MainDependencies {
    readonly credentials?: AwsCredentialIdentityProvider;
    readonly client?: (options: ClientOptions) => AccessAnalyzerClient;
    readonly out?: (text: string) => void;
    readonly err?: (text: string) => void;
    readonly env?: NodeJS.ProcessEnv;
}

const repositoryRoot = path.resolve(__dirname, "..");

export async function main(argv: readonly string[], deps: MainDependencies = {}): Promise<number> {
    const out = deps.out ?? ((text: string) => process.stdout.write(`${text}\n`));
    const err = deps.err ?? ((text: string) => process.stderr.write(`${text}\n`));
    const env = deps.env ?? process.env;
    let args: Arguments;
    let planFile: ReturnType<typeof readPlanFile> | undefined;
    let reference: ReturnType<typeof readPlanFile> | undefined;
    try {
        args = parseArguments(argv);
        if (args.help) {
            out(USAGE);
            return 0;
        }
        planFile = args.plan !== undefined ? readPlanFile(path.resolve(args.plan), "--plan") : undefined;
        reference = args.reference !== undefined ? readPlanFile(path.resolve(args.reference), "--reference") : undefined;
    } catch (e) {
        if (e instanceof UsageError) {
            err(`access-analyzer: ${e.message}\n\n${USAGE}`);
            return 2;
        }
        throw e;
    }
    // Before the plan: a runner without credentials learns it in a second, not after the plan.
    const credentials = await resolveCredentials(deps.credentials);
    if (!credentials) {
        out(SKIP_MESSAGE);
        return 0;
    }
    let resources: readonly PlanResourceLike[];
    let environment: PlanEnvironmentLike;
    let source: string;
    if (planFile) {
        ({ resources, environment } = planFile);
        source = `plan file ${args.plan}`;
    } else {
        const stack = args.stack as string;
        const { readStackConfig, StackFileError } = await import("./plan/stack-files");
        const { runPlan, PlanConfigError } = await import("./plan/run");
        try {
            const stackConfig = readStackConfig(repositoryRoot, stack, args.stackFile);
            const report = await runPlan({ root: repositoryRoot, stackConfig, program: "index.ts" });
            resources = report.resources;
            environment = report.environment;
        } catch (e) {
            if (e instanceof StackFileError || e instanceof PlanConfigError) {
                err(`access-analyzer: invalid configuration for stack ${stack}: ${e.message}`);
                return 2;
            }
            err(`access-analyzer: the offline plan of stack ${stack} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
            return 3;
        }
        source = `stack ${stack} (offline plan)`;
    }
    const { documents, skipped } = documentsOfPlan(resources, environment);
    const region = args.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || environment.region || "us-east-1");
    const client = (deps.client ?? createAnalyzerClient)({ region, credentials });
    try {
        const report = await analyse(client, documents, reference ? documentsOfPlan(reference.resources, reference.environment).documents : undefined);
        out(renderReport(report, documents, skipped, source, args.reference));
        return report.failures > 0 ? 1 : 0;
    } catch (e) {
        if (e instanceof AnalyzerCallError) {
            err(`access-analyzer: the checks could not run: ${e.message}`);
            return 3;
        }
        throw e;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.stdout.write("", () => process.exit(code)),
        (e) => {
            process.stderr.write(`access-analyzer: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            process.exit(3);
        },
    );
}
