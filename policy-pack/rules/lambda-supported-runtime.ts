// A function on a deprecated runtime gets no security patches, and after AWS's creation block it
// can no longer be created or updated (FIELD-NOTES: nodejs20.x is past its block, 2026-08-31).
import { resourceLabel } from "../lib/sources";
import { configSchema, forTypes, reportOutcomes, type Outcome, type ResourceRule, type RuleConfig } from "../lib/rule";
import { readProp, UNKNOWN } from "../lib/unknowns";

export const NAME = "lambda-supported-runtime";
const FUNCTION_TYPE = "aws:lambda/function:Function";

/** Lambda's supported managed runtimes as of 2026-11 (AWS "Lambda runtimes" page); configurable. */
export const SUPPORTED_RUNTIMES: readonly string[] = [
    "nodejs22.x",
    "nodejs24.x",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
    "java17",
    "java21",
    "java25",
    "dotnet10",
    "ruby3.3",
    "ruby3.4",
    "provided.al2023",
];

export interface RuntimeConfig extends RuleConfig {
    readonly supportedRuntimes?: readonly string[];
}

export function runtimeOutcomes(name: string, props: Record<string, unknown>, config: RuntimeConfig): Outcome[] {
    const label = resourceLabel(FUNCTION_TYPE, name);
    const packageType = readProp(props, "packageType");
    if (packageType === "Image") {
        // A container image brings its own runtime.
        return [];
    }
    const runtime = readProp(props, "runtime");
    const supported = config.supportedRuntimes && config.supportedRuntimes.length > 0 ? config.supportedRuntimes : SUPPORTED_RUNTIMES;
    if (runtime === UNKNOWN || packageType === UNKNOWN) {
        return [{ status: "undecidable", message: `${label}: its runtime is not known until the update.` }];
    }
    if (typeof runtime !== "string") {
        return [{ status: "violation", message: `${label} has no runtime: set runtime to a supported one (${supported.join(", ")}).` }];
    }
    return supported.includes(runtime)
        ? []
        : [{ status: "violation", message: `${label} runs on ${runtime}, which is not a supported Lambda runtime: move it to one of ${supported.join(", ")} (nodejs22.x for this project's functions).` }];
}

export const lambdaSupportedRuntime: ResourceRule = {
    name: NAME,
    description: "A Lambda function (zip package) must use a supported runtime: nodejs22.x or nodejs24.x, python3.11 or later, and the other current managed runtimes; not nodejs20.x or older.",
    enforcementLevel: "advisory",
    remediationSteps: "Set runtime to a supported runtime (nodejs22.x for TypeScript functions bundled with esbuild) and redeploy.",
    configSchema: configSchema({
        supportedRuntimes: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [...SUPPORTED_RUNTIMES],
            description: "The runtimes accepted.",
        },
    }),
    validateResource: forTypes([FUNCTION_TYPE], (args, reportViolation) => {
        const config = args.getConfig<RuntimeConfig>();
        reportOutcomes(runtimeOutcomes(args.name, args.props, config), args, config, reportViolation);
    }),
};
