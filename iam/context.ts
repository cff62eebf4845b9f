// Which request-context keys the account decides before any request is made: the inventory
// knows who the principal is (GetAccountAuthorizationDetails) and what it targets (an ARN), so a
// condition on those keys is true or false for every request that principal can make to that
// target. Every other key (aws:SourceVpce, aws:CurrentTime, aws:MultiFactorAuthPresent,
// aws:ResourceTag/*, service keys...) stays with the request.
//
// Values are those of AWS's "AWS global condition context keys" page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
//   - aws:PrincipalArn: the user's ARN; for a role session "the ARN of the role, not the ARN of
//     the user that assumed the role" (nor the assumed-role session ARN);
//   - aws:PrincipalAccount: the account the principal belongs to;
//   - aws:PrincipalType: `User` for an IAM user, `AssumedRole` for a role session;
//   - aws:username: present for IAM users only (absent for role sessions);
//   - aws:userid: the user's unique id for a user; `role-id:caller-specified-role-name` for a
//     role session, so the request decides it;
//   - aws:PrincipalTag/<key>: a user's IAM tags. A role session's tags are the role's tags plus
//     session tags passed at AssumeRole, which override a role tag of the same key ("Pass session
//     tags in AWS STS"), so for a role they are decided only when the caller says the role's
//     sessions cannot carry session tags;
//   - aws:PrincipalIsAWSService: false for a request signed with an IAM principal's credentials;
//   - aws:ResourceAccount: the account that owns the resource: the ARN's account part, when it has
//     one (a foundation model's ARN has none, so it stays undecided);
//   - aws:RequestedRegion: the Region called; a request on a Regional resource is made to that
//     resource's Region (the ARN's region part, when it has one).

import type { DecidedContext } from "./condition-eval";

/** What the inventory knows of a principal. */
export interface PrincipalFacts {
    readonly arn: string;
    readonly type: "role" | "user";
    /** The user or role name. */
    readonly name: string;
    /** The unique id (AIDA... for users); used for aws:userid of users only. */
    readonly id?: string;
    /** The principal's IAM tags when read; `undefined` when not known (every tag key undecided). */
    readonly tags?: Readonly<Record<string, string>>;
    /**
     * For a role: true when its sessions cannot carry session tags (its trust policy allows no
     * sts:TagSession), which makes its IAM tags the session's. Unknown means they can.
     */
    readonly noSessionTags?: boolean;
}

/** The account id and region parts of an ARN ("" when the ARN has none), or undefined when it is not an ARN. */
export function arnAccountAndRegion(arn: string): { account: string; region: string } | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return { region: parts[3], account: parts[4] };
}

const PRINCIPAL_TAG = "aws:principaltag/";

/**
 * The keys a principal and a target decide. Built once per (principal, target account, target
 * region): decisions are cached under its `cacheKey`, so a statement's conditions are read once
 * per principal and target Region, not once per model.
 */
export function decidedContext(principal: PrincipalFacts | undefined, resourceArn: string): DecidedContext {
    const target = arnAccountAndRegion(resourceArn);
    const principalAccount = principal ? arnAccountAndRegion(principal.arn)?.account : undefined;
    const tagsByKey = principal?.tags ? new Map(Object.entries(principal.tags).map(([k, v]) => [k.toLowerCase(), v])) : undefined;
    const tagsDecided = tagsByKey !== undefined && (principal!.type === "user" || principal!.noSessionTags === true);
    const decided: Record<string, readonly string[] | null> = {};
    if (principal) {
        decided["aws:principalarn"] = [principal.arn];
        if (principalAccount) decided["aws:principalaccount"] = [principalAccount];
        decided["aws:principaltype"] = [principal.type === "user" ? "User" : "AssumedRole"];
        decided["aws:username"] = principal.type === "user" ? [principal.name] : null;
        if (principal.type === "user" && principal.id) decided["aws:userid"] = [principal.id];
        decided["aws:principalisawsservice"] = ["false"];
    }
    if (target?.account) decided["aws:resourceaccount"] = [target.account];
    if (target?.region) decided["aws:requestedregion"] = [target.region];
    const tagsKey = tagsDecided ? JSON.stringify([...tagsByKey!].sort()) : "";
    const cacheKey = `${principal?.arn ?? ""}|${principal?.type ?? ""}|${tagsKey}|${target?.account ?? ""}|${target?.region ?? ""}`;
    return {
        cacheKey,
        lookup(key: string) {
            if (key in decided) return decided[key];
            if (tagsDecided && key.startsWith(PRINCIPAL_TAG)) {
                // Condition key names are not case-sensitive (the Condition element page), the tag key
                // part included; IAM keeps no two tags of one principal differing only in case.
                const value = tagsByKey!.get(key.slice(PRINCIPAL_TAG.length));
                return value === undefined ? null : [value];
            }
            return undefined;
        },
    };
}
