// One offline plan: install the mock engine, hand the stack's config to the program, run it,
// wait for every registration, then let the policy pack judge the resources.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies } from "../../policy-pack/runner";
import { planResources, policyInputs } from "./collect";
import { installMockEngine, settle } from "./mock-engine";
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
}

export async function runPlan(options: PlanOptions): Promise<PlanReport> {
    const { stackConfig } = options;
    const recorded = installMockEngine({ project: stackConfig.project, stack: stackConfig.stack, environment: stackConfig.environment });
    pulumi.runtime.setAllConfig(stackConfig.config);

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
                outputs[key] = await resolve(value);
            }
        }
        await settle();
        if (asyncFailures.length > 0) {
            throw classify(asyncFailures[0]);
        }
        const findings = await runPolicies(policyInputs(recorded), { stack: stackConfig.stack, project: stackConfig.project });
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

function resolve(value: unknown): Promise<unknown> {
    return new Promise((done) => pulumi.output(value as any).apply((v: unknown) => done(v)));
}
