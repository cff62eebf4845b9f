// The policy-pack test harness: resources in, findings out, through the same offline runner the
// plan uses (policy-pack/runner.ts), which calls each policy as CrossGuard 1.21's runtime does
// (props through unknownCheckingProxy, getConfig with schema defaults, notApplicable, stackTags).
import { runPolicies, UNKNOWN_AT_PREVIEW, type PlannedResource, type PolicyFinding, type RunOptions } from "../../policy-pack/runner";

export { UNKNOWN_AT_PREVIEW };
export const STACK = "dev";
export const PROJECT = "bedrock-governance";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

export function planned(type: string, name: string, props: Record<string, unknown>, parent?: string): PlannedResource {
    return { urn: urnOf(type, name), type, name, props, parent };
}

/** A policy document as JSON text (what pulumi.jsonStringify produces). */
export function doc(...statements: object[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The same document as an object (what a program passes when it gives the policy as an object). */
export function docObject(...statements: object[]): object {
    return { Version: "2012-10-17", Statement: statements };
}

export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const POLICY = "aws:iam/policy:Policy";
export const ROLE = "aws:iam/role:Role";

export function rolePolicy(name: string, policy: unknown, role = "app-role"): PlannedResource {
    return planned(ROLE_POLICY, name, { role, policy });
}

export function managedPolicy(name: string, policy: unknown): PlannedResource {
    return planned(POLICY, name, { policy });
}

export function role(name: string, props: Record<string, unknown>): PlannedResource {
    return planned(ROLE, name, props);
}

export async function run(resources: PlannedResource | PlannedResource[], options: RunOptions = {}): Promise<PolicyFinding[]> {
    return runPolicies(Array.isArray(resources) ? resources : [resources], options);
}

/** The findings of one policy. */
export function of(findings: readonly PolicyFinding[], policyName: string, status?: PolicyFinding["status"]): PolicyFinding[] {
    return findings.filter((f) => f.policyName === policyName && (status === undefined || f.status === status));
}

/** Runs the pack over one policy document (as a RolePolicy) and returns one rule's findings. */
export async function judge(policyName: string, policy: unknown, options: RunOptions = {}): Promise<PolicyFinding[]> {
    return of(await run(rolePolicy("doc-under-test", policy), options), policyName);
}

/** Statuses of one rule's findings on one document, e.g. ["violation"]. */
export async function verdicts(policyName: string, policy: unknown, options: RunOptions = {}): Promise<string[]> {
    return (await judge(policyName, policy, options)).map((f) => f.status);
}
