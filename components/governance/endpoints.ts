// Part 6: Bedrock, Bedrock Mantle and AgentCore interface endpoints (seed 003 step 4, seed 004
// NET-01): private DNS, reachable on 443 from the VPC only, each with an endpoint policy that
// allows only its intended actions (approved models for inference).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GovernanceSettings } from "./config";
import { AwsScope } from "./documents/common";
import { ENDPOINT_POLICIES, EndpointService, subnetCidrs } from "./documents/endpoints";
import { documentJson } from "./shared";

export interface NetworkPart {
    readonly vpcId: pulumi.Output<string>;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The bedrock-runtime endpoint, when `network.services` lists it (the default). */
    readonly runtimeEndpoint?: aws.ec2.VpcEndpoint;
    /** The bedrock-agent-runtime endpoint, when `network.services` lists it (the default). */
    readonly agentRuntimeEndpoint?: aws.ec2.VpcEndpoint;
    /** Every endpoint, by service (the suffix of its service name). */
    readonly endpoints: Partial<Record<EndpointService, aws.ec2.VpcEndpoint>>;
    /** Every endpoint's id, for boundaries, workload roles and SCPs. */
    readonly endpointIds: pulumi.Output<string>[];
}

export function createNetwork(parent: pulumi.Resource, name: string, settings: GovernanceSettings, scope: pulumi.Output<AwsScope>): NetworkPart | undefined {
    const n = settings.network;
    if (!n.enabled) {
        return undefined;
    }
    const opts = { parent };
    const tags = settings.tags;
    let vpcId: pulumi.Output<string>;
    let subnetIds: pulumi.Input<string>[];
    let cidr: pulumi.Input<string>;
    if (n.vpcId !== undefined && n.subnetIds !== undefined && n.vpcCidr !== undefined) {
        vpcId = pulumi.output(n.vpcId);
        subnetIds = n.subnetIds;
        cidr = n.vpcCidr;
    } else {
        // Private DNS for interface endpoints needs DNS support and hostnames on the VPC.
        const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: n.newVpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { ...tags, Name: `${name}-bedrock` } }, opts);
        const zones = n.availabilityZones ?? ["a", "b"].map((suffix) => scope.apply((s) => `${s.region}${suffix}`));
        const blocks = subnetCidrs(n.newVpcCidr, 4, zones.length);
        // No internet gateway and no NAT: the subnets reach AWS only through the endpoints (seed 004 NET-04).
        subnetIds = zones.map(
            (zone, i) =>
                new aws.ec2.Subnet(`${name}-private-${i + 1}`, { vpcId: vpc.id, cidrBlock: blocks[i], availabilityZone: zone, tags: { ...tags, Name: `${name}-private-${i + 1}` } }, opts).id,
        );
        vpcId = vpc.id;
        cidr = vpc.cidrBlock;
    }
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-endpoints-sg`,
        {
            vpcId,
            description: "Bedrock interface endpoints: HTTPS from the VPC only",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidr], description: "HTTPS from the VPC" }],
            // No egress rule: an interface endpoint answers, it never initiates.
            egress: [],
            tags,
        },
        opts,
    );
    const parameters = scope.apply((s) => ({
        scope: s,
        approvedModelFamilies: settings.approvedModelFamilies,
        additionalApprovedModelArns: settings.additionalApprovedModelArns,
    }));
    const endpoint = (service: EndpointService) =>
        new aws.ec2.VpcEndpoint(
            // Resource names keep the part's old names; a dot (bedrock-agentcore.gateway) becomes a dash.
            `${name}-${service.replace(/\./g, "-")}`,
            {
                vpcId,
                serviceName: scope.apply((s) => `com.amazonaws.${s.region}.${service}`),
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds,
                securityGroupIds: [securityGroup.id],
                policy: documentJson(parameters, ENDPOINT_POLICIES[service]),
                tags: { ...tags, Name: `${name}-${service}` },
            },
            opts,
        );
    const endpoints: Partial<Record<EndpointService, aws.ec2.VpcEndpoint>> = {};
    for (const service of n.services) {
        endpoints[service] = endpoint(service);
    }
    return {
        vpcId,
        securityGroup,
        runtimeEndpoint: endpoints["bedrock-runtime"],
        agentRuntimeEndpoint: endpoints["bedrock-agent-runtime"],
        endpoints,
        endpointIds: n.services.map((service) => endpoints[service]!.id),
    };
}
