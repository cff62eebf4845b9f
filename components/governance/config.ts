// Settings of BedrockGovernance: defaults from the seeds, validation with errors worded
// `bedrock-governance:<key>: got <value>, expected <rule>`, and reading the stack config.
// components/config/ (issue 2) did not exist when this was written, so the validators are local.
import * as pulumi from "@pulumi/pulumi";
import {
    BedrockGovernanceArgs,
    GovernanceAlertArgs,
    GovernanceBoundaryArgs,
    GovernanceConfigRulesArgs,
    GovernanceLoggingArgs,
    GovernanceNetworkArgs,
    GovernanceScpArgs,
    GovernanceWorkloadRoleArgs,
} from "./args";
import { GovernanceConfigError } from "./documents/common";
import { MODEL_FAMILY_PATTERN } from "./documents/models";
import { Team, TEAMS } from "./documents/boundaries";
import { BEDROCK_DATA_EVENT_RESOURCE_TYPES } from "./documents/logging";

/** The stack config namespace and key this module reads. */
export const CONFIG_NAMESPACE = "bedrock-governance";
export const CONFIG_KEY = "governance";

export interface ResolvedScpSettings {
    readonly targetIds: string[];
    readonly denyApiKeys: boolean;
    readonly enforceApprovedModels: boolean;
    readonly deniedModelFamilies: string[];
    readonly approvedRegions: string[];
    readonly requireVpcEndpoint: boolean;
    readonly vpcEndpointIds: string[];
    readonly vpcEndpointExemptPrincipalArns: string[];
    readonly denyModelCustomization: boolean;
    readonly customizationAdminPrincipalArns: string[];
    readonly protectSecurityServices: boolean;
    readonly securityAdminPrincipalArns: string[];
    readonly requireGuardrail: boolean;
    readonly approvedGuardrailArns: string[];
    readonly existingPoliciesPerTarget: number;
}

export interface ResolvedBoundarySettings {
    readonly enabled: boolean;
    readonly teams: Team[];
    readonly modelRegions?: string[];
    readonly environmentTagKey: string;
    readonly productionTagValue: string;
    readonly vpcEndpointIds?: pulumi.Input<string>[];
}

export interface ResolvedConfigRuleSettings {
    readonly enabled: boolean;
    readonly useExistingRecorder: boolean;
    readonly recordedResourceTypes: string[];
    readonly cloudTrailRuleName: string;
    readonly vpcRuleName: string;
    readonly agentTagKey: string;
    readonly agentTagValue: string;
    readonly logRetentionDays: number;
}

export interface ResolvedAlertSettings {
    readonly enabled: boolean;
    readonly email?: string;
}

export interface ResolvedNetworkSettings {
    readonly enabled: boolean;
    readonly vpcId?: pulumi.Input<string>;
    readonly subnetIds?: pulumi.Input<string>[];
    readonly vpcCidr?: pulumi.Input<string>;
    readonly newVpcCidr: string;
    readonly availabilityZones?: string[];
}

export interface ResolvedLoggingSettings {
    readonly enabled: boolean;
    readonly trail: boolean;
    readonly trailName?: string;
    readonly multiRegionTrail: boolean;
    readonly dataEventResourceTypes: string[];
    readonly invocationLogging: boolean;
    readonly invocationLogsToCloudWatch: boolean;
    readonly invocationLogsToS3: boolean;
    readonly invocationLogData: ("text" | "image" | "embedding" | "video")[];
    readonly logRetentionDays: number;
}

/** Every part's settings with defaults applied; what the parts are built from. */
export interface GovernanceSettings {
    readonly approvedModelFamilies: string[];
    readonly additionalApprovedModelArns: string[];
    readonly scps: ResolvedScpSettings;
    readonly boundaries: ResolvedBoundarySettings;
    readonly workloadRoles: GovernanceWorkloadRoleArgs[];
    readonly configRules: ResolvedConfigRuleSettings;
    readonly alerts: ResolvedAlertSettings;
    readonly network: ResolvedNetworkSettings;
    readonly logging: ResolvedLoggingSettings;
    readonly tags: Record<string, string>;
}

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ORG_TARGET = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12}|r-[0-9a-z]{4,32})$/;
const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;
const PRINCIPAL_ARN_PATTERN = /^arn:[a-z*-]+:(iam|sts)::[0-9*]{1,12}:[A-Za-z0-9+=,.@_/*?-]+$/;
const CONFIG_RULE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const IPV4_CIDR = /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/;
const ROLE_SUFFIX = /^[a-z0-9][a-z0-9-]{0,40}$/;

/** A reader of one object level: knows its key path, rejects unknown keys, checks each value's type. */
class Fields {
    constructor(
        private readonly path: string,
        private readonly value: Record<string, unknown>,
    ) {}

    static of(path: string, value: unknown, known: readonly string[]): Fields {
        if (value === undefined || value === null) {
            return new Fields(path, {});
        }
        if (typeof value !== "object" || Array.isArray(value)) {
            throw new GovernanceConfigError(path, value, "an object");
        }
        for (const key of Object.keys(value)) {
            if (!known.includes(key)) {
                throw new GovernanceConfigError(`${path}.${key}`, (value as Record<string, unknown>)[key], `one of the keys ${known.join(", ")} (unknown key)`);
            }
        }
        return new Fields(path, value as Record<string, unknown>);
    }

    key(name: string): string {
        return `${this.path}.${name}`;
    }

    raw(name: string): unknown {
        return this.value[name];
    }

    boolean(name: string, fallback: boolean): boolean {
        const v = this.value[name];
        if (v === undefined) return fallback;
        if (typeof v !== "boolean") throw new GovernanceConfigError(this.key(name), v, "true or false");
        return v;
    }

    string(name: string, pattern: RegExp, rule: string): string | undefined {
        const v = this.value[name];
        if (v === undefined) return undefined;
        if (typeof v !== "string" || !pattern.test(v)) throw new GovernanceConfigError(this.key(name), v, rule);
        return v;
    }

    strings(name: string, pattern: RegExp, rule: string, fallback: string[]): string[] {
        const v = this.value[name];
        if (v === undefined) return [...fallback];
        if (!Array.isArray(v)) throw new GovernanceConfigError(this.key(name), v, `a list of ${rule}`);
        v.forEach((item, i) => {
            if (typeof item !== "string" || !pattern.test(item)) throw new GovernanceConfigError(`${this.key(name)}[${i}]`, item, rule);
        });
        return [...new Set(v as string[])];
    }

    /** A list whose plain-string items are checked now and whose Outputs are passed through. */
    inputs(name: string, pattern: RegExp, rule: string): pulumi.Input<string>[] | undefined {
        const v = this.value[name];
        if (v === undefined) return undefined;
        if (!Array.isArray(v)) throw new GovernanceConfigError(this.key(name), v, `a list of ${rule}`);
        v.forEach((item, i) => {
            if (typeof item === "string" ? !pattern.test(item) : !pulumi.Output.isInstance(item) && !(item instanceof Promise)) {
                throw new GovernanceConfigError(`${this.key(name)}[${i}]`, item, rule);
            }
        });
        return v as pulumi.Input<string>[];
    }

    input(name: string, pattern: RegExp, rule: string): pulumi.Input<string> | undefined {
        const v = this.value[name];
        if (v === undefined) return undefined;
        if (typeof v === "string" ? !pattern.test(v) : !pulumi.Output.isInstance(v) && !(v instanceof Promise)) {
            throw new GovernanceConfigError(this.key(name), v, rule);
        }
        return v as pulumi.Input<string>;
    }

    integer(name: string, allowed: (n: number) => boolean, rule: string, fallback: number): number {
        const v = this.value[name];
        if (v === undefined) return fallback;
        if (typeof v !== "number" || !Number.isInteger(v) || !allowed(v)) throw new GovernanceConfigError(this.key(name), v, rule);
        return v;
    }

    oneOfEach<T extends string>(name: string, allowed: readonly T[], fallback: T[], allowEmpty = false): T[] {
        const v = this.value[name];
        if (v === undefined) return [...fallback];
        const rule = `a list of ${allowed.map((a) => `"${a}"`).join(", ")}${allowEmpty ? "" : " (at least one)"}`;
        if (!Array.isArray(v) || (!allowEmpty && v.length === 0)) throw new GovernanceConfigError(this.key(name), v, rule);
        v.forEach((item, i) => {
            if (!allowed.includes(item as T)) throw new GovernanceConfigError(`${this.key(name)}[${i}]`, item, rule);
        });
        return [...new Set(v as T[])];
    }
}

const ROOT = "governance";

function resolveScps(raw: GovernanceScpArgs | undefined, approvedFamilies: string[]): ResolvedScpSettings {
    const f = Fields.of(`${ROOT}.scps`, raw, [
        "targetIds", "denyApiKeys", "enforceApprovedModels", "deniedModelFamilies", "approvedRegions", "requireVpcEndpoint",
        "vpcEndpointIds", "vpcEndpointExemptPrincipalArns", "denyModelCustomization", "customizationAdminPrincipalArns",
        "protectSecurityServices", "securityAdminPrincipalArns", "requireGuardrail", "approvedGuardrailArns", "existingPoliciesPerTarget",
    ]);
    const principalRule = "an IAM principal ARN or pattern (arn:aws:iam::<account or *>:role/<name>)";
    const deniedModelFamilies = f.strings("deniedModelFamilies", MODEL_FAMILY_PATTERN, "a model family such as deepseek (lower-case letters, digits, dashes)", ["deepseek", "cohere"]);
    const both = deniedModelFamilies.filter((family) => approvedFamilies.includes(family));
    if (both.length > 0) {
        throw new GovernanceConfigError(`${ROOT}.scps.deniedModelFamilies`, both, "no family that approvedModelFamilies also approves");
    }
    const settings: ResolvedScpSettings = {
        targetIds: f.strings("targetIds", ORG_TARGET, "an OU id (ou-xxxx-xxxxxxxx), an account id (12 digits) or a root id (r-xxxx)", []),
        denyApiKeys: f.boolean("denyApiKeys", true),
        enforceApprovedModels: f.boolean("enforceApprovedModels", true),
        deniedModelFamilies,
        approvedRegions: f.strings("approvedRegions", REGION, "an AWS region such as us-east-1", ["ap-northeast-1", "us-east-1"]),
        requireVpcEndpoint: f.boolean("requireVpcEndpoint", true),
        vpcEndpointIds: f.strings("vpcEndpointIds", VPC_ENDPOINT_ID, "a VPC endpoint id (vpce- and 8 to 17 hex digits)", []),
        vpcEndpointExemptPrincipalArns: f.strings("vpcEndpointExemptPrincipalArns", PRINCIPAL_ARN_PATTERN, principalRule, []),
        denyModelCustomization: f.boolean("denyModelCustomization", true),
        customizationAdminPrincipalArns: f.strings("customizationAdminPrincipalArns", PRINCIPAL_ARN_PATTERN, principalRule, ["arn:aws:iam::*:role/bedrock-admin"]),
        protectSecurityServices: f.boolean("protectSecurityServices", true),
        securityAdminPrincipalArns: f.strings("securityAdminPrincipalArns", PRINCIPAL_ARN_PATTERN, principalRule, ["arn:aws:iam::*:role/security-admin"]),
        requireGuardrail: f.boolean("requireGuardrail", false),
        approvedGuardrailArns: f.strings("approvedGuardrailArns", /^arn:[a-z-]+:bedrock:[a-z0-9*-]+:[0-9*]{1,12}:guardrail\/[A-Za-z0-9*:?]+$/, "a guardrail ARN (arn:aws:bedrock:<region>:<account>:guardrail/<id>)", []),
        existingPoliciesPerTarget: f.integer("existingPoliciesPerTarget", (n) => n >= 0 && n <= 4, "an integer from 0 to 4 (AWS allows 5 SCPs per target)", 1),
    };
    if (settings.denyModelCustomization && settings.customizationAdminPrincipalArns.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.scps.customizationAdminPrincipalArns`, [], "at least one admin principal pattern while denyModelCustomization is on");
    }
    if (settings.protectSecurityServices && settings.securityAdminPrincipalArns.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.scps.securityAdminPrincipalArns`, [], "at least one security admin principal pattern while protectSecurityServices is on");
    }
    return settings;
}

function resolveBoundaries(raw: GovernanceBoundaryArgs | undefined): ResolvedBoundarySettings {
    const f = Fields.of(`${ROOT}.boundaries`, raw, ["enabled", "teams", "modelRegions", "environmentTagKey", "productionTagValue", "vpcEndpointIds"]);
    const regions = f.raw("modelRegions") === undefined ? undefined : f.strings("modelRegions", REGION, "an AWS region such as us-east-1", []);
    if (regions !== undefined && regions.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.boundaries.modelRegions`, [], "at least one AWS region");
    }
    return {
        enabled: f.boolean("enabled", true),
        teams: f.oneOfEach("teams", TEAMS, [...TEAMS]),
        modelRegions: regions,
        environmentTagKey: f.string("environmentTagKey", /^[A-Za-z0-9 _.:/=+@-]{1,128}$/, "a tag key (1 to 128 characters)") ?? "Environment",
        productionTagValue: f.string("productionTagValue", /^[A-Za-z0-9 _.:/=+@-]{1,256}$/, "a tag value (1 to 256 characters)") ?? "production",
        vpcEndpointIds: f.inputs("vpcEndpointIds", VPC_ENDPOINT_ID, "a VPC endpoint id (vpce- and 8 to 17 hex digits)"),
    };
}

function resolveWorkloadRoles(raw: unknown): GovernanceWorkloadRoleArgs[] {
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) throw new GovernanceConfigError(`${ROOT}.workloadRoles`, raw, "a list of workload roles");
    const seen = new Set<string>();
    return raw.map((item, i) => {
        const path = `${ROOT}.workloadRoles[${i}]`;
        const f = Fields.of(path, item, ["name", "modelArns", "agentAliasArns", "trustedServices", "permissionsBoundaryArn", "vpcEndpointIds"]);
        const name = f.string("name", ROLE_SUFFIX, "a role name suffix (lower-case letters, digits, dashes; up to 41)");
        if (name === undefined) throw new GovernanceConfigError(`${path}.name`, undefined, "a role name suffix");
        if (seen.has(name)) throw new GovernanceConfigError(`${path}.name`, name, "a name no other workload role uses");
        seen.add(name);
        // The ARNs are checked by the role factory itself, which names each bad entry.
        const anyString = /^.*$/s;
        return {
            name,
            modelArns: f.inputs("modelArns", anyString, "a model ARN"),
            agentAliasArns: f.inputs("agentAliasArns", anyString, "an agent alias ARN"),
            trustedServices: f.strings("trustedServices", /^[a-z0-9.-]+\.amazonaws\.com$/, "a service principal such as lambda.amazonaws.com", ["lambda.amazonaws.com"]),
            permissionsBoundaryArn: f.input("permissionsBoundaryArn", /^arn:[a-z-]+:iam::(\d{12}|aws):policy\/.+$/, "an IAM policy ARN"),
            vpcEndpointIds: f.inputs("vpcEndpointIds", VPC_ENDPOINT_ID, "a VPC endpoint id (vpce- and 8 to 17 hex digits)"),
        };
    });
}

function resolveConfigRules(raw: GovernanceConfigRulesArgs | undefined): ResolvedConfigRuleSettings {
    const f = Fields.of(`${ROOT}.configRules`, raw, [
        "enabled", "useExistingRecorder", "recordedResourceTypes", "cloudTrailRuleName", "vpcRuleName", "agentTagKey", "agentTagValue", "logRetentionDays",
    ]);
    const ruleName = "a Config rule name (letters, digits, _ and -, up to 128)";
    const settings: ResolvedConfigRuleSettings = {
        enabled: f.boolean("enabled", true),
        useExistingRecorder: f.boolean("useExistingRecorder", false),
        recordedResourceTypes: f.strings("recordedResourceTypes", /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/, "a Config resource type such as AWS::Lambda::Function", [
            "AWS::Lambda::Function",
            "AWS::IAM::Role",
            "AWS::CloudTrail::Trail",
        ]),
        cloudTrailRuleName: f.string("cloudTrailRuleName", CONFIG_RULE_NAME, ruleName) ?? "cloudtrail-enabled-bedrock",
        vpcRuleName: f.string("vpcRuleName", CONFIG_RULE_NAME, ruleName) ?? "bedrock-agent-vpc-required",
        agentTagKey: f.string("agentTagKey", /^[A-Za-z0-9 _.:/=+@-]{1,128}$/, "a tag key (1 to 128 characters)") ?? "BedrockAgent",
        agentTagValue: f.string("agentTagValue", /^[A-Za-z0-9 _.:/=+@-]{0,256}$/, "a tag value (up to 256 characters)") ?? "true",
        logRetentionDays: f.integer("logRetentionDays", (n) => LOG_RETENTION_DAYS.includes(n), `one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention)`, 90),
    };
    if (!settings.recordedResourceTypes.includes("AWS::Lambda::Function") && !settings.useExistingRecorder) {
        throw new GovernanceConfigError(`${ROOT}.configRules.recordedResourceTypes`, settings.recordedResourceTypes, "a list that includes AWS::Lambda::Function (the custom rule evaluates it)");
    }
    if (settings.cloudTrailRuleName === settings.vpcRuleName) {
        throw new GovernanceConfigError(`${ROOT}.configRules.vpcRuleName`, settings.vpcRuleName, "a name different from cloudTrailRuleName");
    }
    return settings;
}

function resolveAlerts(raw: GovernanceAlertArgs | undefined): ResolvedAlertSettings {
    const f = Fields.of(`${ROOT}.alerts`, raw, ["enabled", "email"]);
    const email = f.string("email", EMAIL, "an e-mail address");
    const enabled = f.boolean("enabled", email !== undefined);
    if (enabled && email === undefined) {
        throw new GovernanceConfigError(`${ROOT}.alerts.email`, undefined, "an e-mail address while alerts are enabled");
    }
    return { enabled, email };
}

function resolveNetwork(raw: GovernanceNetworkArgs | undefined): ResolvedNetworkSettings {
    const f = Fields.of(`${ROOT}.network`, raw, ["enabled", "vpcId", "subnetIds", "vpcCidr", "newVpcCidr", "availabilityZones"]);
    const vpcId = f.input("vpcId", /^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc- and 8 to 17 hex digits)");
    const subnetIds = f.inputs("subnetIds", /^subnet-[0-9a-f]{8,17}$/, "a subnet id (subnet- and 8 to 17 hex digits)");
    const vpcCidr = f.input("vpcCidr", /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "an IPv4 CIDR block such as 10.0.0.0/16");
    const given = [vpcId, subnetIds, vpcCidr].filter((v) => v !== undefined).length;
    if (given !== 0 && given !== 3) {
        throw new GovernanceConfigError(`${ROOT}.network`, { vpcId: vpcId !== undefined, subnetIds: subnetIds !== undefined, vpcCidr: vpcCidr !== undefined }, "vpcId, subnetIds and vpcCidr together, or none of them (a new VPC)");
    }
    if (subnetIds !== undefined && subnetIds.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.network.subnetIds`, [], "at least one subnet id");
    }
    const availabilityZones = f.raw("availabilityZones") === undefined ? undefined : f.strings("availabilityZones", /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "an availability zone such as us-east-1a", []);
    if (availabilityZones !== undefined && availabilityZones.length < 2) {
        throw new GovernanceConfigError(`${ROOT}.network.availabilityZones`, availabilityZones, "at least two availability zones");
    }
    return {
        enabled: f.boolean("enabled", true),
        vpcId,
        subnetIds,
        vpcCidr,
        newVpcCidr: f.string("newVpcCidr", IPV4_CIDR, "an IPv4 CIDR block from /16 to /24") ?? "10.42.0.0/16",
        availabilityZones,
    };
}

function resolveLogging(raw: GovernanceLoggingArgs | undefined): ResolvedLoggingSettings {
    const f = Fields.of(`${ROOT}.logging`, raw, [
        "enabled", "trail", "trailName", "multiRegionTrail", "dataEventResourceTypes", "invocationLogging", "invocationLogDestinations", "invocationLogData", "logRetentionDays",
    ]);
    const destinations = f.oneOfEach("invocationLogDestinations", ["cloudwatch", "s3"] as const, ["cloudwatch", "s3"]);
    return {
        enabled: f.boolean("enabled", true),
        trail: f.boolean("trail", true),
        trailName: f.string("trailName", /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/, "a trail name (3 to 128 letters, digits, . _ -; starting with a letter or digit)"),
        multiRegionTrail: f.boolean("multiRegionTrail", true),
        dataEventResourceTypes: f.strings("dataEventResourceTypes", /^AWS::Bedrock::[A-Za-z]+$/, "a Bedrock data-event resource type such as AWS::Bedrock::AgentAlias", [...BEDROCK_DATA_EVENT_RESOURCE_TYPES]),
        invocationLogging: f.boolean("invocationLogging", true),
        invocationLogsToCloudWatch: destinations.includes("cloudwatch"),
        invocationLogsToS3: destinations.includes("s3"),
        invocationLogData: f.oneOfEach("invocationLogData", ["text", "image", "embedding", "video"] as const, ["text"], true),
        logRetentionDays: f.integer("logRetentionDays", (n) => LOG_RETENTION_DAYS.includes(n), `one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention)`, 365),
    };
}

/** Applies the seeds' defaults to `args` and validates every value; throws a GovernanceConfigError on the first bad one. */
export function resolveGovernanceSettings(args: BedrockGovernanceArgs | undefined): GovernanceSettings {
    const f = Fields.of(ROOT, args, [
        "approvedModelFamilies", "additionalApprovedModelArns", "scps", "boundaries", "workloadRoles", "configRules", "alerts", "network", "logging", "tags",
    ]);
    const approvedModelFamilies = f.strings("approvedModelFamilies", MODEL_FAMILY_PATTERN, "a model family such as anthropic (lower-case letters, digits, dashes)", ["anthropic", "amazon"]);
    if (approvedModelFamilies.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.approvedModelFamilies`, [], "at least one model family");
    }
    const tagsRaw = f.raw("tags") ?? { Purpose: "bedrock-governance" };
    if (typeof tagsRaw !== "object" || Array.isArray(tagsRaw) || Object.values(tagsRaw as object).some((v) => typeof v !== "string")) {
        throw new GovernanceConfigError(`${ROOT}.tags`, tagsRaw, "a map of tag names to string values");
    }
    return {
        approvedModelFamilies,
        additionalApprovedModelArns: f.strings("additionalApprovedModelArns", /^arn:[a-z-]+:bedrock:[a-z0-9-]+:(\d{12})?:[a-z-]+\/[A-Za-z0-9._:\/-]+$/, "an exact Bedrock model ARN (no wildcards)", []),
        scps: resolveScps(f.raw("scps") as GovernanceScpArgs | undefined, approvedModelFamilies),
        boundaries: resolveBoundaries(f.raw("boundaries") as GovernanceBoundaryArgs | undefined),
        workloadRoles: resolveWorkloadRoles(f.raw("workloadRoles")),
        configRules: resolveConfigRules(f.raw("configRules") as GovernanceConfigRulesArgs | undefined),
        alerts: resolveAlerts(f.raw("alerts") as GovernanceAlertArgs | undefined),
        network: resolveNetwork(f.raw("network") as GovernanceNetworkArgs | undefined),
        logging: resolveLogging(f.raw("logging") as GovernanceLoggingArgs | undefined),
        tags: tagsRaw as Record<string, string>,
    };
}

/**
 * Reads `bedrock-governance:governance` from the stack config (an object in Pulumi.<stack>.yaml),
 * validates it, and returns it as BedrockGovernanceArgs. Absent: `{}` (every default).
 */
export function readGovernanceConfig(config: Pick<pulumi.Config, "get" | "getObject"> = new pulumi.Config(CONFIG_NAMESPACE)): BedrockGovernanceArgs {
    let raw: unknown;
    try {
        raw = config.getObject<unknown>(CONFIG_KEY);
    } catch {
        throw new GovernanceConfigError(CONFIG_KEY, config.get(CONFIG_KEY), "a YAML/JSON object");
    }
    const args = (raw ?? {}) as BedrockGovernanceArgs;
    resolveGovernanceSettings(args);
    return args;
}
