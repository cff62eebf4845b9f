// `npm run access-analyzer` (issue 15, item 7): the policy documents it finds in the plans, what it
// sends to IAM Access Analyzer and how it reads the answers (aws-sdk-client-mock), the SDK's
// retries on throttling (a stub HTTP handler under the real client), and the skip without
// credentials (the SDK's real default chain, in a child process with no credentials anywhere).
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { AccessAnalyzerClient, CheckNoNewAccessCommand, ValidatePolicyCommand, type ValidatePolicyFinding } from "@aws-sdk/client-accessanalyzer";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import { ConfiguredRetryStrategy, StandardRetryStrategy } from "@smithy/util-retry";
import { mockClient } from "aws-sdk-client-mock";
import {
    AnalyzerCallError,
    analyse,
    createAnalyzerClient,
    documentKind,
    documentsOfPlan,
    main,
    MAX_ATTEMPTS,
    readPlanFile,
    SKIP_MESSAGE,
    type StackDocument,
} from "../../scripts/access-analyzer";

const root = path.resolve(__dirname, "..", "..");
const golden = (stack: string) => path.join(root, "tests", "golden", `${stack}.json`);
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "test" };

/** The documents of a golden plan: what the checks below expect to be sent. */
function goldenDocuments(stack: string): StackDocument[] {
    const plan = readPlanFile(golden(stack), "--plan");
    return documentsOfPlan(plan.resources, plan.environment).documents;
}

function kinds(documents: readonly StackDocument[]): Record<string, number> {
    const counts: Record<string, number> = {};
    documents.forEach((d) => (counts[documentKind(d)] = (counts[documentKind(d)] ?? 0) + 1));
    return counts;
}

/** Every policy-shaped value (an object with a Statement) anywhere in the plan, JSON text included. */
function policyShapedValues(value: unknown, found: unknown[] = []): unknown[] {
    if (typeof value === "string" && value.trimStart().startsWith("{")) {
        try {
            return policyShapedValues(JSON.parse(value), found);
        } catch {
            return found;
        }
    }
    if (Array.isArray(value)) {
        value.forEach((item) => policyShapedValues(item, found));
    } else if (typeof value === "object" && value !== null) {
        if ("Statement" in value) {
            found.push(value);
        } else {
            Object.values(value).forEach((item) => policyShapedValues(item, found));
        }
    }
    return found;
}

/** A harness for main(): a mocked client, fixed credentials, captured output. */
function harness(credentialsProvider: () => Promise<typeof credentials> = async () => credentials) {
    const client = new AccessAnalyzerClient({ region: "us-east-1", credentials });
    const stub = mockClient(client);
    const out: string[] = [];
    const err: string[] = [];
    const regions: string[] = [];
    const run = (...argv: string[]) =>
        main(argv, {
            credentials: credentialsProvider,
            client: (options) => {
                regions.push(options.region);
                return client;
            },
            out: (text) => out.push(text),
            err: (text) => err.push(text),
            env: {},
        });
    return { stub, run, out, err, regions };
}

const finding = (findingType: ValidatePolicyFinding["findingType"], issueCode: string, details: string): ValidatePolicyFinding => ({
    findingType,
    issueCode,
    findingDetails: details,
    learnMoreLink: `https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#${issueCode}`,
    locations: [{ path: [{ value: "Statement" }, { index: 0 }, { value: "Action" }], span: { start: { line: 1, column: 1, offset: 1 }, end: { line: 1, column: 2, offset: 2 } } }],
});

function tempPlan(mutate: (plan: any) => void, stack = "dev"): string {
    const plan = JSON.parse(fs.readFileSync(golden(stack), "utf8"));
    mutate(plan);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "access-analyzer-")), `${stack}.json`);
    fs.writeFileSync(file, JSON.stringify(plan));
    return file;
}

describe("npm run access-analyzer", () => {
    describe("the stack's policy documents", () => {
        it("finds every policy document of the dev and prod plans, each with its Access Analyzer policy type", () => {
            const counts: Record<string, unknown> = {};
            for (const stack of ["dev", "prod"]) {
                const plan = readPlanFile(golden(stack), "--plan");
                const { documents, skipped } = documentsOfPlan(plan.resources, plan.environment);
                counts[stack] = { total: documents.length, ...kinds(documents), skipped: skipped.length };
                // Nothing left out: every policy-shaped value of the plan is one document (the
                // StackSet's template holds two, resolved from its parameters).
                // (An Organizations policy not written in the IAM language, the BEDROCK_POLICY, is
                // skipped with its reason and has no Statement: it is not among them.)
                const notIam = skipped.filter((s) => /not written in the IAM policy language/.test(s.reason));
                expect(documents.length + skipped.length - notIam.length, `${stack}: policy-shaped values`).to.equal(policyShapedValues(plan.resources.map((r) => r.properties)).length);
                for (const document of documents) {
                    const parsed = JSON.parse(document.text);
                    expect(parsed.Statement, document.label).to.not.equal(undefined);
                    expect(document.text, `${document.label}: a CloudFormation intrinsic left unresolved`).to.not.match(/"(Ref|Fn::[A-Za-z]+)"/);
                }
            }
            // The golden plans at this commit: dev has the account resources; prod adds SCPs, more
            // workload roles and the organization inventory (its StackSet's spoke role included).
            expect(counts).to.deep.equal({
                // Six interface endpoints' policies in each; prod's BEDROCK_POLICY is skipped (not IAM).
                dev: { total: 27, identity: 8, resource: 15, trust: 4, skipped: 0 },
                prod: { total: 42, identity: 13, resource: 18, trust: 9, SCP: 2, skipped: 1 },
            });
        });

        it("gives each kind the policyType and validatePolicyResourceType ValidatePolicy expects", () => {
            const plan = readPlanFile(golden("prod"), "--plan");
            const { documents } = documentsOfPlan(plan.resources, plan.environment);
            const byLabel = (pattern: RegExp) => documents.filter((d) => pattern.test(d.label));
            for (const scp of byLabel(/^Policy "bedrock-governance-scp-\d" content$/)) {
                expect(scp).to.include({ policyType: "SERVICE_CONTROL_POLICY" }).and.not.have.property("validatePolicyResourceType");
            }
            for (const trust of byLabel(/assumeRolePolicy$|AssumeRolePolicyDocument$/)) {
                expect(trust).to.include({ policyType: "RESOURCE_POLICY", validatePolicyResourceType: "AWS::IAM::AssumeRolePolicyDocument" });
            }
            for (const bucket of byLabel(/^BucketPolicy /)) {
                expect(bucket).to.include({ policyType: "RESOURCE_POLICY", validatePolicyResourceType: "AWS::S3::Bucket" });
            }
            for (const other of byLabel(/^(Key|TopicPolicy|VpcEndpoint) /)) {
                expect(other).to.include({ policyType: "RESOURCE_POLICY" }).and.not.have.property("validatePolicyResourceType");
            }
            expect(byLabel(/^(RolePolicy|Policy "bedrock-governance-boundary)/).every((d) => d.policyType === "IDENTITY_POLICY")).to.equal(true);
            // The spoke role's trust: the StackSet's parameters substituted for Ref.
            const [spokeTrust] = byLabel(/InventorySpokeRole\.AssumeRolePolicyDocument$/);
            const hub = plan.resources.find((r) => r.type === "aws:cloudformation/stackSet:StackSet")!.properties.parameters as Record<string, string>;
            expect(JSON.parse(spokeTrust.text).Statement[0]).to.deep.include({
                Principal: { AWS: hub.HubRoleArn },
                Condition: { StringEquals: { "sts:ExternalId": hub.ExternalId } },
            });
        });

        it("reads resource policies of AgentCore and SQS, RCPs, and lists what it cannot send", () => {
            const resource = (type: string, name: string, properties: Record<string, unknown>) => ({ urn: `urn:pulumi:dev::p::${type}::${name}`, type, name, properties });
            const statement = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sqs:SendMessage", Resource: "*" };
            const { documents, skipped } = documentsOfPlan([
                resource("aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy", "runtime", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }),
                resource("aws:sqs/queuePolicy:QueuePolicy", "queue", { policy: { Version: "2012-10-17", Statement: [statement] } }),
                resource("aws:organizations/policy:Policy", "rcp", { type: "RESOURCE_CONTROL_POLICY", content: JSON.stringify({ Version: "2012-10-17", Statement: [{ ...statement, Effect: "Deny" }] }) }),
                resource("aws:organizations/policy:Policy", "tags", { type: "TAG_POLICY", content: "{}" }),
                resource("aws:cloudformation/stack:Stack", "cfn", {
                    templateBody: JSON.stringify({
                        Resources: { Fn: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: { "Fn::GetAtt": ["Other", "Arn"] } }, Action: "sts:AssumeRole" }] } } } },
                    }),
                }),
            ]);
            expect(documents.map((d) => [d.label, d.policyType])).to.deep.equal([
                ['AgentcoreResourcePolicy "runtime" policy', "RESOURCE_POLICY"],
                ['QueuePolicy "queue" policy', "RESOURCE_POLICY"],
                ['Policy "rcp" content', "RESOURCE_CONTROL_POLICY"],
            ]);
            expect(skipped).to.deep.equal([
                { label: 'Policy "tags" content', reason: "a TAG_POLICY policy is not written in the IAM policy language" },
                { label: 'Stack "cfn" templateBody Fn.AssumeRolePolicyDocument', reason: "uses Fn::GetAtt, known only where the template runs" },
            ]);
        });
    });

    describe("ValidatePolicy", () => {
        it("sends every document with its type; a clean answer passes (exit 0)", async () => {
            const { stub, run, out, regions } = harness();
            stub.on(ValidatePolicyCommand).resolves({ findings: [] });
            expect(await run("--plan", golden("dev"))).to.equal(0);
            const calls = stub.commandCalls(ValidatePolicyCommand).map((c) => c.args[0].input);
            const expected = goldenDocuments("dev");
            expect(calls).to.have.length(expected.length);
            for (const resourceType of ["AWS::IAM::AssumeRolePolicyDocument", "AWS::S3::Bucket"]) {
                const sent = calls.filter((c) => c.validatePolicyResourceType === resourceType).length;
                expect(sent, resourceType).to.equal(expected.filter((d) => d.validatePolicyResourceType === resourceType).length).and.be.greaterThan(0);
            }
            // The plan's region when the environment names none.
            expect(regions).to.deep.equal(["us-east-1"]);
            const report = out.join("\n");
            expect(report).to.contain("IAM Access Analyzer over plan file");
            expect(report).to.contain(`${expected.length} of ${expected.length} documents without findings`);
            expect(report).to.contain("no --reference given: skipped");
            expect(report).to.match(/Result: no finding that fails the step\.$/);
        });

        it("fails the step on an ERROR or SECURITY_WARNING finding (exit 1), naming the document and the place", async () => {
            const { stub, run, out } = harness();
            stub.on(ValidatePolicyCommand).resolves({ findings: [] });
            stub.on(ValidatePolicyCommand, { policyType: "SERVICE_CONTROL_POLICY" }).resolves({
                findings: [finding("SECURITY_WARNING", "ALLOW_WITH_NOT_ACTION", "Using NotAction with Allow grants every other action.")],
            });
            expect(await run("--plan", golden("prod"))).to.equal(1);
            const report = out.join("\n");
            expect(report).to.contain(
                'FAIL Policy "bedrock-governance-scp-1" content: SECURITY_WARNING ALLOW_WITH_NOT_ACTION: Using NotAction with Allow grants every other action. (at Statement[0].Action) https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#ALLOW_WITH_NOT_ACTION',
            );
            const scps = goldenDocuments("prod").filter((d) => d.policyType === "SERVICE_CONTROL_POLICY").length;
            expect(scps).to.be.greaterThan(1);
            expect(report).to.contain(`Result: ${scps} findings fail the step.`);
        });

        it("prints WARNING and SUGGESTION findings without failing; reads every page", async () => {
            const { stub, run, out } = harness();
            stub.on(ValidatePolicyCommand).resolves({ findings: [] });
            stub.on(ValidatePolicyCommand, { policyType: "IDENTITY_POLICY", nextToken: undefined }).resolves({ findings: [finding("SUGGESTION", "EMPTY_ARRAY_CONDITION", "empty")], nextToken: "page-2" });
            stub.on(ValidatePolicyCommand, { policyType: "IDENTITY_POLICY", nextToken: "page-2" }).resolves({ findings: [finding("WARNING", "MISSING_VERSION", "no version")] });
            expect(await run("--plan", golden("dev"))).to.equal(0);
            const notes = out.join("\n").split("\n").filter((line) => line.startsWith("  note "));
            // Every identity document, two pages each.
            const documents = goldenDocuments("dev");
            const identity = documents.filter((d) => d.policyType === "IDENTITY_POLICY").length;
            expect(identity).to.be.greaterThan(0);
            expect(notes).to.have.length(2 * identity);
            expect(stub.commandCalls(ValidatePolicyCommand)).to.have.length(documents.length + identity);
        });

        it("an ERROR fails the step too", async () => {
            const { stub, run } = harness();
            stub.on(ValidatePolicyCommand).resolves({ findings: [] });
            stub.on(ValidatePolicyCommand, { validatePolicyResourceType: "AWS::S3::Bucket" }).resolves({ findings: [finding("ERROR", "INVALID_ARN_RESOURCE", "bad ARN")] });
            expect(await run("--plan", golden("dev"))).to.equal(1);
        });

        it("a call that fails is no verdict: exit 3 naming the action and the document", async () => {
            const { stub, run, err } = harness();
            stub.on(ValidatePolicyCommand).rejects(Object.assign(new Error("User is not authorized to perform: access-analyzer:ValidatePolicy"), { name: "AccessDeniedException", $metadata: { attempts: 1 } }));
            expect(await run("--plan", golden("dev"))).to.equal(3);
            expect(err.join("\n")).to.match(/^access-analyzer: the checks could not run: ValidatePolicy on .+: AccessDeniedException: User is not authorized to perform: access-analyzer:ValidatePolicy \(after 1 attempt\)$/);
        });
    });

    describe("CheckNoNewAccess against a reference plan", () => {
        const INVOKE_POLICY = 'RolePolicy "bedrock-governance-lambda-in-vpc-policy" policy';
        // The reference: the same plan where one role policy granted less, one policy did not exist yet.
        const reference = () =>
            tempPlan((plan) => {
                const policy = plan.resources.find((r: any) => r.name === "bedrock-governance-lambda-in-vpc-policy");
                policy.properties.policy.Statement = policy.properties.policy.Statement.slice(0, 1);
                plan.resources = plan.resources.filter((r: any) => r.name !== "bedrock-core-inventory-role-policy");
            });

        it("sends only the documents that changed, with the reference's text as the existing policy; new access fails", async () => {
            const { stub, run, out } = harness();
            stub.on(ValidatePolicyCommand).resolves({ findings: [] });
            stub.on(CheckNoNewAccessCommand).resolves({ result: "FAIL", message: "The policy grants new access.", reasons: [{ description: "New access in the statement", statementIndex: 1 }] });
            const file = reference();
            expect(await run("--plan", golden("dev"), "--reference", file)).to.equal(1);
            const [call, ...more] = stub.commandCalls(CheckNoNewAccessCommand).map((c) => c.args[0].input);
            expect(more).to.deep.equal([]);
            expect(call.policyType).to.equal("IDENTITY_POLICY");
            const current = JSON.parse(fs.readFileSync(golden("dev"), "utf8")).resources.find((r: any) => r.name === "bedrock-governance-lambda-in-vpc-policy").properties.policy;
            expect(JSON.parse(call.newPolicyDocument!)).to.deep.equal(current);
            expect(JSON.parse(call.existingPolicyDocument!).Statement).to.deep.equal(current.Statement.slice(0, 1));
            const report = out.join("\n");
            expect(report).to.contain(`FAIL ${INVOKE_POLICY}: The policy grants new access. (New access in the statement, statement #1)`);
            expect(report).to.contain('new  RolePolicy "bedrock-core-inventory-role-policy" policy: not in the reference, ValidatePolicy only');
            expect(report).to.contain(`against ${file}: 1 changed (checked), ${goldenDocuments("dev").length - 2} unchanged, 1 new, 0 SCP/RCP`);
        });

        it("passes when the changed document grants nothing new", async () => {
            const { stub, run } = harness();
            stub.on(ValidatePolicyCommand).resolves({ findings: [] });
            stub.on(CheckNoNewAccessCommand).resolves({ result: "PASS", message: "The policy does not grant new access." });
            expect(await run("--plan", golden("dev"), "--reference", reference())).to.equal(0);
        });

        it("does not send SCPs (CheckNoNewAccess takes identity and resource policies), nor unchanged documents", async () => {
            const client = new AccessAnalyzerClient({ region: "us-east-1", credentials });
            const stub = mockClient(client);
            stub.on(ValidatePolicyCommand).resolves({ findings: [] });
            const plan = readPlanFile(golden("prod"), "--plan");
            const { documents } = documentsOfPlan(plan.resources, plan.environment);
            const report = await analyse(client, documents, documents);
            expect(stub.commandCalls(CheckNoNewAccessCommand)).to.have.length(0);
            const scps = documents.filter((d) => d.policyType === "SERVICE_CONTROL_POLICY");
            expect(scps.length).to.be.greaterThan(0);
            expect(report.noNewAccess).to.deep.include({ unchanged: documents.length - scps.length, checked: [], added: [] });
            expect(report.noNewAccess!.notComparable).to.deep.equal(scps);
            expect(report.failures).to.equal(0);
        });
    });

    describe("credentials, retries, arguments", () => {
        it("skips with exit 0 and the message when the provider chain yields no credentials, before any call", async () => {
            const noCredentials = async () => {
                throw Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
            };
            const { stub, run, out } = harness(noCredentials);
            expect(await run("--plan", golden("dev"))).to.equal(0);
            expect(out).to.deep.equal([SKIP_MESSAGE]);
            expect(stub.calls()).to.have.length(0);
        });

        it("a credentials setup that is present but broken is a failure, not a skip", async () => {
            const broken = async () => {
                throw Object.assign(new Error("Token is expired"), { name: "ExpiredTokenException" });
            };
            const { run } = harness(broken);
            const failure = await run("--plan", golden("dev")).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(failure?.name).to.equal("ExpiredTokenException");
        });

        it("skips through the SDK's real default chain when nothing provides credentials (the CLI, in a child process)", async function () {
            this.timeout(60000);
            const home = fs.mkdtempSync(path.join(os.tmpdir(), "no-aws-"));
            const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: path.join(home, "config"), AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials") };
            const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
                execFile(process.execPath, ["--import", "tsx", path.join(root, "scripts", "access-analyzer.ts"), "--plan", golden("dev")], { cwd: root, env }, (error, stdout, stderr) =>
                    resolve({ code: error ? ((error as any).code ?? 1) : 0, stdout, stderr }),
                ),
            );
            expect(result, result.stderr).to.deep.include({ code: 0, stdout: `${SKIP_MESSAGE}\n` });
        });

        /** A stand-in for AWS under the real client (signing, retries): the SDK's whole request path runs. */
        function stubHandler(answer: (attempt: number) => { statusCode: number; headers?: Record<string, string>; body: string }) {
            const requests: HttpRequest[] = [];
            const handler = {
                async handle(request: HttpRequest) {
                    requests.push(request);
                    const { statusCode, headers, body } = answer(requests.length);
                    const { Readable } = await import("stream");
                    return { response: new HttpResponse({ statusCode, headers: { "content-type": "application/json", ...headers }, body: Readable.from([Buffer.from(body)]) }) };
                },
                updateHttpClientConfig() {},
                httpHandlerConfigs: () => ({}),
            };
            return { requests, handler };
        }
        const THROTTLED = { statusCode: 429, headers: { "x-amzn-errortype": "ThrottlingException" }, body: '{"message":"Rate exceeded"}' };
        const document: StackDocument = { key: "k", label: 'Policy "p" policy', policyType: "IDENTITY_POLICY", text: '{"Statement":[]}' };

        it("uses the SDK's standard retry strategy, and retries throttling until an answer comes", async () => {
            const client = createAnalyzerClient({ region: "eu-west-1", credentials });
            const strategy = await (client.config.retryStrategy as unknown as () => Promise<StandardRetryStrategy>)();
            expect(strategy).to.be.instanceOf(StandardRetryStrategy);
            expect(await strategy.maxAttempts()).to.equal(MAX_ATTEMPTS).and.equal(5);

            const stub = stubHandler((attempt) => (attempt <= 2 ? THROTTLED : { statusCode: 200, body: JSON.stringify({ findings: [finding("WARNING", "MISSING_VERSION", "no version")] }) }));
            // The standard strategy's class with 1 ms between attempts, so the test does not wait.
            const fast = createAnalyzerClient({ region: "eu-west-1", credentials, requestHandler: stub.handler, retryStrategy: new ConfiguredRetryStrategy(MAX_ATTEMPTS, 1) });
            const report = await analyse(fast, [document]);
            expect(stub.requests).to.have.length(3);
            expect(stub.requests[0].path).to.equal("/policy/validation");
            const body = stub.requests[0].body as string | Uint8Array;
            expect(JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body))).to.deep.equal({ policyDocument: '{"Statement":[]}', policyType: "IDENTITY_POLICY" });
            expect(report.validated[0].findings.map((f) => f.issueCode)).to.deep.equal(["MISSING_VERSION"]);
        });

        it("throttled on every attempt: the checks cannot run, and say after how many attempts", async () => {
            const stub = stubHandler(() => THROTTLED);
            const fast = createAnalyzerClient({ region: "eu-west-1", credentials, requestHandler: stub.handler, retryStrategy: new ConfiguredRetryStrategy(3, 1) });
            const failure = await analyse(fast, [document]).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(stub.requests).to.have.length(3);
            expect(failure).to.be.instanceOf(AnalyzerCallError);
            expect(failure!.message).to.equal('ValidatePolicy on Policy "p" policy: ThrottlingException: Rate exceeded (after 3 attempts)');
        });

        it("--stack runs the offline plan and checks its documents (the CLI, in a child process, against a local endpoint)", async function () {
            this.timeout(180000);
            const http = await import("http");
            const received: { path: string; body: any }[] = [];
            const server = http.createServer((request, response) => {
                let body = "";
                request.on("data", (chunk) => (body += chunk));
                request.on("end", () => {
                    received.push({ path: request.url ?? "", body: JSON.parse(body) });
                    response.writeHead(200, { "content-type": "application/json" });
                    response.end(JSON.stringify({ findings: [] }));
                });
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            const { port } = server.address() as import("net").AddressInfo;
            const env: NodeJS.ProcessEnv = {
                PATH: process.env.PATH,
                HOME: fs.mkdtempSync(path.join(os.tmpdir(), "aws-env-")),
                AWS_ACCESS_KEY_ID: "AKIDTEST",
                AWS_SECRET_ACCESS_KEY: "test",
                AWS_REGION: "eu-west-1",
                AWS_ENDPOINT_URL_ACCESSANALYZER: `http://127.0.0.1:${port}`,
                AWS_EC2_METADATA_DISABLED: "true",
            };
            try {
                const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
                    execFile(process.execPath, ["--import", "tsx", path.join(root, "scripts", "access-analyzer.ts"), "--stack", "dev"], { cwd: root, env, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) =>
                        resolve({ code: error ? ((error as any).code ?? 1) : 0, stdout, stderr }),
                    ),
                );
                expect(result.code, result.stderr).to.equal(0);
                // The same documents as the golden plan's (the plan test holds the plan to it).
                const plan = readPlanFile(golden("dev"), "--plan");
                const fromGolden = documentsOfPlan(plan.resources, plan.environment).documents;
                expect(result.stdout).to.match(new RegExp(`^IAM Access Analyzer over stack dev \\(offline plan\\): ${fromGolden.length} policy documents \\(`));
                expect(received).to.have.length(fromGolden.length);
                expect(received.every((r) => r.path === "/policy/validation")).to.equal(true);
                expect(received.map((r) => JSON.parse(r.body.policyDocument))).to.have.deep.members(fromGolden.map((d) => JSON.parse(d.text)));
                expect(received.map((r) => r.body.policyType).sort()).to.deep.equal(fromGolden.map((d) => d.policyType).sort());
            } finally {
                server.close();
            }
        });

        it("refuses bad arguments and unreadable plan files with exit 2", async () => {
            const { run, err } = harness();
            expect(await run()).to.equal(2);
            expect(await run("--stack", "dev", "--plan", golden("dev"))).to.equal(2);
            expect(await run("--plan", golden("dev"), "--reference", "/nonexistent/plan.json")).to.equal(2);
            expect(err.join("\n")).to.contain('--reference: got "/nonexistent/plan.json", expected a readable plan file (ENOENT)');
            expect(await run("--plan", golden("dev"), "--colour")).to.equal(2);
        });
    });
});
