// Part 3: the least-privilege workload role factory. Usable alone
// (`new BedrockWorkloadRole("chat", {...})`) or through BedrockGovernance's `workloadRoles`.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "./documents/common";
import { validateWorkloadGrant, WorkloadGrant, workloadRolePolicy } from "./documents/workload-role";

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
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy(args.trustedServices ?? ["lambda.amazonaws.com"])),
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
