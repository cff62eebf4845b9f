import { expect } from "chai";
import { AwsScope } from "../../../components/governance/documents/common";
import { ALERT_INPUT_PATHS, ALERT_INPUT_TEMPLATE, alertKeyPolicy, alertTopicPolicy, nonCompliantEventPattern, renderAlert } from "../../../components/governance/documents/alerts";
import { configBucketPolicy, configKeyPolicy, configRecorderDeliveryPolicy, evaluatorExecutionPolicy } from "../../../components/governance/documents/config-rules";
import { agentRuntimeEndpointPolicy, runtimeEndpointPolicy, subnetCidrs } from "../../../components/governance/documents/endpoints";
import {
    BEDROCK_DATA_EVENT_RESOURCE_TYPES,
    invocationLoggingRolePolicy,
    invocationLoggingTrustPolicy,
    loggingBucketPolicy,
    loggingKeyPolicy,
    trailEventSelectors,
} from "../../../components/governance/documents/logging";
import { catalogAction, list, namedActions, statement, wildcardMatches } from "./support";

const scope: AwsScope = { partition: "aws", region: "us-west-2", accountId: "111122223333" };
const TRAIL = "arn:aws:cloudtrail:us-west-2:111122223333:trail/gov-bedrock-trail";
const RULE = "arn:aws:events:us-west-2:111122223333:rule/gov-noncompliant";

describe("governance alert documents", () => {
    it("matches compliance changes to NON_COMPLIANT on the governance rules only (seed 001)", () => {
        expect(nonCompliantEventPattern(["bedrock-agent-vpc-required", "cloudtrail-enabled-bedrock"])).to.deep.equal({
            source: ["aws.config"],
            "detail-type": ["Config Rules Compliance Change"],
            detail: {
                configRuleName: ["bedrock-agent-vpc-required", "cloudtrail-enabled-bedrock"],
                newEvaluationResult: { complianceType: ["NON_COMPLIANT"] },
            },
        });
    });

    it("transforms the event into seed 001's message", () => {
        expect(ALERT_INPUT_PATHS).to.deep.equal({ rule: "$.detail.configRuleName", resource: "$.detail.resourceId", account: "$.account", region: "$.region" });
        expect(ALERT_INPUT_TEMPLATE.startsWith('"')).to.equal(true);
        const event = {
            account: "111122223333",
            region: "us-west-2",
            detail: { configRuleName: "bedrock-agent-vpc-required", resourceId: "bedrock-agent-test-noncompliant", newEvaluationResult: { complianceType: "NON_COMPLIANT" } },
        };
        expect(renderAlert(event)).to.equal(
            "Bedrock Governance Violation\nRule: bedrock-agent-vpc-required\nResource: bedrock-agent-test-noncompliant\nAccount: 111122223333 | Region: us-west-2\nAction required: Review in AWS Config console",
        );
    });

    it("lets only the rule publish to the topic, over TLS", () => {
        const policy = alertTopicPolicy(scope, "arn:aws:sns:us-west-2:111122223333:alerts", RULE);
        const allow = statement(policy, "AllowComplianceRuleToPublish");
        expect(allow).to.deep.include({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: "arn:aws:sns:us-west-2:111122223333:alerts" });
        expect(allow.Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": RULE }, StringEquals: { "aws:SourceAccount": "111122223333" } });
        expect(statement(policy, "DenyNonTLSPublish").Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
    });

    it("lets EventBridge use the topic key to publish encrypted messages", () => {
        const policy = alertKeyPolicy(scope);
        const s = statement(policy, "AllowEventBridgeToPublishEncrypted");
        expect(s.Principal).to.deep.equal({ Service: "events.amazonaws.com" });
        expect(list(s.Action).sort()).to.deep.equal(["kms:Decrypt", "kms:GenerateDataKey*"]);
        expect(statement(policy, "EnableAccountAdministration").Principal).to.deep.equal({ AWS: "arn:aws:iam::111122223333:root" });
    });
});

describe("governance endpoint policies", () => {
    const p = { scope, approvedModelFamilies: ["anthropic"], additionalApprovedModelArns: [] };
    const allowsInvoke = (document: ReturnType<typeof runtimeEndpointPolicy>, arn: string) =>
        document.Statement.some((s) => s.Effect === "Allow" && list(s.Action).includes("bedrock:InvokeModel") && list(s.Resource).some((r) => wildcardMatches(r, arn)));

    for (const [name, build] of [["bedrock-runtime", runtimeEndpointPolicy], ["bedrock-agent-runtime", agentRuntimeEndpointPolicy]] as const) {
        it(`${name}: inference on approved models only, by this account's principals only`, () => {
            const document = build(p);
            expect(allowsInvoke(document, "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")).to.equal(true);
            expect(allowsInvoke(document, "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0")).to.equal(true);
            expect(allowsInvoke(document, "arn:aws:bedrock:us-west-2::foundation-model/deepseek.r1-v1:0")).to.equal(false);
            expect(allowsInvoke(document, "arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-text-express-v1")).to.equal(false);
            for (const s of document.Statement) {
                expect(s.Effect).to.equal("Allow");
                expect(s.Condition).to.deep.equal({ StringEquals: { "aws:PrincipalAccount": "111122223333" } });
                expect(list(s.Action).some((a) => a.includes("*"))).to.equal(false);
            }
            for (const action of namedActions(document)) expect(catalogAction(action), action).to.not.equal(undefined);
        });
    }

    it("bedrock-agent-runtime: this account's agent aliases, flows and knowledge bases", () => {
        const s = statement(agentRuntimeEndpointPolicy(p), "InvokeOwnAgentsAndFlows");
        expect(list(s.Resource)).to.deep.equal([
            "arn:aws:bedrock:us-west-2:111122223333:agent-alias/*",
            "arn:aws:bedrock:us-west-2:111122223333:flow-alias/*",
            "arn:aws:bedrock:us-west-2:111122223333:knowledge-base/*",
        ]);
        expect(catalogAction("bedrock:RetrieveAndGenerate").resourceTypes).to.deep.equal([]);
    });

    it("splits the new VPC's CIDR into subnets", () => {
        expect(subnetCidrs("10.42.0.0/16", 4, 2)).to.deep.equal(["10.42.0.0/20", "10.42.16.0/20"]);
        expect(subnetCidrs("192.168.8.0/22", 2, 3)).to.deep.equal(["192.168.8.0/24", "192.168.9.0/24", "192.168.10.0/24"]);
        expect(() => subnetCidrs("10.0.0.0/26", 4, 2)).to.throw(/cannot hold/);
        expect(() => subnetCidrs("10.0.0/16", 4, 2)).to.throw(/not an IPv4 CIDR/);
    });
});

describe("governance logging documents", () => {
    it("selects management events and each Bedrock data-event type", () => {
        const selectors = trailEventSelectors(BEDROCK_DATA_EVENT_RESOURCE_TYPES);
        expect(selectors[0].fieldSelectors).to.deep.equal([{ field: "eventCategory", equals: ["Management"] }]);
        const dataTypes = selectors.slice(1).map((s) => {
            expect(s.fieldSelectors[0]).to.deep.equal({ field: "eventCategory", equals: ["Data"] });
            expect(s.fieldSelectors[1].field).to.equal("resources.type");
            expect(s.fieldSelectors[1].equals).to.have.length(1);
            return s.fieldSelectors[1].equals[0];
        });
        expect(dataTypes).to.deep.equal(["AWS::Bedrock::AgentAlias", "AWS::Bedrock::KnowledgeBase", "AWS::Bedrock::FlowAlias", "AWS::Bedrock::Guardrail", "AWS::Bedrock::PromptVersion"]);
    });

    it("lets CloudTrail write only for this trail, and Bedrock only from this account", () => {
        const policy = loggingBucketPolicy(scope, "arn:aws:s3:::logs", TRAIL, true);
        expect(statement(policy, "DenyNonTLS").Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        expect(statement(policy, "AWSCloudTrailAclCheck").Condition).to.deep.equal({ StringEquals: { "aws:SourceArn": TRAIL } });
        const write = statement(policy, "AWSCloudTrailWrite");
        expect(write.Resource).to.equal("arn:aws:s3:::logs/AWSLogs/111122223333/*");
        expect(write.Condition).to.deep.equal({ StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL } });
        const bedrock = statement(policy, "AllowBedrockInvocationLogDelivery");
        expect(bedrock.Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": "111122223333" },
            ArnLike: { "aws:SourceArn": "arn:aws:bedrock:us-west-2:111122223333:*" },
        });
        expect(loggingBucketPolicy(scope, "arn:aws:s3:::logs", undefined, false).Statement.map((s) => s.Sid)).to.deep.equal(["DenyNonTLS"]);
    });

    it("lets the services use the logging key only for this trail, this account's Bedrock and one log group", () => {
        const policy = loggingKeyPolicy(scope, TRAIL, "/aws/bedrock/gov/model-invocations", true);
        expect(statement(policy, "AllowCloudTrailEncrypt").Condition!.StringEquals).to.deep.equal({ "aws:SourceArn": TRAIL });
        expect(statement(policy, "AllowCloudWatchLogsForLogGroup").Condition).to.deep.equal({
            ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-west-2:111122223333:log-group:/aws/bedrock/gov/model-invocations" },
        });
        expect(statement(policy, "AllowCloudWatchLogsForLogGroup").Principal).to.deep.equal({ Service: "logs.us-west-2.amazonaws.com" });
        expect(statement(policy, "AllowBedrockInvocationLogEncrypt").Condition!.StringEquals).to.deep.equal({ "aws:SourceAccount": "111122223333" });
    });

    it("trusts Bedrock for invocation logging only from this account and region, writing to one log group", () => {
        expect(invocationLoggingTrustPolicy(scope).Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: "bedrock.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": "arn:aws:bedrock:us-west-2:111122223333:*" } },
            },
        ]);
        const role = invocationLoggingRolePolicy(scope, "/aws/bedrock/gov/model-invocations");
        expect(role.Statement[0].Resource).to.equal("arn:aws:logs:us-west-2:111122223333:log-group:/aws/bedrock/gov/model-invocations:log-stream:*");
        for (const action of namedActions(role)) expect(catalogAction(action), action).to.not.equal(undefined);
    });
});

describe("governance Config documents", () => {
    it("gives the evaluator PutEvaluations on * (no resource type exists) and nothing from Lambda", () => {
        const policy = evaluatorExecutionPolicy(scope, "/bedrock-governance/gov/lambda-in-vpc");
        const report = statement(policy, "ReportEvaluations");
        expect(report.Resource).to.equal("*");
        for (const action of list(report.Action)) {
            expect(catalogAction(action).resourceTypes, action).to.deep.equal([]);
        }
        expect(namedActions(policy).filter((a) => a.startsWith("lambda:"))).to.deep.equal([]);
        expect(statement(policy, "WriteOwnLogs").Resource).to.equal("arn:aws:logs:us-west-2:111122223333:log-group:/bedrock-governance/gov/lambda-in-vpc:log-stream:*");
    });

    it("lets Config of this account deliver to the bucket, over TLS only", () => {
        const policy = configBucketPolicy(scope, "arn:aws:s3:::cfg", "config");
        expect(statement(policy, "DenyNonTLS").Effect).to.equal("Deny");
        expect(statement(policy, "AWSConfigBucketDelivery")).to.deep.include({
            Resource: "arn:aws:s3:::cfg/config/AWSLogs/111122223333/Config/*",
            Condition: { StringEquals: { "aws:SourceAccount": "111122223333", "s3:x-amz-acl": "bucket-owner-full-control" } },
        });
        for (const sid of ["AWSConfigBucketPermissionsCheck", "AWSConfigBucketExistenceCheck"]) {
            expect(statement(policy, sid).Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": "111122223333" } });
        }
    });

    it("gives the recorder role delivery to its prefix with its key only", () => {
        const policy = configRecorderDeliveryPolicy(scope, "arn:aws:s3:::cfg", "config", "arn:aws:kms:us-west-2:111122223333:key/k");
        expect(statement(policy, "DeliverSnapshots").Resource).to.equal("arn:aws:s3:::cfg/config/AWSLogs/111122223333/Config/*");
        expect(statement(policy, "EncryptDeliveries").Resource).to.equal("arn:aws:kms:us-west-2:111122223333:key/k");
    });

    it("lets Config of this account and the evaluator's log group use the Config key", () => {
        const policy = configKeyPolicy(scope, "/bedrock-governance/gov/lambda-in-vpc");
        expect(statement(policy, "AllowConfigDelivery").Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": "111122223333" } });
        expect(JSON.stringify(statement(policy, "AllowCloudWatchLogsForLogGroup").Condition)).to.include("log-group:/bedrock-governance/gov/lambda-in-vpc");
    });
});
