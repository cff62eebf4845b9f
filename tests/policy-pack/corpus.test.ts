import { expect } from "chai";
import { CORPUS } from "./corpus";
import { of, planned, run } from "./harness";

const DOCUMENT_RULES = [
    "bedrock-no-wildcard-actions",
    "bedrock-invoke-model-no-wildcard-resource",
    "bedrock-invoke-requires-vpce",
    "bedrock-restricted-actions",
    "iam-unknown-actions",
    "iam-passrole-unscoped",
    "iam-allow-not-action",
    "iam-allow-not-resource",
];

describe("policy pack: corpus of real-world policies", () => {
    for (const entry of CORPUS) {
        it(entry.name, async () => {
            // Hygiene rules judge other properties of these resources; only the document rules are asked here.
            const findings = await run(planned(entry.type, "corpus", { policy: entry.policy, enableKeyRotation: true }));
            const actual = Object.fromEntries(
                DOCUMENT_RULES.map((rule) => [rule, of(findings, rule).map((f) => f.status)] as const).filter(([rule, statuses]) => statuses.length > 0 || entry.expected[rule]),
            );
            const expected = Object.fromEntries(DOCUMENT_RULES.filter((rule) => entry.expected[rule] || actual[rule]).map((rule) => [rule, [...(entry.expected[rule] ?? [])]]));
            expect(actual).to.deep.equal(expected);
        });
    }
});
