// BedrockGovernance: the organization and account guardrails of seeds 001-004 as one component.
// Data flows one way: args -> settings (config.ts) -> documents (documents/) -> resources (one
// file per part) -> outputs.
import * as pulumi from "@pulumi/pulumi";
import { BedrockGovernanceArgs } from "./args";
import { createAlerts } from "./alerts";
import { createBedrockPolicy } from "./bedrock-policy";
import { createBoundaries } from "./boundaries";
import { GovernanceSettings, resolveGovernanceSettings } from "./config";
import { createConfigRules } from "./config-rules";
import { createCustomModelSharing } from "./custom-model-sharing";
import { GovernanceConfigError } from "./documents/common";
import { createNetwork } from "./endpoints";
import { createLogging } from "./logging";
import { managedConfigRuleNames } from "./managed-config-rules";
import { createScps } from "./scps";
import { deploymentScope } from "./shared";
import { BedrockWorkloadRole } from "./workload-role";

export * from "./args";
export { readGovernanceConfig, resolveGovernanceSettings, governanceConfigSection, type GovernanceSettings } from "./config";
export { BedrockWorkloadRole, type BedrockWorkloadRoleArgs } from "./workload-role";
export { GovernanceConfigError } from "./documents/common";
export { WorkloadRoleError } from "./documents/workload-role";

// Kept outside the instance: Pulumi's schema inference reads every property of a component class
// as an output, and the resolved settings are a TypeScript-side convenience, not an output.
const resolvedSettings = new WeakMap<BedrockGovernance, GovernanceSettings>();

/**
 * The organization and account guardrails of seeds 001-004: SCPs, permission boundaries, workload
 * roles, AWS Config rules, alerts, VPC endpoints, CloudTrail data events and invocation logging.
 * Every part can be switched off; `new BedrockGovernance("gov")` alone deploys the defaults.
 */
export class BedrockGovernance extends pulumi.ComponentResource {
    /** The settings the component was built from, defaults applied (TypeScript only; not an output). */
    public get settings(): GovernanceSettings {
        return resolvedSettings.get(this)!;
    }
    /** Ids of the SCPs created (empty when no organization target is configured). */
    public readonly scpPolicyIds: pulumi.Output<string[]>;
    /** The controls each SCP holds, in order (empty when none). */
    public readonly scpControls: string[][];
    /** Id of the BEDROCK_POLICY Organizations policy (undefined when no guardrail is enforced). */
    public readonly bedrockPolicyId?: pulumi.Output<string>;
    /** ARN of each team's permission boundary policy. */
    public readonly boundaryPolicyArns: pulumi.Output<Record<string, string>>;
    /** ARN of each workload role, by its `name`. */
    public readonly workloadRoleArns: pulumi.Output<Record<string, string>>;
    /** Names of the Config rules the alerts watch (undefined when the Config part is off). */
    public readonly configRuleNames?: string[];
    /** ARN of the custom rule's evaluator function. */
    public readonly configEvaluatorArn?: pulumi.Output<string>;
    /** Name of the Config delivery bucket (undefined when an existing recorder is used). */
    public readonly configBucketName?: pulumi.Output<string>;
    /** ARN of the alert topic. */
    public readonly alertTopicArn?: pulumi.Output<string>;
    /** ARN of the EventBridge rule that feeds the topic. */
    public readonly alertRuleArn?: pulumi.Output<string>;
    /** The VPC holding the endpoints (created or passed). */
    public readonly vpcId?: pulumi.Output<string>;
    /** Id of the bedrock-runtime interface endpoint. */
    public readonly runtimeEndpointId?: pulumi.Output<string>;
    /** Id of the bedrock-agent-runtime interface endpoint. */
    public readonly agentRuntimeEndpointId?: pulumi.Output<string>;
    /** Id of every interface endpoint, by service (`bedrock-mantle`, `bedrock-agentcore`, ...). */
    public readonly endpointIds?: pulumi.Output<Record<string, string>>;
    /** ARN of the AWS RAM share of custom models (undefined when none is shared). */
    public readonly customModelShareArn?: pulumi.Output<string>;
    /** ARN of the CloudTrail trail. */
    public readonly trailArn?: pulumi.Output<string>;
    /** Name of the bucket receiving CloudTrail and S3 invocation logs. */
    public readonly logBucketName?: pulumi.Output<string>;
    /** Name of the invocation log group. */
    public readonly invocationLogGroupName?: pulumi.Output<string>;
    /** ARN of the role Bedrock assumes to write invocation logs. */
    public readonly invocationLoggingRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: BedrockGovernanceArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("bedrock-governance:index:BedrockGovernance", name, {}, opts);
        const settings = resolveGovernanceSettings(args);
        resolvedSettings.set(this, settings);
        const scope = deploymentScope(this);

        const network = createNetwork(this, name, settings, scope);
        const boundaries = createBoundaries(this, name, settings, scope, network?.endpointIds);

        const roles: Record<string, BedrockWorkloadRole> = {};
        for (const spec of settings.workloadRoles) {
            const vpcEndpointIds = spec.vpcEndpointIds ?? network?.endpointIds;
            if (vpcEndpointIds === undefined) {
                throw new GovernanceConfigError(`governance.workloadRoles.${spec.name}.vpcEndpointIds`, undefined, "VPC endpoint ids while the network part is disabled");
            }
            roles[spec.name] = new BedrockWorkloadRole(
                `${name}-workload-${spec.name}`,
                {
                    modelArns: spec.modelArns,
                    agentAliasArns: spec.agentAliasArns,
                    vpcEndpointIds,
                    trustedServices: spec.trustedServices,
                    crossAccountWorkloadPrincipals: spec.crossAccountWorkloadPrincipals,
                    externalId: spec.externalId,
                    crossAccountHumanPrincipals: spec.crossAccountHumanPrincipals,
                    permissionsBoundaryArn: spec.permissionsBoundaryArn,
                    tags: settings.tags,
                },
                { parent: this },
            );
        }

        const scps = createScps(this, name, settings, scope.apply((s) => s.partition));
        const bedrockPolicy = createBedrockPolicy(this, name, settings);
        const configRules = createConfigRules(this, name, settings, scope);
        const alerts = createAlerts(this, name, settings, scope);
        const logging = createLogging(this, name, settings, scope);
        const sharing = createCustomModelSharing(this, name, settings, scope);

        this.scpPolicyIds = pulumi.all((scps?.policies ?? []).map((p) => p.id));
        this.scpControls = (scps?.packed ?? []).map((p) => [...p.controls]);
        this.boundaryPolicyArns = pulumi.all(Object.fromEntries(Object.entries(boundaries).map(([team, policy]) => [team, policy!.arn])));
        this.workloadRoleArns = pulumi.all(Object.fromEntries(Object.entries(roles).map(([roleName, role]) => [roleName, role.roleArn])));
        this.bedrockPolicyId = bedrockPolicy?.policy.id;
        this.configRuleNames = configRules ? [settings.configRules.vpcRuleName, settings.configRules.cloudTrailRuleName, ...managedConfigRuleNames(settings)] : undefined;
        this.configEvaluatorArn = configRules?.evaluator.arn;
        this.configBucketName = configRules?.bucket?.bucket;
        this.alertTopicArn = alerts?.topic.arn;
        this.alertRuleArn = alerts?.rule.arn;
        this.vpcId = network?.vpcId;
        this.runtimeEndpointId = network?.runtimeEndpoint?.id;
        this.agentRuntimeEndpointId = network?.agentRuntimeEndpoint?.id;
        this.endpointIds = network ? pulumi.all(Object.fromEntries(Object.entries(network.endpoints).map(([service, endpoint]) => [service, endpoint!.id]))) : undefined;
        this.customModelShareArn = sharing?.share.arn;
        this.trailArn = logging?.trail?.arn;
        this.logBucketName = logging?.bucket.bucket;
        this.invocationLogGroupName = logging?.logGroup?.name;
        this.invocationLoggingRoleArn = logging?.invocationLoggingRole?.arn;
        this.registerOutputs({
            scpPolicyIds: this.scpPolicyIds,
            scpControls: this.scpControls,
            bedrockPolicyId: this.bedrockPolicyId,
            boundaryPolicyArns: this.boundaryPolicyArns,
            workloadRoleArns: this.workloadRoleArns,
            configRuleNames: this.configRuleNames,
            configEvaluatorArn: this.configEvaluatorArn,
            configBucketName: this.configBucketName,
            alertTopicArn: this.alertTopicArn,
            alertRuleArn: this.alertRuleArn,
            vpcId: this.vpcId,
            runtimeEndpointId: this.runtimeEndpointId,
            agentRuntimeEndpointId: this.agentRuntimeEndpointId,
            endpointIds: this.endpointIds,
            customModelShareArn: this.customModelShareArn,
            trailArn: this.trailArn,
            logBucketName: this.logBucketName,
            invocationLogGroupName: this.invocationLogGroupName,
            invocationLoggingRoleArn: this.invocationLoggingRoleArn,
        });
    }
}
