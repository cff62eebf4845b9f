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

// ---- cross-account trust (seed 002/003: cross-account access) -------------------------------

/** STS's ExternalId: 2 to 1,224 characters of `[\w+=,.@:/-]` (AssumeRole API reference). */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
export const EXTERNAL_ID_RULE = "2 to 1224 characters of letters, digits and _+=,.@:/- (STS's ExternalId)";
const ACCOUNT_ID = /^\d{12}$/;
/** An exact IAM role or user ARN: a trust policy's Principal takes no wildcard but "*", which is refused. */
const IAM_PRINCIPAL_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:(?:(?:role|user)/[\\w+=,.@/-]+|root)$`);
export const TRUSTED_PRINCIPAL_RULE =
    "a 12-digit account id or an exact IAM role or user ARN (arn:aws:iam::<account>:role/<name>; arn:aws:iam::<account>:root is the account id), no wildcards";
/** What a trusted principal may be: an account id or an exact role or user ARN (neither has room for `*` or `?`). */
export const TRUSTED_PRINCIPAL = new RegExp(`^(?:${ACCOUNT_ID.source.slice(1, -1)}|${IAM_PRINCIPAL_ARN.source.slice(1, -1)})$`);

/** Who of other accounts may assume a workload role, and on what condition. */
export interface CrossAccountTrust {
    /** Workloads: account ids or role/user ARNs; each assumption must carry `externalId`. */
    readonly workloadPrincipals: readonly string[];
    readonly externalId?: string;
    /** People: account ids or role/user ARNs; each assumption must be made with MFA. */
    readonly humanPrincipals: readonly string[];
}

export const NO_CROSS_ACCOUNT_TRUST: CrossAccountTrust = { workloadPrincipals: [], humanPrincipals: [] };

export function trustedPrincipalProblem(value: string): string | undefined {
    if (value.includes("*") || value.includes("?")) return "contains a wildcard: a cross-account trust names exact accounts or principals";
    return ACCOUNT_ID.test(value) || IAM_PRINCIPAL_ARN.test(value) ? undefined : "is not a 12-digit account id or an exact IAM role or user ARN";
}

/**
 * Throws a WorkloadRoleError naming each offending key, its value and what is allowed. A trust to
 * another account without its condition is impossible by construction: workload principals need
 * an ExternalId, and the people statement always requires MFA.
 */
export function validateCrossAccountTrust(roleName: string, trust: CrossAccountTrust): void {
    const problems: string[] = [];
    const check = (key: string, values: readonly string[]) =>
        values.forEach((value, i) => {
            const problem = trustedPrincipalProblem(value);
            if (problem) problems.push(`${key}[${i}] "${value}" ${problem}; expected ${TRUSTED_PRINCIPAL_RULE}`);
        });
    check("crossAccountWorkloadPrincipals", trust.workloadPrincipals);
    check("crossAccountHumanPrincipals", trust.humanPrincipals);
    if (trust.externalId !== undefined && !EXTERNAL_ID.test(trust.externalId)) {
        problems.push(`externalId "${trust.externalId}" (${trust.externalId.length} characters) is not valid; expected ${EXTERNAL_ID_RULE}`);
    }
    if (trust.workloadPrincipals.length > 0 && trust.externalId === undefined) {
        problems.push(`externalId is missing; expected ${EXTERNAL_ID_RULE} while crossAccountWorkloadPrincipals is set (a workload of another account may assume the role only with it)`);
    }
    if (trust.externalId !== undefined && trust.workloadPrincipals.length === 0) {
        problems.push("externalId is set without crossAccountWorkloadPrincipals; expected both or neither");
    }
    if (problems.length > 0) {
        throw new WorkloadRoleError(`workload role "${roleName}": ${problems.join("; ")}`);
    }
}

/** An account id as IAM writes it in a Principal (the account's root ARN); ARNs as they are. */
export function principalArn(partition: string, value: string): string {
    return ACCOUNT_ID.test(value) ? `arn:${partition}:iam::${value}:root` : value;
}

/**
 * The role's trust policy: the listed services, then one statement per kind of cross-account
 * caller, each with its condition (IAM user guide: "How to use an external ID when granting access
 * to your AWS resources to a third party"; "Configuring MFA-protected API access"). A Bool
 * condition on a key absent from the request is false, so a session without MFA information
 * (a chained role session, federated users whose IdP does not pass it) is refused: fail closed.
 */
export function workloadTrustPolicy(services: readonly string[], trust: CrossAccountTrust, partition: string): PolicyDocument {
    const statements: PolicyStatement[] = [];
    if (services.length > 0) {
        statements.push({ Effect: "Allow", Principal: { Service: [...services] }, Action: "sts:AssumeRole" });
    }
    if (trust.workloadPrincipals.length > 0) {
        statements.push({
            Sid: "OtherAccountWorkloadsWithExternalId",
            Effect: "Allow",
            Principal: { AWS: trust.workloadPrincipals.map((v) => principalArn(partition, v)) },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": trust.externalId! } },
        });
    }
    if (trust.humanPrincipals.length > 0) {
        statements.push({
            Sid: "OtherAccountPeopleWithMfa",
            Effect: "Allow",
            Principal: { AWS: trust.humanPrincipals.map((v) => principalArn(partition, v)) },
            Action: "sts:AssumeRole",
            Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        });
    }
    return policyDocument(statements);
}
