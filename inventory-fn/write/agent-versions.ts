import type { CollectedAgent, CollectedKnowledgeBase, GuardrailRef } from "../collect/bedrock";
import type { RecordBatches } from "./artifacts";

/**
 * One record of agent-versions.json: what a version of an agent uses (its guardrail and its
 * knowledge bases), for DRAFT and every version an alias routes to. Seed 000's connector asked
 * GetAgent, ListAgentAliases and GetGuardrail live for this; it can read it here instead.
 */
export interface AgentVersionRecord {
    readonly agentId: string;
    readonly agentName: string;
    readonly agentArn: string;
    /** `DRAFT` or a version number. */
    readonly agentVersion: string;
    readonly versionStatus: string | null;
    /** The aliases that route (some of) their traffic to this version. */
    readonly aliases: { readonly aliasId: string; readonly aliasName: string; readonly aliasArn: string }[];
    /** null: the version names no guardrail (see `notRead` before reading null as "none"). */
    readonly guardrail: { readonly guardrailIdentifier: string; readonly guardrailVersion: string | null; readonly guardrailArn: string } | null;
    readonly knowledgeBases: {
        readonly knowledgeBaseId: string;
        readonly knowledgeBaseArn: string;
        /** Whether this version consults it (`ENABLED`/`DISABLED`). */
        readonly associationState: string | null;
        /** From GetKnowledgeBase; null where it could not be described. */
        readonly name: string | null;
        readonly status: string | null;
        readonly type: string | null;
        readonly storageType: string | null;
        readonly roleArn: string | null;
    }[];
    /** What could not be read for this version (the run's errors say why): `guardrail`, `knowledgeBases`. */
    readonly notRead: ("guardrail" | "knowledgeBases")[];
}

/** `arn:<partition>:bedrock:<region>:<account>:` of an agent ARN. */
function bedrockPrefixOf(agentArn: string): string {
    return agentArn.replace(/agent\/[^/]+$/, "");
}

function guardrailRecord(ref: GuardrailRef, agentArn: string): NonNullable<AgentVersionRecord["guardrail"]> {
    // guardrailIdentifier is an id or an ARN (CreateAgent accepts both); the ARN is the account's own.
    const guardrailArn = ref.id.startsWith("arn:") ? ref.id : `${bedrockPrefixOf(agentArn)}guardrail/${ref.id}`;
    return { guardrailIdentifier: ref.id, guardrailVersion: ref.version, guardrailArn };
}

/** The records, by agent id then version (DRAFT first, then by number). */
export function agentVersionRecords(agents: readonly CollectedAgent[], knowledgeBases: ReadonlyMap<string, CollectedKnowledgeBase>): AgentVersionRecord[] {
    const records: AgentVersionRecord[] = [];
    const order = (v: string) => (v === "DRAFT" ? -1 : Number(v));
    for (const agent of [...agents].sort((a, b) => a.agentId.localeCompare(b.agentId))) {
        for (const version of [...agent.versions].sort((a, b) => order(a.agentVersion) - order(b.agentVersion) || a.agentVersion.localeCompare(b.agentVersion))) {
            const notRead: AgentVersionRecord["notRead"] = [];
            if (version.guardrail === undefined) notRead.push("guardrail");
            if (version.knowledgeBases === undefined) notRead.push("knowledgeBases");
            records.push({
                agentId: agent.agentId,
                agentName: agent.agentName,
                agentArn: agent.agentArn,
                agentVersion: version.agentVersion,
                versionStatus: version.versionStatus,
                aliases: agent.aliases
                    .filter((a) => a.agentVersions.includes(version.agentVersion))
                    .map((a) => ({ aliasId: a.aliasId, aliasName: a.aliasName, aliasArn: a.aliasArn }))
                    .sort((a, b) => a.aliasId.localeCompare(b.aliasId)),
                guardrail: version.guardrail ? guardrailRecord(version.guardrail, agent.agentArn) : null,
                knowledgeBases: (version.knowledgeBases ?? [])
                    .map((k) => {
                        const kb = knowledgeBases.get(k.knowledgeBaseId);
                        return {
                            knowledgeBaseId: k.knowledgeBaseId,
                            knowledgeBaseArn: kb?.knowledgeBaseArn ?? `${bedrockPrefixOf(agent.agentArn)}knowledge-base/${k.knowledgeBaseId}`,
                            associationState: k.state,
                            name: kb?.name ?? null,
                            status: kb?.status ?? null,
                            type: kb?.type ?? null,
                            storageType: kb?.storageType ?? null,
                            roleArn: kb?.roleArn ?? null,
                        };
                    })
                    .sort((a, b) => a.knowledgeBaseId.localeCompare(b.knowledgeBaseId)),
                notRead,
            });
        }
    }
    return records;
}

/** agent-versions.json's batches. */
export function agentVersionBatches(agents: readonly CollectedAgent[], knowledgeBases: ReadonlyMap<string, CollectedKnowledgeBase>): RecordBatches {
    return [agentVersionRecords(agents, knowledgeBases)];
}
