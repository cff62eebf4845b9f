import { expect } from "chai";
import { validateArtifact } from "../../inventory-fn/write/schemas";
import { agentVersionRecords } from "../../inventory-fn/write/agent-versions";
import { ACCOUNT, awsError, HR_AGENT, KNOWLEDGE_BASES, POLICY_KB, REGION, roleArn, SUPPORT_AGENT, SUPPORT_KB } from "../fixtures/inventory-account";
import { RUN_PREFIX, runFixture } from "./harness";

// Issue 12: the knowledge bases and guardrails each agent version uses, as agent-versions.json,
// so seed 000's connector can read them instead of calling Bedrock live. The collector runs
// against the fixture account (aws-sdk-client-mock, every list one item a page).

const kbArn = (id: string) => `arn:aws:bedrock:${REGION}:${ACCOUNT}:knowledge-base/${id}`;

describe("agent-versions.json over the fixture account", () => {
    it("lists DRAFT and every routed version with its guardrail and knowledge bases, valid, in the manifest, read with the calls it needs", async () => {
        const run = await runFixture();
        expect(run.outcome.statusCode).to.equal(200);
        const document = run.json(RUN_PREFIX + "agent-versions.json");
        expect(validateArtifact("agent-versions.json", document)).to.deep.equal([]);
        const versions = document.versions as any[];
        expect(versions.map((v) => [v.agentId, v.agentVersion, v.aliases.map((a: any) => a.aliasName), v.guardrail?.guardrailIdentifier ?? null, v.knowledgeBases.map((k: any) => `${k.knowledgeBaseId}:${k.associationState}`)])).to.deep.equal([
            [HR_AGENT, "DRAFT", ["AgentTestAlias"], null, []],
            [HR_AGENT, "1", ["prod"], null, []],
            [SUPPORT_AGENT, "DRAFT", ["AgentTestAlias"], "gr-support01", [`${POLICY_KB}:DISABLED`, `${SUPPORT_KB}:ENABLED`]],
            [SUPPORT_AGENT, "2", ["prod"], "gr-support01", [`${SUPPORT_KB}:ENABLED`]],
        ]);
        const support = versions.find((v) => v.agentId === SUPPORT_AGENT && v.agentVersion === "DRAFT");
        expect(support.guardrail).to.deep.equal({ guardrailIdentifier: "gr-support01", guardrailVersion: "1", guardrailArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/gr-support01` });
        expect(support.knowledgeBases.find((k: any) => k.knowledgeBaseId === SUPPORT_KB)).to.deep.equal({
            knowledgeBaseId: SUPPORT_KB,
            knowledgeBaseArn: kbArn(SUPPORT_KB),
            associationState: "ENABLED",
            name: "support-articles",
            status: "ACTIVE",
            type: "VECTOR",
            storageType: "OPENSEARCH_SERVERLESS",
            roleArn: roleArn("AmazonBedrockExecutionRoleForKnowledgeBase_support"),
        });
        expect(versions.every((v) => v.notRead.length === 0)).to.equal(true);
        // Free text stays out: neither the association's description nor the knowledge base's.
        const body = run.account.objects.get(RUN_PREFIX + "agent-versions.json")!;
        expect(body).to.not.include("support questions");
        expect(body).to.not.include(String(KNOWLEDGE_BASES[SUPPORT_KB].description));

        // GetAgentVersion for the two routed versions only (DRAFT's guardrail comes with GetAgent);
        // ListAgentKnowledgeBases per version, followed page by page; GetKnowledgeBase once per distinct base.
        expect(run.account.callsOf("bedrock:GetAgentVersion").map((c) => `${c.agentId}/${c.agentVersion}`).sort()).to.deep.equal([`${HR_AGENT}/1`, `${SUPPORT_AGENT}/2`]);
        const lists = run.account.callsOf("bedrock:ListAgentKnowledgeBases");
        // One a page: 2 for the support agent's DRAFT, 1 for each other version.
        expect(lists).to.have.length(5);
        expect(lists.filter((c) => c.agentId === SUPPORT_AGENT && c.agentVersion === "DRAFT").map((c) => c.nextToken ?? null)).to.deep.equal([null, "page:1"]);
        expect(lists.map((c) => `${c.agentId}/${c.agentVersion}`).filter((k, i, all) => all.indexOf(k) === i).sort()).to.deep.equal([`${HR_AGENT}/1`, `${HR_AGENT}/DRAFT`, `${SUPPORT_AGENT}/2`, `${SUPPORT_AGENT}/DRAFT`]);
        expect(run.account.callsOf("bedrock:GetKnowledgeBase").map((c) => c.knowledgeBaseId).sort()).to.deep.equal([POLICY_KB, SUPPORT_KB]);

        const manifest = run.json(RUN_PREFIX + "manifest.json");
        expect(manifest.schemaVersion).to.equal("1.5");
        expect(manifest.artifacts.find((a: any) => a.name === "agent-versions.json")).to.deep.include({ key: RUN_PREFIX + "agent-versions.json", count: 4, schemaVersion: "1.0" });
        expect(manifest.apiCalls).to.include({ "bedrock:GetAgentVersion": 2, "bedrock:GetKnowledgeBase": 2 });
        expect(run.account.objects.get("latest/agent-versions.json")).to.equal(body);
    });

    it("a denied ListAgentKnowledgeBases and a throttled GetAgentVersion are recorded, make the run partial, and leave those halves unknown", async () => {
        const run = await runFixture({
            account: {
                intercept: (api, input) => {
                    if (api === "bedrock:ListAgentKnowledgeBases" && input.agentId === SUPPORT_AGENT && input.agentVersion === "2") {
                        throw awsError("AccessDeniedException", "User is not authorized to perform: bedrock:ListAgentKnowledgeBases", 403);
                    }
                    if (api === "bedrock:GetAgentVersion" && input.agentId === HR_AGENT) throw awsError("ThrottlingException", "Rate exceeded", 400, 3);
                },
            },
        });
        expect(run.outcome.status).to.equal("partial");
        expect(run.outcome.statusCode).to.equal(500);
        const kinds = run.outcome.errors.filter((e) => e.api === "bedrock:ListAgentKnowledgeBases" || e.api === "bedrock:GetAgentVersion").map((e) => [e.api, e.kind]);
        expect(kinds).to.have.deep.members([["bedrock:ListAgentKnowledgeBases", "access_denied"], ["bedrock:GetAgentVersion", "throttled"]]);
        const versions = run.json(RUN_PREFIX + "agent-versions.json").versions as any[];
        expect(versions.find((v) => v.agentId === SUPPORT_AGENT && v.agentVersion === "2")).to.deep.include({ knowledgeBases: [], notRead: ["knowledgeBases"] });
        expect(versions.find((v) => v.agentId === HR_AGENT && v.agentVersion === "1")).to.deep.include({ guardrail: null, notRead: ["guardrail"] });
        // Unknown is not "none": the HR agent's version 1 is not reported without a guardrail, its DRAFT still is.
        const guardrail = (run.json(RUN_PREFIX + "findings.json").findings as any[]).filter((f) => f.kind === "agent_without_guardrail");
        expect(guardrail.map((f) => [f.target.id, f.evidence.agentVersion])).to.deep.equal([[HR_AGENT, "DRAFT"]]);
        expect(run.account.objects.has("latest/agent-versions.json")).to.equal(false);
    });

    it("builds a knowledge base's ARN from the agent's when GetKnowledgeBase could not describe it, and a guardrail's from its id", () => {
        const agentArn = `arn:aws-us-gov:bedrock:us-gov-west-1:${ACCOUNT}:agent/AGENT00001`;
        const [record] = agentVersionRecords(
            [
                {
                    agentId: "AGENT00001",
                    agentName: "a",
                    agentArn,
                    agentStatus: "PREPARED",
                    agentResourceRoleArn: null,
                    aliases: [],
                    actionGroups: [],
                    versions: [{ agentVersion: "DRAFT", versionStatus: "PREPARED", guardrail: { id: "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:guardrail/gr1", version: "DRAFT" }, knowledgeBases: [{ knowledgeBaseId: "KBGONE0001", state: "ENABLED" }] }],
                },
            ],
            new Map(),
        );
        expect(record.guardrail!.guardrailArn).to.equal("arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:guardrail/gr1");
        expect(record.knowledgeBases).to.deep.equal([{ knowledgeBaseId: "KBGONE0001", knowledgeBaseArn: `arn:aws-us-gov:bedrock:us-gov-west-1:${ACCOUNT}:knowledge-base/KBGONE0001`, associationState: "ENABLED", name: null, status: null, type: null, storageType: null, roleArn: null }]);
    });
});
