// SCPs as ceilings on the bindings (issue 16, item 5): pure cases over computeBindings, then the
// run over the fixture account as a member account (no view) and as one that sees its SCPs.
import { expect } from "chai";
import { computeBindings, type BindingOptions } from "../../inventory-fn/analyse/bindings";
import type { CollectedModel, AgentIdentity } from "../../inventory-fn/collect/bedrock";
import type { CollectedPrincipal, IamSnapshot } from "../../inventory-fn/collect/iam";
import type { RunError } from "../../inventory-fn/collect/context";
import { parsePolicyDocument } from "../../iam/document";
import type { ScpLevel } from "../../iam/evaluate";
import { validateArtifact } from "../../inventory-fn/write/schemas";
import { ACCOUNT as FIXTURE_ACCOUNT, type FakeOrganization } from "../fixtures/inventory-account";
import { RUN_PREFIX, runFixture } from "./harness";

const ACCOUNT = "123456789012";
const MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
const MODEL_ARN = `arn:aws:bedrock:us-east-1::foundation-model/${MODEL_ID}`;
const models: CollectedModel[] = [
    { modelId: MODEL_ID, modelArn: MODEL_ARN, modelName: null, providerName: null, inputModalities: [], outputModalities: [], lifecycleStatus: "ACTIVE", inferenceTypesSupported: [], responseStreamingSupported: true },
];
const AGENT_ID = "AGENT00001";
const ALIAS = `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent-alias/${AGENT_ID}/ALIAS00001`;
const agents: AgentIdentity[] = [
    {
        agentId: AGENT_ID,
        agentName: "agent",
        agentArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent/${AGENT_ID}`,
        agentStatus: "PREPARED",
        agentResourceRoleArn: null,
        aliases: [{ aliasId: "ALIAS00001", aliasName: "prod", aliasArn: ALIAS, agentVersions: ["1"] }],
    },
];

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const INVOKE_ALL = doc({ Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:InvokeAgent"], Resource: "*" });
const role = (name: string, path = "/"): CollectedPrincipal => ({
    type: "role",
    arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
    name,
    id: name,
    path,
    inlinePolicies: [{ name: "invoke", document: INVOKE_ALL }],
    attachedPolicyArns: [],
    permissionsBoundaryArn: null,
    groups: [],
});
const INVOKER = role("Invoker");
const SERVICE_LINKED = role("AWSServiceRoleForExample", "/aws-service-role/example.amazonaws.com/");
const iam: IamSnapshot = { principals: [INVOKER, SERVICE_LINKED], managedPolicies: new Map() };

const ORG = `arn:aws:organizations::999988887777:policy/o-abcdefghij/service_control_policy`;
const scp = (id: string, name: string, ...statements: unknown[]) => ({
    policyType: "scp" as const,
    policyArn: id === "p-FullAWSAccess" ? "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" : `${ORG}/${id}`,
    policyName: name,
    document: parsePolicyDocument(doc(...statements)),
});
const FULL = scp("p-FullAWSAccess", "FullAWSAccess", { Effect: "Allow", Action: "*", Resource: "*" });
/** root (FullAWSAccess), one OU with `ou`, the account (FullAWSAccess). */
const path = (...ou: ReturnType<typeof scp>[]): ScpLevel[] => [
    { target: "r-ab12", policies: [FULL] },
    { target: "ou-ab12-bedrock1", policies: ou },
    { target: ACCOUNT, policies: [FULL] },
];

function bind(options: BindingOptions = {}) {
    const errors: RunError[] = [];
    const result = computeBindings(iam, models, agents, errors, options);
    const of = (p: CollectedPrincipal) => ({
        models: result.modelBindings.filter((b) => b.principalArn === p.arn),
        agents: result.agentBindings.filter((b) => b.principalArn === p.arn),
    });
    return { ...result, errors, invoker: of(INVOKER), serviceLinked: of(SERVICE_LINKED) };
}

describe("inventory analysis: SCPs as ceilings on the bindings", () => {
    it("without SCPs (no view), both roles may invoke the model and the agent, unconditionally", () => {
        const { invoker, serviceLinked } = bind();
        expect(invoker.models.map((b) => b.actions)).to.deep.equal([["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]]);
        expect(invoker.agents).to.have.length(1);
        expect(serviceLinked.models).to.have.length(1);
        expect(invoker.models[0]).to.not.have.property("limitedBy");
        expect(invoker.models[0].conditional).to.equal(false);
    });

    it("an SCP Deny removes the binding it denies; a service-linked role is outside SCPs", () => {
        const denyModels = scp("p-denymodels1", "DenyModelInvocation", { Sid: "NoModels", Effect: "Deny", Action: "bedrock:InvokeModel*", Resource: "*" });
        const { invoker, serviceLinked } = bind({ scps: path(FULL, denyModels) });
        expect(invoker.models).to.deep.equal([]);
        // InvokeAgent is not denied: that binding stays, and is not marked.
        expect(invoker.agents).to.have.length(1);
        expect(invoker.agents[0]).to.not.have.property("limitedBy");
        expect(serviceLinked.models).to.have.length(1);
    });

    it("an SCP Allow list without the action removes the binding (the level allows nothing of it)", () => {
        const onlyAgents = scp("p-onlyagents1", "AllowAgentsOnly", { Effect: "Allow", Action: ["bedrock:InvokeAgent", "s3:*"], Resource: "*" });
        const { invoker } = bind({ scps: path(onlyAgents) });
        expect(invoker.models).to.deep.equal([]);
        expect(invoker.agents.map((b) => b.aliasArns)).to.deep.equal([[ALIAS]]);
        // And a level allowing nothing Bedrock removes both.
        const onlyS3 = scp("p-onlys311111", "AllowS3Only", { Effect: "Allow", Action: "s3:*", Resource: "*" });
        const none = bind({ scps: path(onlyS3) });
        expect(none.invoker.models).to.deep.equal([]);
        expect(none.invoker.agents).to.deep.equal([]);
    });

    it("a conditional SCP Deny on aws:SourceVpce makes the binding conditional and names the SCP in limitedBy", () => {
        const vpceOnly = scp("p-vpceonly111", "BedrockViaVpceOnly", {
            Sid: "InvokeThroughEndpoint",
            Effect: "Deny",
            Action: "bedrock:InvokeModel*",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0abc" } },
        });
        const { invoker, serviceLinked, modelBindings, agentBindings } = bind({ scps: path(FULL, vpceOnly) });
        expect(invoker.models).to.have.length(1);
        expect(invoker.models[0]).to.include({ conditional: true });
        expect(invoker.models[0].conditionKeys).to.deep.equal(["aws:SourceVpce"]);
        expect(invoker.models[0].limitedBy).to.deep.equal([{ policyId: "p-vpceonly111", policyName: "BedrockViaVpceOnly", sid: "InvokeThroughEndpoint", statementIndex: 0 }]);
        // The grant is the identity policy's, never the SCP's.
        expect(invoker.models[0].grantedBy.map((g) => g.policyType)).to.deep.equal(["inline"]);
        // The agent binding is not limited by it; the service-linked role is not either.
        expect(invoker.agents[0]).to.include({ conditional: false });
        expect(invoker.agents[0]).to.not.have.property("limitedBy");
        expect(serviceLinked.models[0]).to.include({ conditional: false });
        // The records validate against the 1.1 schemas.
        const header = { schemaVersion: "1.1", accountId: ACCOUNT, region: "us-east-1", generatedAt: "2026-12-06T00:00:00.000Z", runId: "20261206T000000Z" };
        expect(validateArtifact("model-bindings.json", { ...header, bindings: modelBindings })).to.deep.equal([]);
        expect(validateArtifact("agent-bindings.json", { ...header, bindings: agentBindings })).to.deep.equal([]);
    });

    it("evaluates each action against the SCP statements that cover it (NotAction included), the statement indexes kept", () => {
        const mixed = scp(
            "p-mixed111111",
            "Mixed",
            { Sid: "S3", Effect: "Allow", Action: "s3:*", Resource: "*" },
            { Sid: "AllButAgents", Effect: "Deny", NotAction: ["bedrock:InvokeAgent", "s3:*"], Resource: "*" },
            { Sid: "Agents", Effect: "Allow", Action: "bedrock:Invoke*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
        );
        const { invoker } = bind({ scps: path(mixed) });
        // NotAction Deny: everything but InvokeAgent and s3 is denied, so no model binding.
        expect(invoker.models).to.deep.equal([]);
        // InvokeAgent: allowed only by the conditional Allow, statement 2 of the document.
        expect(invoker.agents[0]).to.include({ conditional: true });
        expect(invoker.agents[0].conditionKeys).to.deep.equal(["aws:MultiFactorAuthPresent"]);
        expect(invoker.agents[0].limitedBy).to.deep.equal([{ policyId: "p-mixed111111", policyName: "Mixed", sid: "Agents", statementIndex: 2 }]);
    });

    it("a conditional SCP Allow (the level's only Allow) limits the binding too", () => {
        const officeOnly = scp("p-officeips11", "AllowFromOfficeRange", { Effect: "Allow", Action: "*", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } });
        const { invoker } = bind({ scps: path(officeOnly) });
        expect(invoker.models[0].conditionKeys).to.deep.equal(["aws:SourceIp"]);
        expect(invoker.models[0].limitedBy!.map((r) => r.policyId)).to.deep.equal(["p-officeips11"]);
    });
});

describe("inventory run: SCP view in the manifest", function () {
    this.timeout(120_000);
    const bindingsOf = (run: Awaited<ReturnType<typeof runFixture>>) => ({
        agent: run.json(RUN_PREFIX + "agent-bindings.json").bindings,
        model: run.json(RUN_PREFIX + "model-bindings.json").bindings,
    });
    const organization = (ou: string): FakeOrganization => ({
        parents: { [FIXTURE_ACCOUNT]: { Id: "ou-ab12-bedrock1", Type: "ORGANIZATIONAL_UNIT" }, "ou-ab12-bedrock1": { Id: "r-ab12", Type: "ROOT" } },
        attached: {
            "r-ab12": [{ Id: "p-FullAWSAccess", Name: "FullAWSAccess", Arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" }],
            "ou-ab12-bedrock1": [
                { Id: "p-FullAWSAccess", Name: "FullAWSAccess", Arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" },
                { Id: "p-denymodels1", Name: "DenyModels", Arn: `${ORG}/p-denymodels1` },
            ],
            [FIXTURE_ACCOUNT]: [{ Id: "p-FullAWSAccess", Name: "FullAWSAccess", Arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" }],
        },
        contents: { "p-FullAWSAccess": doc({ Effect: "Allow", Action: "*", Resource: "*" }), "p-denymodels1": ou },
    });

    it("a member account: scpView unavailable with AWS's error code, bindings as without SCPs, run complete", async () => {
        const member = await runFixture();
        expect(member.outcome.status).to.equal("complete");
        expect(member.outcome.statusCode).to.equal(200);
        const manifest = member.json(RUN_PREFIX + "manifest.json");
        expect(manifest.schemaVersion).to.equal("1.5");
        expect(manifest.scpView.status).to.equal("unavailable");
        expect(manifest.scpView.reason).to.match(/^AccessDeniedException: /);
        expect(manifest.scpView).to.not.have.property("levels");
        expect(manifest.apiCalls["organizations:ListParents"]).to.equal(1);
        expect(manifest.errors.filter((e: RunError) => e.source === "organizations")).to.deep.equal([]);
        expect(validateArtifact("manifest.json", manifest)).to.deep.equal([]);

        // An applied view whose SCPs allow everything leaves the same bindings; one that denies
        // model invocation removes every model binding and keeps the agent bindings.
        const allowAll = await runFixture({ account: { organizations: organization(doc({ Effect: "Allow", Action: "*", Resource: "*" })) } });
        expect(allowAll.json(RUN_PREFIX + "manifest.json").scpView.status).to.equal("applied");
        expect(bindingsOf(allowAll)).to.deep.equal(bindingsOf(member));
        const denied = await runFixture({ account: { organizations: organization(doc({ Effect: "Deny", Action: "bedrock:InvokeModel*", Resource: "*" })) } });
        const deniedManifest = denied.json(RUN_PREFIX + "manifest.json");
        expect(denied.outcome.status).to.equal("complete");
        expect(deniedManifest.scpView.levels.map((l: { target: string }) => l.target)).to.deep.equal(["r-ab12", "ou-ab12-bedrock1", FIXTURE_ACCOUNT]);
        expect(validateArtifact("manifest.json", deniedManifest)).to.deep.equal([]);
        expect(bindingsOf(member).model.length).to.be.greaterThan(0);
        expect(bindingsOf(denied).model.filter((b: { principalArn: string }) => !b.principalArn.includes(":role/aws-service-role/"))).to.deep.equal([]);
        expect(bindingsOf(denied).agent).to.deep.equal(bindingsOf(member).agent);
    });
});
