// Permission boundaries for seed 002's four teams (section 3): the ceiling any role of the team
// can reach, whatever is attached to it. Parameterised by partition, region(s), account, approved
// model families, VPC endpoints and the environment tag; no ARN is written out by hand.
import { AwsScope, policyDocument, PolicyDocument, PolicyStatement } from "./common";
import { approvedModelArnPatterns, INFERENCE_ACTIONS } from "./models";

export const TEAMS = ["developer", "operations", "admin", "ci"] as const;
export type Team = (typeof TEAMS)[number];

export interface BoundaryParameters {
    readonly scope: AwsScope;
    /** Regions whose foundation models may be invoked (the deployment region plus any cross-region destinations). */
    readonly modelRegions: readonly string[];
    readonly approvedModelFamilies: readonly string[];
    readonly additionalApprovedModelArns: readonly string[];
    /** VPC endpoints inference must come through (seed 002: "VPC endpoint required"). */
    readonly vpcEndpointIds: readonly string[];
    /** The tag that marks an environment, and its production value (seed 002 3.2: `Environment` = `production`). */
    readonly environmentTagKey: string;
    readonly productionTagValue: string;
}

function approvedModelResources(p: BoundaryParameters): string[] {
    const { partition, accountId } = p.scope;
    const perRegion = p.modelRegions.flatMap((region) => approvedModelArnPatterns(partition, p.approvedModelFamilies, [], region, accountId));
    return [...new Set([...perRegion, ...p.additionalApprovedModelArns])];
}

function foundationModelArns(p: BoundaryParameters): string[] {
    return p.modelRegions.map((region) => `arn:${p.scope.partition}:bedrock:${region}::foundation-model/*`);
}

function invokeApprovedModels(p: BoundaryParameters, sid: string): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: [...INFERENCE_ACTIONS],
        Resource: approvedModelResources(p),
        Condition: { StringEquals: { "aws:SourceVpce": [...p.vpcEndpointIds] } },
    };
}

function modelDiscovery(p: BoundaryParameters): PolicyStatement[] {
    const { partition, accountId } = p.scope;
    return [
        {
            Sid: "AllowModelDiscoveryList",
            Effect: "Allow",
            // These actions take no resource: IAM only accepts "*" for them.
            Action: ["bedrock:ListFoundationModels", "bedrock:ListInferenceProfiles"],
            Resource: "*",
        },
        {
            Sid: "AllowModelDiscoveryGet",
            Effect: "Allow",
            Action: ["bedrock:GetFoundationModel", "bedrock:GetInferenceProfile"],
            Resource: [
                ...foundationModelArns(p),
                ...p.modelRegions.flatMap((region) => [
                    `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/*`,
                    `arn:${partition}:bedrock:${region}:${accountId}:application-inference-profile/*`,
                ]),
            ],
        },
    ];
}

function monitoringRead(p: BoundaryParameters): PolicyStatement[] {
    const { partition, region, accountId } = p.scope;
    return [
        {
            Sid: "AllowMonitoringList",
            Effect: "Allow",
            Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics", "logs:DescribeLogGroups"],
            Resource: "*",
        },
        {
            Sid: "AllowLogRead",
            Effect: "Allow",
            Action: ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:DescribeLogStreams", "logs:StartQuery", "logs:GetQueryResults"],
            Resource: [`arn:${partition}:logs:${region}:${accountId}:log-group:*`],
        },
    ];
}

const CUSTOMIZATION_ACTIONS = [
    "bedrock:CreateModelCustomizationJob",
    "bedrock:DeleteCustomModel",
    "bedrock:CreateProvisionedModelThroughput",
    "bedrock:DeleteProvisionedModelThroughput",
];

/** Seed 002 3.2: invoke in non-production only; the seed's MangaAssist tables and collections are the application's, not governance's. */
export function developerBoundary(p: BoundaryParameters): PolicyDocument {
    return policyDocument([
        invokeApprovedModels(p, "AllowInvokeApprovedModels"),
        ...modelDiscovery(p),
        ...monitoringRead(p),
        {
            // A deny in the boundary holds whatever the role's own policies allow.
            Sid: "DenyProductionResources",
            Effect: "Deny",
            Action: "bedrock:*",
            Resource: "*",
            Condition: { StringEquals: { [`aws:ResourceTag/${p.environmentTagKey}`]: p.productionTagValue } },
        },
        {
            Sid: "DenyModelCustomization",
            Effect: "Deny",
            Action: CUSTOMIZATION_ACTIONS,
            Resource: "*",
        },
    ]);
}

/** Seed 002 3.3, with its `cloudwatch:*`, `logs:*`, `xray:*` narrowed to reads: an operator who can delete log groups can erase the audit trail. */
export function operationsBoundary(p: BoundaryParameters): PolicyDocument {
    return policyDocument([
        invokeApprovedModels(p, "AllowInvokeApprovedModels"),
        ...modelDiscovery(p),
        {
            Sid: "AllowInvocationLoggingRead",
            Effect: "Allow",
            Action: "bedrock:GetModelInvocationLoggingConfiguration",
            Resource: "*",
        },
        ...monitoringRead(p),
        {
            Sid: "AllowAlarmRead",
            Effect: "Allow",
            Action: "cloudwatch:DescribeAlarms",
            Resource: [`arn:${p.scope.partition}:cloudwatch:${p.scope.region}:${p.scope.accountId}:alarm:*`],
        },
        { Sid: "DenyModelCustomization", Effect: "Deny", Action: CUSTOMIZATION_ACTIONS, Resource: "*" },
    ]);
}

/**
 * Seed 002's admin team has "full Bedrock scope"; as a boundary that is the named administrative
 * actions (customization, provisioned throughput, invocation logging, guardrails), never
 * `bedrock:*`, plus passing roles to Bedrock only.
 */
export function adminBoundary(p: BoundaryParameters): PolicyDocument {
    const { partition, accountId } = p.scope;
    const accountBedrockResources = p.modelRegions.map((region) => `arn:${partition}:bedrock:${region}:${accountId}:*`);
    return policyDocument([
        invokeApprovedModels(p, "AllowInvokeApprovedModels"),
        ...modelDiscovery(p),
        {
            Sid: "AllowBedrockAdministration",
            Effect: "Allow",
            Action: [
                "bedrock:CreateModelCustomizationJob",
                "bedrock:GetModelCustomizationJob",
                "bedrock:StopModelCustomizationJob",
                "bedrock:GetCustomModel",
                "bedrock:DeleteCustomModel",
                "bedrock:CreateProvisionedModelThroughput",
                "bedrock:UpdateProvisionedModelThroughput",
                "bedrock:GetProvisionedModelThroughput",
                "bedrock:DeleteProvisionedModelThroughput",
                "bedrock:CreateGuardrail",
                "bedrock:UpdateGuardrail",
                "bedrock:CreateGuardrailVersion",
                "bedrock:GetGuardrail",
                "bedrock:DeleteGuardrail",
            ],
            Resource: [...accountBedrockResources, ...foundationModelArns(p)],
        },
        {
            Sid: "AllowBedrockAdministrationList",
            Effect: "Allow",
            // No resource types: IAM only accepts "*" for these.
            Action: [
                "bedrock:ListModelCustomizationJobs",
                "bedrock:ListCustomModels",
                "bedrock:ListProvisionedModelThroughputs",
                "bedrock:GetModelInvocationLoggingConfiguration",
                "bedrock:PutModelInvocationLoggingConfiguration",
                "bedrock:DeleteModelInvocationLoggingConfiguration",
            ],
            Resource: "*",
        },
        {
            // Only roles that are recognisably Bedrock service roles: the console creates them under
            // /service-role/, and by convention their names say Bedrock. Passing any role would let
            // an admin hand a customization job or agent a more privileged role.
            Sid: "AllowPassRoleToBedrock",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: ["role/service-role/*", "role/*Bedrock*", "role/*bedrock*"].map((role) => `arn:${partition}:iam::${accountId}:${role}`),
            Condition: { StringEquals: { "iam:PassedToService": "bedrock.amazonaws.com" } },
        },
        ...monitoringRead(p),
    ]);
}

/** Seed 002's CI/CD role: "ListModels + GetModel only". */
export function ciBoundary(p: BoundaryParameters): PolicyDocument {
    return policyDocument([...modelDiscovery(p)]);
}

export function teamBoundary(team: Team, p: BoundaryParameters): PolicyDocument {
    switch (team) {
        case "developer":
            return developerBoundary(p);
        case "operations":
            return operationsBoundary(p);
        case "admin":
            return adminBoundary(p);
        case "ci":
            return ciBoundary(p);
    }
}
