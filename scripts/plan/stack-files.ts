// Reads the project and stack files the way the Pulumi CLI hands config to a program: the
// project's declared defaults, overridden by `Pulumi.<stack>.yaml`, every key namespaced
// (`<project>:<key>`), every value a string (numbers and booleans as text, lists and objects
// as JSON).
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { MockEnvironment } from "./mock-engine";

/** A config problem the CLI would refuse too; the plan exits 2 with it. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    /** `namespace:key` -> value, as `pulumi.runtime.setAllConfig` takes it. */
    readonly config: Record<string, string>;
    readonly environment: MockEnvironment;
}

/** The account the mock engine plays; plans show ARNs in it. */
export const PLAN_ACCOUNT_ID = "123456789012";

function readYaml(file: string): unknown {
    try {
        return yaml.load(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new StackFileError(`${path.basename(file)}: ${(err as Error).message.split("\n")[0]}`);
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asConfigString(key: string, value: unknown, file: string): string {
    if (isRecord(value) && "secure" in value) {
        throw new StackFileError(
            `${key}: got a secret (secure:) in ${file}, expected a plain value: the offline plan cannot decrypt secrets; use the Pulumi CLI for this stack`,
        );
    }
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (value === null || value === undefined) return "";
    return JSON.stringify(value);
}

/** The stack names that have a `Pulumi.<name>.yaml` in `root`. */
export function availableStacks(root: string): string[] {
    return fs
        .readdirSync(root)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((name): name is string => name !== undefined)
        .sort();
}

function partitionOf(region: string): Pick<MockEnvironment, "partition" | "dnsSuffix"> {
    if (region.startsWith("cn-")) return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
    if (region.startsWith("us-gov-")) return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
    return { partition: "aws", dnsSuffix: "amazonaws.com" };
}

export function readStackConfig(root: string, stack: string, stackFilePath?: string, env: NodeJS.ProcessEnv = process.env): StackConfig {
    const projectFile = path.join(root, "Pulumi.yaml");
    const project = readYaml(projectFile);
    if (!isRecord(project) || typeof project.name !== "string") {
        throw new StackFileError("Pulumi.yaml: expected a project file with a name");
    }
    const stackFile = stackFilePath
        ? path.resolve(stackFilePath)
        : ["yaml", "yml"].map((ext) => path.join(root, `Pulumi.${stack}.${ext}`)).find((file) => fs.existsSync(file));
    if (stackFilePath && !fs.existsSync(stackFile as string)) {
        throw new StackFileError(`--stack-file: got ${JSON.stringify(stackFilePath)}, expected an existing stack config file`);
    }
    if (!stackFile) {
        const known = availableStacks(root);
        throw new StackFileError(
            `--stack: got ${JSON.stringify(stack)}, expected one of ${known.length ? known.join(", ") : "(none)"} (a Pulumi.<name>.yaml beside Pulumi.yaml)`,
        );
    }
    const namespace = project.name;
    const qualify = (key: string) => (key.includes(":") ? key : `${namespace}:${key}`);
    const config: Record<string, string> = {};

    // Project-level declarations: `{ type, default, description }` or `{ value }`, or a bare value.
    const declared = isRecord(project.config) ? project.config : {};
    // The CLI refuses to run a stack that leaves a key declared without a default unset.
    const required: string[] = [];
    for (const [key, declaration] of Object.entries(declared)) {
        let value: unknown = declaration;
        if (isRecord(declaration) && ("default" in declaration || "value" in declaration || "type" in declaration)) {
            value = "value" in declaration ? declaration.value : declaration.default;
            if (value === undefined) {
                required.push(qualify(key));
                continue;
            }
        }
        config[qualify(key)] = asConfigString(qualify(key), value, "Pulumi.yaml");
    }

    const stackDocument = readYaml(stackFile) ?? {};
    if (!isRecord(stackDocument)) {
        throw new StackFileError(`${path.basename(stackFile)}: expected a mapping with a config: section`);
    }
    const stackConfig = stackDocument.config ?? {};
    if (!isRecord(stackConfig)) {
        throw new StackFileError(`${path.basename(stackFile)}: config: expected a mapping of keys to values`);
    }
    for (const [key, value] of Object.entries(stackConfig)) {
        config[qualify(key)] = asConfigString(qualify(key), value, path.basename(stackFile));
    }

    const missing = required.filter((key) => config[key] === undefined);
    if (missing.length > 0) {
        throw new StackFileError(
            missing.map((key) => `${key}: got nothing, expected a value in ${path.basename(stackFile)} (Pulumi.yaml declares it without a default)`).join("\n"),
        );
    }
    const region = config["aws:region"] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (region === undefined || region === "") {
        throw new StackFileError(`aws:region: got nothing, expected a region in ${path.basename(stackFile)} (pulumi config set aws:region us-east-1) or AWS_REGION`);
    }
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
        throw new StackFileError(`aws:region: got ${JSON.stringify(region)}, expected an AWS region such as us-east-1`);
    }
    return {
        project: namespace,
        stack,
        config,
        environment: { accountId: PLAN_ACCOUNT_ID, region, ...partitionOf(region) },
    };
}
