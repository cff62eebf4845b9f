// BedrockOrgInventory under Pulumi's mock engine: the hub's children, the state machine's
// definition as deployed, the StackSet and the roles' trust, and argument validation.
import { recordedResources, MOCK_ACCOUNT_ID, MOCK_REGION, valueOf } from "../support/mocks";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import aslValidator from "asl-validator";
import { BedrockOrgInventory, BedrockOrgInventoryArgs } from "../../components";
import { ArgumentError } from "../../components/config";
import { ORG_STATES } from "../../components/org/definition";
import { RUN_OBJECT_TAG } from "../../components/org/lifecycle";
import { RUN_OBJECT_TAG as STORE_RUN_OBJECT_TAG, accountRunTagging } from "../../inventory-fn/org/layout";
import { RecordedResource, settle } from "../../scripts/plan/mock-engine";

const COMPONENT_TYPE = "bedrock-governance:index:BedrockOrgInventory";

async function deploy(name: string, args?: BedrockOrgInventoryArgs) {
    const org = new BedrockOrgInventory(name, args);
    const outputs = await valueOf(
        pulumi.all({
            stackSetName: org.stackSetName,
            indexKey: org.indexKey,
            spokeRoleName: org.spokeRoleName,
            stateMachineArn: org.stateMachineArn,
            alarmTopicArn: org.alarmTopicArn,
            keyArn: org.keyArn,
            accountFunctionArn: org.accountFunctionArn,
            coordinatorFunctionArn: org.coordinatorFunctionArn,
        }),
    );
    await settle();
    const component = recordedResources.find((r) => r.type === COMPONENT_TYPE && r.name === name);
    if (!component?.urn) throw new Error(`component ${name} was not registered`);
    const children = recordedResources.filter((r) => r.parent === component.urn);
    const child = (suffix: string): RecordedResource => {
        const found = children.find((r) => r.name === `${name}-${suffix}`);
        if (!found) throw new Error(`no child ${name}-${suffix} (children: ${children.map((c) => c.name).join(", ")})`);
        return found;
    };
    return { org, outputs, children, child, json: (suffix: string, field: string) => JSON.parse(child(suffix).inputs[field]) };
}

describe("BedrockOrgInventory", function () {
    this.timeout(60_000);

    it("plans the hub: key, bucket, two functions, state machine with its logs, schedule; every child named and parented", async () => {
        const d = await deploy("org-a", { organizationalUnitIds: ["ou-ab12-cd34ef56"], regions: ["us-east-1", "eu-west-1"] });
        const types = d.children.map((c) => c.type);
        for (const t of ["aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:lambda/function:Function", "aws:sfn/stateMachine:StateMachine", "aws:cloudwatch/eventRule:EventRule", "aws:cloudformation/stackSet:StackSet", "aws:cloudformation/stackSetInstance:StackSetInstance"]) {
            expect(types, t).to.include(t);
        }
        for (const c of d.children) expect(c.name.startsWith("org-a-"), c.name).to.equal(true);
        expect(d.outputs.indexKey).to.equal("organization/latest/index.json");
    });

    it("deploys a valid definition bound to its own functions, with ERROR logs to its own encrypted log group", async () => {
        const d = await deploy("org-b", { accountConcurrency: 25, toleratedFailurePercentage: 5 });
        const sm = d.child("state-machine");
        const definition = JSON.parse(sm.inputs.definition);
        expect(aslValidator(definition).isValid).to.equal(true);
        const map = definition.States[ORG_STATES.accounts];
        expect(map.MaxConcurrency).to.equal(25);
        expect(map.ToleratedFailurePercentage).to.equal(5);
        expect(sm.inputs.loggingConfiguration.level).to.equal("ERROR");
        expect(sm.inputs.loggingConfiguration.includeExecutionData).to.equal(false);
        expect(sm.inputs.loggingConfiguration.logDestination).to.match(/:log-group:\/aws\/vendedlogs\/states\/org-b-[0-9a-f]{8}:\*$/);
        expect(d.child("state-machine-log-group").inputs.kmsKeyId).to.be.a("string");
        const accountFn = d.child("account-function");
        expect(accountFn.inputs.handler).to.equal("index.accountHandler");
        expect(d.child("coordinator-function").inputs.handler).to.equal("index.coordinatorHandler");
        expect(accountFn.inputs.environment.variables.ORG_REGIONS).to.equal(MOCK_REGION);
        expect(accountFn.inputs.environment.variables.SPOKE_ROLE_NAME).to.equal("bedrock-inventory-spoke");
    });

    it("service-managed StackSet with auto-deployment to the OUs, the spoke trusting only the account function's role with the external id", async () => {
        const d = await deploy("org-c", { organizationalUnitIds: ["ou-ab12-cd34ef56"], externalId: "org-c-external-id", stackSetCallAs: "SELF", stackSetRegion: "eu-west-1" });
        const stackSet = d.child("spokes");
        expect(stackSet.inputs.permissionModel).to.equal("SERVICE_MANAGED");
        expect(stackSet.inputs.callAs).to.equal("SELF");
        expect(stackSet.inputs.autoDeployment).to.deep.equal({ enabled: true, retainStacksOnAccountRemoval: false });
        expect(stackSet.inputs.capabilities).to.deep.equal(["CAPABILITY_NAMED_IAM"]);
        expect(stackSet.inputs.parameters.ExternalId).to.equal("org-c-external-id");
        expect(stackSet.inputs.parameters.RoleName).to.equal("bedrock-inventory-spoke");
        const accountRole = d.child("account-role");
        expect(stackSet.inputs.parameters.HubRoleArn).to.be.a("string").and.to.equal(await valueOf(d.org.accountFunctionRoleArn));
        expect(accountRole.inputs.assumeRolePolicy).to.be.a("string");
        const template = JSON.parse(stackSet.inputs.templateBody);
        expect(template.Resources.InventorySpokeRole.Type).to.equal("AWS::IAM::Role");
        const instances = d.child("spokes-instances");
        expect(instances.inputs.deploymentTargets).to.deep.equal({ organizationalUnitIds: ["ou-ab12-cd34ef56"] });
        expect(instances.inputs.stackSetInstanceRegion).to.equal("eu-west-1");
    });

    it("creates no StackSet without OUs, and offers the spoke template instead", async () => {
        const d = await deploy("org-d");
        expect(d.children.some((c) => c.type === "aws:cloudformation/stackSet:StackSet")).to.equal(false);
        expect(d.outputs.stackSetName).to.equal(undefined);
        expect(JSON.parse(await valueOf(d.org.spokeTemplateBody)).Resources.InventorySpokeRole).to.not.equal(undefined);
    });

    it("trusts: functions by lambda, the state machine by states, the schedule by events, each for this account only", async () => {
        const d = await deploy("org-e", { accountIds: ["111111111111", "222222222222"] });
        const principal = (suffix: string) => {
            const s = d.json(suffix, "assumeRolePolicy").Statement[0];
            expect(s.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
            return s.Principal.Service;
        };
        expect(principal("account-role")).to.equal("lambda.amazonaws.com");
        expect(principal("coordinator-role")).to.equal("lambda.amazonaws.com");
        expect(principal("state-machine-role")).to.equal("states.amazonaws.com");
        expect(principal("schedule-role")).to.equal("events.amazonaws.com");
        // Explicit accounts: the coordinator may not list the organization.
        const coordinator = d.json("coordinator-role-policy", "policy");
        expect(JSON.stringify(coordinator)).to.not.include("organizations:");
        expect(d.child("account-function").inputs.environment.variables.ORG_ACCOUNT_IDS).to.equal("111111111111,222222222222");
        const target = d.child("schedule-target");
        expect(target.inputs.roleArn).to.be.a("string");
        expect(d.child("schedule").inputs.scheduleExpression).to.equal("rate(1 hour)");
    });

    it("expires the accounts' runs by the tag the account function writes, organization/runs/ by prefix, never latest/", async () => {
        const d = await deploy("org-life", { runRetentionDays: 45, noncurrentVersionRetentionDays: 10 });
        const rules = d.child("bucket-lifecycle").inputs.rules as { id: string; filter: Record<string, unknown>; expiration?: { days?: number } }[];
        const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
        expect(byId["expire-organization-runs"]).to.deep.include({ filter: { prefix: "organization/runs/" }, expiration: { days: 45 } });
        expect(byId["expire-account-runs"]).to.deep.include({
            status: "Enabled",
            filter: { and: { prefix: "accounts/", tags: { "bedrock-inventory-object": "run" } } },
            expiration: { days: 45 },
        });
        expect(byId["expire-noncurrent-versions"]).to.deep.include({ filter: {}, noncurrentVersionExpiration: { noncurrentDays: 10 } });
        // No rule by prefix reaches latest/ (only the tagged one reaches accounts/ at all).
        for (const r of rules) expect(JSON.stringify(r.filter)).to.not.include("latest");
        // The rule's tag is exactly what the Lambda's store sends (the two are built apart).
        expect(RUN_OBJECT_TAG).to.deep.equal(STORE_RUN_OBJECT_TAG);
        expect(accountRunTagging("111122223333", "eu-west-1").tagging).to.equal(`${RUN_OBJECT_TAG.key}=${RUN_OBJECT_TAG.value}`);
        // The account role may tag exactly those objects.
        const tagging = d.json("account-role-policy", "policy").Statement.find((s: { Action: unknown }) => s.Action === "s3:PutObjectTagging");
        expect(tagging.Resource).to.match(/\/accounts\/\*\/\*\/runs\/\*$/);
        expect(JSON.stringify(d.json("coordinator-role-policy", "policy"))).to.not.include("PutObjectTagging");
    });

    it("alarms on failed and timed-out executions and on either function's errors, to a topic encrypted with the hub key", async () => {
        const d = await deploy("org-alarm");
        const topicArn = d.outputs.alarmTopicArn;
        expect(topicArn).to.be.a("string").and.not.equal("");
        expect(d.child("alarms").inputs.kmsMasterKeyId).to.equal(d.outputs.keyArn);
        const expected: [string, string, string, Record<string, unknown>][] = [
            ["executions-failed", "AWS/States", "ExecutionsFailed", { StateMachineArn: d.outputs.stateMachineArn }],
            ["executions-timed-out", "AWS/States", "ExecutionsTimedOut", { StateMachineArn: d.outputs.stateMachineArn }],
            ["account-errors", "AWS/Lambda", "Errors", { FunctionName: d.child("account-function").inputs.name }],
            ["coordinator-errors", "AWS/Lambda", "Errors", { FunctionName: d.child("coordinator-function").inputs.name }],
        ];
        for (const [suffix, namespace, metricName, dimensions] of expected) {
            const alarm = d.child(suffix);
            expect(alarm.type, suffix).to.equal("aws:cloudwatch/metricAlarm:MetricAlarm");
            expect(alarm.inputs, suffix).to.deep.include({ namespace, metricName, dimensions, statistic: "Sum", threshold: 0, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" });
            expect(alarm.inputs.alarmActions, suffix).to.deep.equal([topicArn]);
            expect(alarm.inputs.okActions, suffix).to.deep.equal([topicArn]);
        }
        expect(d.child("account-function").inputs.name).to.not.equal(d.child("coordinator-function").inputs.name);
        // The topic takes only this account's and region's alarms; CloudWatch may use the key (else it cannot publish).
        const topicPolicy = d.json("alarms-policy", "policy");
        expect(topicPolicy.Statement[0]).to.deep.include({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn });
        expect(topicPolicy.Statement[0].Condition.StringEquals["aws:SourceAccount"]).to.equal(MOCK_ACCOUNT_ID);
        const keyPolicy = d.json("key", "policy");
        const cloudwatch = keyPolicy.Statement.find((s: { Principal?: { Service?: string } }) => s.Principal?.Service === "cloudwatch.amazonaws.com");
        expect(cloudwatch, "a key statement for CloudWatch alarms").to.not.equal(undefined);
        expect(cloudwatch.Action).to.include.members(["kms:Decrypt", "kms:GenerateDataKey*"]);
        expect(cloudwatch.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
        expect(d.children.map((c) => c.name)).to.not.include("org-alarm-alarm-email");
    });

    it("subscribes the alarm email when given", async () => {
        const d = await deploy("org-mail", { alarmEmail: "ops@example.com" });
        expect(d.child("alarm-email").inputs).to.deep.include({ protocol: "email", endpoint: "ops@example.com", topic: d.outputs.alarmTopicArn });
    });

    it("rejects bad arguments, every problem at once, naming each", () => {
        let error: unknown;
        try {
            new BedrockOrgInventory("org-bad", {
                regions: ["mars-1"],
                accountIds: ["123"],
                organizationalUnitIds: ["r-abc"],
                stackSetCallAs: "ADMIN",
                accountConcurrency: 0,
                toleratedFailurePercentage: 101,
                schedule: "every hour",
                alarmEmail: "not-an-address",
            });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ArgumentError);
        const problems = (error as ArgumentError).problems.join("\n");
        for (const arg of ["regions[0]", "accountIds[0]", "organizationalUnitIds[0]", "stackSetCallAs", "accountConcurrency", "toleratedFailurePercentage", "schedule", "alarmEmail"]) {
            expect(problems).to.include(`BedrockOrgInventory "org-bad": ${arg}: got`);
        }
    });
});
