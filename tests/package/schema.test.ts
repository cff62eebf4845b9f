// The schema Python, Go, C# and YAML programs get through `pulumi package add` (issue 10),
// derived offline the way the Pulumi CLI derives it from this source-based component package:
// the components found in the entry's exports (getPulumiComponents, as cmd/run-plugin does), the
// provider named after package.json's name, and Pulumi's own TypeScript analyzer behind
// ComponentProvider.getSchema(). Then the components are constructed through the provider, as a
// program in another language constructs them, under the mock engine.
import { recordedResources, resetRecordedResources, valueOf } from "../support/mocks";
import { settle } from "../../scripts/plan/mock-engine";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as entry from "../../components";

const root = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };

interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    plain?: boolean;
    description?: string;
}
interface SchemaResource {
    isComponent?: boolean;
    inputProperties?: Record<string, SchemaProperty>;
    requiredInputs?: string[];
    properties?: Record<string, SchemaProperty>;
    required?: string[];
}
interface PackageSchema {
    name: string;
    version: string;
    resources: Record<string, SchemaResource>;
    types: Record<string, { properties?: Record<string, SchemaProperty>; required?: string[] }>;
}

/** A schema type written compactly: `string`, `number`, `boolean`, `string[]`, `map<string>`, `ref:Name`, `ref:Name[]`. */
function typeOf(p: SchemaProperty): string {
    if (p.$ref) return `ref:${p.$ref.replace("#/types/bedrock-governance:index:", "")}`;
    if (p.type === "array") return `${typeOf(p.items!)}[]`;
    if (p.type === "object" && p.additionalProperties) return `map<${typeOf(p.additionalProperties)}>`;
    return p.type!;
}

/** Property names of an exported interface or class, as TypeScript sees them in the sources. */
let sources: ts.Program | undefined;
function declaredMembers(file: string, name: string, kind: "interface" | "class"): string[] {
    sources ??= ts.createProgram([path.join(root, "components/index.ts")], { strict: true, noEmit: true, skipLibCheck: true });
    const program = sources;
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(path.join(root, file))!;
    for (const statement of source.statements) {
        const matches = kind === "interface" ? ts.isInterfaceDeclaration(statement) : ts.isClassDeclaration(statement);
        if (matches && (statement as ts.InterfaceDeclaration | ts.ClassDeclaration).name?.text === name) {
            // The members the declaration itself declares (not those inherited from Resource).
            const symbol = checker.getSymbolAtLocation((statement as ts.InterfaceDeclaration | ts.ClassDeclaration).name!)!;
            return [...symbol.members!.values()]
                .filter((p) => (p.flags & ts.SymbolFlags.Property) !== 0)
                .map((p) => p.getName())
                .sort();
        }
    }
    throw new Error(`${name} not found in ${file}`);
}

const INVENTORY_INPUTS: Record<string, string> = {
    functionName: "string",
    bucketName: "string",
    schedule: "string",
    logRetentionDays: "number",
    memorySize: "number",
    ephemeralStorageSize: "number",
    timeoutSeconds: "number",
    outputPrefix: "string",
    latestPrefix: "string",
    runRetentionDays: "number",
    noncurrentVersionRetentionDays: "number",
    kmsAliasName: "string",
    alarmEmail: "string",
    toolLogGroups: "string[]",
    consumerPrincipalArn: "string",
    consumerExternalId: "string",
    maximumRetryAttempts: "number",
    maximumEventAgeSeconds: "number",
    missingRunPeriodSeconds: "number",
    findingsWindowDays: "number",
    denialBurstCount: "number",
    denialBurstMinutes: "number",
    offHoursStartHour: "number",
    offHoursEndHour: "number",
    offHoursUtcOffsetHours: "number",
    offHoursMinInvocations: "number",
    rateSpikeFactor: "number",
    rateSpikeMinInvocations: "number",
    rateBaselineDays: "number",
    approvedModels: "string[]",
    premiumModels: "string[]",
    teamRolePathPrefix: "string",
    teamTagKey: "string",
    teamBoundaryPolicyName: "string",
    evidenceMaxEventIds: "number",
    evidenceMaxTargets: "number",
    usageStateMaxUses: "number",
    usageStateMaxHours: "number",
    tags: "map<string>",
};
const INVENTORY_OUTPUTS: Record<string, string> = {
    bucketName: "string",
    functionName: "string",
    functionArn: "string",
    roleArn: "string",
    keyArn: "string",
    logGroupName: "string",
    latestPrefix: "string",
    alarmTopicArn: "string",
    consumerRoleArn: "string",
    failureQueueArn: "string",
};
const GOVERNANCE_INPUTS: Record<string, string> = {
    approvedModelFamilies: "string[]",
    additionalApprovedModelArns: "string[]",
    scps: "ref:GovernanceScpArgs",
    bedrockPolicy: "ref:GovernanceBedrockPolicyArgs",
    boundaries: "ref:GovernanceBoundaryArgs",
    workloadRoles: "ref:GovernanceWorkloadRoleArgs[]",
    configRules: "ref:GovernanceConfigRulesArgs",
    alerts: "ref:GovernanceAlertArgs",
    network: "ref:GovernanceNetworkArgs",
    logging: "ref:GovernanceLoggingArgs",
    customModelSharing: "ref:GovernanceCustomModelSharingArgs",
    tags: "map<string>",
};
const GOVERNANCE_OUTPUTS: Record<string, string> = {
    scpPolicyIds: "string[]",
    scpControls: "string[][]",
    bedrockPolicyId: "string",
    boundaryPolicyArns: "map<string>",
    workloadRoleArns: "map<string>",
    configRuleNames: "string[]",
    configEvaluatorArn: "string",
    configBucketName: "string",
    alertTopicArn: "string",
    alertRuleArn: "string",
    vpcId: "string",
    runtimeEndpointId: "string",
    agentRuntimeEndpointId: "string",
    endpointIds: "map<string>",
    customModelShareArn: "string",
    trailArn: "string",
    logBucketName: "string",
    invocationLogGroupName: "string",
    invocationLoggingRoleArn: "string",
};

const ORG_INVENTORY_INPUTS: Record<string, string> = {
    regions: "string[]",
    accountIds: "string[]",
    excludeAccountIds: "string[]",
    organizationalUnitIds: "string[]",
    stackSetCallAs: "string",
    stackSetRegion: "string",
    spokeRoleName: "string",
    externalId: "string",
    schedule: "string",
    accountConcurrency: "number",
    regionConcurrency: "number",
    toleratedFailurePercentage: "number",
    memorySize: "number",
    ephemeralStorageSize: "number",
    timeoutSeconds: "number",
    logRetentionDays: "number",
    runRetentionDays: "number",
    noncurrentVersionRetentionDays: "number",
    bucketName: "string",
    kmsAliasName: "string",
    toolLogGroups: "string[]",
    alarmEmail: "string",
    tags: "map<string>",
};
const ORG_INVENTORY_OUTPUTS: Record<string, string> = {
    bucketName: "string",
    keyArn: "string",
    stateMachineArn: "string",
    accountFunctionArn: "string",
    accountFunctionRoleArn: "string",
    coordinatorFunctionArn: "string",
    spokeRoleName: "string",
    stackSetName: "string",
    spokeTemplateBody: "string",
    indexKey: "string",
    stateMachineLogGroupName: "string",
    alarmTopicArn: "string",
};

describe("component package schema (pulumi package add)", function () {
    this.timeout(120_000);
    let provider: ComponentProvider;
    let schema: PackageSchema;
    const components = getPulumiComponents(entry);

    before(async () => {
        // What cmd/run-plugin does with package.json's name: the provider name, unscoped.
        provider = new ComponentProvider({ name: manifest.name, dirname: root, components });
        schema = JSON.parse(await provider.getSchema()) as PackageSchema;
    });

    it("serves the components the entry exports, under the package name and version", () => {
        expect(components.map((c) => c.name).sort()).to.deep.equal(["BedrockGovernance", "BedrockInventory", "BedrockOrgInventory", "BedrockWorkloadRole"]);
        expect(schema.name).to.equal("bedrock-governance");
        expect(schema.version).to.equal(manifest.version);
        expect(Object.keys(schema.resources).sort()).to.deep.equal([
            "bedrock-governance:index:BedrockGovernance",
            "bedrock-governance:index:BedrockInventory",
            "bedrock-governance:index:BedrockOrgInventory",
            "bedrock-governance:index:BedrockWorkloadRole",
        ]);
        for (const resource of Object.values(schema.resources)) expect(resource.isComponent).to.equal(true);
    });

    const cases = [
        { token: "bedrock-governance:index:BedrockInventory", file: "components/inventory.ts", args: "BedrockInventoryArgs", cls: "BedrockInventory", inputs: INVENTORY_INPUTS, outputs: INVENTORY_OUTPUTS },
        { token: "bedrock-governance:index:BedrockOrgInventory", file: "components/org-inventory.ts", args: "BedrockOrgInventoryArgs", cls: "BedrockOrgInventory", inputs: ORG_INVENTORY_INPUTS, outputs: ORG_INVENTORY_OUTPUTS },
        { token: "bedrock-governance:index:BedrockGovernance", file: "components/governance/index.ts", args: "BedrockGovernanceArgs", cls: "BedrockGovernance", inputs: GOVERNANCE_INPUTS, outputs: GOVERNANCE_OUTPUTS },
    ];
    for (const c of cases) {
        describe(c.cls, () => {
            it("has every public argument, with its type, optional, and its doc comment as description", () => {
                const resource = schema.resources[c.token];
                const argsFile = c.cls === "BedrockGovernance" ? "components/governance/args.ts" : c.file;
                expect(Object.keys(resource.inputProperties!).sort()).to.deep.equal(declaredMembers(argsFile, c.args, "interface"));
                const types = Object.fromEntries(Object.entries(resource.inputProperties!).map(([k, p]) => [k, typeOf(p)]));
                expect(types).to.deep.equal(c.inputs);
                expect(resource.requiredInputs ?? []).to.deep.equal([]);
                for (const [key, property] of Object.entries(resource.inputProperties!)) {
                    expect(property.description, `${c.cls}.${key} description`).to.be.a("string").and.not.equal("");
                }
            });

            it("has every public output, with its type and description", () => {
                const resource = schema.resources[c.token];
                const outputs = resource.properties!;
                expect(Object.keys(outputs).sort()).to.deep.equal(Object.keys(c.outputs).sort());
                expect(Object.fromEntries(Object.entries(outputs).map(([k, p]) => [k, typeOf(p)]))).to.deep.equal(c.outputs);
                // Every public property of the class is an output (a TypeScript-only getter is not a property).
                expect(declaredMembers(c.file, c.cls, "class")).to.deep.equal(Object.keys(c.outputs).sort());
                for (const [key, property] of Object.entries(outputs)) {
                    expect(property.description, `${c.cls}.${key} description`).to.be.a("string").and.not.equal("");
                }
            });
        });
    }

    it("describes BedrockGovernance's nested argument types, enumerated values as plain strings", () => {
        const boundary = schema.types["bedrock-governance:index:GovernanceBoundaryArgs"].properties!;
        expect(typeOf(boundary.teams)).to.equal("string[]");
        const logging = schema.types["bedrock-governance:index:GovernanceLoggingArgs"].properties!;
        expect(typeOf(logging.invocationLogDestinations)).to.equal("string[]");
        expect(typeOf(logging.invocationLogData)).to.equal("string[]");
        const role = schema.types["bedrock-governance:index:GovernanceWorkloadRoleArgs"];
        expect(role.required).to.deep.equal(["name"]);
        expect(typeOf(role.properties!.crossAccountWorkloadPrincipals)).to.equal("string[]");
        expect(typeOf(role.properties!.externalId)).to.equal("string");
        expect(typeOf(role.properties!.crossAccountHumanPrincipals)).to.equal("string[]");
        expect(typeOf(schema.types["bedrock-governance:index:GovernanceNetworkArgs"].properties!.services)).to.equal("string[]");
        expect(Object.keys(schema.types).sort()).to.deep.equal(
            ["Alert", "BedrockPolicy", "Boundary", "ConfigRules", "CustomModelSharing", "Logging", "Network", "Scp", "WorkloadRole"].map((t) => `bedrock-governance:index:Governance${t}Args`),
        );
    });

    it("knows every property and output examples/yaml uses, nested ones included", () => {
        const program = yaml.load(fs.readFileSync(path.join(root, "examples", "yaml", "Pulumi.yaml"), "utf8")) as {
            resources: Record<string, { type: string; properties?: Record<string, unknown> }>;
            outputs: Record<string, string>;
        };
        const unknown: string[] = [];
        const check = (props: Record<string, unknown>, known: Record<string, SchemaProperty>, where: string) => {
            for (const [key, value] of Object.entries(props)) {
                const property = known[key];
                if (!property) {
                    unknown.push(`${where}.${key}`);
                } else if (property.$ref && value && typeof value === "object" && !Array.isArray(value)) {
                    check(value as Record<string, unknown>, schema.types[property.$ref.replace("#/types/", "")].properties!, `${where}.${key}`);
                }
            }
        };
        for (const [name, resource] of Object.entries(program.resources)) {
            const schemaResource = schema.resources[resource.type];
            expect(schemaResource, resource.type).to.not.equal(undefined);
            check(resource.properties ?? {}, schemaResource.inputProperties!, name);
        }
        for (const reference of Object.values(program.outputs)) {
            const [, name, output] = /^\$\{(\w+)\.(\w+)\}$/.exec(reference)!;
            if (!schema.resources[program.resources[name].type].properties![output]) unknown.push(`${name}.${output} (output)`);
        }
        expect(unknown).to.deep.equal([]);
    });

    describe("constructed through the provider, as another language's program constructs them", () => {
        beforeEach(resetRecordedResources);

        it("builds BedrockInventory from plain inputs and returns its outputs", async () => {
            const result = await provider.construct("inv", "bedrock-governance:index:BedrockInventory", { schedule: "rate(30 minutes)", toolLogGroups: ["/custom/tools"] }, {});
            const state = result.state as Record<string, pulumi.Output<unknown>>;
            expect(await valueOf(state.latestPrefix)).to.equal("latest/");
            await settle();
            const rule = recordedResources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule" && r.name === "inv-schedule");
            expect(rule?.inputs.scheduleExpression).to.equal("rate(30 minutes)");
            const fn = recordedResources.find((r) => r.type === "aws:lambda/function:Function" && r.name === "inv-function");
            expect(fn?.inputs.environment.variables.TOOL_LOG_GROUPS).to.equal("/custom/tools");
        });

        it("builds BedrockGovernance from nested plain inputs", async () => {
            const result = await provider.construct(
                "gov",
                "bedrock-governance:index:BedrockGovernance",
                { boundaries: { teams: ["ci"], vpcEndpointIds: ["vpce-0123456789abcdef0"] }, logging: { invocationLogDestinations: ["s3"] }, network: { enabled: false }, configRules: { enabled: false } },
                {},
            );
            const arns = await valueOf((result.state as Record<string, pulumi.Output<Record<string, string>>>).boundaryPolicyArns);
            expect(Object.keys(arns)).to.deep.equal(["ci"]);
        });

        it("rejects an enumerated value the component does not know, naming it and what is allowed", async () => {
            let error: unknown;
            try {
                await provider.construct("bad", "bedrock-governance:index:BedrockGovernance", { boundaries: { teams: ["developers"] } }, {});
            } catch (err) {
                error = err;
            }
            expect(String(error)).to.match(/teams.*developers[\s\S]*developer/);
        });

        it("rejects a type token outside the package", async () => {
            let error: unknown;
            try {
                await provider.construct("x", "other:index:BedrockInventory", {}, {});
            } catch (err) {
                error = err;
            }
            expect(String(error)).to.match(/Invalid package name other/);
        });
    });
});
