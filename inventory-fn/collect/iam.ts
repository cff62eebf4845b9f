import {
    GetAccountAuthorizationDetailsCommand,
    type GetAccountAuthorizationDetailsCommandOutput,
    type ManagedPolicyDetail,
    type PolicyDetail,
} from "@aws-sdk/client-iam";
import type { CollectContext } from "./context";

/** A policy document as IAM stores it, URL-decoded; parsed later, in analysis. */
export interface InlinePolicy {
    readonly name: string;
    /** The decoded JSON text, or undefined when IAM returned none or it could not be decoded. */
    readonly document: string | undefined;
}

export interface CollectedPrincipal {
    readonly type: "role" | "user" | "group";
    readonly arn: string;
    readonly name: string;
    readonly id: string;
    readonly path: string;
    readonly inlinePolicies: InlinePolicy[];
    readonly attachedPolicyArns: string[];
    readonly permissionsBoundaryArn: string | null;
    /** Group names, for users. */
    readonly groups: string[];
    /** Role and user tags (GAAD returns them): team membership for the boundary finding. */
    readonly tags?: Readonly<Record<string, string>>;
    /** When the role or user was created (epoch ms), if GAAD said. */
    readonly createdMs?: number;
}

export interface CollectedManagedPolicy {
    readonly arn: string;
    readonly name: string;
    readonly awsManaged: boolean;
    readonly defaultVersionId: string | undefined;
    /** The default version's decoded document. */
    readonly document: string | undefined;
}

export interface IamSnapshot {
    readonly principals: CollectedPrincipal[];
    /** Customer managed policies, and the AWS managed ones some principal uses. */
    readonly managedPolicies: Map<string, CollectedManagedPolicy>;
}

// AWS managed policies come in too: a role holding AmazonBedrockFullAccess is a binding, and
// GAAD is the only single-loop source of their documents. LocalManagedPolicy alone would miss it.
const FILTER = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"] as const;
const PAGE_SIZE = 1000;

/**
 * Reads every role, user, group and managed policy with GetAccountAuthorizationDetails: a few
 * paginated calls instead of the 4,000-odd per-principal calls a thousand roles would cost.
 */
export async function collectIam(ctx: CollectContext): Promise<IamSnapshot> {
    const principals: CollectedPrincipal[] = [];
    // Only each policy's default version is kept from a page: GAAD returns every version of every
    // policy, AWS managed ones included (tens of MB), and the Lambda has 256 MB.
    const policies: { detail: ManagedPolicyDetail; defaultDocument: string | undefined; hasDefault: boolean }[] = [];

    const decode = (raw: string | undefined, where: string): string | undefined => {
        if (raw === undefined) {
            ctx.errors.malformed("iam", where, "policy document missing");
            return undefined;
        }
        try {
            // GAAD returns documents URL-encoded (RFC 3986); the SDK does not decode them.
            return decodeURIComponent(raw);
        } catch {
            ctx.errors.malformed("iam", where, "policy document is not valid URL encoding");
            return undefined;
        }
    };
    const inline = (list: PolicyDetail[] | undefined, owner: string): InlinePolicy[] =>
        (list ?? []).map((p) => ({
            name: p.PolicyName ?? "",
            document: decode(p.PolicyDocument, `${owner} inline policy ${p.PolicyName ?? "(unnamed)"}`),
        }));
    const attached = (list: { PolicyArn?: string }[] | undefined): string[] =>
        (list ?? []).map((a) => a.PolicyArn).filter((arn): arn is string => !!arn);

    /** One role, user or group of a GAAD page, as the three detail lists describe it. */
    const addPrincipal = (
        type: CollectedPrincipal["type"],
        detail: { arn?: string; name?: string; id?: string; path?: string; inline?: PolicyDetail[]; attached?: { PolicyArn?: string }[]; boundaryArn?: string; groups?: string[]; tags?: { Key?: string; Value?: string }[]; created?: Date },
    ): void => {
        if (!detail.arn || !detail.name) {
            const nameKey = `${type[0].toUpperCase()}${type.slice(1)}Name`;
            ctx.errors.malformed("iam", detail.arn ?? detail.id ?? type, `${type} without Arn or ${nameKey}`);
            return;
        }
        principals.push({
            type,
            arn: detail.arn,
            name: detail.name,
            id: detail.id ?? "",
            path: detail.path ?? "/",
            inlinePolicies: inline(detail.inline, detail.arn),
            attachedPolicyArns: attached(detail.attached),
            permissionsBoundaryArn: detail.boundaryArn ?? null,
            groups: [...(detail.groups ?? [])],
            ...(detail.tags ? { tags: Object.fromEntries(detail.tags.filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? ""])) } : {}),
            ...(detail.created && !Number.isNaN(new Date(detail.created).getTime()) ? { createdMs: new Date(detail.created).getTime() } : {}),
        });
    };

    function readPage(page: GetAccountAuthorizationDetailsCommandOutput): void {
        for (const r of page.RoleDetailList ?? []) {
            addPrincipal("role", { arn: r.Arn, name: r.RoleName, id: r.RoleId, path: r.Path, inline: r.RolePolicyList, attached: r.AttachedManagedPolicies, boundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn, tags: r.Tags, created: r.CreateDate });
        }
        for (const u of page.UserDetailList ?? []) {
            addPrincipal("user", { arn: u.Arn, name: u.UserName, id: u.UserId, path: u.Path, inline: u.UserPolicyList, attached: u.AttachedManagedPolicies, boundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn, groups: u.GroupList, tags: u.Tags, created: u.CreateDate });
        }
        for (const g of page.GroupDetailList ?? []) {
            addPrincipal("group", { arn: g.Arn, name: g.GroupName, id: g.GroupId, path: g.Path, inline: g.GroupPolicyList, attached: g.AttachedManagedPolicies });
        }
        for (const detail of page.Policies ?? []) {
            const version = detail.PolicyVersionList?.find((v) => v.IsDefaultVersion) ?? detail.PolicyVersionList?.find((v) => v.VersionId === detail.DefaultVersionId);
            policies.push({ detail: { ...detail, PolicyVersionList: undefined }, defaultDocument: version?.Document, hasDefault: version !== undefined });
        }
    }

    let marker: string | undefined;
    do {
        const page: GetAccountAuthorizationDetailsCommandOutput = await ctx.gateway.call("iam:GetAccountAuthorizationDetails", () =>
            ctx.clients.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: [...FILTER], MaxItems: PAGE_SIZE, Marker: marker })),
        );
        readPage(page);
        marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);

    // Over a thousand AWS managed policies exist; keep the ones somebody actually holds.
    const used = new Set<string>();
    for (const p of principals) {
        p.attachedPolicyArns.forEach((arn) => used.add(arn));
        if (p.permissionsBoundaryArn) used.add(p.permissionsBoundaryArn);
    }
    const managedPolicies = new Map<string, CollectedManagedPolicy>();
    for (const { detail: policy, defaultDocument, hasDefault } of policies) {
        if (!policy.Arn) continue;
        const awsManaged = /^arn:[^:]+:iam::aws:policy\//.test(policy.Arn);
        if (awsManaged && !used.has(policy.Arn)) continue;
        managedPolicies.set(policy.Arn, {
            arn: policy.Arn,
            name: policy.PolicyName ?? policy.Arn.split("/").pop() ?? policy.Arn,
            awsManaged,
            defaultVersionId: policy.DefaultVersionId,
            document: decode(defaultDocument, hasDefault ? `managed policy ${policy.Arn}` : `managed policy ${policy.Arn} (no default version)`),
        });
    }
    for (const arn of used) {
        if (!managedPolicies.has(arn)) {
            ctx.errors.add({ source: "iam", kind: "not_found", resource: arn, message: "attached policy not returned by GetAccountAuthorizationDetails" });
        }
    }
    return { principals, managedPolicies };
}
