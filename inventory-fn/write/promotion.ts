import { describeFailure } from "../aws/errors";
import type { ArtifactStore, WrittenVersion } from "./store";
import type { RunLocation } from "./writer";

/**
 * What happened to a complete run's promotion; recorded in its manifest (`promotion`) whenever it
 * is not `promoted`.
 * - `promoted`: latest/ is this run's set, its manifest the last object copied.
 * - `not_started`: what latest/ held could not be recorded (so could not be put back): nothing
 *   was copied.
 * - `rolled_back`: a copy failed; every latest/ key this promotion wrote was put back, verified:
 *   latest/ is the previous set, byte for byte.
 * - `rollback_failed`: a copy failed and some keys could not be put back (`unrestoredKeys`).
 *   latest/manifest.json is still the previous one, or was put back first, unless it is listed.
 */
export type PromotionStatus = "promoted" | "not_started" | "rolled_back" | "rollback_failed";

export interface PromotionRecord {
    readonly status: PromotionStatus;
    readonly latestPrefix: string;
    /** The failure that stopped the promotion (absent when promoted). */
    readonly error?: string;
    /** latest/ keys left holding something other than the previous set's object (rollback_failed). */
    readonly unrestoredKeys?: readonly string[];
    /** Why each of them could not be put back. */
    readonly restoreErrors?: readonly string[];
}

/**
 * Promotes a complete run so that latest/ is, whenever the function returns, either entirely the
 * previous set or entirely this run's:
 *
 * 1. Record what each latest/ key holds (its S3 version; or that it holds nothing). If any cannot
 *    be recorded, stop: nothing has been written.
 * 2. Copy the data artifacts, all of them, waiting for every copy (also after one fails: no copy
 *    is left running, and each that succeeded is known).
 * 3. Only if all succeeded, copy the manifest, the switch readers follow (docs/reading-latest.md).
 * 4. If any copy failed, put back every key a copy was attempted on, the manifest first, and
 *    verify each. Putting back deletes the versions this run created, so it needs neither
 *    CopyObject nor KMS, which are what is likely to be failing.
 *
 * Never rejects: the outcome, failures included, is the record.
 */
export async function promoteRun(store: ArtifactStore, location: RunLocation, artifactNames: readonly string[]): Promise<PromotionRecord> {
    const { latestPrefix } = location;
    const names = [...artifactNames, "manifest.json"];
    const recorded = await Promise.allSettled(names.map((name) => store.keep(latestPrefix + name)));
    const kept = recorded.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const notKept = recorded.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (notKept) {
        await Promise.allSettled(kept.map((k) => store.release(k)));
        return { status: "not_started", latestPrefix, error: `recording what ${latestPrefix} holds failed: ${describeFailure(notKept.reason)}` };
    }
    const keptOf = new Map(names.map((name, i) => [name, kept[i]]));
    try {
        const written = new Map<string, WrittenVersion[]>();
        const copy = async (name: string) => {
            const version = await store.copy(location.runPrefix + name, latestPrefix + name);
            written.set(name, [version]);
        };
        const data = await Promise.allSettled(artifactNames.map(copy));
        const failed = data.find((s): s is PromiseRejectedResult => s.status === "rejected");
        let failure: unknown = failed?.reason;
        let manifestAttempted = false;
        if (!failed) {
            try {
                manifestAttempted = true;
                await copy("manifest.json");
                return { status: "promoted", latestPrefix };
            } catch (error) {
                failure = error;
            }
        }
        const unrestored = new Map<string, unknown>();
        const putBack = async (name: string) => {
            try {
                await store.putBack(keptOf.get(name)!, written.get(name) ?? []);
            } catch (error) {
                unrestored.set(name, error);
            }
        };
        const error = `copying to ${latestPrefix} failed: ${describeFailure(failure)}`;
        // The switch first: from then on a reader following it reads the previous set.
        if (manifestAttempted) {
            await putBack("manifest.json");
            if (unrestored.has("manifest.json")) {
                // latest/manifest.json is not known to be the previous one, and most likely is
                // this run's (the copy was applied, its answer lost, and deleting it failed).
                // The six copies beside it all succeeded: left as they are, latest/ is then
                // entirely this run's; put back, it would be this run's manifest over the
                // previous files.
                return {
                    status: "rollback_failed",
                    latestPrefix,
                    error,
                    unrestoredKeys: names.map((name) => latestPrefix + name),
                    restoreErrors: [`${latestPrefix}manifest.json: ${describeFailure(unrestored.get("manifest.json"))}; the data artifacts left as this run's copies`],
                };
            }
        }
        await Promise.all(artifactNames.map(putBack));
        if (unrestored.size === 0) return { status: "rolled_back", latestPrefix, error };
        const keys = names.filter((name) => unrestored.has(name));
        return {
            status: "rollback_failed",
            latestPrefix,
            error,
            unrestoredKeys: keys.map((name) => latestPrefix + name),
            restoreErrors: keys.map((name) => `${latestPrefix}${name}: ${describeFailure(unrestored.get(name))}`),
        };
    } finally {
        await Promise.allSettled(kept.map((k) => store.release(k)));
    }
}
