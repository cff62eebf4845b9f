// Where the policy documents of each supported resource type live in its props. CONTRACTS
// section 6 lists the types; identity policies, attachments of broad AWS managed policies, and
// resource policies are read separately because not every rule reads every kind.
import { BROAD_MANAGED_POLICIES, broadManagedPolicyName } from "./managed-policies";
import { readProp, UNKNOWN } from "./unknowns";

export type SourceKind = "identity" | "attachment" | "resource";

/** One policy text found in a resource's props. */
export interface PolicyText {
    readonly kind: SourceKind;
    /** Where it sits, for messages: `policy`, `inline policy "invoke" (inlinePolicies[0])`. */
    readonly where: string;
    /** JSON text, an object, or `UNKNOWN`. */
    readonly raw: unknown;
}

/** What a resource holds, and what about it cannot be known until the update. */
export interface ResourcePolicies {
    readonly texts: PolicyText[];
    /** Parts that are unknown at preview and may hold a policy (e.g. an attachment's policy ARN). */
    readonly unknownParts: string[];
}

export const IDENTITY_POLICY_TYPES: readonly string[] = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
];
export const ROLE_TYPE = "aws:iam/role:Role";
export const ATTACHMENT_TYPES: readonly string[] = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];
/** Resource types with a resource policy in a `policy` property. */
export const RESOURCE_POLICY_TYPES: readonly string[] = [
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
    "aws:sns/topic:Topic",
    "aws:sns/topicPolicy:TopicPolicy",
    // The one @pulumi/aws 7.48 resource that carries an AgentCore resource policy (runtimes,
    // runtime endpoints, gateways): the runtime and gateway resources have no policy property.
    "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy",
];

/** The resource-policy types that hold an Amazon Bedrock AgentCore resource policy. */
export const AGENTCORE_RESOURCE_POLICY_TYPES: readonly string[] = ["aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy"];

/** The types a rule reading these kinds applies to. */
export function typesReadFor(kinds: readonly SourceKind[]): string[] {
    const types: string[] = [];
    if (kinds.includes("identity")) {
        types.push(...IDENTITY_POLICY_TYPES, ROLE_TYPE);
    }
    if (kinds.includes("attachment")) {
        types.push(...ATTACHMENT_TYPES, ROLE_TYPE);
    }
    if (kinds.includes("resource")) {
        types.push(...RESOURCE_POLICY_TYPES);
    }
    return [...new Set(types)];
}

function attachedManagedPolicy(policyArn: unknown, where: string, found: ResourcePolicies): void {
    if (policyArn === UNKNOWN) {
        found.unknownParts.push(where);
        return;
    }
    if (typeof policyArn !== "string") {
        return;
    }
    const name = broadManagedPolicyName(policyArn);
    if (name) {
        found.texts.push({ kind: "attachment", where: `attaches AWS managed policy ${name} (${policyArn})`, raw: BROAD_MANAGED_POLICIES[name] });
    }
}

/** The policy texts of the kinds asked for that a resource of this type holds. */
export function policiesOf(type: string, props: Record<string, unknown>, kinds: readonly SourceKind[]): ResourcePolicies {
    const found: ResourcePolicies = { texts: [], unknownParts: [] };
    if (kinds.includes("identity") && IDENTITY_POLICY_TYPES.includes(type)) {
        found.texts.push({ kind: "identity", where: "policy", raw: readProp(props, "policy") });
    }
    if (type === ROLE_TYPE && kinds.includes("identity")) {
        const inline = readProp(props, "inlinePolicies");
        if (inline === UNKNOWN) {
            found.unknownParts.push("inlinePolicies");
        } else if (Array.isArray(inline)) {
            inline.forEach((entry, index) => {
                const item = entry === UNKNOWN ? { policy: UNKNOWN } : ((entry ?? {}) as Record<string, unknown>);
                const name = typeof item.name === "string" ? ` "${item.name}"` : "";
                found.texts.push({ kind: "identity", where: `inline policy${name} (inlinePolicies[${index}])`, raw: item.policy });
            });
        }
    }
    if (type === ROLE_TYPE && kinds.includes("attachment")) {
        const arns = readProp(props, "managedPolicyArns");
        if (arns === UNKNOWN) {
            found.unknownParts.push("managedPolicyArns");
        } else if (Array.isArray(arns)) {
            arns.forEach((arn, index) => attachedManagedPolicy(arn, `managedPolicyArns[${index}]`, found));
        }
    }
    if (kinds.includes("attachment") && ATTACHMENT_TYPES.includes(type)) {
        attachedManagedPolicy(readProp(props, "policyArn"), "policyArn", found);
    }
    if (kinds.includes("resource") && RESOURCE_POLICY_TYPES.includes(type)) {
        found.texts.push({ kind: "resource", where: "policy", raw: readProp(props, "policy") });
    }
    return found;
}

/** `RolePolicy "app-invoke"`: the type's last segment and the resource's name. */
export function resourceLabel(type: string, name: string): string {
    const short = type.slice(type.lastIndexOf(":") + 1) || type;
    return `${short} "${name}"`;
}
