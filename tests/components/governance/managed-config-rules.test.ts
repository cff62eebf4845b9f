// The AWS Config managed rules for Bedrock and AgentCore (issue 15 item 3): the catalog, the
// Region check, the settings and stack keys, and the rules deployed behind the switch with their
// NON_COMPLIANT results routed to the existing alert.
import { recordedResources, resetRecordedResources, valueOf } from "../../support/mocks";
import { expect } from "chai";
import { BedrockGovernance, BedrockGovernanceArgs, readGovernanceConfig, resolveGovernanceSettings } from "../../../components/governance";
import { GovernanceConfigError } from "../../../components/governance/documents/common";
import { BEDROCK_MANAGED_CONFIG_RULES, managedConfigRule, managedRuleAvailableIn, MANAGED_RULE_IDENTIFIERS } from "../../../components/governance/documents/managed-config-rules";
import { checkManagedRulesRegion } from "../../../components/governance/managed-config-rules";
import { ConfigError, StackConfigReader } from "../../../components/config/stack";
import { renderAlert } from "../../../components/governance/documents/alerts";

/** Whether an EventBridge pattern of the form the alert uses matches `event` (exact values, nested objects). */
function patternMatches(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
    return Object.entries(pattern).every(([key, expected]) => {
        const actual = event[key];
        if (Array.isArray(expected)) return expected.includes(actual);
        return typeof actual === "object" && actual !== null && patternMatches(expected as Record<string, unknown>, actual as Record<string, unknown>);
    });
}

function complianceChange(ruleName: string, complianceType: string) {
    return {
        source: "aws.config",
        "detail-type": "Config Rules Compliance Change",
        account: "111122223333",
        region: "us-east-1",
        detail: { configRuleName: ruleName, resourceId: "gw-123", newEvaluationResult: { complianceType } },
    };
}

describe("AWS Config managed rules catalog", () => {
    it("holds the eight rules Security Hub's Bedrock and AgentCore controls name, each once", () => {
        expect(MANAGED_RULE_IDENTIFIERS).to.have.length(8);
        expect(new Set(MANAGED_RULE_IDENTIFIERS).size).to.equal(8);
        expect(BEDROCK_MANAGED_CONFIG_RULES.map((r) => r.securityHubControl)).to.deep.equal(["Bedrock.1", ...[1, 2, 3, 4, 5, 6, 7].map((n) => `BedrockAgentCore.${n}`)]);
        for (const rule of BEDROCK_MANAGED_CONFIG_RULES) {
            // The identifier is the page name upper-cased with underscores, as on every rule page.
            expect(rule.identifier, rule.page).to.equal(rule.page.toUpperCase().replace(/-/g, "_"));
            expect(rule.resourceType).to.match(/^AWS::Bedrock(AgentCore)?::[A-Za-z]+$/);
        }
    });

    it("knows where each rule exists: the memory rule in eight Regions, the other AgentCore ones in fourteen, the data source one nearly everywhere", () => {
        const regionsOf = (id: string) => ["us-east-1", "us-west-1", "us-west-2", "eu-north-1", "eu-west-3", "ap-northeast-2", "ca-central-1", "sa-east-1", "ap-southeast-2"].filter((r) => managedRuleAvailableIn(managedConfigRule(id), r));
        expect(regionsOf("BEDROCK_AGENTCORE_MEMORY_ENCRYPTION_ENABLED")).to.deep.equal(["us-east-1", "ap-southeast-2"]);
        expect(regionsOf("BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED")).to.deep.equal(["us-east-1", "us-west-2", "eu-north-1", "eu-west-3", "ap-northeast-2", "ca-central-1", "ap-southeast-2"]);
        expect(regionsOf("BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED")).to.deep.equal(["us-east-1", "us-west-2", "eu-north-1", "eu-west-3", "ap-northeast-2", "ca-central-1", "sa-east-1", "ap-southeast-2"]);
    });

    it("fails the plan, naming the rule and its Regions, for a rule AWS Config does not offer in the stack's Region", () => {
        const settings = resolveGovernanceSettings({ configRules: { managedRules: ["BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED", "BEDROCK_AGENTCORE_MEMORY_ENCRYPTION_ENABLED"] } });
        expect(() => checkManagedRulesRegion(settings, "us-east-1")).to.not.throw();
        expect(() => checkManagedRulesRegion(settings, "eu-west-2")).to.throw(
            GovernanceConfigError,
            /^bedrock-governance:governance\.configRules\.managedRules\[1\]: got "BEDROCK_AGENTCORE_MEMORY_ENCRYPTION_ENABLED", expected a rule AWS Config offers in eu-west-2 \(bedrock-agentcore-memory-encryption-enabled exists in ap-south-1, us-east-2/,
        );
        const dataSource = resolveGovernanceSettings({ configRules: { managedRules: ["BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED"] } });
        expect(() => checkManagedRulesRegion(dataSource, "us-west-1")).to.throw(GovernanceConfigError, /exists in any Region but .*us-west-1/);
    });
});

describe("AWS Config managed rules settings", () => {
    it("deploys none by default, and the listed ones in catalog order", () => {
        expect(resolveGovernanceSettings({}).configRules).to.deep.include({ managedRules: [], managedRuleNameSuffix: "" });
        expect(resolveGovernanceSettings({ configRules: { managedRules: ["BEDROCKAGENTCORE_CODEINTERPRETER_NETWORKMODE_CHECK", "BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED"] } }).configRules.managedRules).to.deep.equal([
            "BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED",
            "BEDROCKAGENTCORE_CODEINTERPRETER_NETWORKMODE_CHECK",
        ]);
    });

    const cases: [string, BedrockGovernanceArgs, RegExp][] = [
        ["an identifier AWS Config does not have", { configRules: { managedRules: ["BEDROCK_GUARDRAIL_REQUIRED"] } }, /^bedrock-governance:governance\.configRules\.managedRules\[0\]: got "BEDROCK_GUARDRAIL_REQUIRED", expected a list of "BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED", /],
        ["a rule name taken by the seed's rules", { configRules: { cloudTrailRuleName: "bedrockagentcore-gateway-authorizer-enabled", managedRules: ["BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED"] } }, /managedRules: got "BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED", expected a rule whose name bedrockagentcore-gateway-authorizer-enabled no other rule/],
        ["a suffix that is no rule-name text", { configRules: { managedRuleNameSuffix: ".dev" } }, /managedRuleNameSuffix: got "\.dev", expected a rule name suffix/],
    ];
    for (const [what, args, message] of cases) {
        it(`refuses ${what}`, () => {
            expect(() => resolveGovernanceSettings(args)).to.throw(GovernanceConfigError, message);
        });
    }

    it("reads the stack keys, and names key, value and the allowed identifiers when one is wrong", () => {
        const reader = new StackConfigReader({
            governanceEnabled: "true",
            governanceConfigManagedRules: JSON.stringify(["BEDROCKAGENTCORE_RUNTIME_PRIVATE_NETWORK_REQUIRED"]),
            governanceConfigManagedRuleNameSuffix: "-dev",
        });
        const args = readGovernanceConfig(reader)!;
        reader.finish();
        expect(resolveGovernanceSettings(args).configRules).to.deep.include({ managedRules: ["BEDROCKAGENTCORE_RUNTIME_PRIVATE_NETWORK_REQUIRED"], managedRuleNameSuffix: "-dev" });

        const bad = new StackConfigReader({ governanceEnabled: "true", governanceConfigManagedRules: JSON.stringify(["bedrockagentcore-runtime-private-network-required"]) });
        readGovernanceConfig(bad);
        expect(() => bad.finish()).to.throw(
            ConfigError,
            /^bedrock-governance:governanceConfigManagedRules: got "\[\\"bedrockagentcore-runtime-private-network-required\\"\]", expected a list whose every item is one of BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED, BEDROCKAGENTCORE_RUNTIME_PRIVATE_NETWORK_REQUIRED, /,
        );
    });
});

describe("AWS Config managed rules resources", () => {
    async function build(name: string, args: BedrockGovernanceArgs) {
        resetRecordedResources();
        const governance = new BedrockGovernance(name, { network: { enabled: false }, boundaries: { enabled: false }, logging: { enabled: false }, alerts: { email: "sec@example.com" }, ...args });
        await valueOf(governance.urn);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { governance, ours: recordedResources.filter((r) => r.name.startsWith(`${name}-`)) };
    }

    it("creates each listed rule as an AWS-owned rule scoped to its resource type, recording its type, alerting on NON_COMPLIANT", async () => {
        const all = [...MANAGED_RULE_IDENTIFIERS];
        const { governance, ours } = await build("mcr-on", { configRules: { managedRules: all, managedRuleNameSuffix: "-prod" } });
        const rules = ours.filter((r) => r.type === "aws:cfg/rule:Rule" && r.inputs.source.owner === "AWS" && r.inputs.source.sourceIdentifier !== "CLOUD_TRAIL_ENABLED");
        expect(rules.map((r) => r.inputs.source.sourceIdentifier)).to.deep.equal(all);
        for (const rule of rules) {
            const entry = managedConfigRule(rule.inputs.source.sourceIdentifier);
            expect(rule.inputs.name).to.equal(`${entry.page}-prod`);
            expect(rule.inputs.scope).to.deep.equal({ complianceResourceTypes: [entry.resourceType] });
            expect(rule.inputs.inputParameters, "none of these rules takes a parameter").to.equal(undefined);
            expect(rule.inputs.source.sourceDetails).to.equal(undefined);
        }
        // The existing custom and CloudTrail rules stay.
        expect(ours.filter((r) => r.type === "aws:cfg/rule:Rule").map((r) => r.inputs.name)).to.include.members(["bedrock-agent-vpc-required", "cloudtrail-enabled-bedrock"]);
        // The recorder this component creates records what the rules evaluate, besides the seed's types.
        const recorder = ours.find((r) => r.type === "aws:cfg/recorder:Recorder")!;
        expect(recorder.inputs.recordingGroup.resourceTypes).to.include.members(["AWS::Lambda::Function", "AWS::Bedrock::DataSource", "AWS::BedrockAgentCore::Runtime", "AWS::BedrockAgentCore::Gateway", "AWS::BedrockAgentCore::Memory", "AWS::BedrockAgentCore::BrowserCustom", "AWS::BedrockAgentCore::CodeInterpreterCustom"]);
        // Each rule's NON_COMPLIANT change reaches the topic through the one EventBridge rule; COMPLIANT does not.
        const pattern = JSON.parse(ours.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")!.inputs.eventPattern as string);
        for (const rule of rules) {
            expect(patternMatches(pattern, complianceChange(rule.inputs.name, "NON_COMPLIANT")), rule.inputs.name).to.equal(true);
            expect(patternMatches(pattern, complianceChange(rule.inputs.name, "COMPLIANT")), rule.inputs.name).to.equal(false);
        }
        expect(renderAlert(complianceChange("bedrockagentcore-gateway-authorizer-enabled-prod", "NON_COMPLIANT"))).to.include("Rule: bedrockagentcore-gateway-authorizer-enabled-prod");
        expect(governance.configRuleNames).to.include.members(rules.map((r) => r.inputs.name));
    });

    it("creates none when the list is empty or the Config part is off, and leaves the recorder and alert as they were", async () => {
        const off = await build("mcr-off", {});
        expect(off.ours.filter((r) => r.type === "aws:cfg/rule:Rule").map((r) => r.inputs.name).sort()).to.deep.equal(["bedrock-agent-vpc-required", "cloudtrail-enabled-bedrock"]);
        expect(off.ours.find((r) => r.type === "aws:cfg/recorder:Recorder")!.inputs.recordingGroup.resourceTypes).to.deep.equal(["AWS::Lambda::Function", "AWS::IAM::Role", "AWS::CloudTrail::Trail"]);
        expect(JSON.parse(off.ours.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")!.inputs.eventPattern as string).detail.configRuleName).to.deep.equal(["bedrock-agent-vpc-required", "cloudtrail-enabled-bedrock"]);

        const partOff = await build("mcr-part-off", { configRules: { enabled: false, managedRules: ["BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED"] } });
        expect(partOff.ours.filter((r) => r.type === "aws:cfg/rule:Rule")).to.deep.equal([]);
        expect(partOff.governance.configRuleNames).to.equal(undefined);
    });
});
