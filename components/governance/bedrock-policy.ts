// Part 1b (issue 15): the BEDROCK_POLICY Organizations policy, enforcing guardrails on every
// Bedrock inference call in the targets, attached like the SCPs. Organizations must have the
// policy type enabled on the root first (EnablePolicyType, or `enabledPolicyTypes` of the stack
// that owns `aws.organizations.Organization`); this component does not own the organization.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GovernanceSettings } from "./config";
import { BEDROCK_POLICY_TYPE, bedrockPolicyDocument, guardrailRegion } from "./documents/bedrock-policy";

export interface BedrockPolicyPart {
    readonly policy: aws.organizations.Policy;
    readonly attachments: aws.organizations.PolicyAttachment[];
}

export function createBedrockPolicy(parent: pulumi.Resource, name: string, settings: GovernanceSettings): BedrockPolicyPart | undefined {
    const b = settings.bedrockPolicy;
    if (b.guardrailArns.length === 0) {
        return undefined;
    }
    const opts = { parent };
    const regions = b.guardrailArns.map(guardrailRegion);
    const policy = new aws.organizations.Policy(
        `${name}-bedrock-policy`,
        {
            name: `${name}-bedrock-policy`,
            description: `Bedrock governance: guardrails enforced on all inference in ${regions.join(", ")}`,
            type: BEDROCK_POLICY_TYPE,
            content: JSON.stringify(bedrockPolicyDocument(b)),
            tags: settings.tags,
        },
        opts,
    );
    const attachments = b.targetIds.map(
        (targetId) => new aws.organizations.PolicyAttachment(`${name}-bedrock-policy-${targetId}`, { policyId: policy.id, targetId }, opts),
    );
    return { policy, attachments };
}
