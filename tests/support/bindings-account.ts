// The inputs of the bindings analysis for the bench's generated account (bench/account/generate.ts),
// plus crafted principals, targets and SCPs for the shapes the generator does not draw: NotResource,
// policy variables, `?` and in-segment wildcards, short ARNs, `${*}`, Deny (conditional or not),
// boundaries, conditions the principal or target decides, lower-case actions and ARNs that differ
// from others only in case, AgentCore resource policies. Used by
// tests/inventory-fn/bindings-scaling.test.ts and bench/bindings-scaling.ts to compare the indexed
// analysis with the reference (evaluate every pair) one.
import { generateAccount } from "../../bench/account/generate";
import type { Account } from "../../bench/account/types";
import { parsePolicyDocument } from "../../iam/document";
import type { ScpLevel } from "../../iam/evaluate";
import type { AgentCoreSnapshot, CollectedGateway, CollectedRuntime } from "../../inventory-fn/collect/agentcore";
import type { AgentIdentity, CollectedModel } from "../../inventory-fn/collect/bedrock";
import type { CollectedManagedPolicy, CollectedPrincipal, IamSnapshot } from "../../inventory-fn/collect/iam";

export interface BindingsInput {
    readonly accountId: string;
    readonly iam: IamSnapshot;
    readonly models: CollectedModel[];
    readonly agents: AgentIdentity[];
    readonly agentCore: AgentCoreSnapshot;
    /** SCP levels, root first, for the runs with a ceiling. */
    readonly scps: ScpLevel[];
}

/** The bench account at `scale` as the analysis's inputs (what collect/ would have read from the emulator). */
export function benchBindingsInput(scale: number, seed?: string): BindingsInput {
    return snapshotOf(generateAccount({ scale, seed, anchorMs: Date.UTC(2026, 0, 1) }));
}

export function snapshotOf(account: Account): BindingsInput {
    const principal = (type: CollectedPrincipal["type"], p: Account["roles"][number] | Account["users"][number] | Account["groups"][number]): CollectedPrincipal => ({
        type,
        arn: p.arn,
        name: p.name,
        id: p.id,
        path: p.path,
        inlinePolicies: p.inlinePolicies.map((i) => ({ name: i.name, document: i.document })),
        attachedPolicyArns: [...p.attachedPolicyArns],
        permissionsBoundaryArn: "permissionsBoundaryArn" in p ? p.permissionsBoundaryArn : null,
        groups: "groups" in p ? [...p.groups] : [],
    });
    const managedPolicies = new Map<string, CollectedManagedPolicy>(
        account.policies.map((p) => [p.arn, { arn: p.arn, name: p.name, awsManaged: p.awsManaged, defaultVersionId: p.defaultVersionId, document: p.versions.find((v) => v.isDefault)?.document }]),
    );
    const runtimes: CollectedRuntime[] = (account.agentCore?.runtimes ?? []).map((r) => {
        const arn = `arn:aws:bedrock-agentcore:${account.region}:${account.accountId}:runtime/${r.id}`;
        return {
            ...runtimeBase(r.id, r.name, arn),
            roleArn: r.roleArn,
            resourcePolicy: r.policies[arn] ?? null,
            endpoints: r.endpoints.map((name) => ({ ...endpointBase(arn, name), resourcePolicy: r.policies[`${arn}/runtime-endpoint/${name}`] ?? null })),
        };
    });
    const gateways: CollectedGateway[] = (account.agentCore?.gateways ?? []).map((g) => ({
        ...gatewayBase(g.id, g.name, `arn:aws:bedrock-agentcore:${account.region}:${account.accountId}:gateway/${g.id}`),
        roleArn: g.roleArn,
        resourcePolicy: g.policy,
    }));
    return {
        accountId: account.accountId,
        iam: { principals: [...account.roles.map((r) => principal("role", r)), ...account.users.map((u) => principal("user", u)), ...account.groups.map((g) => principal("group", g))], managedPolicies },
        models: account.foundationModels.map((m) => ({
            modelId: m.modelId,
            modelArn: m.modelArn,
            modelName: m.modelName,
            providerName: m.providerName,
            inputModalities: [...m.inputModalities],
            outputModalities: [...m.outputModalities],
            lifecycleStatus: m.lifecycleStatus,
            inferenceTypesSupported: [...m.inferenceTypesSupported],
            responseStreamingSupported: m.responseStreamingSupported,
        })),
        agents: account.agents.map((a) => ({
            agentId: a.agentId,
            agentName: a.agentName,
            agentArn: a.agentArn,
            agentStatus: a.agentStatus,
            agentResourceRoleArn: a.agentResourceRoleArn,
            aliases: a.aliases.map((al) => ({ aliasId: al.aliasId, aliasName: al.aliasName, aliasArn: al.aliasArn, agentVersions: [...al.agentVersions] })),
        })),
        agentCore: { status: "collected", reason: null, runtimes, gateways, credentialProviders: [], workloadIdentities: [], tools: [] },
        scps: [],
    };
}

function runtimeBase(id: string, name: string, arn: string): Omit<CollectedRuntime, "endpoints" | "resourcePolicy" | "roleArn"> {
    return { id, name, arn, status: "READY", version: "1", versions: ["1"], networkMode: "PUBLIC", vpc: null, inboundAuthorizerType: "AWS_IAM", discoveryUrl: null, workloadIdentityArn: null, protocol: "HTTP" };
}

function endpointBase(runtimeArn: string, name: string): Omit<CollectedRuntime["endpoints"][number], "resourcePolicy"> {
    return { name, id: name, arn: `${runtimeArn}/runtime-endpoint/${name}`, status: "READY", liveVersion: "1", targetVersion: null };
}

function gatewayBase(id: string, name: string, arn: string): Omit<CollectedGateway, "roleArn" | "resourcePolicy"> {
    return {
        id,
        name,
        arn,
        status: "READY",
        authorizerType: "AWS_IAM",
        discoveryUrl: null,
        protocolType: "MCP",
        kmsKeyArn: null,
        policyEngineArn: null,
        policyEngineMode: null,
        workloadIdentityArn: null,
        targets: [],
    };
}

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });

/**
 * The bench account plus crafted principals and targets (see the module comment), and SCP levels
 * with a conditional Deny, a level that allows only some targets, and FullAWSAccess.
 */
export function craftedBindingsInput(base: BindingsInput): BindingsInput {
    const account = base.accountId;
    const region = "us-east-1";
    const bedrock = `arn:aws:bedrock:${region}:${account}`;
    const model = (id: string, r = region) => `arn:aws:bedrock:${r}::foundation-model/${id}`;
    const firstAgent = [...base.agents].sort((a, b) => a.agentId.localeCompare(b.agentId))[0];
    const someAgent = base.agents[Math.floor(base.agents.length / 2)];

    // Targets the generator does not make: lower-case ids, one differing from another only in case,
    // a model in another Region, an agent with no alias.
    const agent = (agentId: string, aliasIds: string[]): AgentIdentity => ({
        agentId,
        agentName: `crafted-${agentId}`,
        agentArn: `${bedrock}:agent/${agentId}`,
        agentStatus: "PREPARED",
        agentResourceRoleArn: null,
        aliases: aliasIds.map((aliasId) => ({ aliasId, aliasName: aliasId.toLowerCase(), aliasArn: `${bedrock}:agent-alias/${agentId}/${aliasId}`, agentVersions: ["1"] })),
    });
    const agents = [
        ...base.agents,
        agent("lowercase1", ["prod000001", "TSTALIASID"]),
        agent("LOWERCASE1", ["PROD000001"]),
        agent("QQQQQQQQQ1", []),
        agent("alice.crafted", ["alias00001"]),
    ];
    const westModel: CollectedModel = { ...base.models[0], modelId: "zz.crafted-west-v1:0", modelArn: model("zz.crafted-west-v1:0", "us-west-2") };
    const models = [...base.models, westModel];

    const role = (name: string, statements: unknown[], extra: Partial<CollectedPrincipal> = {}): CollectedPrincipal => ({
        type: "role",
        arn: `arn:aws:iam::${account}:role/crafted/${name}`,
        name,
        id: `AROACRAFTED${name.toUpperCase()}`,
        path: "/crafted/",
        inlinePolicies: statements.length ? [{ name: `${name}-inline`, document: doc(...statements) }] : [],
        attachedPolicyArns: [],
        permissionsBoundaryArn: null,
        groups: [],
        ...extra,
    });
    const user = (name: string, statements: unknown[], extra: Partial<CollectedPrincipal> = {}): CollectedPrincipal => ({
        ...role(name, statements, extra),
        type: "user",
        arn: `arn:aws:iam::${account}:user/${name}`,
        id: `AIDACRAFTED${name.toUpperCase()}`,
        path: "/",
        ...extra,
    });
    const boundary: CollectedManagedPolicy = {
        arn: `arn:aws:iam::${account}:policy/boundaries/crafted-boundary`,
        name: "crafted-boundary",
        awsManaged: false,
        defaultVersionId: "v1",
        document: doc(
            { Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `${bedrock}:agent-alias/${firstAgent.agentId}/*` },
            { Effect: "Allow", Action: "bedrock:InvokeModel*", Resource: model("anthropic.*"), Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123" } } },
            { Effect: "Allow", Action: "bedrock-agentcore:*", NotResource: "arn:aws:bedrock-agentcore:*:*:gateway/*" },
        ),
    };
    const group: CollectedPrincipal = {
        ...role("crafted-group", [{ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `${bedrock}:agent-alias/${someAgent.agentId}/*` }]),
        type: "group",
        arn: `arn:aws:iam::${account}:group/crafted-group`,
    };
    const runtimeArn = (id: string) => `arn:aws:bedrock-agentcore:${region}:${account}:runtime/${id}`;
    const gatewayArn = (id: string) => `arn:aws:bedrock-agentcore:${region}:${account}:gateway/${id}`;
    const crafted: CollectedPrincipal[] = [
        role("not-resource", [{ Effect: "Allow", Action: "bedrock:InvokeAgent", NotResource: `${bedrock}:agent-alias/${firstAgent.agentId}/*` }]),
        role("not-resource-models", [{ Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: [model("anthropic.*"), model("amazon.titan-*")] }]),
        role("not-resource-variable", [{ Effect: "Allow", Action: "bedrock:*", NotResource: `${bedrock}:agent-alias/\${aws:username}/*` }]),
        user("alice.crafted", [{ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `${bedrock}:agent-alias/\${aws:username}/*` }]),
        user("bob.crafted", [{ Effect: "Allow", Action: "bedrock:InvokeAgent", NotResource: `${bedrock}:agent-alias/\${aws:username}/*` }]),
        role("role-username", [{ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `${bedrock}:agent-alias/\${aws:username, 'lowercase1'}/*` }]),
        role("principal-tag", [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: model("${aws:PrincipalTag/family}*") }], { tags: { family: "amazon" } }),
        role("question-marks", [
            { Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `${bedrock}:agent-alias/${firstAgent.agentId.slice(0, 6)}????/*` },
            { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: model("amazon.titan-text-????-v1") },
        ]),
        role("in-segment-wildcard", [{ Effect: "Allow", Action: ["bedrock:InvokeAgent", "bedrock:InvokeModel"], Resource: [`arn:aws:bedrock:us-*-1:*:agent-alias/*/TST*`, "arn:aws:bedrock:us-*:*:foundation-model/meta.*"] }]),
        role("short-arn", [{ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `arn:aws:bedrock:${region}` }]),
        role("literal-star", [{ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: [`${bedrock}:agent-alias/\${*}/*`, `${bedrock}:agent-alias/lowercase1/\${?}*`] }]),
        role("lower-case", [
            { Effect: "Allow", Action: "BEDROCK:invokeagent", Resource: `${bedrock}:agent-alias/lowercase1/*` },
            { Effect: "Allow", Action: "bedrock:invokemodel", Resource: model("AMAZON.*") },
        ]),
        role("deny", [
            { Effect: "Allow", Action: "bedrock:*", Resource: "*" },
            { Effect: "Deny", Action: "bedrock:InvokeAgent", Resource: `${bedrock}:agent-alias/${someAgent.agentId}/*` },
            { Effect: "Deny", Action: "bedrock:InvokeModel*", Resource: model("meta.*"), Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } },
            { Effect: "Deny", Action: "bedrock:InvokeModel", NotResource: model("anthropic.*") },
        ]),
        role("boundary", [{ Effect: "Allow", Action: ["bedrock:*", "bedrock-agentcore:*"], Resource: "*" }], { permissionsBoundaryArn: boundary.arn }),
        role("conditions", [
            { Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-west-2" } } },
            { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-west-2" } } },
            { Effect: "Allow", Action: "bedrock:InvokeModelWithResponseStream", Resource: "*", Condition: { StringEquals: { "aws:SourceVpce": "vpce-0abc" } } },
            { Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `${bedrock}:agent-alias/${firstAgent.agentId}/*`, Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/crafted/*" } } },
        ]),
        role("no-resource-element", [{ Effect: "Allow", Action: "bedrock:InvokeAgent" }]),
        role("agent-arn-only", [{ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `${bedrock}:agent/*` }]),
        { ...role("AWSServiceRoleForCrafted", [{ Effect: "Allow", Action: "bedrock:Invoke*", Resource: "*" }]), arn: `arn:aws:iam::${account}:role/aws-service-role/crafted.amazonaws.com/AWSServiceRoleForCrafted`, path: "/aws-service-role/crafted.amazonaws.com/" },
        user("carol.crafted", [], { groups: ["crafted-group"] }),
        // AgentCore: identity grants of every shape, and one named only by resource policies.
        role("agentcore-runtime-only", [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeAgentRuntime", Resource: runtimeArn("crafted_runtime-AAAAAAAAAA") }]),
        role("agentcore-endpoint", [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeAgentRuntime", Resource: [runtimeArn("crafted_runtime-AAAAAAAAAA"), `${runtimeArn("crafted_runtime-AAAAAAAAAA")}/runtime-endpoint/DEFAULT`] }]),
        role("agentcore-star", [
            { Effect: "Allow", Action: "bedrock-agentcore:Invoke*", Resource: "*" },
            { Effect: "Deny", Action: "bedrock-agentcore:InvokeGateway", Resource: gatewayArn("crafted-gateway-0000000001"), Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ]),
        role("agentcore-not-resource", [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", NotResource: gatewayArn("crafted-gateway-0000000001") }]),
        role("agentcore-named", []),
        role("agentcore-named-boundary", [], { permissionsBoundaryArn: boundary.arn }),
    ];
    const named = (n: string) => `arn:aws:iam::${account}:role/crafted/${n}`;
    const craftedRuntime = (id: string, policy: string | null, endpointPolicy: string | null): CollectedRuntime => ({
        ...runtimeBase(id, id.split("-")[0], runtimeArn(id)),
        roleArn: null,
        resourcePolicy: policy,
        endpoints: [
            { ...endpointBase(runtimeArn(id), "DEFAULT"), resourcePolicy: endpointPolicy },
            { ...endpointBase(runtimeArn(id), "canary"), resourcePolicy: null },
        ],
    });
    const runtimes = [
        ...base.agentCore.runtimes,
        craftedRuntime(
            "crafted_runtime-AAAAAAAAAA",
            doc(
                { Effect: "Allow", Principal: { AWS: [named("agentcore-named"), named("agentcore-named-boundary")] }, Action: "bedrock-agentcore:InvokeAgentRuntime" },
                { Effect: "Deny", NotPrincipal: { AWS: named("agentcore-star") }, Action: "bedrock-agentcore:InvokeAgentRuntime", Condition: { StringEquals: { "aws:SourceVpce": "vpce-0bad" } } },
            ),
            doc({ Effect: "Allow", Principal: { AWS: named("agentcore-named") }, Action: "bedrock-agentcore:InvokeAgentRuntime", Resource: "*" }),
        ),
        craftedRuntime("crafted_runtime-BBBBBBBBBB", doc({ Effect: "Allow", Principal: "*", Action: "bedrock-agentcore:*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-crafted" } } }), null),
        craftedRuntime("crafted_runtime-bbbbbbbbbb", "{not json", null),
    ];
    const gateways = [
        ...base.agentCore.gateways,
        { ...gatewayBase("crafted-gateway-0000000001", "crafted-gateway", gatewayArn("crafted-gateway-0000000001")), roleArn: null, resourcePolicy: doc({ Effect: "Allow", Principal: { AWS: named("agentcore-named") }, Action: "bedrock-agentcore:InvokeGateway", Resource: gatewayArn("crafted-gateway-0000000001") }) },
    ];

    const ORG = "arn:aws:organizations::999988887777:policy/o-crafted/service_control_policy";
    const scp = (id: string, ...statements: unknown[]) => ({
        policyType: "scp" as const,
        policyArn: id === "p-FullAWSAccess" ? "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" : `${ORG}/${id}`,
        policyName: id,
        document: parsePolicyDocument(doc(...statements)),
    });
    const full = scp("p-FullAWSAccess", { Effect: "Allow", Action: "*", Resource: "*" });
    const scps: ScpLevel[] = [
        { target: "r-crafted", policies: [full] },
        {
            target: "ou-crafted",
            policies: [
                full,
                scp("p-denyoutsidevpce", { Sid: "DenyAgentsOutsideVpce", Effect: "Deny", Action: "bedrock:InvokeAgent", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0org" } } }),
                scp("p-denymeta", { Effect: "Deny", Action: "bedrock:InvokeModel*", Resource: model("meta.*") }),
            ],
        },
        {
            target: account,
            policies: [
                scp("p-allowlist", { Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: "*" }, { Effect: "Allow", Action: "bedrock:InvokeModel*", NotResource: model("cohere.*") }, { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: model("cohere.*"), Condition: { StringEquals: { "aws:SourceVpce": "vpce-0org" } } }),
            ],
        },
    ];

    return {
        accountId: account,
        iam: { principals: [...base.iam.principals, ...crafted, group], managedPolicies: new Map([...base.iam.managedPolicies, [boundary.arn, boundary]]) },
        models,
        agents,
        agentCore: { ...base.agentCore, runtimes, gateways },
        scps,
    };
}
