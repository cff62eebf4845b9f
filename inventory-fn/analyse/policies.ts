import { tryParsePolicyDocument, type PolicyDocument } from "../../iam/document";
import type { PolicySource, PolicyType } from "../../iam/evaluate";
import type { CollectedManagedPolicy, CollectedPrincipal, IamSnapshot } from "../collect/iam";
import type { RunError } from "../collect/context";

/** A principal's policies, parsed: what `evaluateAccess` takes. */
export interface PrincipalPolicies {
    readonly identity: PolicySource[];
    readonly boundary?: PolicySource;
}

/**
 * The parser's messages quote offending content (JSON.parse shows a snippet, the IAM parser shows
 * up to 80 characters of a bad element), and that content can be a condition value. The manifest
 * keeps only the part that names the element.
 */
export function valueFreeParseError(message: string): string {
    if (message.startsWith("policy document is not valid JSON")) {
        return "policy document is not valid JSON";
    }
    return message.split(", got ")[0];
}

/**
 * Resolves every principal's identity policies (inline, attached managed, and for users every
 * group's inline and attached ones) and boundary into parsed sources, parsing each document once.
 * A document that cannot be read is recorded and left out; the principal's other policies still
 * count (so one malformed policy does not hide every other grant).
 */
export class PolicyResolver {
    private readonly parsed = new Map<string, PolicyDocument | null>();
    private readonly groupsByName: Map<string, CollectedPrincipal>;

    constructor(private readonly iam: IamSnapshot, private readonly errors: RunError[]) {
        this.groupsByName = new Map(iam.principals.filter((p) => p.type === "group").map((g) => [g.name, g]));
    }

    policiesOf(principal: CollectedPrincipal): PrincipalPolicies {
        const identity: PolicySource[] = [];
        this.addOwn(identity, principal, undefined);
        if (principal.type === "user") {
            for (const groupName of principal.groups) {
                const group = this.groupsByName.get(groupName);
                if (!group) {
                    this.errors.push({ source: "analyse", kind: "not_found", resource: `${principal.arn} group ${groupName}`, message: "group of user not returned by IAM" });
                    continue;
                }
                this.addOwn(identity, group, groupName);
            }
        }
        let boundary: PolicySource | undefined;
        if (principal.permissionsBoundaryArn) {
            const policy = this.iam.managedPolicies.get(principal.permissionsBoundaryArn);
            const document = policy ? this.managedDocument(policy) : undefined;
            if (policy && document) {
                boundary = { policyType: "permissionsBoundary", policyArn: policy.arn, policyName: policy.name, document };
            } else {
                // Unreadable boundary: evaluated as absent, so the inventory over-reports rather
                // than hides an entitlement. The error says so.
                this.errors.push({ source: "analyse", kind: "malformed", resource: `${principal.arn} permissions boundary ${principal.permissionsBoundaryArn}`, message: "permissions boundary unreadable; evaluated without it" });
            }
        }
        return { identity, boundary };
    }

    private addOwn(into: PolicySource[], owner: CollectedPrincipal, viaGroup: string | undefined): void {
        for (const inline of owner.inlinePolicies) {
            const document = this.parse(`inline:${owner.arn}:${inline.name}`, inline.document, `${owner.arn} inline policy ${inline.name}`);
            if (document) {
                const policyType: PolicyType = viaGroup ? "groupInline" : "inline";
                into.push({ policyType, policyName: inline.name, ...(viaGroup ? { groupName: viaGroup } : {}), document });
            }
        }
        for (const arn of owner.attachedPolicyArns) {
            const policy = this.iam.managedPolicies.get(arn);
            if (!policy) continue; // recorded by the collector as not_found
            const document = this.managedDocument(policy);
            if (document) {
                const policyType: PolicyType = policy.awsManaged ? (viaGroup ? "groupAwsManaged" : "awsManaged") : viaGroup ? "groupManaged" : "managed";
                into.push({ policyType, policyArn: policy.arn, policyName: policy.name, ...(viaGroup ? { groupName: viaGroup } : {}), document });
            }
        }
    }

    private managedDocument(policy: CollectedManagedPolicy): PolicyDocument | undefined {
        return this.parse(`managed:${policy.arn}`, policy.document, `managed policy ${policy.arn}`);
    }

    private parse(cacheKey: string, text: string | undefined, where: string): PolicyDocument | undefined {
        if (this.parsed.has(cacheKey)) {
            return this.parsed.get(cacheKey) ?? undefined;
        }
        if (text === undefined) {
            this.parsed.set(cacheKey, null);
            return undefined; // the collector recorded why
        }
        const result = tryParsePolicyDocument(text);
        if (result.error !== undefined) {
            this.errors.push({ source: "analyse", kind: "malformed", resource: where, message: valueFreeParseError(result.error) });
            this.parsed.set(cacheKey, null);
            return undefined;
        }
        this.parsed.set(cacheKey, result.document);
        return result.document;
    }
}
