import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { BuildOptions } from "esbuild";

/** A Lambda function this package deploys: its source entry and the name of its prebuilt bundle. */
export interface BundledFunction {
    /** Folder of the bundle inside the built package: `bin/functions/<name>/index.js`. */
    readonly name: string;
    /** The TypeScript entry point, relative to the repository root. */
    readonly entry: string;
}

/** The inventory function (seed 000). */
export const INVENTORY_FUNCTION: BundledFunction = { name: "inventory", entry: "inventory-fn/handler.ts" };
/** The evaluator of the custom Config rule "Bedrock agent functions run in a VPC" (seed 001). */
export const LAMBDA_IN_VPC_EVALUATOR: BundledFunction = { name: "lambda-in-vpc", entry: "governance-fn/lambda-in-vpc/handler.ts" };
/** The organization inventory's functions (one bundle: `accountHandler`, `coordinatorHandler`). */
export const ORG_INVENTORY_FUNCTION: BundledFunction = { name: "inventory-org", entry: "inventory-fn/org-handler.ts" };
/** Every function bundled when the package is built. */
export const BUNDLED_FUNCTIONS: readonly BundledFunction[] = [INVENTORY_FUNCTION, LAMBDA_IN_VPC_EVALUATOR, ORG_INVENTORY_FUNCTION];

/**
 * Where the built package keeps the functions' bundles. This file compiles to
 * `bin/components/bundle.js`, so they are at `bin/functions/`; from the TypeScript sources the
 * same path (`<repository>/functions/`) does not exist, and the functions are bundled from source.
 */
const prebuiltRoot = path.resolve(__dirname, "..", "functions");

/** The repository root when running from source (the entries are relative to it). */
export const repositoryRoot = path.resolve(__dirname, "..");

/** The result of bundling one function entry point. */
export interface FunctionBundle {
    /** The bundled JavaScript (CommonJS), stored as `index.js`. */
    readonly code: string;
    /** The source map, stored beside it as `index.js.map`. */
    readonly sourceMap: string;
}

/**
 * esbuild's options for a function bundle: one CommonJS file for Node 22 with the AWS SDK inside
 * (the version the tests ran against is the version that runs, not whatever the Lambda runtime
 * ships), minified, with an external source map. Shared by the package build and the
 * from-source path, so both produce the same bytes for the same sources.
 */
export function functionBuildOptions(fn: BundledFunction, root: string = repositoryRoot) {
    // `satisfies`, not a return type: the declarations the package ships must not name esbuild,
    // which an installed package does not depend on.
    return {
        entryPoints: [path.resolve(root, fn.entry)],
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: true,
        sourcemap: "external",
        sourcesContent: false,
        legalComments: "none",
        outfile: "index.js",
        absWorkingDir: root,
        logLevel: "silent",
    } satisfies BuildOptions;
}

const bundles = new Map<string, FunctionBundle>();

/**
 * The bundle of a function. In the installed package it is read from `bin/functions/<name>/`,
 * built with the package, so a consumer's `pulumi preview` needs neither esbuild nor TypeScript
 * sources. In this repository it is bundled from source with esbuild when the program runs; nothing
 * built is committed, and the output is deterministic, so an unchanged function plans no update.
 */
export function bundleFunction(fn: BundledFunction): FunctionBundle {
    const cached = bundles.get(fn.name);
    if (cached) {
        return cached;
    }
    const bundle = readPrebuiltBundle(fn) ?? bundleFromSource(fn);
    bundles.set(fn.name, bundle);
    return bundle;
}

function readPrebuiltBundle(fn: BundledFunction): FunctionBundle | undefined {
    const dir = path.join(prebuiltRoot, fn.name);
    const codeFile = path.join(dir, "index.js");
    if (!fs.existsSync(codeFile)) {
        return undefined;
    }
    return { code: fs.readFileSync(codeFile, "utf8"), sourceMap: fs.readFileSync(path.join(dir, "index.js.map"), "utf8") };
}

function bundleFromSource(fn: BundledFunction): FunctionBundle {
    const entry = path.resolve(repositoryRoot, fn.entry);
    if (!fs.existsSync(entry)) {
        throw new Error(
            `the ${fn.name} function has neither a prebuilt bundle (${path.join(prebuiltRoot, fn.name, "index.js")}) ` +
                `nor its source (${entry}): run \`npm run build\` in the bedrock-governance package`,
        );
    }
    // Loaded only here: an installed package never bundles, and does not depend on esbuild.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({ ...functionBuildOptions(fn), write: false });
    const code = result.outputFiles.find((f) => f.path.endsWith("index.js"));
    const map = result.outputFiles.find((f) => f.path.endsWith("index.js.map"));
    if (!code || !map) {
        throw new Error(`bundling ${fn.entry} produced no output`);
    }
    return { code: code.text, sourceMap: map.text };
}

/**
 * The bundle of `fn` as a Lambda deployment package: `index.js` (handler `index.handler`) and its
 * source map. The functions set `NODE_OPTIONS=--enable-source-maps` for readable stacks.
 */
export function functionArchive(fn: BundledFunction): pulumi.asset.AssetArchive {
    const bundle = bundleFunction(fn);
    return new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset(bundle.code),
        "index.js.map": new pulumi.asset.StringAsset(bundle.sourceMap),
    });
}
