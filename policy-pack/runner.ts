// Offline runner: evaluates the pack's resource policies over planned resources the way
// CrossGuard's runtime does, for `npm run plan` and for tests. Interface fixed by the lead;
// implementation owned by the policy-pack work (issue 5).

/** A resource as the offline plan knows it. */
export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly parent?: string;
}

export type EnforcementLevel = "mandatory" | "advisory" | "remediate" | "disabled";

/** One verdict of one policy on one resource. */
export interface PolicyFinding {
    readonly policyName: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn: string;
    readonly resourceName: string;
    readonly resourceType: string;
    /** `violation`: reported; `undecidable`: depends on a value unknown at preview; `exempted`: matched an exemption (reason in message). */
    readonly status: "violation" | "undecidable" | "exempted";
    readonly message: string;
}

export interface RunOptions {
    /** The pack's config, as `--policy-pack-config` would give it. */
    readonly config?: Record<string, unknown>;
    readonly stackTags?: Record<string, string>;
    readonly stack?: string;
    readonly project?: string;
}

/** Runs every resource policy of the pack over the resources. */
export async function runPolicies(_resources: PlannedResource[], _options: RunOptions = {}): Promise<PolicyFinding[]> {
    return [];
}
