import { recordedResources, resetRecordedResources, valueOf } from "../../support/mocks";
import { expect } from "chai";
import { BedrockWorkloadRole } from "../../../components/governance/workload-role";
import { agentAliasArnProblem, modelArnProblem, validateWorkloadGrant, WorkloadRoleError, workloadRolePolicy } from "../../../components/governance/documents/workload-role";

const HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const PROFILE = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0";
const ALIAS = "arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT12345/ALIAS12345";
const VPCE = "vpce-0123456789abcdef0";

describe("governance workload role factory", () => {
    describe("ARN checks", () => {
        for (const wildcard of [
            "arn:aws:bedrock:us-east-1::foundation-model/*",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.*",
            "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-2024030?-v1:0",
            "*",
        ]) {
            it(`rejects the wildcard ${wildcard}`, () => {
                expect(modelArnProblem(wildcard)).to.match(/contains a wildcard/);
            });
        }
        it("rejects a non-Bedrock ARN", () => {
            expect(modelArnProblem("arn:aws:s3:::my-bucket/anthropic.claude")).to.match(/is a s3 ARN, not a Bedrock ARN/);
        });
        it("rejects malformed ARNs", () => {
            expect(modelArnProblem("anthropic.claude-3-haiku-20240307-v1:0")).to.match(/is not an ARN/);
            expect(modelArnProblem("arn:aws:bedrock:us-east-1:123456789012:foundation-model/anthropic.claude")).to.match(/not a well-formed/);
            expect(modelArnProblem("arn:aws:bedrock:us-east-1::agent-alias/AGENT12345/ALIAS12345")).to.match(/not a well-formed/);
            expect(agentAliasArnProblem("arn:aws:bedrock:us-east-1:123456789012:agent/AGENT12345")).to.match(/not a well-formed agent alias ARN/);
            expect(agentAliasArnProblem("arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT12345/*")).to.match(/wildcard/);
        });
        it("accepts exact foundation-model, inference-profile and agent alias ARNs", () => {
            expect(modelArnProblem(HAIKU)).to.equal(undefined);
            expect(modelArnProblem(PROFILE)).to.equal(undefined);
            expect(modelArnProblem("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6")).to.equal(undefined);
            expect(agentAliasArnProblem(ALIAS)).to.equal(undefined);
        });
        it("names every bad entry and requires an endpoint", () => {
            expect(() => validateWorkloadGrant("chat", { modelArns: [HAIKU, "arn:aws:bedrock:us-east-1::foundation-model/*"], agentAliasArns: ["x"], vpcEndpointIds: [] })).to.throw(
                WorkloadRoleError,
                /workload role "chat": modelArns\[1\] "arn:aws:bedrock:us-east-1::foundation-model\/\*" contains a wildcard.*agentAliasArns\[0\] "x" is not an ARN.*vpcEndpointIds is empty/,
            );
        });
    });

    it("allows exactly the listed models and aliases, each only through the endpoints", () => {
        const policy = workloadRolePolicy({ modelArns: [HAIKU, PROFILE], agentAliasArns: [ALIAS], vpcEndpointIds: [VPCE] });
        expect(policy.Statement).to.deep.equal([
            {
                Sid: "InvokeListedModels",
                Effect: "Allow",
                Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                Resource: [HAIKU, PROFILE],
                Condition: { StringEquals: { "aws:SourceVpce": [VPCE] } },
            },
            {
                Sid: "InvokeListedAgentAliases",
                Effect: "Allow",
                Action: "bedrock:InvokeAgent",
                Resource: [ALIAS],
                Condition: { StringEquals: { "aws:SourceVpce": [VPCE] } },
            },
        ]);
        expect(workloadRolePolicy({ modelArns: [HAIKU], agentAliasArns: [], vpcEndpointIds: [VPCE] }).Statement.map((s) => s.Sid)).to.deep.equal(["InvokeListedModels"]);
    });

    it("throws at construction on a wildcard, before creating anything", () => {
        resetRecordedResources();
        expect(() => new BedrockWorkloadRole("bad", { modelArns: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.*"], vpcEndpointIds: [VPCE] })).to.throw(WorkloadRoleError, /modelArns\[0\]/);
        expect(recordedResources.filter((r) => r.name.startsWith("bad-"))).to.deep.equal([]);
    });

    it("creates a role trusted by the listed services with the policy inline", async () => {
        resetRecordedResources();
        const role = new BedrockWorkloadRole("agent-fn", { modelArns: [HAIKU], agentAliasArns: [ALIAS], vpcEndpointIds: [VPCE], trustedServices: ["ecs-tasks.amazonaws.com"] });
        await valueOf(role.roleArn);
        await valueOf(role.policyDocument);
        await new Promise((r) => setTimeout(r, 20));
        const created = recordedResources.find((r) => r.type === "aws:iam/role:Role" && r.name === "agent-fn-role")!;
        expect(JSON.parse(created.inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: ["ecs-tasks.amazonaws.com"] });
        const inline = recordedResources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "agent-fn-invoke")!;
        expect(JSON.parse(inline.inputs.policy).Statement[1].Resource).to.deep.equal([ALIAS]);
    });
});
