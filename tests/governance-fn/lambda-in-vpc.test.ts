import { expect } from "chai";
import { evaluateLambdaInVpc, LambdaConfigurationItem, parseRuleParameters } from "../../governance-fn/lambda-in-vpc/evaluate";
import { ConfigRuleEvent, ConfigServicePort, createHandler, Evaluation, handler as deployedHandler } from "../../governance-fn/lambda-in-vpc/handler";
import { bundleFunction, LAMBDA_IN_VPC_EVALUATOR } from "../../components/bundle";
import { mockClient } from "aws-sdk-client-mock";
import { ConfigServiceClient, PutEvaluationsCommand } from "@aws-sdk/client-config-service";

const CAPTURED = "2026-11-23T14:00:00.000Z";
const quiet = () => undefined;

function lambdaItem(overrides: Partial<LambdaConfigurationItem> = {}, subnetIds: string[] = []): LambdaConfigurationItem {
    return {
        resourceType: "AWS::Lambda::Function",
        resourceId: "bedrock-agent-test-noncompliant",
        resourceName: "bedrock-agent-test-noncompliant",
        configurationItemCaptureTime: CAPTURED,
        configurationItemStatus: "OK",
        tags: { BedrockAgent: "true" },
        configuration: { functionName: "bedrock-agent-test-noncompliant", vpcConfig: { subnetIds, securityGroupIds: subnetIds.length ? ["sg-0123456789abcdef0"] : [] } },
        ...overrides,
    };
}

describe("lambda-in-vpc evaluator (pure)", () => {
    it("NON_COMPLIANT: tagged BedrockAgent=true and in no VPC", () => {
        const result = evaluateLambdaInVpc(lambdaItem());
        expect(result.complianceType).to.equal("NON_COMPLIANT");
        expect(result.annotation).to.equal("Bedrock agent function 'bedrock-agent-test-noncompliant' is not deployed in a VPC");
    });

    it("NON_COMPLIANT: tagged and with no vpcConfig at all", () => {
        expect(evaluateLambdaInVpc(lambdaItem({ configuration: { functionName: "f" } })).complianceType).to.equal("NON_COMPLIANT");
        expect(evaluateLambdaInVpc(lambdaItem({ configuration: { functionName: "f", vpcConfig: null } })).complianceType).to.equal("NON_COMPLIANT");
    });

    it("COMPLIANT: tagged and attached to subnets", () => {
        expect(evaluateLambdaInVpc(lambdaItem({}, ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"])).complianceType).to.equal("COMPLIANT");
    });

    it("NOT_APPLICABLE: not tagged, tagged otherwise, or no tags", () => {
        expect(evaluateLambdaInVpc(lambdaItem({ tags: {} })).complianceType).to.equal("NOT_APPLICABLE");
        expect(evaluateLambdaInVpc(lambdaItem({ tags: { BedrockAgent: "false" } })).complianceType).to.equal("NOT_APPLICABLE");
        expect(evaluateLambdaInVpc(lambdaItem({ tags: null })).complianceType).to.equal("NOT_APPLICABLE");
    });

    it("NOT_APPLICABLE: another resource type, or a deleted function", () => {
        expect(evaluateLambdaInVpc(lambdaItem({ resourceType: "AWS::IAM::Role" })).complianceType).to.equal("NOT_APPLICABLE");
        expect(evaluateLambdaInVpc(lambdaItem({ configurationItemStatus: "ResourceDeleted" })).complianceType).to.equal("NOT_APPLICABLE");
    });

    it("compares the tag value without regard to case, so True does not slip past", () => {
        expect(evaluateLambdaInVpc(lambdaItem({ tags: { BedrockAgent: "True" } })).complianceType).to.equal("NON_COMPLIANT");
    });

    it("follows the rule parameters", () => {
        const parameters = parseRuleParameters(JSON.stringify({ tagKey: "agent", tagValue: "yes" }));
        expect(evaluateLambdaInVpc(lambdaItem({ tags: { agent: "yes" } }), parameters).complianceType).to.equal("NON_COMPLIANT");
        expect(evaluateLambdaInVpc(lambdaItem(), parameters).complianceType).to.equal("NOT_APPLICABLE");
        expect(parseRuleParameters(undefined)).to.deep.equal({ tagKey: "BedrockAgent", tagValue: "true" });
        expect(parseRuleParameters("{}")).to.deep.equal({ tagKey: "BedrockAgent", tagValue: "true" });
    });

    it("keeps annotations within Config's 256 characters", () => {
        const long = "f".repeat(300);
        expect(evaluateLambdaInVpc(lambdaItem({ configuration: { functionName: long } })).annotation.length).to.be.at.most(256);
    });
});

describe("lambda-in-vpc handler", () => {
    function fakeConfig(history: Awaited<ReturnType<ConfigServicePort["getResourceConfigHistory"]>> = {}, failed: Evaluation[] = []) {
        const calls: { put: Parameters<ConfigServicePort["putEvaluations"]>[0][]; history: Parameters<ConfigServicePort["getResourceConfigHistory"]>[0][] } = { put: [], history: [] };
        const port: ConfigServicePort = {
            putEvaluations: async (input) => {
                calls.put.push(input);
                return { FailedEvaluations: failed };
            },
            getResourceConfigHistory: async (input) => {
                calls.history.push(input);
                return history;
            },
        };
        return { port, calls };
    }
    const changeEvent = (item: LambdaConfigurationItem, extra: Partial<ConfigRuleEvent> = {}): ConfigRuleEvent => ({
        invokingEvent: JSON.stringify({ messageType: "ConfigurationItemChangeNotification", configurationItem: item }),
        ruleParameters: JSON.stringify({ tagKey: "BedrockAgent", tagValue: "true" }),
        resultToken: "token-123",
        configRuleName: "bedrock-agent-vpc-required",
        ...extra,
    });

    it("reports the evaluation with the result token and the item's capture time", async () => {
        const { port, calls } = fakeConfig();
        await createHandler(port, quiet)(changeEvent(lambdaItem()));
        expect(calls.put).to.deep.equal([
            {
                ResultToken: "token-123",
                Evaluations: [
                    {
                        ComplianceResourceType: "AWS::Lambda::Function",
                        ComplianceResourceId: "bedrock-agent-test-noncompliant",
                        ComplianceType: "NON_COMPLIANT",
                        Annotation: "Bedrock agent function 'bedrock-agent-test-noncompliant' is not deployed in a VPC",
                        OrderingTimestamp: new Date(CAPTURED),
                    },
                ],
            },
        ]);
    });

    it("reads an oversized item back from Config before evaluating it", async () => {
        const { port, calls } = fakeConfig({
            configurationItems: [
                {
                    resourceType: "AWS::Lambda::Function",
                    resourceId: "big-fn",
                    configurationItemCaptureTime: new Date(CAPTURED),
                    configuration: JSON.stringify({ functionName: "big-fn", vpcConfig: { subnetIds: ["subnet-0123456789abcdef0"] } }),
                    tags: { BedrockAgent: "true" },
                },
            ],
        });
        await createHandler(port, quiet)({
            invokingEvent: JSON.stringify({
                messageType: "OversizedConfigurationItemChangeNotification",
                configurationItemSummary: { resourceType: "AWS::Lambda::Function", resourceId: "big-fn", configurationItemCaptureTime: CAPTURED },
            }),
            resultToken: "t",
        });
        expect(calls.history).to.deep.equal([{ resourceType: "AWS::Lambda::Function", resourceId: "big-fn", limit: 1 }]);
        expect(calls.put[0].Evaluations[0]).to.deep.include({ ComplianceResourceId: "big-fn", ComplianceType: "COMPLIANT" });
    });

    it("reports NOT_APPLICABLE when the resource left the rule's scope", async () => {
        const { port, calls } = fakeConfig();
        await createHandler(port, quiet)(changeEvent(lambdaItem(), { eventLeftScope: true }));
        expect(calls.put[0].Evaluations[0].ComplianceType).to.equal("NOT_APPLICABLE");
    });

    it("reports nothing for a scheduled notification (the rule is change-triggered)", async () => {
        const { port, calls } = fakeConfig();
        const lines: Record<string, unknown>[] = [];
        const result = await createHandler(port, (l) => lines.push(l))({ invokingEvent: JSON.stringify({ messageType: "ScheduledNotification" }), resultToken: "t" });
        expect(result).to.equal(undefined);
        expect(calls.put).to.deep.equal([]);
        expect(lines).to.deep.equal([{ message: "nothing to evaluate", messageType: "ScheduledNotification", rule: undefined }]);
    });

    it("fails when Config rejects the evaluation, so the invocation is retried", async () => {
        const { port } = fakeConfig({}, [{ ComplianceResourceType: "AWS::Lambda::Function", ComplianceResourceId: "x", ComplianceType: "COMPLIANT", OrderingTimestamp: new Date() }]);
        let error: Error | undefined;
        await createHandler(port, quiet)(changeEvent(lambdaItem())).catch((e: Error) => (error = e));
        expect(error?.message).to.match(/PutEvaluations rejected 1 evaluation/);
    });

    it("reports through the Config service SDK client when deployed", async () => {
        const config = mockClient(ConfigServiceClient);
        config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
        const originalLog = console.log;
        console.log = () => undefined;
        try {
            await deployedHandler(changeEvent(lambdaItem()));
        } finally {
            console.log = originalLog;
            config.restore();
        }
        const calls = config.commandCalls(PutEvaluationsCommand);
        expect(calls).to.have.length(1);
        expect(calls[0].args[0].input.ResultToken).to.equal("token-123");
        expect(calls[0].args[0].input.Evaluations?.[0]).to.include({ ComplianceResourceId: "bedrock-agent-test-noncompliant", ComplianceType: "NON_COMPLIANT" });
    });

    it("bundles with esbuild into one CommonJS file exporting handler", () => {
        const bundle = bundleFunction(LAMBDA_IN_VPC_EVALUATOR);
        expect(bundle.code).to.match(/handler/);
        const module = { exports: {} as Record<string, unknown> };
        new Function("module", "exports", "require", bundle.code)(module, module.exports, require);
        expect(typeof module.exports.handler).to.equal("function");
    });
});
