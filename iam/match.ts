// Matching actions and resources the way IAM does: `*` matches any run of characters (colons and
// slashes included), `?` exactly one; actions compare case-insensitively, resource ARNs
// case-sensitively. Policy variables (`${aws:username}`) are matched as a wildcard: what they
// resolve to depends on the request, so a statement that uses one is treated as conditional on
// that key by the evaluator, never as "does not apply".

import type { Statement } from "./document";

// Compiled patterns, one cache per case mode: evaluation asks about the same few hundred patterns
// millions of times on a large account.
// Single patterns by their text; lists by their patterns joined with NUL, kept with the list so a
// hit is checked (two lists join alike when a pattern holds NUL). Two maps, so no list's key is
// ever read as a pattern's text.
const caseInsensitivePatterns = new Map<string, RegExp>();
const caseSensitivePatterns = new Map<string, RegExp>();
const caseInsensitiveLists = new Map<string, { readonly patterns: readonly string[]; readonly regex: RegExp }>();
const caseSensitiveLists = new Map<string, { readonly patterns: readonly string[]; readonly regex: RegExp }>();

/**
 * The characters IAM reads literally inside `${...}`: `${*}`, `${?}` and `${$}` stand for `*`, `?`
 * and `$` themselves, not for a wildcard or a variable. One table for every reader of patterns
 * (this matcher, ./patterns.ts, ./readings.ts).
 */
export const LITERAL_VARIABLES: Readonly<Record<string, string>> = { "${*}": "*", "${?}": "?", "${$}": "$" };

/** The regular-expression source (unanchored) for one IAM pattern. */
function patternSource(pattern: string): string {
    let source = "";
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === "$" && pattern[i + 1] === "{") {
            const end = pattern.indexOf("}", i);
            if (end > 0) {
                const variable = pattern.slice(i, end + 1);
                const literal = LITERAL_VARIABLES[variable];
                source += literal !== undefined ? `\\${literal}` : ".*";
                i = end;
                continue;
            }
        }
        if (ch === "*") {
            source += ".*";
        } else if (ch === "?") {
            source += ".";
        } else {
            source += ch.replace(/[.+^${}()|[\]\\\/-]/g, "\\$&");
        }
    }
    return source;
}

// Building a RegExp costs far more than running one, and the same patterns recur across
// documents (every workload policy names the same actions): cache by the pattern list's text.
// Bounded, so a long-running process reading many accounts does not grow without limit.
const PATTERN_CACHE_LIMIT = 20000;

function compileAll(patterns: readonly string[], caseInsensitive: boolean): RegExp {
    if (patterns.length === 1) {
        const cache = caseInsensitive ? caseInsensitivePatterns : caseSensitivePatterns;
        let regex = cache.get(patterns[0]);
        if (!regex) {
            regex = new RegExp(`^(?:${patternSource(patterns[0])})$`, caseInsensitive ? "is" : "s");
            remember(cache, patterns[0], regex);
        }
        return regex;
    }
    const cache = caseInsensitive ? caseInsensitiveLists : caseSensitiveLists;
    const key = patterns.join("\u0000");
    const hit = cache.get(key);
    if (hit && hit.patterns.length === patterns.length && hit.patterns.every((p, i) => p === patterns[i])) {
        return hit.regex;
    }
    // No pattern at all matches nothing (a parsed statement never has an empty list).
    const alternatives = patterns.length === 0 ? "(?!)" : patterns.map((p) => `(?:${patternSource(p)})`).join("|");
    const regex = new RegExp(`^(?:${alternatives})$`, caseInsensitive ? "is" : "s");
    remember(cache, key, { patterns: [...patterns], regex });
    return regex;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
    if (cache.size >= PATTERN_CACHE_LIMIT) {
        cache.clear();
    }
    cache.set(key, value);
}

function compile(pattern: string, caseInsensitive: boolean): RegExp {
    return compileAll([pattern], caseInsensitive);
}

/** True when the pattern has a wildcard or a policy variable. */
export function hasWildcard(pattern: string): boolean {
    return /[*?]|\$\{/.test(pattern);
}

/** The policy variables a pattern uses, e.g. `aws:username` for `${aws:username}`. */
export function policyVariablesOf(pattern: string): string[] {
    const found: string[] = [];
    if (!pattern.includes("${")) {
        return found;
    }
    for (const match of pattern.matchAll(/\$\{([^}]+)\}/g)) {
        if (!["*", "?", "$"].includes(match[1])) {
            found.push(match[1]);
        }
    }
    return found;
}

/** IAM action matching: `bedrock:Invoke*` matches `bedrock:InvokeModel`; case does not matter. */
export function actionPatternMatches(pattern: string, action: string): boolean {
    return compile(pattern, true).test(action);
}

/** IAM resource matching: `arn:aws:bedrock:*::foundation-model/anthropic.*` over an ARN. */
export function resourcePatternMatches(pattern: string, arn: string): boolean {
    return compile(pattern, false).test(arn);
}

/** A statement's Action/NotAction and Resource/NotResource elements, each as one regular expression. */
interface CompiledStatement {
    readonly action?: RegExp;
    readonly actionNegated: boolean;
    readonly resource?: RegExp;
    readonly resourceNegated: boolean;
    readonly usesVariables: boolean;
}

// Statements are immutable once parsed; keyed by identity so a statement compiles once however
// many requests it is evaluated against.
const compiledStatements = new WeakMap<Statement, CompiledStatement>();

function compiled(statement: Statement): CompiledStatement {
    let entry = compiledStatements.get(statement);
    if (!entry) {
        const actions = statement.actions ?? statement.notActions;
        const resources = statement.resources ?? statement.notResources;
        entry = {
            action: actions ? compileAll(actions, true) : undefined,
            actionNegated: statement.actions === undefined,
            resource: resources ? compileAll(resources, false) : undefined,
            resourceNegated: statement.resources === undefined,
            usesVariables: (resources ?? []).some((p) => p.includes("${")),
        };
        compiledStatements.set(statement, entry);
    }
    return entry;
}

/** Whether the statement's Action (or NotAction) element applies to the action. */
export function statementCoversAction(statement: Statement, action: string): boolean {
    const { action: regex, actionNegated } = compiled(statement);
    return regex ? regex.test(action) !== actionNegated : false;
}

/**
 * Whether the statement's Resource (or NotResource) element applies to the ARN. A statement with
 * neither (a trust policy) applies to no resource.
 */
export function statementCoversResource(statement: Statement, arn: string): boolean {
    const { resource: regex, resourceNegated } = compiled(statement);
    return regex ? regex.test(arn) !== resourceNegated : false;
}

/** The policy variables in the Resource/NotResource patterns that matched (or excluded) the ARN. */
export function variablesInvolved(statement: Statement, arn: string): string[] {
    if (!compiled(statement).usesVariables) {
        return [];
    }
    const patterns = statement.resources
        ? statement.resources.filter((p) => resourcePatternMatches(p, arn))
        : statement.notResources ?? [];
    return patterns.flatMap(policyVariablesOf);
}
