// Matching actions and resources the way IAM does: `*` matches any run of characters (colons and
// slashes included), `?` exactly one; actions compare case-insensitively, resource ARNs
// case-sensitively. Policy variables (`${aws:username}`) are matched as a wildcard: what they
// resolve to depends on the request, so a statement that uses one is treated as conditional on
// that key by the evaluator, never as "does not apply".

import type { Statement } from "./document";

const patternCache = new Map<string, RegExp>();

/** The character sequences IAM reads literally inside `${...}`. */
const ESCAPED_VARIABLES: Record<string, string> = { "${*}": "\\*", "${?}": "\\?", "${$}": "\\$" };

function compile(pattern: string, caseInsensitive: boolean): RegExp {
    const cacheKey = (caseInsensitive ? "i:" : "s:") + pattern;
    let regex = patternCache.get(cacheKey);
    if (!regex) {
        let source = "";
        for (let i = 0; i < pattern.length; i++) {
            const ch = pattern[i];
            if (ch === "$" && pattern[i + 1] === "{") {
                const end = pattern.indexOf("}", i);
                if (end > 0) {
                    const variable = pattern.slice(i, end + 1);
                    source += ESCAPED_VARIABLES[variable] ?? ".*";
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
        regex = new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
        patternCache.set(cacheKey, regex);
    }
    return regex;
}

/** True when the pattern has a wildcard or a policy variable. */
export function hasWildcard(pattern: string): boolean {
    return /[*?]|\$\{/.test(pattern);
}

/** The policy variables a pattern uses, e.g. `aws:username` for `${aws:username}`. */
export function policyVariablesOf(pattern: string): string[] {
    const found: string[] = [];
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

/** Whether the statement's Action (or NotAction) element applies to the action. */
export function statementCoversAction(statement: Statement, action: string): boolean {
    if (statement.actions) {
        return statement.actions.some((pattern) => actionPatternMatches(pattern, action));
    }
    if (statement.notActions) {
        return !statement.notActions.some((pattern) => actionPatternMatches(pattern, action));
    }
    return false;
}

/**
 * Whether the statement's Resource (or NotResource) element applies to the ARN. A statement with
 * neither (a trust policy) applies to no resource.
 */
export function statementCoversResource(statement: Statement, arn: string): boolean {
    if (statement.resources) {
        return statement.resources.some((pattern) => resourcePatternMatches(pattern, arn));
    }
    if (statement.notResources) {
        return !statement.notResources.some((pattern) => resourcePatternMatches(pattern, arn));
    }
    return false;
}

/** The policy variables in the Resource/NotResource patterns that matched (or excluded) the ARN. */
export function variablesInvolved(statement: Statement, arn: string): string[] {
    const patterns = statement.resources
        ? statement.resources.filter((p) => resourcePatternMatches(p, arn))
        : statement.notResources ?? [];
    return patterns.flatMap(policyVariablesOf);
}
