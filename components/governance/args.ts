// The arguments of BedrockGovernance. Every field is optional; the defaults come from the source
// documents (seeds 001-004) and are applied, with validation, in ./config.ts. The stack program
// builds them from the flat `governance*` keys (README, "BedrockGovernance: stack configuration").
import * as pulumi from "@pulumi/pulumi";

/** Layer 1 (seed 001 "Layer 1", seed 002 section 2): service control policies. */
export interface GovernanceScpArgs {
    /**
     * Organization targets the SCPs are attached to: OU ids (`ou-...`), account ids (12 digits) or
     * the root (`r-...`). Default: none, and then no SCP is created at all (seed 001 attaches to
     * `var.ai_workloads_ou_id`). Deploy from the management account or a delegated administrator.
     */
    readonly targetIds?: string[];
    /** DenyBedrockAPIKeys: deny creating Bedrock API keys and calling with bearer tokens (seed 001 SCP 1, both statements). Default true. */
    readonly denyApiKeys?: boolean;
    /** EnforceApprovedModels: deny inference outside the approved families (seed 001 SCP 2). Default true. */
    readonly enforceApprovedModels?: boolean;
    /** DenyModelFamilies: families denied outright (seed 001 SCP 3). Default `["deepseek", "cohere"]`; empty disables the control. */
    readonly deniedModelFamilies?: string[];
    /**
     * DenyOutsideApprovedRegions: regions where Bedrock may be called (seed 002 section 2.1). Default
     * `["ap-northeast-1", "us-east-1"]` (the seed's); empty disables the control. Cross-region
     * inference profiles reach their destination Regions through `inferenceProfileGeographies`,
     * without listing those Regions here.
     */
    readonly approvedRegions?: string[];
    /** RequireVpcEndpoint: deny inference not made through a VPC endpoint (seed 002 section 2.1). Default true. */
    readonly requireVpcEndpoint?: boolean;
    /** The VPC endpoint ids inference must come through. Default: none, meaning any VPC endpoint (the seed names one, `vpce-manga-bedrock-01`). */
    readonly vpcEndpointIds?: string[];
    /**
     * Principal ARN patterns exempt from RequireVpcEndpoint. Default
     * `["arn:aws:iam::*:role/service-role/AmazonBedrockExecutionRoleFor*"]`: the service roles the
     * Bedrock console creates for agents and knowledge bases, whose model calls never pass a VPC endpoint.
     */
    readonly vpcEndpointExemptPrincipalArns?: string[];
    /** DenyModelCustomization: deny fine-tuning and provisioned throughput except to admins (seed 002 section 2.1). Default true. */
    readonly denyModelCustomization?: boolean;
    /** Principal ARN patterns allowed to customize models. Default `["arn:aws:iam::*:role/bedrock-admin"]` (seed 002: `role/manga-admin-role`). */
    readonly customizationAdminPrincipalArns?: string[];
    /** ProtectSecurityServices: deny stopping CloudTrail, GuardDuty and Security Hub (seed 002 section 2.2). Default true. */
    readonly protectSecurityServices?: boolean;
    /** Principal ARN patterns allowed to change those services. Default `["arn:aws:iam::*:role/security-admin"]` (seed 002: `role/manga-security-admin`). */
    readonly securityAdminPrincipalArns?: string[];
    /** RequireGuardrail: deny inference without a guardrail (seed 004 NET-02). Default false. */
    readonly requireGuardrail?: boolean;
    /** Guardrail ARNs (patterns allowed) that satisfy RequireGuardrail. Default: any guardrail. */
    readonly approvedGuardrailArns?: string[];
    /** SCPs already attached to each target (FullAWSAccess counts), which the 5-per-target limit leaves out. Default 1. */
    readonly existingPoliciesPerTarget?: number;
    /**
     * Geographies whose cross-region inference profiles are approved: `us`, `us-gov`, `eu`, `apac`,
     * `jp`, `au`, `ca`, `global` (the prefix of the profile id, `us.anthropic...`). Default none:
     * only in-Region inference. EnforceApprovedModels approves only these geographies' profiles of
     * the approved families, and DenyOutsideApprovedRegions lets their requests through to the
     * destination Regions (keyed on `bedrock:InferenceProfileArn`) without opening those Regions to
     * anything else. Each needs one of its source Regions in `approvedRegions`.
     */
    readonly inferenceProfileGeographies?: string[];
    /**
     * ProtectExemptRoles: deny creating, re-trusting, deleting, tagging, and attaching, putting or
     * removing policies or boundaries on any role an exemption names (the VPC endpoint exemption,
     * customization and security admins) and on the role admins themselves, to everyone but the
     * role admins. Default true. Every exemption pattern must then be a role ARN pattern.
     */
    readonly protectExemptRoles?: boolean;
    /**
     * Principal ARN patterns (roles) allowed to create and change the roles exemptions name. Default
     * `["arn:aws:iam::*:role/security-admin", "arn:aws:iam::*:role/OrganizationAccountAccessRole"]`
     * (the security admin of seed 002, and the role AWS Organizations creates in new accounts, which
     * is how a new account gets its admin roles). Add your account-vending or pipeline roles.
     */
    readonly roleAdminPrincipalArns?: string[];
    /**
     * Managed-policy ARN patterns of permission boundaries that, with `protectExemptRoles`, only the
     * role admins may edit, delete or remove from a role or user (ProtectBoundaries). Default none
     * besides this component's own boundaries (`arn:aws:iam::*:policy/<name>-boundary-*`), which are
     * always included while `boundaries.enabled`. List the boundaries your member accounts use when
     * another stack deploys them.
     */
    readonly protectedBoundaryPolicyArns?: string[];
    /**
     * RequireAgentCoreVpc: deny creating or updating an AgentCore runtime, and creating a code
     * interpreter or browser, outside VPC network mode (no `bedrock-agentcore:subnets` and
     * `securityGroups` in the request: AgentCore developer guide, "Use IAM condition keys with
     * AgentCore VPC settings"). Default false.
     */
    readonly agentCoreRequireVpc?: boolean;
    /** With agentCoreRequireVpc: the only subnet ids AgentCore resources may use. Default: any. */
    readonly agentCoreSubnetIds?: string[];
    /** With agentCoreRequireVpc: the only security group ids AgentCore resources may use. Default: any. */
    readonly agentCoreSecurityGroupIds?: string[];
    /** RequireAgentCoreGatewayAuthorizer: deny creating or updating a gateway whose inbound authorizer type is NONE. Default false. */
    readonly agentCoreRequireGatewayAuthorizer?: boolean;
    /** RequireAgentCorePolicyEngineEnforce: deny creating or updating a gateway without a Cedar policy engine in ENFORCE mode. Default false. */
    readonly agentCoreRequirePolicyEngineEnforce?: boolean;
    /** RequireAgentCoreCustomerManagedKey: deny creating memory, and creating or updating a gateway, without a KMS key ARN. Default false. */
    readonly agentCoreRequireCustomerManagedKey?: boolean;
}

/** Layer 2 (seed 002 section 3): permission boundaries per team. */
export interface GovernanceBoundaryArgs {
    /** Create the boundaries. Default true. */
    readonly enabled?: boolean;
    /**
     * Teams that get a boundary, each one of `developer`, `operations`, `admin`, `ci`. Default all of
     * seed 002's. A plain string list (not a union type) so Pulumi can infer the schema for every
     * language; any other value fails at construction with the allowed ones named.
     */
    readonly teams?: string[];
    /** Regions whose models the teams may invoke. Default: the stack's region. Add cross-region inference destinations. */
    readonly modelRegions?: string[];
    /** The tag key that marks an environment (seed 002 3.2: `Environment`). Default `Environment`. */
    readonly environmentTagKey?: string;
    /** The value of that tag on production resources, which developers may not touch (seed 002 3.2). Default `production`. */
    readonly productionTagValue?: string;
    /** VPC endpoints invocation must come through. Default: the endpoints of the network part; required when it is disabled. */
    readonly vpcEndpointIds?: pulumi.Input<string>[];
}

/** A least-privilege workload role (seed 003 playbook steps 1, 2, 4). */
export interface GovernanceWorkloadRoleArgs {
    /** Suffix of the role's resource names (`${name}-workload-${roleName}`): lower-case letters, digits and dashes. */
    readonly name: string;
    /** Exact foundation-model, inference-profile, application-inference-profile or provisioned-model ARNs. No wildcards. */
    readonly modelArns?: pulumi.Input<string>[];
    /** Exact agent alias ARNs the role may call InvokeAgent on. Default none. */
    readonly agentAliasArns?: pulumi.Input<string>[];
    /** Service principals that may assume the role. Default `["lambda.amazonaws.com"]`. */
    readonly trustedServices?: string[];
    /** Permission boundary for the role, e.g. a team boundary's ARN. Default none. */
    readonly permissionsBoundaryArn?: pulumi.Input<string>;
    /** VPC endpoints the calls must come through. Default: the endpoints of the network part. */
    readonly vpcEndpointIds?: pulumi.Input<string>[];
    /** Workloads of other accounts that may assume the role, only with `externalId` (see BedrockWorkloadRoleArgs). Default none. */
    readonly crossAccountWorkloadPrincipals?: string[];
    /** The sts:ExternalId those workloads must pass. Required with crossAccountWorkloadPrincipals. */
    readonly externalId?: string;
    /** People of other accounts that may assume the role, only with MFA (see BedrockWorkloadRoleArgs). Default none. */
    readonly crossAccountHumanPrincipals?: string[];
}

/** Custom models shared with named accounts of the organization through AWS RAM (seed 002/003 cross-account access). */
export interface GovernanceCustomModelSharingArgs {
    /** Exact custom model ARNs of this account and Region (`arn:aws:bedrock:<region>:<account>:custom-model/...`). No wildcards. */
    readonly modelArns?: string[];
    /** 12-digit ids of the accounts (of the same organization) the models are shared with. */
    readonly accountIds?: string[];
    /** Name of the resource share. Default `${name}-custom-models`. */
    readonly shareName?: string;
}

/** Layer 2 of seed 001: AWS Config recorder and rules. */
export interface GovernanceConfigRulesArgs {
    /** Deploy the Config part. Default true. */
    readonly enabled?: boolean;
    /**
     * Use the region's existing configuration recorder instead of creating one (AWS Config allows one
     * per region). Default false. Seed 001 step 1: rules on a stopped recorder silently evaluate nothing.
     */
    readonly useExistingRecorder?: boolean;
    /** Resource types the new recorder records. Default seed 001's: Lambda functions, IAM roles, CloudTrail trails. */
    readonly recordedResourceTypes?: string[];
    /** Name of the managed CLOUD_TRAIL_ENABLED rule. Default `cloudtrail-enabled-bedrock` (seed 001). */
    readonly cloudTrailRuleName?: string;
    /** Name of the custom rule. Default `bedrock-agent-vpc-required` (seed 001). */
    readonly vpcRuleName?: string;
    /** Tag that marks an agent's Lambda function, and its value. Default `BedrockAgent` = `true` (seed 001). */
    readonly agentTagKey?: string;
    readonly agentTagValue?: string;
    /** Retention of the evaluator's logs, in days. Default 90 (seed 000's log group). */
    readonly logRetentionDays?: number;
    /**
     * AWS Config managed rules for Bedrock and AgentCore to deploy, by identifier, e.g.
     * `BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED` (docs/governance.md lists the eight). Their
     * NON_COMPLIANT results alert like the other rules, and a recorder this component creates also
     * records their resource types. Default none; each must be offered in the stack's Region.
     */
    readonly managedRules?: string[];
    /** Appended to each managed rule's name (`<rule name><suffix>`), e.g. `-dev`, to keep two stacks apart in one account and Region. Default none. */
    readonly managedRuleNameSuffix?: string;
}

/**
 * Organization-wide guardrail enforcement (issue 15): an AWS Organizations policy of type
 * `BEDROCK_POLICY` that applies a guardrail to every Bedrock inference call in the targets, per
 * Region. The policy type must be enabled on the organization's root first (docs/governance.md).
 */
export interface GovernanceBedrockPolicyArgs {
    /**
     * Versioned guardrail ARNs to enforce (`arn:aws:bedrock:<region>:<account>:guardrail/<id>:<version>`),
     * at most one per Region; each is enforced in the Region of its ARN. The guardrail must belong to
     * the management account and allow the organization to call ApplyGuardrail. Default none, and
     * then no policy is created.
     */
    readonly guardrailArns?: string[];
    /** Targets the policy is attached to: OU, account or root ids. Default: `scps.targetIds`. */
    readonly targetIds?: string[];
    /** `selective_content_guarding.system`: `selective` or `comprehensive`. Default: not written (AWS's default applies). */
    readonly systemGuarding?: string;
    /** `selective_content_guarding.messages`: `selective` or `comprehensive`. Default: not written. */
    readonly messagesGuarding?: string;
    /** `model_enforcement.included_models`: model ids, or `ALL`. Default `["ALL"]`. */
    readonly includedModels?: string[];
    /** `model_enforcement.excluded_models`: model ids the guardrail is not enforced on (embedding models, say). Default none. */
    readonly excludedModels?: string[];
}

/** Layer 3 of seed 001: EventBridge to SNS. */
export interface GovernanceAlertArgs {
    /** Deploy alerting. Default: true when `email` is set. */
    readonly enabled?: boolean;
    /** Address subscribed to the alert topic (seed 001: `var.security_team_email`). Required when enabled. */
    readonly email?: string;
}

/** Network part (seed 003 "Require the VPC Interface Endpoint", seed 004 NET-01). */
export interface GovernanceNetworkArgs {
    /** Deploy the endpoints. Default true. */
    readonly enabled?: boolean;
    /** An existing VPC for the endpoints; pass with `subnetIds` and `vpcCidr`. Default: a new VPC. */
    readonly vpcId?: pulumi.Input<string>;
    /** Subnets (one per AZ) for the endpoints' interfaces, in `vpcId`. */
    readonly subnetIds?: pulumi.Input<string>[];
    /** The VPC's CIDR: the only source allowed to reach the endpoints on 443. */
    readonly vpcCidr?: pulumi.Input<string>;
    /** CIDR of the new VPC when none is passed. Default `10.42.0.0/16`. */
    readonly newVpcCidr?: string;
    /** Availability zones of the new VPC's subnets. Default: the region's `a` and `b` zones. */
    readonly availabilityZones?: string[];
    /**
     * Interface endpoints to create, each one of `bedrock-runtime`, `bedrock-agent-runtime`,
     * `bedrock-mantle`, `bedrock-agentcore`, `bedrock-agentcore.gateway`,
     * `bedrock-agentcore-control` (the suffix of the service name). Default all of them. AgentCore
     * endpoints exist in AgentCore's Regions only: leave them out elsewhere. Other values fail at
     * construction with the allowed ones named.
     */
    readonly services?: string[];
}

/** Logging part (seed 003 playbook step 6, seed 004 LOG-01). */
export interface GovernanceLoggingArgs {
    /** Deploy the logging part. Default true. */
    readonly enabled?: boolean;
    /** Create the CloudTrail trail. Default true. */
    readonly trail?: boolean;
    /** Physical name of the trail. Default `${name}-bedrock-trail`. */
    readonly trailName?: string;
    /** Record every region, not only the stack's. Default true. */
    readonly multiRegionTrail?: boolean;
    /** Bedrock data-event resource types to record. Default agent aliases, knowledge bases, flow aliases, guardrails, prompt versions (FIELD-NOTES). */
    readonly dataEventResourceTypes?: string[];
    /** Turn on Bedrock model invocation logging (one configuration per account and region). Default true. */
    readonly invocationLogging?: boolean;
    /** Where invocation logs go, each `cloudwatch` or `s3` (seed 004 LOG-01: S3 for full prompts). Default both; other values fail at construction. */
    readonly invocationLogDestinations?: string[];
    /** Which data invocation logs carry, each `text`, `image`, `embedding` or `video`: text by default; images, embeddings, video off (seed 004 LOG-09: prompts carry PII). */
    readonly invocationLogData?: string[];
    /** Retention of the invocation log group, in days. Default 365. */
    readonly logRetentionDays?: number;
}

/** Everything BedrockGovernance deploys; each part can be switched off. */
export interface BedrockGovernanceArgs {
    /** Approved model provider families (seed 001 SCP 2: `anthropic`, `amazon`). Default `["anthropic", "amazon"]`. */
    readonly approvedModelFamilies?: string[];
    /** Exact ARNs approved besides the families (application inference profiles, provisioned or custom models). Default none. */
    readonly additionalApprovedModelArns?: string[];
    /** Service control policies; none unless `scps.targetIds` is set. */
    readonly scps?: GovernanceScpArgs;
    /** The BEDROCK_POLICY Organizations policy; none unless `bedrockPolicy.guardrailArns` is set. */
    readonly bedrockPolicy?: GovernanceBedrockPolicyArgs;
    /** Permission boundaries for seed 002's teams. */
    readonly boundaries?: GovernanceBoundaryArgs;
    /** Least-privilege workload roles to create. Default none. */
    readonly workloadRoles?: GovernanceWorkloadRoleArgs[];
    /** AWS Config recorder and rules. */
    readonly configRules?: GovernanceConfigRulesArgs;
    /** Alerts on non-compliance. */
    readonly alerts?: GovernanceAlertArgs;
    /** VPC interface endpoints for Bedrock. */
    readonly network?: GovernanceNetworkArgs;
    /** CloudTrail trail and model invocation logging. */
    readonly logging?: GovernanceLoggingArgs;
    /** Custom models shared with named accounts through AWS RAM. Default none. */
    readonly customModelSharing?: GovernanceCustomModelSharingArgs;
    /** Tags for every taggable child. Default `{ Purpose: "bedrock-governance" }` (seed 001's tag). */
    readonly tags?: Record<string, string>;
}
