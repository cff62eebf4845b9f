import type { CollectedAgent } from "../../collect/bedrock";
import type { CollectedPrincipal } from "../../collect/iam";
import type { CollectedFunction } from "../../collect/lambda";
import type { BedrockApiKey } from "../../collect/api-keys";
import { findingId, iso, type Finding, type FindingsConfig } from "./types";

/** The team a role belongs to, by path (`/<prefix>/<team>/`) or tag, as configured; null when neither says. */
export function teamOf(principal: CollectedPrincipal, config: FindingsConfig): { team: string; from: "path" | "tag" } | null {
    const prefix = config.teamRolePathPrefix;
    if (prefix && principal.path.startsWith(prefix)) {
        const team = principal.path.slice(prefix.length).split("/")[0];
        if (team) return { team, from: "path" };
    }
    if (config.teamTagKey) {
        const tags = principal.tags ?? {};
        const key = Object.keys(tags).find((k) => k.toLowerCase() === config.teamTagKey.toLowerCase());
        if (key && tags[key]) return { team: tags[key], from: "tag" };
    }
    return null;
}

/**
 * Seed 002's boundary manager's compliance check, without its writes: a team's role (by path
 * or tag) whose permissions boundary is not the team's (`teamBoundaryPolicyName` with `{team}`,
 * compared by policy name so a boundary under a path matches). Silent when neither a path
 * prefix nor a tag key is configured.
 */
export function boundaryFindings(principals: readonly CollectedPrincipal[], config: FindingsConfig): Finding[] {
    const findings: Finding[] = [];
    for (const principal of principals) {
        if (principal.type !== "role") continue;
        const membership = teamOf(principal, config);
        if (!membership) continue;
        const expected = config.teamBoundaryPolicyName.split("{team}").join(membership.team);
        const actual = principal.permissionsBoundaryArn;
        if (actual && actual.split("/").pop() === expected) continue;
        findings.push({
            id: findingId("boundary_missing", principal.arn, expected),
            kind: "boundary_missing",
            severity: "HIGH",
            title: actual ? `Team ${membership.team}'s role ${principal.name} has boundary ${actual.split("/").pop()}, not ${expected}` : `Team ${membership.team}'s role ${principal.name} has no permissions boundary`,
            principalArn: principal.arn,
            target: { type: "role", id: principal.name, arn: principal.arn },
            evidence: { team: membership.team, teamFrom: membership.from, expectedBoundaryPolicyName: expected, actualBoundaryArn: actual },
            remediation: `aws iam put-role-permissions-boundary --role-name ${principal.name} --permissions-boundary arn:<partition>:iam::<account>:policy/<path>${expected} (the team's boundary policy); until then the role's permissions are not capped by the team's ceiling.`,
        });
    }
    return findings;
}

// A variable whose name says it holds a secret (CONTRACTS section 5's list, and KEY).
const SECRET_NAME = /SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|PASSWORD|PASSWD|CREDENTIAL|(^|_)KEY($|_)/i;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:/;

/**
 * Whether a value names a secret rather than being one: an ARN (Secrets Manager, SSM, KMS), an
 * SSM parameter path, a CloudFormation dynamic reference, or a name made of words (`prod/
 * confluence-token`: every segment letters only or digits only). A value of mixed letters and
 * digits in one segment (`ghp_16C7e42F`, `sk-ant-api03-x9Y...`) is what tokens look like.
 * Empty values are not credentials.
 */
export function isReference(value: string): boolean {
    const v = value.trim();
    if (v.length === 0) return true;
    if (ARN.test(v) || v.startsWith("/") || v.startsWith("{{resolve:")) return true;
    if (!/^[A-Za-z0-9/_+=.@-]+$/.test(v)) return false;
    return v.split(/[/_.@+=-]+/).every((segment) => /^[A-Za-z]*$/.test(segment) || /^[0-9]{1,4}$/.test(segment));
}

/**
 * A tool function's environment variable whose name says secret, token or key and whose value
 * is not a reference: the credential sits in the function's configuration, readable by anyone
 * with lambda:GetFunctionConfiguration. The variable's name only, never its value.
 */
export function plaintextCredentialFindings(functions: ReadonlyMap<string, CollectedFunction>, agents: readonly CollectedAgent[]): Finding[] {
    const agentsOf = new Map<string, Set<string>>();
    for (const agent of agents) {
        for (const group of agent.actionGroups) {
            if (!group.lambdaArn) continue;
            const arn = functions.get(group.lambdaArn)?.functionArn ?? group.lambdaArn;
            if (!agentsOf.has(arn)) agentsOf.set(arn, new Set());
            agentsOf.get(arn)!.add(agent.agentId);
        }
    }
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const fn of functions.values()) {
        if (seen.has(fn.functionArn)) continue;
        seen.add(fn.functionArn);
        for (const name of Object.keys(fn.environment).sort()) {
            if (!SECRET_NAME.test(name) || isReference(fn.environment[name] ?? "")) continue;
            findings.push({
                id: findingId("plaintext_credential", fn.functionArn, name),
                kind: "plaintext_credential",
                severity: "HIGH",
                title: `Tool function ${fn.functionName} holds a credential in plain text in ${name}`,
                principalArn: fn.roleArn,
                target: { type: "function", id: fn.functionName, arn: fn.functionArn },
                evidence: { functionArn: fn.functionArn, environmentVariable: name, agentIds: [...(agentsOf.get(fn.functionArn) ?? [])].sort() },
                remediation: `Store the value of ${name} in Secrets Manager, set ${name} to the secret's ARN, grant ${fn.roleArn ?? "the function's role"} secretsmanager:GetSecretValue on that ARN only, read it at cold start; then rotate the credential: it has been readable by anyone allowed lambda:GetFunctionConfiguration on ${fn.functionName}.`,
            });
        }
    }
    return findings;
}

/**
 * An agent version whose configuration names no guardrail: its prompts and answers pass no
 * content filter, denied topics or sensitive-information filter. Judged per version: DRAFT (what
 * GetAgent returns, and what the test alias routes to) and every version an alias routes to (a
 * published version is a snapshot: adding a guardrail to DRAFT later does not reach it). A version
 * whose configuration could not be read (guardrail undefined) is not judged. DRAFT's id is the
 * agent's alone, as before versions were read; a routed version's adds the version.
 */
export function guardrailFindings(agents: readonly CollectedAgent[]): Finding[] {
    const findings: Finding[] = [];
    for (const agent of agents) {
        // An agent read without its versions (older callers, tests): DRAFT as GetAgent gave it.
        const versions = agent.versions?.length ? agent.versions : [{ agentVersion: "DRAFT", versionStatus: agent.agentStatus, guardrail: agent.guardrail }];
        for (const version of versions) {
            if (version.guardrail !== null) continue;
            const draft = version.agentVersion === "DRAFT";
            const routing = agent.aliases.filter((a) => a.agentVersions.includes(version.agentVersion)).sort((a, b) => a.aliasId.localeCompare(b.aliasId));
            const named = routing.map((a) => a.aliasName).join(", ");
            const through = routing.length === 0 ? "" : `, which alias${routing.length > 1 ? "es" : ""} ${named} route${routing.length > 1 ? "" : "s"} to,`;
            findings.push({
                id: draft ? findingId("agent_without_guardrail", agent.agentArn) : findingId("agent_without_guardrail", agent.agentArn, version.agentVersion),
                kind: "agent_without_guardrail",
                severity: "MEDIUM",
                title: draft && routing.length === 0 ? `Agent ${agent.agentName} (${agent.agentId}) has no guardrail` : `Agent ${agent.agentName} (${agent.agentId}) version ${version.agentVersion}${through} has no guardrail`,
                principalArn: agent.agentResourceRoleArn,
                target: { type: "agent", id: agent.agentId, arn: agent.agentArn },
                evidence: { agentStatus: version.versionStatus ?? agent.agentStatus, agentVersion: version.agentVersion, aliasArns: routing.map((a) => a.aliasArn) },
                remediation: draft
                    ? `Create or choose a guardrail (bedrock:CreateGuardrail), set it on the agent (aws bedrock-agent update-agent --agent-id ${agent.agentId} ... --guardrail-configuration guardrailIdentifier=<id>,guardrailVersion=<version>), prepare the agent and point its aliases at a new version.`
                    : `Version ${version.agentVersion} cannot be changed: set a guardrail on the agent (aws bedrock-agent update-agent --agent-id ${agent.agentId} ... --guardrail-configuration guardrailIdentifier=<id>,guardrailVersion=<version>), prepare it, and route ${routing.length ? `alias ${named}` : "its aliases"} to a new version made from it (aws bedrock-agent update-agent-alias --agent-id ${agent.agentId} --agent-alias-id ${routing[0]?.aliasId ?? "<alias>"} ...; the alias creates the version).`,
            });
        }
    }
    return findings;
}

const DAY_MS = 86_400_000;

/**
 * Long-term Bedrock API keys (IAM service-specific credentials for bedrock.amazonaws.com): a
 * bearer token that does not expire with a session. Active ones are HIGH once older than the
 * usage window (default 90 days), MEDIUM before; inactive or expired ones LOW (delete them).
 */
export function apiKeyFindings(keys: readonly BedrockApiKey[], principals: readonly CollectedPrincipal[], nowMs: number, maxAgeDays: number): Finding[] {
    const userArn = new Map(principals.filter((p) => p.type === "user").map((p) => [p.name, p.arn]));
    return keys.map((key) => {
        const ageDays = key.createdMs === null ? null : Math.floor((nowMs - key.createdMs) / DAY_MS);
        const active = key.status === "Active" && (key.expiresMs === null || key.expiresMs > nowMs);
        const severity = !active ? "LOW" : ageDays !== null && ageDays > maxAgeDays ? "HIGH" : "MEDIUM";
        return {
            id: findingId("long_term_bedrock_api_key", key.userName, key.credentialId),
            kind: "long_term_bedrock_api_key" as const,
            severity,
            title: `IAM user ${key.userName} holds ${active ? "an active" : `an ${key.status.toLowerCase()}`} long-term Bedrock API key${ageDays === null ? "" : ` created ${ageDays} days ago`}`,
            principalArn: userArn.get(key.userName) ?? null,
            target: { type: "user" as const, id: key.userName, arn: userArn.get(key.userName) ?? null },
            evidence: {
                userName: key.userName,
                credentialId: key.credentialId,
                status: key.status,
                createdAt: key.createdMs === null ? null : iso(key.createdMs),
                ageDays,
                expiresAt: key.expiresMs === null ? null : iso(key.expiresMs),
            },
            remediation: active
                ? `Replace it with temporary credentials (or a short-term API key) and delete it: aws iam delete-service-specific-credential --user-name ${key.userName} --service-specific-credential-id ${key.credentialId}. To stop long-term keys everywhere, deny bedrock:CallWithBearerToken where bedrock:bearerTokenType is LONG_TERM, and iam:CreateServiceSpecificCredential.`
                : `Delete it: aws iam delete-service-specific-credential --user-name ${key.userName} --service-specific-credential-id ${key.credentialId}.`,
        };
    });
}
