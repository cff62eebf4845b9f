// The BEDROCK_POLICY Organizations policy (issue 15 item 2): its document read back as AWS's
// syntax page describes it, the settings that shape it, and the component's resources behind the
// switch.
import { recordedResources, resetRecordedResources, valueOf } from "../../support/mocks";
import { expect } from "chai";
import { BedrockGovernance, BedrockGovernanceArgs, readGovernanceConfig, resolveGovernanceSettings } from "../../../components/governance";
import { bedrockPolicyDocument, BedrockPolicyDocument, guardrailRegion } from "../../../components/governance/documents/bedrock-policy";
import { GovernanceConfigError } from "../../../components/governance/documents/common";
import { ConfigError, StackConfigReader } from "../../../components/config/stack";

const EAST = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456:3";
const TOKYO = "arn:aws:bedrock:ap-northeast-1:111122223333:guardrail/zzz999:12";

/**
 * What a member account's inference in `region` on `model` gets enforced, read from the document
 * the way the syntax page defines it: the Region's configuration, its guardrail (ARN and version
 * split at the last colon), and whether the model is covered (an excluded model is not, "ALL" or a
 * listed model is; no model_enforcement means every model).
 */
function enforced(document: BedrockPolicyDocument, region: string, model: string) {
    const configs = document.bedrock.guardrail_inference[region];
    if (configs === undefined) return undefined;
    const [config] = Object.values(configs);
    const identifier = config.identifier["@@assign"];
    const split = identifier.lastIndexOf(":");
    const included = config.model_enforcement?.included_models["@@assign"] ?? ["ALL"];
    const excluded = config.model_enforcement?.excluded_models["@@assign"] ?? [];
    const covered = !excluded.includes(model) && (included.includes("ALL") || included.includes(model));
    return {
        guardrailArn: identifier.slice(0, split),
        version: identifier.slice(split + 1),
        covered,
        system: config.selective_content_guarding?.system?.["@@assign"],
        messages: config.selective_content_guarding?.messages?.["@@assign"],
    };
}

describe("BEDROCK_POLICY document", () => {
    it("puts each guardrail under its own Region, version included, every model covered by default", () => {
        const s = resolveGovernanceSettings({ scps: { targetIds: ["ou-ab12-cd34ef56"] }, bedrockPolicy: { guardrailArns: [EAST, TOKYO] } }).bedrockPolicy;
        const document = JSON.parse(JSON.stringify(bedrockPolicyDocument(s))) as BedrockPolicyDocument;
        expect(Object.keys(document)).to.deep.equal(["bedrock"]);
        expect(Object.keys(document.bedrock)).to.deep.equal(["guardrail_inference"]);
        expect(Object.keys(document.bedrock.guardrail_inference).sort()).to.deep.equal(["ap-northeast-1", "us-east-1"]);
        expect(enforced(document, "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0")).to.deep.equal({
            guardrailArn: "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456",
            version: "3",
            covered: true,
            system: undefined,
            messages: undefined,
        });
        expect(enforced(document, "ap-northeast-1", "amazon.nova-pro-v1:0")).to.deep.include({ version: "12", covered: true });
        // A Region without a guardrail has nothing enforced by this policy.
        expect(enforced(document, "eu-west-1", "amazon.nova-pro-v1:0")).to.equal(undefined);
        // No narrowing: model_enforcement and selective_content_guarding are left out, not written empty.
        expect(Object.keys(document.bedrock.guardrail_inference["us-east-1"].config_1)).to.deep.equal(["identifier"]);
    });

    it("enforces the guarding modes and leaves excluded models out, and only those", () => {
        const s = resolveGovernanceSettings({
            scps: { targetIds: ["ou-ab12-cd34ef56"] },
            bedrockPolicy: { guardrailArns: [EAST], systemGuarding: "selective", messagesGuarding: "comprehensive", excludedModels: ["amazon.titan-embed-text-v2:0"] },
        }).bedrockPolicy;
        const document = bedrockPolicyDocument(s);
        expect(enforced(document, "us-east-1", "amazon.titan-embed-text-v2:0")!.covered).to.equal(false);
        expect(enforced(document, "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0")).to.deep.include({ covered: true, system: "selective", messages: "comprehensive" });
        const listed = bedrockPolicyDocument(resolveGovernanceSettings({ scps: { targetIds: ["ou-ab12-cd34ef56"] }, bedrockPolicy: { guardrailArns: [EAST], includedModels: ["amazon.nova-pro-v1:0"] } }).bedrockPolicy);
        expect(enforced(listed, "us-east-1", "amazon.nova-pro-v1:0")!.covered).to.equal(true);
        expect(enforced(listed, "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0")!.covered).to.equal(false);
        expect(listed.bedrock.guardrail_inference["us-east-1"].config_1.model_enforcement).to.deep.equal({
            included_models: { "@@assign": ["amazon.nova-pro-v1:0"] },
            excluded_models: { "@@assign": [] },
        });
    });

    it("reads the Region from the ARN", () => {
        expect(guardrailRegion(TOKYO)).to.equal("ap-northeast-1");
        expect(guardrailRegion("arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:guardrail/abc:1")).to.equal("us-gov-west-1");
    });
});

describe("BEDROCK_POLICY settings", () => {
    it("is off by default and targets the SCP targets unless told otherwise", () => {
        expect(resolveGovernanceSettings({}).bedrockPolicy).to.deep.equal({ guardrailArns: [], targetIds: [], systemGuarding: undefined, messagesGuarding: undefined, includedModels: ["ALL"], excludedModels: [] });
        expect(resolveGovernanceSettings({ scps: { targetIds: ["r-ab12"] }, bedrockPolicy: { guardrailArns: [EAST] } }).bedrockPolicy.targetIds).to.deep.equal(["r-ab12"]);
        expect(resolveGovernanceSettings({ scps: { targetIds: ["r-ab12"] }, bedrockPolicy: { guardrailArns: [EAST], targetIds: ["123456789012"] } }).bedrockPolicy.targetIds).to.deep.equal(["123456789012"]);
    });

    const cases: [string, BedrockGovernanceArgs, RegExp][] = [
        ["a DRAFT guardrail", { scps: { targetIds: ["r-ab12"] }, bedrockPolicy: { guardrailArns: ["arn:aws:bedrock:us-east-1:111122223333:guardrail/abc:DRAFT"] } }, /^bedrock-governance:governance\.bedrockPolicy\.guardrailArns\[0\]: got "arn:aws:bedrock:us-east-1:111122223333:guardrail\/abc:DRAFT", expected a versioned guardrail ARN/],
        ["a guardrail without a version", { scps: { targetIds: ["r-ab12"] }, bedrockPolicy: { guardrailArns: ["arn:aws:bedrock:us-east-1:111122223333:guardrail/abc"] } }, /guardrailArns\[0\]: got .*, expected a versioned guardrail ARN/],
        ["two guardrails in one Region", { scps: { targetIds: ["r-ab12"] }, bedrockPolicy: { guardrailArns: [EAST, "arn:aws:bedrock:us-east-1:111122223333:guardrail/other:1"] } }, /guardrailArns\[1\]: got .*, expected at most one guardrail per Region/],
        ["a guarding mode AWS does not define", { scps: { targetIds: ["r-ab12"] }, bedrockPolicy: { guardrailArns: [EAST], systemGuarding: "partial" } }, /^bedrock-governance:governance\.bedrockPolicy\.systemGuarding: got "partial", expected one of "selective", "comprehensive"$/],
        ["ALL beside model ids", { scps: { targetIds: ["r-ab12"] }, bedrockPolicy: { guardrailArns: [EAST], includedModels: ["ALL", "amazon.nova-pro-v1:0"] } }, /includedModels: got .*, expected either \["ALL"\] or a list of model ids/],
        ["ALL excluded", { scps: { targetIds: ["r-ab12"] }, bedrockPolicy: { guardrailArns: [EAST], excludedModels: ["ALL"] } }, /excludedModels: got \["ALL"\], expected model ids/],
        ["a guardrail with nowhere to attach it", { bedrockPolicy: { guardrailArns: [EAST] } }, /bedrockPolicy\.targetIds: got \[\], expected at least one OU, account or root id while guardrailArns is set/],
        ["enforcement settings without a guardrail", { bedrockPolicy: { messagesGuarding: "selective" } }, /bedrockPolicy\.guardrailArns: got \[\], expected at least one guardrail ARN when the policy's other settings are given/],
        ["a bad target", { bedrockPolicy: { guardrailArns: [EAST], targetIds: ["ou-bad"] } }, /bedrockPolicy\.targetIds\[0\]: got "ou-bad", expected an OU id/],
    ];
    for (const [what, args, message] of cases) {
        it(`refuses ${what}`, () => {
            expect(() => resolveGovernanceSettings(args)).to.throw(GovernanceConfigError, message);
        });
    }

    it("reads the stack keys, and names key, value and allowed values when one is wrong", () => {
        const reader = new StackConfigReader({
            governanceEnabled: "true",
            governanceScpTargetIds: JSON.stringify(["ou-ab12-cd34ef56"]),
            governanceBedrockPolicyGuardrailArns: JSON.stringify([EAST]),
            governanceBedrockPolicyMessagesGuarding: "selective",
            governanceBedrockPolicyExcludedModels: JSON.stringify(["amazon.titan-embed-text-v2:0"]),
        });
        const args = readGovernanceConfig(reader)!;
        reader.finish();
        expect(resolveGovernanceSettings(args).bedrockPolicy).to.deep.equal({
            guardrailArns: [EAST],
            targetIds: ["ou-ab12-cd34ef56"],
            systemGuarding: undefined,
            messagesGuarding: "selective",
            includedModels: ["ALL"],
            excludedModels: ["amazon.titan-embed-text-v2:0"],
        });

        const bad = new StackConfigReader({ governanceEnabled: "true", governanceBedrockPolicySystemGuarding: "always", governanceBedrockPolicyGuardrailArns: JSON.stringify(["arn:aws:bedrock:us-east-1:111122223333:guardrail/abc:DRAFT"]) });
        readGovernanceConfig(bad);
        expect(() => bad.finish()).to.throw(ConfigError).that.satisfies((e: ConfigError) => {
            expect(e.message).to.include('bedrock-governance:governanceBedrockPolicySystemGuarding: got "always", expected selective or comprehensive');
            expect(e.message).to.match(/bedrock-governance:governanceBedrockPolicyGuardrailArns: got .*DRAFT.*, expected a list whose every item is a versioned guardrail ARN/);
            return true;
        });

        // A rule across keys (no target at all) is reported under the policy's key.
        const untargeted = new StackConfigReader({ governanceEnabled: "true", governanceBedrockPolicyGuardrailArns: JSON.stringify([EAST]) });
        readGovernanceConfig(untargeted);
        expect(() => untargeted.finish()).to.throw(ConfigError, /bedrock-governance:governanceBedrockPolicyTargetIds: got "\[\]", expected at least one OU, account or root id/);
    });
});

describe("BEDROCK_POLICY resources", () => {
    async function build(name: string, args: BedrockGovernanceArgs) {
        resetRecordedResources();
        const governance = new BedrockGovernance(name, { network: { enabled: false }, boundaries: { enabled: false }, configRules: { enabled: false }, logging: { enabled: false }, ...args });
        await valueOf(governance.urn);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const ours = recordedResources.filter((r) => r.name.startsWith(`${name}-`));
        return { governance, ours };
    }

    it("creates one BEDROCK_POLICY attached to every target, beside the SCPs", async () => {
        const { governance, ours } = await build("bp-on", { scps: { targetIds: ["ou-ab12-cd34ef56", "210987654321"] }, bedrockPolicy: { guardrailArns: [EAST, TOKYO] } });
        const policies = ours.filter((r) => r.type === "aws:organizations/policy:Policy" && r.inputs.type === "BEDROCK_POLICY");
        expect(policies).to.have.length(1);
        expect(policies[0].name).to.equal("bp-on-bedrock-policy");
        const document = JSON.parse(policies[0].inputs.content as string) as BedrockPolicyDocument;
        expect(enforced(document, "ap-northeast-1", "amazon.nova-pro-v1:0")).to.deep.include({ guardrailArn: "arn:aws:bedrock:ap-northeast-1:111122223333:guardrail/zzz999", version: "12", covered: true });
        const attachments = ours.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment" && r.name.startsWith("bp-on-bedrock-policy-"));
        expect(attachments.map((r) => r.inputs.targetId).sort()).to.deep.equal(["210987654321", "ou-ab12-cd34ef56"]);
        expect(await valueOf(governance.bedrockPolicyId!)).to.match(/^p-/);
        expect(ours.filter((r) => r.type === "aws:organizations/policy:Policy" && r.inputs.type === "SERVICE_CONTROL_POLICY").length).to.be.greaterThan(0);
    });

    it("attaches to its own targets when given, and creates nothing without a guardrail", async () => {
        const own = await build("bp-own", { bedrockPolicy: { guardrailArns: [EAST], targetIds: ["r-ab12"] } });
        expect(own.ours.filter((r) => r.type === "aws:organizations/policy:Policy").map((r) => r.inputs.type)).to.deep.equal(["BEDROCK_POLICY"]);
        expect(own.ours.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment").map((r) => r.inputs.targetId)).to.deep.equal(["r-ab12"]);

        const off = await build("bp-off", { scps: { targetIds: ["ou-ab12-cd34ef56"] } });
        expect(off.ours.filter((r) => r.type === "aws:organizations/policy:Policy" && r.inputs.type === "BEDROCK_POLICY")).to.deep.equal([]);
        expect(off.ours.filter((r) => r.name.startsWith("bp-off-bedrock-policy"))).to.deep.equal([]);
        expect(off.governance.bedrockPolicyId).to.equal(undefined);
    });
});
