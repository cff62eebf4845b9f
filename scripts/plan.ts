// `npm run plan -- --stack <name> [--json]`: the offline plan (CONTRACTS section 2). Runs the
// stack program under Pulumi's mock engine with the config of Pulumi.<name>.yaml, prints the
// resources it would create and the policy pack's verdicts. No Pulumi CLI, account or network.
// Exit 0: no mandatory violation; 1: a mandatory violation; 2: bad config or arguments;
// 3: the program failed for another reason (a bug, not a verdict).
import * as fs from "fs";
import * as path from "path";
import { parseArguments, USAGE, UsageError } from "./plan/args";
import { readStackConfig, StackFileError } from "./plan/stack-files";

const repositoryRoot = path.resolve(__dirname, "..");

async function main(argv: readonly string[]): Promise<number> {
    let args;
    try {
        args = parseArguments(argv);
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`plan: ${err.message}\n\n${USAGE}\n`);
            return 2;
        }
        throw err;
    }
    if (args.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    // Loaded only once the arguments and stack file are known to be good: the Pulumi SDK, the
    // program and the policy pack take seconds to load, a usage error should not.
    let stackConfig;
    try {
        stackConfig = readStackConfig(repositoryRoot, args.stack, args.stackFile);
    } catch (err) {
        if (err instanceof StackFileError) {
            return configFailure(args, err.message);
        }
        throw err;
    }
    let policyConfig: Record<string, unknown> | undefined;
    try {
        policyConfig = readPolicyPackConfig(args.policyPackConfig);
    } catch (err) {
        return configFailure(args, (err as Error).message);
    }
    const { PlanConfigError, runPlan } = await import("./plan/run");
    const { renderJson, renderTree } = await import("./plan/render");
    try {
        const report = await runPlan({ root: repositoryRoot, stackConfig, program: args.program, policyConfig });
        process.stdout.write(`${args.json ? renderJson(report) : renderTree(report)}\n`);
        return report.exitCode;
    } catch (err) {
        if (err instanceof PlanConfigError) {
            return configFailure(args, err.message);
        }
        process.stderr.write(`plan: the program failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        return 3;
    }
}

/** The file `pulumi preview --policy-pack-config` would be given; the repository's default when none is named. */
function readPolicyPackConfig(file: string | undefined): Record<string, unknown> | undefined {
    const chosen = file ?? (fs.existsSync(path.join(repositoryRoot, DEFAULT_POLICY_PACK_CONFIG)) ? DEFAULT_POLICY_PACK_CONFIG : undefined);
    if (chosen === undefined) {
        return undefined;
    }
    let text: string;
    try {
        text = fs.readFileSync(path.resolve(repositoryRoot, chosen), "utf8");
    } catch (err) {
        throw new Error(`--policy-pack-config: got ${JSON.stringify(chosen)}, expected a readable JSON file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (err) {
        throw new Error(`--policy-pack-config: ${chosen}: got text that is not JSON (${(err as Error).message}), expected an object of policy names to levels or settings`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new Error(`--policy-pack-config: ${chosen}: got ${JSON.stringify(value)}, expected an object of policy names to levels or settings`);
    }
    return value as Record<string, unknown>;
}

const DEFAULT_POLICY_PACK_CONFIG = "policy-pack-config.json";

function configFailure(args: { stack: string; json: boolean }, message: string): 2 {
    process.stderr.write(`plan: invalid configuration for stack ${args.stack}:\n${indent(message)}\n`);
    if (args.json) {
        process.stdout.write(`${JSON.stringify({ stack: args.stack, error: { kind: "config", messages: message.split("\n") }, exitCode: 2 }, null, 2)}\n`);
    }
    return 2;
}

function indent(text: string): string {
    return text
        .split("\n")
        .map((line) => `  ${line}`)
        .join("\n");
}

// An output or registration that never settles leaves the event loop empty and Node would exit
// with 0 before anything was printed: never let an unfinished plan pass for a clean one.
let finished = false;
process.on("beforeExit", () => {
    if (!finished) {
        process.stderr.write("plan: the program stopped before the plan was complete (an output or resource never resolved)\n");
        process.exit(3);
    }
});

main(process.argv.slice(2)).then(
    (code) => {
        finished = true;
        // Exit explicitly: the mock runtime may keep handles open after the plan is printed.
        process.exitCode = code;
        process.stdout.write("", () => process.exit(code));
    },
    (err) => {
        finished = true;
        process.stderr.write(`plan: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(3);
    },
);
