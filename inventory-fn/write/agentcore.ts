import type { AgentCoreBinding, AgentCoreToolCredential } from "../analyse/agentcore";
import type { AgentCoreSnapshot } from "../collect/agentcore";
import type { RecordBatches } from "./artifacts";

/**
 * agentcore-resources.json: one record per resource, the common fields and those of its type
 * (schemas/agentcore-resources.schema.json). Configuration only: no environment variables, no
 * authorizer client ids or scopes, no target endpoints or schemas, never a credential's value.
 */
export function agentCoreResourceBatches(agentCore: AgentCoreSnapshot): RecordBatches {
    const records: Record<string, unknown>[] = [];
    for (const r of agentCore.runtimes) {
        records.push({
            resourceType: "runtime",
            arn: r.arn,
            id: r.id,
            name: r.name,
            status: r.status,
            parentArn: null,
            version: r.version,
            versions: r.versions,
            executionRoleArn: r.roleArn,
            networkMode: r.networkMode,
            subnets: r.vpc?.subnets ?? [],
            securityGroups: r.vpc?.securityGroups ?? [],
            inboundAuthorizerType: r.inboundAuthorizerType,
            discoveryUrl: r.discoveryUrl,
            workloadIdentityArn: r.workloadIdentityArn,
            protocol: r.protocol,
            hasResourcePolicy: r.resourcePolicy !== null,
        });
        for (const e of r.endpoints) {
            records.push({
                resourceType: "runtimeEndpoint",
                arn: e.arn,
                id: e.id ?? e.name,
                name: e.name,
                status: e.status,
                parentArn: r.arn,
                liveVersion: e.liveVersion,
                targetVersion: e.targetVersion,
                hasResourcePolicy: e.resourcePolicy !== null,
            });
        }
    }
    for (const g of agentCore.gateways) {
        records.push({
            resourceType: "gateway",
            arn: g.arn,
            id: g.id,
            name: g.name,
            status: g.status,
            parentArn: null,
            executionRoleArn: g.roleArn,
            inboundAuthorizerType: g.authorizerType,
            discoveryUrl: g.discoveryUrl,
            protocol: g.protocolType,
            kmsKeyArn: g.kmsKeyArn,
            policyEngineArn: g.policyEngineArn,
            policyEngineMode: g.policyEngineMode,
            workloadIdentityArn: g.workloadIdentityArn,
            hasResourcePolicy: g.resourcePolicy !== null,
        });
        for (const t of g.targets) {
            records.push({
                resourceType: "gatewayTarget",
                arn: null,
                id: t.id,
                name: t.name,
                status: t.status,
                parentArn: g.arn,
                targetType: t.targetType,
                lambdaArn: t.lambdaArn,
                credentialProviderTypes: [...new Set(t.credentials.map((c) => c.type))].sort(),
            });
        }
    }
    for (const p of agentCore.credentialProviders) {
        const common = { arn: p.arn, id: p.name, name: p.name, status: null, parentArn: null };
        records.push(p.kind === "OAUTH2" ? { resourceType: "oauth2CredentialProvider", ...common, vendor: p.vendor } : { resourceType: "apiKeyCredentialProvider", ...common });
    }
    for (const w of agentCore.workloadIdentities) {
        records.push({ resourceType: "workloadIdentity", arn: w.arn, id: w.name, name: w.name, status: null, parentArn: null });
    }
    for (const t of agentCore.tools) {
        const common = { arn: t.arn, id: t.id, name: t.name, status: t.status, parentArn: null, executionRoleArn: t.executionRoleArn };
        if (t.kind === "memory") records.push({ resourceType: "memory", ...common, kmsKeyArn: t.encryptionKeyArn });
        else if (t.kind === "browser") records.push({ resourceType: "browser", ...common, networkMode: t.networkMode, recordingEnabled: t.recordingEnabled });
        else records.push({ resourceType: "codeInterpreter", ...common, networkMode: t.networkMode });
    }
    const order = (r: Record<string, unknown>) => `${r.resourceType}\u0000${(r.parentArn as string | null) ?? ""}\u0000${(r.arn as string | null) ?? ""}\u0000${r.id as string}`;
    return [records.sort((a, b) => order(a).localeCompare(order(b)))];
}

/** agentcore-bindings.json: already in artifact order (principal, resource type, resource ARN). */
export function agentCoreBindingBatches(bindings: readonly AgentCoreBinding[]): RecordBatches {
    return [bindings];
}

/** agentcore-tool-credentials.json: already in artifact order (owner, target, type, reference). */
export function agentCoreToolCredentialBatches(records: readonly AgentCoreToolCredential[]): RecordBatches {
    return [records];
}
