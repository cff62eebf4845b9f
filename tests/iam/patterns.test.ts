import { expect } from "chai";
import {
    actionPatternMatches, alt, compileRegex, patternsAutomaton, repeat, seq, statesAfterPrefixes, elementIncludes, elementsIntersect, FOUNDATION_MODEL_ID, INFERENCE_PROFILE_ID, patternsInclude,
    lit, patternsIntersect, resourcePatternMatches, automatonIncludes, type PatternElement, type PatternKind, type Regex,
} from "../../iam";

// Brute force: every string up to a length over a small alphabet, matched with iam/match.ts (the
// library's one definition of "matches"). `c` appears in no pattern: it stands for every character
// a pattern does not name, which the automata must treat alike.
function stringsUpTo(alphabet: readonly string[], maxLength: number): string[] {
    const all = [""];
    let layer = [""];
    for (let length = 1; length <= maxLength; length++) {
        layer = layer.flatMap((prefix) => alphabet.map((ch) => prefix + ch));
        all.push(...layer);
    }
    return all;
}

function patternsUpTo(symbols: readonly string[], maxLength: number): string[] {
    return stringsUpTo(symbols, maxLength);
}

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function seeded(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function randomPattern(next: () => number, symbols: readonly string[], maxLength: number): string {
    const length = Math.floor(next() * (maxLength + 1));
    let pattern = "";
    for (let i = 0; i < length; i++) {
        pattern += symbols[Math.floor(next() * symbols.length)];
    }
    return pattern;
}

const matches = (kind: PatternKind) => (kind === "action" ? actionPatternMatches : resourcePatternMatches);

/** Which of `universe` a list of patterns matches, as a bit per string. */
function matchedBy(patterns: readonly string[], universe: readonly string[], kind: PatternKind): boolean[] {
    return universe.map((s) => patterns.some((p) => matches(kind)(p, s)));
}

function bruteIncludes(outer: boolean[], inner: boolean[]): boolean {
    return inner.every((m, i) => !m || outer[i]);
}

function bruteIntersect(a: boolean[], b: boolean[]): boolean {
    return a.some((m, i) => m && b[i]);
}

describe("iam/patterns: inclusion and intersection of IAM patterns", () => {
    describe("agree with brute-force enumeration", () => {
        // Patterns up to 4 symbols over {a, b, *, ?}; every string up to 7 characters over {a, b, c},
        // longer than any two of these patterns together.
        const universe = stringsUpTo(["a", "b", "c"], 7);
        const exhaustive = patternsUpTo(["a", "b", "*", "?"], 3);
        const bits = new Map(exhaustive.map((p) => [p, matchedBy([p], universe, "resource")]));

        it(`inclusion, every pair of the ${exhaustive.length} patterns up to 3 symbols`, () => {
            const wrong: string[] = [];
            for (const outer of exhaustive) {
                for (const inner of exhaustive) {
                    const expected = bruteIncludes(bits.get(outer)!, bits.get(inner)!);
                    if (patternsInclude([outer], [inner], "resource") !== expected) {
                        wrong.push(`${JSON.stringify(inner)} ⊆ ${JSON.stringify(outer)} should be ${expected}`);
                    }
                }
            }
            expect(wrong).to.deep.equal([]);
        });

        it("intersection, every pair of patterns up to 3 symbols", () => {
            const wrong: string[] = [];
            for (const a of exhaustive) {
                for (const b of exhaustive) {
                    const expected = bruteIntersect(bits.get(a)!, bits.get(b)!);
                    if (patternsIntersect([a], [b], "resource") !== expected) {
                        wrong.push(`${JSON.stringify(a)} ∩ ${JSON.stringify(b)} should be ${expected}`);
                    }
                }
            }
            expect(wrong).to.deep.equal([]);
        });

        it("lists of patterns up to 4 symbols (seeded), for inclusion and intersection", () => {
            const next = seeded(17);
            const wrong: string[] = [];
            for (let i = 0; i < 1500; i++) {
                const outer = Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomPattern(next, ["a", "b", "*", "?"], 4));
                const inner = Array.from({ length: 1 + Math.floor(next() * 2) }, () => randomPattern(next, ["a", "b", "*", "?"], 4));
                const o = matchedBy(outer, universe, "resource");
                const n = matchedBy(inner, universe, "resource");
                if (patternsInclude(outer, inner, "resource") !== bruteIncludes(o, n)) {
                    wrong.push(`${JSON.stringify(inner)} ⊆ ${JSON.stringify(outer)} should be ${bruteIncludes(o, n)}`);
                }
                if (patternsIntersect(outer, inner, "resource") !== bruteIntersect(o, n)) {
                    wrong.push(`${JSON.stringify(inner)} ∩ ${JSON.stringify(outer)} should be ${bruteIntersect(o, n)}`);
                }
            }
            expect(wrong).to.deep.equal([]);
        });

        it("NotAction/NotResource on either side (seeded), with and without a restriction", () => {
            const next = seeded(4242);
            const wrong: string[] = [];
            const element = (): PatternElement => ({
                patterns: Array.from({ length: 1 + Math.floor(next() * 2) }, () => randomPattern(next, ["a", "b", "*", "?"], 3)),
                negated: next() < 0.5,
            });
            const applies = (e: PatternElement) => matchedBy(e.patterns, universe, "resource").map((m) => m !== e.negated);
            for (let i = 0; i < 1500; i++) {
                const outer = element();
                const inner = element();
                const within = next() < 0.5 ? [randomPattern(next, ["a", "b", "*", "?"], 3)] : undefined;
                const w = within ? matchedBy(within, universe, "resource") : universe.map(() => true);
                const o = applies(outer);
                const n = applies(inner).map((m, j) => m && w[j]);
                const expected = bruteIncludes(o, n);
                if (elementIncludes(outer, inner, "resource", within) !== expected) {
                    wrong.push(`${JSON.stringify(inner)} within ${JSON.stringify(within)} ⊆ ${JSON.stringify(outer)} should be ${expected}`);
                }
                const meet = bruteIntersect(o, applies(inner));
                if (elementsIntersect(outer, inner, "resource") !== meet) {
                    wrong.push(`${JSON.stringify(inner)} ∩ ${JSON.stringify(outer)} should be ${meet}`);
                }
            }
            expect(wrong).to.deep.equal([]);
        });

        it("actions compare case-insensitively, as match.ts does", () => {
            const actionUniverse = stringsUpTo(["a", "A", "b"], 5);
            const next = seeded(99);
            const wrong: string[] = [];
            for (let i = 0; i < 800; i++) {
                const outer = [randomPattern(next, ["a", "A", "B", "*", "?"], 3)];
                const inner = [randomPattern(next, ["a", "A", "b", "*", "?"], 3)];
                const expected = bruteIncludes(matchedBy(outer, actionUniverse, "action"), matchedBy(inner, actionUniverse, "action"));
                if (patternsInclude(outer, inner, "action") !== expected) {
                    wrong.push(`${JSON.stringify(inner)} ⊆ ${JSON.stringify(outer)} should be ${expected}`);
                }
            }
            expect(wrong).to.deep.equal([]);
            expect(patternsInclude(["BEDROCK:Invoke*"], ["bedrock:invokemodel"], "action")).to.equal(true);
            expect(patternsInclude(["bedrock:Invoke*"], ["bedrock:InvokeModel"], "resource")).to.equal(true);
            expect(patternsInclude(["BEDROCK:Invoke*"], ["bedrock:invokemodel"], "resource")).to.equal(false);
        });
    });

    describe("what text comparison gets wrong", () => {
        it("reads * and ? on both sides as the sets they stand for", () => {
            // As plain strings, "a?c" does not match pattern "a*c"'s text and vice versa; as sets, one contains the other.
            expect(patternsInclude(["arn:aws:s3:::a*c"], ["arn:aws:s3:::a?c"], "resource")).to.equal(true);
            expect(patternsInclude(["arn:aws:s3:::a?c"], ["arn:aws:s3:::a*c"], "resource")).to.equal(false);
            // "*?" and "?*" differ as text and match the same strings (at least one character).
            expect(patternsInclude(["*?"], ["?*"], "resource")).to.equal(true);
            expect(patternsInclude(["?*"], ["*?"], "resource")).to.equal(true);
            expect(patternsInclude(["a*"], ["a*b*"], "resource")).to.equal(true);
            expect(patternsInclude(["a*b*"], ["a*"], "resource")).to.equal(false);
            // Read as a string, a `*` in the inner pattern is one character, which `?` matches.
            const deny = "arn:aws:bedrock:us-east-?::foundation-model/*";
            const allow = "arn:aws:bedrock:us-east-*::foundation-model/*";
            expect(resourcePatternMatches(deny, allow)).to.equal(true);
            expect(patternsInclude([deny], [allow], "resource")).to.equal(false);
        });

        it("lets * span colons and slashes, as match.ts does", () => {
            expect(patternsInclude(["arn:aws:bedrock:*"], ["arn:aws:bedrock:us-east-1:123456789012:agent-alias/A/*"], "resource")).to.equal(true);
        });

        it("counts characters as match.ts does: by UTF-16 code unit, so ? is half of an emoji", () => {
            const universe = ["a😀", "a😁", "a\uD83D", "ab", "a😀b"];
            const patterns = ["a?", "a??", "a😀", "a\uD83D?", "a\uD83D*", "a*", "a?\uDE00", "a😀*"];
            const wrong: string[] = [];
            for (const outer of patterns) {
                for (const inner of patterns) {
                    const expected = bruteIncludes(matchedBy([outer], universe, "resource"), matchedBy([inner], universe, "resource"));
                    // Only where the universe can witness it: an inclusion it cannot refute is checked one way.
                    if (patternsInclude([outer], [inner], "resource") && !expected) {
                        wrong.push(`${inner} ⊆ ${outer}`);
                    }
                }
            }
            expect(wrong).to.deep.equal([]);
            expect(patternsInclude(["a??"], ["a😀"], "resource")).to.equal(true);
            expect(patternsInclude(["a?"], ["a😀"], "resource")).to.equal(false);
            expect(patternsInclude(["a\uD83D*"], ["a😁*"], "resource")).to.equal(true);
            expect(patternsInclude(["a😀*"], ["a\uD83D*"], "resource")).to.equal(false);
        });

        it("reads ${*}, ${?} and ${$} as the literal characters", () => {
            expect(patternsInclude(["arn:aws:s3:::x${*}"], ["arn:aws:s3:::x${*}"], "resource")).to.equal(true);
            expect(patternsInclude(["arn:aws:s3:::x${*}"], ["arn:aws:s3:::xy"], "resource")).to.equal(false);
            expect(patternsInclude(["arn:aws:s3:::x*"], ["arn:aws:s3:::x${?}"], "resource")).to.equal(true);
        });

        it("never rests coverage on a policy variable, and lets one reach anything", () => {
            // Outer side: ${aws:username} guarantees nothing.
            expect(patternsInclude(["arn:aws:s3:::home/${aws:username}"], ["arn:aws:s3:::home/alice"], "resource")).to.equal(false);
            expect(patternsInclude(["arn:aws:s3:::home/${aws:username}/*"], ["arn:aws:s3:::home/${aws:username}/*"], "resource")).to.equal(false);
            expect(patternsInclude(["arn:aws:s3:::home/*"], ["arn:aws:s3:::home/${aws:username}/*"], "resource")).to.equal(true);
            // Inner side and intersection: it may be anything.
            expect(patternsIntersect(["arn:aws:s3:::home/${aws:username}"], ["arn:aws:s3:::home/alice"], "resource")).to.equal(true);
            expect(patternsInclude(["arn:aws:s3:::home/a*"], ["arn:aws:s3:::home/${aws:username}"], "resource")).to.equal(false);
        });

        it("handles NotResource on both sides without special-casing \"*\"", () => {
            const notHaiku: PatternElement = { patterns: ["arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku*"], negated: true };
            const notAnthropic: PatternElement = { patterns: ["arn:aws:bedrock:*::foundation-model/anthropic.*"], negated: true };
            // Everything but Anthropic models is inside everything but Haiku.
            expect(elementIncludes(notHaiku, notAnthropic, "resource")).to.equal(true);
            expect(elementIncludes(notAnthropic, notHaiku, "resource")).to.equal(false);
            expect(elementIncludes({ patterns: ["*"], negated: false }, notHaiku, "resource")).to.equal(true);
            expect(elementIncludes({ patterns: ["arn:*"], negated: false }, notHaiku, "resource")).to.equal(false);
        });
    });

    describe("\"for some prefix, every continuation\" (how every model is decided)", () => {
        it("agrees with brute force on a small grammar (seeded)", () => {
            // Prefixes x(a|b), continuations (a|b)+ ; patterns over {x, a, b, *, ?}.
            const prefix = compileRegex(seq(lit("x"), alt(lit("a"), lit("b"))));
            const continuation = compileRegex(repeat(alt(lit("a"), lit("b")), 1, Infinity));
            const prefixes = ["xa", "xb"];
            const continuations = stringsUpTo(["a", "b"], 6).filter((s) => s.length > 0);
            const next = seeded(7);
            const wrong: string[] = [];
            for (let i = 0; i < 1500; i++) {
                const pattern = randomPattern(next, ["x", "a", "b", "*", "?"], 5);
                const machine = patternsAutomaton([pattern], "resource", "any");
                const decided = statesAfterPrefixes(machine, prefix).some((states) => automatonIncludes(machine, continuation, states));
                const brute = prefixes.some((p) => continuations.every((c) => resourcePatternMatches(pattern, p + c)));
                if (decided !== brute) {
                    wrong.push(`${JSON.stringify(pattern)} should be ${brute}`);
                }
            }
            expect(wrong).to.deep.equal([]);
        });
    });

    describe("the model id grammar (iam/bedrock.ts) as an automaton", () => {
        // GetFoundationModel's documented pattern for the id part, as a regular expression.
        const documented = /^[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2}$/;
        const accepts = (regex: Regex, text: string) => automatonIncludes(compileRegex(regex), compileRegex(lit(text)));

        it("accepts what the documented pattern accepts, and nothing else", () => {
            const samples = [
                "anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-embed-text-v2:0", "meta.llama3-1-70b-instruct-v1:0", "anthropic.claude-v2:1:18k",
                "a.bc", "a.b", "ab", "a..b", "A.bc", "a.bc:", "a.bc:d:e:f", `${"a".repeat(63)}.bc`, `${"a".repeat(64)}.bc`, "us.anthropic.claude-3-haiku-20240307-v1:0",
            ];
            for (const id of samples) {
                expect(accepts(FOUNDATION_MODEL_ID, id), id).to.equal(documented.test(id));
            }
        });

        it("takes a geography and a dot before a model id for an inference profile", () => {
            expect(accepts(INFERENCE_PROFILE_ID, "us.anthropic.claude-3-haiku-20240307-v1:0")).to.equal(true);
            expect(accepts(INFERENCE_PROFILE_ID, "us-gov.anthropic.claude-3-haiku-20240307-v1:0")).to.equal(true);
            expect(accepts(INFERENCE_PROFILE_ID, "anthropic.claude")).to.equal(false);
        });
    });
});
