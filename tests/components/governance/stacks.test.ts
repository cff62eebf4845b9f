// The governance blocks of Pulumi.dev.yaml and Pulumi.prod.yaml (commented out until a stack opts
// in), uncommented and read the way the stack program reads them.
import { recordedResources, resetRecordedResources, valueOf } from "../../support/mocks";
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as yaml from "js-yaml";
import { BedrockGovernance, readGovernanceConfig } from "../../../components/governance";
import { readOrgInventoryConfig } from "../../../components/config/org-inventory";
import { readInventoryConfig, StackConfigReader } from "../../../components/config";
import { parsePolicyDocument } from "../../../iam";
import { evaluateScps } from "../../../iam/condition-eval";

const root = path.resolve(__dirname, "../../..");

/** The stack's config with its BedrockGovernance block uncommented, as the engine passes it. */
function stackWithGovernance(stack: string): Record<string, string> {
    const lines = fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8").split("\n");
    const start = lines.findIndex((line) => line.includes("# BedrockGovernance"));
    expect(start, `Pulumi.${stack}.yaml has a BedrockGovernance block`).to.be.greaterThan(-1);
    const text = lines.map((line, i) => (i > start && /^ {2}# (bedrock-governance:| {2}- )/.test(line) ? `  ${line.slice(4)}` : line)).join("\n");
    const config = (yaml.load(text) as { config: Record<string, unknown> }).config;
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        if (key.startsWith("bedrock-governance:")) {
            values[key.slice("bedrock-governance:".length)] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return values;
}

async function plan(stack: string) {
    // Each test plans the stack anew: only this plan's resources count.
    resetRecordedResources();
    const reader = new StackConfigReader(stackWithGovernance(stack));
    readInventoryConfig(reader);
    const args = readGovernanceConfig(reader);
    readOrgInventoryConfig(reader);
    reader.finish();
    expect(args, `${stack} opts in`).to.not.equal(undefined);
    const name = `stack-${stack}`;
    const governance = new BedrockGovernance(name, args!);
    await valueOf(governance.urn);
    await valueOf(governance.trailArn!);
    await valueOf(governance.scpPolicyIds);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return recordedResources.filter((r) => r.name.startsWith(`${name}-`));
}

describe("governance in the dev and prod stack files", () => {
    it("dev: accepted, nothing at the organization level, alerts to the dev address", async () => {
        const resources = await plan("dev");
        expect(resources.filter((r) => r.type.startsWith("aws:organizations/"))).to.deep.equal([]);
        expect(resources.find((r) => r.type === "aws:sns/topicSubscription:TopicSubscription")!.inputs.endpoint).to.equal("platform-dev@example.com");
        expect(resources.filter((r) => r.type === "aws:cfg/rule:Rule").map((r) => r.inputs.name).sort()).to.deep.equal(["bedrock-agent-vpc-required-dev", "cloudtrail-enabled-bedrock-dev"]);
    });

    it("prod: accepted, every part, SCPs with the guardrail control on the OU", async () => {
        const resources = await plan("prod");
        const scps = resources.filter((r) => r.type === "aws:organizations/policy:Policy" && r.inputs.type === "SERVICE_CONTROL_POLICY");
        expect(scps.length).to.be.greaterThan(0);
        expect(scps.map((r) => r.inputs.description).join()).to.include("RequireGuardrail");
        expect(resources.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment").map((r) => r.inputs.targetId)).to.include("ou-ab12-cd34ef56");
        for (const type of ["aws:iam/policy:Policy", "aws:cfg/rule:Rule", "aws:sns/topic:Topic", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:cloudtrail/trail:Trail", "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration"]) {
            expect(resources.some((r) => r.type === type), type).to.equal(true);
        }
        expect(resources.find((r) => r.type === "aws:sns/topicSubscription:TopicSubscription")!.inputs.endpoint).to.equal("security-oncall@example.com");
    });

    it("prod: a BEDROCK_POLICY enforcing its guardrail in us-east-1 on the SCP targets, and the eight managed Config rules alerting", async () => {
        const resources = await plan("prod");
        const policies = resources.filter((r) => r.type === "aws:organizations/policy:Policy" && r.inputs.type === "BEDROCK_POLICY");
        expect(policies).to.have.length(1);
        const document = JSON.parse(policies[0].inputs.content as string);
        expect(Object.keys(document.bedrock.guardrail_inference)).to.deep.equal(["us-east-1"]);
        expect(document.bedrock.guardrail_inference["us-east-1"].config_1.identifier["@@assign"]).to.equal("arn:aws:bedrock:us-east-1:111111111111:guardrail/examplegrd01:1");
        const attachments = resources.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment" && r.name.startsWith("stack-prod-bedrock-policy-"));
        expect(attachments.map((r) => r.inputs.targetId)).to.deep.equal(["ou-ab12-cd34ef56"]);
        const managed = resources.filter((r) => r.type === "aws:cfg/rule:Rule" && r.inputs.source.owner === "AWS" && r.inputs.source.sourceIdentifier !== "CLOUD_TRAIL_ENABLED");
        expect(managed).to.have.length(8);
        const pattern = JSON.parse(resources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule" && r.name === "stack-prod-noncompliant")!.inputs.eventPattern as string);
        expect(pattern.detail.configRuleName).to.include.members(managed.map((r) => r.inputs.name));
    });

    it("dev: no BEDROCK_POLICY and no managed Config rule", async () => {
        const resources = await plan("dev");
        expect(resources.filter((r) => r.type === "aws:organizations/policy:Policy")).to.deep.equal([]);
        expect(resources.filter((r) => r.type === "aws:cfg/rule:Rule" && r.inputs.source.owner === "AWS").map((r) => r.inputs.source.sourceIdentifier)).to.deep.equal(["CLOUD_TRAIL_ENABLED"]);
    });

    it("prod: its SCPs let the US profiles it approves reach their destinations, and nothing else there; exempt roles are protected", async () => {
        const resources = await plan("prod");
        const documents = [
            parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
            ...resources
                .filter((r) => r.type === "aws:organizations/policy:Policy" && r.inputs.type === "SERVICE_CONTROL_POLICY")
                .map((r) => parsePolicyDocument(r.inputs.content as string)),
        ];
        const profile = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        const context = (region: string, extra: Record<string, string> = {}) => ({
            "aws:PrincipalArn": "arn:aws:iam::111122223333:role/app",
            "aws:RequestedRegion": region,
            "aws:SourceVpce": "vpce-0aaaabbbbccccdddd",
            "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123",
            ...extra,
        });
        const model = (region: string) => `arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0`;
        expect(evaluateScps(documents, { action: "bedrock:InvokeModel", resource: profile, context: context("us-east-1", { "bedrock:InferenceProfileArn": profile }) }).allowed).to.equal(true);
        for (const destination of ["us-east-2", "us-west-2"]) {
            expect(evaluateScps(documents, { action: "bedrock:InvokeModel", resource: model(destination), context: context(destination, { "bedrock:InferenceProfileArn": profile }) }).allowed, destination).to.equal(true);
            expect(evaluateScps(documents, { action: "bedrock:InvokeModel", resource: model(destination), context: context(destination) }).allowed, `direct in ${destination}`).to.equal(false);
        }
        expect(
            evaluateScps(documents, { action: "iam:CreateRole", resource: "arn:aws:iam::111122223333:role/service-role/AmazonBedrockExecutionRoleForAgents_X", context: context("us-east-1") }).allowed,
        ).to.equal(false);
    });
});
