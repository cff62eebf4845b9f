// Service control policies of seeds 001 (SCPs 1-3) and 002 (sections 2.1, 2.2) and the
// guardrail requirement of seed 004 (NET-02), as controls that are packed into as few SCP
// documents as AWS Organizations allows.
import { GovernanceConfigError, minifiedJson, policyDocument, PolicyDocument, PolicyStatement } from "./common";
import { familyModelArnPatterns, INFERENCE_ACTIONS, approvedModelArnPatterns } from "./models";

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
    | "RequireGuardrail";

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
}

/** Seed 001 SCP 1: both statements; without the service-name condition CodeCommit and Keyspaces credentials break too. */
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
                Action: "bedrock:CallWithBearerToken",
                Resource: "*",
            },
        ],
    };
}

/** Seed 001 SCP 2: family wildcards, not version strings, so a new model version keeps working. */
export function enforceApprovedModels(partition: string, families: readonly string[], additionalArns: readonly string[]): ScpControl {
    return {
        name: "EnforceApprovedModels",
        statements: [
            {
                Sid: "DenyUnapprovedBedrockModels",
                Effect: "Deny",
                Action: [...INFERENCE_ACTIONS],
                NotResource: approvedModelArnPatterns(partition, families, additionalArns),
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
 * Seed 002 section 2.1. Cross-region inference re-authorizes in each destination region
 * (seed 001's CRIS note): the approved regions must include every destination of the profiles in use.
 */
export function denyOutsideApprovedRegions(regions: readonly string[]): ScpControl {
    return {
        name: "DenyOutsideApprovedRegions",
        statements: [
            {
                Sid: "DenyBedrockOutsideApprovedRegions",
                Effect: "Deny",
                Action: "bedrock:*",
                Resource: "*",
                Condition: { StringNotEquals: { "aws:RequestedRegion": [...regions] } },
            },
        ],
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

/** The enabled controls, in the order the README lists them (the packing's tie-break order). */
export function scpControls(settings: ScpSettings): ScpControl[] {
    const controls: ScpControl[] = [];
    if (settings.denyApiKeys) controls.push(denyBedrockApiKeys());
    if (settings.enforceApprovedModels) {
        controls.push(enforceApprovedModels(settings.partition, settings.approvedModelFamilies, settings.additionalApprovedModelArns));
    }
    if (settings.deniedModelFamilies.length > 0) controls.push(denyModelFamilies(settings.partition, settings.deniedModelFamilies));
    if (settings.approvedRegions.length > 0) controls.push(denyOutsideApprovedRegions(settings.approvedRegions));
    if (settings.requireVpcEndpoint) controls.push(requireVpcEndpoint(settings.vpcEndpointIds, settings.vpcEndpointExemptPrincipalArns));
    if (settings.denyModelCustomization) controls.push(denyModelCustomization(settings.customizationAdminPrincipalArns));
    if (settings.protectSecurityServices) controls.push(protectSecurityServices(settings.securityAdminPrincipalArns));
    if (settings.requireGuardrail) controls.push(requireGuardrail(settings.approvedGuardrailArns));
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
