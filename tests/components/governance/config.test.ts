import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as yaml from "js-yaml";
import { governanceConfigSection, readGovernanceConfig, resolveGovernanceSettings } from "../../../components/governance/config";
import { GovernanceConfigError } from "../../../components/governance/documents/common";
import { ConfigError, projectConfigDeclarations, StackConfigReader } from "../../../components/config/stack";
import { ArgumentError } from "../../../components/config/validators";

function read(raw: Record<string, string>) {
    const reader = new StackConfigReader({ governanceEnabled: "true", ...raw });
    const args = readGovernanceConfig(reader);
    return { args: args!, finish: () => reader.finish() };
}

describe("governance settings (component arguments)", () => {
    it("applies the seeds' defaults", () => {
        const s = resolveGovernanceSettings({});
        expect(s.approvedModelFamilies).to.deep.equal(["anthropic", "amazon"]);
        expect(s.scps.targetIds).to.deep.equal([]);
        expect(s.scps.deniedModelFamilies).to.deep.equal(["deepseek", "cohere"]);
        expect(s.scps.approvedRegions).to.deep.equal(["ap-northeast-1", "us-east-1"]);
        expect(s.scps.requireGuardrail).to.equal(false);
        expect(s.scps.vpcEndpointExemptPrincipalArns).to.deep.equal(["arn:aws:iam::*:role/service-role/AmazonBedrockExecutionRoleFor*"]);
        expect(s.boundaries.teams).to.deep.equal(["developer", "operations", "admin", "ci"]);
        expect(s.configRules).to.deep.include({ cloudTrailRuleName: "cloudtrail-enabled-bedrock", vpcRuleName: "bedrock-agent-vpc-required", agentTagKey: "BedrockAgent", agentTagValue: "true" });
        expect(s.configRules.recordedResourceTypes).to.deep.equal(["AWS::Lambda::Function", "AWS::IAM::Role", "AWS::CloudTrail::Trail"]);
        expect(s.alerts.enabled).to.equal(false);
        expect(s.logging).to.deep.include({ trail: true, invocationLogging: true, invocationLogsToCloudWatch: true, invocationLogsToS3: true });
        expect(s.scps).to.deep.include({ protectExemptRoles: true, inferenceProfileGeographies: [] });
        expect(s.scps.roleAdminPrincipalArns).to.deep.equal(["arn:aws:iam::*:role/security-admin", "arn:aws:iam::*:role/OrganizationAccountAccessRole"]);
    });

    it("accepts geographies with an approved source Region, any geography without a region rule, and user patterns once the protection is off", () => {
        expect(resolveGovernanceSettings({ scps: { approvedRegions: ["ap-northeast-1", "eu-west-1"], inferenceProfileGeographies: ["jp", "apac", "eu"] } }).scps.inferenceProfileGeographies).to.deep.equal(["jp", "apac", "eu"]);
        expect(() => resolveGovernanceSettings({ scps: { approvedRegions: ["ap-southeast-1"], inferenceProfileGeographies: ["jp"] } })).to.throw(GovernanceConfigError, /inferenceProfileGeographies\[0\]: got "jp"/);
        expect(resolveGovernanceSettings({ scps: { approvedRegions: [], inferenceProfileGeographies: ["eu"] } }).scps.inferenceProfileGeographies).to.deep.equal(["eu"]);
        expect(resolveGovernanceSettings({ scps: { protectExemptRoles: false, securityAdminPrincipalArns: ["arn:aws:iam::*:user/alice"] } }).scps.securityAdminPrincipalArns).to.deep.equal(["arn:aws:iam::*:user/alice"]);
        // A pattern only a disabled control uses is not an exemption, so it need not be a role.
        expect(() => resolveGovernanceSettings({ scps: { protectSecurityServices: false, securityAdminPrincipalArns: ["arn:aws:iam::*:user/alice"] } })).to.not.throw();
    });

    const cases: [string, Parameters<typeof resolveGovernanceSettings>[0], RegExp][] = [
        ["a bad OU id", { scps: { targetIds: ["ou-bad"] } }, /^bedrock-governance:governance\.scps\.targetIds\[0\]: got "ou-bad", expected an OU id/],
        ["a family both approved and denied", { approvedModelFamilies: ["deepseek"], scps: {} }, /^bedrock-governance:governance\.scps\.deniedModelFamilies: got \["deepseek"\], expected no family that approvedModelFamilies also approves/],
        ["a wildcard family", { approvedModelFamilies: ["anthropic.*"] }, /^bedrock-governance:governance\.approvedModelFamilies\[0\]: got "anthropic\.\*", expected a model family/],
        ["an unknown key", { scps: { targetIDs: ["r-ab12"] } as never }, /^bedrock-governance:governance\.scps\.targetIDs: got \["r-ab12"\], expected one of the keys targetIds/],
        ["alerts without an address", { alerts: { enabled: true } }, /^bedrock-governance:governance\.alerts\.email: got nothing, expected an e-mail address while alerts are enabled/],
        ["a bad address", { alerts: { email: "not-an-address" } }, /^bedrock-governance:governance\.alerts\.email: got "not-an-address", expected an e-mail address/],
        ["half a VPC", { network: { vpcId: "vpc-0123456789abcdef0" } }, /^bedrock-governance:governance\.network: got .*, expected vpcId, subnetIds and vpcCidr together/],
        ["a retention CloudWatch does not offer", { logging: { logRetentionDays: 100 } }, /^bedrock-governance:governance\.logging\.logRetentionDays: got 100, expected one of 1, 3, 5/],
        ["an unknown log destination", { logging: { invocationLogDestinations: ["kinesis" as never] } }, /^bedrock-governance:governance\.logging\.invocationLogDestinations\[0\]: got "kinesis"/],
        ["same names for both rules", { configRules: { vpcRuleName: "cloudtrail-enabled-bedrock" } }, /^bedrock-governance:governance\.configRules\.vpcRuleName: got "cloudtrail-enabled-bedrock", expected a name different/],
        ["an unknown team", { boundaries: { teams: ["finance" as never] } }, /^bedrock-governance:governance\.boundaries\.teams\[0\]: got "finance", expected a list of "developer", "operations", "admin", "ci"/],
        ["two workload roles with one name", { workloadRoles: [{ name: "a" }, { name: "a" }] }, /^bedrock-governance:governance\.workloadRoles\[1\]\.name: got "a", expected a name no other workload role uses/],
        ["no room for the SCPs", { scps: { existingPoliciesPerTarget: 5 } }, /^bedrock-governance:governance\.scps\.existingPoliciesPerTarget: got 5, expected an integer from 0 to 4/],
        ["an unknown inference geography", { scps: { inferenceProfileGeographies: ["mars"] } }, /^bedrock-governance:governance\.scps\.inferenceProfileGeographies\[0\]: got "mars", expected a cross-region inference geography: us, us-gov, eu, apac, jp, au, ca, global/],
        [
            "a geography none of whose source Regions is approved",
            { scps: { approvedRegions: ["us-east-1"], inferenceProfileGeographies: ["us", "eu"] } },
            /^bedrock-governance:governance\.scps\.inferenceProfileGeographies\[1\]: got "eu", expected a geography with a source Region among approvedRegions \(us-east-1\): add one of eu's source Regions \(eu-\*\) to approvedRegions, or remove eu/,
        ],
        [
            "a user exemption while exempt roles are protected",
            { scps: { securityAdminPrincipalArns: ["arn:aws:iam::*:user/alice"] } },
            /^bedrock-governance:governance\.scps\.securityAdminPrincipalArns\[0\]: got "arn:aws:iam::\*:user\/alice", expected a role ARN pattern .* while protectExemptRoles is on/,
        ],
        [
            "an assumed-role session as role admin",
            { scps: { roleAdminPrincipalArns: ["arn:aws:sts::*:assumed-role/admin/*"] } },
            /^bedrock-governance:governance\.scps\.roleAdminPrincipalArns\[0\]: got "arn:aws:sts::\*:assumed-role\/admin\/\*", expected a role ARN pattern/,
        ],
        ["no role admin", { scps: { roleAdminPrincipalArns: [] } }, /^bedrock-governance:governance\.scps\.roleAdminPrincipalArns: got \[\], expected at least one role admin pattern while protectExemptRoles is on/],
    ];
    it("throws the project's ArgumentError, which the offline plan reports with exit code 2", () => {
        let error: Error | undefined;
        try {
            resolveGovernanceSettings({ scps: { targetIds: ["nope"] } });
        } catch (e) {
            error = e as Error;
        }
        expect(error).to.be.instanceOf(ArgumentError);
        expect(error!.name).to.equal("ArgumentError");
        expect((error as GovernanceConfigError).key).to.equal("governance.scps.targetIds[0]");
    });

    for (const [what, args, message] of cases) {
        it(`rejects ${what}`, () => {
            expect(() => resolveGovernanceSettings(args)).to.throw(GovernanceConfigError, message);
        });
    }
});

describe("governance stack config keys", () => {
    it("deploys nothing unless governanceEnabled, but still checks every key", () => {
        const reader = new StackConfigReader({ governanceAlertEmail: "nobody", governanceNetwork: "false" });
        expect(readGovernanceConfig(reader)).to.equal(undefined);
        expect(() => reader.finish()).to.throw(ConfigError, /^bedrock-governance:governanceAlertEmail: got "nobody", expected an email address[^\n]*$/);
    });

    it("gives the component's defaults when no key is set, and claims no key it does not know", () => {
        const { args, finish } = read({});
        finish();
        const s = resolveGovernanceSettings(args);
        expect(s.scps.targetIds).to.deep.equal([]);
        expect(s.alerts.enabled).to.equal(false);
        expect(s.network.enabled).to.equal(true);
    });

    it("maps prod-like keys onto the arguments", () => {
        const { args, finish } = read({
            governanceScpTargetIds: JSON.stringify(["ou-ab12-cd34ef56"]),
            governanceRequireGuardrail: "true",
            governanceAlertEmail: "security@example.com",
            governanceVpcId: "vpc-0123456789abcdef0",
            governanceSubnetIds: JSON.stringify(["subnet-0123456789abcdef0"]),
            governanceVpcCidr: "10.1.0.0/16",
            governanceInvocationLogDestinations: JSON.stringify(["s3"]),
        });
        finish();
        const s = resolveGovernanceSettings(args);
        expect(s.scps.targetIds).to.deep.equal(["ou-ab12-cd34ef56"]);
        expect(s.scps.requireGuardrail).to.equal(true);
        expect(s.alerts).to.deep.equal({ enabled: true, email: "security@example.com" });
        expect(s.network.vpcId).to.equal("vpc-0123456789abcdef0");
        expect(s.logging).to.deep.include({ invocationLogsToS3: true, invocationLogsToCloudWatch: false });
    });

    it("reports bad values in the project's format, all at once", () => {
        const { finish } = read({
            governanceScpTargetIds: JSON.stringify(["ou-bad"]),
            governanceAlertEmail: "nobody",
            governanceLogRetentionDays: "100",
        });
        let error: Error | undefined;
        try {
            finish();
        } catch (e) {
            error = e as Error;
        }
        expect(error).to.be.instanceOf(ConfigError);
        const lines = error!.message.split("\n");
        expect(lines).to.have.length(3);
        expect(lines[0]).to.match(/^bedrock-governance:governanceScpTargetIds: got "\[\\"ou-bad\\"\]", expected a list whose every item is an OU id/);
        expect(lines[1]).to.match(/^bedrock-governance:governanceAlertEmail: got "nobody", expected an email address/);
        expect(lines[2]).to.match(/^bedrock-governance:governanceLogRetentionDays: got 100, expected one of CloudWatch Logs' retention values/);
    });

    it("reports rules across keys in the stack's terms", () => {
        for (const [raw, key] of [
            [{ governanceVpcId: "vpc-0123456789abcdef0" }, /governanceVpcId: got "vpc-0123456789abcdef0", expected governanceVpcId, governanceSubnetIds and governanceVpcCidr set together/],
            [{ governanceApprovedModelFamilies: JSON.stringify(["cohere"]) }, /governanceDeniedModelFamilies: got "\[\\"cohere\\"\]", expected no family that approvedModelFamilies also approves/],
            [{ governanceNetwork: "false" }, /governanceBoundaries: got true, expected false while governanceNetwork is false/],
            [
                { governanceApprovedRegions: JSON.stringify(["us-east-1"]), governanceInferenceProfileGeographies: JSON.stringify(["apac"]) },
                /governanceInferenceProfileGeographies: got "apac", expected a geography with a source Region among approvedRegions \(us-east-1\): add one of apac's source Regions \(ap-\*\)/,
            ],
            [{ governanceRoleAdminPrincipalArns: JSON.stringify(["arn:aws:iam::*:user/root-ish"]) }, /governanceRoleAdminPrincipalArns: got "arn:aws:iam::\*:user\/root-ish", expected a role ARN pattern/],
        ] as const) {
            const { finish } = read(raw as Record<string, string>);
            expect(finish).to.throw(ConfigError, key);
        }
    });
});

describe("governance stack config keys: endpoint services and custom model sharing", () => {
    const MODEL = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdef123456";

    it("passes the endpoint services and the share onto the arguments", () => {
        const { args, finish } = read({
            governanceEndpointServices: JSON.stringify(["bedrock-runtime", "bedrock-agentcore.gateway"]),
            governanceSharedCustomModelArns: JSON.stringify([MODEL]),
            governanceCustomModelShareAccountIds: JSON.stringify(["444455556666"]),
        });
        finish();
        expect(args.network).to.deep.include({ services: ["bedrock-runtime", "bedrock-agentcore.gateway"] });
        expect(args.customModelSharing).to.deep.equal({ modelArns: [MODEL], accountIds: ["444455556666"] });
        expect(read({}).args.customModelSharing).to.equal(undefined);
        expect(resolveGovernanceSettings(read({}).args).network.services).to.have.length(6);
    });

    it("names the key, the value and what is allowed", () => {
        for (const [raw, message] of [
            [{ governanceEndpointServices: JSON.stringify(["bedrock-agentcore-gateway"]) }, /governanceEndpointServices: got .*expected a list whose every item is one of bedrock-runtime, .*bedrock-agentcore\.gateway/],
            [{ governanceEndpointServices: "[]" }, /governanceEndpointServices: got "\[\]", expected a list of .*at least one/],
            [{ governanceSharedCustomModelArns: JSON.stringify([MODEL]) }, /governanceCustomModelShareAccountIds: got "\[\]", expected at least one 12-digit account id while modelArns is set/],
            [{ governanceCustomModelShareAccountIds: JSON.stringify(["444455556666"]) }, /governanceSharedCustomModelArns: got "\[\]", expected at least one custom model ARN/],
            [{ governanceCustomModelShareAccountIds: JSON.stringify(["4444"]) }, /governanceCustomModelShareAccountIds: got .*expected a list whose every item is a 12-digit AWS account id/],
            [{ governanceSharedCustomModelArns: JSON.stringify(["arn:aws:bedrock:us-east-1:123456789012:custom-model/*"]) }, /governanceSharedCustomModelArns: got .*no wildcards/],
        ] as const) {
            const { finish } = read(raw as Record<string, string>);
            expect(finish).to.throw(ConfigError, message);
        }
    });
});

describe("governance keys in the project file", () => {
    // Pulumi.yaml is the stack program's (issue 2); once the governance keys are declared there,
    // they must be declared exactly as the section does, all of them.
    const project = yaml.load(fs.readFileSync(path.resolve(__dirname, "../../../Pulumi.yaml"), "utf8")) as { config?: Record<string, unknown> };
    const declared = Object.keys(project.config ?? {}).filter((key) => key.startsWith("governance"));

    it("declares every governance key as the code does, or none yet", () => {
        if (declared.length === 0) return;
        expect(declared.sort()).to.deep.equal(Object.keys(governanceConfigSection).sort());
        const expected = projectConfigDeclarations(governanceConfigSection);
        for (const key of declared) {
            expect(project.config![key], key).to.deep.equal(expected[key]);
        }
    });

    it("has a default, a description and a rule-checked type for every key", () => {
        for (const [key, spec] of Object.entries(governanceConfigSection)) {
            expect(spec.description.length, key).to.be.greaterThan(20);
            expect(["string", "integer", "boolean", "array"]).to.include(spec.type);
            expect(spec.default, key).to.not.equal(undefined);
        }
    });
});
