// CONTRACTS section 6, rule 1: an Allow statement whose actions cover every Bedrock action; and,
// the same way, every Amazon Bedrock AgentCore action (service prefix bedrock-agentcore, a separate
// service in IAM: `bedrock:*` does not reach it, `*` and `bedrock-agentcore:*` do). A statement that
// covers both is reported once, with the Bedrock message.
import { actionPatternMatches, actionsOfService, hasWildcard, statementCoversEveryActionOf, statementLabel, type Statement } from "../../iam";
import { documentRule, quoted, type DocumentUnderCheck } from "../lib/document-rule";
import { mayApplyToService } from "../lib/prefilter";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "bedrock-no-wildcard-actions";

const AGENTCORE = "bedrock-agentcore";

/** The Action patterns of a statement that reach into a service (for the message). */
function bedrockPatterns(statement: Statement, service = "bedrock"): string[] {
    return (statement.actions ?? []).filter((pattern) => {
        const colon = pattern.indexOf(":");
        return actionPatternMatches(colon >= 0 ? pattern.slice(0, colon) : pattern, service);
    });
}

/**
 * Whether the statement could cover every Bedrock action, before asking the catalog: most
 * statements are decided here. Without a wildcard, a list covers them all only by naming each.
 */
function mayCoverBedrock(statement: Statement): boolean {
    if (statement.notActions !== undefined) {
        return true;
    }
    if (!mayApplyToService(statement, "bedrock")) {
        return false;
    }
    const patterns = bedrockPatterns(statement);
    return patterns.some(hasWildcard) || patterns.length >= bedrockActionCount();
}

let bedrockActions: number | undefined;
/** The catalog's number of Bedrock actions (the catalog builds a fresh list on every call). */
function bedrockActionCount(): number {
    bedrockActions ??= actionsOfService("bedrock").length;
    return bedrockActions;
}

let agentCoreActions: number | undefined;
/** Whether the statement could cover every AgentCore action: the same shortcut as mayCoverBedrock. */
function mayCoverAgentCore(statement: Statement): boolean {
    if (statement.notActions !== undefined) {
        return true;
    }
    if (!mayApplyToService(statement, AGENTCORE)) {
        return false;
    }
    agentCoreActions ??= actionsOfService(AGENTCORE).length;
    const patterns = bedrockPatterns(statement, AGENTCORE);
    return patterns.some(hasWildcard) || patterns.length >= agentCoreActions;
}

export function findWildcardBedrockActions({ document, unknownIn }: DocumentUnderCheck): Outcome[] {
    const outcomes: Outcome[] = [];
    for (const statement of document.statements) {
        if (statement.effect !== "Allow") {
            continue;
        }
        const unknown = unknownIn(statement);
        const label = statementLabel(statement);
        if (mayCoverBedrock(statement) && statementCoversEveryActionOf(statement, "bedrock")) {
            const how = statement.notActions
                ? `NotAction ${quoted(statement.notActions)}, which leaves every bedrock: action allowed`
                : quoted(bedrockPatterns(statement));
            const message = `Statement ${label} allows every Bedrock action (${how}): list the bedrock: actions it needs, e.g. bedrock:InvokeModel.`;
            // An unknown effect may be Deny; an unknown NotAction entry may exclude Bedrock.
            const status = unknown.has("Effect") || unknown.has("NotAction") ? "undecidable" : "violation";
            outcomes.push({ status, message });
        } else if (mayCoverAgentCore(statement) && statementCoversEveryActionOf(statement, AGENTCORE)) {
            const how = statement.notActions
                ? `NotAction ${quoted(statement.notActions)}, which leaves every bedrock-agentcore: action allowed`
                : quoted(bedrockPatterns(statement, AGENTCORE));
            const message = `Statement ${label} allows every Bedrock AgentCore action (${how}): list the bedrock-agentcore: actions it needs, e.g. bedrock-agentcore:InvokeAgentRuntime.`;
            const status = unknown.has("Effect") || unknown.has("NotAction") ? "undecidable" : "violation";
            outcomes.push({ status, message });
        } else if (unknown.has("Action") && statement.effect === "Allow") {
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
        "No Allow statement may cover every Bedrock action: *, bedrock:*, *:*, any pattern that matches every bedrock: action, or a NotAction that leaves them all allowed; nor every Bedrock AgentCore action (bedrock-agentcore:*) the same way. Reads identity policies, attached broad AWS managed policies and resource policies.",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Replace the wildcard with the Bedrock actions the principal needs (bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream for inference); replace an Allow with NotAction by an Action list; attach a narrower policy than AdministratorAccess, PowerUserAccess or AmazonBedrockFullAccess.",
    configSchema: configSchema(),
    reads: ["identity", "attachment", "resource"],
    reportMalformed: true,
    check: findWildcardBedrockActions,
});
