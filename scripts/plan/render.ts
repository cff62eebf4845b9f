// The plan as a tree for people and as JSON for machines.
import type { PolicyFinding } from "../../policy-pack/runner";
import { keyProperties, PlanResource } from "./collect";
import { MockEnvironment } from "./mock-engine";

export interface PlanReport {
    readonly project: string;
    readonly stack: string;
    readonly environment: MockEnvironment;
    readonly resources: readonly PlanResource[];
    readonly outputs: Record<string, unknown>;
    readonly findings: readonly PolicyFinding[];
    readonly exitCode: number;
}

/** A mandatory violation blocks (exit 1); advisory ones, undecidable and exempted verdicts are listed only. */
export function isBlocking(finding: PolicyFinding): boolean {
    return finding.status === "violation" && finding.enforcementLevel === "mandatory";
}

export function planExitCode(findings: readonly PolicyFinding[]): 0 | 1 {
    return findings.some(isBlocking) ? 1 : 0;
}

export function renderJson(report: PlanReport): string {
    return JSON.stringify(
        {
            project: report.project,
            stack: report.stack,
            environment: report.environment,
            resources: report.resources,
            outputs: report.outputs,
            findings: report.findings,
            mandatoryViolations: report.findings.filter(isBlocking).length,
            exitCode: report.exitCode,
        },
        null,
        2,
    );
}

export function renderTree(report: PlanReport): string {
    const lines: string[] = [];
    const { environment: env } = report;
    lines.push(
        `Plan of stack ${report.stack} (project ${report.project}) in ${env.region}, account ${env.accountId} (mock engine): ${report.resources.length} resources`,
        "",
    );
    const findingsByUrn = new Map<string, PolicyFinding[]>();
    for (const finding of report.findings) {
        findingsByUrn.set(finding.urn, [...(findingsByUrn.get(finding.urn) ?? []), finding]);
    }
    const known = new Set(report.resources.map((r) => r.urn));
    const children = new Map<string | undefined, PlanResource[]>();
    for (const resource of report.resources) {
        const parent = resource.parent && known.has(resource.parent) ? resource.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), resource]);
    }
    const walk = (parent: string | undefined, indent: string) => {
        const siblings = (children.get(parent) ?? []).slice().sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
        siblings.forEach((resource, i) => {
            const last = i === siblings.length - 1;
            const branch = parent === undefined ? "" : last ? "└─ " : "├─ ";
            const continuation = parent === undefined ? "" : last ? "   " : "│  ";
            lines.push(`${indent}${branch}${resource.type}  ${resource.name}`);
            const detailIndent = `${indent}${continuation}${children.has(resource.urn) ? "│  " : "   "}`;
            for (const property of keyProperties(resource)) {
                lines.push(`${detailIndent}· ${property}`);
            }
            for (const finding of findingsByUrn.get(resource.urn) ?? []) {
                lines.push(`${detailIndent}! ${finding.enforcementLevel} ${finding.status}: ${finding.policyName}: ${finding.message}`);
            }
            walk(resource.urn, `${indent}${continuation}`);
        });
    };
    walk(undefined, "");

    lines.push("", "Outputs:");
    for (const [key, value] of Object.entries(report.outputs)) {
        lines.push(`  ${key}: ${value === undefined ? "(none)" : typeof value === "string" ? value : JSON.stringify(value)}`);
    }

    const blocking = report.findings.filter(isBlocking);
    lines.push("", `Policy pack: ${report.findings.length} finding(s), ${blocking.length} mandatory violation(s)`);
    for (const finding of blocking) {
        lines.push(`  MANDATORY ${finding.policyName} on ${finding.resourceType} ${finding.resourceName}: ${finding.message}`);
    }
    lines.push(
        report.exitCode === 0 ? "Result: no mandatory violation (exit 0)" : "Result: mandatory violation(s) above (exit 1)",
    );
    return lines.join("\n");
}
