// Effective-permission evaluation for one request (action, resource), with IAM's rules from AWS's
// "Policy evaluation logic" page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
//   - an explicit Deny that applies, in any policy (identity, boundary, resource-based, SCP), wins;
//   - every SCP level on the account's path (root, each OU, the account) must have an Allow that
//     applies; an SCP grants nothing by itself;
//   - otherwise an Allow in an identity policy grants, limited by the permissions boundary when
//     there is one (a boundary grants nothing by itself);
//   - a resource-based policy that names the principal also grants: within one account on its
//     own (for a role named by its role ARN, still limited by the role's boundary); across
//     accounts only together with an identity-policy Allow in the principal's account.
//
// Every part is three-valued: a statement applies (yes), does not (no), or applies depending on
// the request (maybe: a condition on a key the request decides, or a policy variable it
// resolves). Keys the account decides (./context.ts) are decided here, so "maybe" means the
// request really decides it, and its keys are listed. Patterns AWS documents loosely are read on
// the side that never under-reports a grant and the outcome names the assumption (./readings.ts).

import type { PolicyDocument, Statement } from "./document";
import { decideClause, NOTHING_DECIDED, type DecidedContext } from "./condition-eval";
import { statementHasPositiveVpcCondition } from "./conditions";
import { arnAccountAndRegion, decidedContext, type PrincipalFacts } from "./context";
import { statementCoversAction, statementCoversResource } from "./match";
import { patternMatchesUnder, patternTraits, type EdgeReading } from "./readings";

/** Where a policy comes from. */
export type PolicyType =
    | "inline"
    | "managed"
    | "awsManaged"
    | "groupInline"
    | "groupManaged"
    | "groupAwsManaged"
    | "permissionsBoundary"
    /** A resource-based policy (AgentCore runtimes and gateways, custom models: the resource's side). */
    | "resourcePolicy"
    | "scp";

/** A policy document and where it came from, for `grantedBy`. */
export interface PolicySource {
    readonly policyType: PolicyType;
    /** For managed policies and SCPs. */
    readonly policyArn?: string;
    /** For inline policies (and, for managed ones, their name). */
    readonly policyName?: string;
    /** For group policies: the group they reach the user through. */
    readonly groupName?: string;
    readonly document: PolicyDocument;
}

/** A statement that applies to the request, in every context or in some. */
export interface GrantingStatement {
    readonly policyType: PolicyType;
    readonly policyArn?: string;
    readonly policyName?: string;
    readonly groupName?: string;
    readonly sid?: string;
    readonly statementIndex: number;
    /** It applies only in some requests: a condition or a policy variable the request decides. */
    readonly conditional: boolean;
    /** The keys the request decides, when conditional. */
    readonly conditionKeys: readonly string[];
    /** The statement has a positive `aws:SourceVpce`/`aws:SourceVpc` condition (see conditions.ts). */
    readonly heldToVpc: boolean;
    /** Readings of loosely documented patterns its applying (or, for a Deny, not applying) rests on. */
    readonly assumptions: readonly string[];
}

/** The outcome for one request. */
export interface AccessDecision {
    /** Allowed in at least some request context. */
    readonly allowed: boolean;
    /** Allowed only when something the request decides holds. */
    readonly conditional: boolean;
    /** The keys the outcome depends on, when conditional. */
    readonly conditionKeys: readonly string[];
    /** The readings of loosely documented patterns the outcome rests on (./readings.ts), when allowed. */
    readonly assumptions: readonly string[];
    /** The identity-policy (and resource-policy) Allow statements that apply. */
    readonly grantedBy: readonly GrantingStatement[];
    /** The Deny statements that apply in some context (SCPs' included). */
    readonly deniedBy: readonly GrantingStatement[];
    /** The permissions boundary's Allow statements that apply (empty without a boundary). */
    readonly boundaryAllowedBy: readonly GrantingStatement[];
    /**
     * The SCP statements that limit the outcome: a Deny that applies in some context, or the only
     * Allows of a level, when they apply in some contexts only; the Deny that denies, when one does.
     */
    readonly limitedBy: readonly GrantingStatement[];
    /** The SCP target (root, OU or account) whose SCPs allow nothing of this, when that denies. */
    readonly scpImplicitDenyAt?: string;
}

export interface AccessRequest {
    readonly action: string;
    readonly resource: string;
}

/** The SCPs attached at one level of the account's path in the organization. */
export interface ScpLevel {
    /** The root, OU or account id the SCPs are attached to. */
    readonly target: string;
    readonly policies: readonly PolicySource[];
}

/** A resource-based policy and the account that owns the resource. */
export interface ResourcePolicy {
    readonly source: PolicySource;
    /** Defaults to the request ARN's account part. */
    readonly resourceAccount?: string;
}

export interface EvaluationOptions {
    /** Who makes the request: decides the principal keys, and who a resource policy names. */
    readonly principal?: PrincipalFacts;
    /** The decided keys; defaults to those `principal` and the request's ARN decide. */
    readonly context?: DecidedContext;
    readonly resourcePolicy?: ResourcePolicy;
    /** The SCPs on the principal's account's path, each level a ceiling. */
    readonly scps?: readonly ScpLevel[];
}

// ---------------------------------------------------------------------------------------------
// Three values

type Level = 0 | 1 | 2; // does not apply, applies depending on the request, applies

interface Tri {
    readonly level: Level;
    readonly keys: readonly string[];
    readonly assumptions: readonly string[];
}

const YES: Tri = { level: 2, keys: [], assumptions: [] };
const NO: Tri = { level: 0, keys: [], assumptions: [] };

function union(lists: readonly (readonly string[])[]): string[] {
    const seen = new Map<string, string>();
    for (const list of lists) for (const k of list) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
    return [...seen.values()].sort();
}

/** OR: the strongest applies; among the outcomes at that level, the keys of every one. */
function anyOf(items: readonly Tri[]): Tri {
    if (items.length === 0) return NO;
    if (items.length === 1 || items.includes(YES)) return items.length === 1 ? items[0] : YES;
    const level = Math.max(...items.map((t) => t.level)) as Level;
    const top = items.filter((t) => t.level === level);
    // A yes that rests on no assumption makes the others' assumptions moot.
    const clean = level === 2 && top.some((t) => t.assumptions.length === 0);
    return {
        level,
        keys: level === 1 ? union(top.map((t) => t.keys)) : [],
        assumptions: clean ? [] : union((level === 0 ? items : top).map((t) => t.assumptions)),
    };
}

/** AND: the weakest decides; keys of every part that depends on the request. */
function allOf(items: readonly Tri[]): Tri {
    if (items.every((t) => t === YES)) return YES;
    const level = Math.min(2, ...items.map((t) => t.level)) as Level;
    if (level === 0) return { ...NO, assumptions: union(items.filter((t) => t.level === 0).map((t) => t.assumptions)) };
    return { level, keys: union(items.filter((t) => t.level === 1).map((t) => t.keys)), assumptions: union(items.map((t) => t.assumptions)) };
}

function not(t: Tri): Tri {
    return { ...t, level: (2 - t.level) as Level };
}

// ---------------------------------------------------------------------------------------------
// One statement

interface StatementTraits {
    /** Action/NotAction needs the two readings (a pattern with an assumption or a variable). */
    readonly actionRead: boolean;
    readonly resourceRead: boolean;
}

const traitsCache = new WeakMap<Statement, StatementTraits>();

function traitsOf(statement: Statement): StatementTraits {
    let traits = traitsCache.get(statement);
    if (!traits) {
        const needsReading = (patterns: readonly string[] | undefined, kind: "action" | "resource") =>
            (patterns ?? []).some((p) => {
                const t = patternTraits(p, kind);
                return t.assumptions.length > 0 || t.variables.length > 0;
            });
        traits = {
            actionRead: needsReading(statement.actions ?? statement.notActions, "action"),
            resourceRead: needsReading(statement.resources ?? statement.notResources, "resource"),
        };
        traitsCache.set(statement, traits);
    }
    return traits;
}

/**
 * Whether an Action/NotAction or Resource/NotResource element applies, under the edge reading
 * that applies it more (`permissive`, an Allow) or less (a Deny).
 */
function elementTri(patterns: readonly string[] | undefined, negated: boolean, kind: "action" | "resource", value: string, permissive: boolean, context: DecidedContext): Tri {
    if (!patterns) return NO;
    const levelUnder = (edge: EdgeReading, undecided?: Set<string>): Level => {
        let matchesNone = false;
        let matchesAny = false;
        for (const p of patterns) {
            const variables = new Set<string>();
            const none = patternMatchesUnder(p, kind, value, edge, "none", context, variables);
            const any = none || patternMatchesUnder(p, kind, value, edge, "any", context);
            matchesNone ||= none;
            matchesAny ||= any;
            // Only a pattern whose matching the unresolved variables decide makes them keys.
            if (any && !none) variables.forEach((v) => undecided?.add(v));
        }
        const yes = negated ? !matchesAny : matchesNone;
        if (yes) return 2;
        return (negated ? !matchesNone : matchesAny) ? 1 : 0;
    };
    const chosen: EdgeReading = permissive !== negated ? "loose" : "strict";
    const undecided = new Set<string>();
    const level = levelUnder(chosen, undecided);
    const other = levelUnder(chosen === "loose" ? "strict" : "loose");
    const assumptions = other === level ? [] : union(patterns.map((p) => patternTraits(p, kind).assumptions));
    return { level, keys: level === 1 ? [...undecided] : [], assumptions };
}

// Conditions decided once per statement and context (a principal and a target account/Region).
const conditionCache = new WeakMap<Statement, Map<string, Tri>>();

function conditionTri(statement: Statement, context: DecidedContext): Tri {
    if (statement.conditions.length === 0) return YES;
    let perContext = conditionCache.get(statement);
    if (!perContext) {
        perContext = new Map();
        conditionCache.set(statement, perContext);
    }
    let tri = perContext.get(context.cacheKey);
    if (!tri) {
        const undecided: string[] = [];
        let level: Level = 2;
        for (const clause of statement.conditions) {
            const holds = decideClause(clause, context);
            if (holds === false) {
                level = 0;
                break;
            }
            if (holds === undefined) {
                level = 1;
                undecided.push(clause.key);
            }
        }
        tri = level === 1 ? { level, keys: union([undecided]), assumptions: [] } : level === 2 ? YES : NO;
        if (perContext.size >= 10000) perContext.clear();
        perContext.set(context.cacheKey, tri);
    }
    return tri;
}

function statementTri(statement: Statement, request: AccessRequest, context: DecidedContext): Tri {
    const permissive = statement.effect === "Allow";
    const traits = traitsOf(statement);
    const action = traits.actionRead
        ? elementTri(statement.actions ?? statement.notActions, statement.actions === undefined, "action", request.action, permissive, context)
        : statementCoversAction(statement, request.action) ? YES : NO;
    if (action.level === 0 && action.assumptions.length === 0) return NO;
    const resource = traits.resourceRead
        ? elementTri(statement.resources ?? statement.notResources, statement.resources === undefined, "resource", request.resource, permissive, context)
        : statementCoversResource(statement, request.resource) ? YES : NO;
    if (resource.level === 0 && resource.assumptions.length === 0) return NO;
    const conditions = conditionTri(statement, context);
    if (action === YES && resource === YES) return conditions;
    const tri = allOf([action, resource, conditions]);
    // An assumption matters only where it changed the outcome: an Allow it made apply, a Deny it kept from applying.
    if (tri.level === 0 && permissive) return NO;
    if (tri.level === 0 && conditions.level === 0) return NO;
    return tri;
}

function granting(source: PolicySource, statement: Statement, tri: Tri): GrantingStatement {
    return {
        policyType: source.policyType,
        policyArn: source.policyArn,
        policyName: source.policyName,
        groupName: source.groupName,
        sid: statement.sid,
        statementIndex: statement.index,
        conditional: tri.level === 1,
        conditionKeys: tri.level === 1 ? tri.keys : [],
        heldToVpc: statementHasPositiveVpcCondition(statement),
        assumptions: tri.assumptions,
    };
}

interface Applied {
    readonly tri: Tri;
    readonly statement: GrantingStatement;
}

/** The statements of one effect and their outcomes (those that apply in some context, or whose not applying rests on an assumption). */
function applied(sources: readonly PolicySource[], effect: "Allow" | "Deny", request: AccessRequest, context: DecidedContext, names?: (statement: Statement) => Tri): Applied[] {
    const found: Applied[] = [];
    for (const source of sources) {
        for (const statement of source.document.statements) {
            if (statement.effect !== effect) continue;
            let tri = statementTri(statement, request, context);
            if (names && (tri.level > 0 || tri.assumptions.length > 0)) tri = allOf([tri, names(statement)]);
            if (tri.level > 0 || tri.assumptions.length > 0) found.push({ tri, statement: granting(source, statement, tri) });
        }
    }
    return found;
}

const applying = (list: readonly Applied[]) => list.filter((a) => a.tri.level > 0);

// ---------------------------------------------------------------------------------------------
// Principals in resource-based policies

type Naming = "direct" | "account" | "none";

/**
 * How a statement's Principal names the requester (AWS "IAM JSON policy elements: Principal"):
 * `*`, the principal's own ARN, or (NotPrincipal) not listing it names it directly; the account
 * id or its `:root` ARN names the account, which delegates to the account's identity policies.
 */
function naming(statement: Statement, principal: PrincipalFacts | undefined): Naming {
    if (!principal) return "none";
    const account = arnAccountAndRegion(principal.arn)?.account;
    const namesIt = (principalElement: Statement["principal"]): Naming => {
        if (principalElement === undefined) return "none";
        if (principalElement === "*") return "direct";
        const values = principalElement.AWS ?? [];
        if (values.some((v) => v === "*" || v === principal.arn)) return "direct";
        if (values.some((v) => v === account || v === `arn:aws:iam::${account}:root`)) return "account";
        return "none";
    };
    if (statement.notPrincipal !== undefined) return namesIt(statement.notPrincipal) === "none" ? "direct" : "none";
    return namesIt(statement.principal);
}

// ---------------------------------------------------------------------------------------------
// The decision

function decisionOf(tri: Tri): Pick<AccessDecision, "allowed" | "conditional" | "conditionKeys" | "assumptions"> {
    return { allowed: tri.level > 0, conditional: tri.level === 1, conditionKeys: tri.level === 1 ? tri.keys : [], assumptions: tri.level > 0 ? tri.assumptions : [] };
}

/** Evaluates one request against a principal's identity policies, optional boundary, and the options' resource policy and SCPs. */
export function evaluateAccess(
    request: AccessRequest,
    identityPolicies: readonly PolicySource[],
    permissionsBoundary?: PolicySource,
    options: EvaluationOptions = {},
): AccessDecision {
    const context = options.context ?? (options.principal ? decidedContext(options.principal, request.resource) : NOTHING_DECIDED);
    const boundaries = permissionsBoundary ? [permissionsBoundary] : [];

    const allows = applied(identityPolicies, "Allow", request, context);
    const boundaryAllows = permissionsBoundary ? applied(boundaries, "Allow", request, context) : [];
    const denies = applied([...identityPolicies, ...boundaries], "Deny", request, context);

    const identityAllow = anyOf(allows.map((a) => a.tri));
    const boundaryAllow = permissionsBoundary ? anyOf(boundaryAllows.map((a) => a.tri)) : YES;
    let allow = allOf([identityAllow, boundaryAllow]);

    const resourceAllows: Applied[] = [];
    if (options.resourcePolicy) {
        const policy = options.resourcePolicy;
        const principal = options.principal;
        const direct = (st: Statement): Tri => (naming(st, principal) === "direct" ? YES : NO);
        const named = (st: Statement): Tri => (naming(st, principal) === "none" ? NO : YES);
        denies.push(...applied([policy.source], "Deny", request, context, named));
        const resourceAccount = policy.resourceAccount ?? arnAccountAndRegion(request.resource)?.account;
        const principalAccount = principal ? arnAccountAndRegion(principal.arn)?.account : undefined;
        if (principalAccount !== undefined && principalAccount === resourceAccount) {
            // Same account: a direct grant stands on its own; a role named by its role ARN stays within its boundary.
            const directAllows = applied([policy.source], "Allow", request, context, direct);
            resourceAllows.push(...directAllows);
            const directAllow = anyOf(directAllows.map((a) => a.tri));
            allow = anyOf([allow, principal!.type === "user" ? directAllow : allOf([directAllow, boundaryAllow])]);
        } else {
            // Across accounts both sides must allow; naming the account is enough on the resource's side.
            const anyAllows = applied([policy.source], "Allow", request, context, named);
            resourceAllows.push(...anyAllows);
            allow = allOf([allow, anyOf(anyAllows.map((a) => a.tri))]);
        }
    }

    const limitedBy: GrantingStatement[] = [];
    let scpImplicitDenyAt: string | undefined;
    const scpAllows: Tri[] = [];
    for (const level of options.scps ?? []) {
        const levelDenies = applied(level.policies, "Deny", request, context);
        denies.push(...levelDenies);
        limitedBy.push(...applying(levelDenies).map((d) => d.statement));
        const levelAllows = applying(applied(level.policies, "Allow", request, context));
        const levelAllow = anyOf(levelAllows.map((a) => a.tri));
        if (levelAllow.level === 0 && scpImplicitDenyAt === undefined) scpImplicitDenyAt = level.target;
        if (levelAllow.level === 1) limitedBy.push(...levelAllows.map((a) => a.statement));
        scpAllows.push(levelAllow);
    }

    const denied = anyOf(denies.map((d) => d.tri));
    const outcome = allOf([allow, not(denied), ...scpAllows]);
    return {
        ...decisionOf(outcome),
        grantedBy: [...applying(allows), ...applying(resourceAllows)].map((a) => a.statement),
        deniedBy: applying(denies).map((d) => d.statement),
        boundaryAllowedBy: applying(boundaryAllows).map((a) => a.statement),
        limitedBy,
        ...(scpImplicitDenyAt !== undefined ? { scpImplicitDenyAt } : {}),
    };
}
