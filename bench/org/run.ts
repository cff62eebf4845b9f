// `npm run bench:org`: the emulated organization's figures (docs/organization.md, "Figures").
import * as fs from "fs";
import * as path from "path";
import { execSync } from "child_process";
import { mixedOrganization, runOrganizationBench, type MemberSpec, type OrganizationBenchReport } from "./organization";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
};
const accounts = flag("accounts", 50);
const timeScale = flag("time-scale", 10);
const accountConcurrency = flag("account-concurrency", 40);

/** The organization of the figures: mixed sizes, and four accounts that fail in four ways. */
export function figuresOrganization(count: number): MemberSpec[] {
    const members = mixedOrganization(count);
    const storm = { rules: [{ name: "storm", apis: ["bedrock:*", "lambda:*"], effect: "throttle" as const, probability: 0.3, durationMs: 20_000 }] };
    members[3] = { ...members[3], spokeRole: false };
    members[11] = { ...members[11], spokeRole: false };
    members[17] = { ...members[17], faults: { rules: [{ name: "deny", apis: ["iam:*"], effect: "accessDenied" }] } };
    members[23] = { ...members[23], faults: storm };
    // Throttled out: every Bedrock call throttled, for longer than the Lambda has left.
    members[29] = { ...members[29], faults: { rules: [{ name: "out", apis: ["bedrock:*"], effect: "throttle" }] }, remainingMs: 120_000 };
    return members;
}

function commit(): string {
    try {
        return execSync("git describe --always --dirty", { encoding: "utf8" }).trim();
    } catch {
        return "unknown";
    }
}

function summarise(label: string, r: OrganizationBenchReport) {
    return {
        label,
        entries: r.index.entries.length,
        summary: r.index.summary,
        status: r.index.status,
        virtualWallSeconds: +(r.virtualWallMs / 1000).toFixed(1),
        realWallSeconds: +(r.realWallMs / 1000).toFixed(1),
        memberCalls: r.totalCalls,
        assumeRole: r.assumeRoleRequests,
        taskErrors: r.taskErrors,
        executionError: r.executionError,
        slowestAccountSeconds: +(Math.max(...r.outcomes.map((o) => o.durationMs)) / 1000).toFixed(1),
        sumOfAccountSeconds: +(r.outcomes.reduce((n, o) => n + o.durationMs, 0) / 1000).toFixed(1),
        failures: r.index.entries.filter((e) => e.status !== "complete").map((e) => `${e.accountId}/${e.region}: ${e.status}: ${e.errors.join("; ").slice(0, 160)}`),
    };
}

async function main(): Promise<void> {
    const common = { regions: ["us-east-1"], timeScale, regionConcurrency: 4, latencyScale: 1 };
    // Healthy: the organization's wall time against its slowest account alone.
    const healthyMembers = mixedOrganization(accounts);
    const healthy = await runOrganizationBench({ ...common, members: healthyMembers, accountConcurrency });
    const largest = healthyMembers[healthyMembers.length - 1];
    const alone = await runOrganizationBench({ ...common, members: [largest], accountConcurrency: 1 });
    // With failures: the same organization, five accounts failing in four ways.
    const faulty = await runOrganizationBench({ ...common, members: figuresOrganization(accounts), accountConcurrency });
    const figures = {
        commit: commit(),
        node: process.version,
        accounts,
        timeScale,
        accountConcurrency,
        healthy: summarise(`${accounts} accounts, no fault`, healthy),
        slowestAlone: summarise(`the largest account (scale ${largest.scale}) alone`, alone),
        withFailures: summarise(`${accounts} accounts, 5 failing`, faulty),
    };
    console.log(JSON.stringify(figures, null, 2));
    const out = path.join(__dirname, "..", "results");
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "org-figures.json"), JSON.stringify(figures, null, 2) + "\n");
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
