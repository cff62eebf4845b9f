import { expect } from "chai";
import { validateArtifact } from "../../inventory-fn/write/schemas";
import { computeAgentCoreBindings } from "../../inventory-fn/analyse/agentcore";
import type { AgentCoreSnapshot } from "../../inventory-fn/collect/agentcore";
import {
    API_KEY_PROVIDER_ARN,
    CAROL_ARN,
    endpointArn,
    GATEWAY_ARN,
    GATEWAY_LAMBDA_ARN,
    GATEWAY_VPCE,
    OAUTH_PROVIDER_ARN,
    OTHER_ACCOUNT,
    PAYROLL_RUNTIME_ID,
    runtimeArn,
    RUNTIME_ENV_SECRET,
    SUPPORT_RUNTIME_ID,
    WORKLOAD_IDENTITY_ARN,
} from "../fixtures/agentcore-account";
import { ACCOUNT, awsError, roleArn } from "../fixtures/inventory-account";
import { RUN_PREFIX, runFixture, type FixtureRun } from "./harness";

const SUPPORT = runtimeArn(SUPPORT_RUNTIME_ID);
const PAYROLL = runtimeArn(PAYROLL_RUNTIME_ID);
const name = (arn: string) => arn.split("/").pop();

describe("AgentCore in the inventory (issue 14)", () => {
    let run: FixtureRun;
    before(async () => {
        run = await runFixture();
    });

    it("completes and writes the three agentcore-* artifacts valid against their schemas, listed in the manifest", () => {
        expect(run.outcome.statusCode).to.equal(200);
        const manifest = run.json(RUN_PREFIX + "manifest.json");
        expect(manifest.agentCore).to.deep.equal({ status: "collected", reason: null });
        for (const file of ["agentcore-resources.json", "agentcore-bindings.json", "agentcore-tool-credentials.json"] as const) {
            const doc = run.json(RUN_PREFIX + file);
            expect(validateArtifact(file, doc), file).to.deep.equal([]);
            const listed = manifest.artifacts.find((a: { name: string }) => a.name === file);
            expect(listed, file).to.include({ key: RUN_PREFIX + file, schemaVersion: "1.0" });
        }
        expect(manifest).to.include({ agentCoreResourceCount: 16, agentCoreBindingCount: 9, agentCoreToolCredentialCount: 8 });
    });

    it("computes exactly the bindings the fixture implies: endpoints reached through both ARNs, Deny, NotAction, boundary, conditions, resource policies", () => {
        const bindings = run.json(RUN_PREFIX + "agentcore-bindings.json").bindings;
        const summary = bindings.map((b: any) => [b.principalArn, name(b.resourceArn), b.endpointArns.map(name).join(","), b.conditional, b.conditionKeys.join(","), b.crossAccount, b.anyPrincipal, b.principalType]);
        expect(summary).to.deep.equal([
            // Principal "*" with a SourceVpce condition on the gateway: once, not per principal.
            ["*", "tools-gateway-q1w2e3r4t5", "", true, "aws:SourceVpce", true, true, "any"],
            // Allowed bedrock-agentcore:*: its Deny removes payroll, the gateway's policy denies it the gateway.
            [roleArn("AgentCoreDenyRole"), SUPPORT_RUNTIME_ID, "DEFAULT,canary", false, "", false, false, "role"],
            [roleArn("GatewayConditionalRole"), "tools-gateway-q1w2e3r4t5", "", true, "aws:SourceVpce", false, false, "role"],
            // NotAction: iam:* grants every AgentCore action.
            [roleArn("NotActionRole"), "tools-gateway-q1w2e3r4t5", "", false, "", false, false, "role"],
            [roleArn("NotActionRole"), PAYROLL_RUNTIME_ID, "DEFAULT", false, "", false, false, "role"],
            [roleArn("NotActionRole"), SUPPORT_RUNTIME_ID, "DEFAULT,canary", false, "", false, false, "role"],
            // The runtime and DEFAULT named: canary not reached. RuntimeArnOnlyRole (runtime alone) has no binding.
            [roleArn("RuntimeInvokerRole"), SUPPORT_RUNTIME_ID, "DEFAULT", false, "", false, false, "role"],
            // Only the payroll runtime's and endpoint's resource policies name carol.
            [CAROL_ARN, PAYROLL_RUNTIME_ID, "DEFAULT", false, "", false, false, "user"],
            // Another account, through the support runtime's and DEFAULT endpoint's policies; canary has none.
            [`arn:aws:iam::${OTHER_ACCOUNT}:root`, SUPPORT_RUNTIME_ID, "DEFAULT", false, "", true, false, "account"],
        ]);
        // AgentCoreBoundedRole: allowed by its identity policy and named by the gateway's policy, stopped by its boundary.
        expect(bindings.some((b: any) => b.principalArn === roleArn("AgentCoreBoundedRole"))).to.equal(false);
        // bedrock:* (AmazonBedrockFullAccess) is not bedrock-agentcore:*.
        expect(bindings.some((b: any) => b.principalArn === roleArn("AwsManagedRole"))).to.equal(false);
        const carol = bindings.find((b: any) => b.principalArn === CAROL_ARN);
        expect(carol.grantedBy).to.deep.equal([
            { policyType: "resourcePolicy", policyArn: null, policyName: null, groupName: null, sid: "Carol", statementIndex: 0, resourceArn: PAYROLL },
            { policyType: "resourcePolicy", policyArn: null, policyName: null, groupName: null, sid: "Carol", statementIndex: 0, resourceArn: endpointArn(PAYROLL_RUNTIME_ID, "DEFAULT") },
        ]);
        const partner = bindings.find((b: any) => b.principalAccountId === OTHER_ACCOUNT);
        expect(partner.endpointArns).to.deep.equal([endpointArn(SUPPORT_RUNTIME_ID, "DEFAULT")]);
        expect(partner.actions).to.deep.equal(["bedrock-agentcore:InvokeAgentRuntime"]);
        const gateway = bindings.find((b: any) => b.principalArn === "*");
        expect(gateway).to.include({ resourceArn: GATEWAY_ARN });
        expect(gateway.actions).to.deep.equal(["bedrock-agentcore:InvokeGateway"]);
    });

    it("records with which credential each runtime and gateway target acts, by reference", () => {
        const records = run.json(RUN_PREFIX + "agentcore-tool-credentials.json").records;
        // By owner ARN (gateway/ before runtime/), then target id, credential type, reference.
        expect(records.map((r: any) => [r.ownerName, r.targetName, r.targetType, r.credentialType, r.credentialRef, r.providerVendor])).to.deep.equal([
            ["tools-gateway", "orders-lambda", "LAMBDA", "GATEWAY_IAM_ROLE", roleArn("tools-gateway-role"), null],
            ["tools-gateway", "orders-lambda", "LAMBDA", "LAMBDA_EXECUTION_ROLE", roleArn("gateway-lambda-tool-role"), null],
            ["tools-gateway", "drive-mcp", "MCP_SERVER", "OAUTH", OAUTH_PROVIDER_ARN, "GoogleOauth2"],
            ["tools-gateway", "weather-openapi", "OPEN_API_SCHEMA", "API_KEY", API_KEY_PROVIDER_ARN, null],
            ["tools-gateway", "dynamodb-smithy", "SMITHY_MODEL", "GATEWAY_IAM_ROLE", roleArn("tools-gateway-role"), null],
            ["payroll_agent", null, null, "RUNTIME_EXECUTION_ROLE", roleArn("payroll-runtime-role"), null],
            ["support_agent", null, null, "RUNTIME_EXECUTION_ROLE", roleArn("support-runtime-role"), null],
            ["support_agent", null, null, "WORKLOAD_IDENTITY", WORKLOAD_IDENTITY_ARN, null],
        ]);
        const lambda = records.find((r: any) => r.credentialType === "LAMBDA_EXECUTION_ROLE");
        expect(lambda.functionArn).to.equal(GATEWAY_LAMBDA_ARN);
        expect(records.find((r: any) => r.credentialType === "OAUTH").grantType).to.equal("CLIENT_CREDENTIALS");
    });

    it("describes runtimes (PUBLIC and VPC, SigV4 and JWT), endpoints, the gateway and its targets, providers and tools", () => {
        const resources = run.json(RUN_PREFIX + "agentcore-resources.json").resources;
        const byArn = (arn: string) => resources.find((r: any) => r.arn === arn);
        expect(byArn(SUPPORT)).to.deep.include({ networkMode: "PUBLIC", inboundAuthorizerType: "AWS_IAM", versions: ["1", "2"], version: "2", hasResourcePolicy: true, subnets: [] });
        expect(byArn(PAYROLL)).to.deep.include({
            networkMode: "VPC",
            inboundAuthorizerType: "CUSTOM_JWT",
            subnets: ["subnet-0aa11bb22cc33dd44"],
            securityGroups: ["sg-0123456789abcdef0"],
            executionRoleArn: roleArn("payroll-runtime-role"),
        });
        expect(byArn(endpointArn(SUPPORT_RUNTIME_ID, "canary"))).to.include({ resourceType: "runtimeEndpoint", parentArn: SUPPORT, liveVersion: "1", hasResourcePolicy: false });
        expect(byArn(GATEWAY_ARN)).to.include({ inboundAuthorizerType: "CUSTOM_JWT", policyEngineMode: "ENFORCE", executionRoleArn: roleArn("tools-gateway-role"), hasResourcePolicy: true });
        const targets = resources.filter((r: any) => r.resourceType === "gatewayTarget");
        expect(targets.map((t: any) => t.targetType).sort()).to.deep.equal(["LAMBDA", "MCP_SERVER", "OPEN_API_SCHEMA", "SMITHY_MODEL"]);
        expect(resources.find((r: any) => r.resourceType === "oauth2CredentialProvider")).to.include({ arn: OAUTH_PROVIDER_ARN, vendor: "GoogleOauth2" });
        expect(resources.find((r: any) => r.resourceType === "browser")).to.include({ networkMode: "PUBLIC", recordingEnabled: false });
        expect(resources.find((r: any) => r.resourceType === "codeInterpreter")).to.include({ networkMode: "SANDBOX" });
        expect(resources.find((r: any) => r.resourceType === "memory").kmsKeyArn).to.match(/^arn:aws:kms:/);
    });

    it("writes no runtime environment value, OAuth scope, API-key parameter or condition value", () => {
        for (const file of ["agentcore-resources.json", "agentcore-bindings.json", "agentcore-tool-credentials.json", "manifest.json"]) {
            const body = run.account.objects.get(RUN_PREFIX + file)!;
            for (const value of [RUNTIME_ENV_SECRET, "drive.readonly", "api_key", GATEWAY_VPCE, "payroll-web", "https://mcp.example.com"]) {
                expect(body, `${file} ${value}`).to.not.include(value);
            }
        }
    });

    it("reads each list page by page and each resource policy once", () => {
        expect(run.account.callsOf("bedrock-agentcore:ListAgentRuntimes")).to.have.length(2);
        expect(run.account.callsOf("bedrock-agentcore:ListGatewayTargets")).to.have.length(4);
        const policies = run.account.callsOf("bedrock-agentcore:GetResourcePolicy").map((i) => String(i.resourceArn));
        expect(policies.sort()).to.deep.equal(
            [SUPPORT, endpointArn(SUPPORT_RUNTIME_ID, "DEFAULT"), endpointArn(SUPPORT_RUNTIME_ID, "canary"), PAYROLL, endpointArn(PAYROLL_RUNTIME_ID, "DEFAULT"), GATEWAY_ARN].sort(),
        );
    });

    it("an account with no AgentCore resources: empty artifacts, a complete run", async () => {
        const empty = await runFixture({ account: { agentCore: "empty" } });
        expect(empty.outcome.statusCode).to.equal(200);
        const manifest = empty.json(RUN_PREFIX + "manifest.json");
        expect(manifest).to.include({ agentCoreResourceCount: 0, agentCoreBindingCount: 0, agentCoreToolCredentialCount: 0 });
        expect(manifest.agentCore).to.deep.equal({ status: "collected", reason: null });
    });

    it("a region without AgentCore: a recorded skip in the manifest, the run complete and promoted", async () => {
        const absent = await runFixture({ account: { agentCore: "absent" } });
        expect(absent.outcome.statusCode).to.equal(200);
        expect(absent.outcome.status).to.equal("complete");
        const manifest = absent.json(RUN_PREFIX + "manifest.json");
        expect(manifest.agentCore.status).to.equal("unavailable");
        expect(manifest.agentCore.reason).to.match(/^ENOTFOUND: getaddrinfo ENOTFOUND bedrock-agentcore-control\./);
        expect(manifest.errors.filter((e: any) => e.source === "agentcore")).to.deep.equal([]);
        expect(absent.account.calls.filter((c) => c.api.startsWith("bedrock-agentcore:")).map((c) => c.api)).to.deep.equal(["bedrock-agentcore:ListAgentRuntimes"]);
        expect(absent.json("latest/agentcore-bindings.json").bindings).to.deep.equal([]);
    });

    it("AccessDenied on AgentCore: a partial run that says so, latest/ untouched", async () => {
        const denied = await runFixture({
            account: {
                intercept: (api) => {
                    if (api === "bedrock-agentcore:ListGateways") throw awsError("AccessDeniedException", "not authorized to perform: bedrock-agentcore:ListGateways", 403);
                },
            },
        });
        expect(denied.outcome.statusCode).to.equal(500);
        expect(denied.outcome.status).to.equal("partial");
        expect(denied.outcome.errors).to.deep.include({ source: "agentcore", kind: "access_denied", api: "bedrock-agentcore:ListGateways", message: "AccessDeniedException: not authorized to perform: bedrock-agentcore:ListGateways" });
        expect([...denied.account.objects.keys()].some((k) => k.startsWith("latest/"))).to.equal(false);
        // The runtimes were still read.
        expect(denied.json(RUN_PREFIX + "agentcore-bindings.json").bindings.some((b: any) => b.resourceType === "runtime")).to.equal(true);
    });
});

describe("AgentCore bindings: resource-policy semantics", () => {
    const iam = { principals: [], managedPolicies: new Map() };
    const runtime = (runtimePolicy: unknown, endpointPolicy: unknown): AgentCoreSnapshot => ({
        status: "collected",
        reason: null,
        runtimes: [
            {
                id: "r-1",
                name: "r",
                arn: runtimeArn("r-1"),
                status: "READY",
                version: "1",
                versions: ["1"],
                roleArn: null,
                networkMode: "PUBLIC",
                vpc: null,
                inboundAuthorizerType: "AWS_IAM",
                discoveryUrl: null,
                workloadIdentityArn: null,
                protocol: null,
                endpoints: [{ name: "DEFAULT", id: null, arn: endpointArn("r-1", "DEFAULT"), status: "READY", liveVersion: "1", targetVersion: null, resourcePolicy: endpointPolicy === null ? null : JSON.stringify(endpointPolicy) }],
                resourcePolicy: runtimePolicy === null ? null : JSON.stringify(runtimePolicy),
            },
        ],
        gateways: [],
        credentialProviders: [],
        workloadIdentities: [],
        tools: [],
    });
    const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "bedrock-agentcore:InvokeAgentRuntime", ...extra }] });

    it("a conditional Deny on the endpoint makes another account's grant conditional; an unconditional one removes it", () => {
        const other = { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/caller` };
        const conditionalDeny = {
            Version: "2012-10-17",
            Statement: [
                ...allow(other).Statement,
                { Effect: "Deny", Principal: "*", Action: "bedrock-agentcore:*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ],
        };
        const [binding] = computeAgentCoreBindings(iam, runtime(allow(other), conditionalDeny), ACCOUNT, []);
        expect(binding).to.include({ principalArn: other.AWS, principalType: "role", crossAccount: true, conditional: true });
        expect(binding.conditionKeys).to.deep.equal(["aws:SecureTransport"]);
        const deny = { Version: "2012-10-17", Statement: [...allow(other).Statement, { Effect: "Deny", Principal: { AWS: OTHER_ACCOUNT }, Action: "*" }] };
        expect(computeAgentCoreBindings(iam, runtime(allow(other), deny), ACCOUNT, [])).to.deep.equal([]);
    });

    it("another account granted on the runtime but not on the endpoint reaches nothing; this account's root grants nothing by itself", () => {
        expect(computeAgentCoreBindings(iam, runtime(allow({ AWS: OTHER_ACCOUNT }), null), ACCOUNT, [])).to.deep.equal([]);
        expect(computeAgentCoreBindings(iam, runtime(allow({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), allow({ AWS: ACCOUNT })), ACCOUNT, [])).to.deep.equal([]);
    });

    it("an unreadable resource policy is recorded without its content and evaluated as absent", () => {
        const errors: any[] = [];
        expect(computeAgentCoreBindings(iam, runtime(null, null), ACCOUNT, errors)).to.deep.equal([]);
        const broken = runtime(null, null);
        (broken.runtimes[0] as any).resourcePolicy = '{"Statement":[{"Effect":"Allow" "Principal":"SECRET-ISH"}]}';
        computeAgentCoreBindings(iam, broken, ACCOUNT, errors);
        expect(errors).to.have.length(1);
        expect(errors[0]).to.include({ source: "analyse", kind: "malformed" });
        expect(JSON.stringify(errors[0])).to.not.include("SECRET-ISH");
    });
});
