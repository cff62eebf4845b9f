// What users deploy must carry no copyleft licence: the Lambda bundles and the Pulumi program's
// runtime dependencies. package-lock.json records every installed package's licence.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

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

    it("does not depend on the AGPL siblings of the action catalog", () => {
        const names = Object.keys(lock.packages);
        for (const agpl of ["@cloud-copilot/iam-expand", "@cloud-copilot/iam-policy", "@cloud-copilot/iam-simulate"]) {
            expect(names.some((n) => n.endsWith(`node_modules/${agpl}`)), agpl).to.equal(false);
        }
    });
});
