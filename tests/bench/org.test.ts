import { expect } from "chai";
import { mixedOrganization, runOrganizationBench, type MemberSpec } from "../../bench/org/organization";
import { validateOrganizationIndex } from "../../inventory-fn/org/index-schema";

// End to end: the component's state machine definition, run by aws-local-stepfunctions, its tasks
// bound to the real organization functions, each member account its own emulator. Small accounts
// and time compressed 20x keep it to seconds.
const BASE = { timeScale: 20, accountConcurrency: 8, regionConcurrency: 2, latencyScale: 0.5 };

describe("bench: emulated organization on the state machine", function () {
    this.timeout(120_000);

    it("inventories every account and region, writes each under accounts/<id>/<region>/, and an index promoted last", async () => {
        const members = mixedOrganization(4).map((m) => ({ ...m, scale: 0.005 }));
        const report = await runOrganizationBench({ ...BASE, members, regions: ["us-east-1", "eu-west-1"] });
        expect(report.definitionValid).to.equal(true);
        expect(report.executionError).to.equal(null);
        expect(report.index.status).to.equal("complete");
        expect(report.index.entries.map((e) => `${e.accountId}/${e.region}`).sort()).to.deep.equal(
            members.flatMap((m) => [`${m.accountId}/eu-west-1`, `${m.accountId}/us-east-1`]).sort(),
        );
        expect(validateOrganizationIndex(report.index)).to.deep.equal([]);
        expect(report.latestIndex).to.deep.equal(report.index);
        for (const entry of report.index.entries) {
            const prefix = `accounts/${entry.accountId}/${entry.region}/`;
            expect(entry.latestManifestKey).to.equal(`${prefix}latest/manifest.json`);
            expect(entry.runPrefix).to.equal(`${prefix}runs/${entry.runId}/`);
            expect(report.keys).to.include(`${prefix}runs/${entry.runId}/manifest.json`);
            expect(report.keys).to.include(`${prefix}latest/principals.json`);
            expect(entry.counts.principalCount).to.be.greaterThan(0);
        }
        // Run objects carry the tag the hub's lifecycle rule expires; latest/ copies of them carry
        // none (CopyObject would copy the tag by default), nor does anything the coordinator writes.
        const runKeys = report.keys.filter((k) => /^accounts\/\d{12}\/[a-z0-9-]+\/runs\//.test(k));
        expect(runKeys).to.not.be.empty;
        for (const key of runKeys) expect(report.tags[key], key).to.deep.equal({ "bedrock-inventory-object": "run" });
        const untagged = report.keys.filter((k) => !runKeys.includes(k));
        expect(untagged.some((k) => k.includes("/latest/"))).to.equal(true);
        for (const key of untagged) expect(report.tags[key], key).to.deep.equal({});
        // Manifest last per (account, region), the organization index last of all.
        expect(report.writeOrder[report.writeOrder.length - 1]).to.equal("organization/latest/index.json");
        const firstLatestManifest = report.writeOrder.findIndex((k) => k.endsWith("/latest/manifest.json"));
        expect(firstLatestManifest).to.be.greaterThan(-1);
        expect(report.assumeRoleRequests).to.equal(8);
    });

    it("isolates failures: a missing spoke role, AccessDenied, throttled out are recorded, the others complete", async () => {
        const members: MemberSpec[] = mixedOrganization(6).map((m) => ({ ...m, scale: 0.005 }));
        members[1] = { ...members[1], spokeRole: false };
        members[2] = { ...members[2], faults: { rules: [{ name: "deny", apis: ["iam:*"], effect: "accessDenied" }] } };
        members[4] = { ...members[4], faults: { rules: [{ name: "out", apis: ["bedrock:*"], effect: "throttle" }] }, remainingMs: 70_000 };
        const report = await runOrganizationBench({ ...BASE, members, regions: ["us-east-1"], maxAttempts: 2 });
        const byAccount = new Map(report.index.entries.map((e) => [e.accountId, e]));
        expect(byAccount.get(members[1].accountId)!.status).to.equal("failed");
        expect(byAccount.get(members[1].accountId)!.errors[0]).to.match(/^assume_role access_denied .*spoke role is missing/);
        expect(byAccount.get(members[1].accountId)!.latestManifestKey).to.equal(null);
        expect(byAccount.get(members[2].accountId)!.status).to.equal("partial");
        expect(byAccount.get(members[2].accountId)!.errors).to.include("iam access_denied (iam:GetAccountAuthorizationDetails)");
        expect(byAccount.get(members[4].accountId)!.status).to.equal("partial");
        expect(byAccount.get(members[4].accountId)!.errors.join(" ")).to.match(/throttled|deadline/);
        for (const i of [0, 3, 5]) expect(byAccount.get(members[i].accountId)!.status, members[i].accountId).to.equal("complete");
        expect(report.index.summary).to.deep.equal({ complete: 3, partial: 2, failed: 1, no_result: 0 });
        expect(report.index.status).to.equal("partial");
        // The index is still written and promoted; the execution ends in the Fail state.
        expect(report.latestIndex).to.deep.equal(report.index);
        expect(report.executionError).to.match(/OrganizationRunIncomplete/);
        // Partial runs never reach latest/: a reader keeps the last good set (none here).
        expect(report.keys.some((k) => k.startsWith(`accounts/${members[2].accountId}/us-east-1/latest/`))).to.equal(false);
    });

    it("a task that keeps failing still leaves an index: its entry has no_result, the map's error is recorded", async () => {
        // aws-local-stepfunctions runs a Distributed Map as an inline Map: one failed child stops
        // the whole map (a real Distributed Map tolerates ToleratedFailurePercentage of them).
        // What this proves is the Catch: the index is written either way.
        const members: MemberSpec[] = mixedOrganization(3).map((m) => ({ ...m, scale: 0.005 }));
        members[0] = { ...members[0], crash: true };
        const report = await runOrganizationBench({ ...BASE, members, regions: ["us-east-1"], accountConcurrency: 1 });
        expect(report.index.mapError?.error).to.be.a("string");
        const crashed = report.index.entries.find((e) => e.accountId === members[0].accountId)!;
        expect(crashed.status).to.equal("no_result");
        expect(report.index.entries).to.have.length(3);
        expect(report.index.status).to.equal("partial");
        expect(report.latestIndex).to.deep.equal(report.index);
    });
});
