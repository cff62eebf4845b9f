// Settings of BedrockGovernance: defaults from the seeds, validation with errors worded
// `bedrock-governance:<key>: got <value>, expected <rule>`, and reading the stack config.
// The component's own arguments are checked here; the stack keys are read with the project's
// StackConfigReader and validators from components/config/.
import * as pulumi from "@pulumi/pulumi";
import {
    BedrockGovernanceArgs,
    GovernanceAlertArgs,
    GovernanceBedrockPolicyArgs,
    GovernanceBoundaryArgs,
    GovernanceConfigRulesArgs,
    GovernanceCustomModelSharingArgs,
    GovernanceLoggingArgs,
    GovernanceNetworkArgs,
    GovernanceScpArgs,
    GovernanceWorkloadRoleArgs,
} from "./args";
import { GovernanceConfigError } from "./documents/common";
import { ConfigSection, StackConfigReader } from "../config/stack";
import { CLOUDWATCH_RETENTION_DAYS, emailAddress, logRetentionDays, Validator } from "../config/validators";
import { INFERENCE_PROFILE_GEOGRAPHIES, MODEL_FAMILY_PATTERN } from "./documents/models";
import { ROLE_ARN_PATTERN } from "./documents/scps";
import { Team, TEAMS } from "./documents/boundaries";
import { BEDROCK_DATA_EVENT_RESOURCE_TYPES } from "./documents/logging";
import { managedConfigRule, managedRuleName, MANAGED_RULE_IDENTIFIERS } from "./documents/managed-config-rules";
import {
    CONTENT_GUARDING_MODES,
    ContentGuardingMode,
    ENFORCED_MODEL_ID,
    ENFORCED_MODEL_ID_RULE,
    guardrailRegion,
    VERSIONED_GUARDRAIL_ARN,
    VERSIONED_GUARDRAIL_ARN_RULE,
} from "./documents/bedrock-policy";
import { ENDPOINT_SERVICES, EndpointService } from "./documents/endpoints";
import { CUSTOM_MODEL_ARN, CUSTOM_MODEL_ARN_RULE, SHARE_NAME, SHARE_NAME_RULE } from "./documents/custom-model-sharing";
import { EXTERNAL_ID, EXTERNAL_ID_RULE, TRUSTED_PRINCIPAL, TRUSTED_PRINCIPAL_RULE } from "./documents/workload-role";

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
    readonly inferenceProfileGeographies: string[];
    readonly protectExemptRoles: boolean;
    readonly roleAdminPrincipalArns: string[];
    readonly protectedBoundaryPolicyArns: string[];
    readonly agentCoreRequireVpc: boolean;
    readonly agentCoreSubnetIds: string[];
    readonly agentCoreSecurityGroupIds: string[];
    readonly agentCoreRequireGatewayAuthorizer: boolean;
    readonly agentCoreRequirePolicyEngineEnforce: boolean;
    readonly agentCoreRequireCustomerManagedKey: boolean;
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
    /** Identifiers of the AWS Config managed rules to deploy (issue 15), in catalog order. */
    readonly managedRules: string[];
    readonly managedRuleNameSuffix: string;
}

export interface ResolvedBedrockPolicySettings {
    /** Versioned guardrail ARNs, at most one per Region; empty: no BEDROCK_POLICY. */
    readonly guardrailArns: string[];
    readonly targetIds: string[];
    readonly systemGuarding?: ContentGuardingMode;
    readonly messagesGuarding?: ContentGuardingMode;
    readonly includedModels: string[];
    readonly excludedModels: string[];
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
    readonly services: EndpointService[];
}

export interface ResolvedCustomModelSharingSettings {
    readonly modelArns: string[];
    readonly accountIds: string[];
    readonly shareName?: string;
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
    readonly bedrockPolicy: ResolvedBedrockPolicySettings;
    readonly boundaries: ResolvedBoundarySettings;
    readonly workloadRoles: GovernanceWorkloadRoleArgs[];
    readonly configRules: ResolvedConfigRuleSettings;
    readonly alerts: ResolvedAlertSettings;
    readonly network: ResolvedNetworkSettings;
    readonly logging: ResolvedLoggingSettings;
    readonly customModelSharing: ResolvedCustomModelSharingSettings;
    readonly tags: Record<string, string>;
}

const LOG_RETENTION_DAYS = CLOUDWATCH_RETENTION_DAYS;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ORG_TARGET = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12}|r-[0-9a-z]{4,32})$/;
const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;
const PRINCIPAL_ARN_PATTERN = /^arn:[a-z*-]+:(iam|sts)::[0-9*]{1,12}:[A-Za-z0-9+=,.@_/*?-]+$/;
const CONFIG_RULE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const IPV4_CIDR = /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/;
const ROLE_SUFFIX = /^[a-z0-9][a-z0-9-]{0,40}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SUBNET_RULE = "a subnet id (subnet- and 8 to 17 hex digits)";
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_RULE = "a security group id (sg- and 8 to 17 hex digits)";

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
const GEOGRAPHY = new RegExp(`^(${Object.keys(INFERENCE_PROFILE_GEOGRAPHIES).join("|")})$`);
const GEOGRAPHY_RULE = `a cross-region inference geography: ${Object.keys(INFERENCE_PROFILE_GEOGRAPHIES).join(", ")}`;
const DEFAULT_ROLE_ADMINS = ["arn:aws:iam::*:role/security-admin", "arn:aws:iam::*:role/OrganizationAccountAccessRole"];

/**
 * A geography's profiles are called from one of its source Regions; with a region rule, that
 * Region must be approved or the geography can never be used (its profiles would be approved by
 * EnforceApprovedModels and denied by DenyOutsideApprovedRegions in every Region).
 */
function checkProfileGeographies(s: ResolvedScpSettings): void {
    if (s.approvedRegions.length === 0) return;
    s.inferenceProfileGeographies.forEach((geo, i) => {
        if (!s.approvedRegions.some((region) => INFERENCE_PROFILE_GEOGRAPHIES[geo].isSource(region))) {
            throw new GovernanceConfigError(
                `${ROOT}.scps.inferenceProfileGeographies[${i}]`,
                geo,
                `a geography with a source Region among approvedRegions (${s.approvedRegions.join(", ")}): add one of ${geo}'s source Regions (${INFERENCE_PROFILE_GEOGRAPHIES[geo].sources}) to approvedRegions, or remove ${geo}`,
            );
        }
    });
}

/**
 * ProtectExemptRoles protects roles by their ARN. A user pattern could still be extended through
 * its groups (iam:AddUserToGroup acts on the group, not the user), and an sts assumed-role pattern
 * never matches aws:PrincipalArn (a role session's aws:PrincipalArn is the role's ARN): either
 * would be an exemption that cannot be protected, so they are refused while the protection is on.
 */
function checkExemptionsAreRoles(s: ResolvedScpSettings): void {
    const lists: [string, string[], boolean][] = [
        ["vpcEndpointExemptPrincipalArns", s.vpcEndpointExemptPrincipalArns, s.requireVpcEndpoint],
        ["customizationAdminPrincipalArns", s.customizationAdminPrincipalArns, s.denyModelCustomization],
        ["securityAdminPrincipalArns", s.securityAdminPrincipalArns, s.protectSecurityServices],
        ["roleAdminPrincipalArns", s.roleAdminPrincipalArns, true],
    ];
    for (const [name, patterns, used] of lists) {
        if (!used) continue;
        patterns.forEach((pattern, i) => {
            if (!ROLE_ARN_PATTERN.test(pattern)) {
                throw new GovernanceConfigError(
                    `${ROOT}.scps.${name}[${i}]`,
                    pattern,
                    "a role ARN pattern (arn:aws:iam::<account or *>:role/<path/name>) while protectExemptRoles is on: a user's or session's exemption cannot be kept from being claimed",
                );
            }
        });
    }
    if (s.roleAdminPrincipalArns.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.scps.roleAdminPrincipalArns`, [], "at least one role admin pattern while protectExemptRoles is on (otherwise nobody could create the exempt roles)");
    }
}

function resolveScps(raw: GovernanceScpArgs | undefined, approvedFamilies: string[]): ResolvedScpSettings {
    const f = Fields.of(`${ROOT}.scps`, raw, [
        "targetIds", "denyApiKeys", "enforceApprovedModels", "deniedModelFamilies", "approvedRegions", "requireVpcEndpoint",
        "vpcEndpointIds", "vpcEndpointExemptPrincipalArns", "denyModelCustomization", "customizationAdminPrincipalArns",
        "protectSecurityServices", "securityAdminPrincipalArns", "requireGuardrail", "approvedGuardrailArns", "existingPoliciesPerTarget",
        "inferenceProfileGeographies", "protectExemptRoles", "roleAdminPrincipalArns", "protectedBoundaryPolicyArns",
        "agentCoreRequireVpc", "agentCoreSubnetIds", "agentCoreSecurityGroupIds", "agentCoreRequireGatewayAuthorizer",
        "agentCoreRequirePolicyEngineEnforce", "agentCoreRequireCustomerManagedKey",
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
        // Bedrock agents and knowledge bases call models with their service role from Bedrock's
        // own network, never through a VPC endpoint: without this exemption they stop working.
        vpcEndpointExemptPrincipalArns: f.strings("vpcEndpointExemptPrincipalArns", PRINCIPAL_ARN_PATTERN, principalRule, [
            "arn:aws:iam::*:role/service-role/AmazonBedrockExecutionRoleFor*",
        ]),
        denyModelCustomization: f.boolean("denyModelCustomization", true),
        customizationAdminPrincipalArns: f.strings("customizationAdminPrincipalArns", PRINCIPAL_ARN_PATTERN, principalRule, ["arn:aws:iam::*:role/bedrock-admin"]),
        protectSecurityServices: f.boolean("protectSecurityServices", true),
        securityAdminPrincipalArns: f.strings("securityAdminPrincipalArns", PRINCIPAL_ARN_PATTERN, principalRule, ["arn:aws:iam::*:role/security-admin"]),
        requireGuardrail: f.boolean("requireGuardrail", false),
        approvedGuardrailArns: f.strings("approvedGuardrailArns", /^arn:[a-z-]+:bedrock:[a-z0-9*-]+:[0-9*]{1,12}:guardrail\/[A-Za-z0-9*:?]+$/, "a guardrail ARN (arn:aws:bedrock:<region>:<account>:guardrail/<id>)", []),
        existingPoliciesPerTarget: f.integer("existingPoliciesPerTarget", (n) => n >= 0 && n <= 4, "an integer from 0 to 4 (AWS allows 5 SCPs per target)", 1),
        inferenceProfileGeographies: f.strings("inferenceProfileGeographies", GEOGRAPHY, GEOGRAPHY_RULE, []),
        protectExemptRoles: f.boolean("protectExemptRoles", true),
        roleAdminPrincipalArns: f.strings("roleAdminPrincipalArns", PRINCIPAL_ARN_PATTERN, principalRule, [...DEFAULT_ROLE_ADMINS]),
        protectedBoundaryPolicyArns: f.strings(
            "protectedBoundaryPolicyArns",
            /^arn:[a-z*-]+:iam::[0-9*?]{1,12}:policy\/[A-Za-z0-9+=,.@_/*?-]+$/,
            "a managed-policy ARN or pattern (arn:aws:iam::<account or *>:policy/<path/name>)",
            [],
        ),
        agentCoreRequireVpc: f.boolean("agentCoreRequireVpc", false),
        agentCoreSubnetIds: f.strings("agentCoreSubnetIds", SUBNET_ID, SUBNET_RULE, []),
        agentCoreSecurityGroupIds: f.strings("agentCoreSecurityGroupIds", SECURITY_GROUP_ID, SECURITY_GROUP_RULE, []),
        agentCoreRequireGatewayAuthorizer: f.boolean("agentCoreRequireGatewayAuthorizer", false),
        agentCoreRequirePolicyEngineEnforce: f.boolean("agentCoreRequirePolicyEngineEnforce", false),
        agentCoreRequireCustomerManagedKey: f.boolean("agentCoreRequireCustomerManagedKey", false),
    };
    if (!settings.agentCoreRequireVpc && (settings.agentCoreSubnetIds.length > 0 || settings.agentCoreSecurityGroupIds.length > 0)) {
        throw new GovernanceConfigError(
            `${ROOT}.scps.${settings.agentCoreSubnetIds.length > 0 ? "agentCoreSubnetIds" : "agentCoreSecurityGroupIds"}`,
            settings.agentCoreSubnetIds.length > 0 ? settings.agentCoreSubnetIds : settings.agentCoreSecurityGroupIds,
            "no list while agentCoreRequireVpc is false (the lists only narrow RequireAgentCoreVpc)",
        );
    }
    checkProfileGeographies(settings);
    if (settings.protectExemptRoles) {
        checkExemptionsAreRoles(settings);
    }
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
        const f = Fields.of(path, item, [
            "name", "modelArns", "agentAliasArns", "trustedServices", "permissionsBoundaryArn", "vpcEndpointIds",
            "crossAccountWorkloadPrincipals", "externalId", "crossAccountHumanPrincipals",
        ]);
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
            // Cross-account trust: the shapes are checked here, the rules across them (an ExternalId
            // for workload principals) by the role factory, which names the role.
            crossAccountWorkloadPrincipals: f.strings("crossAccountWorkloadPrincipals", TRUSTED_PRINCIPAL, TRUSTED_PRINCIPAL_RULE, []),
            externalId: f.string("externalId", EXTERNAL_ID, EXTERNAL_ID_RULE),
            crossAccountHumanPrincipals: f.strings("crossAccountHumanPrincipals", TRUSTED_PRINCIPAL, TRUSTED_PRINCIPAL_RULE, []),
        };
    });
}

function resolveConfigRules(raw: GovernanceConfigRulesArgs | undefined): ResolvedConfigRuleSettings {
    const f = Fields.of(`${ROOT}.configRules`, raw, [
        "enabled", "useExistingRecorder", "recordedResourceTypes", "cloudTrailRuleName", "vpcRuleName", "agentTagKey", "agentTagValue", "logRetentionDays",
        "managedRules", "managedRuleNameSuffix",
    ]);
    const managed = f.oneOfEach("managedRules", MANAGED_RULE_IDENTIFIERS, [], true);
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
        managedRules: MANAGED_RULE_IDENTIFIERS.filter((id) => managed.includes(id)),
        managedRuleNameSuffix: f.string("managedRuleNameSuffix", MANAGED_RULE_SUFFIX, MANAGED_RULE_SUFFIX_RULE) ?? "",
    };
    const names = [settings.cloudTrailRuleName, settings.vpcRuleName];
    for (const id of settings.managedRules) {
        const name = managedRuleName(managedConfigRule(id), settings.managedRuleNameSuffix);
        if (names.includes(name)) {
            throw new GovernanceConfigError(`${ROOT}.configRules.managedRules`, id, `a rule whose name ${name} no other rule of this component uses (rename cloudTrailRuleName or vpcRuleName)`);
        }
        names.push(name);
    }
    if (!settings.recordedResourceTypes.includes("AWS::Lambda::Function") && !settings.useExistingRecorder) {
        throw new GovernanceConfigError(`${ROOT}.configRules.recordedResourceTypes`, settings.recordedResourceTypes, "a list that includes AWS::Lambda::Function (the custom rule evaluates it)");
    }
    if (settings.cloudTrailRuleName === settings.vpcRuleName) {
        throw new GovernanceConfigError(`${ROOT}.configRules.vpcRuleName`, settings.vpcRuleName, "a name different from cloudTrailRuleName");
    }
    return settings;
}

const MANAGED_RULE_SUFFIX = /^[A-Za-z0-9_-]{0,40}$/;
const MANAGED_RULE_SUFFIX_RULE = "a rule name suffix (letters, digits, _ and -, up to 40)";

function resolveBedrockPolicy(raw: GovernanceBedrockPolicyArgs | undefined, scpTargets: string[]): ResolvedBedrockPolicySettings {
    const path = `${ROOT}.bedrockPolicy`;
    const f = Fields.of(path, raw, ["guardrailArns", "targetIds", "systemGuarding", "messagesGuarding", "includedModels", "excludedModels"]);
    const guardrailArns = f.strings("guardrailArns", VERSIONED_GUARDRAIL_ARN, VERSIONED_GUARDRAIL_ARN_RULE, []);
    const seen = new Map<string, string>();
    guardrailArns.forEach((arn, i) => {
        const region = guardrailRegion(arn);
        if (seen.has(region)) {
            throw new GovernanceConfigError(`${path}.guardrailArns[${i}]`, arn, `at most one guardrail per Region (${seen.get(region)} is already enforced in ${region})`);
        }
        seen.set(region, arn);
    });
    const mode = (name: string): ContentGuardingMode | undefined => {
        const v = f.raw(name);
        if (v === undefined) return undefined;
        if (!CONTENT_GUARDING_MODES.includes(v as ContentGuardingMode)) {
            throw new GovernanceConfigError(`${path}.${name}`, v, `one of ${CONTENT_GUARDING_MODES.map((m) => `"${m}"`).join(", ")}`);
        }
        return v as ContentGuardingMode;
    };
    const settings: ResolvedBedrockPolicySettings = {
        guardrailArns,
        targetIds: f.raw("targetIds") === undefined ? [...scpTargets] : f.strings("targetIds", ORG_TARGET, "an OU id (ou-xxxx-xxxxxxxx), an account id (12 digits) or a root id (r-xxxx)", []),
        systemGuarding: mode("systemGuarding"),
        messagesGuarding: mode("messagesGuarding"),
        includedModels: f.strings("includedModels", ENFORCED_MODEL_ID, ENFORCED_MODEL_ID_RULE, ["ALL"]),
        excludedModels: f.strings("excludedModels", ENFORCED_MODEL_ID, ENFORCED_MODEL_ID_RULE, []),
    };
    if (settings.includedModels.length === 0) {
        throw new GovernanceConfigError(`${path}.includedModels`, [], "at least one model id, or ALL");
    }
    if (settings.includedModels.length > 1 && settings.includedModels.includes("ALL")) {
        throw new GovernanceConfigError(`${path}.includedModels`, settings.includedModels, "either [\"ALL\"] or a list of model ids, not both");
    }
    if (settings.excludedModels.includes("ALL")) {
        throw new GovernanceConfigError(`${path}.excludedModels`, settings.excludedModels, "model ids (ALL would exclude every model: remove the guardrails instead)");
    }
    if (guardrailArns.length > 0 && settings.targetIds.length === 0) {
        throw new GovernanceConfigError(`${path}.targetIds`, [], "at least one OU, account or root id while guardrailArns is set (default: scps.targetIds)");
    }
    if (guardrailArns.length === 0 && raw !== undefined && [settings.systemGuarding, settings.messagesGuarding, f.raw("includedModels"), f.raw("excludedModels")].some((v) => v !== undefined)) {
        throw new GovernanceConfigError(`${path}.guardrailArns`, [], "at least one guardrail ARN when the policy's other settings are given (they only shape the guardrails' enforcement)");
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
    const f = Fields.of(`${ROOT}.network`, raw, ["enabled", "vpcId", "subnetIds", "vpcCidr", "newVpcCidr", "availabilityZones", "services"]);
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
        services: f.oneOfEach("services", ENDPOINT_SERVICES, [...ENDPOINT_SERVICES]),
    };
}

function resolveCustomModelSharing(raw: GovernanceCustomModelSharingArgs | undefined): ResolvedCustomModelSharingSettings {
    const f = Fields.of(`${ROOT}.customModelSharing`, raw, ["modelArns", "accountIds", "shareName"]);
    const modelArns = f.strings("modelArns", CUSTOM_MODEL_ARN, CUSTOM_MODEL_ARN_RULE, []);
    const accountIds = f.strings("accountIds", /^\d{12}$/, "a 12-digit AWS account id", []);
    if (modelArns.length > 0 && accountIds.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.customModelSharing.accountIds`, [], "at least one 12-digit account id while modelArns is set (whom the models are shared with)");
    }
    if (accountIds.length > 0 && modelArns.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.customModelSharing.modelArns`, [], "at least one custom model ARN while accountIds is set (what is shared)");
    }
    return { modelArns, accountIds, shareName: f.string("shareName", SHARE_NAME, SHARE_NAME_RULE) };
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
        "approvedModelFamilies", "additionalApprovedModelArns", "scps", "bedrockPolicy", "boundaries", "workloadRoles", "configRules", "alerts", "network", "logging",
        "customModelSharing", "tags",
    ]);
    const approvedModelFamilies = f.strings("approvedModelFamilies", MODEL_FAMILY_PATTERN, "a model family such as anthropic (lower-case letters, digits, dashes)", ["anthropic", "amazon"]);
    if (approvedModelFamilies.length === 0) {
        throw new GovernanceConfigError(`${ROOT}.approvedModelFamilies`, [], "at least one model family");
    }
    const tagsRaw = f.raw("tags") ?? { Purpose: "bedrock-governance" };
    if (typeof tagsRaw !== "object" || Array.isArray(tagsRaw) || Object.values(tagsRaw as object).some((v) => typeof v !== "string")) {
        throw new GovernanceConfigError(`${ROOT}.tags`, tagsRaw, "a map of tag names to string values");
    }
    const scps = resolveScps(f.raw("scps") as GovernanceScpArgs | undefined, approvedModelFamilies);
    return {
        approvedModelFamilies,
        additionalApprovedModelArns: f.strings("additionalApprovedModelArns", /^arn:[a-z-]+:bedrock:[a-z0-9-]+:(\d{12})?:[a-z-]+\/[A-Za-z0-9._:\/-]+$/, "an exact Bedrock model ARN (no wildcards)", []),
        scps,
        bedrockPolicy: resolveBedrockPolicy(f.raw("bedrockPolicy") as GovernanceBedrockPolicyArgs | undefined, scps.targetIds),
        boundaries: resolveBoundaries(f.raw("boundaries") as GovernanceBoundaryArgs | undefined),
        workloadRoles: resolveWorkloadRoles(f.raw("workloadRoles")),
        configRules: resolveConfigRules(f.raw("configRules") as GovernanceConfigRulesArgs | undefined),
        alerts: resolveAlerts(f.raw("alerts") as GovernanceAlertArgs | undefined),
        network: resolveNetwork(f.raw("network") as GovernanceNetworkArgs | undefined),
        logging: resolveLogging(f.raw("logging") as GovernanceLoggingArgs | undefined),
        customModelSharing: resolveCustomModelSharing(f.raw("customModelSharing") as GovernanceCustomModelSharingArgs | undefined),
        tags: tagsRaw as Record<string, string>,
    };
}

// ---- the stack config section -------------------------------------------------------------
// Flat keys prefixed `governance`, read with the project's StackConfigReader (components/config)
// so unknown keys and every problem are reported together with the inventory's. The section
// covers what differs between environments; the component's arguments cover the rest.

const matching = (pattern: RegExp, rule: string): Validator<string> => (value) => (pattern.test(value) ? undefined : rule);
const FAMILY_RULE = matching(MODEL_FAMILY_PATTERN, "a model family such as anthropic (lower-case letters, digits, dashes)");
const PRINCIPAL_RULE = matching(PRINCIPAL_ARN_PATTERN, "an IAM principal ARN or pattern (arn:aws:iam::<account or *>:role/<name>)");
const CONFIG_RULE_NAME_RULE = matching(CONFIG_RULE_NAME, "a Config rule name (letters, digits, _ and -, up to 128)");

export const governanceConfigSection = {
    governanceEnabled: {
        type: "boolean",
        default: false,
        description:
            "Deploy BedrockGovernance in this stack. Off by default: it creates account-wide singletons (a Config recorder, the region's model invocation logging) that must not collide with ones you already have.",
    },
    governanceScpTargetIds: {
        type: "array",
        default: [],
        description: "Organization targets (OU ids ou-..., account ids, root r-...) the SCPs are attached to. Empty: no SCP at all (seed 001 attaches to the AI workloads OU).",
        itemRules: [matching(ORG_TARGET, "an OU id (ou-xxxx-xxxxxxxx), an account id (12 digits) or a root id (r-xxxx)")],
    },
    governanceApprovedModelFamilies: {
        type: "array",
        default: ["anthropic", "amazon"],
        description: "Approved model families (seed 001 SCP 2): SCPs, boundaries and endpoint policies allow only these.",
        itemRules: [FAMILY_RULE],
    },
    governanceDeniedModelFamilies: {
        type: "array",
        default: ["deepseek", "cohere"],
        description: "Model families every Bedrock action is denied on (seed 001 SCP 3). Empty: no blocklist SCP.",
        itemRules: [FAMILY_RULE],
    },
    governanceApprovedRegions: {
        type: "array",
        default: ["ap-northeast-1", "us-east-1"],
        description: "Regions where Bedrock may be called (seed 002 SCP). Cross-region inference profiles reach their destinations through governanceInferenceProfileGeographies. Empty: no region SCP.",
        itemRules: [matching(REGION, "an AWS region such as us-east-1")],
    },
    governanceScpVpcEndpointIds: {
        type: "array",
        default: [],
        description: "VPC endpoints the RequireVpcEndpoint SCP accepts. Empty: any VPC endpoint.",
        itemRules: [matching(VPC_ENDPOINT_ID, "a VPC endpoint id (vpce- and 8 to 17 hex digits)")],
    },
    governanceRequireGuardrail: {
        type: "boolean",
        default: false,
        description: "Add the RequireGuardrail SCP: deny inference without bedrock:GuardrailIdentifier (seed 004 NET-02).",
    },
    governanceCustomizationAdminPrincipalArns: {
        type: "array",
        default: ["arn:aws:iam::*:role/bedrock-admin"],
        description: "Principal ARN patterns exempt from DenyModelCustomization (seed 002: the admin role).",
        itemRules: [PRINCIPAL_RULE],
    },
    governanceSecurityAdminPrincipalArns: {
        type: "array",
        default: ["arn:aws:iam::*:role/security-admin"],
        description: "Principal ARN patterns exempt from ProtectSecurityServices (seed 002: the security admin role).",
        itemRules: [PRINCIPAL_RULE],
    },
    governanceInferenceProfileGeographies: {
        type: "array",
        default: [],
        description:
            "Geographies whose cross-region inference profiles are approved (us, us-gov, eu, apac, jp, au, ca, global): the model SCP approves their profiles and the region SCP lets them reach their destination Regions. Each needs a source Region in governanceApprovedRegions. Empty: in-Region inference only.",
        itemRules: [matching(GEOGRAPHY, GEOGRAPHY_RULE)],
    },
    governanceRoleAdminPrincipalArns: {
        type: "array",
        default: [...DEFAULT_ROLE_ADMINS],
        description:
            "Role ARN patterns that alone may create or change the roles the SCP exemptions name (ProtectExemptRoles): the security admin and the role Organizations creates in new accounts by default. Add your account-vending or pipeline roles.",
        itemRules: [PRINCIPAL_RULE],
    },
    governanceAgentCoreRequireVpc: {
        type: "boolean",
        default: false,
        description:
            "Add the RequireAgentCoreVpc SCP: AgentCore runtimes, code interpreters and browsers only in VPC network mode (bedrock-agentcore:subnets and securityGroups present).",
    },
    governanceAgentCoreSubnetIds: {
        type: "array",
        default: [],
        description: "With governanceAgentCoreRequireVpc: the only subnets AgentCore resources may use. Empty: any.",
        itemRules: [matching(SUBNET_ID, SUBNET_RULE)],
    },
    governanceAgentCoreSecurityGroupIds: {
        type: "array",
        default: [],
        description: "With governanceAgentCoreRequireVpc: the only security groups AgentCore resources may use. Empty: any.",
        itemRules: [matching(SECURITY_GROUP_ID, SECURITY_GROUP_RULE)],
    },
    governanceAgentCoreRequireGatewayAuthorizer: {
        type: "boolean",
        default: false,
        description: "Add the RequireAgentCoreGatewayAuthorizer SCP: no AgentCore gateway with inbound authorizer type NONE.",
    },
    governanceAgentCoreRequirePolicyEngineEnforce: {
        type: "boolean",
        default: false,
        description: "Add the RequireAgentCorePolicyEngineEnforce SCP: every AgentCore gateway with a Cedar policy engine in ENFORCE mode.",
    },
    governanceAgentCoreRequireCustomerManagedKey: {
        type: "boolean",
        default: false,
        description: "Add the RequireAgentCoreCustomerManagedKey SCP: AgentCore memory and gateways only with a customer-managed KMS key.",
    },
    governanceBedrockPolicyGuardrailArns: {
        type: "array",
        default: [],
        description:
            "Versioned guardrail ARNs (arn:aws:bedrock:<region>:<management account>:guardrail/<id>:<version>) a BEDROCK_POLICY Organizations policy enforces on every Bedrock inference call in the targets, each in its own Region, at most one per Region. Empty: no such policy. The policy type must be enabled on the root first.",
        itemRules: [matching(VERSIONED_GUARDRAIL_ARN, VERSIONED_GUARDRAIL_ARN_RULE)],
    },
    governanceBedrockPolicyTargetIds: {
        type: "array",
        default: [],
        description: "Organization targets (OU, account or root ids) of the BEDROCK_POLICY. Empty: the SCP targets (governanceScpTargetIds).",
        itemRules: [matching(ORG_TARGET, "an OU id (ou-xxxx-xxxxxxxx), an account id (12 digits) or a root id (r-xxxx)")],
    },
    governanceBedrockPolicySystemGuarding: {
        type: "string",
        default: "",
        description: "selective_content_guarding.system of the BEDROCK_POLICY: selective or comprehensive. Empty: not written.",
        rules: [matching(/^(selective|comprehensive)$/, "selective or comprehensive")],
    },
    governanceBedrockPolicyMessagesGuarding: {
        type: "string",
        default: "",
        description: "selective_content_guarding.messages of the BEDROCK_POLICY: selective or comprehensive. Empty: not written.",
        rules: [matching(/^(selective|comprehensive)$/, "selective or comprehensive")],
    },
    governanceBedrockPolicyIncludedModels: {
        type: "array",
        default: [],
        description: "model_enforcement.included_models of the BEDROCK_POLICY: model ids the guardrails are enforced on. Empty: ALL.",
        itemRules: [matching(ENFORCED_MODEL_ID, ENFORCED_MODEL_ID_RULE)],
    },
    governanceBedrockPolicyExcludedModels: {
        type: "array",
        default: [],
        description: "model_enforcement.excluded_models of the BEDROCK_POLICY: model ids the guardrails are not enforced on (embedding models, say). Empty: none.",
        itemRules: [matching(ENFORCED_MODEL_ID, ENFORCED_MODEL_ID_RULE)],
    },
    governanceBoundaries: {
        type: "boolean",
        default: true,
        description: "Create the permission boundaries of seed 002's teams (developer, operations, admin, ci).",
    },
    governanceConfigRules: {
        type: "boolean",
        default: true,
        description: "Deploy AWS Config: recorder, delivery, CLOUD_TRAIL_ENABLED and the Bedrock agent VPC rule (seed 001 layer 2).",
    },
    governanceUseExistingConfigRecorder: {
        type: "boolean",
        default: false,
        description: "Use the region's existing Config recorder (only one per region is allowed) instead of creating one.",
    },
    governanceCloudTrailRuleName: {
        type: "string",
        default: "cloudtrail-enabled-bedrock",
        description: "Name of the managed CLOUD_TRAIL_ENABLED rule (seed 001); unique per account and region.",
        rules: [CONFIG_RULE_NAME_RULE],
    },
    governanceVpcRuleName: {
        type: "string",
        default: "bedrock-agent-vpc-required",
        description: "Name of the custom rule 'Lambda functions tagged BedrockAgent=true must run in a VPC' (seed 001).",
        rules: [CONFIG_RULE_NAME_RULE],
    },
    governanceConfigManagedRules: {
        type: "array",
        default: [],
        description: `AWS Config managed rules for Bedrock and AgentCore to deploy, alerting like the others: any of ${MANAGED_RULE_IDENTIFIERS.join(", ")}. Each must be offered in the stack's Region. Empty: none.`,
        itemRules: [matching(new RegExp(`^(${MANAGED_RULE_IDENTIFIERS.join("|")})$`), `one of ${MANAGED_RULE_IDENTIFIERS.join(", ")}`)],
    },
    governanceConfigManagedRuleNameSuffix: {
        type: "string",
        default: "",
        description: "Appended to each managed rule's name (the rule's name in the AWS Config guide), e.g. -dev, to keep two stacks apart in one account and Region.",
        rules: [matching(MANAGED_RULE_SUFFIX, MANAGED_RULE_SUFFIX_RULE)],
    },
    governanceAlertEmail: {
        type: "string",
        default: "",
        description: "Address that receives NON_COMPLIANT alerts (seed 001 layer 3). Empty: no alerting.",
        rules: [emailAddress],
    },
    governanceNetwork: {
        type: "boolean",
        default: true,
        description: "Create the bedrock-runtime and bedrock-agent-runtime interface endpoints (in governanceVpcId, or a new VPC).",
    },
    governanceVpcId: {
        type: "string",
        default: "",
        description: "Existing VPC for the endpoints; set with governanceSubnetIds and governanceVpcCidr. Empty: a new VPC.",
        rules: [matching(/^vpc-[0-9a-f]{8,17}$/, "a VPC id (vpc- and 8 to 17 hex digits)")],
    },
    governanceSubnetIds: {
        type: "array",
        default: [],
        description: "Subnets of governanceVpcId for the endpoints' interfaces (one per AZ).",
        itemRules: [matching(/^subnet-[0-9a-f]{8,17}$/, "a subnet id (subnet- and 8 to 17 hex digits)")],
    },
    governanceVpcCidr: {
        type: "string",
        default: "",
        description: "CIDR of governanceVpcId: the only source allowed to reach the endpoints on 443.",
        rules: [matching(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "an IPv4 CIDR block such as 10.0.0.0/16")],
    },
    governanceEndpointServices: {
        type: "array",
        default: [...ENDPOINT_SERVICES],
        description:
            "Interface endpoints the network part creates (with governanceNetwork): bedrock-runtime, bedrock-agent-runtime, bedrock-mantle, bedrock-agentcore, bedrock-agentcore.gateway, bedrock-agentcore-control. Default all; leave the AgentCore ones out in Regions without AgentCore.",
        itemRules: [matching(new RegExp(`^(${ENDPOINT_SERVICES.map((s) => s.replace(".", "\\.")).join("|")})$`), `one of ${ENDPOINT_SERVICES.join(", ")}`)],
    },
    governanceSharedCustomModelArns: {
        type: "array",
        default: [],
        description: "Custom models of this account and Region shared through AWS RAM with governanceCustomModelShareAccountIds (same organization). Empty: no share.",
        itemRules: [matching(CUSTOM_MODEL_ARN, CUSTOM_MODEL_ARN_RULE)],
    },
    governanceCustomModelShareAccountIds: {
        type: "array",
        default: [],
        description: "12-digit ids of the accounts governanceSharedCustomModelArns are shared with. Set both or neither.",
        itemRules: [matching(/^\d{12}$/, "a 12-digit AWS account id")],
    },
    governanceLogging: {
        type: "boolean",
        default: true,
        description: "Deploy the CloudTrail trail with Bedrock data events and model invocation logging.",
    },
    governanceTrailName: {
        type: "string",
        default: "",
        description: "Name of the CloudTrail trail. Empty: <component name>-bedrock-trail.",
        rules: [matching(/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/, "a trail name (3 to 128 letters, digits, . _ -)")],
    },
    governanceInvocationLogging: {
        type: "boolean",
        default: true,
        description: "Turn on Bedrock model invocation logging (one configuration per account and region: only one stack per region may set it).",
    },
    governanceInvocationLogDestinations: {
        type: "array",
        default: ["cloudwatch", "s3"],
        description: "Where invocation logs go: cloudwatch, s3 or both (seed 004 LOG-01: S3 for full prompts).",
        itemRules: [matching(/^(cloudwatch|s3)$/, "cloudwatch or s3")],
    },
    governanceLogRetentionDays: {
        type: "integer",
        default: 365,
        description: "Retention of the invocation log group in days (one of CloudWatch Logs' values).",
        rules: [logRetentionDays],
    },
} as const satisfies ConfigSection;

/** Which flat key an argument path comes from, to word problems found across keys. */
const KEY_OF_PATH: readonly [string, string][] = [
    ["governance.bedrockPolicy.targetIds", "governanceBedrockPolicyTargetIds"],
    ["governance.bedrockPolicy.includedModels", "governanceBedrockPolicyIncludedModels"],
    ["governance.bedrockPolicy.excludedModels", "governanceBedrockPolicyExcludedModels"],
    ["governance.bedrockPolicy", "governanceBedrockPolicyGuardrailArns"],
    ["governance.configRules.managedRules", "governanceConfigManagedRules"],
    ["governance.scps.targetIds", "governanceScpTargetIds"],
    ["governance.scps.deniedModelFamilies", "governanceDeniedModelFamilies"],
    ["governance.scps.approvedRegions", "governanceApprovedRegions"],
    ["governance.scps.customizationAdminPrincipalArns", "governanceCustomizationAdminPrincipalArns"],
    ["governance.scps.securityAdminPrincipalArns", "governanceSecurityAdminPrincipalArns"],
    ["governance.scps.inferenceProfileGeographies", "governanceInferenceProfileGeographies"],
    ["governance.scps.roleAdminPrincipalArns", "governanceRoleAdminPrincipalArns"],
    ["governance.scps.agentCoreSubnetIds", "governanceAgentCoreSubnetIds"],
    ["governance.scps.agentCoreSecurityGroupIds", "governanceAgentCoreSecurityGroupIds"],
    ["governance.scps", "governanceScpTargetIds"],
    ["governance.approvedModelFamilies", "governanceApprovedModelFamilies"],
    ["governance.configRules", "governanceVpcRuleName"],
    ["governance.network.services", "governanceEndpointServices"],
    ["governance.network", "governanceVpcId"],
    ["governance.customModelSharing.modelArns", "governanceSharedCustomModelArns"],
    ["governance.customModelSharing", "governanceCustomModelShareAccountIds"],
    ["governance.logging.invocationLogDestinations", "governanceInvocationLogDestinations"],
    ["governance.boundaries", "governanceBoundaries"],
];

/**
 * Reads the governance keys from the stack config and returns the component's arguments, or
 * undefined when `governanceEnabled` is false. Every key's value is checked either way; the rules
 * that span keys only for an enabled stack. Problems are kept in `reader` and reported by
 * `reader.finish()`.
 */
export function readGovernanceConfig(reader: StackConfigReader): BedrockGovernanceArgs | undefined {
    const c = reader.read(governanceConfigSection);
    if (!c.governanceEnabled) {
        return undefined;
    }
    const optional = (value: string) => (value === "" ? undefined : value);
    const byo = [c.governanceVpcId !== "", c.governanceSubnetIds.length > 0, c.governanceVpcCidr !== ""];
    if (byo.some(Boolean) && !byo.every(Boolean)) {
        reader.report("governanceVpcId", c.governanceVpcId, "governanceVpcId, governanceSubnetIds and governanceVpcCidr set together, or none of them (a new VPC)");
    }
    if (c.governanceInvocationLogDestinations.length === 0 && c.governanceInvocationLogging) {
        reader.report("governanceInvocationLogDestinations", "[]", "cloudwatch, s3 or both while governanceInvocationLogging is true");
    }
    const args: BedrockGovernanceArgs = {
        approvedModelFamilies: c.governanceApprovedModelFamilies,
        scps: {
            targetIds: c.governanceScpTargetIds,
            deniedModelFamilies: c.governanceDeniedModelFamilies,
            approvedRegions: c.governanceApprovedRegions,
            vpcEndpointIds: c.governanceScpVpcEndpointIds,
            requireGuardrail: c.governanceRequireGuardrail,
            customizationAdminPrincipalArns: c.governanceCustomizationAdminPrincipalArns,
            securityAdminPrincipalArns: c.governanceSecurityAdminPrincipalArns,
            inferenceProfileGeographies: c.governanceInferenceProfileGeographies,
            roleAdminPrincipalArns: c.governanceRoleAdminPrincipalArns,
            agentCoreRequireVpc: c.governanceAgentCoreRequireVpc,
            agentCoreSubnetIds: c.governanceAgentCoreSubnetIds,
            agentCoreSecurityGroupIds: c.governanceAgentCoreSecurityGroupIds,
            agentCoreRequireGatewayAuthorizer: c.governanceAgentCoreRequireGatewayAuthorizer,
            agentCoreRequirePolicyEngineEnforce: c.governanceAgentCoreRequirePolicyEngineEnforce,
            agentCoreRequireCustomerManagedKey: c.governanceAgentCoreRequireCustomerManagedKey,
        },
        bedrockPolicy: {
            guardrailArns: c.governanceBedrockPolicyGuardrailArns,
            targetIds: c.governanceBedrockPolicyTargetIds.length > 0 ? c.governanceBedrockPolicyTargetIds : undefined,
            systemGuarding: optional(c.governanceBedrockPolicySystemGuarding),
            messagesGuarding: optional(c.governanceBedrockPolicyMessagesGuarding),
            includedModels: c.governanceBedrockPolicyIncludedModels.length > 0 ? c.governanceBedrockPolicyIncludedModels : undefined,
            excludedModels: c.governanceBedrockPolicyExcludedModels.length > 0 ? c.governanceBedrockPolicyExcludedModels : undefined,
        },
        boundaries: { enabled: c.governanceBoundaries },
        configRules: {
            enabled: c.governanceConfigRules,
            useExistingRecorder: c.governanceUseExistingConfigRecorder,
            cloudTrailRuleName: c.governanceCloudTrailRuleName,
            vpcRuleName: c.governanceVpcRuleName,
            managedRules: c.governanceConfigManagedRules,
            managedRuleNameSuffix: c.governanceConfigManagedRuleNameSuffix,
        },
        alerts: { email: optional(c.governanceAlertEmail) },
        network: byo.every(Boolean)
            ? { enabled: c.governanceNetwork, vpcId: c.governanceVpcId, subnetIds: c.governanceSubnetIds, vpcCidr: c.governanceVpcCidr, services: c.governanceEndpointServices }
            : { enabled: c.governanceNetwork, services: c.governanceEndpointServices },
        ...(c.governanceSharedCustomModelArns.length > 0 || c.governanceCustomModelShareAccountIds.length > 0
            ? { customModelSharing: { modelArns: c.governanceSharedCustomModelArns, accountIds: c.governanceCustomModelShareAccountIds } }
            : {}),
        logging: {
            enabled: c.governanceLogging,
            trailName: optional(c.governanceTrailName),
            invocationLogging: c.governanceInvocationLogging,
            invocationLogDestinations:
                c.governanceInvocationLogDestinations.length > 0 ? (c.governanceInvocationLogDestinations as ("cloudwatch" | "s3")[]) : undefined,
            logRetentionDays: c.governanceLogRetentionDays,
        },
    };
    // Rules across keys the component itself enforces (a family both approved and denied, boundaries
    // without endpoints...): reported in the stack's terms, with every other problem.
    try {
        const settings = resolveGovernanceSettings(args);
        if (settings.boundaries.enabled && !settings.network.enabled) {
            reader.report("governanceBoundaries", "true", "false while governanceNetwork is false (the boundaries allow inference only through the endpoints)");
        }
    } catch (error) {
        if (!(error instanceof GovernanceConfigError)) throw error;
        const key = KEY_OF_PATH.find(([path]) => error.key.startsWith(path))?.[1] ?? "governance";
        reader.report(key, typeof error.value === "string" ? error.value : JSON.stringify(error.value ?? ""), error.rule);
    }
    return args;
}
