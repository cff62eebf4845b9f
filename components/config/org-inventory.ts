// BedrockOrgInventory's keys in the stack config (namespace `bedrock-governance`), declared in
// Pulumi.yaml too (tests/components/org-config.test.ts keeps the two identical). Off unless
// `orgInventoryEnabled`: a dev stack deploys nothing organization-wide.
import type { BedrockOrgInventoryArgs } from "../org-inventory";
import { ORG_INVENTORY_DEFAULTS } from "../org-inventory";
import { ConfigSection, StackConfigReader } from "./stack";
import * as rules from "./validators";

const matching = (pattern: RegExp, expected: string): rules.Validator<string> => (value) => (pattern.test(value) ? undefined : expected);
const ACCOUNT = matching(/^\d{12}$/, "a 12-digit account id");
const REGION = matching(/^[a-z]{2}(-[a-z]+)+-\d$/, "a region name such as eu-west-1");

export const orgInventoryConfigSection = {
    orgInventoryEnabled: {
        type: "boolean",
        default: false,
        description: "Deploy BedrockOrgInventory (the organization-wide inventory hub) in this stack: for the delegated security account only.",
    },
    orgInventoryRegions: {
        type: "array",
        default: [],
        description: "Regions inventoried in every account. Empty: the stack's region.",
        itemRules: [REGION],
    },
    orgInventoryAccountIds: {
        type: "array",
        default: [],
        description: "Explicit member account ids. Empty: every ACTIVE account Organizations ListAccounts returns.",
        itemRules: [ACCOUNT],
    },
    orgInventoryExcludeAccountIds: {
        type: "array",
        default: [],
        description: "Accounts never inventoried (the management account, which a service-managed StackSet does not reach).",
        itemRules: [ACCOUNT],
    },
    orgInventoryOrganizationalUnitIds: {
        type: "array",
        default: [],
        description: "OUs the StackSet deploys the spoke role to (auto-deployment on). Empty: no StackSet; deploy the spoke template yourself.",
        itemRules: [matching(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, "an OU id such as ou-ab12-cd34ef56")],
    },
    orgInventoryStackSetCallAs: {
        type: "string",
        default: ORG_INVENTORY_DEFAULTS.stackSetCallAs,
        description: "SELF (the hub stack runs in the management account) or DELEGATED_ADMIN (a CloudFormation StackSets delegated administrator).",
        rules: [(v: string) => (v === "SELF" || v === "DELEGATED_ADMIN" ? undefined : "SELF or DELEGATED_ADMIN")],
    },
    orgInventorySpokeRoleName: {
        type: "string",
        default: ORG_INVENTORY_DEFAULTS.spokeRoleName,
        description: "Name of the read-only spoke role in every member account.",
        rules: [matching(/^[\w+=,.@-]{1,64}$/, "an IAM role name (1-64 of letters, digits and +=,.@_-)")],
    },
    orgInventoryExternalId: {
        type: "string",
        default: "",
        description: "sts:ExternalId the spoke role requires. Empty: bedrock-inventory-<hash of project/stack/name>.",
        rules: [rules.externalId],
    },
    orgInventorySchedule: {
        type: "string",
        default: ORG_INVENTORY_DEFAULTS.schedule,
        description: "EventBridge schedule of the organization run: rate(...) or cron(...).",
        rules: [rules.scheduleExpression],
    },
    orgInventoryAccountConcurrency: {
        type: "integer",
        default: ORG_INVENTORY_DEFAULTS.accountConcurrency,
        description: "Accounts inventoried at once (the Distributed Map's MaxConcurrency), 1-10000.",
        rules: [rules.integerBetween(1, 10000)],
    },
    orgInventoryRegionConcurrency: {
        type: "integer",
        default: ORG_INVENTORY_DEFAULTS.regionConcurrency,
        description: "Regions of one account inventoried at once, 1-40.",
        rules: [rules.integerBetween(1, 40)],
    },
    orgInventoryToleratedFailurePercentage: {
        type: "integer",
        default: ORG_INVENTORY_DEFAULTS.toleratedFailurePercentage,
        description: "Percentage of account child executions that may fail (Lambda errors after retries) before the map stops, 0-100.",
        rules: [rules.integerBetween(0, 100)],
    },
} as const satisfies ConfigSection;

/** The component's arguments, or undefined when `orgInventoryEnabled` is false (values are checked either way). */
export function readOrgInventoryConfig(reader: StackConfigReader): BedrockOrgInventoryArgs | undefined {
    const c = reader.read(orgInventoryConfigSection);
    if (!c.orgInventoryEnabled) return undefined;
    const excludedAll = c.orgInventoryAccountIds.length > 0 && c.orgInventoryAccountIds.every((a) => c.orgInventoryExcludeAccountIds.includes(a));
    if (excludedAll) {
        reader.report("orgInventoryExcludeAccountIds", c.orgInventoryExcludeAccountIds.join(","), "to leave at least one of orgInventoryAccountIds");
    }
    return {
        regions: c.orgInventoryRegions,
        accountIds: c.orgInventoryAccountIds,
        excludeAccountIds: c.orgInventoryExcludeAccountIds,
        organizationalUnitIds: c.orgInventoryOrganizationalUnitIds,
        stackSetCallAs: c.orgInventoryStackSetCallAs,
        spokeRoleName: c.orgInventorySpokeRoleName,
        externalId: c.orgInventoryExternalId === "" ? undefined : c.orgInventoryExternalId,
        schedule: c.orgInventorySchedule,
        accountConcurrency: c.orgInventoryAccountConcurrency,
        regionConcurrency: c.orgInventoryRegionConcurrency,
        toleratedFailurePercentage: c.orgInventoryToleratedFailurePercentage,
    };
}
