import { recordedResources, resetRecordedResources, valueOf, MOCK_ACCOUNT_ID } from "../../support/mocks";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { BedrockGovernance, BedrockGovernanceArgs, readGovernanceConfig } from "../../../components/governance";
import { StackConfigReader } from "../../../components/config/stack";
import { runPolicies } from "../../../policy-pack/runner";

const PROD: BedrockGovernanceArgs = {
    scps: { targetIds: ["ou-ab12-cd34ef56", "210987654321"], requireGuardrail: true },
    alerts: { email: "security@example.com" },
    workloadRoles: [{ name: "chat", modelArns: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"] }],
};
/** Dev as its stack config gives it: no organization target, alerts to a dev address. */
function devArgs(): BedrockGovernanceArgs {
    const reader = new StackConfigReader({ governanceEnabled: "true", governanceAlertEmail: "dev-alerts@example.com", governanceTrailName: "bedrock-governance-dev" });
    const args = readGovernanceConfig(reader);
    reader.finish();
    return args!;
}

/** Waits for the mock engine to register everything a component declared. */
async function settled(component: pulumi.ComponentResource): Promise<void> {
    await valueOf(component.urn);
    await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The component under test: assertions look only at its resources, whatever else the run registered. */
let current = "";
function ours() {
    return recordedResources.filter((r) => r.name === current || r.name.startsWith(`${current}-`));
}
function ofType(type: string) {
    return ours().filter((r) => r.type === type);
}

describe("BedrockGovernance component", () => {
    let governance: BedrockGovernance;

    describe("prod: every part", () => {
        before(async () => {
            resetRecordedResources();
            current = "gov";
            governance = new BedrockGovernance("gov", PROD);
            await settled(governance);
            await valueOf(governance.trailArn!);
            await valueOf(governance.scpPolicyIds);
        });

        it("creates the SCPs and attaches each to every target", async () => {
            const policies = ofType("aws:organizations/policy:Policy");
            expect(policies.length).to.be.greaterThan(0);
            expect(policies.length).to.equal(governance.scpControls.length);
            expect(governance.scpControls.flat()).to.include.members(["DenyBedrockAPIKeys", "EnforceApprovedModels", "RequireGuardrail", "ProtectSecurityServices"]);
            for (const policy of policies) {
                expect(policy.inputs.type).to.equal("SERVICE_CONTROL_POLICY");
                expect(policy.inputs.content.length).to.be.at.most(5120);
                expect(policy.inputs.content).to.equal(JSON.stringify(JSON.parse(policy.inputs.content)));
            }
            const attachments = ofType("aws:organizations/policyAttachment:PolicyAttachment");
            expect(attachments).to.have.length(policies.length * 2);
            expect(attachments.map((a) => a.inputs.targetId).sort()).to.deep.equal(
                policies.flatMap(() => ["210987654321", "ou-ab12-cd34ef56"]).sort(),
            );
        });

        it("creates a boundary per team, held to the created endpoints", async () => {
            const boundaries = ofType("aws:iam/policy:Policy");
            expect(boundaries.map((b) => b.name).sort()).to.deep.equal(["gov-boundary-admin", "gov-boundary-ci", "gov-boundary-developer", "gov-boundary-operations"]);
            const runtime = await valueOf(governance.runtimeEndpointId!);
            const developer = JSON.parse(boundaries.find((b) => b.name === "gov-boundary-developer")!.inputs.policy);
            expect(developer.Statement[0].Condition.StringEquals["aws:SourceVpce"]).to.include(runtime);
            expect(JSON.stringify(developer)).to.include(`:${MOCK_ACCOUNT_ID}:`);
            expect(Object.keys(await valueOf(governance.boundaryPolicyArns)).sort()).to.deep.equal(["admin", "ci", "developer", "operations"]);
        });

        it("creates the workload role with the exact model and the endpoint condition", async () => {
            const rolePolicy = ofType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "gov-workload-chat-invoke")!;
            const document = JSON.parse(rolePolicy.inputs.policy);
            expect(document.Statement[0].Resource).to.deep.equal(["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"]);
            // Every endpoint of the network part: bedrock-runtime, bedrock-agent-runtime, bedrock-mantle and the three AgentCore ones.
            expect(document.Statement[0].Condition.StringEquals["aws:SourceVpce"]).to.have.length(6);
            expect((await valueOf(governance.workloadRoleArns)).chat).to.match(/^arn:aws:iam::123456789012:role\//);
        });

        it("records configuration with an encrypted delivery and both rules", () => {
            const recorder = ofType("aws:cfg/recorder:Recorder")[0];
            expect(recorder.inputs.recordingGroup).to.deep.include({ allSupported: false, recordingStrategies: [{ useOnly: "INCLUSION_BY_RESOURCE_TYPES" }] });
            expect(recorder.inputs.recordingGroup.resourceTypes).to.deep.equal(["AWS::Lambda::Function", "AWS::IAM::Role", "AWS::CloudTrail::Trail"]);
            const channel = ofType("aws:cfg/deliveryChannel:DeliveryChannel")[0];
            expect(channel.inputs.s3KmsKeyArn).to.match(/^arn:aws:kms:/);
            expect(ofType("aws:cfg/recorderStatus:RecorderStatus")[0].inputs.isEnabled).to.equal(true);
            const rules = ofType("aws:cfg/rule:Rule");
            const managed = rules.find((r) => r.inputs.name === "cloudtrail-enabled-bedrock")!;
            expect(managed.inputs.source).to.deep.include({ owner: "AWS", sourceIdentifier: "CLOUD_TRAIL_ENABLED" });
            const custom = rules.find((r) => r.inputs.name === "bedrock-agent-vpc-required")!;
            expect(custom.inputs.source.owner).to.equal("CUSTOM_LAMBDA");
            expect(custom.inputs.source.sourceIdentifier).to.match(/^arn:aws:lambda:.*:function:/);
            expect(custom.inputs.scope.complianceResourceTypes).to.deep.equal(["AWS::Lambda::Function"]);
            expect(JSON.parse(custom.inputs.inputParameters)).to.deep.equal({ tagKey: "BedrockAgent", tagValue: "true" });
        });

        it("runs the evaluator on nodejs22.x, invocable by Config of this account only", () => {
            const fn = ofType("aws:lambda/function:Function").find((f) => f.name === "gov-lambda-in-vpc")!;
            expect(fn.inputs.runtime).to.equal("nodejs22.x");
            expect(fn.inputs.handler).to.equal("index.handler");
            const permission = ofType("aws:lambda/permission:Permission")[0];
            expect(permission.inputs).to.deep.include({ principal: "config.amazonaws.com", sourceAccount: MOCK_ACCOUNT_ID, action: "lambda:InvokeFunction" });
            const policy = JSON.parse(ofType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "gov-lambda-in-vpc-policy")!.inputs.policy);
            expect(policy.Statement.flatMap((s: { Action: string | string[] }) => s.Action)).to.not.include.members(["lambda:GetFunction", "lambda:*"]);
        });

        it("puts the Config and logging buckets behind the inventory bucket's hygiene", () => {
            const blocks = ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
            expect(blocks).to.have.length(2);
            for (const block of blocks) {
                expect(block.inputs).to.deep.include({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
            }
            for (const encryption of ofType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")) {
                expect(encryption.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("aws:kms");
                expect(encryption.inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).to.match(/^arn:aws:kms:/);
            }
            for (const lifecycle of ofType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")) {
                expect(lifecycle.inputs.rules[0].noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 90 });
            }
            expect(ofType("aws:s3/bucketVersioning:BucketVersioning").map((v) => v.inputs.versioningConfiguration.status)).to.deep.equal(["Enabled", "Enabled"]);
            expect(ofType("aws:s3/bucketOwnershipControls:BucketOwnershipControls").map((o) => o.inputs.rule.objectOwnership)).to.deep.equal(["BucketOwnerEnforced", "BucketOwnerEnforced"]);
            for (const policy of ofType("aws:s3/bucketPolicy:BucketPolicy")) {
                expect(JSON.parse(policy.inputs.policy).Statement[0].Sid).to.equal("DenyNonTLS");
            }
        });

        it("alerts on NON_COMPLIANT through an encrypted topic only the rule may publish to", async () => {
            const rule = ofType("aws:cloudwatch/eventRule:EventRule")[0];
            expect(JSON.parse(rule.inputs.eventPattern).detail.configRuleName).to.deep.equal(["bedrock-agent-vpc-required", "cloudtrail-enabled-bedrock"]);
            const target = ofType("aws:cloudwatch/eventTarget:EventTarget")[0];
            expect(target.inputs.inputTransformer.inputPaths.resource).to.equal("$.detail.resourceId");
            const topic = ofType("aws:sns/topic:Topic")[0];
            expect(topic.inputs.kmsMasterKeyId).to.match(/^arn:aws:kms:/);
            const topicPolicy = JSON.parse(ofType("aws:sns/topicPolicy:TopicPolicy")[0].inputs.policy);
            expect(topicPolicy.Statement[0].Condition.ArnEquals["aws:SourceArn"]).to.equal(await valueOf(governance.alertRuleArn!));
            expect(ofType("aws:sns/topicSubscription:TopicSubscription")[0].inputs).to.deep.include({ protocol: "email", endpoint: "security@example.com" });
        });

        it("creates every interface endpoint (Bedrock, Mantle, AgentCore) with private DNS, one 443-from-the-VPC group and a policy each", () => {
            const endpoints = ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
            expect(endpoints.map((e) => e.inputs.serviceName).sort()).to.deep.equal(
                ["bedrock-agent-runtime", "bedrock-agentcore", "bedrock-agentcore-control", "bedrock-agentcore.gateway", "bedrock-mantle", "bedrock-runtime"].map((s) => `com.amazonaws.us-east-1.${s}`),
            );
            const groups = ofType("aws:ec2/securityGroup:SecurityGroup");
            expect(groups).to.have.length(1);
            for (const endpoint of endpoints) {
                expect(endpoint.inputs).to.deep.include({ vpcEndpointType: "Interface", privateDnsEnabled: true });
                expect(endpoint.inputs.subnetIds).to.have.length(2);
                expect(endpoint.inputs.securityGroupIds).to.deep.equal([groups[0].id]);
                expect(JSON.parse(endpoint.inputs.policy).Statement.length).to.be.greaterThan(0);
            }
            const group = ofType("aws:ec2/securityGroup:SecurityGroup")[0];
            expect(group.inputs.ingress).to.have.length(1);
            expect(group.inputs.ingress[0]).to.deep.include({ fromPort: 443, toPort: 443, protocol: "tcp" });
            expect(group.inputs.ingress[0].cidrBlocks).to.deep.equal(["10.42.0.0/16"]);
            expect(group.inputs.egress).to.deep.equal([]);
            expect(ofType("aws:ec2/vpc:Vpc")[0].inputs).to.deep.include({ enableDnsSupport: true, enableDnsHostnames: true });
        });

        it("logs management and Bedrock data events and model invocations", () => {
            const trail = ofType("aws:cloudtrail/trail:Trail")[0];
            expect(trail.inputs).to.deep.include({ enableLogFileValidation: true, isMultiRegionTrail: true });
            expect(trail.inputs.kmsKeyId).to.match(/^arn:aws:kms:/);
            const types = trail.inputs.advancedEventSelectors.flatMap((s: { fieldSelectors: { field: string; equals: string[] }[] }) =>
                s.fieldSelectors.filter((f) => f.field === "resources.type").flatMap((f) => f.equals),
            );
            expect(types).to.include.members(["AWS::Bedrock::AgentAlias", "AWS::Bedrock::KnowledgeBase"]);
            const logging = ofType("aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration")[0];
            expect(logging.inputs.loggingConfig.cloudwatchConfig.logGroupName).to.equal("/aws/bedrock/gov/model-invocations");
            expect(logging.inputs.loggingConfig.s3Config.keyPrefix).to.equal("bedrock-invocations");
            const trust = JSON.parse(ofType("aws:iam/role:Role").find((r) => r.name === "gov-invocation-logging-role")!.inputs.assumeRolePolicy);
            expect(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"]).to.equal(MOCK_ACCOUNT_ID);
            expect(trust.Statement[0].Condition.ArnLike["aws:SourceArn"]).to.equal(`arn:aws:bedrock:us-east-1:${MOCK_ACCOUNT_ID}:*`);
            const logGroup = ofType("aws:cloudwatch/logGroup:LogGroup").find((g) => g.name === "gov-invocation-logs")!;
            expect(logGroup.inputs.kmsKeyId).to.match(/^arn:aws:kms:/);
        });

        it("names every child after the component and parents it to the component", async () => {
            const names = ours().map((r) => r.name).filter((n) => n !== "gov");
            expect(names.every((n) => n.startsWith("gov-"))).to.equal(true, names.filter((n) => !n.startsWith("gov-")).join(", "));
            const descendants = (resource: pulumi.Resource): string[] =>
                [...(((resource as unknown as { __childResources?: Set<pulumi.Resource> }).__childResources) ?? [])].flatMap((child) => [
                    (child as unknown as { __name: string }).__name,
                    ...descendants(child),
                ]);
            expect(descendants(governance).sort()).to.deep.equal([...names].sort());
            const urn = await valueOf(governance.urn);
            expect(urn).to.match(/::bedrock-governance:index:BedrockGovernance::gov$/);
        });

        it("passes the policy pack: no mandatory violation", async () => {
            const resources = ours().map((r) => ({ urn: `urn:pulumi:test::bedrock-governance::${r.type}::${r.name}`, type: r.type, name: r.name, props: r.state }));
            const findings = await runPolicies(resources, {});
            const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory" && f.status !== "exempted");
            expect(mandatory.map((f) => `${f.policyName} ${f.resourceName}: ${f.message}`)).to.deep.equal([]);
            // The three core rules saw the grants and judged them, not skipped them.
            const policies = resources.filter((r) => r.type === "aws:iam/policy:Policy" || r.type === "aws:iam/rolePolicy:RolePolicy");
            expect(policies.length).to.be.greaterThan(4);
        });
    });

    describe("dev: no organization target", () => {
        before(async () => {
            resetRecordedResources();
            current = "devgov";
            governance = new BedrockGovernance("devgov", devArgs());
            await settled(governance);
            await valueOf(governance.trailArn!);
        });

        it("plans nothing at the organization level", async () => {
            expect(ours().filter((r) => r.type.startsWith("aws:organizations/"))).to.deep.equal([]);
            expect(await valueOf(governance.scpPolicyIds)).to.deep.equal([]);
            expect(governance.scpControls).to.deep.equal([]);
        });

        it("still deploys the account guardrails and alerts the dev address", () => {
            expect(ofType("aws:iam/policy:Policy")).to.have.length(4);
            expect(ofType("aws:cfg/rule:Rule")).to.have.length(2);
            expect(ofType("aws:sns/topicSubscription:TopicSubscription")[0].inputs.endpoint).to.equal("dev-alerts@example.com");
        });
    });

    describe("switches", () => {
        it("creates nothing for a part that is switched off", async () => {
            resetRecordedResources();
            current = "off";
            const g = new BedrockGovernance("off", {
                boundaries: { enabled: false },
                configRules: { enabled: false },
                network: { enabled: false },
                logging: { enabled: false },
            });
            await settled(g);
            expect(ours().map((r) => r.type)).to.deep.equal(["bedrock-governance:index:BedrockGovernance"]);
        });

        it("reuses an existing recorder when told to", async () => {
            resetRecordedResources();
            current = "reuse";
            const g = new BedrockGovernance("reuse", { configRules: { useExistingRecorder: true }, network: { enabled: false }, boundaries: { enabled: false }, logging: { enabled: false } });
            await settled(g);
            expect(ofType("aws:cfg/recorder:Recorder")).to.deep.equal([]);
            expect(ofType("aws:cfg/deliveryChannel:DeliveryChannel")).to.deep.equal([]);
            expect(ofType("aws:cfg/rule:Rule")).to.have.length(2);
        });

        it("puts the endpoints in a VPC the caller passes", async () => {
            resetRecordedResources();
            current = "byo";
            const g = new BedrockGovernance("byo", {
                network: { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], vpcCidr: "172.31.0.0/16" },
                configRules: { enabled: false },
                logging: { enabled: false },
            });
            await settled(g);
            expect(ofType("aws:ec2/vpc:Vpc")).to.deep.equal([]);
            expect(ofType("aws:ec2/vpcEndpoint:VpcEndpoint").every((e) => e.inputs.vpcId === "vpc-0123456789abcdef0")).to.equal(true);
            expect(ofType("aws:ec2/securityGroup:SecurityGroup")[0].inputs.ingress[0].cidrBlocks).to.deep.equal(["172.31.0.0/16"]);
        });

        it("refuses boundaries without endpoints when the network part is off", () => {
            expect(() => new BedrockGovernance("noendpoints", { network: { enabled: false }, configRules: { enabled: false }, logging: { enabled: false } })).to.throw(
                /bedrock-governance:governance\.boundaries\.vpcEndpointIds: got nothing, expected VPC endpoint ids/,
            );
        });

        it("refuses a workload role with a wildcard at construction", () => {
            expect(
                () =>
                    new BedrockGovernance("wild", {
                        workloadRoles: [{ name: "chat", modelArns: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.*"] }],
                        configRules: { enabled: false },
                        logging: { enabled: false },
                    }),
            ).to.throw(/modelArns\[0\].*contains a wildcard/);
        });
    });
});
