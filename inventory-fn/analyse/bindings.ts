// Module by module, not the iam/ index: the index also loads the action catalog, megabytes the
// function never needs.
import { INVOKE_AGENT_ACTION, INVOKE_MODEL_ACTIONS } from "../../iam/bedrock";
import { evaluateAccess, type AccessDecision, type AccessRequest, type EvaluationOptions, type GrantingStatement, type PolicySource, type ScpLevel } from "../../iam/evaluate";
import { decidedContext, type PrincipalFacts } from "../../iam/context";
import type { Statement } from "../../iam/document";
import { statementCoversAction } from "../../iam/match";
import { patternTraits } from "../../iam/readings";
import type { AgentIdentity, CollectedModel } from "../collect/bedrock";
import type { CollectedPrincipal, IamSnapshot } from "../collect/iam";
import type { RunError } from "../collect/context";
import { PolicyResolver, type PrincipalPolicies } from "./policies";
import { TargetIndex, type EvaluationCounter } from "./target-index";

/** A statement that grants, as the artifacts name it: where it lives, never what its conditions say. */
export interface GrantRef {
    readonly policyType: string;
    readonly policyArn: string | null;
    readonly policyName: string | null;
    /** The group a user's grant comes through. */
    readonly groupName: string | null;
    readonly sid: string | null;
    readonly statementIndex: number;
}

/** An SCP statement that limits a binding: it applies only in some requests (a condition the request decides). */
export interface ScpRef {
    /** `p-...`, from the SCP's ARN. */
    readonly policyId: string;
    readonly policyName: string | null;
    readonly sid: string | null;
    readonly statementIndex: number;
}

export interface AgentBinding {
    readonly principalArn: string;
    readonly principalType: "role" | "user";
    readonly agentId: string;
    readonly agentName: string;
    readonly agentArn: string;
    /** The aliases the principal may invoke; a grant on `agent/<id>` alone reaches none. */
    readonly aliasArns: string[];
    readonly actions: string[];
    readonly grantedBy: GrantRef[];
    /** True when reaching any of these aliases depends on a condition (Allow or Deny side). */
    readonly conditional: boolean;
    readonly conditionKeys: string[];
    /** The SCP statements whose conditions limit it (since 1.1; absent when none does). */
    readonly limitedBy?: ScpRef[];
}

export interface ModelBinding {
    readonly principalArn: string;
    readonly principalType: "role" | "user";
    readonly modelId: string;
    readonly modelArn: string;
    readonly actions: string[];
    readonly grantedBy: GrantRef[];
    readonly conditional: boolean;
    readonly conditionKeys: string[];
    /** The SCP statements whose conditions limit it (since 1.1; absent when none does). */
    readonly limitedBy?: ScpRef[];
    readonly requiresVpce: boolean;
}

export interface Bindings {
    readonly agentBindings: AgentBinding[];
    readonly modelBindings: ModelBinding[];
}

const RELEVANT_ACTIONS = [INVOKE_AGENT_ACTION, ...INVOKE_MODEL_ACTIONS];

/**
 * Who can invoke which agent alias and which foundation model, per CONTRACTS section 5: the
 * union of identity policies (groups' included for users), explicit Deny removing, the boundary
 * limiting. Conditions on keys the principal and the target decide (aws:PrincipalArn,
 * aws:ResourceAccount, aws:RequestedRegion...: iam/context.ts) are decided, so a binding they rule
 * out is not there and one they hold is not conditional; `conditional` and `conditionKeys` are
 * left to the keys the request decides (a Deny on one of those marks the grant conditional).
 * Groups are not principals a request can come from, so only roles and users get bindings
 * (their group grants show as `groupName`).
 *
 * Each principal is evaluated only against the targets its identity Allow statements can cover
 * (./target-index.ts says why the others cannot be allowed), found through an index of the
 * targets' ARNs: the cost is principals + targets + bindings, not principals x targets, and the
 * output is that of evaluating every pair (tests/inventory-fn/bindings-scaling.test.ts compares
 * the two on the bench's account).
 */
export function computeBindings(iam: IamSnapshot, models: readonly CollectedModel[], agents: readonly AgentIdentity[], errors: RunError[], options: BindingOptions = {}): Bindings {
    const analysis = new BindingAnalysis(iam, models, errors, options);
    const modelBindings = [...analysis.modelBindingBatches()].flat();
    return { agentBindings: [...analysis.agentBindingBatches(agents)].flat(), modelBindings };
}

export interface BindingOptions {
    /**
     * Decide conditions on the keys the principal and the target decide (iam/context.ts): true
     * unless asked otherwise; false reproduces the evaluation that left every condition to the
     * request (bench/bindings-conditions.ts compares the two).
     */
    readonly decideConditions?: boolean;
    /**
     * The SCPs on the account's path, root first, when the run has a full view of them
     * (collect/scps.ts, `scpView.status` `applied`): each level a ceiling on every principal but
     * service-linked roles, which SCPs do not affect. Absent: no ceiling (never a guess).
     */
    readonly scps?: readonly ScpLevel[];
    /** Counts the requests evaluated (tests and the bench check it is not principals x targets). */
    readonly counter?: EvaluationCounter;
}

/** Service-linked roles (path /aws-service-role/) are outside SCPs (Organizations user guide, "Service control policies"). */
export function isServiceLinkedRole(arn: string): boolean {
    return /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\//.test(arn);
}

/** What the account decides of a principal's requests: its ARN, name and id (GAAD). */
export function principalFacts(principal: CollectedPrincipal): PrincipalFacts {
    return { arn: principal.arn, type: principal.type as "role" | "user", name: principal.name, id: principal.id };
}

/**
 * {@link computeBindings} one principal at a time, in the artifacts' order (principalArn, then
 * modelId or agentId), so neither artifact is ever held whole and the writer can pause between
 * principals. Models and agents come at different times: the model pass runs as soon as IAM and
 * the models are read, and resolves every principal's policies once (recording their problems);
 * what it keeps for the agent pass is each Bedrock-relevant principal's statements narrowed to
 * InvokeAgent, the only thing the agent pass needs besides the agents' aliases.
 */
export class BindingAnalysis {
    private readonly principals: CollectedPrincipal[];
    private readonly models: CollectedModel[];
    /** The models' ARNs, by position in `models`. */
    private readonly modelIndex: TargetIndex;
    private candidates: { principal: CollectedPrincipal; policies: PrincipalPolicies }[] | undefined;
    /** The SCP levels narrowed to each invoke action (none without an applied view). */
    private readonly scpsByAction: ReadonlyMap<string, readonly ScpLevel[]>;

    constructor(
        private readonly iam: IamSnapshot,
        models: readonly CollectedModel[],
        private readonly errors: RunError[],
        private readonly options: BindingOptions = {},
    ) {
        this.principals = iam.principals.filter((p) => p.type !== "group").sort((a, b) => a.arn.localeCompare(b.arn));
        this.models = [...models].sort((a, b) => a.modelId.localeCompare(b.modelId));
        this.modelIndex = new TargetIndex(this.models.map((m) => m.modelArn));
        const scps = options.scps ?? [];
        this.scpsByAction = new Map(scps.length > 0 ? RELEVANT_ACTIONS.map((action) => [action, narrowLevelsTo(scps, action)] as const) : []);
    }

    /** Each principal's model bindings (often none), in order. Iterate it once, before the agent pass. */
    *modelBindingBatches(): Generator<ModelBinding[]> {
        if (this.candidates) throw new Error("the model pass runs once");
        const resolver = new PolicyResolver(this.iam, this.errors);
        const candidates: { principal: CollectedPrincipal; policies: PrincipalPolicies }[] = [];
        for (const principal of this.principals) {
            const policies = resolver.policiesOf(principal);
            // Most principals in an account never mention Bedrock; skip them before the N x M loop.
            if (!mayAllowAny(policies.identity)) {
                yield [];
                continue;
            }
            candidates.push({ principal, policies: narrowTo(policies, INVOKE_AGENT_ACTION) });
            yield modelBindingsOf(principal, policies, this.models, this.modelIndex, this.evaluationOptions(principal), this.options.counter);
        }
        this.candidates = candidates;
    }

    /** Each Bedrock-relevant principal's agent bindings, in order; runs the model pass first if it has not run. */
    *agentBindingBatches(agents: readonly AgentIdentity[]): Generator<AgentBinding[]> {
        if (!this.candidates) for (const _ of this.modelBindingBatches());
        const sortedAgents = [...agents].sort((a, b) => a.agentId.localeCompare(b.agentId));
        const aliases = new AliasIndex(sortedAgents);
        for (const { principal, policies } of this.candidates!) yield agentBindingsOf(principal, policies, aliases, this.evaluationOptions(principal), this.options.counter);
    }

    /** The evaluation options for one principal, per action (the SCP levels narrowed to it). */
    private evaluationOptions(principal: CollectedPrincipal): (action: string) => EvaluationOptions {
        const base: EvaluationOptions = this.options.decideConditions === false ? {} : { principal: principalFacts(principal) };
        if (this.scpsByAction.size === 0 || isServiceLinkedRole(principal.arn)) return () => base;
        const perAction = new Map([...this.scpsByAction].map(([action, scps]) => [action, { ...base, scps }]));
        return (action) => perAction.get(action) ?? base;
    }
}

/**
 * The principal's policies with only the statements that cover `action`: the others cannot
 * change the decision for it, and evaluating principals x (models + aliases) requests over whole
 * documents costs tens of seconds on a large account. Statements keep their `index`; a boundary
 * left with no statement still denies, as it should.
 */
export function narrowTo(policies: PrincipalPolicies, action: string): PrincipalPolicies {
    const narrow = (source: PolicySource): PolicySource => ({
        ...source,
        document: { ...source.document, statements: source.document.statements.filter((st) => statementCoversAction(st, action)) },
    });
    return {
        identity: policies.identity.map(narrow).filter((s) => s.document.statements.length > 0),
        ...(policies.boundary ? { boundary: narrow(policies.boundary) } : {}),
    };
}

/**
 * SCP levels with only the statements that cover `action` (as {@link narrowTo}), and those whose
 * Action/NotAction the evaluator reads two ways (a pattern AWS documents loosely, a variable:
 * iam/readings.ts), which it decides itself. Every level stays, emptied or not: a level left
 * with no Allow for the action denies it, as it should.
 */
export function narrowLevelsTo(levels: readonly ScpLevel[], action: string): ScpLevel[] {
    const keep = (st: Statement) =>
        statementCoversAction(st, action) ||
        (st.actions ?? st.notActions ?? []).some((p) => {
            const traits = patternTraits(p, "action");
            return traits.assumptions.length > 0 || traits.variables.length > 0;
        });
    return levels.map((level) => ({
        target: level.target,
        policies: level.policies.map((source) => ({ ...source, document: { ...source.document, statements: source.document.statements.filter(keep) } })),
    }));
}

function mayAllowAny(identity: readonly PolicySource[]): boolean {
    return identity.some((source) =>
        source.document.statements.some((st) => st.effect === "Allow" && RELEVANT_ACTIONS.some((action) => statementCoversAction(st, action))),
    );
}

/**
 * Every alias of the (sorted) agents at a position, in the order the bindings list them: agent by
 * agent, each agent's aliases in its own order. Positions ascending are that order.
 */
class AliasIndex {
    readonly index: TargetIndex;
    /** Per position: the agent's position in `agents` and the alias's in the agent's aliases. */
    readonly agentOf: readonly number[];
    readonly aliasOf: readonly number[];

    constructor(readonly agents: readonly AgentIdentity[]) {
        const arns: string[] = [];
        const agentOf: number[] = [];
        const aliasOf: number[] = [];
        agents.forEach((agent, a) =>
            agent.aliases.forEach((alias, k) => {
                arns.push(alias.aliasArn);
                agentOf.push(a);
                aliasOf.push(k);
            }),
        );
        this.index = new TargetIndex(arns);
        this.agentOf = agentOf;
        this.aliasOf = aliasOf;
    }
}

/**
 * One principal's evaluation options with its decided context made once per action and target
 * place (account and Region, {@link TargetIndex.places}) rather than by evaluateAccess once per
 * request: decidedContext reads nothing else of the target's ARN, so each request gets the
 * context evaluateAccess would have made for it.
 */
function optionsPerPlace(optionsFor: (action: string) => EvaluationOptions, index: TargetIndex): (action: string, position: number, arn: string) => EvaluationOptions {
    const made = new Map<string, EvaluationOptions>();
    return (action, position, arn) => {
        const options = optionsFor(action);
        if (!options.principal || options.context) return options;
        const key = `${action}\u0000${index.places[position]}`;
        let withContext = made.get(key);
        if (!withContext) {
            withContext = { ...options, context: decidedContext(options.principal, arn) };
            made.set(key, withContext);
        }
        return withContext;
    };
}

function agentBindingsOf(principal: CollectedPrincipal, policies: PrincipalPolicies, aliases: AliasIndex, optionsFor: (action: string) => EvaluationOptions, counter?: EvaluationCounter): AgentBinding[] {
    const bindings: AgentBinding[] = [];
    const options = optionsPerPlace(optionsFor, aliases.index);
    const candidates = aliases.index.candidates(policies.identity);
    // Candidates ascend by position, so each agent's come together and in its aliases' order:
    // the order evaluating every alias of every agent would find them in.
    for (let c = 0; c < candidates.length; ) {
        const a = aliases.agentOf[candidates[c]];
        const agent = aliases.agents[a];
        const reached: { aliasArn: string; decision: AccessDecision }[] = [];
        for (; c < candidates.length && aliases.agentOf[candidates[c]] === a; c++) {
            const alias = agent.aliases[aliases.aliasOf[candidates[c]]];
            const decision = evaluateAccess({ action: INVOKE_AGENT_ACTION, resource: alias.aliasArn }, policies.identity, policies.boundary, options(INVOKE_AGENT_ACTION, candidates[c], alias.aliasArn));
            if (counter) counter.evaluations++;
            if (decision.allowed) reached.push({ aliasArn: alias.aliasArn, decision });
        }
        if (reached.length === 0) continue;
        bindings.push({
            principalArn: principal.arn,
            principalType: principal.type as "role" | "user",
            agentId: agent.agentId,
            agentName: agent.agentName,
            agentArn: agent.agentArn,
            aliasArns: reached.map((r) => r.aliasArn).sort(),
            actions: [INVOKE_AGENT_ACTION],
            ...grantOf(reached.map((r) => r.decision)),
        });
    }
    return bindings;
}

function modelBindingsOf(
    principal: CollectedPrincipal,
    policies: PrincipalPolicies,
    models: readonly CollectedModel[],
    index: TargetIndex,
    optionsFor: (action: string) => EvaluationOptions,
    counter?: EvaluationCounter,
): ModelBinding[] {
    const bindings: ModelBinding[] = [];
    const perAction = new Map(INVOKE_MODEL_ACTIONS.map((action) => [action, narrowTo(policies, action)]));
    // A model no action's Allow statements can cover is denied every action.
    const candidates = index.candidates([...perAction.values()].flatMap((p) => p.identity));
    const options = optionsPerPlace(optionsFor, index);
    for (const position of candidates) {
        const model = models[position];
        const allowed: { request: AccessRequest; decision: AccessDecision }[] = [];
        for (const action of INVOKE_MODEL_ACTIONS) {
            const request = { action, resource: model.modelArn };
            const narrowed = perAction.get(action)!;
            const decision = evaluateAccess(request, narrowed.identity, narrowed.boundary, options(action, position, model.modelArn));
            if (counter) counter.evaluations++;
            if (decision.allowed) allowed.push({ request, decision });
        }
        if (allowed.length === 0) continue;
        bindings.push({
            principalArn: principal.arn,
            principalType: principal.type as "role" | "user",
            modelId: model.modelId,
            modelArn: model.modelArn,
            actions: allowed.map((a) => a.request.action),
            ...grantOf(allowed.map((a) => a.decision)),
            requiresVpce: allowed.every((a) => decisionRequiresVpce(a.decision)),
        });
    }
    return bindings;
}

/**
 * Held to a VPC endpoint: every granting identity statement carries a positive
 * aws:SourceVpce/aws:SourceVpc condition (CONTRACTS section 6's definition). A boundary whose
 * every applicable Allow carries one pins the request just as well, since both must allow.
 */
function decisionRequiresVpce(decision: AccessDecision): boolean {
    const heldToVpc = (grants: readonly GrantingStatement[]) => grants.length > 0 && grants.every((g) => g.heldToVpc);
    return heldToVpc(decision.grantedBy) || heldToVpc(decision.boundaryAllowedBy);
}

/** What a binding says of how it is granted, from the decisions of the requests it covers. */
function grantOf(decisions: readonly AccessDecision[]): Pick<AgentBinding, "grantedBy" | "conditional" | "conditionKeys" | "limitedBy"> {
    const limitedBy = scpRefs(decisions);
    return {
        grantedBy: grantRefs(decisions),
        conditional: decisions.some((d) => d.conditional),
        conditionKeys: conditionKeys(decisions),
        ...(limitedBy.length > 0 ? { limitedBy } : {}),
    };
}

/**
 * The SCP statements that limit allowed requests. On an allowed decision the evaluator's
 * `limitedBy` holds only statements that apply depending on the request (a Deny that always
 * applies, or a level that never allows, would have denied it).
 */
function scpRefs(decisions: readonly AccessDecision[]): ScpRef[] {
    const refs = new Map<string, ScpRef>();
    for (const decision of decisions) {
        for (const s of decision.limitedBy) {
            if (!s.conditional) continue;
            const ref: ScpRef = {
                policyId: s.policyArn?.split("/").pop() ?? s.policyName ?? "unknown",
                policyName: s.policyName ?? null,
                sid: s.sid ?? null,
                statementIndex: s.statementIndex,
            };
            refs.set(JSON.stringify(ref), ref);
        }
    }
    return [...refs.values()].sort((a, b) => a.policyId.localeCompare(b.policyId) || a.statementIndex - b.statementIndex);
}

/** A granting statement as the artifacts name it (agent, model and AgentCore bindings alike). */
export function grantRefOf(g: GrantingStatement): GrantRef {
    return {
        policyType: g.policyType,
        policyArn: g.policyArn ?? null,
        policyName: g.policyName ?? null,
        groupName: g.groupName ?? null,
        sid: g.sid ?? null,
        statementIndex: g.statementIndex,
    };
}

function grantRefs(decisions: readonly AccessDecision[]): GrantRef[] {
    const refs = new Map<string, GrantRef>();
    for (const decision of decisions) {
        for (const g of decision.grantedBy) {
            const ref = grantRefOf(g);
            refs.set(JSON.stringify(ref), ref);
        }
    }
    return [...refs.values()];
}

/** Condition keys without case duplicates (IAM's keys are case-insensitive; the first spelling stays), sorted. */
export function uniqueConditionKeys(keys: Iterable<string>): string[] {
    const unique = new Map<string, string>();
    for (const k of keys) if (!unique.has(k.toLowerCase())) unique.set(k.toLowerCase(), k);
    return [...unique.values()].sort();
}

function conditionKeys(decisions: readonly AccessDecision[]): string[] {
    return uniqueConditionKeys(decisions.filter((d) => d.conditional).flatMap((d) => d.conditionKeys));
}
