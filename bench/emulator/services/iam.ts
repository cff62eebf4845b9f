import type { Account, Group, InlinePolicy, ManagedPolicy, Role, User } from "../../account/types";
import { ApiError, queryResponse, rfc3986, xmlEscape, type EmulatedRequest, type EmulatedResponse } from "../wire";
import type { Route } from "./route";

/**
 * IAM over awsQuery: a form-encoded POST with `Action=...`, an XML answer. Policy documents are
 * URL-encoded (RFC 3986) as IAM returns them. Markers are opaque to the caller.
 */

const x = (tag: string, value: string | number | boolean | null | undefined) => (value === null || value === undefined ? "" : `<${tag}>${typeof value === "string" ? xmlEscape(value) : value}</${tag}>`);
const members = (items: readonly string[]) => items.map((i) => `<member>${i}</member>`).join("");

function encodeMarker(offset: number): string {
    return Buffer.from(`offset:${offset}`).toString("base64");
}

function decodeMarker(marker: string | null): number {
    if (!marker) return 0;
    const text = Buffer.from(marker, "base64").toString();
    const match = /^offset:(\d+)$/.exec(text);
    if (!match) throw new ApiError("InvalidInput", "Invalid Marker.", 400);
    return Number(match[1]);
}

function maxItems(form: URLSearchParams): number {
    const raw = form.get("MaxItems");
    if (raw === null) return 100;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 1000) {
        throw new ApiError("ValidationError", `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000`, 400);
    }
    return n;
}

function page<T>(items: readonly T[], form: URLSearchParams): { slice: readonly T[]; truncatedXml: string } {
    const start = decodeMarker(form.get("Marker"));
    const size = maxItems(form);
    const slice = items.slice(start, start + size);
    const more = start + size < items.length;
    return { slice, truncatedXml: `<IsTruncated>${more}</IsTruncated>${more ? x("Marker", encodeMarker(start + size)) : ""}` };
}

const policyList = (policies: readonly InlinePolicy[]) => members(policies.map((p) => `${x("PolicyName", p.name)}${x("PolicyDocument", rfc3986(p.document))}`));

function attachedXml(account: Account, arns: readonly string[]): string {
    return members(arns.map((arn) => `${x("PolicyName", arn.split("/").pop()!)}${x("PolicyArn", arn)}`));
}

function boundaryXml(arn: string | null): string {
    return arn ? `<PermissionsBoundary>${x("PermissionsBoundaryType", "Policy")}${x("PermissionsBoundaryArn", arn)}</PermissionsBoundary>` : "";
}

function roleDetail(account: Account, r: Role): string {
    return `${x("Path", r.path)}${x("RoleName", r.name)}${x("RoleId", r.id)}${x("Arn", r.arn)}${x("CreateDate", r.createDate)}${x("AssumeRolePolicyDocument", rfc3986(r.assumeRolePolicyDocument))}<InstanceProfileList/><RolePolicyList>${policyList(r.inlinePolicies)}</RolePolicyList><AttachedManagedPolicies>${attachedXml(account, r.attachedPolicyArns)}</AttachedManagedPolicies>${boundaryXml(r.permissionsBoundaryArn)}<Tags/><RoleLastUsed/>`;
}

function userDetail(account: Account, u: User): string {
    return `${x("Path", u.path)}${x("UserName", u.name)}${x("UserId", u.id)}${x("Arn", u.arn)}${x("CreateDate", u.createDate)}<UserPolicyList>${policyList(u.inlinePolicies)}</UserPolicyList><GroupList>${members(u.groups.map(xmlEscape))}</GroupList><AttachedManagedPolicies>${attachedXml(account, u.attachedPolicyArns)}</AttachedManagedPolicies>${boundaryXml(u.permissionsBoundaryArn)}<Tags/>`;
}

function groupDetail(account: Account, g: Group): string {
    return `${x("Path", g.path)}${x("GroupName", g.name)}${x("GroupId", g.id)}${x("Arn", g.arn)}${x("CreateDate", g.createDate)}<GroupPolicyList>${policyList(g.inlinePolicies)}</GroupPolicyList><AttachedManagedPolicies>${attachedXml(account, g.attachedPolicyArns)}</AttachedManagedPolicies>`;
}

function policyFields(p: ManagedPolicy): string {
    return `${x("PolicyName", p.name)}${x("PolicyId", p.policyId)}${x("Arn", p.arn)}${x("Path", p.path)}${x("DefaultVersionId", p.defaultVersionId)}${x("AttachmentCount", p.attachmentCount)}${x("PermissionsBoundaryUsageCount", p.permissionsBoundaryUsageCount)}${x("IsAttachable", true)}${x("CreateDate", p.createDate)}${x("UpdateDate", p.updateDate)}`;
}

function managedPolicyDetail(p: ManagedPolicy): string {
    const versions = members(p.versions.map((v) => `${x("Document", rfc3986(v.document))}${x("VersionId", v.versionId)}${x("IsDefaultVersion", v.isDefault)}${x("CreateDate", v.createDate)}`));
    return `${policyFields(p)}<PolicyVersionList>${versions}</PolicyVersionList>`;
}

type Entity = { kind: "User"; value: User } | { kind: "Group"; value: Group } | { kind: "Role"; value: Role } | { kind: "Policy"; value: ManagedPolicy };

/** GAAD's item order: users, groups, roles, policies; the Filter picks which. */
function gaadEntities(account: Account, filter: Set<string>): Entity[] {
    const all = filter.size === 0;
    const out: Entity[] = [];
    if (all || filter.has("User")) account.users.forEach((value) => out.push({ kind: "User", value }));
    if (all || filter.has("Group")) account.groups.forEach((value) => out.push({ kind: "Group", value }));
    if (all || filter.has("Role")) account.roles.forEach((value) => out.push({ kind: "Role", value }));
    for (const p of account.policies) {
        if (all || (p.awsManaged ? filter.has("AWSManagedPolicy") : filter.has("LocalManagedPolicy"))) out.push({ kind: "Policy", value: p });
    }
    return out;
}

function findPrincipal<T extends { name: string }>(list: readonly T[], name: string | null, kind: string): T {
    const found = name ? list.find((p) => p.name === name) : undefined;
    if (!found) throw new ApiError("NoSuchEntity", `The ${kind} with name ${name} cannot be found.`, 404);
    return found;
}

/** Name lookups stay O(1) on a 5,000-role account. */
const indexCache = new WeakMap<Account, { roles: Map<string, Role>; users: Map<string, User>; groups: Map<string, Group>; policies: Map<string, ManagedPolicy> }>();
function index(account: Account) {
    let idx = indexCache.get(account);
    if (!idx || idx.roles.size !== account.roles.length || idx.policies.size !== account.policies.length) {
        idx = {
            roles: new Map(account.roles.map((r) => [r.name, r])),
            users: new Map(account.users.map((u) => [u.name, u])),
            groups: new Map(account.groups.map((g) => [g.name, g])),
            policies: new Map(account.policies.map((p) => [p.arn, p])),
        };
        indexCache.set(account, idx);
    }
    return idx;
}

function lookup<T>(map: Map<string, T>, name: string | null, kind: string): T {
    const found = name ? map.get(name) : undefined;
    if (!found) throw new ApiError("NoSuchEntity", `The ${kind} with name ${name} cannot be found.`, 404);
    return found;
}

function inlineDocument(owner: { inlinePolicies: InlinePolicy[]; name: string }, policyName: string | null, kind: string): InlinePolicy {
    const found = owner.inlinePolicies.find((p) => p.name === policyName);
    if (!found) throw new ApiError("NoSuchEntity", `The ${kind} policy with name ${policyName} cannot be found.`, 404);
    return found;
}

export function iamRoute(request: EmulatedRequest, account: Account): Route | undefined {
    if (request.method !== "POST") return undefined;
    const form = new URLSearchParams(request.body.toString("utf8"));
    const action = form.get("Action");
    if (!action) return undefined;
    const api = `iam:${action}`;
    const respond = (xml: string): EmulatedResponse => queryResponse("iam", action, xml);
    const handlers: Record<string, () => { response: EmulatedResponse; items?: number }> = {
        GetAccountAuthorizationDetails: () => {
            const filter = new Set<string>();
            for (const [k, v] of form) if (/^Filter\.member\.\d+$/.test(k)) filter.add(v);
            const { slice, truncatedXml } = page(gaadEntities(account, filter), form);
            const parts: Record<string, string[]> = { User: [], Group: [], Role: [], Policy: [] };
            for (const e of slice) {
                if (e.kind === "User") parts.User.push(userDetail(account, e.value));
                else if (e.kind === "Group") parts.Group.push(groupDetail(account, e.value));
                else if (e.kind === "Role") parts.Role.push(roleDetail(account, e.value));
                else parts.Policy.push(managedPolicyDetail(e.value));
            }
            return {
                items: slice.length,
                response: respond(
                    `<UserDetailList>${members(parts.User)}</UserDetailList><GroupDetailList>${members(parts.Group)}</GroupDetailList><RoleDetailList>${members(parts.Role)}</RoleDetailList><Policies>${members(parts.Policy)}</Policies>${truncatedXml}`,
                ),
            };
        },
        // The generated account holds no long-term Bedrock API keys: one call, an empty list.
        ListServiceSpecificCredentials: () => ({ items: 0, response: respond(`<ServiceSpecificCredentials></ServiceSpecificCredentials><IsTruncated>false</IsTruncated>`) }),
        ListRoles: () => {
            const { slice, truncatedXml } = page(account.roles, form);
            const roles = slice.map((r) => `${x("Path", r.path)}${x("RoleName", r.name)}${x("RoleId", r.id)}${x("Arn", r.arn)}${x("CreateDate", r.createDate)}${x("AssumeRolePolicyDocument", rfc3986(r.assumeRolePolicyDocument))}${x("Description", r.description)}${x("MaxSessionDuration", 3600)}`);
            return { items: slice.length, response: respond(`<Roles>${members(roles)}</Roles>${truncatedXml}`) };
        },
        GetRole: () => {
            const r = lookup(index(account).roles, form.get("RoleName"), "role");
            return { response: respond(`<Role>${x("Path", r.path)}${x("RoleName", r.name)}${x("RoleId", r.id)}${x("Arn", r.arn)}${x("CreateDate", r.createDate)}${x("AssumeRolePolicyDocument", rfc3986(r.assumeRolePolicyDocument))}${boundaryXml(r.permissionsBoundaryArn)}</Role>`) };
        },
        ListUsers: () => {
            const { slice, truncatedXml } = page(account.users, form);
            const users = slice.map((u) => `${x("Path", u.path)}${x("UserName", u.name)}${x("UserId", u.id)}${x("Arn", u.arn)}${x("CreateDate", u.createDate)}${boundaryXml(u.permissionsBoundaryArn)}`);
            return { items: slice.length, response: respond(`<Users>${members(users)}</Users>${truncatedXml}`) };
        },
        ListGroups: () => {
            const { slice, truncatedXml } = page(account.groups, form);
            const groups = slice.map((g) => `${x("Path", g.path)}${x("GroupName", g.name)}${x("GroupId", g.id)}${x("Arn", g.arn)}${x("CreateDate", g.createDate)}`);
            return { items: slice.length, response: respond(`<Groups>${members(groups)}</Groups>${truncatedXml}`) };
        },
        ListRolePolicies: () => inlineNames(lookup(index(account).roles, form.get("RoleName"), "role")),
        ListUserPolicies: () => inlineNames(lookup(index(account).users, form.get("UserName"), "user")),
        ListGroupPolicies: () => inlineNames(lookup(index(account).groups, form.get("GroupName"), "group")),
        GetRolePolicy: () => {
            const r = lookup(index(account).roles, form.get("RoleName"), "role");
            const p = inlineDocument(r, form.get("PolicyName"), "role");
            return { response: respond(`${x("RoleName", r.name)}${x("PolicyName", p.name)}${x("PolicyDocument", rfc3986(p.document))}`) };
        },
        GetUserPolicy: () => {
            const u = lookup(index(account).users, form.get("UserName"), "user");
            const p = inlineDocument(u, form.get("PolicyName"), "user");
            return { response: respond(`${x("UserName", u.name)}${x("PolicyName", p.name)}${x("PolicyDocument", rfc3986(p.document))}`) };
        },
        GetGroupPolicy: () => {
            const g = lookup(index(account).groups, form.get("GroupName"), "group");
            const p = inlineDocument(g, form.get("PolicyName"), "group");
            return { response: respond(`${x("GroupName", g.name)}${x("PolicyName", p.name)}${x("PolicyDocument", rfc3986(p.document))}`) };
        },
        ListAttachedRolePolicies: () => attachedList(lookup(index(account).roles, form.get("RoleName"), "role").attachedPolicyArns),
        ListAttachedUserPolicies: () => attachedList(lookup(index(account).users, form.get("UserName"), "user").attachedPolicyArns),
        ListAttachedGroupPolicies: () => attachedList(lookup(index(account).groups, form.get("GroupName"), "group").attachedPolicyArns),
        ListGroupsForUser: () => {
            const u = lookup(index(account).users, form.get("UserName"), "user");
            const groups = u.groups.map((name) => findPrincipal(account.groups, name, "group"));
            const { slice, truncatedXml } = page(groups, form);
            return { response: respond(`<Groups>${members(slice.map((g) => `${x("Path", g.path)}${x("GroupName", g.name)}${x("GroupId", g.id)}${x("Arn", g.arn)}${x("CreateDate", g.createDate)}`))}</Groups>${truncatedXml}`) };
        },
        GetPolicy: () => {
            const p = index(account).policies.get(form.get("PolicyArn") ?? "");
            if (!p) throw new ApiError("NoSuchEntity", `Policy ${form.get("PolicyArn")} was not found.`, 404);
            return { response: respond(`<Policy>${policyFields(p)}</Policy>`) };
        },
        GetPolicyVersion: () => {
            const p = index(account).policies.get(form.get("PolicyArn") ?? "");
            const v = p?.versions.find((pv) => pv.versionId === form.get("VersionId"));
            if (!p || !v) throw new ApiError("NoSuchEntity", `Policy ${form.get("PolicyArn")} version ${form.get("VersionId")} does not exist or is not attachable.`, 404);
            return { response: respond(`<PolicyVersion>${x("Document", rfc3986(v.document))}${x("VersionId", v.versionId)}${x("IsDefaultVersion", v.isDefault)}${x("CreateDate", v.createDate)}</PolicyVersion>`) };
        },
    };

    function inlineNames(owner: { inlinePolicies: InlinePolicy[] }) {
        const { slice, truncatedXml } = page(owner.inlinePolicies, form);
        return { response: respond(`<PolicyNames>${members(slice.map((p) => xmlEscape(p.name)))}</PolicyNames>${truncatedXml}`) };
    }
    function attachedList(arns: readonly string[]) {
        const { slice, truncatedXml } = page(arns, form);
        return { response: respond(`<AttachedPolicies>${attachedXml(account, slice)}</AttachedPolicies>${truncatedXml}`) };
    }

    const handler = handlers[action];
    if (!handler) return { api, handle: () => { throw new ApiError("InvalidAction", `Could not find operation ${action} for version 2010-05-08`, 400); } };
    return { api, handle: handler };
}

export function stsRoute(request: EmulatedRequest, account: Account): Route | undefined {
    const form = new URLSearchParams(request.body.toString("utf8"));
    const action = form.get("Action");
    if (action !== "GetCallerIdentity") {
        return action ? { api: `sts:${action}`, handle: () => { throw new ApiError("InvalidAction", `Could not find operation ${action}`, 400); } } : undefined;
    }
    return {
        api: "sts:GetCallerIdentity",
        handle: () => ({
            response: queryResponse(
                "sts",
                action,
                `${x("Arn", `arn:aws:sts::${account.accountId}:assumed-role/bedrock-core-inventory-lambda-role/bench`)}${x("UserId", "AROAEXAMPLEINVENTORY:bench")}${x("Account", account.accountId)}`,
            ),
        }),
    };
}
