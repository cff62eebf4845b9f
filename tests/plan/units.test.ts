// The plan's parts without a child process: arguments, stack files, verdicts to exit codes,
// and the tree.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { parseArguments, UsageError } from "../../scripts/plan/args";
import { readStackConfig, StackFileError } from "../../scripts/plan/stack-files";
import { planExitCode, PlanReport, renderTree } from "../../scripts/plan/render";
import type { PolicyFinding } from "../../policy-pack/runner";

const root = path.resolve(__dirname, "..", "..");

function finding(overrides: Partial<PolicyFinding>): PolicyFinding {
    return {
        policyName: "bedrock-no-wildcard-actions",
        enforcementLevel: "mandatory",
        urn: "urn:pulumi:dev::bedrock-governance::aws:iam/policy:Policy::p",
        resourceName: "p",
        resourceType: "aws:iam/policy:Policy",
        status: "violation",
        message: "Statement \"All\" (#0) allows every Bedrock action",
        ...overrides,
    };
}

describe("plan internals", () => {
    describe("arguments", () => {
        it("reads --stack, --json, --stack-file and --program, also as --flag=value", () => {
            expect(parseArguments(["--stack", "dev"])).to.deep.include({ stack: "dev", json: false, program: "index.ts" });
            expect(parseArguments(["--stack=prod", "--json", "--program", "x.ts", "--stack-file", "f.yaml"])).to.deep.include({
                stack: "prod",
                json: true,
                program: "x.ts",
                stackFile: "f.yaml",
            });
        });

        it("rejects what it does not know, a missing value and a malformed stack name", () => {
            expect(() => parseArguments(["--stack", "dev", "--verbose"])).to.throw(UsageError, "--verbose: got an unknown argument");
            expect(() => parseArguments(["--stack"])).to.throw(UsageError, "--stack: got nothing, expected a value");
            expect(() => parseArguments(["--stack", "--json"])).to.throw(UsageError, "--stack: got nothing, expected a value");
            expect(() => parseArguments([])).to.throw(UsageError, "--stack: got nothing, expected the name of a stack");
            expect(() => parseArguments(["--stack", "../etc"])).to.throw(UsageError, '--stack: got "../etc", expected a stack name');
        });

        it("answers --help without a stack", () => {
            expect(parseArguments(["--help"]).help).to.equal(true);
        });
    });

    describe("stack files", () => {
        const write = (content: string) => {
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stack-")), "Pulumi.x.yaml");
            fs.writeFileSync(file, content);
            return file;
        };

        it("starts from Pulumi.yaml's defaults and applies the stack's values as the CLI passes them", () => {
            const file = write(
                "config:\n  aws:region: eu-west-1\n  inventoryMemorySize: 1024\n  bedrock-governance:inventoryToolLogGroups:\n    - /a\n    - /b\n",
            );
            const stack = readStackConfig(root, "x", file, {});
            expect(stack.project).to.equal("bedrock-governance");
            expect(stack.config["bedrock-governance:inventorySchedule"]).to.equal("rate(15 minutes)");
            expect(stack.config["bedrock-governance:inventoryMemorySize"]).to.equal("1024");
            expect(stack.config["bedrock-governance:inventoryToolLogGroups"]).to.equal('["/a","/b"]');
            expect(stack.config["bedrock-governance:inventoryAlarmEmail"]).to.equal("");
            expect(stack.environment).to.deep.equal({ accountId: "123456789012", region: "eu-west-1", partition: "aws", dnsSuffix: "amazonaws.com" });
        });

        it("takes the partition from the region", () => {
            const file = write("config:\n  aws:region: cn-north-1\n");
            expect(readStackConfig(root, "x", file, {}).environment).to.deep.include({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
        });

        it("falls back to AWS_REGION and refuses a missing or malformed region", () => {
            const file = write("config: {}\n");
            expect(readStackConfig(root, "x", file, { AWS_REGION: "us-west-2" }).environment.region).to.equal("us-west-2");
            expect(() => readStackConfig(root, "x", file, {})).to.throw(StackFileError, "aws:region: got nothing");
            expect(() => readStackConfig(root, "x", write("config:\n  aws:region: Virginia\n"), {})).to.throw(StackFileError, 'aws:region: got "Virginia"');
        });

        it("requires a value for a key Pulumi.yaml declares without a default, as the CLI does", () => {
            const projectRoot = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
            fs.writeFileSync(path.join(projectRoot, "Pulumi.yaml"), "name: demo\nruntime: nodejs\nconfig:\n  owner:\n    type: string\n  size:\n    type: integer\n    default: 3\n");
            fs.writeFileSync(path.join(projectRoot, "Pulumi.a.yaml"), "config:\n  aws:region: us-east-1\n");
            fs.writeFileSync(path.join(projectRoot, "Pulumi.b.yaml"), "config:\n  aws:region: us-east-1\n  demo:owner: platform\n");
            expect(() => readStackConfig(projectRoot, "a", undefined, {})).to.throw(StackFileError, "demo:owner: got nothing, expected a value in Pulumi.a.yaml");
            expect(readStackConfig(projectRoot, "b", undefined, {}).config).to.deep.include({ "demo:owner": "platform", "demo:size": "3" });
        });

        it("refuses secrets, broken YAML and unknown stacks", () => {
            expect(() => readStackConfig(root, "x", write("config:\n  aws:region: us-east-1\n  k:\n    secure: abc\n"), {})).to.throw(StackFileError, "got a secret");
            expect(() => readStackConfig(root, "x", write("config: [\n"), {})).to.throw(StackFileError, "Pulumi.x.yaml:");
            expect(() => readStackConfig(root, "nope", undefined, {})).to.throw(StackFileError, '--stack: got "nope", expected one of dev, prod');
        });
    });

    describe("verdicts", () => {
        it("exits 1 only for a mandatory violation", () => {
            expect(planExitCode([])).to.equal(0);
            expect(planExitCode([finding({ enforcementLevel: "advisory" })])).to.equal(0);
            expect(planExitCode([finding({ status: "undecidable" })])).to.equal(0);
            expect(planExitCode([finding({ status: "exempted" })])).to.equal(0);
            expect(planExitCode([finding({})])).to.equal(1);
        });
    });

    describe("tree", () => {
        const parent = "urn:pulumi:dev::bedrock-governance::bedrock-governance:index:BedrockInventory::inv";
        const report: PlanReport = {
            project: "bedrock-governance",
            stack: "dev",
            environment: { accountId: "123456789012", region: "us-east-1", partition: "aws", dnsSuffix: "amazonaws.com" },
            resources: [
                { urn: parent, type: "bedrock-governance:index:BedrockInventory", name: "inv", properties: {} },
                {
                    urn: `${parent}$aws:cloudwatch/logGroup:LogGroup::inv-log-group`,
                    type: "aws:cloudwatch/logGroup:LogGroup",
                    name: "inv-log-group",
                    parent,
                    properties: { name: "/aws/lambda/inv", retentionInDays: 90, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" },
                },
                {
                    urn: `${parent}$aws:iam/rolePolicy:RolePolicy::inv-role-policy`,
                    type: "aws:iam/rolePolicy:RolePolicy",
                    name: "inv-role-policy",
                    parent,
                    properties: { policy: { Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/latest/*" }] } },
                },
            ],
            outputs: { bucketName: "b", consumerRoleArn: undefined },
            findings: [finding({ urn: `${parent}$aws:iam/rolePolicy:RolePolicy::inv-role-policy`, resourceName: "inv-role-policy" })],
            exitCode: 1,
        };

        it("nests children under their component with the properties that matter and the verdicts", () => {
            const lines = renderTree(report).split("\n");
            expect(lines).to.include("bedrock-governance:index:BedrockInventory  inv");
            expect(lines).to.include("├─ aws:cloudwatch/logGroup:LogGroup  inv-log-group");
            expect(lines).to.include("│     · retention: 90 days");
            expect(lines).to.include("└─ aws:iam/rolePolicy:RolePolicy  inv-role-policy");
            expect(lines).to.include("      · Read: Allow s3:GetObject on arn:aws:s3:::b/latest/*");
            expect(lines.some((l) => l.includes("! mandatory violation: bedrock-no-wildcard-actions"))).to.equal(true);
            expect(lines).to.include("  consumerRoleArn: (none)");
            expect(lines).to.include("Policy pack: 1 finding(s), 1 mandatory violation(s)");
            expect(lines[lines.length - 1]).to.equal("Result: mandatory violation(s) above (exit 1)");
        });
    });
});
