import type { CollectedAgent } from "../../collect/bedrock";
import type { TrailEvent } from "../../collect/cloudtrail";
import type { CollectedPrincipal } from "../../collect/iam";
import type { CollectedFunction } from "../../collect/lambda";
import { denialBursts, hourlyFindings, modelAttemptFindings, type DenialCarry } from "./activity";
import { apiKeyFindings, boundaryFindings, guardrailFindings, plaintextCredentialFindings } from "./posture";
import type { BedrockApiKey } from "../../collect/api-keys";
import { unusedGrantFindings, type BindingLedger } from "./unused";
import type { UsageIndex } from "./usage";
import type { Finding, FindingsConfig, Severity } from "./types";

export * from "./types";
export type { DenialCarry } from "./activity";
export { BindingLedger } from "./unused";

export interface FindingsInput {
    readonly config: FindingsConfig;
    readonly nowMs: number;
    readonly principals: readonly CollectedPrincipal[];
    readonly bindings: BindingLedger;
    /** Every event this run read (the overlap included): bursts and model attempts. */
    readonly events: readonly TrailEvent[];
    /** The events counted for the first time: the hours they fall in are judged. */
    readonly freshEvents: readonly TrailEvent[];
    /** The usage state after this run's merge. */
    readonly usage: UsageIndex;
    /**
     * Whether the state may vouch for absence: it was read (or is new), this run's events were
     * added, and it was written without losing a race. Otherwise no unused-grant finding.
     */
    readonly usageTrusted: boolean;
    readonly functions: ReadonlyMap<string, CollectedFunction>;
    readonly agents: readonly CollectedAgent[];
    /** Long-term Bedrock API keys; undefined when they could not be listed (nothing raised). */
    readonly apiKeys?: readonly BedrockApiKey[];
    /** What the previous run left of its denial bursts (the usage state's `denials`): a burst that goes on keeps its id. */
    readonly denials?: DenialCarry;
}

const SEVERITY_ORDER: Record<Severity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFORMATIONAL: 4 };

/** Every finding of the run, most severe first, then by kind and id (stable order, stable ids). */
export function computeFindings(input: FindingsInput): Finding[] {
    const createdMs = new Map(input.principals.flatMap((p) => (p.createdMs !== undefined ? [[p.arn, p.createdMs] as const] : [])));
    const findings = [
        ...(input.usageTrusted ? unusedGrantFindings({ bindings: input.bindings, usage: input.usage, nowMs: input.nowMs, windowDays: input.config.usageWindowDays, createdMs, maxListedTargets: input.config.evidenceMaxTargets }) : []),
        ...denialBursts(input.events, input.config, input.denials).findings,
        ...modelAttemptFindings(input.events, input.config),
        ...hourlyFindings(input.freshEvents, input.usage, input.config),
        ...boundaryFindings(input.principals, input.config),
        ...plaintextCredentialFindings(input.functions, input.agents),
        ...guardrailFindings(input.agents),
        ...apiKeyFindings(input.apiKeys ?? [], input.principals, input.nowMs, input.config.usageWindowDays),
    ];
    return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}
