// iam:PassRole decides which role a service (a Bedrock agent, a customization job, a Lambda
// function) runs as. Granted on every role, or without iam:PassedToService, it lets a principal
// hand a more privileged role to any service: a privilege escalation path (seed 003, "Why does
// CreateKnowledgeBase need iam:PassRole?").
import { resourcePatternMatches, statementCoversAction, statementLabel, type ConditionClause } from "../../iam";
import { documentRule, quoted, type DocumentUnderCheck } from "../lib/document-rule";
import { mayApplyToService } from "../lib/prefilter";
import { UNKNOWN_PATTERN } from "../lib/read-document";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "iam-passrole-unscoped";

// Role names no scoped pattern would name: a pattern that matches them matches every role.
const PROBE_ROLE_ARNS = ["arn:aws:iam::123456789012:role/zz0-probe-unlisted", "arn:aws:iam::123456789012:role/zz1/probe/q"];

/** Whether a Resource pattern names every role (of one account or of all). */
export function matchesEveryRole(pattern: string): boolean {
    const account = /^arn:[^:]*:iam::(\d{12}):/.exec(pattern)?.[1];
    const probes = account ? PROBE_ROLE_ARNS.map((arn) => arn.replace("123456789012", account)) : PROBE_ROLE_ARNS;
    return probes.every((arn) => resourcePatternMatches(pattern, arn));
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
