import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ConfigError, projectConfigDeclarations, StackConfigReader } from "../../components/config";
import { orgInventoryConfigSection, readOrgInventoryConfig } from "../../components/config/org-inventory";

const root = path.resolve(__dirname, "..", "..");

function read(raw: Record<string, string>) {
    const reader = new StackConfigReader(raw);
    const args = readOrgInventoryConfig(reader);
    try {
        reader.finish();
        return { args, problems: [] as string[] };
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return { args, problems: (err as ConfigError).message.split("\n") };
    }
}

function stackKeys(stack: string): string[] {
    const file = yaml.load(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
    return Object.keys(file.config ?? {}).filter((k) => k.startsWith("bedrock-governance:orgInventory"));
}

describe("stack config: orgInventory keys", () => {
    it("are declared in Pulumi.yaml exactly as the code declares them, and no other orgInventory key", () => {
        const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { config: Record<string, unknown> };
        const declared = projectConfigDeclarations(orgInventoryConfigSection);
        for (const [key, declaration] of Object.entries(declared)) expect(project.config[key], key).to.deep.equal(declaration);
        expect(Object.keys(project.config).filter((k) => k.startsWith("orgInventory")).sort()).to.deep.equal(Object.keys(orgInventoryConfigSection).sort());
    });

    it("are each documented in docs/organization.md", () => {
        const doc = fs.readFileSync(path.join(root, "docs", "organization.md"), "utf8");
        for (const key of Object.keys(orgInventoryConfigSection)) expect(doc, key).to.include(`\`${key}\``);
    });

    it("deploy nothing unless enabled; dev sets none, prod enables the hub with OUs", () => {
        expect(read({}).args).to.equal(undefined);
        expect(stackKeys("dev")).to.deep.equal([]);
        expect(stackKeys("prod")).to.include("bedrock-governance:orgInventoryEnabled");
        const { args, problems } = read({ orgInventoryEnabled: "true", orgInventoryRegions: '["eu-west-1"]', orgInventoryOrganizationalUnitIds: '["ou-ab12-cd34ef56"]' });
        expect(problems).to.deep.equal([]);
        expect(args!.regions).to.deep.equal(["eu-west-1"]);
        expect(args!.organizationalUnitIds).to.deep.equal(["ou-ab12-cd34ef56"]);
        expect(args!.externalId).to.equal(undefined);
    });

    it("names each bad key and what is allowed, all at once", () => {
        const { problems } = read({
            orgInventoryEnabled: "true",
            orgInventoryRegions: '["mars"]',
            orgInventoryAccountIds: '["12"]',
            orgInventoryStackSetCallAs: "ROOT",
            orgInventoryAccountConcurrency: "0",
            orgInventoryToleratedFailurePercentage: "150",
        });
        const text = problems.join("\n");
        for (const key of ["orgInventoryRegions", "orgInventoryAccountIds", "orgInventoryStackSetCallAs", "orgInventoryAccountConcurrency", "orgInventoryToleratedFailurePercentage"]) {
            expect(text).to.include(`bedrock-governance:${key}`);
        }
        expect(text).to.include("SELF or DELEGATED_ADMIN");
    });
});
