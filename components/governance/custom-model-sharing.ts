// Part 8: custom models shared with named accounts of the organization through AWS RAM (seed 002
// and 003: cross-account access; documents/custom-model-sharing.ts says why RAM and not a
// resource policy).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GovernanceSettings } from "./config";
import { AwsScope, GovernanceConfigError } from "./documents/common";
import { customModelSharingProblem } from "./documents/custom-model-sharing";

export interface CustomModelSharingPart {
    readonly share: aws.ram.ResourceShare;
    readonly models: aws.ram.ResourceAssociation[];
    readonly accounts: aws.ram.PrincipalAssociation[];
}

export function createCustomModelSharing(parent: pulumi.Resource, name: string, settings: GovernanceSettings, scope: pulumi.Output<AwsScope>): CustomModelSharingPart | undefined {
    const s = settings.customModelSharing;
    if (s.modelArns.length === 0) {
        return undefined;
    }
    const opts = { parent };
    // Checked once the deployment's account and Region are known; the ARNs pass through the check,
    // so no association is created from a model that would fail.
    const checked = scope.apply((at) => {
        const problem = customModelSharingProblem(s.modelArns, s.accountIds, at.region, at.accountId);
        if (problem) {
            throw new GovernanceConfigError("governance.customModelSharing", { modelArns: s.modelArns, accountIds: s.accountIds }, problem);
        }
        return at;
    });
    const share = new aws.ram.ResourceShare(
        `${name}-custom-models`,
        {
            name: s.shareName ?? `${name}-custom-models`,
            // Bedrock shares models within the organization only (its prerequisites page): an
            // account outside it is refused by RAM rather than invited.
            allowExternalPrincipals: false,
            tags: settings.tags,
        },
        opts,
    );
    const models = s.modelArns.map(
        (arn, i) => new aws.ram.ResourceAssociation(`${name}-custom-model-${i + 1}`, { resourceShareArn: share.arn, resourceArn: checked.apply(() => arn) }, opts),
    );
    const accounts = s.accountIds.map(
        (accountId) => new aws.ram.PrincipalAssociation(`${name}-custom-models-${accountId}`, { resourceShareArn: share.arn, principal: checked.apply(() => accountId) }, opts),
    );
    return { share, models, accounts };
}
