// The governance documents evaluated with the project's IAM library (iam/): what a principal can
// actually do under them, not what their text looks like.
import { expect } from "chai";
import { evaluateAccess, parsePolicyDocument, PolicySource } from "../../../iam";
import { teamBoundary, BoundaryParameters } from "../../../components/governance/documents/boundaries";
import { workloadRolePolicy } from "../../../components/governance/documents/workload-role";
import { denyModelFamilies, enforceApprovedModels, requireGuardrail } from "../../../components/governance/documents/scps";
import { policyDocument, PolicyDocument } from "../../../components/governance/documents/common";

const REGION = "eu-west-1";
const ACCOUNT = "111122223333";
const HAIKU = `arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`;
const LLAMA = `arn:aws:bedrock:${REGION}::foundation-model/meta.llama3-70b-instruct-v1:0`;
const DEEPSEEK = `arn:aws:bedrock:${REGION}::foundation-model/deepseek.r1-v1:0`;
const ALIAS = `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent-alias/AGENT12345/ALIAS12345`;
const OTHER_ALIAS = `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent-alias/AGENT12345/OTHER12345`;

const source = (document: PolicyDocument, policyType: PolicySource["policyType"] = "inline"): PolicySource => ({ policyType, policyName: "p", document: parsePolicyDocument(document) });
/** A role whose own policy allows everything: what it can do is what the boundary leaves. */
const everything = source(policyDocument([{ Effect: "Allow", Action: "*", Resource: "*" }]));
const params: BoundaryParameters = {
    scope: { partition: "aws", region: REGION, accountId: ACCOUNT },
    modelRegions: [REGION],
    approvedModelFamilies: ["anthropic"],
    additionalApprovedModelArns: [],
    vpcEndpointIds: ["vpce-0aaaabbbbccccdddd"],
    environmentTagKey: "Environment",
    productionTagValue: "production",
};
const underBoundary = (team: Parameters<typeof teamBoundary>[0], action: string, resource: string) =>
    evaluateAccess({ action, resource }, [everything], source(teamBoundary(team, params), "permissionsBoundary"));

describe("governance documents under IAM evaluation", () => {
    it("a developer with AdministratorAccess can invoke an approved model only through the endpoint", () => {
        const haiku = underBoundary("developer", "bedrock:InvokeModel", HAIKU);
        expect(haiku.allowed).to.equal(true);
        expect(haiku.conditional).to.equal(true);
        expect(haiku.conditionKeys.map((k) => k.toLowerCase())).to.include("aws:sourcevpce");
        expect(underBoundary("developer", "bedrock:InvokeModel", LLAMA).allowed).to.equal(false);
        expect(underBoundary("developer", "bedrock:CreateModelCustomizationJob", HAIKU).allowed).to.equal(false);
        expect(underBoundary("developer", "iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/x`).allowed).to.equal(false);
    });

    it("CI can read models and invoke none; admins can customize", () => {
        expect(underBoundary("ci", "bedrock:GetFoundationModel", HAIKU).allowed).to.equal(true);
        expect(underBoundary("ci", "bedrock:InvokeModel", HAIKU).allowed).to.equal(false);
        const customize = underBoundary("admin", "bedrock:CreateModelCustomizationJob", HAIKU);
        expect(customize.allowed).to.equal(true);
        expect(customize.conditional).to.equal(false);
        expect(underBoundary("operations", "bedrock:CreateModelCustomizationJob", HAIKU).allowed).to.equal(false);
    });

    it("a workload role reaches exactly its listed model and alias, through the endpoint", () => {
        const role = source(workloadRolePolicy({ modelArns: [HAIKU], agentAliasArns: [ALIAS], vpcEndpointIds: ["vpce-0aaaabbbbccccdddd"] }));
        const model = evaluateAccess({ action: "bedrock:InvokeModel", resource: HAIKU }, [role]);
        expect(model).to.deep.include({ allowed: true, conditional: true });
        expect(evaluateAccess({ action: "bedrock:InvokeModel", resource: LLAMA }, [role]).allowed).to.equal(false);
        expect(evaluateAccess({ action: "bedrock:InvokeAgent", resource: ALIAS }, [role]).allowed).to.equal(true);
        expect(evaluateAccess({ action: "bedrock:InvokeAgent", resource: OTHER_ALIAS }, [role]).allowed).to.equal(false);
        expect(evaluateAccess({ action: "bedrock:CreateAgent", resource: "*" }, [role]).allowed).to.equal(false);
    });

    it("the model SCPs take unapproved and blocked families away from an administrator", () => {
        const scp = source(policyDocument([...enforceApprovedModels("aws", ["anthropic"], []).statements, ...denyModelFamilies("aws", ["deepseek"]).statements]), "managed");
        expect(evaluateAccess({ action: "bedrock:InvokeModel", resource: HAIKU }, [everything, scp]).allowed).to.equal(true);
        expect(evaluateAccess({ action: "bedrock:InvokeModel", resource: LLAMA }, [everything, scp]).allowed).to.equal(false);
        expect(evaluateAccess({ action: "bedrock:InvokeModelWithResponseStream", resource: LLAMA }, [everything, scp]).allowed).to.equal(false);
        expect(evaluateAccess({ action: "bedrock:GetFoundationModel", resource: DEEPSEEK }, [everything, scp]).allowed).to.equal(false);
    });

    it("the guardrail SCP makes inference depend on bedrock:GuardrailIdentifier", () => {
        const scp = source(policyDocument(requireGuardrail([]).statements), "managed");
        const decision = evaluateAccess({ action: "bedrock:InvokeModel", resource: HAIKU }, [everything, scp]);
        expect(decision.conditional).to.equal(true);
        expect(decision.conditionKeys.map((k) => k.toLowerCase())).to.include("bedrock:guardrailidentifier");
    });
});
