// Part 2: one managed policy per team, to be set as the permissions boundary of the team's roles.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GovernanceSettings } from "./config";
import { AwsScope, GovernanceConfigError } from "./documents/common";
import { Team, teamBoundary } from "./documents/boundaries";
import { documentJson } from "./shared";

export type BoundaryPart = Partial<Record<Team, aws.iam.Policy>>;

const DESCRIPTIONS: Record<Team, string> = {
    developer: "Developer boundary: approved models through the VPC endpoint, nothing tagged production, no customization",
    operations: "Operations boundary: approved models through the VPC endpoint, monitoring reads, no customization",
    admin: "Admin boundary: approved models through the VPC endpoint, model customization, guardrails, invocation logging",
    ci: "CI boundary: list and get models only",
};

export function createBoundaries(
    parent: pulumi.Resource,
    name: string,
    settings: GovernanceSettings,
    scope: pulumi.Output<AwsScope>,
    networkEndpointIds: pulumi.Input<string>[] | undefined,
): BoundaryPart {
    const b = settings.boundaries;
    if (!b.enabled) {
        return {};
    }
    const endpointIds = b.vpcEndpointIds ?? networkEndpointIds;
    if (endpointIds === undefined || endpointIds.length === 0) {
        throw new GovernanceConfigError(
            "governance.boundaries.vpcEndpointIds",
            undefined,
            "VPC endpoint ids while the network part is disabled (the boundaries allow inference only through them)",
        );
    }
    const part: BoundaryPart = {};
    for (const team of b.teams) {
        part[team] = new aws.iam.Policy(
            `${name}-boundary-${team}`,
            {
                description: DESCRIPTIONS[team],
                policy: documentJson(pulumi.all([scope, pulumi.all(endpointIds)]), ([s, ids]) =>
                    teamBoundary(team, {
                        scope: s,
                        modelRegions: b.modelRegions ?? [s.region],
                        approvedModelFamilies: settings.approvedModelFamilies,
                        additionalApprovedModelArns: settings.additionalApprovedModelArns,
                        vpcEndpointIds: ids,
                        environmentTagKey: b.environmentTagKey,
                        productionTagValue: b.productionTagValue,
                    }),
                ),
                tags: { ...settings.tags, Team: team },
            },
            { parent },
        );
    }
    return part;
}
