// `npm run plan` end to end, as child processes (the plan installs its own mock engine, so it
// cannot share this mocha process): exit codes 0/1/2, the readable tree, and the golden plans of
// dev and prod. Regenerate the golden files after an intended change with
//   UPDATE_GOLDEN=1 npx mocha tests/plan/plan.test.ts
// and review the diff of tests/golden/ like code.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { runPolicies } from "../../policy-pack/runner";

const root = path.resolve(__dirname, "..", "..");
const goldenDirectory = path.join(root, "tests", "golden");

interface PlanRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

function plan(...args: string[]): Promise<PlanRun> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["--import", "tsx", path.join(root, "scripts", "plan.ts"), ...args],
            { cwd: root, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, AWS_REGION: "", AWS_DEFAULT_REGION: "" } },
            (error, stdout, stderr) => resolve({ code: error ? ((error as any).code ?? 1) : 0, stdout, stderr }),
        );
    });
}

function stackFile(content: string): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const file = path.join(directory, "Pulumi.candidate.yaml");
    fs.writeFileSync(file, content);
    return file;
}

/** The part of a JSON plan that must not change by accident: resources and outputs. */
function goldenView(json: string): unknown {
    const report = JSON.parse(json);
    return { project: report.project, stack: report.stack, environment: report.environment, resources: report.resources, outputs: report.outputs };
}

function checkGolden(stack: string, run: PlanRun): void {
    expect(run.code, run.stderr).to.equal(0);
    const file = path.join(goldenDirectory, `${stack}.json`);
    const actual = goldenView(run.stdout);
    if (process.env.UPDATE_GOLDEN === "1") {
        fs.mkdirSync(goldenDirectory, { recursive: true });
        fs.writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(fs.existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx mocha tests/plan/plan.test.ts`).to.equal(true);
    const expected = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(actual, `the ${stack} plan differs from tests/golden/${stack}.json (UPDATE_GOLDEN=1 to accept an intended change)`).to.deep.equal(expected);
}

describe("npm run plan", function () {
    this.timeout(120000);
    const runs: Record<string, PlanRun> = {};

    before(async () => {
        const badValues = stackFile(
            [
                "config:",
                "  aws:region: us-east-1",
                "  bedrock-governance:inventoryLogRetentionDays: 42",
                "  bedrock-governance:inventoryColour: blue",
            ].join("\n"),
        );
        const secret = stackFile("config:\n  aws:region: us-east-1\n  bedrock-governance:inventoryAlarmEmail:\n    secure: v1:abc\n");
        const noRegion = stackFile("config:\n  bedrock-governance:inventoryMemorySize: 512\n");
        const badPackConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "policy.json");
        fs.writeFileSync(badPackConfig, JSON.stringify({ "bedrock-restricted-actions": { exemptions: [{ resource: "x" }] } }));
        const [devJson, prodJson, bad, secretRun, noRegionRun, unknownStack, badArgs, noStack, violation, failingInput, lateArgument, badPolicyConfig] = await Promise.all([
            plan("--stack", "dev", "--json"),
            plan("--stack", "prod", "--json"),
            plan("--stack", "candidate", "--stack-file", badValues, "--json"),
            plan("--stack", "candidate", "--stack-file", secret),
            plan("--stack", "candidate", "--stack-file", noRegion),
            plan("--stack", "staging"),
            plan("--stack", "dev", "--colour"),
            plan("--json"),
            plan("--stack", "dev", "--program", "tests/plan/fixtures/wildcard-program.ts"),
            plan("--stack", "dev", "--program", "tests/plan/fixtures/failing-input-program.ts"),
            plan("--stack", "dev", "--program", "tests/plan/fixtures/invalid-output-argument-program.ts"),
            plan("--stack", "dev", "--policy-pack-config", badPackConfig),
        ]);
        Object.assign(runs, { devJson, prodJson, bad, secretRun, noRegionRun, unknownStack, badArgs, noStack, violation, failingInput, lateArgument, badPolicyConfig });
    });

    it("prints dev as JSON and exits 0", () => {
        const { code, stdout, stderr } = runs.devJson;
        expect(code, stderr).to.equal(0);
        const report = JSON.parse(stdout);
        expect(report).to.deep.include({ project: "bedrock-governance", stack: "dev", mandatoryViolations: 0, exitCode: 0 });
        expect(report.environment).to.deep.equal({ accountId: "123456789012", region: "us-east-1", partition: "aws", dnsSuffix: "amazonaws.com" });
        const components = report.resources.filter((r: any) => r.type.startsWith("bedrock-governance:index:"));
        expect(components.map((c: any) => `${c.type} ${c.name}`).sort()).to.deep.equal([
            "bedrock-governance:index:BedrockGovernance bedrock-governance",
            "bedrock-governance:index:BedrockInventory bedrock-core-inventory",
        ]);
        // Every AWS resource is a child of one of the two components (no stray top-level resource).
        const urns = new Set(components.map((c: any) => c.urn));
        expect(report.resources.filter((r: any) => !r.type.startsWith("bedrock-governance:index:") && !urns.has(r.parent))).to.deep.equal([]);
        expect(report.resources.find((r: any) => r.type === "aws:lambda/function:Function").properties.code).to.equal("<archive>");
    });

    it("matches the golden plan of dev", () => checkGolden("dev", runs.devJson));

    it("matches the golden plan of prod", () => checkGolden("prod", runs.prodJson));

    it("leaves no unexplained finding on dev and prod: each is exempted in policy-pack-config.json with its reason", () => {
        for (const run of [runs.devJson, runs.prodJson]) {
            const findings = JSON.parse(run.stdout).findings as { status: string; message: string; policyName: string }[];
            expect(findings.filter((f) => f.status !== "exempted")).to.deep.equal([]);
            for (const finding of findings) {
                expect(finding.message).to.match(/^exempted: (the admin team's permissions boundary|bedrock-agentcore:GetRuntimeProtectedResourceMetadata is the OAuth discovery call)/);
            }
        }
    });

    it("exits 2 on a policy pack config the pack rejects, naming the key", () => {
        expect(runs.badPolicyConfig.code).to.equal(2);
        expect(runs.badPolicyConfig.stderr).to.include("policy pack config: ");
        expect(runs.badPolicyConfig.stderr).to.include("reason");
    });

    it("plans real differences between dev and prod", () => {
        const dev = JSON.parse(runs.devJson.stdout);
        const prod = JSON.parse(runs.prodJson.stdout);
        // The inventory's resources: the governance component has event rules, topics and log groups too.
        const find = (plan: any, type: string) => {
            const inventory = plan.resources.find((r: any) => r.type === "bedrock-governance:index:BedrockInventory");
            return plan.resources.find((r: any) => r.type === type && r.parent === inventory.urn).properties;
        };
        expect(find(dev, "aws:cloudwatch/eventRule:EventRule").scheduleExpression).to.equal("rate(1 hour)");
        expect(find(prod, "aws:cloudwatch/eventRule:EventRule").scheduleExpression).to.equal("rate(15 minutes)");
        expect(find(prod, "aws:lambda/function:Function").name).to.equal("bedrock-core-tools-inventory");
        expect(find(prod, "aws:cloudwatch/logGroup:LogGroup").retentionInDays).to.equal(365);
        expect(find(prod, "aws:lambda/function:Function").memorySize).to.equal(512);
        expect(find(prod, "aws:sns/topicSubscription:TopicSubscription").endpoint).to.equal("security-oncall@example.com");
        expect(JSON.parse(runs.prodJson.stdout).exitCode).to.equal(0);
    });

    it("exits 2 on bad config, naming every bad key and the rule", () => {
        const { code, stderr, stdout } = runs.bad;
        expect(code).to.equal(2);
        // With --json the same problems come on stdout for machines.
        const report = JSON.parse(stdout);
        expect(report).to.deep.include({ stack: "candidate", exitCode: 2 });
        expect(report.error.kind).to.equal("config");
        expect(report.error.messages).to.have.length(2);
        expect(stderr).to.include("bedrock-governance:inventoryLogRetentionDays: got 42, expected one of CloudWatch Logs' retention values");
        expect(stderr).to.include('bedrock-governance:inventoryColour: got "blue", expected no such key');
    });

    it("exits 2 on a secret it cannot decrypt and on a missing region", () => {
        expect(runs.secretRun.code).to.equal(2);
        expect(runs.secretRun.stderr).to.include("bedrock-governance:inventoryAlarmEmail: got a secret (secure:)");
        expect(runs.noRegionRun.code).to.equal(2);
        expect(runs.noRegionRun.stderr).to.include("aws:region: got nothing, expected a region");
    });

    it("exits 2 on bad arguments and unknown stacks, saying what is allowed", () => {
        expect(runs.unknownStack.code).to.equal(2);
        expect(runs.unknownStack.stderr).to.include('--stack: got "staging", expected one of dev, prod');
        expect(runs.badArgs.code).to.equal(2);
        expect(runs.badArgs.stderr).to.include("--colour: got an unknown argument, expected one of --stack <name>");
        expect(runs.noStack.code).to.equal(2);
        expect(runs.noStack.stderr).to.include("--stack: got nothing, expected the name of a stack");
    });

    it("exits 2 on a component argument found bad only once its Output resolves", () => {
        expect(runs.lateArgument.code).to.equal(2);
        expect(runs.lateArgument.stderr).to.include('BedrockInventory "inv": consumerPrincipalArn: got "connector", expected an IAM principal ARN');
    });

    it("exits 3, not 0, when a resource never registers because an input failed", () => {
        expect(runs.failingInput.code).to.equal(3);
        expect(runs.failingInput.stderr).to.include("cannot build the policy of arn:aws:sns:us-east-1:123456789012:alerts-");
        expect(runs.failingInput.stdout).to.equal("");
    });

    it("exits 1 and lists a mandatory violation", async function () {
        // The runner is the policy pack's (issue 5); before it judges anything, exit 1 cannot happen.
        const probe = await runPolicies([
            {
                urn: "urn:pulumi:probe::p::aws:iam/policy:Policy::probe",
                type: "aws:iam/policy:Policy",
                name: "probe",
                props: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }] }) },
            },
        ]);
        if (!probe.some((f) => f.status === "violation" && f.enforcementLevel === "mandatory")) {
            this.skip();
        }
        const { code, stdout, stderr } = runs.violation;
        expect(code, stderr).to.equal(1);
        // Without --json the plan is the tree.
        expect(stdout).to.include("aws:iam/policy:Policy  bedrock-everything");
        expect(stdout).to.match(/MANDATORY bedrock-no-wildcard-actions on aws:iam\/policy:Policy bedrock-everything/);
        expect(stdout).to.include("Result: mandatory violation(s) above (exit 1)");
    });
});
