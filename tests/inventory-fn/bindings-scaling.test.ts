// Issue 11, item 4: the bindings analysis evaluates each principal only against the targets its
// identity Allow statements can cover (inventory-fn/analyse/target-index.ts). Its output must be
// byte for byte that of evaluating every pair (tests/support/reference-*.ts keep that algorithm as
// the oracle), and it must not evaluate every pair.
import { expect } from "chai";
import { INVOKE_MODEL_ACTIONS } from "../../iam/bedrock";
import { parsePolicyDocument } from "../../iam/document";
import type { PolicySource } from "../../iam/evaluate";
import { computeAgentCoreBindings } from "../../inventory-fn/analyse/agentcore";
import { BindingAnalysis, computeBindings, type BindingOptions } from "../../inventory-fn/analyse/bindings";
import { TargetIndex } from "../../inventory-fn/analyse/target-index";
import type { AgentIdentity } from "../../inventory-fn/collect/bedrock";
import type { RunError } from "../../inventory-fn/collect/context";
import type { CollectedPrincipal } from "../../inventory-fn/collect/iam";
import { benchBindingsInput, craftedBindingsInput, type BindingsInput } from "../support/bindings-account";
import { referenceComputeAgentCoreBindings } from "../support/reference-agentcore-bindings";
import { referenceComputeBindings } from "../support/reference-bindings";

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const identity = (...statements: unknown[]): PolicySource[] => [{ policyType: "inline", policyName: "p", document: parsePolicyDocument(doc(...statements)) }];

describe("bindings analysis: indexed targets give the output of evaluating every pair (issue 11)", function () {
    // The reference evaluates every pair: a few seconds on a loaded machine.
    this.timeout(120_000);
    let input: BindingsInput;
    before(() => {
        input = craftedBindingsInput(benchBindingsInput(0.15));
    });

    const both = (options: Omit<BindingOptions, "counter">) => {
        const newErrors: RunError[] = [];
        const oldErrors: RunError[] = [];
        const counted = { evaluations: 0 };
        const referenceCounted = { evaluations: 0 };
        const indexed = computeBindings(input.iam, input.models, input.agents, newErrors, { ...options, counter: counted });
        const reference = referenceComputeBindings(input.iam, input.models, input.agents, oldErrors, { ...options, counter: referenceCounted });
        return { indexed, reference, newErrors, oldErrors, counted, referenceCounted };
    };

    for (const [label, options] of [
        ["conditions decided, no SCP view", () => ({})],
        ["with SCP ceilings", (i: BindingsInput) => ({ scps: i.scps })],
        ["conditions left to the request", () => ({ decideConditions: false })],
    ] as const) {
        it(`agent and model bindings are byte-identical to the reference on the bench account plus crafted shapes: ${label}`, () => {
            const r = both(options(input));
            // Not a vacuous comparison: the account has thousands of bindings, crafted shapes among them.
            expect(r.reference.agentBindings.length).to.be.greaterThan(1000);
            expect(r.reference.modelBindings.length).to.be.greaterThan(1000);
            expect(r.reference.agentBindings.some((b) => b.principalArn.endsWith("/not-resource"))).to.equal(true);
            expect(JSON.stringify(r.indexed.agentBindings)).to.equal(JSON.stringify(r.reference.agentBindings));
            expect(JSON.stringify(r.indexed.modelBindings)).to.equal(JSON.stringify(r.reference.modelBindings));
            expect(r.indexed).to.deep.equal(r.reference);
            expect(r.newErrors).to.deep.equal(r.oldErrors);
            // And with fewer requests evaluated than every pair.
            expect(r.counted.evaluations).to.be.lessThan(r.referenceCounted.evaluations);
        });
    }

    it("the crafted shapes do what they are for (so the comparison covers them)", () => {
        const { agentBindings, modelBindings } = referenceComputeBindings(input.iam, input.models, input.agents, [], { scps: input.scps });
        const agentsOf = (name: string) => agentBindings.filter((b) => b.principalArn.endsWith(`/${name}`)).map((b) => b.agentId);
        expect(agentsOf("alice.crafted")).to.deep.equal(["alice.crafted"]);
        expect(agentsOf("lower-case")).to.deep.equal(["lowercase1"]);
        expect(agentsOf("literal-star")).to.deep.equal([]);
        expect(agentsOf("agent-arn-only")).to.deep.equal([]);
        expect(agentsOf("short-arn").length).to.be.greaterThan(10);
        expect(agentsOf("not-resource").length).to.equal(input.agents.filter((a) => a.aliases.length > 0).length - 1);
        expect(agentBindings.find((b) => b.principalArn.endsWith("/deny"))?.limitedBy?.[0].policyId).to.equal("p-denyoutsidevpce");
        expect(agentBindings.find((b) => b.principalArn.includes("AWSServiceRoleForCrafted"))?.limitedBy).to.equal(undefined);
        expect(modelBindings.some((b) => b.principalArn.endsWith("/boundary") && b.requiresVpce)).to.equal(true);
        expect(modelBindings.some((b) => b.principalArn.endsWith("/question-marks") && b.modelId === "amazon.titan-text-lite-v1")).to.equal(true);
    });

    it("AgentCore bindings are byte-identical to the reference, resource-policy grants and malformed policies included", () => {
        const newErrors: RunError[] = [];
        const oldErrors: RunError[] = [];
        const counted = { evaluations: 0 };
        const referenceCounted = { evaluations: 0 };
        const indexed = computeAgentCoreBindings(input.iam, input.agentCore, input.accountId, newErrors, { counter: counted });
        const reference = referenceComputeAgentCoreBindings(input.iam, input.agentCore, input.accountId, oldErrors, referenceCounted);
        expect(reference.length).to.be.greaterThan(100);
        expect(reference.some((b) => b.principalArn.endsWith("/agentcore-named") && b.grantedBy.every((g) => g.policyType === "resourcePolicy"))).to.equal(true);
        expect(JSON.stringify(indexed)).to.equal(JSON.stringify(reference));
        expect(newErrors).to.deep.equal(oldErrors).and.to.have.length(1);
        expect(counted.evaluations).to.be.lessThan(referenceCounted.evaluations);
    });
});

describe("bindings analysis: a principal is evaluated against its candidate targets only (issue 11)", () => {
    const ACCOUNT = "123456789012";
    const aliasArn = (agentId: string, aliasId: string) => `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent-alias/${agentId}/${aliasId}`;
    const agents: AgentIdentity[] = Array.from({ length: 300 }, (_, i) => {
        const agentId = `AGENT${String(i).padStart(5, "0")}`;
        return {
            agentId,
            agentName: agentId,
            agentArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent/${agentId}`,
            agentStatus: "PREPARED",
            agentResourceRoleArn: null,
            aliases: ["LIVE000001", "TEST000001"].map((aliasId) => ({ aliasId, aliasName: aliasId, aliasArn: aliasArn(agentId, aliasId), agentVersions: ["1"] })),
        };
    });
    const role = (name: string, ...statements: unknown[]): CollectedPrincipal => ({
        type: "role",
        arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
        name,
        id: name,
        path: "/",
        inlinePolicies: [{ name: "p", document: doc(...statements) }],
        attachedPolicyArns: [],
        permissionsBoundaryArn: null,
        groups: [],
    });
    const models = benchBindingsInput(0.01).models;
    const countFor = (principal: CollectedPrincipal) => {
        const counter = { evaluations: 0 };
        const analysis = new BindingAnalysis({ principals: [principal], managedPolicies: new Map() }, models, [], { counter });
        const modelBindings = [...analysis.modelBindingBatches()].flat();
        const agentBindings = [...analysis.agentBindingBatches(agents)].flat();
        return { evaluations: counter.evaluations, agentBindings, modelBindings };
    };

    it("one statement naming one alias: one request evaluated, not one per alias and model", () => {
        const r = countFor(role("narrow", { Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: aliasArn("AGENT00042", "LIVE000001") }));
        expect(r.agentBindings.map((b) => b.aliasArns)).to.deep.equal([[aliasArn("AGENT00042", "LIVE000001")]]);
        expect(r.evaluations).to.equal(1);
    });

    it("one agent's aliases and one model family: as many requests as they have targets", () => {
        const r = countFor(
            role(
                "family",
                { Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: aliasArn("AGENT00007", "*") },
                { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:us-east-1::foundation-model/meta.*" },
            ),
        );
        const meta = models.filter((m) => m.modelId.startsWith("meta.")).length;
        expect(r.agentBindings.map((b) => b.agentId)).to.deep.equal(["AGENT00007"]);
        expect(r.modelBindings).to.have.length(meta);
        // Each candidate model is evaluated for each invoke action, as before.
        expect(r.evaluations).to.equal(2 + meta * INVOKE_MODEL_ACTIONS.length);
    });

    it("Resource * is still every target (and every one is a binding)", () => {
        const r = countFor(role("star", { Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: "*" }));
        expect(r.agentBindings).to.have.length(300);
        expect(r.evaluations).to.equal(600);
    });

    it("an AgentCore principal with one narrow grant, or named by one resource policy, is evaluated against that resource only", () => {
        const base = craftedBindingsInput(benchBindingsInput(0.2));
        const principals = base.iam.principals.filter((p) => p.arn.endsWith("/agentcore-runtime-only") || p.arn.endsWith("/agentcore-named"));
        expect(principals).to.have.length(2);
        const counter = { evaluations: 0 };
        const bindings = computeAgentCoreBindings({ principals, managedPolicies: base.iam.managedPolicies }, base.agentCore, base.accountId, [], { counter });
        const total = base.agentCore.runtimes.reduce((n, r) => n + r.endpoints.length * 2, 0) + base.agentCore.gateways.length;
        expect(total).to.be.greaterThan(40);
        // agentcore-runtime-only: the crafted runtime's two paths (runtime + endpoint each, its
        // runtime policy evaluated too); agentcore-named: that runtime's paths and the crafted gateway.
        expect(counter.evaluations).to.be.at.most(20);
        expect(bindings.map((b) => [b.principalArn.split("/").pop(), b.resourceName])).to.deep.include(["agentcore-named", "crafted_runtime"]);
    });
});

describe("TargetIndex: the candidates an Allow statement may cover", () => {
    const arns = [
        "arn:aws:bedrock:us-east-1:123456789012:agent-alias/ABC/LIVE",
        "arn:aws:bedrock:us-east-1:123456789012:agent-alias/abc/LIVE",
        "arn:aws:bedrock:us-east-1:123456789012:agent-alias/ABD/LIVE",
        "arn:aws:bedrock:us-west-2:123456789012:agent-alias/ABC/LIVE",
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1",
    ];
    const index = new TargetIndex(arns);
    const names = (...statements: unknown[]) => index.candidates(identity(...statements));

    it("ARNs compare case-sensitively: `abc` is not `ABC`", () => {
        expect(names({ Effect: "Allow", Action: "*", Resource: "arn:aws:bedrock:us-east-1:123456789012:agent-alias/abc/*" })).to.deep.equal([1]);
        expect(names({ Effect: "Allow", Action: "*", Resource: "arn:aws:bedrock:us-east-1:123456789012:agent-alias/AB?/LIVE" })).to.deep.equal([0, 2]);
    });

    it("reads patterns the loose way: a wildcard inside a segment crosses colons, a short ARN reads as its prefix", () => {
        expect(names({ Effect: "Allow", Action: "*", Resource: "arn:aws:bedrock:us-*:123456789012:agent-alias/ABC/*" })).to.deep.equal([0, 3]);
        expect(names({ Effect: "Allow", Action: "*", Resource: "arn:aws:bedrock:us-west-2" })).to.deep.equal([3]);
    });

    it("a variable reads as any string; `${*}` as a literal star", () => {
        expect(names({ Effect: "Allow", Action: "*", Resource: "arn:aws:bedrock:us-east-1:123456789012:agent-alias/${aws:username}/LIVE" })).to.deep.equal([0, 1, 2]);
        expect(names({ Effect: "Allow", Action: "*", Resource: "arn:aws:bedrock:us-east-1:123456789012:agent-alias/${*}/LIVE" })).to.deep.equal([]);
    });

    it("NotResource covers what its patterns do not match; a variable in it excludes nothing for sure", () => {
        expect(names({ Effect: "Allow", Action: "*", NotResource: "arn:aws:bedrock:*:*:agent-alias/*" })).to.deep.equal([4]);
        expect(names({ Effect: "Allow", Action: "*", NotResource: "arn:aws:bedrock:us-east-1:123456789012:agent-alias/${aws:username}/*" })).to.deep.equal([0, 1, 2, 3, 4]);
    });

    it("Deny statements and statements without Resource cover nothing; Resource * covers everything", () => {
        expect(names({ Effect: "Deny", Action: "*", Resource: "*" }, { Effect: "Allow", Action: "*" })).to.deep.equal([]);
        expect(names({ Effect: "Allow", Action: "*", Resource: "*" })).to.deep.equal([0, 1, 2, 3, 4]);
    });
});
