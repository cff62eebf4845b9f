// Deciding statements against one concrete request, conditions included: the question an SCP asks
// ("is this call denied?"), not the inventory's ("could this be allowed, and on which keys?", which
// evaluate.ts answers without reading condition values).
//
// Semantics, from AWS's "IAM JSON policy elements: Condition operators" page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
// and "Single-valued vs. multivalued context keys" / "Set operators for multivalued context keys":
//   - every operator in a Condition block, and every key under an operator, must hold (AND);
//   - several values for one key: a positive operator holds when the request value matches any of
//     them; a negated operator (StringNotEquals, StringNotLike, ArnNotLike...) holds when it matches
//     none of them (the page: "the effective permissions work like a logical AND");
//   - a key absent from the request: the positive operators are false, the negated ones are TRUE
//     (the page's "Important" box), except `...IfExists` (true when the key is absent) and `Null`
//     (which tests presence itself);
//   - ArnEquals and ArnLike are the same operator: "each of the six colon-delimited components of
//     the ARN is checked separately and each can include multi-character match wildcards (*) or
//     single-character match wildcards (?)", case-sensitive;
//   - `ForAnyValue:` holds when at least one request value satisfies the base operator (false for
//     an absent or empty key); `ForAllValues:` when every one does (true for an absent or empty key).
// Condition keys compare case-insensitively; values case-sensitively except for the `IgnoreCase`
// operators. Anything this module does not implement (numeric, date, IP and binary operators,
// policy variables in condition values, a single-valued operator over a multivalued request key)
// throws an UnsupportedConditionError: an evaluator that guessed would make tests pass for the
// wrong reason.

import type { ConditionClause, PolicyDocument, Statement } from "./document";
import { resourcePatternMatches, statementCoversAction, statementCoversResource } from "./match";

/** A value in the request context: one string, or several for a multivalued key (e.g. aws:TagKeys). */
export type ContextValue = string | readonly string[];

/** One concrete request: the action, the resource it acts on, and its context keys (any case). */
export interface ConcreteRequest {
    readonly action: string;
    readonly resource: string;
    readonly context: Readonly<Record<string, ContextValue>>;
}

export class UnsupportedConditionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnsupportedConditionError";
    }
}

const NEGATED = new Set(["stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals", "arnnotlike"]);
const IMPLEMENTED = new Set([...NEGATED, "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "bool"]);

/** The request's values for a key (case-insensitive key lookup), or undefined when absent. */
export function contextValues(context: ConcreteRequest["context"], key: string): readonly string[] | undefined {
    const wanted = key.toLowerCase();
    for (const [name, value] of Object.entries(context)) {
        if (name.toLowerCase() === wanted) {
            return typeof value === "string" ? [value] : value;
        }
    }
    return undefined;
}

/** Splits an ARN into its six colon-delimited components (the last keeps any further colons). */
function arnComponents(arn: string): string[] | undefined {
    const parts = arn.split(":");
    if (parts.length < 6) {
        return undefined;
    }
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** ArnLike / ArnEquals: component by component, wildcards within a component, case-sensitive. */
export function arnLike(pattern: string, arn: string): boolean {
    const p = arnComponents(pattern);
    if (!p) {
        // Whether AWS reads a pattern such as "*" as every ARN is not on the page: refuse, not guess.
        throw new UnsupportedConditionError(`ARN condition value ${JSON.stringify(pattern)} does not have six colon-separated parts`);
    }
    const a = arnComponents(arn);
    if (!a) {
        return false;
    }
    return p.every((component, i) => resourcePatternMatches(component, a[i]));
}

/** Whether one request value matches one policy value under the positive form of the operator. */
function positiveMatch(base: string, policyValue: string, requestValue: string): boolean {
    switch (base) {
        case "stringequals":
        case "stringnotequals":
            return policyValue === requestValue;
        case "stringequalsignorecase":
        case "stringnotequalsignorecase":
            return policyValue.toLowerCase() === requestValue.toLowerCase();
        case "stringlike":
        case "stringnotlike":
            return resourcePatternMatches(policyValue, requestValue);
        case "arnequals":
        case "arnnotequals":
        case "arnlike":
        case "arnnotlike":
            return arnLike(policyValue, requestValue);
        case "bool":
            return policyValue.toLowerCase() === requestValue.toLowerCase();
        default:
            throw new UnsupportedConditionError(`condition operator ${base} is not implemented`);
    }
}

/** The base operator (no set prefix, no IfExists) over one request value. */
function holdsForValue(base: string, policyValues: readonly string[], requestValue: string): boolean {
    const anyMatch = policyValues.some((v) => positiveMatch(base, v, requestValue));
    return NEGATED.has(base) ? !anyMatch : anyMatch;
}

/** Whether one clause of a Condition block holds for the request. */
export function clauseHolds(clause: ConditionClause, context: ConcreteRequest["context"]): boolean {
    if (clause.values.some((v) => v.includes("${"))) {
        throw new UnsupportedConditionError(`${clause.operator} ${clause.key}: policy variables in condition values are not implemented`);
    }
    const values = contextValues(context, clause.key);
    if (clause.baseOperator === "null") {
        if (clause.setOperator !== undefined || clause.ifExists) {
            throw new UnsupportedConditionError(`${clause.operator} is not a valid operator`);
        }
        const absent = values === undefined || values.length === 0;
        return clause.values.some((v) => (v.toLowerCase() === "true") === absent);
    }
    if (clause.setOperator === "forallvalues") {
        return (values ?? []).every((value) => holdsForValue(clause.baseOperator, clause.values, value));
    }
    if (clause.setOperator === "foranyvalue") {
        return (values ?? []).some((value) => holdsForValue(clause.baseOperator, clause.values, value));
    }
    if (values === undefined) {
        // The page's rule for an absent key, and IfExists's exception to it.
        if (clause.ifExists) return true;
        // Checked so an unknown operator fails loudly even when the key is absent.
        if (!IMPLEMENTED.has(clause.baseOperator)) {
            throw new UnsupportedConditionError(`condition operator ${clause.baseOperator} is not implemented`);
        }
        return NEGATED.has(clause.baseOperator);
    }
    if (values.length !== 1) {
        throw new UnsupportedConditionError(`${clause.operator} ${clause.key}: a single-valued operator over ${values.length} request values needs ForAnyValue: or ForAllValues:`);
    }
    return holdsForValue(clause.baseOperator, clause.values, values[0]);
}

/** Whether the statement applies to the request: its action, its resource and every condition. */
export function statementApplies(statement: Statement, request: ConcreteRequest): boolean {
    return (
        statementCoversAction(statement, request.action) &&
        statementCoversResource(statement, request.resource) &&
        statement.conditions.every((clause) => clauseHolds(clause, request.context))
    );
}

/** A statement that applied, named for messages. */
export interface AppliedStatement {
    readonly document: number;
    readonly index: number;
    readonly sid?: string;
}

/** The outcome of one request against a set of documents evaluated the way SCPs are. */
export interface ScpDecision {
    /** Not denied: at least one Allow applies in every document set and no Deny applies. */
    readonly allowed: boolean;
    readonly deniedBy: readonly AppliedStatement[];
    readonly allowedBy: readonly AppliedStatement[];
}

/**
 * Evaluates a request against the SCPs attached at one level (e.g. an OU), the way AWS
 * Organizations does: an explicit Deny in any of them denies; otherwise the request is permitted
 * by this level only if some Allow applies (FullAWSAccess is an Allow on everything, and our
 * documents are Deny lists written to sit beside it). An SCP grants nothing by itself: "allowed"
 * here means "not blocked by these SCPs".
 */
export function evaluateScps(documents: readonly PolicyDocument[], request: ConcreteRequest): ScpDecision {
    const deniedBy: AppliedStatement[] = [];
    const allowedBy: AppliedStatement[] = [];
    documents.forEach((document, d) => {
        for (const statement of document.statements) {
            if (statementApplies(statement, request)) {
                (statement.effect === "Deny" ? deniedBy : allowedBy).push({ document: d, index: statement.index, sid: statement.sid });
            }
        }
    });
    return { allowed: deniedBy.length === 0 && allowedBy.length > 0, deniedBy, allowedBy };
}

// ---------------------------------------------------------------------------------------------
// Three-valued decisions: what the account alone decides

/**
 * What is known of a request before it is made: some keys are decided by who makes it and what
 * it targets (see ./context.ts), the rest by the request itself.
 */
export interface DecidedContext {
    /** Equal for two contexts that decide every key alike: decisions are cached under it. */
    readonly cacheKey: string;
    /**
     * A key's values (lower-case key): `undefined` when the request decides it, `null` when the
     * account decides that the request will not carry it.
     */
    lookup(keyLower: string): readonly string[] | null | undefined;
}

/** A context in which every key is undecided: what evaluate.ts assumed before contexts existed. */
export const NOTHING_DECIDED: DecidedContext = { cacheKey: "", lookup: () => undefined };

/** A concrete request's context as a DecidedContext: every key it does not list is absent. */
export function concreteContext(context: ConcreteRequest["context"]): DecidedContext {
    const values = new Map<string, readonly string[]>();
    for (const [name, value] of Object.entries(context)) {
        values.set(name.toLowerCase(), typeof value === "string" ? [value] : value);
    }
    return { cacheKey: JSON.stringify(context), lookup: (key) => values.get(key) ?? null };
}

/** `${key}` or `${key, 'default'}` (AWS "Specifying default values"); `${*}`, `${?}`, `${$}` are literals. */
const VARIABLE = /\$\{([^}]*)\}/g;
const LITERAL_VARIABLES = new Set(["*", "?", "$"]);

/** A variable's key and default value, e.g. `aws:username` and `guest` for `${aws:username, 'guest'}`. */
export function parseVariable(inner: string): { key: string; fallback?: string } {
    const comma = inner.indexOf(",");
    if (comma < 0) return { key: inner.trim() };
    const fallback = inner.slice(comma + 1).trim().match(/^'(.*)'$/);
    return { key: inner.slice(0, comma).trim(), fallback: fallback ? fallback[1] : undefined };
}

/**
 * The text with every policy variable replaced by its decided value, or `undefined` when some
 * variable is not decided: its key is added to `undecided`. A key the account decides is absent
 * takes the variable's default when it has one; without one it is left undecided too (AWS's page
 * on variables without a value describes the absent case only loosely, so nothing is concluded
 * from it), as is a multivalued key (variables take single values).
 */
export function substituteVariables(text: string, context: DecidedContext, undecided: Set<string>, escape: (value: string) => string = (v) => v): string | undefined {
    if (!text.includes("${")) return text;
    let complete = true;
    const result = text.replace(VARIABLE, (whole, inner: string) => {
        // Left for the matcher, which reads them as the literal character.
        if (LITERAL_VARIABLES.has(inner)) return whole;
        const { key, fallback } = parseVariable(inner);
        const values = context.lookup(key.toLowerCase());
        if (values && values.length === 1) return escape(values[0]);
        if (values === null && fallback !== undefined) return escape(fallback);
        complete = false;
        undecided.add(key);
        return whole;
    });
    return complete ? result : undefined;
}

/**
 * Whether a clause holds, as far as the account decides it: `true`/`false` when its key (and any
 * variable in its values) is decided, `undefined` when the request decides it. Operators this
 * module does not implement are undecided too: never a guess.
 */
export function decideClause(clause: ConditionClause, context: DecidedContext): boolean | undefined {
    const values = context.lookup(clause.keyLower);
    if (values === undefined) return undefined;
    let decidedClause = clause;
    if (clause.values.some((v) => v.includes("${"))) {
        const undecided = new Set<string>();
        const substituted = clause.values.map((v) => substituteVariables(v, context, undecided));
        if (substituted.some((v) => v === undefined)) return undefined;
        decidedClause = { ...clause, values: substituted as string[] };
    }
    try {
        return clauseHolds(decidedClause, values === null ? {} : { [clause.key]: values });
    } catch (err) {
        if (err instanceof UnsupportedConditionError) return undefined;
        throw err;
    }
}
