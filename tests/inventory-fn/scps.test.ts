import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { DescribePolicyCommand, ListParentsCommand, ListPoliciesForTargetCommand } from "@aws-sdk/client-organizations";
import { createClients } from "../../inventory-fn/aws/clients";
import { Deadline } from "../../inventory-fn/aws/deadline";
import { AwsGateway } from "../../inventory-fn/aws/gateway";
import { RunErrors, type CollectContext } from "../../inventory-fn/collect/context";
import { collectScps } from "../../inventory-fn/collect/scps";
import { awsError, FakeClock } from "../fixtures/inventory-account";

// The SCP collector against Organizations' answers (aws-sdk-client-mock on the real client): the
// path from the account to the root, every page of each level's SCPs, each SCP's content once;
// a member account's AccessDenied and an account outside any organization are "no view", not
// run errors.

const ACCOUNT = "111122223333";
const MANAGEMENT = "999988887777";
const ORG = `arn:aws:organizations::${MANAGEMENT}:policy/o-abcdefghij/service_control_policy`;
const FULL = { Id: "p-FullAWSAccess", Name: "FullAWSAccess", Arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess", AwsManaged: true };
const DENY_REGIONS = { Id: "p-denyregions1", Name: "DenyOtherRegions", Arn: `${ORG}/p-denyregions1` };
const VPCE_ONLY = { Id: "p-vpceonly111", Name: "BedrockViaVpceOnly", Arn: `${ORG}/p-vpceonly111` };
const ALLOW_ALL = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
const DENY_DOC = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Regions", Effect: "Deny", NotAction: "iam:*", Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }] });
const VPCE_DOC = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Vpce", Effect: "Deny", Action: "bedrock:Invoke*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0abc" } } }] });

function context() {
    const clients = createClients({ region: "eu-west-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } });
    const stub = mockClient(clients.organizations);
    const gateway = new AwsGateway(new FakeClock(0), Deadline.none());
    const errors = new RunErrors();
    const ctx: CollectContext = { clients, gateway, errors };
    return { ctx, stub, gateway, errors };
}

/** account -> ou-inner -> ou-outer -> root; FullAWSAccess everywhere, two more SCPs, the root's list in pages of one. */
function organization(stub: ReturnType<typeof mockClient>, contents: Record<string, string> = {}) {
    stub.on(ListParentsCommand, { ChildId: ACCOUNT }).resolves({ Parents: [{ Id: "ou-ab12-inner111", Type: "ORGANIZATIONAL_UNIT" }] });
    stub.on(ListParentsCommand, { ChildId: "ou-ab12-inner111" }).resolves({ Parents: [{ Id: "ou-ab12-outer111", Type: "ORGANIZATIONAL_UNIT" }] });
    stub.on(ListParentsCommand, { ChildId: "ou-ab12-outer111" }).resolves({ Parents: [{ Id: "r-ab12", Type: "ROOT" }] });
    stub.on(ListPoliciesForTargetCommand, { TargetId: "r-ab12", NextToken: undefined }).resolves({ Policies: [FULL], NextToken: "root-2" });
    stub.on(ListPoliciesForTargetCommand, { TargetId: "r-ab12", NextToken: "root-2" }).resolves({ Policies: [DENY_REGIONS] });
    stub.on(ListPoliciesForTargetCommand, { TargetId: "ou-ab12-outer111" }).resolves({ Policies: [FULL] });
    stub.on(ListPoliciesForTargetCommand, { TargetId: "ou-ab12-inner111" }).resolves({ Policies: [FULL, VPCE_ONLY] });
    stub.on(ListPoliciesForTargetCommand, { TargetId: ACCOUNT }).resolves({ Policies: [FULL] });
    const docs: Record<string, string> = { [FULL.Id]: ALLOW_ALL, [DENY_REGIONS.Id]: DENY_DOC, [VPCE_ONLY.Id]: VPCE_DOC, ...contents };
    for (const p of [FULL, DENY_REGIONS, VPCE_ONLY]) {
        stub.on(DescribePolicyCommand, { PolicyId: p.Id }).resolves({ Policy: { PolicySummary: { ...p, Type: "SERVICE_CONTROL_POLICY" }, Content: docs[p.Id] } });
    }
}

describe("SCP collector (Organizations)", () => {
    it("walks the account's path to the root and reads every level's SCPs, every page, each SCP once", async () => {
        const { ctx, stub, gateway, errors } = context();
        organization(stub);
        const { view, levels } = await collectScps(ctx, ACCOUNT);

        expect(view.status).to.equal("applied");
        expect(view.levels!.map((l) => [l.target, l.targetType])).to.deep.equal([
            ["r-ab12", "ROOT"],
            ["ou-ab12-outer111", "ORGANIZATIONAL_UNIT"],
            ["ou-ab12-inner111", "ORGANIZATIONAL_UNIT"],
            [ACCOUNT, "ACCOUNT"],
        ]);
        // The root's second page was read.
        expect(view.levels![0].policies).to.deep.equal([{ id: "p-FullAWSAccess", name: "FullAWSAccess" }, { id: "p-denyregions1", name: "DenyOtherRegions" }]);
        expect(levels.map((l) => l.target)).to.deep.equal(view.levels!.map((l) => l.target));
        expect(levels[2].policies.map((p) => [p.policyType, p.policyName, p.policyArn])).to.deep.equal([
            ["scp", "FullAWSAccess", FULL.Arn],
            ["scp", "BedrockViaVpceOnly", VPCE_ONLY.Arn],
        ]);
        expect(levels[2].policies[1].document.statements[0].effect).to.equal("Deny");
        // Filtered to SCPs on every call; FullAWSAccess described once though four levels attach it.
        const listCalls = stub.commandCalls(ListPoliciesForTargetCommand).map((c) => c.args[0].input);
        expect(listCalls.every((i) => i.Filter === "SERVICE_CONTROL_POLICY")).to.equal(true);
        expect(gateway.apiCalls()).to.deep.equal({ "organizations:DescribePolicy": 3, "organizations:ListParents": 3, "organizations:ListPoliciesForTarget": 5 });
        expect(errors.all()).to.deep.equal([]);
    });

    for (const [name, message] of [
        ["AccessDeniedException", "You don't have permissions to access this resource."],
        ["AWSOrganizationsNotInUseException", "Your account is not a member of an organization."],
    ]) {
        it(`records ${name} (a member account, an account outside any organization) as no view, not as a run error`, async () => {
            const { ctx, stub, errors } = context();
            stub.on(ListParentsCommand).rejects(awsError(name, message));
            const { view, levels } = await collectScps(ctx, ACCOUNT);
            expect(view).to.deep.equal({ status: "unavailable", reason: `${name}: ${message}` });
            expect(levels).to.deep.equal([]);
            expect(errors.all()).to.deep.equal([]);
            expect(errors.breaksRun()).to.equal(false);
        });
    }

    it("gives up the whole view when a later read is denied: no level is applied on a partial view", async () => {
        const { ctx, stub, errors } = context();
        organization(stub);
        stub.on(DescribePolicyCommand, { PolicyId: VPCE_ONLY.Id }).rejects(awsError("AccessDeniedException", "not authorized to perform organizations:DescribePolicy"));
        const { view, levels } = await collectScps(ctx, ACCOUNT);
        expect(view.status).to.equal("unavailable");
        expect(view.reason).to.match(/^AccessDeniedException: /);
        expect(levels).to.deep.equal([]);
        expect(errors.breaksRun()).to.equal(false);
    });

    it("records a malformed SCP (kind malformed, value-free) and applies none of them", async () => {
        const { ctx, stub, errors } = context();
        organization(stub, { [VPCE_ONLY.Id]: '{"Statement": [{"Effect": "Deny", "Action": "bedrock:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-secret' });
        const { view, levels } = await collectScps(ctx, ACCOUNT);
        expect(view.status).to.equal("unavailable");
        expect(view.reason).to.match(/^MalformedPolicy: SCP p-vpceonly111 /);
        expect(levels).to.deep.equal([]);
        const recorded = errors.all();
        expect(recorded).to.have.length(1);
        expect(recorded[0]).to.include({ source: "organizations", kind: "malformed", resource: VPCE_ONLY.Arn });
        expect(recorded[0].message).to.not.include("vpce-secret");
        expect(errors.breaksRun()).to.equal(false);
    });

    it("says not_applicable in the management account (a customer SCP's ARN names it): SCPs do not affect it", async () => {
        const { ctx, stub, errors } = context();
        organization(stub);
        stub.on(ListParentsCommand, { ChildId: MANAGEMENT }).resolves({ Parents: [{ Id: "r-ab12", Type: "ROOT" }] });
        stub.on(ListPoliciesForTargetCommand, { TargetId: MANAGEMENT }).resolves({ Policies: [FULL] });
        const { view, levels } = await collectScps(ctx, MANAGEMENT);
        expect(view).to.deep.equal({ status: "not_applicable", reason: "management account: SCPs do not affect it" });
        expect(levels).to.deep.equal([]);
        expect(stub.commandCalls(DescribePolicyCommand)).to.have.length(0);
        expect(errors.all()).to.deep.equal([]);
    });

    it("records a throttle that outlasted the retries as a run error (partial run) and applies no SCP", async () => {
        const { ctx, stub, errors } = context();
        organization(stub);
        stub.on(ListPoliciesForTargetCommand, { TargetId: "ou-ab12-outer111" }).rejects(awsError("TooManyRequestsException", "Rate exceeded", 400, 5));
        const { view, levels } = await collectScps(ctx, ACCOUNT);
        expect(view.status).to.equal("unavailable");
        expect(view.reason).to.match(/^TooManyRequestsException: /);
        expect(levels).to.deep.equal([]);
        expect(errors.all()).to.have.length(1);
        expect(errors.all()[0]).to.include({ source: "organizations", kind: "throttled", api: "organizations:ListPoliciesForTarget" });
        expect(errors.breaksRun()).to.equal(true);
    });
});
