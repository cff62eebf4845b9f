// Sharing custom models with named accounts (seed 002/003: cross-account access). What AWS offers,
// from the Bedrock user guide's "Share a model for another account to use": an AWS RAM resource
// share naming the models (resourceArns) and the accounts (principals); both accounts in one AWS
// Organizations organization with RAM sharing enabled; the recipient copies the model into a
// Region before using it. Bedrock's PutResourcePolicy API lists custom-model among its resource
// types in the service authorization reference, but AWS's sharing guide does not use it and
// @pulumi/aws 7.48 has no resource for it (only aws.bedrock.AgentcoreResourcePolicy), so the share
// is built with aws.ram.ResourceShare, ResourceAssociation and PrincipalAssociation.

const PARTITION = "aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?";

/** An exact custom model ARN (no `*` or `?`): `arn:<partition>:bedrock:<region>:<account>:custom-model/<base model>/<id>`. */
export const CUSTOM_MODEL_ARN = new RegExp(`^arn:${PARTITION}:bedrock:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:custom-model/[A-Za-z0-9._:/-]+$`);
export const CUSTOM_MODEL_ARN_RULE = "an exact custom model ARN (arn:aws:bedrock:<region>:<account>:custom-model/...), no wildcards";

/** RAM resource share names: 1 to 255 characters (RAM API reference, CreateResourceShare). */
export const SHARE_NAME = /^[A-Za-z0-9 _.:/=+@-]{1,255}$/;
export const SHARE_NAME_RULE = "a resource share name (1 to 255 letters, digits, spaces and _.:/=+@-)";

/** The account and Region parts of a custom model ARN. */
export function customModelLocation(arn: string): { region: string; accountId: string } {
    const parts = arn.split(":");
    return { region: parts[3], accountId: parts[4] };
}

/**
 * Why the models cannot be shared from a deployment in `region` of `accountId`, or undefined. A
 * RAM share is regional and a model is shared by its owner: a model of another Region or account
 * would fail at `pulumi up`, so it fails at preview instead.
 */
export function customModelSharingProblem(modelArns: readonly string[], accountIds: readonly string[], region: string, accountId: string): string | undefined {
    const elsewhere = modelArns.filter((arn) => {
        const at = customModelLocation(arn);
        return at.region !== region || at.accountId !== accountId;
    });
    if (elsewhere.length > 0) {
        return `custom models of this account (${accountId}) and Region (${region}) only; got ${elsewhere.join(", ")}`;
    }
    if (accountIds.includes(accountId)) {
        return `accounts other than this one (${accountId}): a model is not shared with its owner`;
    }
    return undefined;
}
