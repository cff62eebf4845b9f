// iam:PassRole decides which role a service (a Bedrock agent, a customization job, a Lambda
// function) runs as. Granted on every role, or without iam:PassedToService, it lets a principal
// hand a more privileged role to any service: a privilege escalation path (seed 003, "Why does
// CreateKnowledgeBase need iam:PassRole?").
import {
    alt, automatonIncludes, cls, compileRegex, lit, patternsAutomaton, range, repeat, seq, statementCoversAction, statementLabel, statesAfterPrefixes,
    type Automaton, type ConditionClause, type Regex,
} from "../../iam";
import { documentRule, quoted, type DocumentUnderCheck } from "../lib/document-rule";
import { mayApplyToService } from "../lib/prefilter";
import { UNKNOWN_PATTERN } from "../lib/read-document";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "iam-passrole-unscoped";

// A role's ARN, from IAM's CreateRole API reference
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html): the path is "either a
// forward slash (/) by itself or a string that must begin and end with forward slashes, containing
// any ASCII character from the ! (\u0021) through the DEL character (\u007F)"; the name is
// "upper and lowercase alphanumeric characters with no spaces" and "_+=,.@-"; the ARN is
// `arn:<partition>:iam::<account>:role<path><name>`. The length caps (512, 64) are not modelled:
// without them the grammar has more (longer) names, so a pattern that reached every role only
// because names stop at 64 characters would not count; it would have to spell lengths out with `?`.
const ROLE_NAME_CHARS = range("A", "Z") + range("a", "z") + range("0", "9") + "_+=,.@-";
const PATH_CHARS = range("\u0021", "\u007f");
const ROLE_ARN_PREFIX: Regex = seq(lit("arn:aws"), repeat(seq(lit("-"), repeat(cls(":", true), 1, Infinity)), 0, 1), lit(":iam::"), repeat(cls(range("0", "9")), 12, 12), lit(":role"));
const ROLE_PATH_AND_NAME: Regex = seq(alt(lit("/"), seq(lit("/"), repeat(cls(PATH_CHARS), 1, Infinity), lit("/"))), repeat(cls(ROLE_NAME_CHARS), 1, Infinity));

let roleGrammar: { prefix: Automaton; rest: Automaton } | undefined;
const everyRoleVerdicts = new Map<string, boolean>();

/**
 * Whether a Resource pattern matches every role of some account (any partition): for some account,
 * the ARN of every path and name the grammar above allows. Decided by inclusion, not by trying
 * made-up role names. A policy variable is read as any string (the pattern is a grant).
 */
export function matchesEveryRole(pattern: string): boolean {
    let verdict = everyRoleVerdicts.get(pattern);
    if (verdict === undefined) {
        roleGrammar ??= { prefix: compileRegex(ROLE_ARN_PREFIX), rest: compileRegex(ROLE_PATH_AND_NAME) };
        const { prefix, rest } = roleGrammar;
        const machine = patternsAutomaton([pattern], "resource", "any");
        verdict = statesAfterPrefixes(machine, prefix).some((states) => automatonIncludes(machine, rest, states));
        if (everyRoleVerdicts.size >= 5000) {
            everyRoleVerdicts.clear();
        }
        everyRoleVerdicts.set(pattern, verdict);
    }
    return verdict;
}

function limitsPassedToService(clause: ConditionClause): boolean {
    return (
        clause.keyLower === "iam:passedtoservice" &&
        ["stringequals", "stringequalsignorecase", "stringlike"].includes(clause.baseOperator) &&
        !clause.ifExists &&
        clause.setOperator !== "forallvalues" &&
        clause.values.length > 0 &&
        !clause.values.some((v) => /^[*?]*$/.test(v))
    );
}

export function findUnscopedPassRole({ document, unknownIn }: DocumentUnderCheck): Outcome[] {
    const outcomes: Outcome[] = [];
    for (const statement of document.statements) {
        if (statement.effect !== "Allow" || !mayApplyToService(statement, "iam") || !statementCoversAction(statement, "iam:PassRole")) {
            continue;
        }
        const unknown = unknownIn(statement);
        const label = statementLabel(statement);
        const broadResources = statement.notResources
            ? [`every resource except NotResource ${quoted(statement.notResources)}`]
            : (statement.resources ?? []).filter((p) => p !== UNKNOWN_PATTERN && matchesEveryRole(p)).map((p) => JSON.stringify(p));
        const scopedToService = statement.conditions.some(limitsPassedToService);
        const problems: string[] = [];
        if (broadResources.length > 0) {
            problems.push(`on ${broadResources.join(", ")}`);
        }
        if (!scopedToService) {
            problems.push("without an iam:PassedToService condition");
        }
        if (problems.length === 0) {
            continue;
        }
        // Either problem alone is a finding; a missing condition is decided only when the Condition is known.
        const decidedProblem = broadResources.length > 0 || (!scopedToService && !unknown.has("Condition"));
        const decided = !unknown.has("Effect") && !unknown.has("NotAction") && decidedProblem;
        outcomes.push({
            status: decided ? "violation" : "undecidable",
            message: `Statement ${label} allows iam:PassRole ${problems.join(" and ")}: name the role ARNs it passes and add "Condition": {"StringEquals": {"iam:PassedToService": "<service>.amazonaws.com"}}.`,
        });
    }
    return outcomes;
}

export const iamPassroleUnscoped = documentRule<RuleConfig>({
    name: NAME,
    description: "Reports an Allow of iam:PassRole (by name, wildcard or NotAction) on every role (\"*\", role/*, a NotResource) or without an iam:PassedToService condition.",
    enforcementLevel: "advisory",
    remediationSteps: 'List the role ARNs the principal passes and add "Condition": {"StringEquals": {"iam:PassedToService": "bedrock.amazonaws.com"}} (the service that receives the role).',
    configSchema: configSchema(),
    reads: ["identity", "attachment"],
    reportMalformed: false,
    check: findUnscopedPassRole,
});
