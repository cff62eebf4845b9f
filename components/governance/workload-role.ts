// Part 3: the least-privilege workload role factory. Usable alone
// (`new BedrockWorkloadRole("chat", {...})`) or through BedrockGovernance's `workloadRoles`.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./documents/common";
import { CrossAccountTrust, validateCrossAccountTrust, validateWorkloadGrant, WorkloadGrant, WorkloadRoleError, workloadRolePolicy, workloadTrustPolicy } from "./documents/workload-role";

export interface BedrockWorkloadRoleArgs {
    /**
     * Exact ARNs the role may run inference on: foundation models
     * (`arn:aws:bedrock:<region>::foundation-model/<id>`), inference profiles, application inference
     * profiles or provisioned models. Any `*` or `?`, a non-Bedrock or malformed ARN is rejected.
     * Invoking through a cross-region profile also needs the foundation model ARN of each destination region.
     */
    readonly modelArns?: pulumi.Input<string>[];
    /** Exact agent alias ARNs for bedrock:InvokeAgent. Default none. */
    readonly agentAliasArns?: pulumi.Input<string>[];
    /** VPC endpoint ids every call must come through (aws:SourceVpce, StringEquals). Required. */
    readonly vpcEndpointIds: pulumi.Input<string>[];
    /** Service principals that may assume the role. Default `["lambda.amazonaws.com"]`. */
    readonly trustedServices?: string[];
    /**
     * Workloads of other accounts that may assume the role: 12-digit account ids (any principal
     * of that account its own IAM lets call sts:AssumeRole) or exact role/user ARNs. Each
     * assumption must pass `externalId` (sts:ExternalId). Default none. List the endpoints the
     * other account calls through in `vpcEndpointIds`: the role's grants hold there too.
     */
    readonly crossAccountWorkloadPrincipals?: string[];
    /**
     * The ExternalId those workloads pass: 2 to 1,224 characters of `[\w+=,.@:/-]`. Not a secret
     * (it tells the caller's requests apart, confused-deputy protection), but keep it out of
     * public code: read it from stack config. Required with crossAccountWorkloadPrincipals.
     */
    readonly externalId?: string;
    /**
     * People of other accounts that may assume the role: account ids or exact role/user ARNs;
     * each assumption only with MFA (aws:MultiFactorAuthPresent true). Default none.
     */
    readonly crossAccountHumanPrincipals?: string[];
    /** Permissions boundary, e.g. a BedrockGovernance team boundary. Default none. */
    readonly permissionsBoundaryArn?: pulumi.Input<string>;
    /** Tags for the role. */
    readonly tags?: Record<string, string>;
}

function plainStrings(values: readonly pulumi.Input<string>[] | undefined): string[] {
    return (values ?? []).filter((v): v is string => typeof v === "string");
}

/** A role that may invoke exactly the listed models and agent aliases, only through the listed VPC endpoints. */
export class BedrockWorkloadRole extends pulumi.ComponentResource {
    /** The role's ARN. */
    public readonly roleArn: pulumi.Output<string>;
    /** The role's name. */
    public readonly roleName: pulumi.Output<string>;
    /** The inline policy document, as attached. */
    public readonly policyDocument: pulumi.Output<string>;

    constructor(name: string, args: BedrockWorkloadRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("bedrock-governance:index:BedrockWorkloadRole", name, {}, opts);
        // What is known now is checked now, so a wildcard fails the preview, not the deployment;
        // values from other resources are checked again once known.
        const known = {
            modelArns: plainStrings(args.modelArns),
            agentAliasArns: plainStrings(args.agentAliasArns),
            vpcEndpointIds: plainStrings(args.vpcEndpointIds),
        };
        validateWorkloadGrant(name, known, {
            grants: (args.modelArns?.length ?? 0) + (args.agentAliasArns?.length ?? 0) - known.modelArns.length - known.agentAliasArns.length,
            vpcEndpointIds: args.vpcEndpointIds.length - known.vpcEndpointIds.length,
        });
        const grant: pulumi.Output<WorkloadGrant> = pulumi
            .all([pulumi.all(args.modelArns ?? []), pulumi.all(args.agentAliasArns ?? []), pulumi.all(args.vpcEndpointIds)])
            .apply(([modelArns, agentAliasArns, vpcEndpointIds]) => {
                const resolved = { modelArns, agentAliasArns, vpcEndpointIds };
                validateWorkloadGrant(name, resolved);
                return resolved;
            });
        const trust: CrossAccountTrust = {
            workloadPrincipals: args.crossAccountWorkloadPrincipals ?? [],
            externalId: args.externalId,
            humanPrincipals: args.crossAccountHumanPrincipals ?? [],
        };
        validateCrossAccountTrust(name, trust);
        const services = args.trustedServices ?? ["lambda.amazonaws.com"];
        const crossAccount = trust.workloadPrincipals.length > 0 || trust.humanPrincipals.length > 0;
        if (!crossAccount && services.length === 0) {
            throw new WorkloadRoleError(`workload role "${name}": trustedServices is empty and no cross-account principal is listed; expected someone who may assume the role`);
        }
        // An account id becomes its root ARN in the partition the stack deploys to.
        const assumeRolePolicy = crossAccount
            ? aws.getPartitionOutput({}, { parent: this }).apply((p) => JSON.stringify(workloadTrustPolicy(services, trust, p.partition)))
            : JSON.stringify(serviceTrustPolicy(services));
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                assumeRolePolicy,
                permissionsBoundary: args.permissionsBoundaryArn,
                description: "Bedrock workload role: listed models and agent aliases only, through the VPC endpoint",
                tags: args.tags,
            },
            { parent: this },
        );
        this.policyDocument = grant.apply((g) => JSON.stringify(workloadRolePolicy(g)));
        new aws.iam.RolePolicy(`${name}-invoke`, { role: role.id, policy: this.policyDocument }, { parent: this });
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, policyDocument: this.policyDocument });
    }
}
