// Issue 15, item 6: the core rules over Amazon Bedrock AgentCore, through the CrossGuard harness.
// bedrock-invoke-model-no-wildcard-resource reports invoke on every AgentCore runtime or gateway
// (IAM semantics: pattern inclusion of the id grammar, iam/agentcore.ts), and the resource-policy
// rules read AgentCore resource policies (aws.bedrock.AgentcoreResourcePolicy) through
// policy-pack/lib/sources.ts.
import { expect } from "chai";
import { doc, docObject, judge, of, planned, run, UNKNOWN_AT_PREVIEW } from "./harness";

const RULE = "bedrock-invoke-model-no-wildcard-resource";
const ACCOUNT = "arn:aws:bedrock-agentcore:us-east-1:111122223333";
const RUNTIME = `${ACCOUNT}:runtime/support_agent-a1B2c3D4e5`;
const OTHER_RUNTIME = `${ACCOUNT}:runtime/billing-Z9y8X7w6V5`;
const GATEWAY = `${ACCOUNT}:gateway/tools-gw-abcdefghij`;
const INVOKE_RUNTIME = "bedrock-agentcore:InvokeAgentRuntime";
const INVOKE_GATEWAY = "bedrock-agentcore:InvokeGateway";

const allow = (action: unknown, resource: unknown, extra: object = {}) => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });
const statuses = async (policy: unknown) => (await judge(RULE, policy)).map((f) => f.status);

describe("policy pack: AgentCore invoke on every runtime or gateway", () => {
    describe("runtimes", () => {
        it("reports InvokeAgentRuntime on every runtime of an account, with the pattern and the fix", async () => {
            const [finding] = await judge(RULE, doc(allow(INVOKE_RUNTIME, `${ACCOUNT}:runtime/*`)));
            expect(finding.status).to.equal("violation");
            expect(finding.message).to.equal(
                `RolePolicy "doc-under-test" policy: Statement #0 allows bedrock-agentcore:InvokeAgentRuntime on "${ACCOUNT}:runtime/*", which matches every AgentCore runtime: name the runtime ARNs it needs.`,
            );
        });

        for (const resource of [
            "*",
            "arn:aws:bedrock-agentcore:*",
            "arn:aws:bedrock-agentcore:*:*:runtime/*",
            "arn:*:bedrock-agentcore:us-east-1:111122223333:*",
            // Every runtime id ends in a hyphen and ten generated characters.
            `${ACCOUNT}:runtime/*-??????????`,
            // Every endpoint of every runtime: InvokeAgentRuntime is authorized on the endpoint's ARN too.
            `${ACCOUNT}:runtime/*/runtime-endpoint/*`,
            `${ACCOUNT}:runtime/*/runtime-endpoint/DEFAULT`,
            // A policy variable may resolve to any account: the grant is read as wide as it may be.
            "arn:aws:bedrock-agentcore:us-east-1:${aws:PrincipalAccount}:runtime/*",
        ]) {
            it(`reports it on ${resource}`, async () => {
                expect(await statuses(doc(allow(INVOKE_RUNTIME, resource)))).to.deep.equal(["violation"]);
            });
        }

        it("reads a Resource list as one grant: patterns that together reach every runtime id", async () => {
            // A runtime id starts with an ASCII letter: one pattern per letter covers them all.
            const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
            const everyLetter = letters.map((l) => `${ACCOUNT}:runtime/${l}*`);
            const [finding] = await judge(RULE, doc(allow(INVOKE_RUNTIME, everyLetter)));
            expect(finding.status).to.equal("violation");
            expect(finding.message).to.contain("which together match every AgentCore runtime");
            // One letter short, and the list no longer reaches every runtime.
            expect(await statuses(doc(allow(INVOKE_RUNTIME, everyLetter.filter((p) => !p.endsWith("/Q*")))))).to.deep.equal([]);
        });

        it("reports every runtime invoke action: by name in any case, by wildcard, through NotAction", async () => {
            for (const action of [
                "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream",
                "bedrock-agentcore:InvokeAgentRuntimeCommandShell",
                "BEDROCK-AGENTCORE:invokeagentruntime",
                "bedrock-agentcore:InvokeAgent*",
                "bedrock-agent*:Invoke*Runtime",
            ]) {
                expect(await statuses(doc(allow(action, `${ACCOUNT}:runtime/*`))), action).to.deep.equal(["violation"]);
            }
            expect(await statuses(doc({ Effect: "Allow", NotAction: "bedrock:*", Resource: `${ACCOUNT}:runtime/*` }))).to.deep.equal(["violation"]);
        });

        it("reports a NotResource that leaves every runtime: excluding one runtime still allows the others", async () => {
            const [finding] = await judge(RULE, doc({ Effect: "Allow", Action: INVOKE_RUNTIME, NotResource: RUNTIME }));
            expect(finding.status).to.equal("violation");
            expect(finding.message).to.equal(
                `RolePolicy "doc-under-test" policy: Statement #0 allows bedrock-agentcore:InvokeAgentRuntime on every resource except NotResource "${RUNTIME}", which leaves every AgentCore runtime: replace NotResource with Resource listing the runtime ARNs it needs.`,
            );
            // Excluding every runtime of one account leaves those of every other account; excluding
            // every runtime of the aws partition leaves aws-cn's and aws-us-gov's.
            expect(await statuses(doc({ Effect: "Allow", Action: INVOKE_RUNTIME, NotResource: `${ACCOUNT}:runtime/*` }))).to.deep.equal(["violation"]);
            expect(await statuses(doc({ Effect: "Allow", Action: INVOKE_RUNTIME, NotResource: "arn:aws:bedrock-agentcore:*:*:runtime/*" }))).to.deep.equal(["violation"]);
        });

        it("accepts a NotResource that excludes every runtime ARN (the statement then reaches none)", async () => {
            expect(await statuses(doc({ Effect: "Allow", Action: INVOKE_RUNTIME, NotResource: "arn:*:bedrock-agentcore:*:*:runtime/*" }))).to.deep.equal([]);
            expect(await statuses(doc({ Effect: "Allow", Action: INVOKE_RUNTIME, NotResource: "*" }))).to.deep.equal([]);
        });

        for (const resource of [
            RUNTIME,
            [RUNTIME, OTHER_RUNTIME],
            // One runtime's name: its versions' ids, not every runtime.
            `${ACCOUNT}:runtime/support_agent-*`,
            // Nine characters after the hyphen match no runtime id at all.
            `${ACCOUNT}:runtime/*-?????????`,
            // The endpoints of one runtime; gateways.
            `${RUNTIME}/runtime-endpoint/*`,
            `${ACCOUNT}:gateway/*`,
        ]) {
            it(`accepts InvokeAgentRuntime on ${JSON.stringify(resource)}`, async () => {
                expect(await statuses(doc(allow(INVOKE_RUNTIME, resource)))).to.deep.equal([]);
            });
        }

        it("leaves alone actions that do not invoke, and Deny statements", async () => {
            expect(await statuses(doc(allow(["bedrock-agentcore:GetAgentRuntime", "bedrock-agentcore:ListAgentRuntimes"], "*")))).to.deep.equal([]);
            expect(await statuses(doc({ Effect: "Deny", Action: INVOKE_RUNTIME, Resource: "*" }))).to.deep.equal([]);
        });
    });

    describe("gateways", () => {
        it("reports InvokeGateway on every gateway", async () => {
            for (const resource of ["*", `${ACCOUNT}:gateway/*`, "arn:aws:bedrock-agentcore:*:*:gateway/*", "arn:aws:bedrock-agentcore:us-east-1:111122223333:*"]) {
                expect(await statuses(doc(allow(INVOKE_GATEWAY, resource))), resource).to.deep.equal(["violation"]);
            }
            const [finding] = await judge(RULE, doc(allow(INVOKE_GATEWAY, "*")));
            expect(finding.message).to.equal('RolePolicy "doc-under-test" policy: Statement #0 allows bedrock-agentcore:InvokeGateway on "*": list the gateway ARNs it needs.');
        });

        it("accepts one gateway, a gateway family, and runtime patterns", async () => {
            for (const resource of [GATEWAY, `${ACCOUNT}:gateway/tools-*`, `${ACCOUNT}:runtime/*`]) {
                expect(await statuses(doc(allow(INVOKE_GATEWAY, resource))), resource).to.deep.equal([]);
            }
        });

        it("reports a NotResource that excludes one gateway", async () => {
            expect(await statuses(doc({ Effect: "Allow", Action: INVOKE_GATEWAY, NotResource: GATEWAY }))).to.deep.equal(["violation"]);
        });
    });

    describe("one finding per statement", () => {
        it("bedrock-agentcore:Invoke* covers runtimes and gateways: one finding naming both", async () => {
            const [finding, ...rest] = await judge(RULE, doc(allow("bedrock-agentcore:Invoke*", "*")));
            expect(rest).to.deep.equal([]);
            expect(finding.status).to.equal("violation");
            expect(finding.message).to.match(
                /^RolePolicy "doc-under-test" policy: Statement #0 allows bedrock-agentcore:InvokeAgentRuntime, bedrock-agentcore:InvokeAgentRuntimeForUser, .*bedrock-agentcore:InvokeAgentRuntimeCommandShell on "\*": list the runtime ARNs it needs\. It also allows bedrock-agentcore:InvokeGateway on "\*": list the gateway ARNs it needs\.$/,
            );
        });

        it('Action "*" on Resource "*": models, runtimes and gateways in one finding', async () => {
            const [finding, ...rest] = await judge(RULE, doc(allow("*", "*")));
            expect(rest).to.deep.equal([]);
            expect(finding.message).to.match(/allows bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream on "\*": list the model ARNs it needs\. It also allows bedrock-agentcore:InvokeAgentRuntime, .* It also allows bedrock-agentcore:InvokeGateway on "\*"/);
        });

        it("a statement that reaches every runtime but only one gateway reports the runtimes only", async () => {
            const [finding] = await judge(RULE, doc(allow([INVOKE_RUNTIME, INVOKE_GATEWAY], [`${ACCOUNT}:runtime/*`, GATEWAY])));
            expect(finding.message).to.not.contain("InvokeGateway");
        });
    });

    describe("values unknown at preview, and exemptions", () => {
        it("cannot decide an unknown Resource on an invoke grant, nor an unknown NotResource entry", async () => {
            expect(await statuses(docObject(allow(INVOKE_GATEWAY, UNKNOWN_AT_PREVIEW)))).to.deep.equal(["undecidable"]);
            expect(await statuses(docObject({ Effect: "Allow", Action: INVOKE_RUNTIME, NotResource: [RUNTIME, UNKNOWN_AT_PREVIEW] }))).to.deep.equal(["undecidable"]);
        });

        it("cannot decide an unknown Effect; decides a known wildcard next to an unknown Resource entry", async () => {
            expect(await statuses(docObject(allow(INVOKE_RUNTIME, "*", { Effect: UNKNOWN_AT_PREVIEW })))).to.deep.equal(["undecidable"]);
            expect(await statuses(docObject(allow(INVOKE_RUNTIME, [`${ACCOUNT}:runtime/*`, UNKNOWN_AT_PREVIEW])))).to.deep.equal(["violation"]);
            // A known runtime next to an unknown entry: the unknown one may be a wildcard.
            expect(await statuses(docObject(allow(INVOKE_RUNTIME, [RUNTIME, UNKNOWN_AT_PREVIEW])))).to.deep.equal(["undecidable"]);
        });

        it("an unknown Action on Resource * gives one 'cannot decide' for the statement", async () => {
            expect(await statuses(docObject(allow(UNKNOWN_AT_PREVIEW, "*")))).to.deep.equal(["undecidable"]);
            // On a runtime pattern the model part says nothing: the AgentCore part cannot decide.
            expect(await statuses(docObject(allow(UNKNOWN_AT_PREVIEW, `${ACCOUNT}:runtime/*`)))).to.deep.equal(["undecidable"]);
        });

        it("turns the finding into an advisory one on an exempted resource", async () => {
            const findings = of(
                await run(planned("aws:iam/rolePolicy:RolePolicy", "agent-caller", { role: "r", policy: doc(allow(INVOKE_RUNTIME, "*")) }), {
                    config: { [RULE]: { exemptions: [{ resource: "agent-caller", reason: "load-test harness invokes every runtime (QA-12)" }] } },
                }),
                RULE,
            );
            expect(findings.map((f) => [f.status, f.enforcementLevel])).to.deep.equal([["exempted", "advisory"]]);
            expect(findings[0].message).to.match(/^exempted: load-test harness invokes every runtime \(QA-12\)/);
        });
    });
});

describe("policy pack: AgentCore resource policies read as resource policies", () => {
    const RESOURCE_POLICY = "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy";
    const caller = { AWS: "arn:aws:iam::444455556666:role/caller" };
    const resourcePolicy = (name: string, policy: unknown) => planned(RESOURCE_POLICY, name, { resourceArn: RUNTIME, policy });
    const rules = async (policy: unknown, options = {}) => {
        const findings = await run(resourcePolicy("runtime-policy", policy), options);
        return Object.fromEntries(
            ["bedrock-no-wildcard-actions", "agentcore-resource-policy-not-public", RULE, "iam-allow-not-action"].map((rule) => [rule, of(findings, rule).map((f) => f.status)]),
        );
    };

    it("bedrock-no-wildcard-actions reports every AgentCore action granted by a resource policy", async () => {
        const findings = of(await run(resourcePolicy("runtime-policy", doc({ Effect: "Allow", Principal: caller, Action: "bedrock-agentcore:*", Resource: "*" }))), "bedrock-no-wildcard-actions");
        expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
        expect(findings[0].message).to.equal(
            'AgentcoreResourcePolicy "runtime-policy" policy: Statement #0 allows every Bedrock AgentCore action ("bedrock-agentcore:*"): list the bedrock-agentcore: actions it needs, e.g. bedrock-agentcore:InvokeAgentRuntime.',
        );
        expect((await rules(doc({ Effect: "Allow", Principal: caller, NotAction: "bedrock:*", Resource: "*" })))["iam-allow-not-action"]).to.deep.equal(["violation"]);
    });

    it("a named action on the resource itself is fine; Resource * in a resource policy is not every runtime", async () => {
        expect(await rules(doc({ Effect: "Allow", Principal: caller, Action: INVOKE_RUNTIME, Resource: "*" }))).to.deep.equal({
            "bedrock-no-wildcard-actions": [],
            "agentcore-resource-policy-not-public": [],
            [RULE]: [],
            "iam-allow-not-action": [],
        });
    });

    it("both AgentCore rules judge the same document: public and every action", async () => {
        const verdicts = await rules(doc({ Effect: "Allow", Principal: "*", Action: "bedrock-agentcore:*", Resource: "*" }));
        expect(verdicts["bedrock-no-wildcard-actions"]).to.deep.equal(["violation"]);
        expect(verdicts["agentcore-resource-policy-not-public"]).to.deep.equal(["violation"]);
    });

    it("a policy unknown at preview is undecidable for both; unreadable text is a violation of both", async () => {
        const unknown = await rules(UNKNOWN_AT_PREVIEW);
        expect(unknown["bedrock-no-wildcard-actions"]).to.deep.equal(["undecidable"]);
        expect(unknown["agentcore-resource-policy-not-public"]).to.deep.equal(["undecidable"]);
        const broken = await rules('{"Version": "2012-10-17", "Statement": [}');
        expect(broken["bedrock-no-wildcard-actions"]).to.deep.equal(["violation"]);
        expect(broken["agentcore-resource-policy-not-public"]).to.deep.equal(["violation"]);
    });

    it("a Principal unknown at preview is not read as a public grant", async () => {
        const verdicts = await rules(docObject({ Effect: "Allow", Principal: { AWS: UNKNOWN_AT_PREVIEW }, Action: INVOKE_RUNTIME, Resource: "*" }));
        expect(verdicts["agentcore-resource-policy-not-public"]).to.deep.equal(["undecidable"]);
    });

    it("exempts per rule", async () => {
        const exemption = { exemptions: [{ resource: "runtime-policy", reason: "sandbox account, torn down nightly (SBX-3)" }] };
        const findings = of(
            await run(resourcePolicy("runtime-policy", doc({ Effect: "Allow", Principal: caller, Action: "bedrock-agentcore:*", Resource: "*" })), {
                config: { "bedrock-no-wildcard-actions": exemption },
            }),
            "bedrock-no-wildcard-actions",
        );
        expect(findings.map((f) => f.status)).to.deep.equal(["exempted"]);
        expect(findings[0].message).to.match(/^exempted: sandbox account, torn down nightly \(SBX-3\)/);
    });
});
