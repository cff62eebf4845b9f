import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy-pack/policies";

const PACK = path.resolve(__dirname, "../../policy-pack");
const CORE = ["bedrock-no-wildcard-actions", "bedrock-invoke-model-no-wildcard-resource", "bedrock-invoke-requires-vpce"];

describe("policy pack: the pack as CrossGuard loads it", () => {
    it("is a nodejs pack with a versioned package that depends on @pulumi/policy", () => {
        expect(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8")).to.match(/^runtime: nodejs$/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
        expect(pkg.version).to.match(/^\d+\.\d+\.\d+/);
        expect(pkg.dependencies).to.have.property("@pulumi/policy");
    });

    it("constructs the pack named bedrock-governance in index.ts from the policies module", () => {
        const index = fs.readFileSync(path.join(PACK, "index.ts"), "utf8");
        expect(index).to.match(/new PolicyPack\("bedrock-governance", \{ policies \}\)/);
        expect(index).to.match(/from "\.\/policies"/);
        expect(fs.readFileSync(path.join(PACK, "policies.ts"), "utf8")).not.to.contain("new PolicyPack");
    });

    it("has the three core rules, mandatory, and every other rule advisory", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        expect(names.slice(0, 3)).to.deep.equal(CORE);
        for (const policy of policies) {
            expect(policy.enforcementLevel, policy.name).to.equal(CORE.includes(policy.name) ? "mandatory" : "advisory");
        }
    });

    it("gives every rule a description, remediation steps and an exemptions setting, and no enforcementLevel in its schema", () => {
        for (const policy of policies) {
            expect(policy.description, policy.name).to.have.length.greaterThan(20);
            expect(policy.remediationSteps, policy.name).to.have.length.greaterThan(20);
            expect(policy.configSchema?.properties, policy.name).to.have.property("exemptions");
            // The runtime refuses to serve a pack whose schema declares enforcementLevel.
            expect(policy.configSchema?.properties, policy.name).not.to.have.property("enforcementLevel");
            expect(policy.name).to.match(/^[a-z0-9-]+$/);
        }
    });

    it("has one file per rule in rules/, each in the list", () => {
        const files = fs.readdirSync(path.join(PACK, "rules")).map((f) => f.replace(/\.ts$/, "")).sort();
        expect(files).to.deep.equal(policies.map((p) => p.name).sort());
    });

    it("lets the runtime skip other types cheaply: single-type rules carry __pulumiType", () => {
        const runtime = policies.find((p) => p.name === "lambda-supported-runtime") as ResourceValidationPolicy;
        expect((runtime.validateResource as unknown as { __pulumiType: string }).__pulumiType).to.equal("aws:lambda/function:Function");
    });
});
