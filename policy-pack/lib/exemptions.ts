// Exemptions: a resource a rule must not block, with the reason someone accepted. CrossGuard hands
// a policy only its own config (`args.getConfig()` returns the entry under the policy's name), so
// there is no pack-wide key a rule could read: every rule takes the same `exemptions` list in its
// config, and an exemption names the rule it is from by where it is written. An exempted finding
// is still reported (advisory, "exempted: <reason>"), so an exemption is visible in every preview.
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export interface Exemption {
    /** Glob (`*`, `?`) over the resource's logical name. */
    readonly resource?: string;
    /** A resource URN, exact or a glob. */
    readonly urn?: string;
    /** Why the finding is accepted; required, shown in every report. */
    readonly reason: string;
}

/** The config schema shared by every rule's `exemptions` property. */
export const EXEMPTIONS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    default: [],
    description: "Resources this rule reports as exempted instead of as violations: [{ resource: <name glob> | urn: <URN or glob>, reason: <why> }].",
    items: {
        type: "object",
        properties: {
            resource: { type: "string", minLength: 1, description: "Glob over the resource's logical name (* and ?)." },
            urn: { type: "string", minLength: 1, description: "The resource's URN, exact or a glob." },
            reason: { type: "string", minLength: 1, description: "Why this resource is exempt; shown with every exempted finding." },
        },
        required: ["reason"],
        // reason plus at least one of resource/urn
        minProperties: 2,
        additionalProperties: false,
    },
};

function globToRegExp(glob: string): RegExp {
    const source = glob.replace(/[.+^${}()|[\]\\\/-]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`, "s");
}

/** The first exemption that names this resource, if any. */
export function findExemption(exemptions: readonly Exemption[] | undefined, name: string, urn: string): Exemption | undefined {
    return (exemptions ?? []).find(
        (e) =>
            typeof e?.reason === "string" &&
            e.reason.trim() !== "" &&
            ((e.resource !== undefined && globToRegExp(e.resource).test(name)) || (e.urn !== undefined && globToRegExp(e.urn).test(urn))),
    );
}

/** How an exemption is named in a report. */
export function exemptionLabel(exemption: Exemption): string {
    return exemption.resource !== undefined ? `resource "${exemption.resource}"` : `urn "${exemption.urn}"`;
}
