import type { ArtifactStore } from "./store";
import type { SerializedArtifact } from "./artifacts";

export interface RunLocation {
    /** `<OUTPUT_PREFIX>runs/<runId>/` */
    readonly runPrefix: string;
    /** `<LATEST_PREFIX>` */
    readonly latestPrefix: string;
}

export function runPrefixOf(outputPrefix: string, runId: string): string {
    return `${outputPrefix}runs/${runId}/`;
}

export async function writeManifest(store: ArtifactStore, location: RunLocation, manifest: SerializedArtifact): Promise<void> {
    await store.put(location.runPrefix + manifest.name, manifest.body);
}

/**
 * Promotes a complete run: copies each artifact from runs/ to latest/, the manifest last, so a
 * reader of latest/ that sees the new manifest also sees the new files. Only called for a
 * complete run; a partial or failed one leaves latest/ as the last good set.
 */
export async function promoteRun(store: ArtifactStore, location: RunLocation, artifactNames: readonly string[]): Promise<void> {
    await Promise.all(artifactNames.map((name) => store.copy(location.runPrefix + name, location.latestPrefix + name)));
    await store.copy(location.runPrefix + "manifest.json", location.latestPrefix + "manifest.json");
}
