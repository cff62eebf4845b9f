// Offline runner: evaluates the pack's resource policies over planned resources the way
// CrossGuard's runtime does, for `npm run plan` and for tests. Interface fixed by the lead;
// implementation owned by the policy-pack work (issue 5).
//
// What it mirrors of @pulumi/policy 1.21 (server.js) and of the Pulumi CLI's config handling
// (ReconcilePolicyPackConfig: defaults, then `all`, then each policy's entry, then validation):
//   - config: each policy starts from its own enforcement level and its configSchema defaults;
//     `all` (a level) then applies to every policy; then each policy's entry (a level string, or
//     an object with `enforcementLevel` and properties) overrides; the result is validated against
//     the policy's schema. `getConfig()` returns the properties without `enforcementLevel`.
//   - a `disabled` policy does not run; `remediate` reports as `mandatory`.
//   - a validation carrying `__pulumiType` is skipped for other types without being called.
//   - props go through `unknownCheckingProxy`; an `UnknownValueError` that escapes a policy
//     becomes an advisory "can't run policy during preview" report (here: `undecidable`).
//   - `notApplicable(reason)` throws; the runtime records "not applicable" and no diagnostic.
//   - a report given as an object may carry its own `enforcementLevel` (exempted and undecidable
//     findings use it to stay advisory); a string report gets the policy's description prefixed.
//   - stack policies see every resource once, with `parent` resolved from its URN. (The engine
//     gives them outputs and `propertyDependencies`; here they get the planned props and none.)
import type {
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { policies as packPolicies } from "./policies";
import { EXEMPTED_PREFIX, UNDECIDABLE_PREFIX } from "./lib/rule";
import { isUnknownValueError, unknownCheckingProxy, UNKNOWN_STRING_SENTINEL } from "./lib/unknowns";

/** A resource as the offline plan knows it. */
export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly parent?: string;
}

export type EnforcementLevel = "mandatory" | "advisory" | "remediate" | "disabled";

/** One verdict of one policy on one resource. */
export interface PolicyFinding {
    readonly policyName: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn: string;
    readonly resourceName: string;
    readonly resourceType: string;
    /** `violation`: reported; `undecidable`: depends on a value unknown at preview; `exempted`: matched an exemption (reason in message). */
    readonly status: "violation" | "undecidable" | "exempted";
    readonly message: string;
}

export interface RunOptions {
    /** The pack's config, as `--policy-pack-config` would give it. */
    readonly config?: Record<string, unknown>;
    readonly stackTags?: Record<string, string>;
    readonly stack?: string;
    readonly project?: string;
}

/** The engine's value for a string that is unknown at preview: put it in props to plan a preview. */
export const UNKNOWN_AT_PREVIEW = UNKNOWN_STRING_SENTINEL;

/** A `--policy-pack-config` that does not fit the pack: the message names the policy and key. */
export class PolicyConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyConfigError";
    }
}

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];
const PACK_DEFAULT_LEVEL: EnforcementLevel = "advisory";

interface ResolvedPolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

function describe(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

function levelOf(value: unknown, where: string): EnforcementLevel {
    if (typeof value !== "string" || !LEVELS.includes(value)) {
        throw new PolicyConfigError(`${where}: got ${describe(value)}, expected one of ${LEVELS.join(", ")}`);
    }
    return value as EnforcementLevel;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new WeakMap<Policy, ValidateFunction>();

/** The policy's config schema, compiled once (compiling is what costs). */
function validatorOf(policy: Policy): ValidateFunction {
    let validate = validators.get(policy);
    if (!validate) {
        validate = ajv.compile({ type: "object", properties: policy.configSchema?.properties ?? {}, required: policy.configSchema?.required ?? [] });
        validators.set(policy, validate);
    }
    return validate;
}

/** The config each policy runs with, as the CLI reconciles it before the first analysis. */
export function resolveConfig(policies: readonly Policy[], given: Record<string, unknown> = {}): Map<string, ResolvedPolicyConfig> {
    const resolved = new Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>();
    for (const policy of policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema.default !== undefined) {
                properties[key] = copyProps(schema.default);
            }
        }
        resolved.set(policy.name, { enforcementLevel: (policy.enforcementLevel ?? PACK_DEFAULT_LEVEL) as EnforcementLevel, properties });
    }
    if (given.all !== undefined) {
        const all = given.all !== null && typeof given.all === "object" ? (given.all as Record<string, unknown>).enforcementLevel : given.all;
        const level = levelOf(all, "all");
        resolved.forEach((config) => (config.enforcementLevel = level));
    }
    for (const [name, entry] of Object.entries(given)) {
        if (name === "all") {
            continue;
        }
        const config = resolved.get(name);
        if (!config) {
            throw new PolicyConfigError(`${name}: got a config entry, expected the name of one of the pack's policies (${[...resolved.keys()].join(", ")})`);
        }
        if (typeof entry === "string") {
            config.enforcementLevel = levelOf(entry, `${name}.enforcementLevel`);
        } else if (entry && typeof entry === "object" && !Array.isArray(entry)) {
            const { enforcementLevel, ...properties } = entry as Record<string, unknown>;
            if (enforcementLevel !== undefined) {
                config.enforcementLevel = levelOf(enforcementLevel, `${name}.enforcementLevel`);
            }
            Object.assign(config.properties, properties);
        } else {
            throw new PolicyConfigError(`${name}: got ${describe(entry)}, expected an enforcement level or an object`);
        }
    }
    for (const policy of policies) {
        const config = resolved.get(policy.name)!;
        const validate = validatorOf(policy);
        if (!validate(config.properties)) {
            const errors = validate.errors ?? [];
            // A missing property says more than the structural errors it causes.
            const error = errors.find((e) => e.keyword === "required") ?? errors[0];
            const path = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
            const value = path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], config.properties);
            throw new PolicyConfigError(`${policy.name}${path ? `.${path}` : ""}: got ${describe(value)}, expected ${expectation(error)}`);
        }
    }
    return resolved;
}

/** What a schema error asks for, in the words of a config message. */
function expectation(error: ErrorObject): string {
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case "required":
            return `a "${params.missingProperty}" property`;
        case "minProperties":
            return `at least ${params.limit} properties (an exemption needs "reason" and one of "resource" or "urn")`;
        case "additionalProperties":
            return `no property "${params.additionalProperty}"`;
        case "minLength":
            return `a string of at least ${params.limit} character(s)`;
        case "pattern":
            return `a string matching ${params.pattern}`;
        case "type":
            return `a value of type ${params.type}`;
        case "minimum":
            return `a number >= ${params.limit}`;
        default:
            return error.message ?? error.keyword;
    }
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

function pulumiTypeOf(value: unknown): string | undefined {
    const type = (value as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof type === "string" && type.length > 0 ? type : undefined;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const pulumiType = pulumiTypeOf(resourceClass);
    if (pulumiType) {
        return type === pulumiType;
    }
    const isInstance = (resourceClass as { isInstance?: unknown })?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/**
 * A copy of props for one validation (the runtime deserializes the request afresh each time), so
 * a policy cannot change what the next one sees. Class instances (assets, archives) are shared.
 */
function copyProps(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(copyProps);
    }
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyProps(v)]));
    }
    return value;
}

function resourceOptions(resource: PlannedResource): PolicyResourceOptions {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(resource.parent ? { parent: resource.parent } : {}),
    };
}

function statusOf(message: string): PolicyFinding["status"] {
    if (message.startsWith(EXEMPTED_PREFIX)) {
        return "exempted";
    }
    return message.startsWith(UNDECIDABLE_PREFIX) ? "undecidable" : "violation";
}

/** The runtime's reportViolation, collecting findings instead of diagnostics. */
function collector(
    policy: Policy,
    level: EnforcementLevel,
    subject: PlannedResource | undefined,
    byUrn: Map<string, PlannedResource>,
    findings: PolicyFinding[],
): ReportViolation {
    return ((report: unknown, urn?: string) => {
        let message: string;
        let reportLevel = level;
        let reportUrn = urn;
        if (typeof report === "object" && report !== null) {
            const info = report as { message?: string; description?: string; urn?: string; enforcementLevel?: EnforcementLevel };
            message = info.message || info.description || policy.description;
            reportLevel = info.enforcementLevel || level;
            reportUrn = info.urn;
        } else {
            message = report ? `${policy.description}\n${report}` : policy.description;
        }
        const resource = (reportUrn ? byUrn.get(reportUrn) : undefined) ?? subject;
        findings.push({
            policyName: policy.name,
            enforcementLevel: reportLevel,
            urn: reportUrn ?? resource?.urn ?? "",
            resourceName: resource?.name ?? "",
            resourceType: resource?.type ?? "",
            status: statusOf(message),
            message,
        });
    }) as ReportViolation;
}

function undecidableFinding(policy: Policy, resource: PlannedResource | undefined, err: Error): PolicyFinding {
    return {
        policyName: policy.name,
        enforcementLevel: "advisory",
        urn: resource?.urn ?? "",
        resourceName: resource?.name ?? "",
        resourceType: resource?.type ?? "",
        status: "undecidable",
        message: `${UNDECIDABLE_PREFIX}can't run policy '${policy.name}' during preview: ${err.message}`,
    };
}

function isResourcePolicy(policy: Policy): policy is ResourceValidationPolicy {
    const validate = (policy as ResourceValidationPolicy).validateResource;
    return typeof validate === "function" || (Array.isArray(validate) && validate.every((v) => typeof v === "function"));
}

function isStackPolicy(policy: Policy): policy is StackValidationPolicy {
    return typeof (policy as StackValidationPolicy).validateStack === "function";
}

/** Options for tests: run a different policy list through the same runtime semantics. */
export interface RunnerInternals {
    readonly policies?: readonly Policy[];
}

/**
 * Runs every policy of the pack over the resources: resource policies per resource, then stack
 * policies once over all of them.
 * @throws PolicyConfigError when `options.config` does not fit the pack (names the policy and key).
 */
export async function runPolicies(resources: PlannedResource[], options: RunOptions & RunnerInternals = {}): Promise<PolicyFinding[]> {
    const policies = options.policies ?? (packPolicies as readonly Policy[]);
    const config = resolveConfig(policies, options.config ?? {});
    const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const findings: PolicyFinding[] = [];

    for (const resource of resources) {
        for (const policy of policies) {
            const { enforcementLevel: configured, properties } = config.get(policy.name)!;
            if (configured === "disabled" || !isResourcePolicy(policy) || !policy.validateResource) {
                continue;
            }
            const level: EnforcementLevel = configured === "remediate" ? "mandatory" : configured;
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            if (validations.length === 1 && pulumiTypeOf(validations[0]) && pulumiTypeOf(validations[0]) !== resource.type) {
                continue;
            }
            const reportViolation = collector(policy, level, resource, byUrn, findings);
            for (const validation of validations) {
                const props = unknownCheckingProxy(copyProps(resource.props) as Record<string, unknown>);
                const args: ResourceValidationArgs = {
                    type: resource.type,
                    props,
                    urn: resource.urn,
                    name: resource.name,
                    opts: resourceOptions(resource),
                    stackTags,
                    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
                    asType: ((resourceClass: unknown) => (isTypeOf(resource.type, resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
                    getConfig: <T extends object>() => ({ ...properties }) as T,
                    notApplicable,
                };
                try {
                    await Promise.resolve(validation(args, reportViolation));
                } catch (err) {
                    if (isUnknownValueError(err)) {
                        findings.push(undecidableFinding(policy, resource, err));
                    } else if (!(err instanceof NotApplicable)) {
                        throw new Error(`Error validating resource ${resource.urn} with policy '${policy.name}': ${(err as Error).stack ?? err}`);
                    }
                }
            }
        }
    }

    const stackPolicies = policies.filter(isStackPolicy);
    if (stackPolicies.length > 0) {
        const policyResources: PolicyResource[] = resources.map((resource) => {
            const props = unknownCheckingProxy(copyProps(resource.props) as Record<string, unknown>);
            return {
                type: resource.type,
                props,
                urn: resource.urn,
                name: resource.name,
                opts: resourceOptions(resource),
                dependencies: [],
                propertyDependencies: {},
                isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
                asType: ((resourceClass: unknown) => (isTypeOf(resource.type, resourceClass) ? props : undefined)) as PolicyResource["asType"],
            };
        });
        const policyResourceByUrn = new Map(policyResources.map((r) => [r.urn, r]));
        resources.forEach((resource, i) => {
            const parent = resource.parent ? policyResourceByUrn.get(resource.parent) : undefined;
            if (parent) {
                policyResources[i].parent = parent;
            }
        });
        for (const policy of stackPolicies) {
            const { enforcementLevel: configured, properties } = config.get(policy.name)!;
            if (configured === "disabled") {
                continue;
            }
            const level: EnforcementLevel = configured === "remediate" ? "mandatory" : configured;
            const pulumiType = pulumiTypeOf(policy.validateStack);
            if (pulumiType && !resources.some((r) => r.type === pulumiType)) {
                continue;
            }
            const args: StackValidationArgs = {
                resources: policyResources,
                getConfig: <T extends object>() => ({ ...properties }) as T,
                stackTags,
                notApplicable,
            };
            try {
                await Promise.resolve(policy.validateStack(args, collector(policy, level, undefined, byUrn, findings)));
            } catch (err) {
                if (isUnknownValueError(err)) {
                    findings.push(undecidableFinding(policy, undefined, err));
                } else if (!(err instanceof NotApplicable)) {
                    throw new Error(`Error validating stack with policy '${policy.name}': ${(err as Error).stack ?? err}`);
                }
            }
        }
    }
    return findings;
}
