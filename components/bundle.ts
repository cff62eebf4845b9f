import * as path from "path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";

/** Where the repository's root is, so entries resolve the same from any working directory. */
export const repositoryRoot = path.resolve(__dirname, "..");

/** The result of bundling one function entry point. */
export interface FunctionBundle {
    /** The bundled JavaScript (CommonJS), to be stored as `index.js`. */
    readonly code: string;
    /** The source map, stored beside it as `index.js.map`. */
    readonly sourceMap: string;
}

const bundles = new Map<string, FunctionBundle>();

/**
 * Bundles a TypeScript Lambda entry point with esbuild, at the time the Pulumi program runs.
 * Nothing built is committed; the output is deterministic for the same sources, so an unchanged
 * function plans no update. The AWS SDK is bundled too: the version the tests ran against is the
 * version that runs, not whatever the Lambda runtime happens to ship.
 *
 * @param entry path of the entry file, relative to the repository root (e.g. `inventory-fn/handler.ts`)
 */
export function bundleFunction(entry: string): FunctionBundle {
    const absolute = path.resolve(repositoryRoot, entry);
    const cached = bundles.get(absolute);
    if (cached) {
        return cached;
    }
    const result = esbuild.buildSync({
        entryPoints: [absolute],
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        sourcemap: "external",
        sourcesContent: false,
        legalComments: "none",
        outfile: "index.js",
        write: false,
        absWorkingDir: repositoryRoot,
        logLevel: "silent",
    });
    const code = result.outputFiles.find((f) => f.path.endsWith("index.js"));
    const map = result.outputFiles.find((f) => f.path.endsWith("index.js.map"));
    if (!code || !map) {
        throw new Error(`bundling ${entry} produced no output`);
    }
    const bundle = { code: code.text, sourceMap: map.text };
    bundles.set(absolute, bundle);
    return bundle;
}

/**
 * The bundle of `entry` as a Lambda deployment package: `index.js` (handler `index.handler`) and
 * its source map. Set `NODE_OPTIONS=--enable-source-maps` on the function for readable stacks.
 */
export function functionArchive(entry: string): pulumi.asset.AssetArchive {
    const bundle = bundleFunction(entry);
    return new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset(bundle.code),
        "index.js.map": new pulumi.asset.StringAsset(bundle.sourceMap),
    });
}
