// The organization's policy documents and state machine definition: pure builders, no mocks.
import { expect } from "chai";
import aslValidator from "asl-validator";
import {
    accountFunctionPolicy,
    AwsLocation,
    coordinatorPolicy,
    inventoryExecutionPolicy,
    PolicyDocument,
    spokeRolePolicy,
    spokeRoleTemplate,
    stateMachinePolicy,
} from "../../components/documents";
import { ORG_STATES, organizationStateMachineDefinition } from "../../components/org/definition";
import { actionExists, catalogAction, evaluateAccess, parsePolicyDocument } from "../../iam";

const location: AwsLocation = { partition: "aws", region: "eu-west-1", accountId: "111122223333", dnsSuffix: "amazonaws.com" };
const bucketArn = "arn:aws:s3:::org-bucket";
const keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const logGroupArn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/org-account";

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const actionsOf = (d: PolicyDocument): string[] => d.Statement.flatMap((s) => asList(s.Action));
const allows = (d: PolicyDocument, action: string, resource: string): boolean =>
    evaluateAccess({ action, resource }, [{ policyType: "inline", policyName: "p", document: parsePolicyDocument(d) }]).allowed;
const scopableOnStar = (d: PolicyDocument): string[] =>
    d.Statement.filter((s) => asList(s.Resource).includes("*")).flatMap((s) => asList(s.Action)).filter((a) => (catalogAction(a)?.resourceTypes ?? []).length > 0);

const definitionInput = {
    coordinatorFunctionArn: "arn:aws:lambda:eu-west-1:111122223333:function:org-coordinator",
    accountFunctionArn: "arn:aws:lambda:eu-west-1:111122223333:function:org-account",
    accountConcurrency: 40,
    regionConcurrency: 4,
    toleratedFailurePercentage: 10,
    accountTaskTimeoutSeconds: 960,
    coordinatorTaskTimeoutSeconds: 360,
};

describe("organization inventory documents", () => {
    describe("spoke role", () => {
        it("grants exactly the single-account inventory's reads, nothing it writes", () => {
            const single = inventoryExecutionPolicy({
                location,
                bucketArn,
                outputPrefix: "bedrock-core-inventory/",
                latestPrefix: "latest/",
                keyArn,
                logGroupArn,
                failureQueueArn: "arn:aws:sqs:eu-west-1:111122223333:q",
                toolLogGroups: [],
            });
            const hubOnly = /^(s3|kms|sqs):|^logs:(CreateLogStream|PutLogEvents)$/;
            const reads = [...new Set(actionsOf(single).filter((a) => !hubOnly.test(a)))].sort();
            expect([...new Set(actionsOf(spokeRolePolicy([])))].sort()).to.deep.equal(reads);
            expect(actionsOf(spokeRolePolicy([])).filter((a) => !actionExists(a))).to.deep.equal([]);
        });

        it("scopes Bedrock, Lambda and Logs reads to its own account in any region (Fn::Sub in the template)", () => {
            const template = spokeRoleTemplate({ toolLogGroups: ["/custom/tools"] }) as any;
            const role = template.Resources.InventorySpokeRole.Properties;
            const statements = role.Policies[0].PolicyDocument.Statement as any[];
            const agent = statements.find((s) => s.Sid === "BedrockAgentRead");
            expect(agent.Resource).to.deep.equal({ "Fn::Sub": "arn:${AWS::Partition}:bedrock:*:${AWS::AccountId}:agent/*" });
            const logs = statements.find((s) => s.Sid === "LogsInsightsQuery");
            expect(logs.Resource).to.deep.include({ "Fn::Sub": "arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/custom/tools" });
            expect(JSON.stringify(role.Policies)).to.not.match(/s3:|kms:|sqs:/);
        });

        it("trusts only the hub's role given as a parameter, with the external id", () => {
            const template = spokeRoleTemplate({ toolLogGroups: [] }) as any;
            const trust = template.Resources.InventorySpokeRole.Properties.AssumeRolePolicyDocument.Statement;
            expect(trust).to.have.length(1);
            expect(trust[0].Principal).to.deep.equal({ AWS: { Ref: "HubRoleArn" } });
            expect(trust[0].Action).to.equal("sts:AssumeRole");
            expect(trust[0].Condition).to.deep.equal({ StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } });
            expect(Object.keys(template.Parameters).sort()).to.deep.equal(["ExternalId", "HubRoleArn", "RoleName"]);
            expect(JSON.stringify(template).length, "StackSet templateBody is at most 51,200 bytes").to.be.lessThan(51_200);
        });
    });

    describe("hub roles", () => {
        const account = accountFunctionPolicy({ location, bucketArn, keyArn, logGroupArn, spokeRoleName: "bedrock-inventory-spoke" });
        const coordinator = coordinatorPolicy({ location, bucketArn, keyArn, logGroupArn, listAccounts: true });

        it("account function: assumes only the spoke role, writes only accounts/ and its outcome record", () => {
            expect(allows(account, "sts:AssumeRole", "arn:aws:iam::444455556666:role/bedrock-inventory-spoke")).to.equal(true);
            expect(allows(account, "sts:AssumeRole", "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole")).to.equal(false);
            expect(allows(account, "s3:PutObject", `${bucketArn}/accounts/444455556666/eu-west-1/runs/20260101T000000Z/manifest.json`)).to.equal(true);
            expect(allows(account, "s3:PutObject", `${bucketArn}/organization/runs/20260101T000000Z/outcomes/444455556666/eu-west-1.json`)).to.equal(true);
            expect(allows(account, "s3:PutObject", `${bucketArn}/organization/latest/index.json`)).to.equal(false);
            expect(allows(account, "s3:DeleteObjectVersion", `${bucketArn}/accounts/444455556666/eu-west-1/runs/x/manifest.json`)).to.equal(false);
            // Tagging (PutObject's Tagging header) on the run objects only: not latest/, not organization/.
            expect(allows(account, "s3:PutObjectTagging", `${bucketArn}/accounts/444455556666/eu-west-1/runs/20260101T000000Z/manifest.json`)).to.equal(true);
            expect(allows(account, "s3:PutObjectTagging", `${bucketArn}/accounts/444455556666/eu-west-1/latest/manifest.json`)).to.equal(false);
            expect(allows(account, "s3:PutObjectTagging", `${bucketArn}/organization/runs/20260101T000000Z/outcomes/444455556666/eu-west-1.json`)).to.equal(false);
            expect(allows(coordinator, "s3:PutObjectTagging", `${bucketArn}/organization/runs/20260101T000000Z/index.json`)).to.equal(false);
            expect(allows(account, "iam:GetAccountAuthorizationDetails", "*"), "reads only through the spoke").to.equal(false);
        });

        it("coordinator: writes organization/ and reads only the accounts' latest manifests", () => {
            expect(allows(coordinator, "s3:PutObject", `${bucketArn}/organization/latest/index.json`)).to.equal(true);
            expect(allows(coordinator, "s3:GetObject", `${bucketArn}/accounts/444455556666/eu-west-1/latest/manifest.json`)).to.equal(true);
            expect(allows(coordinator, "s3:GetObject", `${bucketArn}/accounts/444455556666/eu-west-1/latest/principals.json`)).to.equal(false);
            expect(allows(coordinator, "s3:PutObject", `${bucketArn}/accounts/444455556666/eu-west-1/latest/manifest.json`)).to.equal(false);
            expect(actionsOf(coordinatorPolicy({ location, bucketArn, keyArn, logGroupArn, listAccounts: false }))).to.not.include("organizations:ListAccounts");
        });

        it("state machine: invokes its two functions and starts only its own child executions", () => {
            const policy = stateMachinePolicy({ location, stateMachineName: "org-sm", functionArns: [definitionInput.accountFunctionArn, definitionInput.coordinatorFunctionArn] });
            expect(allows(policy, "lambda:InvokeFunction", definitionInput.accountFunctionArn)).to.equal(true);
            expect(allows(policy, "lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:111122223333:function:other")).to.equal(false);
            expect(allows(policy, "states:StartExecution", "arn:aws:states:eu-west-1:111122223333:stateMachine:org-sm")).to.equal(true);
            expect(allows(policy, "states:StartExecution", "arn:aws:states:eu-west-1:111122223333:stateMachine:other")).to.equal(false);
            expect(allows(policy, "states:DescribeExecution", "arn:aws:states:eu-west-1:111122223333:execution:org-sm/Accounts:abc")).to.equal(true);
        });

        it("every action exists in the IAM catalog and '*' is only where there is no resource type", () => {
            const sm = stateMachinePolicy({ location, stateMachineName: "org-sm", functionArns: [definitionInput.accountFunctionArn] });
            for (const d of [account, coordinator, sm, spokeRolePolicy([])]) {
                expect(actionsOf(d).filter((a) => !actionExists(a))).to.deep.equal([]);
                expect(scopableOnStar(d)).to.deep.equal([]);
            }
        });
    });

    describe("state machine definition", () => {
        const definition = organizationStateMachineDefinition(definitionInput) as any;

        it("is valid Amazon States Language (asl-validator)", () => {
            const result = aslValidator(definition);
            expect(result.errors).to.deep.equal([]);
            expect(result.isValid).to.equal(true);
        });

        it("fans out over accounts with a bounded Distributed Map and a tolerated-failure threshold", () => {
            const map = definition.States[ORG_STATES.accounts];
            expect(map.Type).to.equal("Map");
            expect(map.ItemProcessor.ProcessorConfig).to.deep.equal({ Mode: "DISTRIBUTED", ExecutionType: "STANDARD" });
            expect(map.MaxConcurrency).to.equal(40);
            expect(map.ToleratedFailurePercentage).to.equal(10);
            const regions = map.ItemProcessor.States[ORG_STATES.regions];
            expect(regions.MaxConcurrency).to.equal(4);
            const task = regions.ItemProcessor.States[ORG_STATES.accountRegion];
            expect(task.Parameters.FunctionName).to.equal(definitionInput.accountFunctionArn);
            expect(task.Retry[0].ErrorEquals).to.include("Lambda.TooManyRequestsException");
            expect(task.TimeoutSeconds).to.equal(960);
        });

        it("writes the index whether the map succeeds or fails, and flags an incomplete run", () => {
            const map = definition.States[ORG_STATES.accounts];
            expect(map.Next).to.equal(ORG_STATES.noMapError);
            expect(definition.States[ORG_STATES.noMapError].Next).to.equal(ORG_STATES.index);
            expect(map.Catch).to.deep.equal([{ ErrorEquals: ["States.ALL"], ResultPath: "$.mapError", Next: ORG_STATES.index }]);
            expect(definition.States[ORG_STATES.index].Parameters.FunctionName).to.equal(definitionInput.coordinatorFunctionArn);
            expect(definition.States[ORG_STATES.checkIndex].Default).to.equal(ORG_STATES.incomplete);
            expect(definition.States[ORG_STATES.incomplete].Type).to.equal("Fail");
        });

        it("is invalid when a state is broken (the validator is not a rubber stamp)", () => {
            const broken = JSON.parse(JSON.stringify(definition));
            broken.States[ORG_STATES.index].Next = "NoSuchState";
            expect(aslValidator(broken).isValid).to.equal(false);
        });
    });
});
