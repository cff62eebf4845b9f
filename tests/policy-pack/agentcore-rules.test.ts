// The AgentCore rules through the CrossGuard harness: the @pulumi/aws 7 resource types and
// properties they read (node_modules/@pulumi/aws/bedrock/agentcore*.d.ts), values unknown at
// preview, and exemptions.
import { expect } from "chai";
import { doc, of, planned, run, UNKNOWN_AT_PREVIEW } from "./harness";

const RUNTIME = "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime";
const BROWSER = "aws:bedrock/agentcoreBrowser:AgentcoreBrowser";
const CODE_INTERPRETER = "aws:bedrock/agentcoreCodeInterpreter:AgentcoreCodeInterpreter";
const GATEWAY = "aws:bedrock/agentcoreGateway:AgentcoreGateway";
const MEMORY = "aws:bedrock/agentcoreMemory:AgentcoreMemory";
const RESOURCE_POLICY = "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy";
const KEY = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555";
const ENGINE = "arn:aws:bedrock-agentcore:us-east-1:111122223333:policy-engine/engine-abcdefghij";
const vpc = { subnets: ["subnet-0123456789abcdef0"], securityGroups: ["sg-0123456789abcdef0"] };

async function statuses(rule: string, type: string, props: Record<string, unknown>, options = {}): Promise<string[]> {
    return of(await run(planned(type, "res", props), options), rule).map((f) => f.status);
}

describe("policy pack: AgentCore rules", () => {
    describe("agentcore-network-private", () => {
        const RULE = "agentcore-network-private";
        it("reports a PUBLIC runtime and browser, and a PUBLIC or SANDBOX code interpreter", async () => {
            expect(await statuses(RULE, RUNTIME, { networkConfiguration: { networkMode: "PUBLIC" } })).to.deep.equal(["violation"]);
            expect(await statuses(RULE, BROWSER, { networkConfiguration: { networkMode: "PUBLIC" } })).to.deep.equal(["violation"]);
            expect(await statuses(RULE, CODE_INTERPRETER, { networkConfiguration: { networkMode: "PUBLIC" } })).to.deep.equal(["violation"]);
            expect(await statuses(RULE, CODE_INTERPRETER, { networkConfiguration: { networkMode: "SANDBOX" } })).to.deep.equal(["violation"]);
            const [finding] = of(await run(planned(RUNTIME, "agent", { networkConfiguration: { networkMode: "PUBLIC" } })), RULE);
            expect(finding.message).to.equal(
                'AgentcoreAgentRuntime "agent" runs in PUBLIC network mode (Security Hub BedrockAgentCore.1): set networkConfiguration.networkMode to VPC with subnets and security groups.',
            );
        });
        it("accepts VPC mode", async () => {
            expect(await statuses(RULE, RUNTIME, { networkConfiguration: { networkMode: "VPC", networkModeConfig: vpc } })).to.deep.equal([]);
            expect(await statuses(RULE, BROWSER, { networkConfiguration: { networkMode: "VPC", vpcConfig: vpc } })).to.deep.equal([]);
            expect(await statuses(RULE, CODE_INTERPRETER, { networkConfiguration: { networkMode: "VPC", vpcConfig: vpc } })).to.deep.equal([]);
        });
        it("cannot decide a mode unknown at preview", async () => {
            expect(await statuses(RULE, RUNTIME, { networkConfiguration: { networkMode: UNKNOWN_AT_PREVIEW } })).to.deep.equal(["undecidable"]);
        });
        it("turns a finding into an advisory one on an exempted resource", async () => {
            const findings = of(
                await run(planned(BROWSER, "public-web", { networkConfiguration: { networkMode: "PUBLIC" } }), {
                    config: { [RULE]: { exemptions: [{ resource: "public-web", reason: "browses public sites by design" }] } },
                }),
                RULE,
            );
            expect(findings).to.have.length(1);
            expect(findings[0].message).to.match(/^exempted: browses public sites by design/);
        });
    });

    describe("agentcore-gateway-authorization", () => {
        const RULE = "agentcore-gateway-authorization";
        const enforcing = { policyEngineConfiguration: { arn: ENGINE, mode: "ENFORCE" } };
        it("reports authorizer type NONE", async () => {
            expect(await statuses(RULE, GATEWAY, { authorizerType: "NONE", ...enforcing })).to.deep.equal(["violation"]);
        });
        it("reports a gateway without a policy engine, or with one in LOG_ONLY", async () => {
            expect(await statuses(RULE, GATEWAY, { authorizerType: "AWS_IAM" })).to.deep.equal(["violation"]);
            expect(await statuses(RULE, GATEWAY, { authorizerType: "AWS_IAM", policyEngineConfiguration: { arn: ENGINE, mode: "LOG_ONLY" } })).to.deep.equal(["violation"]);
        });
        it("accepts an authorizer with an enforcing engine; the engine requirement can be turned off", async () => {
            expect(await statuses(RULE, GATEWAY, { authorizerType: "CUSTOM_JWT", ...enforcing })).to.deep.equal([]);
            expect(await statuses(RULE, GATEWAY, { authorizerType: "AWS_IAM" }, { config: { [RULE]: { requirePolicyEngineEnforce: false } } })).to.deep.equal([]);
        });
        it("cannot decide values unknown at preview", async () => {
            expect(await statuses(RULE, GATEWAY, { authorizerType: UNKNOWN_AT_PREVIEW, policyEngineConfiguration: { arn: ENGINE, mode: UNKNOWN_AT_PREVIEW } })).to.deep.equal([
                "undecidable",
                "undecidable",
            ]);
        });
    });

    describe("agentcore-customer-managed-key", () => {
        const RULE = "agentcore-customer-managed-key";
        it("reports memory and gateways without a key", async () => {
            expect(await statuses(RULE, MEMORY, { eventExpiryDuration: 30 })).to.deep.equal(["violation"]);
            expect(await statuses(RULE, GATEWAY, { authorizerType: "AWS_IAM" })).to.deep.equal(["violation"]);
        });
        it("accepts a key ARN, known or still an output at preview", async () => {
            expect(await statuses(RULE, MEMORY, { encryptionKeyArn: KEY })).to.deep.equal([]);
            expect(await statuses(RULE, GATEWAY, { kmsKeyArn: UNKNOWN_AT_PREVIEW })).to.deep.equal([]);
        });
    });

    describe("agentcore-resource-policy-not-public", () => {
        const RULE = "agentcore-resource-policy-not-public";
        const policy = (statement: object) => ({ resourceArn: "arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/agent-abcdefghij", policy: doc(statement) });
        const invoke = { Effect: "Allow", Action: "bedrock-agentcore:InvokeAgentRuntime", Resource: "*" };
        it("reports Principal * or AWS * without a condition, and NotPrincipal", async () => {
            expect(await statuses(RULE, RESOURCE_POLICY, policy({ ...invoke, Principal: "*" }))).to.deep.equal(["violation"]);
            expect(await statuses(RULE, RESOURCE_POLICY, policy({ ...invoke, Principal: { AWS: ["*"] } }))).to.deep.equal(["violation"]);
            expect(await statuses(RULE, RESOURCE_POLICY, policy({ ...invoke, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }))).to.deep.equal(["violation"]);
        });
        it("accepts named principals, a bounded Principal *, and Deny statements", async () => {
            expect(await statuses(RULE, RESOURCE_POLICY, policy({ ...invoke, Principal: { AWS: "arn:aws:iam::444455556666:role/caller" } }))).to.deep.equal([]);
            expect(await statuses(RULE, RESOURCE_POLICY, policy({ ...invoke, Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } } }))).to.deep.equal([]);
            expect(await statuses(RULE, RESOURCE_POLICY, policy({ ...invoke, Effect: "Deny", Principal: "*" }))).to.deep.equal([]);
        });
        it("cannot decide a policy unknown at preview", async () => {
            expect(await statuses(RULE, RESOURCE_POLICY, { resourceArn: "x", policy: UNKNOWN_AT_PREVIEW })).to.deep.equal(["undecidable"]);
        });
    });
});
