// Endpoint policies of the Bedrock interface endpoints (seed 003, "Require the VPC Interface
// Endpoint": the endpoint policy mirrors the allowed model list; seed 004 NET-01).
import { AwsScope, policyDocument, PolicyDocument } from "./common";
import { approvedModelArnPatterns, INFERENCE_ACTIONS } from "./models";

export interface EndpointPolicyParameters {
    readonly scope: AwsScope;
    readonly approvedModelFamilies: readonly string[];
    readonly additionalApprovedModelArns: readonly string[];
}

/**
 * bedrock-runtime: inference on approved models only, by principals of this account only (a data
 * perimeter: credentials of another account cannot use the endpoint). A call that names a guardrail
 * also needs bedrock:ApplyGuardrail on it.
 */
export function runtimeEndpointPolicy(p: EndpointPolicyParameters): PolicyDocument {
    const { partition, region, accountId } = p.scope;
    const ownAccount = { StringEquals: { "aws:PrincipalAccount": accountId } };
    return policyDocument([
        {
            Sid: "InvokeApprovedModels",
            Effect: "Allow",
            Principal: "*",
            Action: [...INFERENCE_ACTIONS],
            Resource: approvedModelArnPatterns(partition, p.approvedModelFamilies, p.additionalApprovedModelArns, "*", accountId),
            Condition: ownAccount,
        },
        {
            Sid: "ApplyOwnGuardrails",
            Effect: "Allow",
            Principal: "*",
            Action: "bedrock:ApplyGuardrail",
            Resource: `arn:${partition}:bedrock:${region}:${accountId}:guardrail/*`,
            Condition: ownAccount,
        },
    ]);
}

/**
 * bedrock-agent-runtime: this account's agents, flows and knowledge bases. RetrieveAndGenerate has
 * no resource type (it takes "*"); the model it generates with is authorized as an InvokeModel,
 * which this policy allows only on approved models.
 */
export function agentRuntimeEndpointPolicy(p: EndpointPolicyParameters): PolicyDocument {
    const { partition, region, accountId } = p.scope;
    const ownAccount = { StringEquals: { "aws:PrincipalAccount": accountId } };
    const own = (type: string) => `arn:${partition}:bedrock:${region}:${accountId}:${type}/*`;
    return policyDocument([
        {
            Sid: "InvokeOwnAgentsAndFlows",
            Effect: "Allow",
            Principal: "*",
            Action: ["bedrock:InvokeAgent", "bedrock:InvokeFlow", "bedrock:Retrieve"],
            Resource: [own("agent-alias"), own("flow-alias"), own("knowledge-base")],
            Condition: ownAccount,
        },
        {
            Sid: "RetrieveAndGenerate",
            Effect: "Allow",
            Principal: "*",
            Action: "bedrock:RetrieveAndGenerate",
            Resource: "*",
            Condition: ownAccount,
        },
        {
            Sid: "GenerateWithApprovedModels",
            Effect: "Allow",
            Principal: "*",
            Action: [...INFERENCE_ACTIONS],
            Resource: approvedModelArnPatterns(partition, p.approvedModelFamilies, p.additionalApprovedModelArns, "*", accountId),
            Condition: ownAccount,
        },
    ]);
}

/** Splits an IPv4 CIDR into equal subnets: `count` blocks of `newBits` more prefix bits, in order. */
export function subnetCidrs(cidr: string, newBits: number, count: number): string[] {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!match) {
        throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        throw new Error(`"${cidr}" is not an IPv4 CIDR block`);
    }
    const newPrefix = prefix + newBits;
    if (newPrefix > 28 || count > 2 ** newBits) {
        throw new Error(`"${cidr}" cannot hold ${count} subnets of /${newPrefix}`);
    }
    const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    const network = prefix === 0 ? 0 : (base & (0xffffffff << (32 - prefix))) >>> 0;
    const size = 2 ** (32 - newPrefix);
    return Array.from({ length: count }, (_, i) => {
        const address = network + i * size;
        return `${[24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join(".")}/${newPrefix}`;
    });
}
