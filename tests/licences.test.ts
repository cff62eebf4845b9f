// What users deploy must carry no copyleft licence: the Lambda bundles (their dependencies are
// this package's devDependencies, bundled in) and the package's runtime dependencies.
// package-lock.json records every installed package's licence.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";
import { BUNDLED_FUNCTIONS, functionBuildOptions } from "../components/bundle";

interface LockedPackage { license?: string; dev?: boolean; link?: boolean }

const lock = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package-lock.json"), "utf8")) as { packages: Record<string, LockedPackage> };
const COPYLEFT = /\b(A?GPL|LGPL|SSPL|EUPL|OSL|CPAL|MPL)\b/i;
// Licences whose text is in the package, not in its manifest; read and recorded here.
const REVIEWED: Record<string, string> = { "node_modules/@logdna/tail-file": "MIT (LICENSE file)" };

describe("dependency licences", () => {
    it("ships no copyleft licence in runtime dependencies", () => {
        const offenders = Object.entries(lock.packages)
            .filter(([name, pkg]) => name !== "" && !pkg.dev && !pkg.link && !name.startsWith("policy-pack"))
            .filter(([name, pkg]) => REVIEWED[name] === undefined && (!pkg.license || COPYLEFT.test(pkg.license) || /SEE LICENSE/i.test(pkg.license)))
            .map(([name, pkg]) => `${name}: ${pkg.license ?? "no licence field"}`);
        expect(offenders).to.deep.equal([]);
    });

    it("bundles no copyleft licence into the Lambda functions", () => {
        const offenders: string[] = [];
        let bundled = 0;
        for (const fn of BUNDLED_FUNCTIONS) {
            const result = esbuild.buildSync({ ...functionBuildOptions(fn), write: false, metafile: true, minify: false, sourcemap: false });
            const packages = new Set<string>();
            for (const input of Object.keys(result.metafile.inputs)) {
                const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
                if (match) packages.add(match[1]);
            }
            bundled += packages.size;
            for (const name of packages) {
                const pkg = lock.packages[name];
                if (REVIEWED[name] !== undefined) continue;
                if (!pkg || !pkg.license || COPYLEFT.test(pkg.license) || /SEE LICENSE/i.test(pkg.license)) offenders.push(`${fn.name}: ${name}: ${pkg?.license ?? "not in package-lock.json"}`);
            }
        }
        expect(bundled, "packages found in the bundles").to.be.greaterThan(20);
        expect(offenders).to.deep.equal([]);
    });

    it("does not depend on the AGPL siblings of the action catalog", () => {
        const names = Object.keys(lock.packages);
        for (const agpl of ["@cloud-copilot/iam-expand", "@cloud-copilot/iam-policy", "@cloud-copilot/iam-simulate"]) {
            expect(names.some((n) => n.endsWith(`node_modules/${agpl}`)), agpl).to.equal(false);
        }
    });
});
