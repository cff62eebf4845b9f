// Which targets (agent aliases, models, AgentCore runtimes, endpoints and gateways) a principal's
// identity policies could possibly allow, found without evaluating the principal against every
// target: the bindings analysis then evaluates only these (issue 11, item 4).
//
// Why skipping the others changes nothing. With no resource-based policy in the request, IAM
// allows it only if an identity-policy Allow statement applies to it (an SCP or a permissions
// boundary grants nothing by itself: iam/evaluate.ts), and a statement applies to a request only
// if its Resource or NotResource element does. So a target that no Allow statement's
// Resource/NotResource can cover, under any reading of its patterns and any value of its
// variables, is denied whatever the rest of the policies say: evaluateAccess returns
// `allowed: false` for it and no binding comes of it. The candidates this module returns are a
// superset of the targets some Allow statement can cover:
//   - a Resource pattern covers at most the ARNs it matches under the loose reading with every
//     policy variable read as any string (iam/readings.ts: the strict reading, the plain matcher
//     of iam/match.ts and any resolved value are all included in that one), and every ARN it
//     matches starts with its literal prefix (the text before its first wildcard or variable), so
//     the ARNs sharing that prefix, found by binary search in the ARNs sorted by code unit (ARNs
//     compare case-sensitively), are checked with that same matcher;
//   - a NotResource element covers at most the ARNs none of its patterns matches under the
//     strict reading with unresolved variables matching nothing (the evaluator applies an Allow's
//     NotResource under that reading; a variable a principal resolves can only exclude more);
//   - a statement with neither element covers nothing.
// The decision itself stays with the one evaluator: the same evaluateAccess, on the same narrowed
// policies, runs on every candidate, so the bindings found are those of evaluating every pair.
//
// Cost: each distinct pattern is looked up once per index (the accounts' managed policies repeat
// the same patterns across thousands of principals), then each principal pays for its statements
// and its candidates, which are its bindings but for those a Deny, a boundary, an SCP or a
// condition removes. Principals + targets + bindings, where evaluating every pair was principals x
// targets.

import { NOTHING_DECIDED } from "../../iam/condition-eval";
import { arnAccountAndRegion } from "../../iam/context";
import type { PolicySource } from "../../iam/evaluate";
import { patternMatchesUnder, resourcePatternLiteralPrefix } from "../../iam/readings";

/** How many requests an analysis evaluated; for tests and the bench, which check it is not principals x targets. */
export interface EvaluationCounter {
    evaluations: number;
}

export class TargetIndex {
    /** Positions sorted by ARN (code-unit order, the order a case-sensitive prefix lookup needs). */
    private readonly order: number[];
    private readonly sortedArns: string[];
    private readonly byPattern = new Map<string, readonly number[]>();
    private readonly byNotResource = new Map<string, readonly number[]>();
    /** marks[position] === stamp: already a candidate of the current lookup. */
    private readonly marks: Uint32Array;
    private stamp = 0;
    /**
     * Per position, the target's account and Region (`account|region`, empty when not an ARN):
     * all a decided context reads of a target (iam/context.ts), so requests to targets of one
     * place can share one context.
     */
    readonly places: readonly string[];

    /** `arns[i]` is the ARN of the target at position i; candidates are returned as positions. */
    constructor(private readonly arns: readonly string[]) {
        this.places = arns.map((arn) => {
            const where = arnAccountAndRegion(arn);
            return where ? `${where.account}|${where.region}` : "";
        });
        this.order = arns.map((_, i) => i).sort((a, b) => (arns[a] < arns[b] ? -1 : arns[a] > arns[b] ? 1 : a - b));
        this.sortedArns = this.order.map((i) => arns[i]);
        this.marks = new Uint32Array(arns.length);
    }

    get size(): number {
        return this.arns.length;
    }

    /**
     * The positions, ascending, of the targets some Allow statement of `identity` may cover:
     * every target outside them is denied to this principal (see the module comment).
     */
    candidates(identity: readonly PolicySource[]): number[] {
        if (this.arns.length === 0) return [];
        this.stamp = this.stamp === 0xffffffff ? 1 : this.stamp + 1;
        if (this.stamp === 1) this.marks.fill(0);
        const found: number[] = [];
        const add = (positions: readonly number[]) => {
            for (const p of positions) {
                if (this.marks[p] === this.stamp) continue;
                this.marks[p] = this.stamp;
                found.push(p);
            }
        };
        for (const source of identity) {
            for (const statement of source.document.statements) {
                if (statement.effect !== "Allow") continue;
                if (statement.resources) for (const pattern of statement.resources) add(this.coveredBy(pattern));
                else if (statement.notResources) add(this.notExcludedBy(statement.notResources));
                if (found.length === this.arns.length) return this.arns.map((_, i) => i);
            }
        }
        return found.sort((a, b) => a - b);
    }

    /** The targets a Resource pattern may match: those sharing its literal prefix that it matches read loosely, any variable as any string. */
    private coveredBy(pattern: string): readonly number[] {
        let positions = this.byPattern.get(pattern);
        if (!positions) {
            const prefix = resourcePatternLiteralPrefix(pattern);
            const matched: number[] = [];
            for (let i = this.lowerBound(prefix); i < this.sortedArns.length && this.sortedArns[i].startsWith(prefix); i++) {
                if (patternMatchesUnder(pattern, "resource", this.sortedArns[i], "loose", "any", NOTHING_DECIDED)) matched.push(this.order[i]);
            }
            positions = matched;
            this.byPattern.set(pattern, positions);
        }
        return positions;
    }

    /** The targets a NotResource element may cover: those none of its patterns matches read strictly, unresolved variables matching nothing. */
    private notExcludedBy(patterns: readonly string[]): readonly number[] {
        const key = JSON.stringify(patterns);
        let positions = this.byNotResource.get(key);
        if (!positions) {
            const excluded = new Set(patterns.flatMap((pattern) => this.matchedStrictly(pattern)));
            positions = this.arns.map((_, i) => i).filter((i) => !excluded.has(i));
            this.byNotResource.set(key, positions);
        }
        return positions;
    }

    private matchedStrictly(pattern: string): number[] {
        const prefix = resourcePatternLiteralPrefix(pattern);
        const matched: number[] = [];
        for (let i = this.lowerBound(prefix); i < this.sortedArns.length && this.sortedArns[i].startsWith(prefix); i++) {
            if (patternMatchesUnder(pattern, "resource", this.sortedArns[i], "strict", "none", NOTHING_DECIDED)) matched.push(this.order[i]);
        }
        return matched;
    }

    /** The first sorted position whose ARN is not below `prefix` (code-unit order). */
    private lowerBound(prefix: string): number {
        let lo = 0;
        let hi = this.sortedArns.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (this.sortedArns[mid] < prefix) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
