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
