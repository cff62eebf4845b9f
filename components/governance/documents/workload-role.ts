// The least-privilege workload role of seed 003's playbook (steps 1, 2 and 4): exactly the listed
// models and inference profiles, held to VPC endpoints, and optionally exactly the listed agent aliases.
import { ArgumentError } from "../../config/validators";
import { policyDocument, PolicyDocument, PolicyStatement } from "./common";
import { INFERENCE_ACTIONS } from "./models";

const PARTITION = "aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const ACCOUNT = "\\d{12}";

/** The resource types a model ARN may name, with the shape of each (Bedrock ARN formats, seed 003). */
const MODEL_ARN_SHAPES: readonly { type: string; pattern: RegExp }[] = [
    { type: "foundation-model", pattern: new RegExp(`^arn:${PARTITION}:bedrock:${REGION}::foundation-model/[a-z0-9-]+\\.[A-Za-z0-9._:-]+$`) },
    { type: "inference-profile", pattern: new RegExp(`^arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:inference-profile/[A-Za-z0-9._:-]+$`) },
    { type: "application-inference-profile", pattern: new RegExp(`^arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/[a-z0-9]{1,64}$`) },
    { type: "provisioned-model", pattern: new RegExp(`^arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:provisioned-model/[a-z0-9]{1,64}$`) },
];

const AGENT_ALIAS_ARN = new RegExp(`^arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:agent-alias/[0-9A-Za-z]{10}/[0-9A-Za-z]{10}$`);
const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;

/** A workload role asked for more than exactly named resources (an ArgumentError: the plan exits 2). */
export class WorkloadRoleError extends ArgumentError {
    constructor(message: string) {
        super([message]);
    }
}

/**
 * Why `arn` cannot be granted as a model of a workload role, or undefined when it can. Wildcards
 * come first: `*` and `?` are IAM wildcards wherever they appear, so a pattern is never exact.
 */
export function modelArnProblem(arn: string): string | undefined {
    if (/[*?]/.test(arn)) {
        return "contains a wildcard (* or ?); list exact model or inference-profile ARNs";
    }
    const service = /^arn:[^:]*:([^:]*):/.exec(arn)?.[1];
    if (service === undefined) {
        return "is not an ARN (arn:<partition>:bedrock:<region>:<account>:<type>/<id>)";
    }
    if (service !== "bedrock") {
        return `is a ${service === "" ? "service-less" : service} ARN, not a Bedrock ARN`;
    }
    if (!MODEL_ARN_SHAPES.some((shape) => shape.pattern.test(arn))) {
        return `is not a well-formed ${MODEL_ARN_SHAPES.map((s) => s.type).join(", ")} ARN`;
    }
    return undefined;
}

/** Why `arn` cannot be granted as an agent alias, or undefined when it can. */
export function agentAliasArnProblem(arn: string): string | undefined {
    if (/[*?]/.test(arn)) {
        return "contains a wildcard (* or ?); list exact agent alias ARNs";
    }
    const service = /^arn:[^:]*:([^:]*):/.exec(arn)?.[1];
    if (service === undefined) {
        return "is not an ARN";
    }
    if (service !== "bedrock") {
        return `is a ${service} ARN, not a Bedrock ARN`;
    }
    if (!AGENT_ALIAS_ARN.test(arn)) {
        // A grant on the agent (agent/<id>) is not a grant on its aliases (CONTRACTS section 5).
        return "is not a well-formed agent alias ARN (arn:<partition>:bedrock:<region>:<account>:agent-alias/<agentId>/<aliasId>)";
    }
    return undefined;
}

export function vpcEndpointIdProblem(id: string): string | undefined {
    return VPC_ENDPOINT_ID.test(id) ? undefined : "is not a VPC endpoint id (vpce- and 8 to 17 hex digits)";
}

/** What the workload may reach, every value resolved. */
export interface WorkloadGrant {
    readonly modelArns: readonly string[];
    readonly agentAliasArns: readonly string[];
    readonly vpcEndpointIds: readonly string[];
}

/** Entries not known yet (Outputs of other resources), which count as present but cannot be checked. */
export interface PendingEntries {
    readonly grants: number;
    readonly vpcEndpointIds: number;
}

/** Throws a WorkloadRoleError naming every offending entry of the grant. */
export function validateWorkloadGrant(roleName: string, grant: WorkloadGrant, pending: PendingEntries = { grants: 0, vpcEndpointIds: 0 }): void {
    const problems: string[] = [];
    if (grant.modelArns.length === 0 && grant.agentAliasArns.length === 0 && pending.grants === 0) {
        problems.push("grants nothing: list at least one model, inference-profile or agent alias ARN");
    }
    grant.modelArns.forEach((arn, i) => {
        const problem = modelArnProblem(arn);
        if (problem) problems.push(`modelArns[${i}] "${arn}" ${problem}`);
    });
    grant.agentAliasArns.forEach((arn, i) => {
        const problem = agentAliasArnProblem(arn);
        if (problem) problems.push(`agentAliasArns[${i}] "${arn}" ${problem}`);
    });
    if (grant.vpcEndpointIds.length === 0 && pending.vpcEndpointIds === 0) {
        problems.push("vpcEndpointIds is empty: invocation must be held to at least one VPC endpoint");
    }
    grant.vpcEndpointIds.forEach((id, i) => {
        const problem = vpcEndpointIdProblem(id);
        if (problem) problems.push(`vpcEndpointIds[${i}] "${id}" ${problem}`);
    });
    if (problems.length > 0) {
        throw new WorkloadRoleError(`workload role "${roleName}": ${problems.join("; ")}`);
    }
}

/** The role's policy: one statement per kind of grant, each held to the VPC endpoints. */
export function workloadRolePolicy(grant: WorkloadGrant): PolicyDocument {
    const onlyThroughEndpoints = { StringEquals: { "aws:SourceVpce": [...grant.vpcEndpointIds] } };
    const statements: PolicyStatement[] = [];
    if (grant.modelArns.length > 0) {
        statements.push({
            Sid: "InvokeListedModels",
            Effect: "Allow",
            Action: [...INFERENCE_ACTIONS],
            Resource: [...grant.modelArns],
            Condition: onlyThroughEndpoints,
        });
    }
    if (grant.agentAliasArns.length > 0) {
        statements.push({
            Sid: "InvokeListedAgentAliases",
            Effect: "Allow",
            Action: "bedrock:InvokeAgent",
            Resource: [...grant.agentAliasArns],
            Condition: onlyThroughEndpoints,
        });
    }
    return policyDocument(statements);
}
