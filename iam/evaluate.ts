// Effective-permission evaluation for one request (action, resource) against a principal's
// identity policies and permissions boundary, with IAM's rules:
//   - an explicit Deny that applies wins; a Deny with a Condition applies only when the condition
//     holds, so it does not remove a grant: it makes it conditional;
//   - otherwise an Allow in an identity policy grants;
//   - a permissions boundary, when present, must also allow (it grants nothing by itself);
//   - a Condition on an Allow still grants, conditionally.
// Organizations SCPs and resource policies are outside this function (the inventory reads
// identity policies; SCPs are ceilings reported elsewhere).

import type { PolicyDocument, Statement } from "./document";
import { conditionKeysOf, statementHasPositiveVpcCondition } from "./conditions";
import { statementCoversAction, statementCoversResource, variablesInvolved } from "./match";

/** Where a policy attached to a principal comes from. */
export type PolicyType =
    | "inline"
    | "managed"
    | "awsManaged"
    | "groupInline"
    | "groupManaged"
    | "groupAwsManaged"
    | "permissionsBoundary"
    /** A resource-based policy (the inventory's AgentCore bindings evaluate one as the resource's side). */
    | "resourcePolicy";

/** A policy document and where it came from, for `grantedBy`. */
export interface PolicySource {
    readonly policyType: PolicyType;
    /** For managed policies. */
    readonly policyArn?: string;
    /** For inline policies (and, for managed ones, their name). */
    readonly policyName?: string;
    /** For group policies: the group they reach the user through. */
    readonly groupName?: string;
    readonly document: PolicyDocument;
}

/** A statement that applies to the request. */
export interface GrantingStatement {
    readonly policyType: PolicyType;
    readonly policyArn?: string;
    readonly policyName?: string;
    readonly groupName?: string;
    readonly sid?: string;
    readonly statementIndex: number;
    /** The statement has a Condition (or a policy variable in the resource that matched). */
    readonly conditional: boolean;
    readonly conditionKeys: readonly string[];
    /** The statement has a positive `aws:SourceVpce`/`aws:SourceVpc` condition (see conditions.ts). */
    readonly heldToVpc: boolean;
}

/** The outcome for one request. */
export interface AccessDecision {
    /** Allowed in at least some request context. */
    readonly allowed: boolean;
    /** Allowed only when some condition holds (an Allow's condition, or a conditional Deny not holding). */
    readonly conditional: boolean;
    /** The keys the outcome depends on, when conditional. */
    readonly conditionKeys: readonly string[];
    /** The identity-policy Allow statements that apply. */
    readonly grantedBy: readonly GrantingStatement[];
    /** The Deny statements that apply (unconditional ones make `allowed` false). */
    readonly deniedBy: readonly GrantingStatement[];
    /** The permissions boundary's Allow statements that apply (empty without a boundary). */
    readonly boundaryAllowedBy: readonly GrantingStatement[];
}

export interface AccessRequest {
    readonly action: string;
    readonly resource: string;
}

function applicable(source: PolicySource, statement: Statement, request: AccessRequest): GrantingStatement | undefined {
    if (!statementCoversAction(statement, request.action) || !statementCoversResource(statement, request.resource)) {
        return undefined;
    }
    const variables = variablesInvolved(statement, request.resource);
    const keys = variables.length === 0 ? conditionKeysOf(statement) : [...new Set([...conditionKeysOf(statement), ...variables])];
    return {
        policyType: source.policyType,
        policyArn: source.policyArn,
        policyName: source.policyName,
        groupName: source.groupName,
        sid: statement.sid,
        statementIndex: statement.index,
        conditional: statement.conditions.length > 0 || variables.length > 0,
        conditionKeys: keys,
        heldToVpc: statementHasPositiveVpcCondition(statement),
    };
}

function matching(sources: readonly PolicySource[], effect: "Allow" | "Deny", request: AccessRequest): GrantingStatement[] {
    const found: GrantingStatement[] = [];
    for (const source of sources) {
        for (const statement of source.document.statements) {
            if (statement.effect === effect) {
                const hit = applicable(source, statement, request);
                if (hit) {
                    found.push(hit);
                }
            }
        }
    }
    return found;
}

const DENIED = { allowed: false, conditional: false, conditionKeys: [] } as const;

/** Evaluates one request against a principal's identity policies and optional boundary. */
export function evaluateAccess(
    request: AccessRequest,
    identityPolicies: readonly PolicySource[],
    permissionsBoundary?: PolicySource,
): AccessDecision {
    const boundaries = permissionsBoundary ? [permissionsBoundary] : [];
    const grantedBy = matching(identityPolicies, "Allow", request);
    const deniedBy = matching([...identityPolicies, ...boundaries], "Deny", request);
    const boundaryAllowedBy = permissionsBoundary ? matching(boundaries, "Allow", request) : [];
    if (grantedBy.length === 0 || deniedBy.some((d) => !d.conditional)) {
        return { ...DENIED, grantedBy, deniedBy, boundaryAllowedBy };
    }
    const keys: string[] = [];
    let conditional = false;
    // The strongest path decides: one unconditional Allow makes the identity side unconditional.
    if (!grantedBy.some((g) => !g.conditional)) {
        conditional = true;
        grantedBy.forEach((g) => keys.push(...g.conditionKeys));
    }
    if (permissionsBoundary) {
        if (boundaryAllowedBy.length === 0) {
            return { ...DENIED, grantedBy, deniedBy, boundaryAllowedBy };
        }
        if (!boundaryAllowedBy.some((b) => !b.conditional)) {
            conditional = true;
            boundaryAllowedBy.forEach((b) => keys.push(...b.conditionKeys));
        }
    }
    if (deniedBy.length > 0) {
        conditional = true;
        deniedBy.forEach((d) => keys.push(...d.conditionKeys));
    }
    const uniqueKeys = new Map<string, string>();
    keys.forEach((k) => uniqueKeys.has(k.toLowerCase()) || uniqueKeys.set(k.toLowerCase(), k));
    return { allowed: true, conditional, conditionKeys: [...uniqueKeys.values()].sort(), grantedBy, deniedBy, boundaryAllowedBy };
}
