import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { parseLocalArgs, runLocal, UsageError } from "../../scripts/inventory-local";
import { createClients } from "../../inventory-fn/aws/clients";
import { validateArtifact, type ArtifactName } from "../../inventory-fn/write/schemas";
import { FAKE_SECRET_VALUE, FakeClock, installFakeAccount, REGION, stubClients } from "../fixtures/inventory-account";

describe("inventory local run", () => {
    it("reads --out, --region, --profile and --lookback-hours", () => {
        expect(parseLocalArgs(["--out", "inv", "--region", "eu-west-1", "--profile", "audit", "--lookback-hours=6"], {})).to.deep.include({
            out: path.resolve("inv"),
            region: "eu-west-1",
            profile: "audit",
            lookbackHours: 6,
        });
        expect(parseLocalArgs(["--out", "inv"], { AWS_REGION: "us-west-2" }).region).to.equal("us-west-2");
    });

    it("explains what is wrong with the arguments", () => {
        const usage = (argv: string[], env = {}) => {
            try {
                parseLocalArgs(argv, env);
            } catch (error) {
                expect(error).to.be.instanceOf(UsageError);
                return (error as Error).message;
            }
            throw new Error("expected a usage error");
        };
        expect(usage([], { AWS_REGION: "us-east-1" })).to.match(/^--out <dir> is required/);
        expect(usage(["--out", "x"])).to.match(/^--region is required when neither AWS_REGION nor AWS_DEFAULT_REGION is set/);
        expect(usage(["--out", "x", "--region", "mars"])).to.match(/--region: got "mars", expected a region name/);
        expect(usage(["--out", "--region", "us-east-1"])).to.match(/^--out needs a value/);
        expect(usage(["--out", "x", "--region", "us-east-1", "--bucket", "b"])).to.match(/^unknown argument "--bucket"/);
        expect(usage(["--out", "x", "--region", "us-east-1", "--lookback-hours", "9999"])).to.match(/--lookback-hours: got "9999"/);
        expect(usage(["--help"])).to.match(/^usage: npm run inventory -- --out <dir>/);
    });

    it("writes every artifact to runs/<runId>/ and latest/ of the folder with the same code as the Lambda", async () => {
        const out = await fs.mkdtemp(path.join(os.tmpdir(), "inventory-local-"));
        const clients = createClients({ region: REGION, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
        const stubs = stubClients(clients);
        const clock = new FakeClock(Date.parse("2026-11-23T14:00:00Z"));
        installFakeAccount(stubs, { baseMs: clock.now() });
        try {
            const outcome = await runLocal({ out, region: REGION, lookbackHours: 24, toolLogGroups: [] }, { clients, clock });
            expect(outcome.statusCode).to.equal(200);
            expect(outcome.runPrefix).to.equal("runs/20261123T140000Z/");
            for (const dir of ["runs/20261123T140000Z", "latest"]) {
                const files = (await fs.readdir(path.join(out, dir))).sort();
                expect(files, dir).to.deep.equal(["activity-logs.json", "agent-bindings.json", "agent-tool-credentials.json", "agent-versions.json", "agentcore-bindings.json", "agentcore-resources.json", "agentcore-tool-credentials.json", "findings.json", "findings.ocsf.json", "manifest.json", "model-bindings.json", "models.json", "principals.json"]);
                for (const file of files) {
                    const text = await fs.readFile(path.join(out, dir, file), "utf8");
                    expect(text).to.not.include(FAKE_SECRET_VALUE);
                    expect(validateArtifact(file as ArtifactName, JSON.parse(text)), file).to.deep.equal([]);
                }
            }
        } finally {
            Object.values(stubs).forEach((s) => s.restore());
            await fs.rm(out, { recursive: true, force: true });
        }
    });
});
