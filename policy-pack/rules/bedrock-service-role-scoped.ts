// Seed 003, Trap 2: "A service role with bedrock:* gives the knowledge base, agent, or
// customization job permission to invoke any foundation model." A role that bedrock.amazonaws.com
// may assume is judged on everything the stack gives it (inline policies, RolePolicy resources,
// attached customer policies from the same stack and broad AWS managed ones), with rule 2's test:
// may it invoke every model?
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { statementCoversAction, type Statement } from "../../iam";
import { readPolicyDocument } from "../lib/read-document";
import { configSchema, reportOutcomes, type Outcome, type RuleConfig, type StackRule } from "../lib/rule";
import { BROAD_MANAGED_POLICIES, broadManagedPolicyName } from "../lib/managed-policies";
import { identifiersOf, namesPolicy, ofTypes, refersTo } from "../lib/stack";
import { resourceLabel, ROLE_TYPE } from "../lib/sources";
import { readProp, UNKNOWN } from "../lib/unknowns";
import { findInvokeOnEveryModel } from "./bedrock-invoke-model-no-wildcard-resource";

export const NAME = "bedrock-service-role-scoped";
const BEDROCK_SERVICE = "bedrock.amazonaws.com";

function trustsBedrock(statement: Statement): boolean {
    if (statement.effect !== "Allow" || !statementCoversAction(statement, "sts:AssumeRole")) {
        return false;
    }
    const principal = statement.principal;
    if (principal === "*" || principal === undefined) {
        return principal === "*";
    }
    return (principal.Service ?? []).some((service) => service.toLowerCase() === BEDROCK_SERVICE);
}

/** true / false, or undefined when the trust policy is not known until the update. */
function roleTrustsBedrock(role: PolicyResource): boolean | undefined {
    const read = readPolicyDocument(readProp(role.props, "assumeRolePolicy"));
    if (read.kind === "unknown") {
        return undefined;
    }
    return read.kind === "document" && read.document.statements.some(trustsBedrock);
}

interface RoleDocument {
    readonly where: string;
    readonly raw: unknown;
}

/** Everything the stack gives a role to read, plus whether some link is unknown until the update. */
function documentsOfRole(role: PolicyResource, resources: readonly PolicyResource[]): { documents: RoleDocument[]; unknownLink: boolean } {
    const documents: RoleDocument[] = [];
    let unknownLink = false;
    const ids = identifiersOf(role, ["name"]);
    const inline = readProp(role.props, "inlinePolicies");
    if (inline === UNKNOWN) {
        unknownLink = true;
    } else if (Array.isArray(inline)) {
        inline.forEach((entry, i) => documents.push({ where: `inline policy (inlinePolicies[${i}])`, raw: entry === UNKNOWN ? UNKNOWN : (entry as Record<string, unknown>)?.policy }));
    }
    const managedArns: unknown[] = [];
    const arns = readProp(role.props, "managedPolicyArns");
    if (Array.isArray(arns)) {
        managedArns.push(...arns);
    }
    for (const rolePolicy of ofTypes(resources, ["aws:iam/rolePolicy:RolePolicy"])) {
        const link = refersTo(rolePolicy, "role", role, ids);
        unknownLink ||= link === undefined;
        if (link) {
            documents.push({ where: resourceLabel(rolePolicy.type, rolePolicy.name), raw: readProp(rolePolicy.props, "policy") });
        }
    }
    const customerPolicies = ofTypes(resources, ["aws:iam/policy:Policy"]);
    for (const attachment of ofTypes(resources, ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/policyAttachment:PolicyAttachment"])) {
        let link: boolean | undefined;
        if (attachment.type === "aws:iam/policyAttachment:PolicyAttachment") {
            const roles = readProp(attachment.props, "roles");
            link = roles === UNKNOWN || (Array.isArray(roles) && roles.includes(UNKNOWN)) ? undefined : Array.isArray(roles) && roles.some((r) => typeof r === "string" && ids.has(r));
        } else {
            link = refersTo(attachment, "role", role, ids);
        }
        unknownLink ||= link === undefined;
        if (!link) {
            continue;
        }
        const policyArn = readProp(attachment.props, "policyArn");
        const label = resourceLabel(attachment.type, attachment.name);
        const customer = customerPolicies.find((p) => refersTo(attachment, "policyArn", p, identifiersOf(p, ["arn"])) === true || namesPolicy(policyArn, p));
        if (customer) {
            documents.push({ where: `${label} (${resourceLabel(customer.type, customer.name)})`, raw: readProp(customer.props, "policy") });
        } else if (policyArn === UNKNOWN) {
            unknownLink = true;
        } else {
            managedArns.push(policyArn);
        }
    }
    for (const arn of managedArns) {
        const name = typeof arn === "string" ? broadManagedPolicyName(arn) : undefined;
        if (name) {
            documents.push({ where: `AWS managed policy ${name}`, raw: BROAD_MANAGED_POLICIES[name] });
        } else if (arn === UNKNOWN) {
            unknownLink = true;
        }
    }
    return { documents, unknownLink };
}

export function serviceRoleOutcomes(resources: readonly PolicyResource[]): Map<PolicyResource, Outcome[]> {
    const findings = new Map<PolicyResource, Outcome[]>();
    for (const role of ofTypes(resources, [ROLE_TYPE])) {
        const trusted = roleTrustsBedrock(role);
        if (trusted === false) {
            continue;
        }
        const label = resourceLabel(role.type, role.name);
        const { documents, unknownLink } = documentsOfRole(role, resources);
        const outcomes: Outcome[] = [];
        let undecided = unknownLink;
        for (const document of documents) {
            const read = readPolicyDocument(document.raw);
            if (read.kind === "unknown") {
                undecided = true;
            } else if (read.kind === "document") {
                const found = findInvokeOnEveryModel(
                    { document: read.document, source: { kind: "identity", where: document.where, raw: document.raw }, unknownIn: (s) => read.unknownElements.get(s.index) ?? new Set() },
                    {},
                );
                for (const finding of found) {
                    if (finding.status === "undecidable") {
                        undecided = true;
                        continue;
                    }
                    outcomes.push({
                        status: trusted === undefined ? "undecidable" : "violation",
                        message: `${label} is a Bedrock service role (trusted by ${BEDROCK_SERVICE}) and ${document.where}: ${finding.message.replace(/: [^:]*$/, "")}: scope it to the models the agent, knowledge base or job uses.`,
                    });
                }
            }
        }
        if (outcomes.length === 0 && undecided && trusted !== undefined) {
            outcomes.push({ status: "undecidable", message: `${label} is a Bedrock service role; some of its policies are not known until the update.` });
        }
        if (outcomes.length > 0) {
            findings.set(role, outcomes);
        }
    }
    return findings;
}

export const bedrockServiceRoleScoped: StackRule = {
    name: NAME,
    description:
        "A role that bedrock.amazonaws.com may assume (an agent, knowledge base or customization job service role) must not be able to invoke every model, through any policy the stack gives it.",
    enforcementLevel: "advisory",
    remediationSteps: "Grant the service role bedrock:InvokeModel only on the foundation-model ARNs it uses (seed 003: 'Always scope the service role to the specific foundation model ARN').",
    configSchema: configSchema(),
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const config = args.getConfig<RuleConfig>();
        for (const [role, outcomes] of serviceRoleOutcomes(args.resources)) {
            reportOutcomes(outcomes, role, config, reportViolation, { attachUrn: true });
        }
    },
};
