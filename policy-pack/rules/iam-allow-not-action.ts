// An Allow with NotAction grants every action not listed, today's and every future one
// (FIELD-NOTES: `NotAction: iam:*` grants `bedrock:*`). A Deny with NotAction is a common guard
// pattern and is not reported.
import { statementLabel } from "../../iam";
import { documentRule, quoted, type DocumentUnderCheck } from "../lib/document-rule";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "iam-allow-not-action";

export function findAllowNotAction({ document, unknownIn }: DocumentUnderCheck): Outcome[] {
    return document.statements
        .filter((statement) => statement.effect === "Allow" && statement.notActions)
        .map((statement) => ({
            status: unknownIn(statement).has("Effect") ? "undecidable" : "violation",
            message: `Statement ${statementLabel(statement)} is an Allow with NotAction ${quoted(statement.notActions ?? [])}, which grants every other action, new ones included: list the actions it needs in Action.`,
        }));
}

export const iamAllowNotAction = documentRule<RuleConfig>({
    name: NAME,
    description: "Reports an Allow statement with NotAction: it grants every action not listed, including actions AWS adds later.",
    enforcementLevel: "advisory",
    remediationSteps: "Replace NotAction with an Action list of what the principal needs; keep NotAction for Deny statements.",
    configSchema: configSchema(),
    reads: ["identity", "attachment", "resource"],
    reportMalformed: false,
    check: findAllowNotAction,
});
