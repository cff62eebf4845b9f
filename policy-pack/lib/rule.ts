// What every rule shares: how findings become CrossGuard reports (exempted and undecidable ones
// as advisory), the config schema with `exemptions`, and the resource-type filter.
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { EXEMPTIONS_SCHEMA, exemptionLabel, findExemption, type Exemption } from "./exemptions";

/** What a rule found on one resource. */
export interface Outcome {
    /** `violation`: the rule's verdict; `undecidable`: depends on a value unknown until the update. */
    readonly status: "violation" | "undecidable";
    readonly message: string;
}

/** Message prefixes the offline runner (and a reader of `pulumi preview`) recognises. */
export const EXEMPTED_PREFIX = "exempted: ";
export const UNDECIDABLE_PREFIX = "cannot decide until update: ";

export interface RuleConfig {
    readonly exemptions?: readonly Exemption[];
}

/**
 * The report CrossGuard 1.21's runtime accepts besides a plain string (server.js
 * `makeReportViolationFun`): an object whose `enforcementLevel` overrides the policy's for this
 * one report. That is how an exempted or undecidable finding of a mandatory rule stays advisory.
 */
interface ViolationReport {
    readonly message: string;
    readonly urn?: string;
    readonly enforcementLevel?: EnforcementLevel;
}

function send(reportViolation: ReportViolation, report: ViolationReport): void {
    (reportViolation as unknown as (report: ViolationReport) => void)(report);
}

/**
 * Reports a rule's outcomes for one resource: violations at the rule's level, undecidable ones
 * as advisory "cannot decide until update", and, when an exemption names the resource, every
 * outcome as advisory "exempted: <reason>" with the finding it replaces.
 */
export function reportOutcomes(
    outcomes: readonly Outcome[],
    resource: { readonly name: string; readonly urn: string },
    config: RuleConfig,
    reportViolation: ReportViolation,
    options: { readonly attachUrn?: boolean } = {},
): void {
    if (outcomes.length === 0) {
        return;
    }
    const exemption = findExemption(config.exemptions, resource.name, resource.urn);
    const urn = options.attachUrn ? resource.urn : undefined;
    for (const outcome of outcomes) {
        const finding = outcome.status === "undecidable" ? UNDECIDABLE_PREFIX + outcome.message : outcome.message;
        if (exemption) {
            send(reportViolation, {
                message: `${EXEMPTED_PREFIX}${exemption.reason} (${exemptionLabel(exemption)}); finding: ${finding}`,
                urn,
                enforcementLevel: "advisory",
            });
        } else if (outcome.status === "undecidable") {
            send(reportViolation, { message: finding, urn, enforcementLevel: "advisory" });
        } else {
            send(reportViolation, { message: finding, urn });
        }
    }
}

/** A rule's config schema: its own settings plus `exemptions`. */
export function configSchema(properties: Record<string, PolicyConfigJSONSchema> = {}): PolicyConfigSchema {
    return { properties: { ...properties, exemptions: EXEMPTIONS_SCHEMA } };
}

/**
 * A validation that applies to the given resource types only. With one type it carries
 * `__pulumiType`, which lets the runtime skip other types without calling it. With several, it
 * returns at once for other types rather than calling `notApplicable`: that throws an Error, and
 * building its stack trace for every other resource of a 2,000-resource stack cost more than all
 * the rules' real work (bench/policy-eval.ts).
 */
export function forTypes(types: readonly string[], validate: ResourceValidation): ResourceValidation {
    const wanted = new Set(types);
    const fn: ResourceValidation = (args, reportViolation) => {
        if (!wanted.has(args.type)) {
            return;
        }
        return validate(args, reportViolation);
    };
    if (types.length === 1) {
        (fn as unknown as { __pulumiType: string }).__pulumiType = types[0];
    }
    return fn;
}

/** Fields every rule file fills in. */
export interface RuleMetadata {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    /** How to fix a finding; CrossGuard shows it with the policy. */
    readonly remediationSteps: string;
    readonly configSchema: PolicyConfigSchema;
}

export type ResourceRule = ResourceValidationPolicy & RuleMetadata;
export type StackRule = StackValidationPolicy & RuleMetadata;

/** The config of a rule as CrossGuard hands it over (defaults already merged by the engine). */
export function ruleConfig<T extends RuleConfig>(args: Pick<ResourceValidationArgs, "getConfig">): T {
    return args.getConfig<T>();
}
