// The AgentCore SCP controls and the API-key control's second endpoint, decided request by request
// with iam/condition-eval (FullAWSAccess beside them, as on a real OU). Requests carry the context
// keys AgentCore sets on its control-plane calls (AgentCore developer guide, "Use IAM condition
// keys with AgentCore VPC settings" and "... with Amazon Bedrock AgentCore Gateway").
import { expect } from "chai";
import { parsePolicyDocument, PolicyDocument } from "../../../iam";
import { ContextValue, evaluateScps } from "../../../iam/condition-eval";
import { BedrockGovernanceArgs, GovernanceConfigError, resolveGovernanceSettings } from "../../../components/governance";
import { packScps } from "../../../components/governance/scps";
import { SCP_MAX_CHARACTERS } from "../../../components/governance/documents/scps";
import { catalogAction, namedActions } from "./support";

const ACCOUNT = "111122223333";
const DEVELOPER = `arn:aws:iam::${ACCOUNT}:role/developer`;
const FULL_AWS_ACCESS = parsePolicyDocument({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
const RUNTIME = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:runtime/agent_a-abcdefghij`;
const GATEWAY = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:gateway/gw-abcdefghij`;
const SUBNET = "subnet-0123456789abcdef0";
const SG = "sg-0123456789abcdef0";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const ENGINE = `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:policy-engine/engine-abcdefghij`;

function scps(scpArgs: NonNullable<BedrockGovernanceArgs["scps"]> = {}) {
    const settings = resolveGovernanceSettings({ scps: { targetIds: ["ou-ab12-cd34ef56"], ...scpArgs } });
    return packScps(settings, "aws", "gov");
}

function documents(scpArgs: NonNullable<BedrockGovernanceArgs["scps"]> = {}): PolicyDocument[] {
    return [FULL_AWS_ACCESS, ...scps(scpArgs).map((p) => parsePolicyDocument(p.content))];
}

function decide(docs: PolicyDocument[], action: string, resource: string, context: Record<string, ContextValue> = {}) {
    return evaluateScps(docs, { action, resource, context: { "aws:PrincipalArn": DEVELOPER, "aws:RequestedRegion": "us-east-1", ...context } });
}

const ALL_AGENTCORE = {
    agentCoreRequireVpc: true,
    agentCoreRequireGatewayAuthorizer: true,
    agentCoreRequirePolicyEngineEnforce: true,
    agentCoreRequireCustomerManagedKey: true,
};

describe("governance SCPs: Bedrock API keys on both endpoints", () => {
    const docs = documents();
    for (const action of ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"]) {
        it(`denies ${action} to everyone`, () => {
            const decision = decide(docs, action, "*");
            expect(decision.allowed).to.equal(false);
            expect(decision.deniedBy.map((s) => s.sid)).to.include("DenyBedrockBearerTokenUsage");
        });
    }
    it("names only actions IAM has", () => {
        expect(catalogAction("bedrock-mantle:CallWithBearerToken")).to.not.equal(undefined);
        expect(catalogAction("bedrock:CallWithBearerToken")).to.not.equal(undefined);
    });
});

describe("governance SCPs: AgentCore controls", () => {
    it("are off by default (opt-in: they can stop workloads that run today)", () => {
        const controls = scps().flatMap((p) => p.controls);
        expect(controls.filter((c) => c.includes("AgentCore"))).to.deep.equal([]);
    });

    const docs = documents(ALL_AGENTCORE);

    describe("RequireAgentCoreVpc", () => {
        for (const action of ["bedrock-agentcore:CreateAgentRuntime", "bedrock-agentcore:UpdateAgentRuntime", "bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:CreateBrowser"]) {
            it(`denies ${action} without a VPC (PUBLIC, or SANDBOX for code interpreters) and allows it in one`, () => {
                const resource = action.endsWith("UpdateAgentRuntime") ? RUNTIME : "*";
                const outside = decide(docs, action, resource);
                expect(outside.allowed).to.equal(false);
                expect(outside.deniedBy.map((s) => s.sid)).to.deep.equal(["DenyAgentCoreOutsideVpc"]);
                expect(decide(docs, action, resource, { "bedrock-agentcore:subnets": [SUBNET], "bedrock-agentcore:securityGroups": [SG] }).allowed).to.equal(true);
            });
        }
        it("with approved lists, denies a request naming any other subnet or security group", () => {
            const narrowed = documents({ agentCoreRequireVpc: true, agentCoreSubnetIds: [SUBNET], agentCoreSecurityGroupIds: [SG] });
            const ok = { "bedrock-agentcore:subnets": [SUBNET], "bedrock-agentcore:securityGroups": [SG] };
            expect(decide(narrowed, "bedrock-agentcore:CreateAgentRuntime", "*", ok).allowed).to.equal(true);
            const otherSubnet = decide(narrowed, "bedrock-agentcore:CreateAgentRuntime", "*", { ...ok, "bedrock-agentcore:subnets": [SUBNET, "subnet-0fffffffffffffff0"] });
            expect(otherSubnet.deniedBy.map((s) => s.sid)).to.deep.equal(["DenyAgentCoreUnapprovedSubnets"]);
            const otherGroup = decide(narrowed, "bedrock-agentcore:CreateBrowser", "*", { ...ok, "bedrock-agentcore:securityGroups": ["sg-0fffffffffffffff0"] });
            expect(otherGroup.deniedBy.map((s) => s.sid)).to.deep.equal(["DenyAgentCoreUnapprovedSecurityGroups"]);
        });
        it("does not touch invocation (data plane) or other services", () => {
            expect(decide(docs, "bedrock-agentcore:InvokeAgentRuntime", RUNTIME).allowed).to.equal(true);
            expect(decide(docs, "lambda:CreateFunction", "*").allowed).to.equal(true);
        });
        it("refuses subnet or security group lists without the control", () => {
            expect(() => resolveGovernanceSettings({ scps: { agentCoreSubnetIds: [SUBNET] } })).to.throw(GovernanceConfigError, /agentCoreRequireVpc/);
            expect(() => resolveGovernanceSettings({ scps: { agentCoreRequireVpc: true, agentCoreSecurityGroupIds: ["sg-1"] } })).to.throw(GovernanceConfigError, /security group id/);
        });
    });

    describe("gateways: authorizer, policy engine, key", () => {
        const good = {
            "bedrock-agentcore:GatewayAuthorizerType": "CUSTOM_JWT",
            "bedrock-agentcore:PolicyEngineMode": "ENFORCE",
            "bedrock-agentcore:PolicyEngineArn": ENGINE,
            "bedrock-agentcore:KmsKeyArn": KEY,
        };
        for (const [action, resource] of [["bedrock-agentcore:CreateGateway", "*"], ["bedrock-agentcore:UpdateGateway", GATEWAY]] as const) {
            it(`${action}: allowed with an authorizer, an enforcing policy engine and a customer key`, () => {
                expect(decide(docs, action, resource, good).allowed).to.equal(true);
                expect(decide(docs, action, resource, { ...good, "bedrock-agentcore:GatewayAuthorizerType": "AWS_IAM" }).allowed).to.equal(true);
            });
            it(`${action}: denied with authorizer type NONE`, () => {
                const d = decide(docs, action, resource, { ...good, "bedrock-agentcore:GatewayAuthorizerType": "NONE" });
                expect(d.deniedBy.map((s) => s.sid)).to.deep.equal(["DenyAgentCoreGatewayWithoutAuthorizer"]);
            });
            it(`${action}: denied with a policy engine in LOG_ONLY mode, or none`, () => {
                expect(decide(docs, action, resource, { ...good, "bedrock-agentcore:PolicyEngineMode": "LOG_ONLY" }).deniedBy.map((s) => s.sid)).to.deep.equal([
                    "DenyAgentCoreGatewayNotEnforcing",
                ]);
                const { "bedrock-agentcore:PolicyEngineMode": _mode, "bedrock-agentcore:PolicyEngineArn": _arn, ...noEngine } = good;
                expect(decide(docs, action, resource, noEngine).deniedBy.map((s) => s.sid)).to.deep.equal(["DenyAgentCoreGatewayNotEnforcing"]);
            });
            it(`${action}: denied without a customer-managed key`, () => {
                const { "bedrock-agentcore:KmsKeyArn": _key, ...noKey } = good;
                expect(decide(docs, action, resource, noKey).deniedBy.map((s) => s.sid)).to.deep.equal(["DenyAgentCoreWithoutCustomerKey"]);
            });
        }
        it("an authorizer-type key missing from the request does not block gateways (StringEquals NONE, not a negated operator)", () => {
            const { "bedrock-agentcore:GatewayAuthorizerType": _type, ...noType } = good;
            expect(decide(documents({ agentCoreRequireGatewayAuthorizer: true }), "bedrock-agentcore:CreateGateway", "*", noType).allowed).to.equal(true);
        });
        it("memory needs a customer key; its data plane is untouched", () => {
            expect(decide(docs, "bedrock-agentcore:CreateMemory", "*").deniedBy.map((s) => s.sid)).to.deep.equal(["DenyAgentCoreWithoutCustomerKey"]);
            expect(decide(docs, "bedrock-agentcore:CreateMemory", "*", { "bedrock-agentcore:KmsKeyArn": KEY }).allowed).to.equal(true);
            expect(decide(docs, "bedrock-agentcore:RetrieveMemoryRecords", `arn:aws:bedrock-agentcore:us-east-1:${ACCOUNT}:memory/m-abcdefghij`).allowed).to.equal(true);
        });
    });

    it("name only actions IAM has, each of which the Service Authorization Reference or the AgentCore guide gives the key for", () => {
        const packed = scps(ALL_AGENTCORE);
        const actions = packed.flatMap((p) => namedActions(p.document)).filter((a) => a.startsWith("bedrock-agentcore:"));
        expect(actions.length).to.be.greaterThan(0);
        for (const action of actions) {
            expect(catalogAction(action), action).to.not.equal(undefined);
        }
    });

    it("pack with every other default control within the SCP limits", () => {
        const packed = scps({ ...ALL_AGENTCORE, requireGuardrail: true, agentCoreSubnetIds: [SUBNET], agentCoreSecurityGroupIds: [SG] });
        expect(packed.length).to.be.at.most(4);
        for (const p of packed) expect(p.content.length).to.be.at.most(SCP_MAX_CHARACTERS);
        expect(packed.flatMap((p) => p.controls)).to.include.members([
            "RequireAgentCoreVpc",
            "RequireAgentCoreGatewayAuthorizer",
            "RequireAgentCorePolicyEngineEnforce",
            "RequireAgentCoreCustomerManagedKey",
        ]);
    });
});
