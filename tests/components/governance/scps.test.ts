import { expect } from "chai";
import { GovernanceConfigError, minifiedJson, PolicyStatement } from "../../../components/governance/documents/common";
import { INFERENCE_ACTIONS, RUNTIME_API_AUTHORIZED_BY } from "../../../components/governance/documents/models";
import {
    denyBedrockApiKeys,
    denyModelCustomization,
    denyModelFamilies,
    denyOutsideApprovedRegions,
    enforceApprovedModels,
    packScpControls,
    protectSecurityServices,
    requireGuardrail,
    requireVpcEndpoint,
    ScpControl,
    scpControls,
    ScpSettings,
} from "../../../components/governance/documents/scps";
import { catalogAction, list, wildcardMatches } from "./support";

const DEFAULTS: ScpSettings = {
    partition: "aws",
    denyApiKeys: true,
    enforceApprovedModels: true,
    approvedModelFamilies: ["anthropic", "amazon"],
    additionalApprovedModelArns: [],
    deniedModelFamilies: ["deepseek", "cohere"],
    approvedRegions: ["ap-northeast-1", "us-east-1"],
    requireVpcEndpoint: true,
    vpcEndpointIds: [],
    vpcEndpointExemptPrincipalArns: [],
    denyModelCustomization: true,
    customizationAdminPrincipalArns: ["arn:aws:iam::*:role/bedrock-admin"],
    protectSecurityServices: true,
    securityAdminPrincipalArns: ["arn:aws:iam::*:role/security-admin"],
    requireGuardrail: true,
    approvedGuardrailArns: [],
    inferenceProfileGeographies: ["us", "jp"],
    protectExemptRoles: true,
    roleAdminPrincipalArns: ["arn:aws:iam::*:role/security-admin", "arn:aws:iam::*:role/OrganizationAccountAccessRole"],
    boundaryPolicyArnPatterns: ["arn:aws:iam::*:policy/gov-boundary-*"],
    agentCoreRequireVpc: false,
    agentCoreSubnetIds: [],
    agentCoreSecurityGroupIds: [],
    agentCoreRequireGatewayAuthorizer: false,
    agentCoreRequirePolicyEngineEnforce: false,
    agentCoreRequireCustomerManagedKey: false,
};

/** Whether a Deny statement's resource element covers `arn` (Resource or NotResource). */
function covers(s: PolicyStatement, arn: string): boolean {
    if (s.NotResource !== undefined) return !list(s.NotResource).some((p) => wildcardMatches(p, arn));
    return list(s.Resource).some((p) => wildcardMatches(p, arn));
}

describe("governance SCP documents", () => {
    it("DenyBedrockAPIKeys has both statements, creation scoped to Bedrock by the service-name condition", () => {
        const [creation, usage] = denyBedrockApiKeys().statements;
        expect(creation).to.deep.equal({
            Sid: "DenyBedrockAPIKeyCreation",
            Effect: "Deny",
            Action: "iam:CreateServiceSpecificCredential",
            Resource: "*",
            Condition: { StringEquals: { "iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com" } },
        });
        expect(usage).to.deep.equal({ Sid: "DenyBedrockBearerTokenUsage", Effect: "Deny", Action: ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"], Resource: "*" });
        expect(catalogAction("iam:CreateServiceSpecificCredential").conditionKeys).to.include("iam:ServiceSpecificCredentialServiceName");
    });

    it("EnforceApprovedModels denies the actions that authorize InvokeModel, Converse and their streaming forms", () => {
        const [s] = enforceApprovedModels("aws", ["anthropic", "amazon"], []).statements;
        expect(s.Effect).to.equal("Deny");
        for (const [api, action] of Object.entries(RUNTIME_API_AUTHORIZED_BY)) {
            expect(list(s.Action), `${api} is authorized by ${action}`).to.include(action);
        }
        expect(Object.keys(RUNTIME_API_AUTHORIZED_BY)).to.include.members(["Converse", "ConverseStream"]);
        // The seed's bedrock:Converse / bedrock:ConverseStream are not IAM actions: listing them would match nothing.
        expect(catalogAction("bedrock:Converse")).to.equal(undefined);
        expect(catalogAction("bedrock:ConverseStream")).to.equal(undefined);
        expect(list(s.Action).every((a) => catalogAction(a) !== undefined)).to.equal(true);
    });

    it("EnforceApprovedModels exempts whole families with wildcards, and the approved geographies' cross-region profiles", () => {
        const [s] = enforceApprovedModels("aws", ["anthropic", "amazon"], ["arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"], ["us"]).statements;
        expect(s.Resource).to.equal(undefined);
        expect(list(s.NotResource)).to.include.members([
            "arn:aws:bedrock:*::foundation-model/anthropic.*",
            "arn:aws:bedrock:*::foundation-model/amazon.*",
            "arn:aws:bedrock:*:*:inference-profile/us.anthropic.*",
        ]);
        // Geographies not approved: their profiles are denied in the source Region, not half-way.
        expect(covers(s, "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0")).to.equal(true);
        expect(covers(s, "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0")).to.equal(true);
        expect(covers(s, "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")).to.equal(false);
        expect(covers(s, "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-9-future-v1:0")).to.equal(false);
        expect(covers(s, "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0")).to.equal(false);
        expect(covers(s, "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123")).to.equal(false);
        expect(covers(s, "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0")).to.equal(true);
        expect(covers(s, "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0")).to.equal(true);
        expect(covers(s, "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-2-90b-instruct-v1:0")).to.equal(true);
    });

    it("DenyModelFamilies denies every Bedrock action on the blocked families' models and profiles", () => {
        const [s] = denyModelFamilies("aws", ["deepseek", "cohere"]).statements;
        expect(s).to.deep.include({ Effect: "Deny", Action: "bedrock:*" });
        expect(covers(s, "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0")).to.equal(true);
        expect(covers(s, "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.deepseek.r1-v1:0")).to.equal(true);
        expect(covers(s, "arn:aws:bedrock:us-east-1::foundation-model/cohere.command-r-v1:0")).to.equal(true);
        expect(covers(s, "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")).to.equal(false);
    });

    it("DenyOutsideApprovedRegions denies Bedrock when the requested region is not listed, sparing approved geographies' profiles", () => {
        const [s] = denyOutsideApprovedRegions("aws", ["eu-central-1"]).statements;
        expect(s).to.deep.include({ Effect: "Deny", Action: "bedrock:*", Resource: "*" });
        expect(s.Condition).to.deep.equal({ StringNotEquals: { "aws:RequestedRegion": ["eu-central-1"] } });
        const [cris] = denyOutsideApprovedRegions("aws", ["eu-central-1", "us-east-1"], ["eu", "us"]).statements;
        expect(cris.Condition).to.deep.equal({
            StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "us-east-1"] },
            ArnNotLike: { "bedrock:InferenceProfileArn": ["arn:aws:bedrock:eu-central-1:*:inference-profile/eu.*", "arn:aws:bedrock:us-east-1:*:inference-profile/us.*"] },
        });
    });

    it("RequireVpcEndpoint denies inference without an endpoint, or outside the listed ones, exempting listed principals", () => {
        const any = requireVpcEndpoint([], []).statements[0];
        expect(list(any.Action)).to.deep.equal([...INFERENCE_ACTIONS]);
        expect(any.Condition).to.deep.equal({ Null: { "aws:SourceVpce": "true" } });
        const listed = requireVpcEndpoint(["vpce-0123456789abcdef0"], ["arn:aws:iam::*:role/agent-service-*"]).statements[0];
        expect(listed.Condition).to.deep.equal({
            StringNotEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0"] },
            ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/agent-service-*"] },
        });
    });

    it("DenyModelCustomization denies customization and provisioned throughput except to the admin pattern", () => {
        const [s] = denyModelCustomization(["arn:aws:iam::*:role/ml-admin"]).statements;
        expect(list(s.Action)).to.include.members(["bedrock:CreateModelCustomizationJob", "bedrock:CreateProvisionedModelThroughput", "bedrock:DeleteProvisionedModelThroughput"]);
        expect(s.Condition).to.deep.equal({ ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/ml-admin"] } });
    });

    it("ProtectSecurityServices covers CloudTrail, GuardDuty and Security Hub", () => {
        const statements = protectSecurityServices(["arn:aws:iam::*:role/sec"]).statements;
        const actions = statements.flatMap((s) => list(s.Action));
        expect(actions).to.include.members(["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "guardduty:DeleteDetector", "securityhub:DisableSecurityHub"]);
        for (const s of statements) {
            expect(s.Effect).to.equal("Deny");
            expect(s.Condition).to.deep.equal({ ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/sec"] } });
        }
    });

    it("RequireGuardrail denies inference without bedrock:GuardrailIdentifier, or with an unlisted guardrail", () => {
        const any = requireGuardrail([]).statements[0];
        expect(list(any.Action)).to.deep.equal([...INFERENCE_ACTIONS]);
        expect(any.Condition).to.deep.equal({ Null: { "bedrock:GuardrailIdentifier": "true" } });
        const listed = requireGuardrail(["arn:aws:bedrock:us-east-1:123456789012:guardrail/abc*"]).statements[0];
        expect(listed.Condition).to.deep.equal({ StringNotLike: { "bedrock:GuardrailIdentifier": ["arn:aws:bedrock:us-east-1:123456789012:guardrail/abc*"] } });
        expect(catalogAction("bedrock:InvokeModel").conditionKeys).to.include("bedrock:GuardrailIdentifier");
    });

    it("uses only actions IAM knows, in every control", () => {
        for (const control of scpControls(DEFAULTS)) {
            for (const action of control.statements.flatMap((s) => list(s.Action))) {
                if (!action.includes("*")) expect(catalogAction(action), `${control.name}: ${action}`).to.not.equal(undefined);
            }
        }
    });

    it("includes a control only when it is switched on", () => {
        expect(scpControls(DEFAULTS).map((c) => c.name)).to.deep.equal([
            "DenyBedrockAPIKeys",
            "EnforceApprovedModels",
            "DenyModelFamilies",
            "DenyOutsideApprovedRegions",
            "RequireVpcEndpoint",
            "DenyModelCustomization",
            "ProtectSecurityServices",
            "RequireGuardrail",
            "ProtectExemptRoles",
            "ProtectBoundaries",
        ]);
        const off = scpControls({ ...DEFAULTS, denyApiKeys: false, deniedModelFamilies: [], approvedRegions: [], requireGuardrail: false, protectSecurityServices: false, protectExemptRoles: false });
        expect(off.map((c) => c.name)).to.deep.equal(["EnforceApprovedModels", "RequireVpcEndpoint", "DenyModelCustomization"]);
    });
});

describe("governance SCP packing", () => {
    const filler = (name: string, resources: number): ScpControl => ({
        name: name as ScpControl["name"],
        statements: [{ Sid: name, Effect: "Deny", Action: "bedrock:InvokeModel", Resource: Array.from({ length: resources }, (_, i) => `arn:aws:bedrock:us-east-1::foundation-model/x${i}.${"y".repeat(40)}`) }],
    });

    it("fits every default control into one document under 5,120 characters", () => {
        const packed = packScpControls(scpControls(DEFAULTS));
        expect(packed).to.have.length(1);
        expect(packed[0].content.length).to.be.at.most(5120);
        expect(packed[0].content).to.equal(minifiedJson(packed[0].document));
        expect(packed[0].controls).to.have.length(10);
    });

    it("splits across documents when one is too small, never splitting a control, each within the limit", () => {
        const controls = scpControls(DEFAULTS);
        const packed = packScpControls(controls, { maxCharacters: 1500 });
        expect(packed.length).to.be.greaterThan(1);
        for (const scp of packed) {
            expect(scp.content.length).to.be.at.most(1500);
            expect(scp.document.Statement.map((s) => s.Sid)).to.deep.equal(
                scp.controls.flatMap((name) => controls.find((c) => c.name === name)!.statements.map((s) => s.Sid)),
            );
        }
        expect(packed.flatMap((p) => p.controls).sort()).to.deep.equal(controls.map((c) => c.name).sort());
    });

    it("needs fewer documents than first-fit in declared order", () => {
        // Sizes 4,4,4,6,6,6 with room for 10: first-fit in this order needs 4 documents
        // ([4,4], [4,6], [6], [6]); first-fit decreasing needs 3 ([6,4] three times).
        const controls = ["A", "B", "C"].map((n) => filler(n, 4)).concat(["D", "E", "F"].map((n) => filler(n, 6)));
        const size = (c: ScpControl[]) => minifiedJson({ Version: "2012-10-17", Statement: c.flatMap((x) => x.statements) }).length;
        const room = size([controls[0], controls[3]]);
        expect(size([controls[0], controls[1], controls[2]])).to.be.greaterThan(room);
        expect(size([controls[3], controls[4]])).to.be.greaterThan(room);
        const packed = packScpControls(controls, { maxCharacters: room, maxDocuments: 4 });
        expect(packed.map((p) => p.controls)).to.deep.equal([["A", "D"], ["B", "E"], ["C", "F"]]);
    });

    it("gives the same documents for the same controls", () => {
        expect(packScpControls(scpControls(DEFAULTS), { maxCharacters: 1500 })).to.deep.equal(packScpControls(scpControls(DEFAULTS), { maxCharacters: 1500 }));
    });

    it("names the control and its statements when one cannot fit a document", () => {
        const huge = { ...DEFAULTS, approvedModelFamilies: Array.from({ length: 80 }, (_, i) => `family-number-${i}`) };
        expect(() => packScpControls(scpControls(huge))).to.throw(
            GovernanceConfigError,
            /^bedrock-governance:governance\.scps: got "EnforceApprovedModels \(statements \\"DenyUnapprovedBedrockModels\\"\) at \d+ characters", expected every control to fit one SCP of at most 5120 characters/,
        );
    });

    it("names the controls left over when the target has no room for more documents", () => {
        let error: Error | undefined;
        try {
            packScpControls(scpControls(DEFAULTS), { maxCharacters: 1200, maxDocuments: 2 });
        } catch (e) {
            error = e as Error;
        }
        expect(error).to.be.instanceOf(GovernanceConfigError);
        expect(error!.message).to.match(/expected at most 2 documents per target/);
        expect(error!.message).to.match(/left over: .*\(\\"[A-Za-z]+\\"/);
    });
});
