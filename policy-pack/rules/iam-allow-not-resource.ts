// An Allow with NotResource applies to every resource not listed, in every account and region,
// now and later: effectively Resource "*" with exceptions.
import { statementLabel } from "../../iam";
import { documentRule, quoted, type DocumentUnderCheck } from "../lib/document-rule";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "iam-allow-not-resource";

export function findAllowNotResource({ document, unknownIn }: DocumentUnderCheck): Outcome[] {
    return document.statements
        .filter((statement) => statement.effect === "Allow" && statement.notResources)
        .map((statement) => ({
            status: unknownIn(statement).has("Effect") ? "undecidable" : "violation",
            message: `Statement ${statementLabel(statement)} is an Allow with NotResource ${quoted(statement.notResources ?? [])}, which applies to every other resource: list the resources it needs in Resource.`,
        }));
}

export const iamAllowNotResource = documentRule<RuleConfig>({
    name: NAME,
    description: "Reports an Allow statement with NotResource: it applies to every resource not listed, in any account.",
    enforcementLevel: "advisory",
    remediationSteps: "Replace NotResource with a Resource list; keep NotResource for Deny statements.",
    configSchema: configSchema(),
    reads: ["identity", "attachment", "resource"],
    reportMalformed: false,
    check: findAllowNotResource,
});
