// CONTRACTS section 6, rule 2: an Allow statement that lets a principal invoke any model; and, the
// same way, one that lets it invoke every Amazon Bedrock AgentCore runtime or every gateway
// (bedrock-agentcore:InvokeAgentRuntime and its variants, bedrock-agentcore:InvokeGateway).
import {
    AGENTCORE_INVOKE_GATEWAY_ACTIONS,
    AGENTCORE_INVOKE_RUNTIME_ACTIONS,
    elementReachesEveryAgentCoreResource,
    elementsIntersect,
    hasWildcard,
    INVOKE_MODEL_ACTIONS,
    patternMatchesEveryModel,
    patternWithinModelFamilies,
    statementCoversAction,
    statementLabel,
    type AgentCoreInvokeTarget,
    type Statement,
} from "../../iam";
import { documentRule, quoted, type DocumentUnderCheck } from "../lib/document-rule";
import { mayApplyToService } from "../lib/prefilter";
import { UNKNOWN_PATTERN, type StatementElement } from "../lib/read-document";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "bedrock-invoke-model-no-wildcard-resource";

export interface InvokeResourceConfig extends RuleConfig {
    /** Model-id prefixes a grant may name (`anthropic.claude-3-haiku`); empty: any family. */
    readonly approvedModelFamilies?: readonly string[];
}

/** The invoke actions a statement grants, and whether an unknown Action/NotAction leaves it open. */
const servicesByActions = new WeakMap<readonly string[], readonly string[]>();

/** The service prefixes of a list of actions, lower case, once per list (the rules pass the same lists). */
function servicesOf(actions: readonly string[]): readonly string[] {
    let services = servicesByActions.get(actions);
    if (!services) {
        services = [...new Set(actions.map((a) => a.slice(0, a.indexOf(":")).toLowerCase()))];
        servicesByActions.set(actions, services);
    }
    return services;
}

/**
 * Whether the statement's Action/NotAction grants some of `action`: an action name is one string
 * (matching is the whole answer); a pattern from config (`bedrock:Invoke*`) is a set, and the
 * question is whether the two sets meet, not whether one's text matches the other.
 */
function grantsSomeOf(statement: Statement, action: string): boolean {
    if (!hasWildcard(action)) {
        return statementCoversAction(statement, action);
    }
    const element = statement.actions ? { patterns: statement.actions, negated: false } : statement.notActions ? { patterns: statement.notActions, negated: true } : undefined;
    return element !== undefined && elementsIntersect(element, { patterns: [action], negated: false }, "action");
}

export function invokeActionsOf(
    statement: Statement,
    unknown: ReadonlySet<StatementElement>,
    actions: readonly string[] = INVOKE_MODEL_ACTIONS,
): { readonly granted: string[]; readonly decided: boolean } {
    const granted = servicesOf(actions).some((s) => mayApplyToService(statement, s)) ? actions.filter((action) => grantsSomeOf(statement, action)) : [];
    if (unknown.has("Action")) {
        // An unknown Action entry may be any of them: only the known ones are decided.
        return { granted: granted.length > 0 ? granted : [...actions], decided: granted.length > 0 };
    }
    // An unknown NotAction entry can only take actions away.
    return { granted, decided: !unknown.has("NotAction") };
}

/** The finding of one Allow statement that may invoke every model (or a model outside the families). */
function modelOutcome(statement: Statement, unknown: ReadonlySet<StatementElement>, families: readonly string[]): Outcome | undefined {
    const invoke = invokeActionsOf(statement, unknown);
    if (invoke.granted.length === 0) {
        return undefined;
    }
    const label = statementLabel(statement);
    const actions = invoke.granted.join(", ");
    const decided = invoke.decided && !unknown.has("Effect");
    const status = decided ? "violation" : "undecidable";
    if (statement.notResources) {
        return {
            status,
            message: `Statement ${label} allows ${actions} on every resource except NotResource ${quoted(statement.notResources)}: replace NotResource with Resource listing the model ARNs it needs.`,
        };
    }
    const patterns = (statement.resources ?? []).filter((p) => p !== UNKNOWN_PATTERN);
    // A pattern without a wildcard names one ARN: only wildcards can reach every model.
    const everyModel = patterns.filter((p) => hasWildcard(p) && patternMatchesEveryModel(p));
    if (everyModel.length > 0) {
        const fix = everyModel.includes("*") ? "list the model ARNs it needs." : "name the models, or a family such as foundation-model/anthropic.*.";
        const which = everyModel.length === 1 && everyModel[0] === "*" ? `"*"` : `${quoted(everyModel)}, which matches every model`;
        return { status, message: `Statement ${label} allows ${actions} on ${which}: ${fix}` };
    }
    if (families.length > 0) {
        const outside = patterns.filter((p) => !patternWithinModelFamilies(p, families));
        if (outside.length > 0) {
            return {
                status,
                message: `Statement ${label} allows ${actions} on ${quoted(outside)}, outside the approved model families (${families.join(", ")}): name models of those families.`,
            };
        }
    }
    if (unknown.has("Resource")) {
        return {
            status: "undecidable",
            message: `Statement ${label} allows ${actions} on a Resource that is not known until the update; it may cover every model.`,
        };
    }
    return undefined;
}

export function findInvokeOnEveryModel({ document, unknownIn }: DocumentUnderCheck, config: InvokeResourceConfig): Outcome[] {
    const outcomes: Outcome[] = [];
    const families = config.approvedModelFamilies ?? [];
    for (const statement of document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const outcome = modelOutcome(statement, unknownIn(statement), families);
        if (outcome) {
            outcomes.push(outcome);
        }
    }
    return outcomes;
}

const AGENTCORE_TARGETS: readonly { readonly target: AgentCoreInvokeTarget; readonly actions: readonly string[]; readonly noun: string }[] = [
    { target: "runtime", actions: AGENTCORE_INVOKE_RUNTIME_ACTIONS, noun: "runtime" },
    { target: "gateway", actions: AGENTCORE_INVOKE_GATEWAY_ACTIONS, noun: "gateway" },
];

/**
 * The findings of one Allow statement that may invoke every AgentCore runtime, or every gateway:
 * decided with IAM's semantics (iam/agentcore.ts), for the Resource list as a whole and for a
 * NotResource by what it leaves. An unknown Resource (or NotResource) entry may reach (or exclude)
 * anything: a finding that rests on one is undecidable.
 */
function agentCoreOutcomes(statement: Statement, unknown: ReadonlySet<StatementElement>): Outcome[] {
    const outcomes: Outcome[] = [];
    const label = statementLabel(statement);
    for (const { target, actions: asked, noun } of AGENTCORE_TARGETS) {
        const invoke = invokeActionsOf(statement, unknown, asked);
        if (invoke.granted.length === 0) {
            continue;
        }
        const actions = invoke.granted.join(", ");
        const decided = invoke.decided && !unknown.has("Effect");
        if (statement.notResources) {
            const excluded = statement.notResources.filter((p) => p !== UNKNOWN_PATTERN);
            if (elementReachesEveryAgentCoreResource({ patterns: excluded, negated: true }, target)) {
                outcomes.push({
                    // An unknown NotResource entry may exclude every runtime.
                    status: decided && !unknown.has("NotResource") ? "violation" : "undecidable",
                    message: `Statement ${label} allows ${actions} on every resource except NotResource ${quoted(statement.notResources)}, which leaves every AgentCore ${noun}: replace NotResource with Resource listing the ${noun} ARNs it needs.`,
                });
            }
            continue;
        }
        const patterns = (statement.resources ?? []).filter((p) => p !== UNKNOWN_PATTERN);
        const alone = patterns.filter((p) => hasWildcard(p) && elementReachesEveryAgentCoreResource({ patterns: [p], negated: false }, target));
        // Several patterns may together reach every id (`runtime/a*`, `runtime/b*`, ...): the list is one grant.
        const together = alone.length === 0 && patterns.some(hasWildcard) && elementReachesEveryAgentCoreResource({ patterns, negated: false }, target);
        if (alone.length > 0 || together) {
            const which =
                alone.length === 1 && alone[0] === "*"
                    ? `"*"`
                    : alone.length > 0
                      ? `${quoted(alone)}, which matches every AgentCore ${noun}`
                      : `${quoted(patterns)}, which together match every AgentCore ${noun}`;
            const fix = alone.includes("*") ? `list the ${noun} ARNs it needs.` : `name the ${noun} ARNs it needs.`;
            outcomes.push({ status: decided ? "violation" : "undecidable", message: `Statement ${label} allows ${actions} on ${which}: ${fix}` });
        } else if (unknown.has("Resource") && invoke.decided) {
            outcomes.push({
                status: "undecidable",
                message: `Statement ${label} allows ${actions} on a Resource that is not known until the update; it may cover every AgentCore ${noun}.`,
            });
        }
    }
    return outcomes;
}

/**
 * The rule's check: invoke on every model, every AgentCore runtime, every gateway. One finding per
 * statement (`Action: "*"` on `Resource: "*"` is one mistake, with one fix per kind of resource in
 * its message): a violation when any part of it is one.
 */
export function findInvokeOnEveryResource(under: DocumentUnderCheck, config: InvokeResourceConfig): Outcome[] {
    const outcomes: Outcome[] = [];
    const families = config.approvedModelFamilies ?? [];
    for (const statement of under.document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const unknown = under.unknownIn(statement);
        const model = modelOutcome(statement, unknown, families);
        let agentCore = agentCoreOutcomes(statement, unknown);
        if (model && unknown.has("Action")) {
            // An Action unknown at preview may be any invoke action: the model finding already
            // says the statement cannot be decided.
            agentCore = agentCore.filter((o) => o.status === "violation");
        }
        const parts = model ? [model, ...agentCore] : agentCore;
        if (parts.length === 0) {
            continue;
        }
        // Every part's message starts with this; the later parts are appended without it.
        const lead = `Statement ${statementLabel(statement)} allows `;
        outcomes.push({
            status: parts.some((p) => p.status === "violation") ? "violation" : "undecidable",
            message: parts[0].message + parts.slice(1).map((p) => ` It also allows ${p.message.slice(lead.length)}`).join(""),
        });
    }
    return outcomes;
}

export const bedrockInvokeModelNoWildcardResource = documentRule<InvokeResourceConfig>({
    name: NAME,
    description:
        "No Allow statement that grants bedrock:InvokeModel or bedrock:InvokeModelWithResponseStream (by name, wildcard or NotAction) may apply to any model: Resource \"*\", a NotResource, or a pattern matching every foundation-model or inference-profile ARN. A family pattern (foundation-model/anthropic.*) is fine. Likewise bedrock-agentcore:InvokeAgentRuntime (and its variants) on every AgentCore runtime, and bedrock-agentcore:InvokeGateway on every gateway.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "List the foundation-model (and inference-profile) ARNs the workload invokes, e.g. arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0, or a model family pattern; for AgentCore, the runtime or gateway ARNs, e.g. arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/support_agent-a1b2c3d4e5.",
    configSchema: configSchema({
        approvedModelFamilies: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description: "Model-id prefixes a grant may name (e.g. anthropic.claude-3-haiku, amazon.titan-embed); a grant on a pattern that can reach another model is a violation. Empty: any family.",
        },
    }),
    reads: ["identity", "attachment"],
    reportMalformed: true,
    check: findInvokeOnEveryResource,
});
