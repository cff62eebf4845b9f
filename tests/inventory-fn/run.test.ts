import { expect } from "chai";
import { ARTIFACT_NAMES, validateArtifact, type ArtifactName } from "../../inventory-fn/write/schemas";
import {
    ACCOUNT,
    ALLOW_CONDITION_VPCE,
    aliasArn,
    awsError,
    CONFLUENCE_SECRET_ARN,
    DENY_CONDITION_VPCE,
    DOCS_BUCKET,
    FAKE_SECRET_VALUE,
    HR_AGENT,
    KMS_KEY_ARN,
    MODELS,
    PAYROLL_SECRET_ARN,
    PAYROLL_TOOL_ARN,
    REGION,
    roleArn,
    SCHEMA_BUCKET,
    SHARED_TOOL_ARN,
    SUPPORT_AGENT,
    userArn,
} from "../fixtures/inventory-account";
import { RUN_ID, RUN_PREFIX, runFixture, START, type FixtureRun } from "./harness";
import { GATEWAY_LAMBDA_ARN } from "../fixtures/agentcore-account";

const ALL_FILES = [...ARTIFACT_NAMES, "manifest.json"] as const;
const short = (arn: string) => arn.split("/").pop()!;

describe("inventory run over the fixture account", function () {
    let run: FixtureRun;
    before(async () => {
        run = await runFixture();
    });

    it("completes, returns 200 and the run prefix, and writes all seven artifacts under runs/<runId>/", () => {
        expect(run.outcome.statusCode).to.equal(200);
        expect(run.outcome.status).to.equal("complete");
        expect(run.outcome.runId).to.equal(RUN_ID);
        expect(run.outcome.runPrefix).to.equal(RUN_PREFIX);
        for (const name of ALL_FILES) {
            expect(run.account.objects.has(RUN_PREFIX + name), name).to.equal(true);
        }
    });

    it("writes artifacts that validate against their shipped JSON Schemas", () => {
        for (const name of ALL_FILES) {
            expect(validateArtifact(name as ArtifactName, run.json(RUN_PREFIX + name)), name).to.deep.equal([]);
        }
    });

    it("stamps every object artifact with schemaVersion, accountId, region, generatedAt and runId", () => {
        // Two are bare arrays: activity-logs.json (CONTRACTS) and findings.ocsf.json (OCSF events carry their own fields).
        for (const name of ALL_FILES.filter((n) => n !== "activity-logs.json" && n !== "findings.ocsf.json")) {
            const doc = run.json(RUN_PREFIX + name);
            // manifest.json is 1.4 (1.1: promotion; 1.2: the agentcore-* artifacts; 1.3: scpView;
            // 1.4: findings.json, findings.ocsf.json and the usage state; 1.5: agent-versions.json);
            // the two binding artifacts 1.1 (limitedBy), findings.json 1.1, the others 1.0.
            const version = name === "manifest.json" ? "1.5" : name === "agent-bindings.json" || name === "model-bindings.json" || name === "findings.json" ? "1.1" : "1.0";
            expect(doc, name).to.include({ schemaVersion: version, accountId: ACCOUNT, region: REGION, runId: RUN_ID });
            // The run's start, the same in every artifact (they are written at different times).
            expect(doc.generatedAt, name).to.equal(new Date(START).toISOString());
        }
        expect(run.json(RUN_PREFIX + "activity-logs.json")).to.be.an("array");
        expect(run.json(RUN_PREFIX + "findings.ocsf.json")).to.be.an("array");
    });

    it("computes exactly the agent bindings CONTRACTS section 5 implies", () => {
        const bindings = run.json(RUN_PREFIX + "agent-bindings.json").bindings;
        const table = bindings.map((b: any) => [short(b.principalArn), b.principalType, b.agentId, b.aliasArns.map(short).join(","), b.conditional]);
        expect(table).to.have.deep.members([
            // Alias wildcard in the agent's own alias space.
            ["AgentInvokerRole", "role", SUPPORT_AGENT, "PRODALIAS1,TSTALIASID", false],
            // AWS managed AmazonBedrockFullAccess.
            ["AwsManagedRole", "role", SUPPORT_AGENT, "PRODALIAS1,TSTALIASID", false],
            ["AwsManagedRole", "role", HR_AGENT, "HRPRODALS1,TSTALIASID", false],
            // bedrock:* allowed; the unconditional Deny covers InvokeModel* only.
            ["DenyRole", "role", SUPPORT_AGENT, "PRODALIAS1,TSTALIASID", false],
            ["DenyRole", "role", HR_AGENT, "HRPRODALS1,TSTALIASID", false],
            // NotAction iam:* grants bedrock:InvokeAgent.
            ["NotActionRole", "role", SUPPORT_AGENT, "PRODALIAS1,TSTALIASID", false],
            ["NotActionRole", "role", HR_AGENT, "HRPRODALS1,TSTALIASID", false],
            // User through a group's inline policy, one alias only.
            ["alice", "user", HR_AGENT, "HRPRODALS1", false],
        ]);
        // AgentArnOnlyRole holds InvokeAgent on agent/<id> only: not a grant on any alias.
        expect(bindings.map((b: any) => short(b.principalArn))).to.not.include("AgentArnOnlyRole");
        const alice = bindings.find((b: any) => b.principalArn === userArn("alice"));
        expect(alice.grantedBy).to.deep.equal([{ policyType: "groupInline", policyArn: null, policyName: "agent-access", groupName: "ml-engineers", sid: null, statementIndex: 0 }]);
        expect(alice.aliasArns).to.deep.equal([aliasArn(HR_AGENT, "HRPRODALS1")]);
        expect(alice.actions).to.deep.equal(["bedrock:InvokeAgent"]);
        expect(alice).to.include({ agentName: "hr-agent", agentArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/${HR_AGENT}` });
    });

    it("computes exactly the model bindings CONTRACTS section 5 implies", () => {
        const bindings = run.json(RUN_PREFIX + "model-bindings.json").bindings;
        const both = "bedrock:InvokeModel,bedrock:InvokeModelWithResponseStream";
        const one = "bedrock:InvokeModel";
        const { haiku: H, sonnet: S, titan: T, llama: L } = MODELS;
        const table = bindings.map((b: any) => [short(b.principalArn), b.modelId, b.actions.join(","), b.conditional, b.conditionKeys.join(","), b.requiresVpce]);
        expect(table).to.have.deep.members([
            ...[H, S, T, L].map((m) => ["AwsManagedRole", m, both, false, "", false]),
            ...[H, S, T, L].map((m) => ["NotActionRole", m, both, false, "", false]),
            // NotResource meta.*: every other model, InvokeModel only.
            ...[H, S, T].map((m) => ["NotResourceRole", m, one, false, "", false]),
            // Unconditional Deny on anthropic.*.
            ...[T, L].map((m) => ["DenyRole", m, both, false, "", false]),
            // Conditional Deny: still granted, marked conditional on its key.
            ...[H, S, T, L].map((m) => ["ConditionalDenyRole", m, one, true, "aws:SourceVpce", false]),
            // Positive aws:SourceVpce condition (key in lower camel case) on every granting statement.
            ...[H, S].map((m) => ["VpceRole", m, both, true, "aws:sourceVpce", true]),
            // AmazonBedrockFullAccess limited by a titan-only, InvokeModel-only boundary.
            ["BoundedRole", T, one, false, "", false],
            // "BEDROCK:invokemodel" as a single string.
            ["CaseVariantRole", T, one, false, "", false],
            // The malformed inline policy is skipped, the well-formed one still grants.
            ["MalformedPolicyRole", L, one, false, "", false],
            // Through the group's customer managed policy, default version only (v1 allowed *).
            ["alice", H, one, false, "", false],
        ]);
        // bob: Allow then an unconditional Deny bedrock:*.
        expect(bindings.map((b: any) => short(b.principalArn))).to.not.include("bob");
        const bounded = bindings.find((b: any) => short(b.principalArn) === "BoundedRole");
        expect(bounded.grantedBy).to.deep.equal([
            { policyType: "awsManaged", policyArn: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess", policyName: "AmazonBedrockFullAccess", groupName: null, sid: "BedrockAll", statementIndex: 0 },
        ]);
        const aliceGrant = bindings.find((b: any) => short(b.principalArn) === "alice").grantedBy[0];
        expect(aliceGrant).to.include({ policyType: "groupManaged", policyArn: `arn:aws:iam::${ACCOUNT}:policy/BedrockClaudeInvoke`, groupName: "ml-engineers", sid: "Haiku" });
    });

    it("lists roles, users and the group with their policies, boundary and group membership", () => {
        const principals = run.json(RUN_PREFIX + "principals.json").principals;
        expect(principals).to.have.length(27);
        const alice = principals.find((p: any) => p.name === "alice");
        expect(alice).to.deep.include({ type: "user", groups: ["ml-engineers"], attachedPolicyArns: [], inlinePolicyNames: [], permissionsBoundaryArn: null });
        const bounded = principals.find((p: any) => p.name === "BoundedRole");
        expect(bounded.permissionsBoundaryArn).to.equal(`arn:aws:iam::${ACCOUNT}:policy/BedrockTitanOnlyBoundary`);
        expect(bounded.attachedPolicyArns).to.deep.equal(["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"]);
        const group = principals.find((p: any) => p.type === "group");
        expect(group).to.deep.include({ name: "ml-engineers", inlinePolicyNames: ["agent-access"] });
        // Principals from every GAAD page (roles on pages 1 and 2, users on 2, the group on 3).
        expect(principals.map((p: any) => p.name)).to.include.members(["AgentInvokerRole", "BoundedRole", "bob", "ml-engineers"]);
    });

    it("reads IAM with GetAccountAuthorizationDetails, AWS managed policies included, following every Marker", () => {
        const gaad = run.account.callsOf("iam:GetAccountAuthorizationDetails");
        expect(gaad.map((i) => i.Marker)).to.deep.equal([undefined, "gaad-page-2", "gaad-page-3"]);
        expect(gaad[0].Filter).to.include.members(["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"]);
        // Besides GAAD, only the one listing of Bedrock API keys (findings.json, issue 12).
        expect(run.account.calls.filter((c) => c.api.startsWith("iam:") && c.api !== "iam:GetAccountAuthorizationDetails").map((c) => c.api)).to.deep.equal(["iam:ListServiceSpecificCredentials"]);
    });

    it("lists models with their ids, ARNs, providers, modalities and lifecycle", () => {
        const models = run.json(RUN_PREFIX + "models.json").models;
        expect(models.map((m: any) => m.modelId)).to.have.members(Object.values(MODELS));
        expect(models.find((m: any) => m.modelId === MODELS.titan)).to.deep.include({
            modelArn: `arn:aws:bedrock:${REGION}::foundation-model/${MODELS.titan}`,
            providerName: "Amazon",
            inputModalities: ["TEXT"],
            outputModalities: ["TEXT"],
            lifecycleStatus: "ACTIVE",
        });
    });

    it("follows pagination on every list API", () => {
        const tokens = (api: string, field: string) => run.account.callsOf(api).map((i) => i[field]);
        expect(tokens("bedrock:ListAgents", "nextToken")).to.deep.equal([undefined, "page:1"]);
        expect(tokens("bedrock:ListAgentAliases", "nextToken").filter((t) => t)).to.have.length(2);
        expect(tokens("bedrock:ListAgentActionGroups", "nextToken").filter((t) => t)).to.have.length(3);
        expect(tokens("cloudtrail:LookupEvents", "NextToken")).to.deep.equal([undefined, "page:50", "page:100"]);
        // Items from the second pages made it into the artifacts.
        const creds = run.json(RUN_PREFIX + "agent-tool-credentials.json").records;
        expect(creds.map((r: any) => r.actionGroupName)).to.include.members(["UserInputAction", "ask-the-caller", "payroll"]);
        expect(run.json(RUN_PREFIX + "activity-logs.json").filter((a: any) => a.source === "cloudtrail")).to.have.length(120);
    });

    it("reads action groups of DRAFT and of every version an alias routes to", () => {
        const versions = run.account.callsOf("bedrock:ListAgentActionGroups").map((i) => `${i.agentId}@${i.agentVersion}`);
        expect([...new Set(versions)]).to.have.members([`${SUPPORT_AGENT}@DRAFT`, `${SUPPORT_AGENT}@2`, `${HR_AGENT}@DRAFT`, `${HR_AGENT}@1`]);
        const payroll = run.json(RUN_PREFIX + "agent-tool-credentials.json").records.filter((r: any) => r.actionGroupName === "payroll");
        expect(payroll.every((r: any) => r.agentVersions.join() === "1")).to.equal(true);
    });

    it("calls GetFunctionConfiguration once per distinct executor, even when agents share it", () => {
        const names = run.account.callsOf("lambda:GetFunctionConfiguration").map((i) => i.FunctionName);
        // The agents' two executors and the AgentCore gateway's Lambda target.
        expect(names).to.have.members([SHARED_TOOL_ARN, PAYROLL_TOOL_ARN, GATEWAY_LAMBDA_ARN]);
        expect(names).to.have.length(3);
        expect(run.account.calls.some((c) => c.api === "lambda:GetFunction")).to.equal(false);
    });

    it("records each tool's credentials by reference per CONTRACTS section 5", () => {
        const records = run.json(RUN_PREFIX + "agent-tool-credentials.json").records;
        const table = records.map((r: any) => [r.agentId, r.actionGroupName, r.executorType, r.credentialType, r.credentialRef]);
        const shared = (agent: string, group: string) => [
            [agent, group, "LAMBDA", "LAMBDA_EXECUTION_ROLE", roleArn("shared-tool-role")],
            [agent, group, "LAMBDA", "CONFLUENCE_SECRET", CONFLUENCE_SECRET_ARN],
            // The pasted token: named by its variable, never by its value.
            [agent, group, "LAMBDA", "CONFLUENCE_SECRET", "CONFLUENCE_API_TOKEN"],
            [agent, group, "LAMBDA", "S3_READ", `arn:aws:s3:::${DOCS_BUCKET}`],
        ];
        expect(table).to.have.deep.members([
            ...shared(SUPPORT_AGENT, "confluence-search"),
            [SUPPORT_AGENT, "confluence-search", "LAMBDA", "S3_READ", `arn:aws:s3:::${SCHEMA_BUCKET}`],
            [SUPPORT_AGENT, "UserInputAction", "NONE", "NONE", null],
            [SUPPORT_AGENT, "ask-the-caller", "RETURN_CONTROL", "NONE", null],
            ...shared(HR_AGENT, "hr-lookup"),
            [HR_AGENT, "payroll", "LAMBDA", "LAMBDA_EXECUTION_ROLE", roleArn("payroll-tool-role")],
            [HR_AGENT, "payroll", "LAMBDA", "SECRET", PAYROLL_SECRET_ARN],
        ]);
        const returnControl = records.find((r: any) => r.executorType === "RETURN_CONTROL");
        expect(returnControl.functionArn).to.equal(null);
    });

    it("never writes an environment value, a secret value or a condition value into any artifact", () => {
        for (const [key, body] of run.account.objects) {
            expect(body, key).to.not.include(FAKE_SECRET_VALUE);
            expect(body, key).to.not.include(DENY_CONDITION_VPCE);
            expect(body, key).to.not.include(ALLOW_CONDITION_VPCE);
            expect(body, key).to.not.include('"debug"');
        }
    });

    it("puts and copies every object with SSE-KMS under INVENTORY_KMS_KEY_ID", () => {
        const writes = run.account.s3Ops.filter((o) => o.op === "put" || o.op === "copy");
        // Every file put to runs/ and copied to latest/, and the usage state.
        expect(writes).to.have.length(2 * ALL_FILES.length + 1);
        expect(writes.filter((o) => o.key === "bedrock-core-inventory/state/usage.json")).to.have.length(1);
        for (const op of writes) {
            expect(op.input.ServerSideEncryption, op.key).to.equal("aws:kms");
            expect(op.input.SSEKMSKeyId, op.key).to.equal(KMS_KEY_ARN);
        }
    });

    it("writes runs/ first with the manifest last, then promotes to latest/ with the manifest last", () => {
        // The usage state is written before findings.json, outside runs/ and latest/.
        const writes = run.account.s3Ops.filter((o) => (o.op === "put" || o.op === "copy") && !o.key.endsWith("state/usage.json"));
        const puts = writes.slice(0, ALL_FILES.length);
        const copies = writes.slice(ALL_FILES.length);
        expect(puts.every((o) => o.op === "put" && o.key.startsWith(RUN_PREFIX))).to.equal(true);
        expect(puts.at(-1)!.key).to.equal(RUN_PREFIX + "manifest.json");
        expect(copies.every((o) => o.op === "copy" && o.key.startsWith("latest/"))).to.equal(true);
        expect(copies.map((o) => o.key).sort()).to.deep.equal(ALL_FILES.map((n) => `latest/${n}`).sort());
        expect(copies.at(-1)!.key).to.equal("latest/manifest.json");
        expect(copies.every((o) => o.source === RUN_PREFIX + short(o.key))).to.equal(true);
    });

    it("describes the run in the manifest: sha256, bytes and count per artifact, counts, apiCalls, cursor", async () => {
        const manifest = run.json(RUN_PREFIX + "manifest.json");
        const { createHash } = await import("crypto");
        expect(manifest.artifacts.map((a: any) => a.name)).to.deep.equal([...ARTIFACT_NAMES]);
        for (const artifact of manifest.artifacts) {
            const body = run.account.objects.get(artifact.key)!;
            expect(artifact.key).to.equal(RUN_PREFIX + artifact.name);
            expect(artifact.sha256).to.equal(createHash("sha256").update(body).digest("hex"));
            expect(artifact.bytes).to.equal(Buffer.byteLength(body));
        }
        expect(manifest).to.include({ runPrefix: RUN_PREFIX, status: "complete", principalCount: 27, modelCount: 4, agentBindingCount: 8, modelBindingCount: 23, agentToolCredentialCount: 13, activityRecordCount: 122 });
        expect(manifest.artifacts.find((a: any) => a.name === "model-bindings.json").count).to.equal(23);
        expect(manifest.apiCalls).to.include({ "iam:GetAccountAuthorizationDetails": 3, "lambda:GetFunctionConfiguration": 3, "cloudtrail:LookupEvents": 3, "bedrock:ListAgents": 2 });
        expect(manifest.durationMs).to.be.greaterThan(0);
        expect(manifest.cloudTrail).to.deep.equal({
            windowStart: new Date(START - 24 * 3_600_000).toISOString(),
            windowEnd: new Date(START).toISOString(),
            cursor: new Date(START).toISOString(),
        });
    });

    it("records a malformed policy in errors and still completes", () => {
        const errors = run.json(RUN_PREFIX + "manifest.json").errors;
        expect(errors).to.deep.equal([
            { source: "analyse", kind: "malformed", resource: `${roleArn("MalformedPolicyRole")} inline policy broken`, message: "policy document is not valid JSON" },
        ]);
    });

    it("classifies activity: model and tool invocations, access denied, management events", () => {
        const activity = run.json(RUN_PREFIX + "activity-logs.json");
        const pick = (f: (a: any) => boolean) => activity.filter(f).map((a: any) => [a.event_type, a.source, a.principalArn, a.modelId, a.functionName, a.agentId, a.errorCode]);
        expect(pick((a) => a.eventName !== "ListFoundationModels")).to.have.deep.members([
            ["model_invocation", "cloudtrail", roleArn("AwsManagedRole"), MODELS.haiku, null, null, null],
            ["model_invocation", "cloudtrail", roleArn("VpceRole"), MODELS.sonnet, null, null, null],
            ["model_invocation", "cloudtrail", roleArn("NotActionRole"), MODELS.llama, null, null, null],
            ["access_denied", "cloudtrail", userArn("bob"), MODELS.titan, null, null, "AccessDenied"],
            ["management_event", "cloudtrail", userArn("alice"), null, null, null, null],
            // The shared tool serves two agents: not attributable to one.
            ["tool_invocation", "logs", null, null, "shared-tool", null, null],
            ["tool_invocation", "logs", null, null, "payroll-tool", HR_AGENT, null],
        ]);
        const timestamps = activity.map((a: any) => a.timestamp);
        expect(timestamps).to.deep.equal([...timestamps].sort());
    });

    it("queries Logs Insights over the executors' log groups and TOOL_LOG_GROUPS, polled to completion", () => {
        const starts = run.account.callsOf("logs:StartQuery");
        expect(starts).to.have.length(1);
        expect(starts[0].logGroupNames).to.have.members(["/aws/lambda/shared-tool", "/custom/payroll-tool", "/custom/extra-tools"]);
        expect(starts[0].startTime).to.equal(Math.floor((START - 24 * 3_600_000) / 1000));
        // Running once, then Complete.
        expect(run.account.callsOf("logs:GetQueryResults")).to.have.length(2);
    });

    it("looks up bedrock.amazonaws.com events in the first-run window, at most 2 requests a second", () => {
        const lookups = run.account.calls.filter((c) => c.api === "cloudtrail:LookupEvents");
        expect(lookups[0].input.LookupAttributes).to.deep.equal([{ AttributeKey: "EventSource", AttributeValue: "bedrock.amazonaws.com" }]);
        expect((lookups[0].input.StartTime as Date).getTime()).to.equal(START - 24 * 3_600_000);
        expect((lookups[0].input.EndTime as Date).getTime()).to.equal(START);
    });

    it("logs one event per collector and one at start and end, each with the run id", () => {
        expect(run.events.map((e) => e.event)).to.include.members(["run_started", "collector_finished", "artifacts_written", "run_promoted", "run_finished"]);
        expect(run.events.every((e) => e.runId === RUN_ID)).to.equal(true);
        const collectors = run.events.filter((e) => e.event === "collector_finished").map((e: any) => e.collector);
        // bedrock three times: the models, the agents, the knowledge bases they name.
        expect(collectors).to.have.members(["iam", "bedrock", "bedrock", "bedrock", "agentcore", "lambda", "lambda", "logs", "cloudtrail", "organizations"]);
    });
});

describe("inventory run: increments and failures", () => {
    it("reads CloudTrail incrementally from the cursor of the previous complete run, less the overlap", async () => {
        const first = await runFixture();
        const later = START + 15 * 60_000;
        const { FakeClock } = await import("../fixtures/inventory-account");
        const second = await runFixture({ clock: new FakeClock(later), account: { objects: new Map(first.account.objects) } });
        const lookup = second.account.callsOf("cloudtrail:LookupEvents")[0];
        expect((lookup.StartTime as Date).getTime()).to.equal(START - 15 * 60_000);
        expect((lookup.EndTime as Date).getTime()).to.equal(later);
        expect(second.outcome.manifest!.cloudTrail).to.deep.include({ cursor: new Date(later).toISOString() });
        expect(second.events.find((e) => e.event === "run_started")).to.include({ cursor: new Date(START).toISOString() });
    });

    it("keeps the first-run window bounded by CLOUDTRAIL_LOOKBACK_HOURS", async () => {
        const run = await runFixture({ run: { cloudTrailLookbackHours: 2 } });
        const lookup = run.account.callsOf("cloudtrail:LookupEvents")[0];
        expect((lookup.StartTime as Date).getTime()).to.equal(START - 2 * 3_600_000);
    });

    it("stops CloudTrail after CLOUDTRAIL_MAX_PAGES pages, records the gap, and still completes with a moving cursor", async () => {
        const run = await runFixture({ run: { cloudTrailMaxPages: 2 } });
        expect(run.account.callsOf("cloudtrail:LookupEvents")).to.have.length(2);
        expect(run.outcome.status).to.equal("complete");
        expect(run.outcome.statusCode).to.equal(200);
        const manifest = run.json(RUN_PREFIX + "manifest.json");
        expect(manifest.cloudTrail.cursor).to.equal(new Date(START).toISOString());
        const truncated = manifest.errors.find((e: any) => e.kind === "truncated");
        expect(truncated).to.include({ source: "cloudtrail", api: "cloudtrail:LookupEvents" });
        expect(truncated.message).to.match(/^stopped after 2 pages \(100 events\); events from 2026-11-22T14:00:07.250Z to 2026-11-23T12:20:07.250Z were not read$/);
        expect(run.json(RUN_PREFIX + "activity-logs.json").filter((a: any) => a.source === "cloudtrail")).to.have.length(100);
    });

    it("records malformed records (a model without an id, an event whose CloudTrailEvent is not JSON) and completes", async () => {
        const { ListFoundationModelsCommand } = await import("@aws-sdk/client-bedrock");
        const { LookupEventsCommand } = await import("@aws-sdk/client-cloudtrail");
        const run = await runFixture({
            prepare: (stubs) => {
                stubs.bedrock.on(ListFoundationModelsCommand).resolves({
                    modelSummaries: [{ modelId: undefined as never, modelArn: undefined as never }, { modelId: MODELS.titan, modelArn: `arn:aws:bedrock:${REGION}::foundation-model/${MODELS.titan}` }],
                });
                stubs.cloudTrail.on(LookupEventsCommand).resolves({
                    Events: [{ EventId: "evt-bad", EventName: "InvokeModel", EventTime: new Date(START - 60_000), CloudTrailEvent: "{not json" }],
                });
            },
        });
        expect(run.outcome.status).to.equal("complete");
        const errors = run.json(RUN_PREFIX + "manifest.json").errors;
        expect(errors).to.deep.include({ source: "bedrock", kind: "malformed", resource: "foundation model", message: "model summary without modelId or modelArn" });
        expect(errors).to.deep.include({ source: "cloudtrail", kind: "malformed", resource: "evt-bad", message: "CloudTrailEvent is not valid JSON" });
        expect(run.json(RUN_PREFIX + "models.json").models.map((m: any) => m.modelId)).to.deep.equal([MODELS.titan]);
        const event = run.json(RUN_PREFIX + "activity-logs.json").find((a: any) => a.eventId === "evt-bad");
        expect(event).to.include({ event_type: "model_invocation", principalArn: null, modelId: null });
    });

    it("spaces LookupEvents requests so no second ever holds more than two", async () => {
        const times: number[] = [];
        const { FakeClock } = await import("../fixtures/inventory-account");
        const clock = new FakeClock(START);
        await runFixture({ clock, account: { intercept: (api) => void (api === "cloudtrail:LookupEvents" && times.push(clock.now())) } });
        expect(times).to.have.length(3);
        for (let i = 2; i < times.length; i++) {
            expect(times[i] - times[i - 2], `requests ${i - 2}..${i}`).to.be.at.least(1000);
        }
    });

    it("makes the run partial on AccessDenied in one collector: errors recorded, others written, latest/ untouched, 500", async () => {
        const run = await runFixture({
            account: {
                intercept: (api) => {
                    if (api === "iam:GetAccountAuthorizationDetails") throw awsError("AccessDenied", "User is not authorized to perform: iam:GetAccountAuthorizationDetails", 403);
                },
            },
        });
        expect(run.outcome.statusCode).to.equal(500);
        expect(run.outcome.status).to.equal("partial");
        expect(run.outcome.errorSummary).to.match(/partial run: iam access_denied \(iam:GetAccountAuthorizationDetails\)/);
        // The usage state still takes the events read (CloudTrail was read): it is not latest/.
        expect(run.account.s3Ops.filter((o) => o.op !== "get").every((o) => o.op === "put" && (o.key.startsWith(RUN_PREFIX) || o.key === "bedrock-core-inventory/state/usage.json"))).to.equal(true);
        expect([...run.account.objects.keys()].filter((k) => k.startsWith("latest/"))).to.deep.equal([]);
        const manifest = run.json(RUN_PREFIX + "manifest.json");
        expect(manifest.status).to.equal("partial");
        expect(manifest.errors).to.deep.include({ source: "iam", kind: "access_denied", api: "iam:GetAccountAuthorizationDetails", message: "AccessDenied: User is not authorized to perform: iam:GetAccountAuthorizationDetails" });
        // The other collectors' artifacts are still complete.
        expect(manifest.modelCount).to.equal(4);
        expect(manifest.agentToolCredentialCount).to.equal(13);
        for (const name of ALL_FILES) {
            expect(validateArtifact(name as ArtifactName, run.json(RUN_PREFIX + name)), name).to.deep.equal([]);
        }
    });

    it("leaves an existing latest/ exactly as it was when a run is partial", async () => {
        const first = await runFixture();
        const before = new Map([...first.account.objects].filter(([k]) => k.startsWith("latest/")));
        const { FakeClock } = await import("../fixtures/inventory-account");
        const second = await runFixture({
            clock: new FakeClock(START + 900_000),
            account: {
                objects: new Map(first.account.objects),
                intercept: (api) => {
                    if (api === "bedrock:GetAgentActionGroup") throw awsError("ThrottlingException", "Rate exceeded", 400, 5);
                },
            },
        });
        expect(second.outcome.status).to.equal("partial");
        expect(second.outcome.statusCode).to.equal(500);
        expect(second.outcome.errors.some((e) => e.kind === "throttled" && e.api === "bedrock:GetAgentActionGroup" && /after 5 attempts/.test(e.message))).to.equal(true);
        const bedrock = second.events.filter((e) => e.event === "collector_finished" && e.collector === "bedrock").map((e: any) => [e.count, e.ok]);
        // Models read fine; the agents collector survived the per-item failures but did not succeed;
        // the two knowledge bases the agents' versions name were read.
        expect(bedrock).to.have.deep.members([[4, true], [2, false], [2, true]]);
        const after = new Map([...second.account.objects].filter(([k]) => k.startsWith("latest/")));
        expect(after).to.deep.equal(before);
        expect(second.account.s3Ops.some((o) => o.op === "copy")).to.equal(false);
    });

    it("fails the run when a write fails: 500, no manifest under runs/, latest/ untouched", async () => {
        const run = await runFixture({
            account: {
                intercept: (api, input) => {
                    if (api === "s3:PutObject" && String(input.Key).endsWith("model-bindings.json")) throw awsError("AccessDenied", "Access Denied", 403);
                },
            },
        });
        expect(run.outcome.statusCode).to.equal(500);
        expect(run.outcome.status).to.equal("failed");
        expect(run.outcome.errorSummary).to.match(/writing s3:\/\/.*\/runs\/20261123T140007Z\/ failed: AccessDenied/);
        expect(run.account.objects.has(RUN_PREFIX + "manifest.json")).to.equal(false);
        expect(run.account.s3Ops.some((o) => o.op === "copy")).to.equal(false);
    });

    it("fails without writing when the account id is unknown and STS fails", async () => {
        const run = await runFixture({
            account: {
                intercept: (api) => {
                    if (api === "sts:GetCallerIdentity") throw awsError("ExpiredToken", "The security token included in the request is expired", 403);
                },
            },
        });
        expect(run.outcome).to.deep.include({ statusCode: 500, status: "failed" });
        expect(run.account.s3Ops.filter((o) => o.op !== "get")).to.deep.equal([]);
    });

    it("takes the account id from the options without asking STS", async () => {
        const run = await runFixture({ run: { accountId: "210987654321" } });
        expect(run.account.callsOf("sts:GetCallerIdentity")).to.deep.equal([]);
        expect(run.json(RUN_PREFIX + "principals.json").accountId).to.equal("210987654321");
    });

    it("stops collecting with a margin before Lambda's remaining time runs out: partial, still written, latest/ untouched", async () => {
        const { FakeClock } = await import("../fixtures/inventory-account");
        const clock = new FakeClock(START);
        const run = await runFixture({
            clock,
            run: { deadlineMarginMs: 60_000 },
            // 100 s left at the start; each Bedrock agent call takes 25 s of it.
            remainingTimeMs: (c) => 100_000 - (c.now() - START),
            account: {
                intercept: (api) => {
                    if (api === "bedrock:GetAgent" || api === "bedrock:ListAgentAliases") clock.ms += 25_000;
                },
            },
        });
        expect(run.outcome.status).to.equal("partial");
        expect(run.outcome.statusCode).to.equal(500);
        expect(run.outcome.errors.some((e) => e.kind === "deadline")).to.equal(true);
        // Collection stopped: not every action group was read.
        expect(run.account.callsOf("bedrock:GetAgentActionGroup").length).to.be.lessThan(7);
        // The writes still happened, inside the margin; latest/ was not touched.
        for (const name of ALL_FILES) {
            expect(run.account.objects.has(RUN_PREFIX + name), name).to.equal(true);
        }
        expect(run.account.s3Ops.some((o) => o.op === "copy")).to.equal(false);
        expect(run.json(RUN_PREFIX + "manifest.json").status).to.equal("partial");
    });

    it("completes when the same account fits inside the remaining time", async () => {
        const run = await runFixture({ run: { deadlineMarginMs: 60_000 }, remainingTimeMs: (c) => 900_000 - (c.now() - START) });
        expect(run.outcome.status).to.equal("complete");
    });
});
