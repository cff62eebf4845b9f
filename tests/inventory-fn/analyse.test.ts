// The analysis is pure: collected data in, records out. One case per rule of CONTRACTS
// section 5, each failing if the rule were dropped.
import { expect } from "chai";
import { BindingAnalysis, computeBindings } from "../../inventory-fn/analyse/bindings";
import { computeToolCredentials } from "../../inventory-fn/analyse/credentials";
import { computeActivity, eventTypeOf } from "../../inventory-fn/analyse/activity";
import { valueFreeParseError } from "../../inventory-fn/analyse/policies";
import type { CollectedAgent, CollectedModel } from "../../inventory-fn/collect/bedrock";
import type { CollectedManagedPolicy, CollectedPrincipal, IamSnapshot } from "../../inventory-fn/collect/iam";
import type { CollectedFunction } from "../../inventory-fn/collect/lambda";
import type { RunError } from "../../inventory-fn/collect/context";

const ACCOUNT = "123456789012";
const MODEL_ARN = (id: string) => `arn:aws:bedrock:us-east-1::foundation-model/${id}`;
const models: CollectedModel[] = ["anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-text-express-v1"].map((modelId) => ({
    modelId,
    modelArn: MODEL_ARN(modelId),
    modelName: null,
    providerName: null,
    inputModalities: [],
    outputModalities: [],
    lifecycleStatus: "ACTIVE",
    inferenceTypesSupported: [],
    responseStreamingSupported: true,
}));
const AGENT_ID = "AGENT00001";
const ALIAS = `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent-alias/${AGENT_ID}/ALIAS00001`;
const agents: CollectedAgent[] = [
    {
        agentId: AGENT_ID,
        agentName: "agent",
        agentArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent/${AGENT_ID}`,
        agentStatus: "PREPARED",
        agentResourceRoleArn: null,
        aliases: [{ aliasId: "ALIAS00001", aliasName: "prod", aliasArn: ALIAS, agentVersions: ["1"] }],
        actionGroups: [],
        versions: [],
    },
];

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const role = (name: string, inline: Record<string, string>, extra: Partial<CollectedPrincipal> = {}): CollectedPrincipal => ({
    type: "role",
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    name,
    id: name,
    path: "/",
    inlinePolicies: Object.entries(inline).map(([n, document]) => ({ name: n, document })),
    attachedPolicyArns: [],
    permissionsBoundaryArn: null,
    groups: [],
    ...extra,
});
const managed = (arn: string, document: string): CollectedManagedPolicy => ({ arn, name: arn.split("/").pop()!, awsManaged: arn.includes(":aws:policy/"), defaultVersionId: "v1", document });
const snapshot = (principals: CollectedPrincipal[], policies: CollectedManagedPolicy[] = []): IamSnapshot => ({ principals, managedPolicies: new Map(policies.map((p) => [p.arn, p])) });

function bind(principals: CollectedPrincipal[], policies: CollectedManagedPolicy[] = []) {
    const errors: RunError[] = [];
    const result = computeBindings(snapshot(principals, policies), models, agents, errors);
    const modelIds = (name: string) => result.modelBindings.filter((b) => b.principalArn.endsWith(`/${name}`)).map((b) => b.modelId);
    return { ...result, errors, modelIds };
}
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const TITAN = "amazon.titan-text-express-v1";

describe("inventory analysis: bindings", () => {
    it("Allow with Action grants exactly the named model", () => {
        const r = bind([role("r", { p: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN) }) })]);
        expect(r.modelIds("r")).to.deep.equal([TITAN]);
    });

    it("NotAction in an Allow grants every action it does not list", () => {
        const r = bind([role("r", { p: doc({ Effect: "Allow", NotAction: ["iam:*", "s3:*"], Resource: "*" }) })]);
        expect(r.modelIds("r")).to.have.members([HAIKU, TITAN]);
        expect(r.agentBindings).to.have.length(1);
    });

    it("NotResource in an Allow grants every resource it does not list", () => {
        const r = bind([role("r", { p: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: MODEL_ARN(HAIKU) }) })]);
        expect(r.modelIds("r")).to.deep.equal([TITAN]);
    });

    it("an unconditional Deny removes the grant", () => {
        const r = bind([role("r", { p: doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }, { Effect: "Deny", Action: "bedrock:InvokeModel*", Resource: MODEL_ARN(HAIKU) }) })]);
        expect(r.modelIds("r")).to.deep.equal([TITAN]);
    });

    it("a conditional Deny leaves the grant, marked conditional with its keys (never its values)", () => {
        const r = bind([
            role("r", {
                p: doc(
                    { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN) },
                    { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } },
                ),
            }),
        ]);
        expect(r.modelBindings).to.have.length(1);
        expect(r.modelBindings[0]).to.include({ conditional: true, requiresVpce: false });
        expect(r.modelBindings[0].conditionKeys).to.deep.equal(["aws:MultiFactorAuthPresent"]);
        expect(JSON.stringify(r.modelBindings)).to.not.include('"false"');
    });

    it("a permissions boundary limits what the identity policies grant", () => {
        const boundary = managed(`arn:aws:iam::${ACCOUNT}:policy/b`, doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN) }));
        const r = bind([role("r", { p: doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }) }, { permissionsBoundaryArn: boundary.arn })], [boundary]);
        expect(r.modelIds("r")).to.deep.equal([TITAN]);
        expect(r.modelBindings[0].actions).to.deep.equal(["bedrock:InvokeModel"]);
        expect(r.agentBindings).to.deep.equal([]);
    });

    it("a user gets its groups' inline and attached policies", () => {
        const groupPolicy = managed(`arn:aws:iam::${ACCOUNT}:policy/g`, doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(HAIKU) }));
        const group: CollectedPrincipal = { ...role("team", { gi: doc({ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: ALIAS }) }), type: "group", arn: `arn:aws:iam::${ACCOUNT}:group/team`, attachedPolicyArns: [groupPolicy.arn] };
        const user: CollectedPrincipal = { ...role("u", {}), type: "user", arn: `arn:aws:iam::${ACCOUNT}:user/u`, groups: ["team"] };
        const r = bind([user, group], [groupPolicy]);
        expect(r.modelIds("u")).to.deep.equal([HAIKU]);
        expect(r.agentBindings.map((b) => [b.principalType, b.grantedBy[0].policyType, b.grantedBy[0].groupName])).to.deep.equal([["user", "groupInline", "team"]]);
        // The group itself is not a principal a request can come from.
        expect(r.modelBindings.every((b) => b.principalType === "user")).to.equal(true);
    });

    it("an attached AWS managed policy grants, named by its ARN", () => {
        const full = managed("arn:aws:iam::aws:policy/AmazonBedrockFullAccess", doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }));
        const r = bind([role("r", {}, { attachedPolicyArns: [full.arn] })], [full]);
        expect(r.modelIds("r")).to.have.members([HAIKU, TITAN]);
        expect(r.modelBindings[0].grantedBy[0]).to.include({ policyType: "awsManaged", policyArn: full.arn });
    });

    it("InvokeAgent on the agent ARN is not a grant on its aliases; on the alias ARN it is", () => {
        const onAgent = bind([role("r", { p: doc({ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: agents[0].agentArn }) })]);
        expect(onAgent.agentBindings).to.deep.equal([]);
        const onAlias = bind([role("r", { p: doc({ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: ALIAS }) })]);
        expect(onAlias.agentBindings.map((b) => b.aliasArns)).to.deep.equal([[ALIAS]]);
    });

    it("matches action names case-insensitively and takes a string or a list", () => {
        const r = bind([
            role("upper", { p: doc({ Effect: "Allow", Action: "Bedrock:INVOKEMODEL", Resource: MODEL_ARN(TITAN) }) }),
            role("list", { p: doc({ Effect: "Allow", Action: ["s3:GetObject", "bedrock:invokeModel"], Resource: [MODEL_ARN(HAIKU)] }) }),
        ]);
        expect(r.modelIds("upper")).to.deep.equal([TITAN]);
        expect(r.modelIds("list")).to.deep.equal([HAIKU]);
    });

    it("requiresVpce only when every granting statement has a positive aws:SourceVpce/aws:SourceVpc condition", () => {
        const vpce = { StringEquals: { "aws:SourceVpce": "vpce-1" } };
        const r = bind([
            role("pinned", { p: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN), Condition: vpce }) }),
            role("leaky", {
                p: doc(
                    { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN), Condition: vpce },
                    { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN) },
                ),
            }),
            role("ifexists", { p: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN), Condition: { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } } }) }),
        ]);
        const flag = (name: string) => r.modelBindings.find((b) => b.principalArn.endsWith(`/${name}`))!.requiresVpce;
        expect(flag("pinned")).to.equal(true);
        expect(flag("leaky")).to.equal(false);
        expect(flag("ifexists")).to.equal(false);
        expect(JSON.stringify(r.modelBindings)).to.not.include("vpce-1");
    });

    it("a boundary whose applicable Allows all require the endpoint pins the request too", () => {
        const boundary = managed(
            `arn:aws:iam::${ACCOUNT}:policy/vpce-boundary`,
            doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*", Condition: { StringEquals: { "aws:sourcevpc": "vpc-1" } } }),
        );
        const r = bind([role("r", { p: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN) }) }, { permissionsBoundaryArn: boundary.arn })], [boundary]);
        expect(r.modelBindings[0]).to.include({ requiresVpce: true, conditional: true });
    });

    it("records a malformed policy without its content and still evaluates the principal's other policies", () => {
        const r = bind([
            role("r", {
                broken: '{"Statement":[{"Effect":"Allow","Action":"bedrock:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":["secret-ish-value",{"x":1}]}}}]}',
                good: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN) }),
            }),
        ]);
        expect(r.modelIds("r")).to.deep.equal([TITAN]);
        expect(r.errors).to.have.length(1);
        expect(r.errors[0]).to.include({ kind: "malformed", resource: `arn:aws:iam::${ACCOUNT}:role/r inline policy broken` });
        expect(r.errors[0].message).to.not.include("secret-ish-value");
    });

    it("evaluates an unreadable boundary as absent and says so", () => {
        const r = bind([role("r", { p: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: MODEL_ARN(TITAN) }) }, { permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/missing` })]);
        expect(r.modelIds("r")).to.deep.equal([TITAN]);
        expect(r.errors.map((e) => e.message)).to.deep.equal(["permissions boundary unreadable; evaluated without it"]);
    });

    it("keeps parser messages free of quoted content", () => {
        expect(valueFreeParseError('policy document is not valid JSON: Unexpected token } in "{"a": "hunter2"}"')).to.equal("policy document is not valid JSON");
        expect(valueFreeParseError('Statement[0].Condition.StringEquals.aws:SourceVpce values must be strings, numbers or booleans, got {"x":"hunter2"}')).to.equal(
            "Statement[0].Condition.StringEquals.aws:SourceVpce values must be strings, numbers or booleans",
        );
    });
});

describe("inventory analysis: tool credentials", () => {
    const fnArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:tool`;
    const agentWith = (groups: CollectedAgent["actionGroups"]): CollectedAgent[] => [{ ...agents[0], actionGroups: groups }];
    const group = (extra: Partial<CollectedAgent["actionGroups"][number]> = {}) => ({
        agentVersion: "DRAFT",
        actionGroupId: "AG1",
        actionGroupName: "tool",
        actionGroupState: "ENABLED",
        lambdaArn: fnArn,
        customControl: null,
        parentActionGroupSignature: null,
        apiSchemaS3: null,
        ...extra,
    });
    const fn = (environment: Record<string, string>): Map<string, CollectedFunction> =>
        new Map([[fnArn, { executorRef: fnArn, functionArn: fnArn, functionName: "tool", roleArn: `arn:aws:iam::${ACCOUNT}:role/tool`, environment, logGroup: "/aws/lambda/tool" }]]);

    it("classifies secret ARNs, secret-named variables and buckets, by reference only", () => {
        const records = computeToolCredentials(
            agentWith([group()]),
            fn({
                WIKI: `{"secret":"arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:confluence-prod-AbCdEf"}`,
                GITHUB_TOKEN: "ghp_realLookingValue123",
                STRIPE_API_KEY: "sk_live_value",
                REPORTS: "s3://acme-reports/daily/",
                ARCHIVE_BUCKET: "acme-archive",
                TIMEOUT: "30",
            }),
        );
        expect(records.map((r) => [r.credentialType, r.credentialRef, r.environmentVariable])).to.have.deep.members([
            ["LAMBDA_EXECUTION_ROLE", `arn:aws:iam::${ACCOUNT}:role/tool`, null],
            ["CONFLUENCE_SECRET", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:confluence-prod-AbCdEf`, "WIKI"],
            ["SECRET", "GITHUB_TOKEN", "GITHUB_TOKEN"],
            ["SECRET", "STRIPE_API_KEY", "STRIPE_API_KEY"],
            ["S3_READ", "arn:aws:s3:::acme-reports", "REPORTS"],
            ["S3_READ", "arn:aws:s3:::acme-archive", "ARCHIVE_BUCKET"],
        ]);
        const text = JSON.stringify(records);
        expect(text).to.not.include("ghp_realLookingValue123");
        expect(text).to.not.include("sk_live_value");
    });

    it("gives RETURN_CONTROL and executor-less groups a NONE record, and the schema bucket an S3_READ", () => {
        const records = computeToolCredentials(
            agentWith([
                group({ actionGroupId: "RC", lambdaArn: null, customControl: "RETURN_CONTROL", apiSchemaS3: { bucket: "schemas", key: "a.yaml" } }),
                group({ actionGroupId: "UI", lambdaArn: null, parentActionGroupSignature: "AMAZON.UserInput" }),
            ]),
            new Map(),
        );
        expect(records.map((r) => [r.actionGroupId, r.executorType, r.credentialType, r.credentialRef, r.functionArn])).to.deep.equal([
            ["RC", "RETURN_CONTROL", "NONE", null, null],
            ["RC", "RETURN_CONTROL", "S3_READ", "arn:aws:s3:::schemas", null],
            ["UI", "NONE", "NONE", null, null],
        ]);
    });

    it("merges the same credential across agent versions and keeps an unreadable executor visible", () => {
        const records = computeToolCredentials(agentWith([group(), group({ agentVersion: "3" })]), new Map());
        expect(records).to.have.length(1);
        expect(records[0]).to.deep.include({ credentialType: "LAMBDA_EXECUTION_ROLE", credentialRef: null, functionArn: fnArn, agentVersions: ["DRAFT", "3"] });
    });
});

describe("inventory analysis: activity", () => {
    it("types events: model, agent, knowledge base, denied, management", () => {
        expect(eventTypeOf("InvokeModel", null)).to.equal("model_invocation");
        expect(eventTypeOf("ConverseStream", null)).to.equal("model_invocation");
        expect(eventTypeOf("InvokeAgent", null)).to.equal("agent_invocation");
        expect(eventTypeOf("RetrieveAndGenerate", null)).to.equal("knowledge_base_query");
        expect(eventTypeOf("InvokeModel", "AccessDeniedException")).to.equal("access_denied");
        expect(eventTypeOf("GetAgent", null)).to.equal("management_event");
        expect(eventTypeOf("InvokeModel", "ThrottlingException")).to.equal("model_invocation");
    });

    it("attributes a tool invocation to its agent only when one agent uses the function", () => {
        const fnArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:tool`;
        const functions = new Map<string, CollectedFunction>([[fnArn, { executorRef: fnArn, functionArn: fnArn, functionName: "tool", roleArn: null, environment: {}, logGroup: "/custom/tool" }]]);
        const group = { agentVersion: "DRAFT", actionGroupId: "AG", actionGroupName: "g", actionGroupState: null, lambdaArn: fnArn, customControl: null, parentActionGroupSignature: null, apiSchemaS3: null };
        const row = { timestamp: "2026-11-23T10:00:00.000Z", logGroup: "/custom/tool", requestId: "r1", durationMs: 5 };
        const one = computeActivity([], [row], functions, [{ ...agents[0], actionGroups: [group] }]);
        expect(one[0]).to.include({ event_type: "tool_invocation", functionName: "tool", agentId: AGENT_ID, source: "logs" });
        const two = computeActivity([], [row], functions, [{ ...agents[0], actionGroups: [group] }, { ...agents[0], agentId: "OTHER", actionGroups: [group] }]);
        expect(two[0].agentId).to.equal(null);
    });
});

describe("inventory analysis: agent bindings produced as they are written", () => {
    const principals = ["zeta", "alpha", "mid"].map((name) =>
        role(name, { p: doc({ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent-alias/*` }) }),
    );
    const second = (id: string): CollectedAgent => ({
        ...agents[0],
        agentId: id,
        agentArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent/${id}`,
        aliases: [{ aliasId: "ALIAS00002", aliasName: "prod", aliasArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:agent-alias/${id}/ALIAS00002`, agentVersions: ["1"] }],
    });
    const manyAgents = [second("AGENT00009"), agents[0], second("AGENT00005")];

    it("gives each principal's bindings as one batch, already in the artifacts' order (principalArn, then modelId or agentId)", () => {
        const analysis = new BindingAnalysis(snapshot(principals), [...models].reverse(), []);
        const modelBatches = [...analysis.modelBindingBatches()];
        const agentBatches = [...analysis.agentBindingBatches(manyAgents)];
        for (const batches of [modelBatches, agentBatches] as { principalArn: string; modelId?: string; agentId?: string }[][][]) {
            const flat = batches.flat();
            const key = (b: { principalArn: string; modelId?: string; agentId?: string }) => `${b.principalArn} ${b.modelId ?? b.agentId}`;
            expect(flat.map(key)).to.deep.equal(flat.map(key).sort());
            for (const batch of batches) expect(new Set(batch.map((b) => b.principalArn)).size).to.be.at.most(1);
        }
        expect(agentBatches.flat()).to.have.length(9);
        // The same set computeBindings gives, whichever way the agents came.
        const all = computeBindings(snapshot(principals), models, [...manyAgents].reverse(), []);
        expect(agentBatches.flat()).to.deep.equal(all.agentBindings);
        expect(modelBatches.flat()).to.deep.equal(all.modelBindings);
    });

    it("computes nothing until iterated, then one principal at a time; the agent pass needs only the agents' identities", () => {
        const errors: RunError[] = [];
        const analysis = new BindingAnalysis(snapshot([...principals, role("broken", { bad: "{not json" })]), models, errors);
        const identities = manyAgents.map(({ agentId, agentName, agentArn, agentStatus, agentResourceRoleArn, aliases }) => ({ agentId, agentName, agentArn, agentStatus, agentResourceRoleArn, aliases }));
        const iterator = analysis.agentBindingBatches(identities)[Symbol.iterator]();
        expect(errors, "nothing resolved before iteration").to.deep.equal([]);
        const first = iterator.next();
        expect(first.done).to.equal(false);
        expect(first.value[0].principalArn.endsWith("/alpha")).to.equal(true);
        expect(first.value[0].agentId).to.equal("AGENT00001");
        // The model pass ran (for the candidates), resolving every principal once.
        expect(errors.map((e) => e.kind)).to.deep.equal(["malformed"]);
    });
});
