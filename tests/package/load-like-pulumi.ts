// Runs a Pulumi TypeScript program the way Pulumi's Node.js runtime does, under the mock engine,
// and prints what it registered as JSON on stdout. The consumer test bundles this file with
// esbuild into a scratch program (npm packages left external), so `@pulumi/pulumi` here is the
// scratch program's own copy, the one the installed bedrock-governance package must share.
//
// What it mirrors of @pulumi/pulumi's cmd/run/run.js (3.270): ts-node found by tsutils (the
// program's, else the SDK's vendored one), registered with `typeCheck: true`, the program's
// tsconfig.json compiler options over target ES2020 and nodenext modules, then `require` of the
// program's main. ts-node compiles nothing under node_modules, which is why a package that ships
// TypeScript fails here with "Unexpected token 'export'".
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installMockEngine, settle, trackConstructedResources } from "../../scripts/plan/mock-engine";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsutils = require("@pulumi/pulumi/tsutils") as {
    typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
    loadTypeScriptCompilerOptions(tsConfigPath: string): Record<string, unknown>;
};

function registerTypeScript(programDir: string): void {
    const tsConfigPath = path.join(programDir, "tsconfig.json");
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsn = require(tsnodeRequire);
    tsn.register({
        typeCheck: true,
        skipProject: !fs.existsSync(tsConfigPath),
        compiler: typescriptRequire,
        compilerOptions: {
            target: "ES2020",
            module: "nodenext",
            moduleResolution: "nodenext",
            sourceMap: "true",
            ...tsutils.loadTypeScriptCompilerOptions(tsConfigPath),
        },
    });
}

async function main(): Promise<void> {
    const programDir = process.cwd();
    const recorded = installMockEngine({ project: "consumer", stack: "dev" });
    const constructed = trackConstructedResources();
    registerTypeScript(programDir);
    const manifest = JSON.parse(fs.readFileSync(path.join(programDir, "package.json"), "utf8")) as { main?: string };
    const outputs = require(path.join(programDir, manifest.main ?? "index.ts")) as Record<string, pulumi.Input<unknown>>;
    await settle();
    const resolved: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(outputs)) {
        const output: pulumi.Output<unknown> = pulumi.output(value);
        resolved[key] = await new Promise<unknown>((resolve) => output.apply((v) => resolve(v)));
    }
    const functionCode: Record<string, string> = {};
    for (const r of recorded.filter((x) => x.type === "aws:lambda/function:Function")) {
        // A deserialized AssetArchive holds its assets, and a StringAsset its text, as promises.
        const archive = r.inputs.code as { assets?: Promise<Record<string, { text?: Promise<string> }>> } | undefined;
        const assets = await archive?.assets;
        functionCode[r.name] = String(await assets?.["index.js"]?.text);
    }
    const report = {
        constructed: constructed.length,
        resources: recorded.map((r) => ({ type: r.type, name: r.name, parent: r.parent ?? null, custom: r.custom })),
        functionCode,
        outputs: resolved,
        sdkPath: require.resolve("@pulumi/pulumi"),
    };
    process.stdout.write(JSON.stringify(report));
}

main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
});
