import { Random } from "./random";
import type { BenchAgentCore, BenchGatewayTarget, Role, ToolFunction } from "./types";

/**
 * The reference account's AgentCore: a runtime for every four Bedrock agents (50 at scale 1),
 * each with versions and two endpoints (DEFAULT and a canary), a quarter VPC-mode, a third behind
 * a JWT authorizer; a gateway for every ten agents (20), each with one target of each kind (a
 * Lambda target on the gateway's role, OpenAPI with an API key, Smithy on the gateway's role, an
 * MCP server with OAuth); OAuth2 and API-key providers, workload identities, memories, browsers
 * and code interpreters. One runtime in five and one gateway in four carry a resource policy
 * granting another account. Drawn from its own generator, so the rest of the account (and the
 * figures measured before AgentCore) is unchanged for the same seed.
 */
export function generateAgentCore(seed: string, accountId: string, region: string, agents: number, roles: readonly Role[], functions: readonly ToolFunction[]): BenchAgentCore {
    const rng = new Random(`${seed}/agentcore`);
    const ac = `arn:aws:bedrock-agentcore:${region}:${accountId}`;
    const role = () => rng.pick(roles).arn;
    const partner = `arn:aws:iam::${String(rng.int(100000000000, 999999999999))}:root`;
    const grant = (action: string, resource: string) =>
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Partner", Effect: "Allow", Principal: { AWS: partner }, Action: action, Resource: resource }] });
    const oauth2Providers = Array.from({ length: Math.max(1, Math.round(agents / 20)) }, (_, i) => {
        const name = `oauth-${i}`;
        return { name, arn: `${ac}:token-vault/default/oauth2credentialprovider/${name}`, vendor: rng.pick(["GoogleOauth2", "SlackOauth2", "GithubOauth2", "CustomOauth2"]) };
    });
    const apiKeyProviders = Array.from({ length: Math.max(1, Math.round(agents / 20)) }, (_, i) => {
        const name = `apikey-${i}`;
        return { name, arn: `${ac}:token-vault/default/apikeycredentialprovider/${name}` };
    });
    const runtimes = Array.from({ length: Math.max(1, Math.round(agents / 4)) }, (_, i) => {
        const id = `runtime_${i}-${rng.chars(10, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`;
        const arn = `${ac}:runtime/${id}`;
        const endpoints = ["DEFAULT", "canary"];
        const policies: Record<string, string> = {};
        if (i % 5 === 0) for (const target of [arn, `${arn}/runtime-endpoint/DEFAULT`]) policies[target] = grant("bedrock-agentcore:InvokeAgentRuntime", target);
        return {
            id,
            name: `runtime_${i}`,
            roleArn: role(),
            networkMode: (i % 4 === 0 ? "VPC" : "PUBLIC") as "VPC" | "PUBLIC",
            jwt: i % 3 === 0,
            versions: Array.from({ length: rng.int(1, 4) }, (_, v) => String(v + 1)),
            endpoints,
            policies,
        };
    });
    const gateways = Array.from({ length: Math.max(1, Math.round(agents / 10)) }, (_, i) => {
        const id = `gateway-${i}-${rng.chars(10, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
        const targets: BenchGatewayTarget[] = [
            { id: `T${i}LAMBDA00`, name: "lambda", kind: "lambda", lambdaArn: rng.pick(functions).arn, credential: { type: "GATEWAY_IAM_ROLE" } },
            { id: `T${i}OPENAPI0`, name: "openapi", kind: "openApiSchema", credential: { type: "API_KEY", providerArn: rng.pick(apiKeyProviders).arn } },
            { id: `T${i}SMITHY00`, name: "smithy", kind: "smithyModel", credential: { type: "GATEWAY_IAM_ROLE" } },
            { id: `T${i}MCPSRV00`, name: "mcp", kind: "mcpServer", credential: { type: "OAUTH", providerArn: rng.pick(oauth2Providers).arn } },
        ];
        return { id, name: `gateway-${i}`, roleArn: role(), targets, policy: i % 4 === 0 ? grant("bedrock-agentcore:InvokeGateway", `${ac}:gateway/${id}`) : null };
    });
    const few = Math.max(1, Math.round(agents / 40));
    return {
        runtimes,
        gateways,
        oauth2Providers,
        apiKeyProviders,
        workloadIdentities: runtimes.map((r) => ({ name: `${r.name}-identity`, arn: `${ac}:workload-identity-directory/default/workload-identity/${r.name}-identity` })),
        memories: Array.from({ length: few }, (_, i) => ({ id: `memory_${i}-${rng.chars(10)}`, arn: "", kmsKeyArn: i % 2 === 0 ? `arn:aws:kms:${region}:${accountId}:key/${rng.hex(8)}` : null })).map((m) => ({ ...m, arn: `${ac}:memory/${m.id}` })),
        browsers: Array.from({ length: few }, (_, i) => ({ id: `browser_${i}-${rng.chars(10)}`, networkMode: i % 2 === 0 ? "PUBLIC" : "VPC" })).map((b) => ({ ...b, arn: `${ac}:browser-custom/${b.id}` })),
        codeInterpreters: Array.from({ length: few }, (_, i) => ({ id: `ci_${i}-${rng.chars(10)}`, networkMode: i % 2 === 0 ? "SANDBOX" : "PUBLIC" })).map((c) => ({ ...c, arn: `${ac}:code-interpreter-custom/${c.id}` })),
    };
}
