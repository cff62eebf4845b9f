// The policy documents of the inventory, checked with IAM's semantics (the shared iam/ library)
// rather than by string comparison where it matters: who may do what on which ARN.
import { expect } from "chai";
import {
    alarmTopicPolicy,
    AwsLocation,
    consumerRolePolicy,
    consumerTrustPolicy,
    inventoryBucketPolicy,
    inventoryExecutionPolicy,
    inventoryKeyPolicy,
    lambdaTrustPolicy,
    PolicyDocument,
    PolicyStatement,
} from "../../components/documents";
import { actionExists, catalogAction, evaluateAccess, parsePolicyDocument } from "../../iam";
import { API_LIMITS } from "../../inventory-fn/aws/limits";

const location: AwsLocation = { partition: "aws", region: "eu-west-1", accountId: "111122223333", dnsSuffix: "amazonaws.com" };
const bucketArn = "arn:aws:s3:::inv-bucket";
const keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const logGroupArn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/inv-fn";
const queueArn = "arn:aws:sqs:eu-west-1:111122223333:inv-failed-runs";
const roleArn = "arn:aws:iam::111122223333:role/inv-role";

function executionPolicy(toolLogGroups: string[] = []): PolicyDocument {
    return inventoryExecutionPolicy({
        location,
        bucketArn,
        outputPrefix: "bedrock-core-inventory/",
        latestPrefix: "latest/",
        keyArn,
        logGroupArn,
        failureQueueArn: queueArn,
        toolLogGroups,
    });
}

function allows(document: PolicyDocument, action: string, resource: string): boolean {
    return evaluateAccess({ action, resource }, [{ policyType: "inline", policyName: "p", document: parsePolicyDocument(document) }]).allowed;
}

function statement(document: PolicyDocument, sid: string): PolicyStatement {
    const found = document.Statement.find((s) => s.Sid === sid);
    if (!found) throw new Error(`no statement ${sid}`);
    return found;
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const actionsOf = (document: PolicyDocument): string[] => document.Statement.flatMap((s) => asList(s.Action));

const resourceTypes = (action: string): string[] => (catalogAction(action)?.resourceTypes ?? []).map((r) => r.name);

describe("inventory policy documents", () => {
    describe("key policy", () => {
        const policy = inventoryKeyPolicy({ location, executionRoleArn: roleArn, logGroupArn });

        it("keeps the account root in full control", () => {
            const root = statement(policy, "RootAccountFullControl");
            expect(root.Effect).to.equal("Allow");
            expect(root.Principal).to.deep.equal({ AWS: "arn:aws:iam::111122223333:root" });
            expect(root.Action).to.equal("kms:*");
        });

        it("lets the execution role generate data keys, decrypt and describe, nothing else", () => {
            const grant = statement(policy, "LambdaExecutionRoleArtifactEncryption");
            expect(grant.Principal).to.deep.equal({ AWS: roleArn });
            expect(asList(grant.Action).sort()).to.deep.equal(["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"]);
        });

        it("lets the region's CloudWatch Logs use the key only for exactly this log group", () => {
            const logs = statement(policy, "CloudWatchLogsLogGroupEncryption");
            expect(logs.Principal).to.deep.equal({ Service: "logs.eu-west-1.amazonaws.com" });
            expect(logs.Condition).to.deep.equal({ ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } });
        });

        it("lets CloudWatch alarms of this account use the key for the encrypted topic", () => {
            const alarms = statement(policy, "CloudWatchAlarmsEncryptedTopic");
            expect(alarms.Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
            expect(asList(alarms.Action).sort()).to.deep.equal(["kms:Decrypt", "kms:GenerateDataKey*"]);
            expect(alarms.Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": "111122223333" } });
        });

        it("names no other principal", () => {
            const principals = policy.Statement.map((s) => JSON.stringify(s.Principal)).sort();
            expect(principals).to.deep.equal(
                [
                    { AWS: "arn:aws:iam::111122223333:root" },
                    { AWS: roleArn },
                    { Service: "logs.eu-west-1.amazonaws.com" },
                    { Service: "cloudwatch.amazonaws.com" },
                ]
                    .map((p) => JSON.stringify(p))
                    .sort(),
            );
        });

        it("uses the partition's DNS suffix for the regional Logs principal", () => {
            const china = inventoryKeyPolicy({
                location: { partition: "aws-cn", region: "cn-north-1", accountId: "111122223333", dnsSuffix: "amazonaws.com.cn" },
                executionRoleArn: roleArn,
                logGroupArn,
            });
            expect(statement(china, "CloudWatchLogsLogGroupEncryption").Principal).to.deep.equal({ Service: "logs.cn-north-1.amazonaws.com.cn" });
            expect(statement(china, "RootAccountFullControl").Principal).to.deep.equal({ AWS: "arn:aws-cn:iam::111122223333:root" });
        });
    });

    describe("bucket policy", () => {
        const policy = inventoryBucketPolicy({ bucketArn, keyArn });

        it("denies every request without TLS on the bucket and its objects", () => {
            const tls = statement(policy, "DenyNonTLS");
            expect(tls).to.deep.include({ Effect: "Deny", Principal: "*", Action: "s3:*" });
            expect(tls.Resource).to.deep.equal([bucketArn, `${bucketArn}/*`]);
            expect(tls.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        });

        it("denies writes that are not SSE-KMS", () => {
            const sse = statement(policy, "DenyUnencryptedPuts");
            expect(sse).to.deep.include({ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${bucketArn}/*` });
            expect(sse.Condition).to.deep.equal({ StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } });
        });

        it("denies writes with any key but this one", () => {
            const key = statement(policy, "DenyWrongKMSKey");
            expect(key).to.deep.include({ Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${bucketArn}/*` });
            expect(key.Condition).to.deep.equal({ StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn } });
        });

        it("allows nothing", () => {
            expect(policy.Statement.every((s) => s.Effect === "Deny")).to.equal(true);
        });
    });

    describe("execution role policy", () => {
        const policy = executionPolicy();

        it("uses only actions that exist (no s3:CopyObject, which is not an IAM action)", () => {
            const unknown = actionsOf(policy).filter((action) => !actionExists(action));
            expect(unknown).to.deep.equal([]);
            expect(actionsOf(policy)).to.not.include("s3:CopyObject");
        });

        it("leaves Resource \"*\" only on actions that have no resource type to scope to", () => {
            const broad = policy.Statement.filter((s) => asList(s.Resource).includes("*")).flatMap((s) => asList(s.Action));
            const scopable = broad.filter((action) => resourceTypes(action).length > 0);
            expect(scopable).to.deep.equal([]);
        });

        it("grants exactly the APIs the function calls (inventory-fn/aws/limits.ts), nothing unused", () => {
            // A copy is GetObject on the source and PutObject on the target: there is no s3:CopyObject.
            // HeadObject is authorized as GetObject; the function's DeleteObject always names a
            // VersionId, which is authorized as DeleteObjectVersion.
            const actionsOfApi: Record<string, string[]> = { "s3:CopyObject": ["s3:GetObject", "s3:PutObject"], "s3:HeadObject": ["s3:GetObject"], "s3:DeleteObject": ["s3:DeleteObjectVersion"] };
            const needed = new Set(Object.keys(API_LIMITS).flatMap((api) => actionsOfApi[api] ?? [api]));
            const writesOwnLogs = ["logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage"];
            const usesKey = ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"];
            const granted = actionsOf(policy).filter((a) => !writesOwnLogs.includes(a) && !usesKey.includes(a));
            expect([...new Set(granted)].sort()).to.deep.equal([...needed].sort());
        });

        it("writes and reads objects only under the output and latest prefixes of this bucket", () => {
            for (const action of ["s3:PutObject", "s3:GetObject"]) {
                expect(allows(policy, action, `${bucketArn}/bedrock-core-inventory/runs/20260101T000000Z/manifest.json`), action).to.equal(true);
                expect(allows(policy, action, `${bucketArn}/latest/manifest.json`), action).to.equal(true);
                expect(allows(policy, action, `${bucketArn}/elsewhere/manifest.json`), action).to.equal(false);
                expect(allows(policy, action, "arn:aws:s3:::another-bucket/latest/manifest.json"), action).to.equal(false);
            }
            expect(allows(policy, "s3:DeleteObject", `${bucketArn}/latest/manifest.json`)).to.equal(false);
            // Undoing a failed promotion deletes versions under latest/ only, never under runs/.
            expect(allows(policy, "s3:DeleteObjectVersion", `${bucketArn}/latest/manifest.json`)).to.equal(true);
            expect(allows(policy, "s3:DeleteObjectVersion", `${bucketArn}/bedrock-core-inventory/runs/20260101T000000Z/manifest.json`)).to.equal(false);
            expect(allows(policy, "s3:ListBucket", bucketArn)).to.equal(false);
        });

        it("uses only this key", () => {
            expect(allows(policy, "kms:GenerateDataKey", keyArn)).to.equal(true);
            expect(allows(policy, "kms:Decrypt", keyArn)).to.equal(true);
            expect(allows(policy, "kms:Decrypt", "arn:aws:kms:eu-west-1:111122223333:key/other")).to.equal(false);
            expect(allows(policy, "kms:Encrypt", keyArn)).to.equal(false);
        });

        it("writes logs only to its own log group, and creates no log group", () => {
            expect(allows(policy, "logs:PutLogEvents", `${logGroupArn}:log-stream:2026/01/01/abc`)).to.equal(true);
            expect(allows(policy, "logs:PutLogEvents", "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/other:log-stream:x")).to.equal(false);
            expect(allows(policy, "logs:CreateLogGroup", logGroupArn)).to.equal(false);
        });

        it("queries Logs Insights on Lambda log groups and the configured tool groups only", () => {
            const lambdaGroup = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/tool-fn";
            const customGroup = "arn:aws:logs:eu-west-1:111122223333:log-group:/custom/tools";
            expect(allows(policy, "logs:StartQuery", lambdaGroup)).to.equal(true);
            expect(allows(policy, "logs:StartQuery", customGroup)).to.equal(false);
            const withTools = executionPolicy(["/custom/tools"]);
            expect(allows(withTools, "logs:StartQuery", customGroup)).to.equal(true);
            expect(allows(withTools, "logs:GetQueryResults", `${customGroup}:*`)).to.equal(true);
            expect(allows(withTools, "logs:StartQuery", "arn:aws:logs:eu-west-1:111122223333:log-group:/custom/other")).to.equal(false);
        });

        it("reads IAM with GetAccountAuthorizationDetails, and lists Bedrock API keys (metadata) of this account's users", () => {
            expect(allows(policy, "iam:GetAccountAuthorizationDetails", "*")).to.equal(true);
            expect(actionsOf(policy).filter((a) => a.startsWith("iam:"))).to.deep.equal(["iam:GetAccountAuthorizationDetails", "iam:ListServiceSpecificCredentials"]);
            expect(allows(policy, "iam:ListServiceSpecificCredentials", "arn:aws:iam::111122223333:user/alice")).to.equal(true);
            expect(allows(policy, "iam:ListServiceSpecificCredentials", "arn:aws:iam::444455556666:user/alice")).to.equal(false);
            expect(allows(policy, "iam:PutRolePolicy", "arn:aws:iam::111122223333:role/x")).to.equal(false);
        });

        it("reads Bedrock agents and their action groups of this account and region only", () => {
            const bedrock = "arn:aws:bedrock:eu-west-1:111122223333";
            expect(allows(policy, "bedrock:GetAgent", `${bedrock}:agent/AGENT1`)).to.equal(true);
            expect(allows(policy, "bedrock:ListAgentAliases", `${bedrock}:agent/AGENT1`)).to.equal(true);
            expect(allows(policy, "bedrock:GetAgentActionGroup", `${bedrock}:agent/AGENT1`)).to.equal(true);
            expect(allows(policy, "bedrock:ListAgentActionGroups", `${bedrock}:agent/AGENT1`)).to.equal(true);
            expect(allows(policy, "bedrock:GetAgent", "arn:aws:bedrock:us-east-1:111122223333:agent/AGENT1")).to.equal(false);
            expect(allows(policy, "bedrock:ListAgents", "*")).to.equal(true);
            expect(allows(policy, "bedrock:ListFoundationModels", "*")).to.equal(true);
            expect(allows(policy, "bedrock:InvokeModel", "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-v2")).to.equal(false);
            expect(allows(policy, "bedrock:InvokeAgent", `${bedrock}:agent-alias/AGENT1/ALIAS1`)).to.equal(false);
        });

        it("reads Lambda configurations (not code) of this account and region", () => {
            expect(allows(policy, "lambda:GetFunctionConfiguration", "arn:aws:lambda:eu-west-1:111122223333:function:tool")).to.equal(true);
            expect(allows(policy, "lambda:GetFunction", "arn:aws:lambda:eu-west-1:111122223333:function:tool")).to.equal(false);
            expect(allows(policy, "lambda:GetFunctionConfiguration", "arn:aws:lambda:eu-west-1:999999999999:function:tool")).to.equal(false);
        });

        it("may send failed invocations to its queue only", () => {
            expect(allows(policy, "sqs:SendMessage", queueArn)).to.equal(true);
            expect(allows(policy, "sqs:SendMessage", "arn:aws:sqs:eu-west-1:111122223333:other")).to.equal(false);
        });

        it("reads the SCPs over this account only: its own path, SCPs only, nothing it could change", () => {
            const decide = (action: string, resource: string) => evaluateAccess({ action, resource }, [{ policyType: "inline", policyName: "p", document: parsePolicyDocument(policy) }]);
            const org = "arn:aws:organizations::999988887777";
            // ListParents: this account and OUs as the child, never another account.
            expect(allows(policy, "organizations:ListParents", `${org}:account/o-abcdefghij/111122223333`)).to.equal(true);
            expect(allows(policy, "organizations:ListParents", `${org}:ou/o-abcdefghij/ou-ab12-cdefgh34`)).to.equal(true);
            expect(allows(policy, "organizations:ListParents", `${org}:account/o-abcdefghij/444455556666`)).to.equal(false);
            // ListPoliciesForTarget and DescribePolicy: held to SCPs by organizations:PolicyType.
            for (const [action, resource] of [
                ["organizations:ListPoliciesForTarget", `${org}:root/o-abcdefghij/r-ab12`],
                ["organizations:ListPoliciesForTarget", `${org}:account/o-abcdefghij/111122223333`],
                ["organizations:DescribePolicy", `${org}:policy/o-abcdefghij/service_control_policy/p-examplepolicyid111`],
                ["organizations:DescribePolicy", "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"],
            ]) {
                const decision = decide(action, resource);
                expect(decision.allowed, resource).to.equal(true);
                expect(decision.conditionKeys, resource).to.deep.equal(["organizations:PolicyType"]);
            }
            expect(allows(policy, "organizations:ListPoliciesForTarget", `${org}:account/o-abcdefghij/444455556666`)).to.equal(false);
            expect(allows(policy, "organizations:DescribePolicy", `${org}:policy/o-abcdefghij/tag_policy/p-examplepolicyid111`)).to.equal(false);
            for (const action of ["organizations:DescribeOrganization", "organizations:ListAccounts", "organizations:AttachPolicy", "organizations:UpdatePolicy"]) {
                expect(actionsOf(policy), action).to.not.include(action);
            }
        });

        it("reads CloudTrail events and its own identity", () => {
            expect(allows(policy, "cloudtrail:LookupEvents", "*")).to.equal(true);
            expect(allows(policy, "sts:GetCallerIdentity", "*")).to.equal(true);
        });
    });

    describe("consumer role policy", () => {
        const policy = consumerRolePolicy({ location, bucketArn, latestPrefix: "latest/", outputPrefix: "bedrock-core-inventory/", keyArn });

        it("reads the promoted artifacts and the runs' own (the read protocol's fallback), nothing else in the bucket", () => {
            expect(allows(policy, "s3:GetObject", `${bucketArn}/latest/agent-bindings.json`)).to.equal(true);
            expect(allows(policy, "s3:GetObject", `${bucketArn}/bedrock-core-inventory/runs/20260101T000000Z/agent-bindings.json`)).to.equal(true);
            expect(allows(policy, "s3:GetObject", `${bucketArn}/bedrock-core-inventory/state/usage.json`)).to.equal(false);
            expect(allows(policy, "s3:GetObject", `${bucketArn}/other/agent-bindings.json`)).to.equal(false);
            expect(allows(policy, "s3:PutObject", `${bucketArn}/latest/agent-bindings.json`)).to.equal(false);
            expect(allows(policy, "s3:ListBucket", bucketArn)).to.equal(false);
        });

        it("decrypts with this key only through S3 in this region", () => {
            const decrypt = statement(policy, "DecryptViaS3");
            expect(decrypt.Action).to.equal("kms:Decrypt");
            expect(decrypt.Resource).to.equal(keyArn);
            expect(decrypt.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
        });

        it("makes exactly the connector's live Bedrock reads", () => {
            const bedrockActions = actionsOf(policy).filter((a) => a.startsWith("bedrock:")).sort();
            expect(bedrockActions).to.deep.equal(["bedrock:GetAgent", "bedrock:GetGuardrail", "bedrock:ListAgentAliases", "bedrock:ListAgents"]);
            expect(actionsOf(policy).filter((a) => !actionExists(a))).to.deep.equal([]);
        });
    });

    describe("trust and topic policies", () => {
        it("lets only Lambda assume the execution role, for this account", () => {
            const trust = lambdaTrustPolicy({ accountId: "111122223333" });
            expect(trust.Statement).to.have.length(1);
            expect(trust.Statement[0]).to.deep.include({
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
            });
        });

        it("trusts the configured connector principal, with its external id when given", () => {
            const principalArn = "arn:aws:iam::444455556666:role/connector";
            expect(consumerTrustPolicy({ principalArn }).Statement[0]).to.deep.equal({
                Sid: "ConnectorAssumeRole",
                Effect: "Allow",
                Principal: { AWS: principalArn },
                Action: "sts:AssumeRole",
            });
            expect(consumerTrustPolicy({ principalArn, externalId: "ext-123" }).Statement[0].Condition).to.deep.equal({
                StringEquals: { "sts:ExternalId": "ext-123" },
            });
        });

        it("lets only this account's alarms publish to the alarm topic", () => {
            const topicArn = "arn:aws:sns:eu-west-1:111122223333:alarms";
            const publish = alarmTopicPolicy({ location, topicArn }).Statement[0];
            expect(publish).to.deep.include({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn });
            expect(publish.Condition).to.deep.equal({
                StringEquals: { "aws:SourceAccount": "111122223333" },
                ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*" },
            });
        });
    });
});
