// Part 1: service control policies, packed and attached to every configured target.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GovernanceSettings } from "./config";
import { GovernanceConfigError } from "./documents/common";
import { packScpControls, PackedScp, scpControls, SCP_MAX_PER_TARGET, ScpSettings } from "./documents/scps";

export interface ScpPart {
    readonly policies: aws.organizations.Policy[];
    readonly attachments: aws.organizations.PolicyAttachment[];
    /** The packing, computed with the `aws` partition (what decides how many documents exist). */
    readonly packed: PackedScp[];
}

/**
 * The boundaries the SCPs keep in place: those listed in `scps.protectedBoundaryPolicyArns`, and,
 * when this component creates boundaries, its own (auto-named `<name>-boundary-<team>-<suffix>`,
 * in whichever account of the targets a stack with this component name deploys them).
 */
export function boundaryPolicyArnPatterns(settings: GovernanceSettings, partition: string, name?: string): string[] {
    const own = name !== undefined && settings.boundaries.enabled ? [`arn:${partition}:iam::*:policy/${name}-boundary-*`] : [];
    return [...new Set([...own, ...settings.scps.protectedBoundaryPolicyArns])];
}

export function scpSettingsFor(settings: GovernanceSettings, partition: string, name?: string): ScpSettings {
    return {
        partition,
        ...settings.scps,
        approvedModelFamilies: settings.approvedModelFamilies,
        additionalApprovedModelArns: settings.additionalApprovedModelArns,
        boundaryPolicyArnPatterns: boundaryPolicyArnPatterns(settings, partition, name),
    };
}

/** Packs the enabled controls into documents; throws GovernanceConfigError when they cannot fit. */
export function packScps(settings: GovernanceSettings, partition: string, name?: string): PackedScp[] {
    return packScpControls(scpControls(scpSettingsFor(settings, partition, name)), {
        maxDocuments: SCP_MAX_PER_TARGET - settings.scps.existingPoliciesPerTarget,
    });
}

export function createScps(parent: pulumi.Resource, name: string, settings: GovernanceSettings, partition: pulumi.Output<string>): ScpPart | undefined {
    if (settings.scps.targetIds.length === 0) {
        return undefined;
    }
    // The number of documents must be known now, while resources are declared; the packing is
    // redone with the real partition below and must come out the same.
    const packed = packScps(settings, "aws", name);
    if (packed.length === 0) {
        return undefined;
    }
    const opts = { parent };
    const policies = packed.map((scp, i) => {
        const content = partition.apply((p) => {
            const actual = p === "aws" ? packed : packScps(settings, p, name);
            if (actual.length !== packed.length || actual[i].controls.join() !== scp.controls.join()) {
                throw new GovernanceConfigError("governance.scps", `partition ${p}`, "the same SCP packing as in the aws partition: disable a control or shorten its lists");
            }
            return actual[i].content;
        });
        return new aws.organizations.Policy(
            `${name}-scp-${i + 1}`,
            {
                name: `${name}-scp-${i + 1}`,
                description: `Bedrock governance (${i + 1}/${packed.length}): ${scp.controls.join(", ")}`,
                type: "SERVICE_CONTROL_POLICY",
                content,
                tags: settings.tags,
            },
            opts,
        );
    });
    const attachments = policies.flatMap((policy, i) =>
        settings.scps.targetIds.map(
            (targetId) => new aws.organizations.PolicyAttachment(`${name}-scp-${i + 1}-${targetId}`, { policyId: policy.id, targetId }, opts),
        ),
    );
    return { policies, attachments, packed };
}
