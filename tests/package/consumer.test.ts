// The package as a user gets it (issue 10): `npm pack` of the root and of the policy pack, each
// tarball installed into a scratch directory outside the repository with production dependencies
// only, then used the way Pulumi uses it. Installs come from npm's cache where it has the packages
// (`npm ci` filled it), so this needs the registry only for what the cache lacks.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as esbuild from "esbuild";

const root = path.resolve(__dirname, "..", "..");
const rootManifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

function npm(args: string[], cwd: string): string {
    return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, npm_config_update_notifier: "false" },
    });
}

/** `npm pack` of a package directory into `dest`; returns the tarball's path. */
function pack(dir: string, dest: string): string {
    const out = npm(["pack", "--pack-destination", dest, "--json"], dir);
    const [{ filename }] = JSON.parse(out) as { filename: string }[];
    return path.join(dest, filename);
}

function installedVersion(name: string): string {
    const manifestFile = path.join(root, "node_modules", name, "package.json");
    return fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { version: string }).version : "*";
}

function listTarball(tarball: string): string[] {
    return execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, ""));
}

/** Bundles a TypeScript helper into `dir` with npm packages left to resolve from `dir`'s node_modules. */
function bundleHelper(entry: string, dir: string): string {
    const outfile = path.join(dir, path.basename(entry).replace(/\.ts$/, ".js"));
    esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", packages: "external", outfile, logLevel: "silent", absWorkingDir: root });
    return outfile;
}

function runNode(script: string, cwd: string): any {
    const out = execFileSync(process.execPath, [script], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(out);
}

describe("the published package (npm pack, installed elsewhere)", function () {
    this.timeout(240_000);
    let work: string;
    let rootTarball: string;
    let packTarball: string;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "bedrock-governance-package-"));
        // `npm pack` runs `prepare`/`prepack`, which build bin/ and policy-pack/dist/.
        rootTarball = pack(root, work);
        packTarball = pack(path.join(root, "policy-pack"), work);
    });

    after(() => {
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    describe("the components' tarball", () => {
        let files: string[];
        before(() => {
            files = listTarball(rootTarball);
        });

        it("ships compiled JavaScript, declarations and both functions' bundles, and no TypeScript source, tests or bench", () => {
            expect(files).to.include.members([
                "package.json",
                "bin/components/index.js",
                "bin/components/index.d.ts",
                "bin/components/inventory.js",
                "bin/components/governance/index.js",
                "bin/functions/inventory/index.js",
                "bin/functions/inventory/index.js.map",
                "bin/functions/lambda-in-vpc/index.js",
                "bin/functions/lambda-in-vpc/index.js.map",
                "schemas/manifest.schema.json",
            ]);
            const sources = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
            expect(sources, "TypeScript sources in the tarball").to.deep.equal([]);
            expect(files.filter((f) => /^(tests|bench|scripts|inventory-fn|governance-fn|policy-pack|iam|examples)\//.test(f))).to.deep.equal([]);
        });

        it("declares only @pulumi/pulumi and @pulumi/aws as runtime dependencies, with caret ranges", () => {
            expect(Object.keys(rootManifest.dependencies).sort()).to.deep.equal(["@pulumi/aws", "@pulumi/pulumi"]);
            for (const range of Object.values(rootManifest.dependencies)) expect(range).to.match(/^\^\d+\.\d+\.\d+$/);
            expect(rootManifest.version).to.match(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
        });
    });

    describe("a TypeScript program that installs it (examples/typescript)", () => {
        let program: string;
        let report: {
            constructed: number;
            resources: { type: string; name: string; parent: string | null; custom: boolean }[];
            functionCode: Record<string, string>;
            outputs: Record<string, unknown>;
            sdkPath: string;
        };

        before(() => {
            program = path.join(work, "program");
            fs.mkdirSync(program);
            for (const file of ["index.ts", "tsconfig.json", "Pulumi.yaml"]) {
                fs.copyFileSync(path.join(root, "examples", "typescript", file), path.join(program, file));
            }
            const example = JSON.parse(fs.readFileSync(path.join(root, "examples", "typescript", "package.json"), "utf8"));
            // The example's own dependencies, with this package from its tarball; the program's
            // TypeScript tooling installed as a dependency so `--omit=dev` leaves out only ours.
            // Each other dependency pinned to the version this repository tested with, so the
            // install is reproducible and served from npm's cache.
            Object.assign(example.dependencies, example.devDependencies);
            delete example.devDependencies;
            for (const name of Object.keys(example.dependencies)) {
                example.dependencies[name] = installedVersion(name);
            }
            example.dependencies["bedrock-governance"] = `file:${rootTarball}`;
            fs.writeFileSync(path.join(program, "package.json"), JSON.stringify(example, null, 2));
            npm(["install", "--omit=dev", "--prefer-offline"], program);
            const loader = bundleHelper(path.join(__dirname, "load-like-pulumi.ts"), program);
            report = runNode(loader, program);
        });

        it("installs without this package's build tools or function dependencies", () => {
            const installed = path.join(program, "node_modules");
            for (const devOnly of ["esbuild", "tsx", "@aws-sdk/client-bedrock-agent", "@aws-lambda-powertools/logger", "mocha"]) {
                expect(fs.existsSync(path.join(installed, devOnly)), devOnly).to.equal(false);
            }
        });

        it("shares the program's @pulumi/pulumi (one copy, so one engine connection and one default provider)", () => {
            expect(fs.existsSync(path.join(program, "node_modules", "bedrock-governance", "node_modules", "@pulumi", "pulumi"))).to.equal(false);
            expect(report.sdkPath).to.equal(path.join(program, "node_modules", "@pulumi", "pulumi", "index.js"));
        });

        it("loads with ts-node as Pulumi's Node.js runtime does and registers both components with their type tokens", () => {
            const components = report.resources.filter((r) => !r.custom && r.parent === null).map((r) => `${r.type}::${r.name}`);
            expect(components).to.include.members([
                "bedrock-governance:index:BedrockInventory::bedrock-inventory",
                "bedrock-governance:index:BedrockGovernance::bedrock-governance",
            ]);
            expect(report.resources.length, "every constructed resource registered").to.equal(report.constructed);
        });

        it("parents every child to its component, named after it", () => {
            const children = report.resources.filter((r) => r.parent !== null);
            expect(children.length).to.be.greaterThan(30);
            for (const child of children) {
                const owner = child.parent!.split("::").pop()!;
                expect(child.name.startsWith(`${owner}-`), `${child.type} ${child.name}`).to.equal(true);
            }
        });

        it("deploys both functions with the bundles built into the package", () => {
            const shipped = (name: string) => fs.readFileSync(path.join(program, "node_modules", "bedrock-governance", "bin", "functions", name, "index.js"), "utf8");
            expect(Object.keys(report.functionCode).sort()).to.deep.equal(["bedrock-governance-lambda-in-vpc", "bedrock-inventory-function"]);
            expect(report.functionCode["bedrock-inventory-function"]).to.equal(shipped("inventory"));
            expect(report.functionCode["bedrock-governance-lambda-in-vpc"]).to.equal(shipped("lambda-in-vpc"));
            expect(report.functionCode["bedrock-inventory-function"].length).to.be.greaterThan(100_000);
        });

        it("exports the components' outputs to the program", () => {
            expect(report.outputs.latestPrefix).to.equal("latest/");
            expect(String(report.outputs.inventoryFunction)).to.match(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:bedrock-inventory-/);
            expect(Object.keys(report.outputs.boundaryPolicyArns as object).sort()).to.deep.equal(["ci", "developer"]);
        });
    });

    describe("the policy pack's tarball, installed alone", () => {
        let dir: string;
        let result: { entry?: { name: string; policies: number }; findings: { policyName: string; resourceName: string; status: string; enforcementLevel: string }[]; policiesFile: string };

        before(async () => {
            const files = listTarball(packTarball);
            expect(files).to.include.members(["package.json", "PulumiPolicy.yaml", "dist/index.js", "dist/policies.js"]);
            expect(files.filter((f) => f.endsWith(".ts"))).to.deep.equal([]);
            dir = path.join(work, "pack-alone");
            fs.mkdirSync(dir);
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "pack-alone", private: true }));
            npm(["install", "--omit=dev", "--prefer-offline", packTarball], dir);
            const usePackPolicies: esbuild.Plugin = {
                name: "installed-pack-policies",
                setup(build) {
                    build.onResolve({ filter: /^\.\/policies$/ }, () => ({ path: "bedrock-governance-policy-pack/policies", external: true }));
                },
            };
            const outfile = path.join(dir, "judge-with-pack.js");
            // The runner and its validator (ajv) are bundled; @pulumi/* come from the pack's install.
            await esbuild.build({
                entryPoints: [path.join(__dirname, "judge-with-pack.ts")],
                bundle: true,
                platform: "node",
                format: "cjs",
                outfile,
                external: ["@pulumi/*", "bedrock-governance-policy-pack", "bedrock-governance-policy-pack/*"],
                plugins: [usePackPolicies],
                logLevel: "silent",
                absWorkingDir: root,
            });
            result = runNode(outfile, dir);
        });

        it("resolves its rules from the installed tarball, not from this repository", () => {
            expect(result.policiesFile).to.equal(path.join(dir, "node_modules", "bedrock-governance-policy-pack", "dist", "policies.js"));
        });

        it("constructs the pack from its entry, as `pulumi preview --policy-pack` loads it", () => {
            expect(result.entry?.name).to.equal("bedrock-governance");
            expect(result.entry?.policies).to.be.greaterThan(10);
        });

        it("reports the three core rules on a violating document as mandatory violations", () => {
            const mandatory = result.findings.filter((f) => f.resourceName === "violating" && f.status === "violation" && f.enforcementLevel === "mandatory").map((f) => f.policyName);
            expect(mandatory).to.include.members(["bedrock-no-wildcard-actions", "bedrock-invoke-model-no-wildcard-resource", "bedrock-invoke-requires-vpce"]);
        });

        it("has nothing to say about a clean document", () => {
            expect(result.findings.filter((f) => f.resourceName === "clean")).to.deep.equal([]);
        });
    });
});
