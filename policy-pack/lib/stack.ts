// Relating resources in a stack validation. In @pulumi/aws 7 a bucket's public access block and
// encryption are separate resources that name the bucket; a role's policies name the role. At
// update the reference is a plain value; at preview it is often unknown (the bucket's id is an
// output), and CrossGuard's `propertyDependencies` still says which resource it came from.
import type { PolicyResource } from "@pulumi/policy";
import { readProp, UNKNOWN } from "./unknowns";

/** Does `resource`'s reference property point at `target`? `undefined`: cannot tell until the update. */
export function refersTo(resource: PolicyResource, key: string, target: PolicyResource, targetIds: ReadonlySet<string>): boolean | undefined {
    const dependencies = resource.propertyDependencies?.[key];
    if (dependencies && dependencies.length > 0) {
        return dependencies.some((d) => d.urn === target.urn);
    }
    const value = readProp(resource.props, key);
    if (value === UNKNOWN) {
        return undefined;
    }
    return typeof value === "string" && targetIds.has(value);
}

/** The values another resource may use to name this one: physical name, id, ARN, logical name. */
export function identifiersOf(resource: PolicyResource, nameKeys: readonly string[]): Set<string> {
    const ids = new Set<string>([resource.name]);
    for (const key of [...nameKeys, "id", "arn"]) {
        const value = readProp(resource.props, key);
        if (typeof value === "string" && value !== "") {
            ids.add(value);
        }
    }
    return ids;
}

export function ofTypes(resources: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/** Which resources name which, by one reference property, indexed once per stack validation. */
export interface ReferenceIndex {
    readonly byUrn: Map<string, PolicyResource[]>;
    readonly byValue: Map<string, PolicyResource[]>;
    /** Resources whose reference is unknown until the update and has no dependency to go by. */
    readonly unknown: PolicyResource[];
}

function push(map: Map<string, PolicyResource[]>, key: string, resource: PolicyResource): void {
    const list = map.get(key);
    if (list) {
        list.push(resource);
    } else {
        map.set(key, [resource]);
    }
}

export function indexReferences(resources: readonly PolicyResource[], key: string): ReferenceIndex {
    const index: ReferenceIndex = { byUrn: new Map(), byValue: new Map(), unknown: [] };
    for (const resource of resources) {
        const dependencies = resource.propertyDependencies?.[key];
        if (dependencies && dependencies.length > 0) {
            dependencies.forEach((d) => push(index.byUrn, d.urn, resource));
            continue;
        }
        const value = readProp(resource.props, key);
        if (value === UNKNOWN) {
            index.unknown.push(resource);
        } else if (typeof value === "string") {
            push(index.byValue, value, resource);
        }
    }
    return index;
}

/** The indexed resources that name `target`, and whether some might but cannot tell until the update. */
export function referencing(index: ReferenceIndex, target: PolicyResource, targetIds: ReadonlySet<string>): { linked: PolicyResource[]; unknown: boolean } {
    const linked = new Set<PolicyResource>(index.byUrn.get(target.urn) ?? []);
    for (const id of targetIds) {
        (index.byValue.get(id) ?? []).forEach((r) => linked.add(r));
    }
    return { linked: [...linked], unknown: index.unknown.length > 0 };
}

/**
 * Whether a policy ARN names this customer policy by its path and name. Resource validations and
 * the offline plan see inputs, where a policy's own ARN (an output) is absent; name and path are there.
 */
export function namesPolicy(policyArn: unknown, policy: PolicyResource): boolean {
    if (typeof policyArn !== "string") {
        return false;
    }
    const arn = readProp(policy.props, "arn");
    if (typeof arn === "string" && arn === policyArn) {
        return true;
    }
    const name = readProp(policy.props, "name");
    const policyPath = readProp(policy.props, "path");
    return typeof name === "string" && policyArn.endsWith(`:policy${typeof policyPath === "string" ? policyPath : "/"}${name}`);
}

/** Whether `resource` points at `policy` through `key` (a dependency at preview, the ARN at update). */
function pointsAtPolicy(resource: PolicyResource, key: string, policy: PolicyResource): boolean {
    const dependencies = resource.propertyDependencies?.[key];
    if (dependencies && dependencies.length > 0) {
        return dependencies.some((d) => d.urn === policy.urn);
    }
    const value = readProp(resource.props, key);
    return Array.isArray(value) ? value.some((v) => namesPolicy(v, policy)) : namesPolicy(value, policy);
}

const ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];

/**
 * The customer policies of the stack that serve only as permissions boundaries: some role or user
 * names them in `permissionsBoundary`, and nothing attaches them. A boundary is a ceiling: its
 * Allow statements grant nothing by themselves.
 */
export function boundaryOnlyPolicies(resources: readonly PolicyResource[]): Set<PolicyResource> {
    const principals = ofTypes(resources, ["aws:iam/role:Role", "aws:iam/user:User"]);
    const attachments = ofTypes(resources, ATTACHMENT_TYPES);
    const boundaries = new Set<PolicyResource>();
    for (const policy of ofTypes(resources, ["aws:iam/policy:Policy"])) {
        const isBoundary = principals.some((p) => pointsAtPolicy(p, "permissionsBoundary", policy));
        const isAttached =
            attachments.some((a) => pointsAtPolicy(a, "policyArn", policy)) ||
            principals.some((p) => p.type === "aws:iam/role:Role" && pointsAtPolicy(p, "managedPolicyArns", policy));
        if (isBoundary && !isAttached) {
            boundaries.add(policy);
        }
    }
    return boundaries;
}
