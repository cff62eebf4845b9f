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
