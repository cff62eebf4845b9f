// The SCPs BedrockGovernance deploys, decided request by request with iam/condition-eval (AWS's
// condition semantics, FullAWSAccess beside them as on a real OU): who can claim an exemption, and
// whether cross-region inference profiles of the approved geographies get through the region rule
// without opening the other Regions. Requests are concrete: action, resource ARN, and the context
// keys AWS sets (aws:PrincipalArn, aws:RequestedRegion, aws:SourceVpce, bedrock:InferenceProfileArn).
import { expect } from "chai";
import { parsePolicyDocument, PolicyDocument } from "../../../iam";
import { ContextValue, evaluateScps } from "../../../iam/condition-eval";
import { BedrockGovernanceArgs, resolveGovernanceSettings } from "../../../components/governance";
import { packScps } from "../../../components/governance/scps";
import { exemptPrincipalPatterns, ROLE_CHANGE_ACTIONS } from "../../../components/governance/documents/scps";
import { scpSettingsFor } from "../../../components/governance/scps";

const ACCOUNT = "111122223333";
const role = (pathAndName: string) => `arn:aws:iam::${ACCOUNT}:role/${pathAndName}`;
const DEVELOPER = role("developer");
const ROLE_ADMIN = role("security-admin");
const VPCE = "vpce-0aaaabbbbccccdddd";
const FULL_AWS_ACCESS = parsePolicyDocument({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

function scps(args: BedrockGovernanceArgs = {}): PolicyDocument[] {
    const settings = resolveGovernanceSettings({ ...args, scps: { targetIds: ["ou-ab12-cd34ef56"], ...args.scps } });
    return [FULL_AWS_ACCESS, ...packScps(settings, "aws", "gov").map((p) => parsePolicyDocument(p.content))];
}

function decide(documents: PolicyDocument[], action: string, resource: string, principal: string, context: Record<string, ContextValue> = {}) {
    return evaluateScps(documents, { action, resource, context: { "aws:PrincipalArn": principal, "aws:RequestedRegion": "us-east-1", ...context } });
}

/** A role ARN that an exemption pattern names: its wildcards filled in the way an attacker would. */
function claimingRoleArn(pattern: string): string {
    const [, , , , account, resource] = pattern.split(":");
    return `arn:aws:iam::${account === "*" ? ACCOUNT : account}:${resource.replace(/\*/g, "Agents_CLAIM").replace(/\?/g, "x")}`;
}

describe("governance SCPs under IAM evaluation: exemptions nobody else can claim", () => {
    const documents = scps();
    const settings = scpSettingsFor(resolveGovernanceSettings({ scps: { targetIds: ["ou-ab12-cd34ef56"] } }), "aws");
    const exemptions = [...exemptPrincipalPatterns(settings), ...settings.roleAdminPrincipalArns];

    it("covers every exemption of the default settings: service roles, admins, security admins, role admins", () => {
        expect(exemptions).to.include.members([
            "arn:aws:iam::*:role/service-role/AmazonBedrockExecutionRoleFor*",
            "arn:aws:iam::*:role/bedrock-admin",
            "arn:aws:iam::*:role/security-admin",
            "arn:aws:iam::*:role/OrganizationAccountAccessRole",
        ]);
    });

    const changes = [
        "iam:CreateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:AttachRolePolicy",
        "iam:PutRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:DeleteRolePermissionsBoundary",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:DeleteRole",
        "iam:TagRole",
    ];
    for (const pattern of [
        "arn:aws:iam::*:role/service-role/AmazonBedrockExecutionRoleFor*",
        "arn:aws:iam::*:role/bedrock-admin",
        "arn:aws:iam::*:role/security-admin",
        "arn:aws:iam::*:role/OrganizationAccountAccessRole",
    ]) {
        const target = claimingRoleArn(pattern);
        it(`a non-admin cannot create, re-trust or extend ${target}; a role admin can`, () => {
            for (const action of changes) {
                const denied = decide(documents, action, target, DEVELOPER);
                expect(denied.allowed, `${action} by the developer`).to.equal(false);
                expect(denied.deniedBy.map((s) => s.sid)).to.deep.equal(["DenyChangesToExemptRoles"]);
                expect(decide(documents, action, target, ROLE_ADMIN).allowed, `${action} by the role admin`).to.equal(true);
            }
        });
    }

    it("denies every change action it lists, and the list is what the control holds", () => {
        const target = claimingRoleArn("arn:aws:iam::*:role/bedrock-admin");
        for (const action of ROLE_CHANGE_ACTIONS) {
            expect(decide(documents, action, target, DEVELOPER).allowed, action).to.equal(false);
        }
        expect(changes.every((a) => ROLE_CHANGE_ACTIONS.includes(a))).to.equal(true);
    });

    it("leaves other roles alone: the developer manages roles no exemption names, near misses included", () => {
        for (const target of [role("my-app"), role("x/security-admin"), role("Security-Admin"), role("service-role/SomethingElse"), role("AmazonBedrockExecutionRoleForAgents_X")]) {
            expect(decide(documents, "iam:CreateRole", target, DEVELOPER).allowed, target).to.equal(true);
            expect(decide(documents, "iam:AttachRolePolicy", target, DEVELOPER).allowed, target).to.equal(true);
        }
        // Reading protected roles stays open (the inventory reads them).
        expect(decide(documents, "iam:GetRole", role("security-admin"), DEVELOPER).allowed).to.equal(true);
    });

    it("a near miss the developer can create claims nothing: no exemption matches it", () => {
        const invoke = (principal: string) =>
            decide(documents, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", principal).allowed;
        expect(invoke(role("AmazonBedrockExecutionRoleForAgents_X"))).to.equal(false);
        expect(invoke(role("other-path/AmazonBedrockExecutionRoleForAgents_X"))).to.equal(false);
        expect(decide(documents, "cloudtrail:StopLogging", "*", role("x/security-admin")).allowed).to.equal(false);
        expect(decide(documents, "bedrock:CreateModelCustomizationJob", "*", role("Bedrock-Admin")).allowed).to.equal(false);
    });

    it("the exemptions still work for the principals they are for", () => {
        const haiku = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
        const serviceRole = role("service-role/AmazonBedrockExecutionRoleForAgents_ABC123");
        // Bedrock's service role calls from Bedrock's network: no aws:SourceVpce.
        expect(decide(documents, "bedrock:InvokeModel", haiku, serviceRole).allowed).to.equal(true);
        expect(decide(documents, "bedrock:InvokeModel", haiku, DEVELOPER).allowed).to.equal(false);
        expect(decide(documents, "bedrock:InvokeModel", haiku, DEVELOPER, { "aws:SourceVpce": VPCE }).allowed).to.equal(true);
        expect(decide(documents, "bedrock:CreateModelCustomizationJob", "*", role("bedrock-admin")).allowed).to.equal(true);
        expect(decide(documents, "bedrock:CreateModelCustomizationJob", "*", DEVELOPER).allowed).to.equal(false);
        expect(decide(documents, "cloudtrail:StopLogging", "*", ROLE_ADMIN).allowed).to.equal(true);
        expect(decide(documents, "cloudtrail:StopLogging", "*", DEVELOPER).allowed).to.equal(false);
    });

    it("with a pipeline role added as role admin, that role can create the service roles and the developer still cannot", () => {
        const pipeline = "arn:aws:iam::*:role/platform-pipeline";
        const docs = scps({ scps: { roleAdminPrincipalArns: ["arn:aws:iam::*:role/security-admin", pipeline] } });
        const target = role("service-role/AmazonBedrockExecutionRoleForKnowledgeBase_KB1");
        expect(decide(docs, "iam:CreateRole", target, role("platform-pipeline")).allowed).to.equal(true);
        expect(decide(docs, "iam:CreateRole", target, DEVELOPER).allowed).to.equal(false);
        // ...and nobody else can make themselves the pipeline.
        expect(decide(docs, "iam:UpdateAssumeRolePolicy", role("platform-pipeline"), DEVELOPER).allowed).to.equal(false);
    });

    it("without the protection (protectExemptRoles: false) the developer could create the exempt role: the test above can fail", () => {
        const docs = scps({ scps: { protectExemptRoles: false } });
        expect(decide(docs, "iam:CreateRole", role("service-role/AmazonBedrockExecutionRoleForAgents_X"), DEVELOPER).allowed).to.equal(true);
    });
});

describe("governance SCPs under IAM evaluation: boundaries stay on", () => {
    const documents = scps();
    const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/gov-boundary-developer-1a2b3c4`;
    const OTHER_POLICY = `arn:aws:iam::${ACCOUNT}:policy/team-a-boundary`;

    it("only role admins may publish a new version of, or delete, one of the component's boundaries", () => {
        for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy"]) {
            expect(decide(documents, action, BOUNDARY, DEVELOPER).allowed, action).to.equal(false);
            expect(decide(documents, action, BOUNDARY, ROLE_ADMIN).allowed, `${action} by the admin`).to.equal(true);
            expect(decide(documents, action, OTHER_POLICY, DEVELOPER).allowed, `${action} on another policy`).to.equal(true);
        }
    });

    it("a principal with IAM rights on its own roles cannot take our boundary off them, but can take off another", () => {
        const own = role("team-a-app");
        expect(decide(documents, "iam:DeleteRolePermissionsBoundary", own, DEVELOPER, { "iam:PermissionsBoundary": BOUNDARY }).allowed).to.equal(false);
        expect(decide(documents, "iam:DeleteUserPermissionsBoundary", `arn:aws:iam::${ACCOUNT}:user/bob`, DEVELOPER, { "iam:PermissionsBoundary": BOUNDARY }).allowed).to.equal(false);
        expect(decide(documents, "iam:DeleteRolePermissionsBoundary", own, ROLE_ADMIN, { "iam:PermissionsBoundary": BOUNDARY }).allowed).to.equal(true);
        expect(decide(documents, "iam:DeleteRolePermissionsBoundary", own, DEVELOPER, { "iam:PermissionsBoundary": OTHER_POLICY }).allowed).to.equal(true);
    });

    it("residual risk, pinned: replacing our boundary with another is not denied (the key names the new boundary)", () => {
        expect(decide(documents, "iam:PutRolePermissionsBoundary", role("team-a-app"), DEVELOPER, { "iam:PermissionsBoundary": OTHER_POLICY }).allowed).to.equal(true);
    });

    it("boundaries deployed by other stacks are protected once listed", () => {
        const listed = scps({ scps: { protectedBoundaryPolicyArns: ["arn:aws:iam::*:policy/platform/*"] } });
        const theirs = `arn:aws:iam::${ACCOUNT}:policy/platform/dev-boundary`;
        expect(decide(listed, "iam:CreatePolicyVersion", theirs, DEVELOPER).allowed).to.equal(false);
        expect(decide(documents, "iam:CreatePolicyVersion", theirs, DEVELOPER).allowed).to.equal(true);
    });
});

describe("governance SCPs under IAM evaluation: cross-region inference and the region rule", () => {
    // Prod's shape: inference from us-east-1 with the US geography's profiles.
    const documents = scps({ scps: { approvedRegions: ["us-east-1", "ap-northeast-1"], inferenceProfileGeographies: ["us"] } });
    const PROFILE = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0`;
    const model = (region: string) => `arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0`;
    // aws:SourceVpce is kept on the destination hop here; AWS's pages do not say whether it is (see docs/threat-model.md).
    const hop = (region: string, profileArn?: string, principal = DEVELOPER) =>
        decide(documents, "bedrock:InvokeModel", model(region), principal, {
            "aws:RequestedRegion": region,
            "aws:SourceVpce": VPCE,
            ...(profileArn ? { "bedrock:InferenceProfileArn": profileArn } : {}),
        });

    it("a US profile called in us-east-1 is approved in the source Region and reaches every US destination", () => {
        expect(decide(documents, "bedrock:InvokeModel", PROFILE, DEVELOPER, { "aws:SourceVpce": VPCE, "bedrock:InferenceProfileArn": PROFILE }).allowed).to.equal(true);
        for (const destination of ["us-east-1", "us-east-2", "us-west-2"]) {
            expect(hop(destination, PROFILE).allowed, destination).to.equal(true);
        }
    });

    it("the destination Regions stay closed to everything else", () => {
        expect(hop("us-west-2").allowed, "a direct call in us-west-2").to.equal(false);
        expect(hop("us-west-2").deniedBy.map((s) => s.sid)).to.include("DenyBedrockOutsideApprovedRegions");
        const agent = decide(documents, "bedrock:CreateAgent", "*", DEVELOPER, { "aws:RequestedRegion": "us-west-2" });
        expect(agent.allowed, "another Bedrock action in us-west-2").to.equal(false);
    });

    it("a profile called from an unapproved source Region gets nothing, there or at its destinations", () => {
        const fromOregon = PROFILE.replace("us-east-1", "us-west-2");
        expect(decide(documents, "bedrock:InvokeModel", fromOregon, DEVELOPER, { "aws:RequestedRegion": "us-west-2", "aws:SourceVpce": VPCE, "bedrock:InferenceProfileArn": fromOregon }).allowed).to.equal(false);
        expect(hop("us-east-2", fromOregon).allowed).to.equal(false);
    });

    it("geographies not approved are refused in the source Region (models rule) and at the destination (region rule)", () => {
        const global = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0`;
        const atSource = decide(documents, "bedrock:InvokeModel", global, DEVELOPER, { "aws:SourceVpce": VPCE, "bedrock:InferenceProfileArn": global });
        expect(atSource.allowed).to.equal(false);
        expect(atSource.deniedBy.map((s) => s.sid)).to.include("DenyUnapprovedBedrockModels");
        expect(hop("eu-west-1", global).allowed).to.equal(false);
        const apacFromTokyo = `arn:aws:bedrock:ap-northeast-1:${ACCOUNT}:inference-profile/apac.anthropic.claude-sonnet-4-5-20250929-v1:0`;
        expect(decide(documents, "bedrock:InvokeModel", apacFromTokyo, DEVELOPER, { "aws:RequestedRegion": "ap-northeast-1", "aws:SourceVpce": VPCE }).allowed).to.equal(false);
    });

    it("without the approved geography the same US hop is denied: the rule, not the test, lets it through", () => {
        const closed = scps({ scps: { approvedRegions: ["us-east-1", "ap-northeast-1"] } });
        const decision = evaluateScps(closed, {
            action: "bedrock:InvokeModel",
            resource: model("us-west-2"),
            context: { "aws:PrincipalArn": DEVELOPER, "aws:RequestedRegion": "us-west-2", "aws:SourceVpce": VPCE, "bedrock:InferenceProfileArn": PROFILE },
        });
        expect(decision.allowed).to.equal(false);
    });
});
