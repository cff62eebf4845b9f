// One offline plan: install the mock engine, hand the stack's config to the program, run it,
// wait for every registration, then let the policy pack judge the resources.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PolicyConfigError, runPolicies } from "../../policy-pack/runner";
import { planResources, policyInputs } from "./collect";
import { installMockEngine, registrationFailures, settle, trackConstructedResources } from "./mock-engine";
import { PlanReport, planExitCode } from "./render";
import { StackConfig } from "./stack-files";

/** Bad config found by the program (`ConfigError`) or a component (`ArgumentError`): exit 2. */
export class PlanConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanConfigError";
    }
}

const CONFIG_ERRORS = new Set(["ConfigError", "ArgumentError"]);

export interface PlanOptions {
    readonly root: string;
    /** The config and environment from `readStackConfig`. */
    readonly stackConfig: StackConfig;
    /** Program file relative to `root`. */
    readonly program: string;
    /** The policy pack's config, as `--policy-pack-config` gives it. */
    readonly policyConfig?: Record<string, unknown>;
}

export async function runPlan(options: PlanOptions): Promise<PlanReport> {
    const { stackConfig } = options;
    const recorded = installMockEngine({ project: stackConfig.project, stack: stackConfig.stack, environment: stackConfig.environment });
    pulumi.runtime.setAllConfig(stackConfig.config);
    const constructed = trackConstructedResources();

    // Errors thrown inside an apply surface as unhandled rejections, not at import.
    const asyncFailures: unknown[] = [];
    const onRejection = (reason: unknown) => asyncFailures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        let program: Record<string, unknown>;
        try {
            program = require(path.resolve(options.root, options.program));
        } catch (err) {
            throw classify(err);
        }
        const outputs: Record<string, unknown> = {};
        for (const key of Object.keys(program).sort()) {
            const value = program[key];
            // Stack outputs are a module's exported values; functions and classes are not.
            if (typeof value !== "function") {
                try {
                    outputs[key] = await resolve(value);
                } catch (err) {
                    throw classify(err);
                }
            }
        }
        const failed = await registrationFailures(constructed);
        await settle();
        const failures = [...failed, ...asyncFailures];
        if (failures.length > 0) {
            throw classify(failures[0]);
        }
        let findings;
        try {
            findings = await runPolicies(policyInputs(recorded), { stack: stackConfig.stack, project: stackConfig.project, config: options.policyConfig });
        } catch (err) {
            // A bad pack config is bad input, like a bad stack config: exit 2 naming the key.
            throw err instanceof PolicyConfigError ? new PlanConfigError(`policy pack config: ${err.message}`) : err;
        }
        return {
            project: stackConfig.project,
            stack: stackConfig.stack,
            environment: stackConfig.environment,
            resources: planResources(recorded),
            outputs,
            findings,
            exitCode: planExitCode(findings),
        };
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}

function classify(err: unknown): Error {
    if (err instanceof Error && CONFIG_ERRORS.has(err.name)) {
        return new PlanConfigError(err.message);
    }
    return err instanceof Error ? err : new Error(String(err));
}

// `apply` never calls back for an output whose computation threw, so waiting on it would hang
// until Node exits with 0. The SDK's internal `promise()` rejects instead.
function resolve(value: unknown): Promise<unknown> {
    const output = pulumi.output(value as any) as unknown as { promise?: () => Promise<unknown> };
    if (typeof output.promise !== "function") {
        throw new Error("@pulumi/pulumi's Output no longer has promise(); update scripts/plan/run.ts");
    }
    return output.promise();
}
