// The stack's config: typed keys with defaults, read from the project's namespace, checked with
// the shared validators. Every problem is collected, then reported together as
// `<project>:<key>: got <value>, expected <rule>`, so a user fixes a stack file in one pass.
// A component that adds keys declares them as a `ConfigSection` and reads them from the same
// `StackConfigReader`; keys no section claims are reported as unknown when the reader finishes.
import * as pulumi from "@pulumi/pulumi";
import { Validator } from "./validators";

/** The project namespace of every key (the `name` in Pulumi.yaml). */
export const PROJECT_NAMESPACE = "bedrock-governance";

interface KeyBase<T> {
    /** What the key does, its default, where the value comes from; copied into Pulumi.yaml. */
    readonly description: string;
    readonly default: T;
    /** Rules the value must meet (not applied to the empty "unset" value of optional strings). */
    readonly rules?: readonly Validator<T>[];
}
export interface StringKey extends KeyBase<string> {
    readonly type: "string";
}
export interface IntegerKey extends KeyBase<number> {
    readonly type: "integer";
}
export interface BooleanKey extends KeyBase<boolean> {
    readonly type: "boolean";
}
/** A list of strings; each element is checked with `rules`. */
export interface StringListKey extends KeyBase<string[]> {
    readonly type: "array";
    readonly itemRules?: readonly Validator<string>[];
}
export type KeySpec = StringKey | IntegerKey | BooleanKey | StringListKey;

/** A group of keys owned by one component. */
export type ConfigSection = Readonly<Record<string, KeySpec>>;

type ValueOf<S extends KeySpec> = S extends StringKey
    ? string
    : S extends IntegerKey
      ? number
      : S extends BooleanKey
        ? boolean
        : string[];

/** The typed values of a section. Optional strings are `""` when unset. */
export type SectionValues<S extends ConfigSection> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** One broken rule of one key. */
export interface ConfigProblem {
    readonly key: string;
    /** The value as the user wrote it (`undefined` when the problem is a missing value). */
    readonly value: string;
    readonly expected: string;
}

/** Invalid stack config; `message` has one line per problem in the house format. */
export class ConfigError extends Error {
    constructor(
        readonly namespace: string,
        readonly problems: readonly ConfigProblem[],
    ) {
        super(problems.map((p) => formatProblem(namespace, p)).join("\n"));
        this.name = "ConfigError";
    }
}

/** `<namespace>:<key>: got <value>, expected <rule>`. */
export function formatProblem(namespace: string, problem: ConfigProblem): string {
    return `${namespace}:${problem.key}: got ${problem.value}, expected ${problem.expected}`;
}

/** How a raw value is shown after "got": numbers and booleans bare, everything else JSON-quoted. */
function shown(raw: string): string {
    return /^-?\d+(\.\d+)?$/.test(raw) || raw === "true" || raw === "false" ? raw : JSON.stringify(raw);
}

/**
 * Reads sections of typed keys from raw config (`key -> string`, as the Pulumi engine passes it:
 * numbers and booleans as text, lists as JSON) and remembers which keys were claimed.
 */
export class StackConfigReader {
    private readonly claimed = new Set<string>();
    private readonly problems: ConfigProblem[] = [];

    /**
     * @param raw the project namespace's keys without the `<namespace>:` prefix
     * @param namespace used in messages
     */
    constructor(
        private readonly raw: Readonly<Record<string, string>>,
        readonly namespace: string = PROJECT_NAMESPACE,
    ) {}

    /** The running program's config (`pulumi.runtime.allConfig()`), limited to the namespace. */
    static fromRuntime(namespace: string = PROJECT_NAMESPACE): StackConfigReader {
        const prefix = `${namespace}:`;
        const raw: Record<string, string> = {};
        for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
            if (key.startsWith(prefix)) {
                raw[key.slice(prefix.length)] = value;
            }
        }
        return new StackConfigReader(raw, namespace);
    }

    /** The section's values, defaults filled in; problems are kept for `finish()`. */
    read<S extends ConfigSection>(section: S): SectionValues<S> {
        const values: Record<string, unknown> = {};
        for (const [key, spec] of Object.entries(section)) {
            if (this.claimed.has(key)) {
                throw new Error(`config key ${this.namespace}:${key} is declared by two sections`);
            }
            this.claimed.add(key);
            const raw = this.raw[key];
            values[key] = raw === undefined ? cloneDefault(spec) : this.parse(key, spec, raw);
        }
        return values as SectionValues<S>;
    }

    /** A problem found by a rule that spans keys (e.g. two prefixes that overlap). */
    report(key: string, value: string, expected: string): void {
        this.problems.push({ key, value: shown(value), expected });
    }

    /** Throws a `ConfigError` listing every problem and every unknown key; otherwise returns. */
    finish(): void {
        const unknown = Object.keys(this.raw)
            .filter((key) => !this.claimed.has(key))
            .sort();
        const problems = [
            ...this.problems,
            ...unknown.map((key) => ({
                key,
                value: shown(this.raw[key]),
                expected: `no such key (known keys: ${[...this.claimed].sort().join(", ")})`,
            })),
        ];
        if (problems.length > 0) {
            throw new ConfigError(this.namespace, problems);
        }
    }

    private parse(key: string, spec: KeySpec, raw: string): unknown {
        const fail = (expected: string, fallback: unknown) => {
            this.problems.push({ key, value: shown(raw), expected });
            return fallback;
        };
        switch (spec.type) {
            case "string": {
                if (raw !== "") {
                    const broken = applyRules(raw, spec.rules);
                    if (broken) return fail(broken, spec.default);
                }
                return raw;
            }
            case "integer": {
                if (!/^-?\d+$/.test(raw.trim())) return fail(`an integer${describeRules(spec.rules)}`, spec.default);
                const value = Number(raw.trim());
                const broken = applyRules(value, spec.rules);
                return broken ? fail(broken, spec.default) : value;
            }
            case "boolean": {
                if (raw !== "true" && raw !== "false") return fail("true or false", spec.default);
                return raw === "true";
            }
            case "array": {
                let parsed: unknown;
                try {
                    parsed = JSON.parse(raw);
                } catch {
                    parsed = undefined;
                }
                if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== "string")) {
                    return fail("a list of strings", [...spec.default]);
                }
                for (const item of parsed as string[]) {
                    const broken = applyRules(item, spec.itemRules);
                    if (broken) return fail(`a list whose every item is ${broken}`, [...spec.default]);
                }
                const broken = applyRules(parsed as string[], spec.rules);
                return broken ? fail(broken, [...spec.default]) : parsed;
            }
        }
    }
}

function applyRules<T>(value: T, rules: readonly Validator<T>[] | undefined): string | undefined {
    for (const rule of rules ?? []) {
        const broken = rule(value);
        if (broken !== undefined) return broken;
    }
    return undefined;
}

function describeRules(rules: readonly Validator<number>[] | undefined): string {
    // A non-integer never reaches the rules; say what they would have asked for when there is one.
    const first = rules?.[0]?.(Number.NaN);
    return first ? ` (${first})` : "";
}

function cloneDefault(spec: KeySpec): unknown {
    return Array.isArray(spec.default) ? [...spec.default] : spec.default;
}

/** The `config:` block of Pulumi.yaml for these sections, for tests that keep the two in step. */
export function projectConfigDeclarations(...sections: ConfigSection[]): Record<string, Record<string, unknown>> {
    const declarations: Record<string, Record<string, unknown>> = {};
    for (const section of sections) {
        for (const [key, spec] of Object.entries(section)) {
            const declaration: Record<string, unknown> = { type: spec.type, default: spec.default, description: spec.description };
            if (spec.type === "array") declaration.items = { type: "string" };
            declarations[key] = declaration;
        }
    }
    return declarations;
}
