// CONTRACTS section 6, rule 1: an Allow statement whose actions cover every Bedrock action.
import { actionPatternMatches, statementCoversEveryActionOf, statementLabel, type Statement } from "../../iam";
import { documentRule, quoted, type DocumentUnderCheck } from "../lib/document-rule";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "bedrock-no-wildcard-actions";

/** The Action patterns of a statement that reach into Bedrock (for the message). */
function bedrockPatterns(statement: Statement): string[] {
    return (statement.actions ?? []).filter((pattern) => {
        const colon = pattern.indexOf(":");
        return actionPatternMatches(colon >= 0 ? pattern.slice(0, colon) : pattern, "bedrock");
    });
}

/** Whether any Action pattern could name a Bedrock action at all: most statements are decided here. */
function mayReachBedrock(statement: Statement): boolean {
    return statement.notActions !== undefined || bedrockPatterns(statement).length > 0;
}

export function findWildcardBedrockActions({ document, unknownIn }: DocumentUnderCheck): Outcome[] {
    const outcomes: Outcome[] = [];
    for (const statement of document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const unknown = unknownIn(statement);
        const label = statementLabel(statement);
        if (mayReachBedrock(statement) && statementCoversEveryActionOf(statement, "bedrock")) {
            const how = statement.notActions
                ? `NotAction ${quoted(statement.notActions)}, which leaves every bedrock: action allowed`
                : quoted(bedrockPatterns(statement));
            const message = `Statement ${label} allows every Bedrock action (${how}): list the bedrock: actions it needs, e.g. bedrock:InvokeModel.`;
            // An unknown effect may be Deny; an unknown NotAction entry may exclude Bedrock.
            const status = unknown.has("Effect") || unknown.has("NotAction") ? "undecidable" : "violation";
            outcomes.push({ status, message });
        } else if (unknown.has("Action")) {
            outcomes.push({
                status: "undecidable",
                message: `Statement ${label} has an Action that is not known until the update; it may cover every Bedrock action.`,
            });
        }
    }
    return outcomes;
}

export const bedrockNoWildcardActions = documentRule<RuleConfig>({
    name: NAME,
    description:
        "No Allow statement may cover every Bedrock action: *, bedrock:*, *:*, any pattern that matches every bedrock: action, or a NotAction that leaves them all allowed. Reads identity policies, attached broad AWS managed policies and resource policies.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Replace the wildcard with the Bedrock actions the principal needs (bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream for inference); replace an Allow with NotAction by an Action list; attach a narrower policy than AdministratorAccess, PowerUserAccess or AmazonBedrockFullAccess.",
    configSchema: configSchema(),
    reads: ["identity", "attachment", "resource"],
    reportMalformed: true,
    check: findWildcardBedrockActions,
});
