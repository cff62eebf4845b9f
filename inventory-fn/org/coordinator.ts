import { ListAccountsCommand, type OrganizationsClient } from "@aws-sdk/client-organizations";
import { runIdOf } from "../run";
import type { AccountOutcome } from "./account";
import { validateOrganizationIndex } from "./index-schema";
import { accountLatestPrefix, indexRunKey, isOrgRunId, LATEST_INDEX_KEY, outcomeKey, planKey } from "./layout";

/** An account in the plan: its id and, when Organizations told us, its name. */
export interface PlannedAccount {
    readonly accountId: string;
    readonly name: string | null;
}

/** What the plan step decided: every account and region of this organization run. */
export interface OrganizationPlan {
    readonly orgRunId: string;
    readonly startedAt: string;
    readonly source: "organizations" | "explicit";
    readonly accounts: PlannedAccount[];
    readonly regions: string[];
}

/** The plan step's result to the state machine: only ids, so the Map's input stays small. */
export interface PlanResult {
    readonly orgRunId: string;
    readonly accounts: string[];
    readonly regions: string[];
    readonly planKey: string;
}

/** The hub's bucket as the coordinator sees it (SSE-KMS puts; reads that answer undefined when absent). */
export interface HubStore {
    read(key: string): Promise<string | undefined>;
    put(key: string, body: string): Promise<void>;
}

export interface PlanInput {
    /** Explicit account ids; when empty, Organizations ListAccounts (ACTIVE accounts). */
    readonly accountIds: readonly string[];
    readonly regions: readonly string[];
    /** Never inventoried (the management account, which a service-managed StackSet never reaches). */
    readonly excludeAccountIds: readonly string[];
}

export interface CoordinatorDependencies {
    readonly store: HubStore;
    readonly organizations?: OrganizationsClient;
    readonly now?: () => number;
}

/**
 * The plan: which (account, region) pairs this run covers, written to the run's folder so the
 * index is built against it (an account whose task never reported is still listed).
 */
export async function planOrganization(input: PlanInput, deps: CoordinatorDependencies): Promise<PlanResult> {
    const now = (deps.now ?? Date.now)();
    const orgRunId = runIdOf(now);
    const excluded = new Set(input.excludeAccountIds);
    let accounts: PlannedAccount[];
    let source: OrganizationPlan["source"];
    if (input.accountIds.length > 0) {
        source = "explicit";
        accounts = input.accountIds.map((accountId) => ({ accountId, name: null }));
    } else {
        if (!deps.organizations) throw new Error("no explicit accounts and no Organizations client: one of them names the accounts");
        source = "organizations";
        accounts = await listActiveAccounts(deps.organizations);
    }
    accounts = dedupe(accounts.filter((a) => !excluded.has(a.accountId)));
    if (input.regions.length === 0) throw new Error("no regions to inventory");
    const plan: OrganizationPlan = { orgRunId, startedAt: new Date(now).toISOString(), source, accounts, regions: [...input.regions] };
    await deps.store.put(planKey(orgRunId), JSON.stringify(plan) + "\n");
    return { orgRunId, accounts: accounts.map((a) => a.accountId), regions: plan.regions, planKey: planKey(orgRunId) };
}

async function listActiveAccounts(organizations: OrganizationsClient): Promise<PlannedAccount[]> {
    const accounts: PlannedAccount[] = [];
    let nextToken: string | undefined;
    do {
        // ListAccounts pages hold at most 20 accounts; the token is the only way on.
        const page = await organizations.send(new ListAccountsCommand({ NextToken: nextToken }));
        for (const account of page.Accounts ?? []) {
            // Suspended and closing accounts cannot be read (and AssumeRole into them fails).
            if (account.Id && account.Status === "ACTIVE") accounts.push({ accountId: account.Id, name: account.Name ?? null });
        }
        nextToken = page.NextToken;
    } while (nextToken);
    return accounts;
}

function dedupe(accounts: PlannedAccount[]): PlannedAccount[] {
    const seen = new Map<string, PlannedAccount>();
    for (const a of accounts) if (!seen.has(a.accountId)) seen.set(a.accountId, a);
    return [...seen.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
}

export const ORGANIZATION_INDEX_SCHEMA_VERSION = "1.0";

export type EntryStatus = "complete" | "partial" | "failed" | "no_result";

/** One (account, region) in the organization index. */
export interface IndexEntry {
    readonly accountId: string;
    readonly accountName: string | null;
    readonly region: string;
    /** This run's status; `no_result` when its task never reported (a Lambda error or timeout after Step Functions' retries, or the map stopped). */
    readonly status: EntryStatus;
    readonly runId: string | null;
    readonly runPrefix: string | null;
    /** The last complete set for this account and region: this run's, an earlier one's, or null (never complete). */
    readonly latestManifestKey: string | null;
    readonly latestRunId: string | null;
    readonly counts: Record<string, number>;
    readonly errors: string[];
    readonly durationMs: number | null;
}

export interface OrganizationIndex {
    readonly schemaVersion: string;
    readonly organizationRunId: string;
    readonly startedAt: string;
    readonly generatedAt: string;
    /** `complete` when every entry is; `partial` otherwise (failures are in the entries). */
    readonly status: "complete" | "partial";
    readonly source: OrganizationPlan["source"];
    readonly regions: string[];
    readonly accountCount: number;
    readonly summary: Record<EntryStatus, number>;
    /** The fan-out's own failure (the tolerated-failure threshold exceeded), or null. */
    readonly mapError: { error: string; cause: string } | null;
    readonly entries: IndexEntry[];
}

export interface IndexInput {
    readonly orgRunId: string;
    readonly mapError?: { Error?: string; Cause?: string } | Record<string, never> | null;
}

/**
 * Builds the organization index from the plan and the outcomes, writes it under the run's folder
 * and then, last, to `organization/latest/index.json`. Every planned (account, region) has an
 * entry, reported or not, so a reader can tell a missing account from a clean one.
 */
export async function writeOrganizationIndex(input: IndexInput, deps: CoordinatorDependencies, readConcurrency = 16): Promise<OrganizationIndex> {
    if (!isOrgRunId(input.orgRunId)) throw new Error(`orgRunId: got ${JSON.stringify(input.orgRunId)}, expected YYYYMMDDTHHMMSSZ`);
    const planText = await deps.store.read(planKey(input.orgRunId));
    if (planText === undefined) throw new Error(`no plan at ${planKey(input.orgRunId)}`);
    const plan = JSON.parse(planText) as OrganizationPlan;
    const pairs = plan.accounts.flatMap((account) => plan.regions.map((region) => ({ account, region })));
    const entries: IndexEntry[] = new Array(pairs.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < pairs.length) {
            const i = next++;
            entries[i] = await entryOf(plan.orgRunId, pairs[i].account, pairs[i].region, deps.store);
        }
    };
    await Promise.all(Array.from({ length: Math.min(readConcurrency, pairs.length) }, worker));
    const summary: Record<EntryStatus, number> = { complete: 0, partial: 0, failed: 0, no_result: 0 };
    for (const e of entries) summary[e.status] += 1;
    const mapError = input.mapError && "Error" in input.mapError && input.mapError.Error
        ? { error: String(input.mapError.Error), cause: String(input.mapError.Cause ?? "").slice(0, 1000) }
        : null;
    const index: OrganizationIndex = {
        schemaVersion: ORGANIZATION_INDEX_SCHEMA_VERSION,
        organizationRunId: plan.orgRunId,
        startedAt: plan.startedAt,
        generatedAt: new Date((deps.now ?? Date.now)()).toISOString(),
        status: summary.complete === entries.length && mapError === null ? "complete" : "partial",
        source: plan.source,
        regions: plan.regions,
        accountCount: plan.accounts.length,
        summary,
        mapError,
        entries,
    };
    const problems = validateOrganizationIndex(index);
    if (problems.length > 0) throw new Error(`organization index does not match its schema: ${problems.join("; ")}`);
    const body = JSON.stringify(index) + "\n";
    await deps.store.put(indexRunKey(plan.orgRunId), body);
    // Last: a reader of latest/ sees a new index only once everything it points to is written.
    await deps.store.put(LATEST_INDEX_KEY, body);
    return index;
}

async function entryOf(orgRunId: string, account: PlannedAccount, region: string, store: HubStore): Promise<IndexEntry> {
    const text = await store.read(outcomeKey(orgRunId, account.accountId, region));
    const outcome = text === undefined ? undefined : (JSON.parse(text) as AccountOutcome);
    let latestManifestKey = outcome?.latestManifestKey ?? null;
    let latestRunId = latestManifestKey ? outcome!.runId : null;
    if (!latestManifestKey) {
        // Not promoted this time: the last complete set, if there is one, is still in latest/.
        const key = `${accountLatestPrefix(account.accountId, region)}manifest.json`;
        const previous = await store.read(key);
        if (previous !== undefined) {
            latestManifestKey = key;
            latestRunId = (JSON.parse(previous) as { runId?: string }).runId ?? null;
        }
    }
    if (!outcome) {
        return {
            accountId: account.accountId,
            accountName: account.name,
            region,
            status: "no_result",
            runId: null,
            runPrefix: null,
            latestManifestKey,
            latestRunId,
            counts: {},
            errors: ["no outcome recorded: the task failed after Step Functions' retries (Lambda error or timeout) or was never started; see the map run"],
            durationMs: null,
        };
    }
    return {
        accountId: account.accountId,
        accountName: account.name,
        region,
        status: outcome.status,
        runId: outcome.runId,
        runPrefix: outcome.runPrefix,
        latestManifestKey,
        latestRunId,
        counts: outcome.counts,
        errors: outcome.errors,
        durationMs: outcome.durationMs,
    };
}
