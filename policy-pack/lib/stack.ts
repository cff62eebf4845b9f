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
