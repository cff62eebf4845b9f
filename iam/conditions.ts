// What a Condition block means for the questions this project asks: is a statement held to a VPC
// endpoint, and which keys make a grant conditional.

import type { ConditionClause, Statement } from "./document";
import { policyVariablesOf } from "./match";

/** The keys that pin a request to a network path: `aws:SourceVpce` and `aws:SourceVpc`. */
export const VPC_CONDITION_KEYS: readonly string[] = ["aws:sourcevpce", "aws:sourcevpc"];

const POSITIVE_OPERATORS = new Set(["stringequals", "stringequalsignorecase", "stringlike"]);
const NEGATIVE_OPERATORS = new Set(["stringnotequals", "stringnotequalsignorecase", "stringnotlike"]);

/** A value such as `*`, `?*` or `**`: it matches any endpoint, so it pins nothing. */
function isOnlyWildcards(value: string): boolean {
    return /^[*?]+$/.test(value);
}

function pinsToSpecificValues(clause: ConditionClause, likeOperator: boolean): boolean {
    if (clause.values.length === 0) {
        return false;
    }
    // Wildcards only mean something to the *Like operators; for StringEquals "*" is a literal.
    return !(likeOperator && clause.values.some(isOnlyWildcards)) && !clause.values.some((v) => v === "");
}

/**
 * A clause that holds only when the request came through the named VPC endpoint or VPC:
 * `StringEquals`/`StringEqualsIgnoreCase`/`StringLike`, optionally `ForAnyValue:`, on
 * `aws:SourceVpce`/`aws:SourceVpc` (any case). Not `...IfExists` and not `ForAllValues:` (both pass
 * when the key is absent, i.e. for a request from outside any VPC), and not a value that is only
 * wildcards.
 */
export function isPositiveVpcCondition(clause: ConditionClause): boolean {
    return (
        VPC_CONDITION_KEYS.includes(clause.keyLower) &&
        POSITIVE_OPERATORS.has(clause.baseOperator) &&
        !clause.ifExists &&
        clause.setOperator !== "forallvalues" &&
        pinsToSpecificValues(clause, clause.baseOperator === "stringlike")
    );
}

/** Whether any clause of the statement is a positive VPC condition. */
export function statementHasPositiveVpcCondition(statement: Statement): boolean {
    return statement.conditions.some(isPositiveVpcCondition);
}

/**
 * A clause that, in a Deny statement, denies every request not made through the named endpoint or
 * VPC: `StringNotEquals`/`StringNotEqualsIgnoreCase`/`StringNotLike` (negated operators are true
 * when the key is absent) on `aws:SourceVpce`/`aws:SourceVpc`, not `...IfExists`, no set operator.
 */
export function isNegativeVpcGuard(clause: ConditionClause): boolean {
    return (
        VPC_CONDITION_KEYS.includes(clause.keyLower) &&
        NEGATIVE_OPERATORS.has(clause.baseOperator) &&
        !clause.ifExists &&
        clause.setOperator === undefined &&
        pinsToSpecificValues(clause, clause.baseOperator === "stringnotlike")
    );
}

/**
 * Whether a Deny statement guards its actions with a VPC condition (CONTRACTS section 6: a negated
 * operator, not IfExists, on one of the VPC keys). Other clauses beside it do not disqualify it.
 */
export function statementIsVpcGuard(statement: Statement): boolean {
    return statement.effect === "Deny" && statement.conditions.some(isNegativeVpcGuard);
}

const conditionKeysCache = new WeakMap<Statement, readonly string[]>();

/** The condition keys a statement depends on, as written, de-duplicated case-insensitively. */
export function conditionKeysOf(statement: Statement): string[] {
    let keys = conditionKeysCache.get(statement);
    if (!keys) {
        keys = collectConditionKeys(statement);
        conditionKeysCache.set(statement, keys);
    }
    return [...keys];
}

function collectConditionKeys(statement: Statement): string[] {
    const seen = new Map<string, string>();
    for (const clause of statement.conditions) {
        if (!seen.has(clause.keyLower)) {
            seen.set(clause.keyLower, clause.key);
        }
    }
    for (const pattern of [...(statement.resources ?? []), ...(statement.notResources ?? [])]) {
        for (const variable of policyVariablesOf(pattern)) {
            if (!seen.has(variable.toLowerCase())) {
                seen.set(variable.toLowerCase(), variable);
            }
        }
    }
    return [...seen.values()];
}
