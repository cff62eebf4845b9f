import { expect } from "chai";
import { mkdtempSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import { GetAccountAuthorizationDetailsCommand, ListServiceSpecificCredentialsCommand } from "@aws-sdk/client-iam";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { emptyState, stateProblem, type UsageState } from "../../inventory-fn/analyse/findings/usage";
import { findingId } from "../../inventory-fn/analyse/findings/types";
import { validateArtifact } from "../../inventory-fn/write/schemas";
import { DirectoryArtifactStore } from "../../inventory-fn/write/store";
import { loadUsageState, saveUsageState } from "../../inventory-fn/write/usage-state";
import { ACCOUNT, FAKE_SECRET_VALUE, FakeClock, gaadPages, KMS_KEY_ARN, MODELS, REGION, roleArn, trailEvents, userArn, type ClientStubs } from "../fixtures/inventory-account";
import { RUN_PREFIX, runFixture, START } from "./harness";

// Issue 12 end to end: the fixture account, a usage state in the bucket, findings.json.

const STATE_KEY = "bedrock-core-inventory/state/usage.json";
const DAY = 86_400_000;

/** A state that has read CloudTrail without a gap for 91 days, up to ten minutes ago, and seen nothing. */
function quietState(): UsageState {
    return emptyState({ accountId: ACCOUNT, region: REGION, runId: "20260823T000000Z", nowMs: START - 10 * 60_000 }, START - 91 * DAY, START - 10 * 60_000);
}

/** The fixture's events, plus bob probing Opus: five denials in two minutes. */
function withDenialBurst(stubs: ClientStubs): void {
    const probe = [1, 2, 3, 4, 5].map((i) => ({
        EventId: `probe-${i}`,
        EventName: "InvokeModel",
        EventSource: "bedrock.amazonaws.com",
        EventTime: new Date(START - 30 * 60_000 + i * 20_000),
        CloudTrailEvent: JSON.stringify({ userIdentity: { type: "IAMUser", arn: userArn("bob") }, requestParameters: { modelId: "anthropic.claude-3-opus-20240229-v1:0" }, errorCode: "AccessDeniedException" }),
    }));
    stubs.cloudTrail.on(LookupEventsCommand as never).callsFake(async () => ({ Events: [...probe, ...trailEvents(START)] }));
}

/** Two roles of team "ml" by tag: BoundedRole has the team's boundary, AwsManagedRole none. */
function withTeamTags(stubs: ClientStubs): void {
    const pages = gaadPages().map((page) => ({
        ...page,
        RoleDetailList: ((page.RoleDetailList as Record<string, unknown>[] | undefined) ?? []).map((r) =>
            r.RoleName === "BoundedRole" || r.RoleName === "AwsManagedRole" ? { ...r, Tags: [{ Key: "team", Value: "ml" }] } : r,
        ),
    }));
    stubs.iam.on(GetAccountAuthorizationDetailsCommand as never).callsFake(async (input: { Marker?: string }) => pages[input.Marker === undefined ? 0 : input.Marker === "gaad-page-2" ? 1 : 2]);
}

const FINDINGS_CONFIG = { teamTagKey: "team", teamBoundaryPolicyName: "BedrockTitanOnlyBoundary" };

describe("findings over the fixture account (issue 12)", () => {
    it("writes findings.json, valid and listed in the manifest, with every kind the data calls for and nothing it does not", async () => {
        const run = await runFixture({
            account: { objects: new Map([[STATE_KEY, JSON.stringify(quietState())]]) },
            run: { findings: FINDINGS_CONFIG },
            prepare: (stubs) => {
                withDenialBurst(stubs);
                withTeamTags(stubs);
            },
        });
        expect(run.outcome.statusCode).to.equal(200);
        const document = run.json(RUN_PREFIX + "findings.json");
        expect(validateArtifact("findings.json", document)).to.deep.equal([]);
        const findings = document.findings as any[];
        const kinds = new Set(findings.map((f) => f.kind));
        expect([...kinds].sort()).to.deep.equal(["agent_without_guardrail", "boundary_missing", "denial_burst", "long_term_bedrock_api_key", "plaintext_credential", "unapproved_model_attempt", "unused_invoke_grant"]);
        // One paginated call lists every user's keys: alice's active one (400 days) is HIGH, bob's inactive one LOW.
        expect(findings.filter((f) => f.kind === "long_term_bedrock_api_key").map((f) => [f.evidence.userName, f.severity, f.evidence.ageDays])).to.deep.equal([["alice", "HIGH", 400], ["bob", "LOW", 30]]);
        expect(run.account.callsOf("iam:ListServiceSpecificCredentials")).to.deep.equal([{ ServiceName: "bedrock.amazonaws.com", AllUsers: true, MaxItems: 1000, Marker: undefined }]);
        // The HR agent has no guardrail, in DRAFT nor in version 1 that prod routes to; the support agent has one in both.
        expect(findings.filter((f) => f.kind === "agent_without_guardrail").map((f) => [f.target.id, f.evidence.agentVersion, f.evidence.aliasArns.length])).to.have.deep.members([["HRAGENT002", "DRAFT", 1], ["HRAGENT002", "1", 1]]);

        // Used in the window: AwsManagedRole -> Haiku, VpceRole -> Sonnet (Converse), NotActionRole -> Llama.
        const unused = new Set(findings.filter((f) => f.kind === "unused_invoke_grant").flatMap((f) => f.evidence.targets.map((t: string) => `${f.principalArn} ${t.replace(/^(model|agent):/, "")}`)));
        expect(unused.has(`${roleArn("AwsManagedRole")} ${MODELS.haiku}`)).to.equal(false);
        expect(unused.has(`${roleArn("VpceRole")} ${MODELS.sonnet}`)).to.equal(false);
        expect(unused.has(`${roleArn("NotActionRole")} ${MODELS.llama}`)).to.equal(false);
        expect(unused.has(`${roleArn("AwsManagedRole")} ${MODELS.titan}`)).to.equal(true);
        expect(unused.has(`${roleArn("AgentInvokerRole")} SUPPORTAG1`)).to.equal(true);
        const manifest = run.json(RUN_PREFIX + "manifest.json");
        expect(unused.size).to.equal(manifest.modelBindingCount + manifest.agentBindingCount - 3);

        expect(findings.filter((f) => f.kind === "boundary_missing").map((f) => f.principalArn)).to.deep.equal([roleArn("AwsManagedRole")]);
        expect(findings.find((f) => f.kind === "denial_burst")).to.deep.include({ principalArn: userArn("bob") });
        expect(findings.find((f) => f.kind === "plaintext_credential").evidence.environmentVariable).to.equal("CONFLUENCE_API_TOKEN");

        expect(manifest.schemaVersion).to.equal("1.5");
        expect(manifest.artifacts.find((a: any) => a.name === "findings.json")).to.deep.include({ key: RUN_PREFIX + "findings.json", count: findings.length });
        expect(manifest.findingCount).to.equal(findings.length);
        expect(manifest.usageState).to.deep.include({ key: STATE_KEY, status: "updated", trusted: true, gap: false, uses: 3 });
        expect(manifest.findingSources).to.deep.equal({ apiKeys: { status: "read", count: 2 } });
        expect(validateArtifact("manifest.json", manifest)).to.deep.equal([]);
        expect(run.account.objects.get("latest/findings.json")).to.equal(run.account.objects.get(RUN_PREFIX + "findings.json"));
        // The export: the same findings as OCSF Detection Findings, valid against their schema.
        const ocsf = run.json(RUN_PREFIX + "findings.ocsf.json");
        expect(validateArtifact("findings.ocsf.json", ocsf)).to.deep.equal([]);
        expect(ocsf.map((o: any) => o.finding_info.uid)).to.deep.equal(findings.map((f) => f.id));
        expect(ocsf.find((o: any) => o.unmapped.kind === "long_term_bedrock_api_key" && o.severity_id === 4).actor.user.uid).to.equal(userArn("alice"));
        expect(manifest.artifacts.find((a: any) => a.name === "findings.ocsf.json").count).to.equal(findings.length);

        const state = JSON.parse(run.account.objects.get(STATE_KEY)!);
        expect(stateProblem(state, ACCOUNT, REGION)).to.equal(null);
        const statePut = run.account.s3Ops.find((o) => o.op === "put" && o.key === STATE_KEY)!;
        expect(statePut.input).to.include({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: KMS_KEY_ARN });
        expect(statePut.input.IfMatch).to.be.a("string");
        for (const [key, body] of run.account.objects) expect(body, key).to.not.include(FAKE_SECRET_VALUE);
    });

    it("a denial burst continuing one the usage state holds keeps its id and first denial; the state written carries what the next run needs", async () => {
        // The previous run saw bob's burst begin at START - 40 min; this run's read shows its continuation from START - 29.7 min.
        const openSince = Math.floor((START - 40 * 60_000) / 1000);
        const previous = { ...quietState(), denials: { tail: [], open: [[userArn("bob"), openSince, Math.floor((START - 31 * 60_000) / 1000), 7]] } };
        const run = await runFixture({
            account: { objects: new Map([[STATE_KEY, JSON.stringify(previous)]]) },
            prepare: (stubs) => withDenialBurst(stubs),
        });
        const burst = (run.json(RUN_PREFIX + "findings.json").findings as any[]).find((f) => f.kind === "denial_burst");
        expect(burst.id).to.equal(findingId("denial_burst", userArn("bob"), Math.floor((openSince * 1000) / (5 * 60_000))));
        expect(burst.evidence).to.deep.include({ firstEventAt: new Date(openSince * 1000).toISOString(), eventCount: 12 });
        // Its last denial is more than a burst window before this read's end: nothing is left open;
        // the fixture's own denial of bob three minutes before the end is kept for the next run.
        const state = run.json(STATE_KEY);
        expect(state.schemaVersion).to.equal("1.1");
        expect(state.denials.open).to.deep.equal([]);
        expect(state.denials.tail.map((t: unknown[]) => [t[0], t[1]])).to.deep.equal([[userArn("bob"), "evt-0003"]]);
        expect(stateProblem(state, ACCOUNT, REGION)).to.equal(null);
    });

    it("a role without iam:ListServiceSpecificCredentials still completes: the failure is recorded, no key finding", async () => {
        const run = await runFixture({
            prepare: (stubs) => {
                stubs.iam.on(ListServiceSpecificCredentialsCommand as never).rejects(Object.assign(new Error("User is not authorized to perform: iam:ListServiceSpecificCredentials"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
            },
        });
        expect(run.outcome.statusCode).to.equal(200);
        const manifest = run.json(RUN_PREFIX + "manifest.json");
        expect(manifest.findingSources.apiKeys.status).to.equal("failed");
        expect(manifest.findingSources.apiKeys.problem).to.match(/ListServiceSpecificCredentials/);
        expect(run.json(RUN_PREFIX + "findings.json").findings.filter((f: any) => f.kind === "long_term_bedrock_api_key")).to.deep.equal([]);
    });

        it("a first run creates the state (If-None-Match) and raises no unused grant: no state is unknown, not unused", async () => {
        const run = await runFixture();
        expect(run.outcome.statusCode).to.equal(200);
        expect(run.json(RUN_PREFIX + "manifest.json").usageState).to.deep.include({ status: "created", trusted: true, coverageFrom: new Date(START - DAY).toISOString() });
        expect(run.account.s3Ops.find((o) => o.key === STATE_KEY && o.op === "put")!.input.IfNoneMatch).to.equal("*");
        expect(run.json(RUN_PREFIX + "findings.json").findings.filter((f: any) => f.kind === "unused_invoke_grant")).to.deep.equal([]);
    });

    it("survives a corrupt state: replaced by a new one, coverage restarting, the run complete, nothing unused raised", async () => {
        const run = await runFixture({ account: { objects: new Map([[STATE_KEY, '{"schemaVersion":"1.0","accountId":"1234']]) } });
        expect(run.outcome.statusCode).to.equal(200);
        const record = run.json(RUN_PREFIX + "manifest.json").usageState;
        expect(record).to.deep.include({ status: "rebuilt", trusted: true, gap: true });
        expect(record.problem).to.match(/not valid JSON; replaced/);
        expect(stateProblem(run.json(STATE_KEY), ACCOUNT, REGION)).to.equal(null);
        expect(run.json(RUN_PREFIX + "findings.json").findings.filter((f: any) => f.kind === "unused_invoke_grant")).to.deep.equal([]);
    });

    it("loses a race without clobbering: another run's state written in between stays, this run records the conflict and raises nothing unused", async () => {
        const objects = new Map([[STATE_KEY, JSON.stringify(quietState())]]);
        const theirs = JSON.stringify({ ...quietState(), runId: "20261123T140001Z" });
        let raced = false;
        const run = await runFixture({
            account: {
                objects,
                intercept: (api, input) => {
                    if (api === "s3:PutObject" && input.Key === STATE_KEY && !raced) {
                        raced = true;
                        objects.set(STATE_KEY, theirs);
                    }
                },
            },
        });
        expect(raced).to.equal(true);
        expect(run.outcome.statusCode).to.equal(200);
        expect(run.account.objects.get(STATE_KEY)).to.equal(theirs);
        expect(run.json(RUN_PREFIX + "manifest.json").usageState).to.deep.include({ status: "conflict", trusted: false });
        expect(run.json(RUN_PREFIX + "findings.json").findings.filter((f: any) => f.kind === "unused_invoke_grant")).to.deep.equal([]);
    });

    it("two consecutive runs over the same events count each once", async () => {
        const first = await runFixture();
        const firstState = first.json(STATE_KEY);
        const second = await runFixture({ clock: new FakeClock(START + 15 * 60_000), account: { objects: new Map(first.account.objects) } });
        expect(second.outcome.statusCode).to.equal(200);
        const secondState = second.json(STATE_KEY);
        expect(secondState.uses).to.deep.equal(firstState.uses);
        expect(secondState.coverage.from).to.equal(firstState.coverage.from);
        expect(second.json("bedrock-core-inventory/runs/20261123T141507Z/manifest.json").usageState).to.deep.include({ status: "updated", gap: false });
    });
});

describe("usage state on a folder store: conditional writes", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "usage-state-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("of two runs that read the same state, the second to write gets a conflict and the first's state stays", async () => {
        const store = new DirectoryArtifactStore(dir);
        const key = "state/usage.json";
        expect(await loadUsageState(store, key, ACCOUNT, REGION)).to.deep.equal({ status: "absent" });
        const created = quietState();
        expect((await saveUsageState(store, key, created, null)).status).to.equal("written");
        expect((await saveUsageState(store, key, created, null)).status).to.equal("conflict");
        const a = await loadUsageState(store, key, ACCOUNT, REGION);
        const b = await loadUsageState(store, key, ACCOUNT, REGION);
        if (a.status !== "read" || b.status !== "read") throw new Error("state not read");
        expect((await saveUsageState(store, key, { ...a.state, runId: "A" }, a.etag)).status).to.equal("written");
        expect((await saveUsageState(store, key, { ...b.state, runId: "B" }, b.etag)).status).to.equal("conflict");
        const after = await loadUsageState(store, key, ACCOUNT, REGION);
        expect(after.status === "read" && after.state.runId).to.equal("A");
    });
});
