import { DescribePolicyCommand, ListParentsCommand, ListPoliciesForTargetCommand, type PolicySummary } from "@aws-sdk/client-organizations";
import { tryParsePolicyDocument } from "../../iam/document";
import type { PolicySource, ScpLevel } from "../../iam/evaluate";
import { valueFreeParseError } from "../analyse/policies";
import { DeadlineExceededError } from "../aws/deadline";
import { classifyFailure, describeFailure } from "../aws/errors";
import { apiOfError } from "../aws/gateway";
import { paginate, settleAll, type CollectContext } from "./context";

/** One level of the account's path as the manifest lists it: the target and the SCPs attached to it. */
export interface ScpViewLevel {
    /** `r-...` (the root), `ou-...` or the account id. */
    readonly target: string;
    readonly targetType: "ROOT" | "ORGANIZATIONAL_UNIT" | "ACCOUNT";
    readonly policies: readonly { readonly id: string; readonly name: string }[];
}

/**
 * What the run knows of the SCPs over the inventoried account, the manifest's `scpView`:
 * - `applied`: every level of the path was read, every SCP parsed; the bindings are evaluated
 *   under them (`levels`, root first).
 * - `unavailable`: no full view (a member account that is not a delegated administrator, an
 *   account outside any organization, a denied or failed read, a malformed SCP); `reason` says
 *   which, starting with AWS's error code. The bindings are evaluated without SCPs: nothing is
 *   removed on a partial view.
 * - `not_applicable`: the account is the organization's management account, which SCPs do not
 *   affect; the bindings are evaluated without SCPs, which is exact there.
 */
export interface ScpView {
    readonly status: "applied" | "unavailable" | "not_applicable";
    readonly reason?: string;
    readonly levels?: readonly ScpViewLevel[];
}

/** The view and, when `applied`, the levels the evaluator takes (`EvaluationOptions.scps`). */
export interface ScpSnapshot {
    readonly view: ScpView;
    readonly levels: readonly ScpLevel[];
}

/**
 * The errors that mean "this account has no view of the organization's SCPs", the normal case
 * for a member account: Organizations answers AccessDeniedException to an account that is neither
 * the management account nor a delegated administrator, AWSOrganizationsNotInUseException to one
 * outside any organization (API reference, "Common Errors" of ListParents/ListPoliciesForTarget/
 * DescribePolicy). Not run errors.
 */
const NO_VIEW = new Set(["AWSOrganizationsNotInUseException", "AccessDeniedException"]);

/** The deepest a path can be: five levels of OUs under the root (Organizations quotas), and the root. */
const MAX_PATH = 6;

/** The account id an Organizations policy ARN names: the management account's, `aws` for AWS managed SCPs. */
function policyOwner(arn: string | undefined): string | undefined {
    return arn?.split(":")[4] || undefined;
}

function unavailable(error: unknown): ScpSnapshot {
    const e = error as { name?: string; message?: string };
    return { view: { status: "unavailable", reason: `${e?.name ?? "Error"}: ${e?.message ?? String(error)}` }, levels: [] };
}

/**
 * Reads the SCPs over `accountId`: its path to the root (ListParents from the account up), the
 * SCPs attached at each level (ListPoliciesForTarget, SERVICE_CONTROL_POLICY, every page) and each
 * distinct SCP's content (DescribePolicy, once however many levels attach it). These calls answer
 * only in the management account or a delegated administrator; anywhere else the view is
 * `unavailable` and the run goes on, complete. A throttle that outlasted the retries or a 5xx is
 * recorded as a run error (the run is partial, as for any read that failed) and the view is
 * `unavailable`; the deadline is rethrown.
 */
export async function collectScps(ctx: CollectContext, accountId: string): Promise<ScpSnapshot> {
    const { gateway, clients, errors } = ctx;
    const organizations = clients.organizations;
    try {
        // The path, account first.
        const path: { target: string; targetType: ScpViewLevel["targetType"] }[] = [{ target: accountId, targetType: "ACCOUNT" }];
        while (path[path.length - 1].targetType !== "ROOT") {
            if (path.length > MAX_PATH) throw Object.assign(new Error(`no root within ${MAX_PATH} levels above ${accountId}`), { name: "PathTooDeep" });
            const child = path[path.length - 1].target;
            const page = await gateway.call("organizations:ListParents", () => organizations.send(new ListParentsCommand({ ChildId: child })));
            const parent = page.Parents?.[0];
            if (!parent?.Id || (parent.Type !== "ROOT" && parent.Type !== "ORGANIZATIONAL_UNIT")) {
                throw Object.assign(new Error(`ListParents returned no parent for ${child}`), { name: "NoParent" });
            }
            path.push({ target: parent.Id, targetType: parent.Type });
        }
        path.reverse();

        const attached = await settleAll(
            path.map(async (level) => {
                const pages = await paginate(
                    (token) =>
                        gateway.call("organizations:ListPoliciesForTarget", () =>
                            organizations.send(new ListPoliciesForTargetCommand({ TargetId: level.target, Filter: "SERVICE_CONTROL_POLICY", NextToken: token })),
                        ),
                    (p) => p.NextToken,
                );
                return pages.flatMap((p) => p.Policies ?? []).filter((s): s is PolicySummary & { Id: string } => Boolean(s.Id));
            }),
        );

        // SCPs do not affect the management account (Organizations user guide, "Service control
        // policies"). A customer-managed SCP's ARN names the management account; an organization
        // with only AWS managed SCPs (FullAWSAccess) allows everything, so there is nothing to tell.
        if (attached.flat().some((s) => policyOwner(s.Arn) === accountId)) {
            return { view: { status: "not_applicable", reason: "management account: SCPs do not affect it" }, levels: [] };
        }

        const documents = new Map<string, Promise<PolicySource | string>>();
        const read = (summary: PolicySummary & { Id: string }) => {
            let found = documents.get(summary.Id);
            if (!found) {
                found = gateway
                    .call("organizations:DescribePolicy", () => organizations.send(new DescribePolicyCommand({ PolicyId: summary.Id })))
                    .then((r) => {
                        const parsed = tryParsePolicyDocument(r.Policy?.Content ?? "");
                        if (parsed.error !== undefined) return valueFreeParseError(parsed.error);
                        return { policyType: "scp", policyArn: r.Policy?.PolicySummary?.Arn ?? summary.Arn, policyName: r.Policy?.PolicySummary?.Name ?? summary.Name ?? summary.Id, document: parsed.document } satisfies PolicySource;
                    });
                documents.set(summary.Id, found);
            }
            return found;
        };
        const contents = await settleAll(attached.map((summaries) => settleAll(summaries.map(read))));

        const distinct = attached.flat().filter((s, i, all) => all.findIndex((t) => t.Id === s.Id) === i);
        let firstMalformed: string | undefined;
        for (const summary of distinct) {
            const content = await documents.get(summary.Id)!;
            if (typeof content === "string") {
                errors.malformed("organizations", summary.Arn ?? summary.Id, `SCP unreadable (${content}); SCPs not applied`);
                firstMalformed ??= summary.Id;
            }
        }
        if (firstMalformed !== undefined) {
            return { view: { status: "unavailable", reason: `MalformedPolicy: SCP ${firstMalformed} could not be read; without every SCP none is applied` }, levels: [] };
        }

        const levels: ScpLevel[] = path.map((level, i) => ({ target: level.target, policies: contents[i] as PolicySource[] }));
        return {
            view: {
                status: "applied",
                levels: path.map((level, i) => ({ ...level, policies: attached[i].map((s) => ({ id: s.Id, name: s.Name ?? s.Id })) })),
            },
            levels,
        };
    } catch (error) {
        if (error instanceof DeadlineExceededError) throw error;
        const name = (error as { name?: string })?.name ?? "";
        if (!NO_VIEW.has(name) && classifyFailure(error) !== "access_denied") {
            // Throttled past the retries, a 5xx, an unexpected answer: a read that failed.
            const api = apiOfError(error);
            errors.add({ source: "organizations", kind: classifyFailure(error), ...(api ? { api } : {}), message: `SCPs not applied: ${describeFailure(error)}` });
        }
        return unavailable(error);
    }
}
