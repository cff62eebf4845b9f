import { describeFailure } from "../aws/errors";
import { stateProblem, type UsageState } from "../analyse/findings/usage";
import { isConditionalStore, type ArtifactStore } from "./store";

/** Under the output prefix, outside runs/ and latest/: the role's PutObject/GetObject on `<outputPrefix>*` covers it. */
export function usageStateKey(outputPrefix: string): string {
    return `${outputPrefix}state/usage.json`;
}

export type LoadedState =
    /** Read and usable; `etag` guards the write back. */
    | { readonly status: "read"; readonly state: UsageState; readonly etag: string; readonly bytes: number }
    /** There is none yet (a first run, or it was deleted): a new one is written with If-None-Match. */
    | { readonly status: "absent" }
    /** There is one and it is not a state (truncated, edited, another account's): replaced, coverage restarts. */
    | { readonly status: "corrupt"; readonly etag: string; readonly problem: string }
    /** It could not be read (or the store cannot write conditionally): nothing is written, nothing unused is raised. */
    | { readonly status: "unavailable"; readonly problem: string };

export async function loadUsageState(store: ArtifactStore, key: string, accountId: string, region: string): Promise<LoadedState> {
    if (!isConditionalStore(store)) return { status: "unavailable", problem: `${store.describe(key)}: the store cannot write conditionally` };
    let tagged: { body: string; etag: string } | undefined;
    try {
        tagged = await store.readTagged(key);
    } catch (error) {
        return { status: "unavailable", problem: `reading ${store.describe(key)} failed: ${describeFailure(error)}` };
    }
    if (!tagged) return { status: "absent" };
    let parsed: unknown;
    try {
        parsed = JSON.parse(tagged.body);
    } catch {
        return { status: "corrupt", etag: tagged.etag, problem: `${store.describe(key)} is not valid JSON` };
    }
    const problem = stateProblem(parsed, accountId, region);
    if (problem) return { status: "corrupt", etag: tagged.etag, problem: `${store.describe(key)}: ${problem}` };
    return { status: "read", state: parsed as UsageState, etag: tagged.etag, bytes: Buffer.byteLength(tagged.body) };
}

export type SavedState = { readonly status: "written"; readonly bytes: number } | { readonly status: "conflict"; readonly bytes: number } | { readonly status: "failed"; readonly problem: string };

/**
 * Writes the state back only if nobody wrote it since it was read (S3 conditional writes): two
 * runs (a retried invocation beside a scheduled one, despite the reserved concurrency of 1) never
 * clobber each other; the loser's update is dropped and its next run re-reads the winner's.
 */
export async function saveUsageState(store: ArtifactStore, key: string, state: UsageState, etag: string | null): Promise<SavedState> {
    if (!isConditionalStore(store)) return { status: "failed", problem: "the store cannot write conditionally" };
    const body = `${JSON.stringify(state)}\n`;
    const bytes = Buffer.byteLength(body);
    try {
        return { status: await store.putIfUnchanged(key, body, etag), bytes };
    } catch (error) {
        return { status: "failed", problem: `writing ${store.describe(key)} failed: ${describeFailure(error)}` };
    }
}
