import type { Finding, Severity } from "./types";

/**
 * A finding as an OCSF Detection Finding (class 2004, OCSF 1.1): the form Security Lake,
 * OpenSearch's security analytics and the SIEMs that read OCSF ingest without a mapping of
 * their own. Written to the bucket beside findings.json: no new permission, no service to enable.
 */
export interface OcsfDetectionFinding {
    readonly class_uid: 2004;
    readonly class_name: "Detection Finding";
    readonly category_uid: 2;
    readonly category_name: "Findings";
    readonly activity_id: 1;
    readonly activity_name: "Create";
    readonly type_uid: 200401;
    readonly time: number;
    readonly severity_id: number;
    readonly severity: string;
    readonly status_id: 1;
    readonly status: "New";
    readonly message: string;
    readonly metadata: { readonly version: "1.1.0"; readonly product: { readonly name: string; readonly vendor_name: string }; readonly uid: string };
    readonly finding_info: { readonly uid: string; readonly title: string; readonly types: string[]; readonly desc: string };
    readonly cloud: { readonly provider: "AWS"; readonly region: string; readonly account: { readonly uid: string } };
    readonly actor?: { readonly user: { readonly uid: string } };
    readonly resources: { readonly uid: string; readonly type: string; readonly name: string }[];
    readonly remediation: { readonly desc: string };
    /** The finding's evidence, as findings.json has it (OCSF has no place for these fields). */
    readonly unmapped: { readonly kind: string; readonly evidence: Finding["evidence"] };
}

const SEVERITY_ID: Record<Severity, number> = { INFORMATIONAL: 1, LOW: 2, MEDIUM: 3, HIGH: 4, CRITICAL: 5 };
const SEVERITY_NAME: Record<Severity, string> = { INFORMATIONAL: "Informational", LOW: "Low", MEDIUM: "Medium", HIGH: "High", CRITICAL: "Critical" };

export function toOcsf(finding: Finding, context: { readonly accountId: string; readonly region: string; readonly generatedAtMs: number; readonly runId: string }): OcsfDetectionFinding {
    const resources = finding.target ? [{ uid: finding.target.arn ?? finding.target.id, type: finding.target.type, name: finding.target.id }] : [];
    return {
        class_uid: 2004,
        class_name: "Detection Finding",
        category_uid: 2,
        category_name: "Findings",
        activity_id: 1,
        activity_name: "Create",
        type_uid: 200401,
        time: context.generatedAtMs,
        severity_id: SEVERITY_ID[finding.severity],
        severity: SEVERITY_NAME[finding.severity],
        status_id: 1,
        status: "New",
        message: finding.title,
        metadata: { version: "1.1.0", product: { name: "bedrock-governance inventory", vendor_name: "bedrock-governance" }, uid: `${context.runId}/${finding.id}` },
        finding_info: { uid: finding.id, title: finding.title, types: [finding.kind], desc: finding.title },
        cloud: { provider: "AWS", region: context.region, account: { uid: context.accountId } },
        ...(finding.principalArn ? { actor: { user: { uid: finding.principalArn } } } : {}),
        resources,
        remediation: { desc: finding.remediation },
        unmapped: { kind: finding.kind, evidence: finding.evidence },
    };
}
