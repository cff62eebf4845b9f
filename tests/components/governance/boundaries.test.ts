import { expect } from "chai";
import { BoundaryParameters, TEAMS, teamBoundary } from "../../../components/governance/documents/boundaries";
import { catalogAction, list, namedActions, statement, wildcardMatches } from "./support";

const params = (overrides: Partial<BoundaryParameters> = {}): BoundaryParameters => ({
    scope: { partition: "aws", region: "eu-west-1", accountId: "111122223333" },
    modelRegions: ["eu-west-1", "eu-central-1"],
    approvedModelFamilies: ["anthropic"],
    additionalApprovedModelArns: [],
    vpcEndpointIds: ["vpce-0aaaabbbbccccdddd"],
    environmentTagKey: "Stage",
    productionTagValue: "prod",
    ...overrides,
});

describe("governance permission boundaries", () => {
    for (const team of TEAMS) {
        describe(team, () => {
            const document = teamBoundary(team, params());
            const text = JSON.stringify(document);

            it("writes its ARNs from the given partition, account and regions only", () => {
                const arns = text.match(/arn:[^"]+/g) ?? [];
                expect(arns.length).to.be.greaterThan(0);
                for (const arn of arns) {
                    const [, partition, , region, account] = arn.split(":");
                    expect(partition).to.equal("aws");
                    expect(["", "*", "eu-west-1", "eu-central-1"]).to.include(region, arn);
                    expect(["", "111122223333"]).to.include(account, arn);
                }
                expect(text).to.not.include("123456789012");
                expect(text).to.not.include("ap-northeast-1");
            });

            it("allows only actions IAM knows, never bedrock:* or *", () => {
                for (const action of namedActions(document)) {
                    expect(catalogAction(action), action).to.not.equal(undefined);
                }
                for (const s of document.Statement.filter((x) => x.Effect === "Allow")) {
                    expect(list(s.Action).filter((a) => a.endsWith(":*") || a === "*")).to.deep.equal([], s.Sid);
                }
            });

            it("leaves Resource \"*\" in an Allow only for actions with no required resource type", () => {
                for (const s of document.Statement.filter((x) => x.Effect === "Allow" && list(x.Resource).includes("*"))) {
                    for (const action of list(s.Action)) {
                        // An optional type (cloudwatch's `dataset`) does not apply to every request: those need "*".
                        expect(catalogAction(action).resourceTypes.filter((t: { required: boolean }) => t.required), `${s.Sid}: ${action}`).to.deep.equal([]);
                    }
                }
            });

            it("holds every inference grant to the VPC endpoints and the approved families", () => {
                for (const s of document.Statement.filter((x) => x.Effect === "Allow" && list(x.Action).some((a) => a.startsWith("bedrock:InvokeModel")))) {
                    expect(s.Condition).to.deep.equal({ StringEquals: { "aws:SourceVpce": ["vpce-0aaaabbbbccccdddd"] } });
                    const resources = list(s.Resource);
                    expect(resources.some((r) => wildcardMatches(r, "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"))).to.equal(true);
                    expect(resources.some((r) => wildcardMatches(r, "arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0"))).to.equal(true);
                    expect(resources.some((r) => wildcardMatches(r, "arn:aws:bedrock:eu-west-1::foundation-model/meta.llama3-70b-instruct-v1:0"))).to.equal(false);
                    expect(resources.some((r) => wildcardMatches(r, "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"))).to.equal(false);
                }
            });
        });
    }

    it("denies developers every Bedrock action on resources tagged with the production value", () => {
        const s = statement(teamBoundary("developer", params()), "DenyProductionResources");
        expect(s).to.deep.include({ Effect: "Deny", Action: "bedrock:*", Resource: "*" });
        expect(s.Condition).to.deep.equal({ StringEquals: { "aws:ResourceTag/Stage": "prod" } });
    });

    it("denies model customization to developers and operations, allows it to admins", () => {
        for (const team of ["developer", "operations"] as const) {
            expect(list(statement(teamBoundary(team, params()), "DenyModelCustomization").Action)).to.include("bedrock:CreateModelCustomizationJob");
        }
        expect(list(statement(teamBoundary("admin", params()), "AllowBedrockAdministration").Action)).to.include("bedrock:CreateModelCustomizationJob");
    });

    it("lets admins pass only Bedrock service roles, to Bedrock only", () => {
        const s = statement(teamBoundary("admin", params()), "AllowPassRoleToBedrock");
        expect(s.Resource).to.deep.equal([
            "arn:aws:iam::111122223333:role/service-role/*",
            "arn:aws:iam::111122223333:role/*Bedrock*",
            "arn:aws:iam::111122223333:role/*bedrock*",
        ]);
        expect(list(s.Resource).some((r) => wildcardMatches(r, "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole"))).to.equal(false);
        expect(s.Condition).to.deep.equal({ StringEquals: { "iam:PassedToService": "bedrock.amazonaws.com" } });
    });

    it("gives CI list and get on models only, no inference", () => {
        const actions = teamBoundary("ci", params()).Statement.flatMap((s) => list(s.Action));
        expect(actions.sort()).to.deep.equal(["bedrock:GetFoundationModel", "bedrock:GetInferenceProfile", "bedrock:ListFoundationModels", "bedrock:ListInferenceProfiles"]);
    });

    it("follows the parameters: another account, region and family change the document", () => {
        const other = JSON.stringify(teamBoundary("operations", params({ scope: { partition: "aws-us-gov", region: "us-gov-west-1", accountId: "444455556666" }, modelRegions: ["us-gov-west-1"], approvedModelFamilies: ["amazon"] })));
        expect(other).to.include("arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.*");
        expect(other).to.include("arn:aws-us-gov:logs:us-gov-west-1:444455556666:log-group:*");
        expect(other).to.not.include("anthropic");
    });
});
