// Two readings of the patterns AWS documents loosely, and policy variables resolved where the
// account decides them. ./match.ts reads every pattern one way (a `*` runs over anything, colons
// included; a variable is a wildcard); this module says when that reading is an assumption, and
// reads the other way where that is the side that never under-reports a grant.
//
// What AWS documents ("IAM JSON policy elements: Resource",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// wildcards are used "within the individual segments of an ARN (the parts separated by colons)";
// "If the * wildcard is the last character of a resource ARN segment, it can expand to match
// beyond colon boundaries"; and a wildcard cannot stand for the service segment. What it leaves
// open, and the two readings of each:
//   - a `*` or `?` that is not the last character of one of the first five segments
//     (`arn:aws:bedrock:us-*-1:...`): strict, it stays inside its segment; loose, it crosses colons;
//   - a pattern of fewer than six parts not ending in `*` (`arn:aws:bedrock:us-east-1`): strict, a
//     literal that equals no ARN; loose, the missing parts read as `*`;
//   - a wildcard in an action's service prefix (`*:Invoke*`): strict, it names no service; loose,
//     any service.
// The strict reading is always included in the loose one. An Allow is read the loose way on its
// Action/Resource and the strict way on its NotAction/NotResource (the way it applies to more
// requests), a Deny the other way round; when the two readings disagree the outcome carries the
// assumption's name, so a binding that exists only by that reading says so.

import type { DecidedContext } from "./condition-eval";
import { parseVariable } from "./condition-eval";
import { LITERAL_VARIABLES } from "./match";

export type EdgeReading = "strict" | "loose";
/** How a policy variable the account does not decide reads: as any string, or as none. */
export type UnresolvedReading = "any" | "none";

/** The names of the assumptions, as they appear in outputs. */
export const ASSUMPTIONS = {
    wildcardInSegment: "resource-wildcard-crosses-colon",
    shortArn: "resource-arn-fewer-than-six-parts",
    serviceWildcard: "action-service-prefix-wildcard",
} as const;
export type Assumption = (typeof ASSUMPTIONS)[keyof typeof ASSUMPTIONS];

type Token =
    | { readonly kind: "literal"; readonly text: string }
    | { readonly kind: "star" | "one"; readonly inSegment: boolean }
    | { readonly kind: "variable"; readonly key: string; readonly fallback?: string };

interface ParsedPattern {
    readonly tokens: readonly Token[];
    /** For an `arn:` pattern of fewer than six parts that does not end in `*`. */
    readonly short: boolean;
    /** For an action whose service prefix has a wildcard. */
    readonly serviceWildcard: boolean;
    readonly variables: readonly string[];
    readonly assumptions: readonly Assumption[];
}

const parsedCache = new Map<string, ParsedPattern>();

function parse(pattern: string, kind: "action" | "resource"): ParsedPattern {
    const cacheKey = `${kind}\u0000${pattern}`;
    const hit = parsedCache.get(cacheKey);
    if (hit) return hit;
    const tokens: Token[] = [];
    const variables: string[] = [];
    const isArn = kind === "resource" && pattern.startsWith("arn:");
    let colons = 0;
    let wildcardInSegment = false;
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === "$" && pattern[i + 1] === "{") {
            const end = pattern.indexOf("}", i);
            if (end > 0) {
                const whole = pattern.slice(i, end + 1);
                if (whole in LITERAL_VARIABLES) {
                    tokens.push({ kind: "literal", text: LITERAL_VARIABLES[whole] });
                } else {
                    const { key, fallback } = parseVariable(pattern.slice(i + 2, end));
                    tokens.push({ kind: "variable", key, fallback });
                    variables.push(key);
                }
                i = end;
                continue;
            }
        }
        if (ch === "*" || ch === "?") {
            // Inside one of the first five segments and not its last character: the loosely documented case.
            const next = pattern[i + 1];
            const inSegment = isArn && colons < 5 && (ch === "?" || (next !== undefined && next !== ":"));
            wildcardInSegment ||= inSegment;
            tokens.push({ kind: ch === "*" ? "star" : "one", inSegment });
            continue;
        }
        if (ch === ":") colons++;
        tokens.push({ kind: "literal", text: ch });
    }
    const short = isArn && colons < 5 && !pattern.endsWith("*");
    const colon = pattern.indexOf(":");
    const serviceWildcard = kind === "action" && pattern !== "*" && /[*?]/.test(colon < 0 ? pattern : pattern.slice(0, colon));
    const assumptions: Assumption[] = [];
    if (wildcardInSegment) assumptions.push(ASSUMPTIONS.wildcardInSegment);
    if (short) assumptions.push(ASSUMPTIONS.shortArn);
    if (serviceWildcard) assumptions.push(ASSUMPTIONS.serviceWildcard);
    const parsed = { tokens, short, serviceWildcard, variables, assumptions };
    if (parsedCache.size >= 20000) parsedCache.clear();
    parsedCache.set(cacheKey, parsed);
    return parsed;
}

/** The assumptions a pattern's match may rest on, and the policy variables it uses. */
export function patternTraits(pattern: string, kind: "action" | "resource"): { assumptions: readonly Assumption[]; variables: readonly string[] } {
    const { assumptions, variables } = parse(pattern, kind);
    return { assumptions, variables };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");

const regexCache = new Map<string, RegExp>();

/**
 * Whether the pattern matches the value under a reading. Variables the context decides are their
 * values (read literally); the others read as `unresolved` says and are added to `undecided`.
 */
export function patternMatchesUnder(
    pattern: string,
    kind: "action" | "resource",
    value: string,
    edge: EdgeReading,
    unresolved: UnresolvedReading,
    context: DecidedContext,
    undecided?: Set<string>,
): boolean {
    const parsed = parse(pattern, kind);
    if (edge === "strict" && parsed.serviceWildcard) return false;
    let source = "";
    for (const token of parsed.tokens) {
        switch (token.kind) {
            case "literal":
                source += escapeRegex(token.text);
                break;
            case "star":
                source += edge === "strict" && token.inSegment ? "[^:]*" : ".*";
                break;
            case "one":
                source += edge === "strict" && token.inSegment ? "[^:]" : ".";
                break;
            case "variable": {
                const values = context.lookup(token.key.toLowerCase());
                const resolved = values && values.length === 1 ? values[0] : values === null ? token.fallback : undefined;
                if (resolved !== undefined) {
                    source += escapeRegex(resolved);
                } else {
                    undecided?.add(token.key);
                    source += unresolved === "any" ? ".*" : "(?!)";
                }
            }
        }
    }
    if (edge === "loose" && parsed.short) source += "(?::.*)?";
    const cacheKey = `${kind}\u0000${source}`;
    let regex = regexCache.get(cacheKey);
    if (!regex) {
        regex = new RegExp(`^(?:${source})$`, kind === "action" ? "is" : "s");
        if (regexCache.size >= 20000) regexCache.clear();
        regexCache.set(cacheKey, regex);
    }
    return regex.test(value);
}

/**
 * The text every ARN a Resource pattern matches starts with (case-sensitively, as resources
 * compare), under either reading and however its variables resolve: the pattern's characters up
 * to its first wildcard or variable (`${*}`, `${?}` and `${$}` count as the literal characters
 * they stand for). An index of ARNs can look a pattern's candidates up by it; the pattern still
 * decides which of them it matches.
 */
export function resourcePatternLiteralPrefix(pattern: string): string {
    let prefix = "";
    for (const token of parse(pattern, "resource").tokens) {
        if (token.kind !== "literal") break;
        prefix += token.text;
    }
    return prefix;
}
