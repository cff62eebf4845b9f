import { expect } from "chai";
import { doc, docObject, judge, verdicts } from "./harness";

const RULE = "bedrock-invoke-model-no-wildcard-resource";
const HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const invoke = (resource: unknown, action: unknown = "bedrock:InvokeModel") => ({ Sid: "Invoke", Effect: "Allow", Action: action, Resource: resource });

describe("policy pack: bedrock-invoke-model-no-wildcard-resource", () => {
    for (const resource of [
        "*",
        "arn:aws:bedrock:*::foundation-model/*",
        "arn:aws:bedrock:us-east-1::foundation-model/*",
        "arn:aws:bedrock:*",
        "arn:*:bedrock:*:*:*",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/*",
        "arn:aws:bedrock:*:*:inference-profile/*",
        [HAIKU, "arn:aws:bedrock:eu-west-1::foundation-model/*"],
    ]) {
        it(`reports InvokeModel on ${JSON.stringify(resource)}`, async () => {
            expect(await verdicts(RULE, doc(invoke(resource)))).to.deep.equal(["violation"]);
        });
    }

    describe("every model means every id of Bedrock's documented grammar (provider, a dot, a name)", () => {
        // Every foundation model id has a dot, so these reach every model; an id without one (the
        // probe "0" the rule used to try) is not a model id.
        for (const resource of [
            "arn:aws:bedrock:*::foundation-model/*.*",
            "arn:aws:bedrock:us-east-1::foundation-model/?*.?*",
            "arn:aws:bedrock:*:*:inference-profile/*.*.*",
        ]) {
            it(`reports ${resource}`, async () => {
                expect(await verdicts(RULE, doc(invoke(resource)))).to.deep.equal(["violation"]);
            });
        }

        // Models whose id ends in 0, or contains a -v: many, not all (anthropic.claude-v2 ends in 2).
        for (const resource of ["arn:aws:bedrock:*::foundation-model/*0", "arn:aws:bedrock:*::foundation-model/*-v*:*", "arn:aws:bedrock:*:*:inference-profile/us.*"]) {
            it(`does not report ${resource}`, async () => {
                expect(await verdicts(RULE, doc(invoke(resource)))).to.deep.equal([]);
            });
        }
    });

    it("reports a NotResource, whatever it lists", async () => {
        const findings = await judge(RULE, doc({ Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: HAIKU }));
        expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
        expect(findings[0].message).to.contain("NotResource");
    });

    for (const action of [
        "bedrock:InvokeModelWithResponseStream",
        "bedrock:invokemodel",
        "BEDROCK:INVOKEMODEL",
        "bedrock:Invoke*",
        "bedrock:InvokeModel*",
        "bedrock:*",
        "*",
        "bedrock:Invoke?odel",
    ]) {
        it(`sees the invoke action in ${action}`, async () => {
            expect(await verdicts(RULE, doc(invoke("*", action)))).to.deep.equal(["violation"]);
        });
    }

    it("sees the invoke action through NotAction", async () => {
        expect(await verdicts(RULE, doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).to.deep.equal(["violation"]);
        expect(await verdicts(RULE, doc({ Effect: "Allow", NotAction: ["bedrock:InvokeModel*", "bedrock-agentcore:*"], Resource: "*" }))).to.deep.equal([]);
        // Leaving out the model actions still leaves every AgentCore invoke action on everything.
        const [finding] = await judge(RULE, doc({ Effect: "Allow", NotAction: "bedrock:InvokeModel*", Resource: "*" }));
        expect(finding.status).to.equal("violation");
        expect(finding.message).to.match(/^RolePolicy "doc-under-test" policy: Statement #0 allows bedrock-agentcore:InvokeAgentRuntime, .* on "\*": list the runtime ARNs it needs\. It also allows bedrock-agentcore:InvokeGateway on "\*": list the gateway ARNs it needs\.$/);
    });

    for (const resource of [
        HAIKU,
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.*",
        "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-*",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
    ]) {
        it(`does not report ${resource} (a model or a family)`, async () => {
            expect(await verdicts(RULE, doc(invoke(resource)))).to.deep.equal([]);
        });
    }

    it("does not report other actions on *, nor a Deny", async () => {
        expect(await verdicts(RULE, doc(invoke("*", ["bedrock:ListFoundationModels", "bedrock:InvokeAgent"])))).to.deep.equal([]);
        expect(await verdicts(RULE, doc({ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*" }))).to.deep.equal([]);
    });

    it("names the statement, the actions, the resource and the fix", async () => {
        const [finding] = await judge(RULE, doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, { ...invoke("*"), Sid: "InvokeAll" }));
        expect(finding.message).to.equal('RolePolicy "doc-under-test" policy: Statement "InvokeAll" (#1) allows bedrock:InvokeModel on "*": list the model ARNs it needs.');
        const [pattern] = await judge(RULE, docObject(invoke("arn:aws:bedrock:*::foundation-model/*")));
        expect(pattern.message).to.contain('on "arn:aws:bedrock:*::foundation-model/*", which matches every model: name the models');
    });

    describe("approvedModelFamilies", () => {
        const config = { [RULE]: { approvedModelFamilies: ["anthropic.claude-3-haiku", "amazon.titan-embed"] } };

        it("accepts models and family patterns inside the approved families", async () => {
            expect(await verdicts(RULE, doc(invoke([HAIKU, "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-*"])), { config })).to.deep.equal([]);
            expect(await verdicts(RULE, doc(invoke("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0")), { config })).to.deep.equal([]);
        });

        it("decides by the ARNs a pattern matches, not by the text before its first wildcard", async () => {
            // No "foundation-model/" in the text, yet it reaches every Anthropic model.
            expect(await verdicts(RULE, doc(invoke("arn:aws:bedrock:*:*:*/anthropic.*")), { config })).to.deep.equal(["violation"]);
            // A two-letter geography, then the family: within it, though the text starts with "?".
            expect(await verdicts(RULE, doc(invoke("arn:aws:bedrock:us-east-1:123456789012:inference-profile/??.anthropic.claude-3-haiku*")), { config })).to.deep.equal([]);
            // Not a model ARN at all: families do not speak to it.
            expect(await verdicts(RULE, doc(invoke("arn:aws:bedrock:us-east-1:123456789012:agent-alias/*")), { config })).to.deep.equal([]);
        });

        it("reports a model or a pattern that reaches outside them", async () => {
            const sonnet = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0";
            expect(await verdicts(RULE, doc(invoke(sonnet)), { config })).to.deep.equal(["violation"]);
            const [finding] = await judge(RULE, doc(invoke("arn:aws:bedrock:us-east-1::foundation-model/anthropic.*")), { config });
            expect(finding.message).to.contain("outside the approved model families (anthropic.claude-3-haiku, amazon.titan-embed)");
        });
    });
});
