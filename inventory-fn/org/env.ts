import { EnvironmentError, parseEnvironment, runOptionsOf, type InventoryEnvironment } from "../env";
import type { InventoryRunOptions } from "../run";
import { isAccountId, isRegion } from "./layout";

/** The organization functions' configuration: the inventory's own environment plus the spoke's. */
export interface OrganizationEnvironment {
    readonly inventory: InventoryEnvironment;
    /** SPOKE_ROLE_NAME: the read-only role the StackSet creates in every member account. */
    readonly spokeRoleName: string;
    /** SPOKE_EXTERNAL_ID: `sts:ExternalId` its trust policy requires. */
    readonly externalId: string;
    /** PARTITION, default `aws`. */
    readonly partition: string;
    /** ORG_ACCOUNT_IDS: explicit accounts (comma-separated); empty means Organizations ListAccounts. */
    readonly accountIds: string[];
    /** ORG_REGIONS: the regions inventoried in every account (comma-separated, required). */
    readonly regions: string[];
    /** ORG_EXCLUDE_ACCOUNT_IDS: accounts never inventoried (comma-separated). */
    readonly excludeAccountIds: string[];
}

function list(env: Readonly<Record<string, string | undefined>>, name: string): string[] {
    return (env[name] ?? "").split(",").map((v) => v.trim()).filter((v) => v.length > 0);
}

/** Reads and checks the environment; a bad value throws, naming the variable, before any AWS call. */
export function parseOrganizationEnvironment(env: Readonly<Record<string, string | undefined>>): OrganizationEnvironment {
    // OUTPUT_PREFIX/LATEST_PREFIX are per (account, region) here; the rest is the inventory's.
    const inventory = parseEnvironment(env);
    const spokeRoleName = env.SPOKE_ROLE_NAME?.trim() ?? "";
    if (!/^[\w+=,.@-]{1,64}$/.test(spokeRoleName)) {
        throw new EnvironmentError(`SPOKE_ROLE_NAME: got "${spokeRoleName}", expected an IAM role name (1-64 of letters, digits and +=,.@_-)`);
    }
    const externalId = env.SPOKE_EXTERNAL_ID?.trim() ?? "";
    if (!/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) {
        throw new EnvironmentError("SPOKE_EXTERNAL_ID: expected 2-1224 of letters, digits and +=,.@:/_- (the value is not printed)");
    }
    const partition = env.PARTITION?.trim() || "aws";
    if (!/^aws(-[a-z]+)*$/.test(partition)) throw new EnvironmentError(`PARTITION: got "${partition}", expected aws, aws-cn or aws-us-gov`);
    const accountIds = list(env, "ORG_ACCOUNT_IDS");
    const badAccount = accountIds.find((a) => !isAccountId(a));
    if (badAccount !== undefined) throw new EnvironmentError(`ORG_ACCOUNT_IDS: got "${badAccount}", expected 12-digit account ids separated by commas`);
    const excludeAccountIds = list(env, "ORG_EXCLUDE_ACCOUNT_IDS");
    const badExcluded = excludeAccountIds.find((a) => !isAccountId(a));
    if (badExcluded !== undefined) throw new EnvironmentError(`ORG_EXCLUDE_ACCOUNT_IDS: got "${badExcluded}", expected 12-digit account ids separated by commas`);
    const regions = list(env, "ORG_REGIONS");
    if (regions.length === 0) throw new EnvironmentError("ORG_REGIONS is required and is not set: the regions inventoried in every account, comma-separated");
    const badRegion = regions.find((r) => !isRegion(r));
    if (badRegion !== undefined) throw new EnvironmentError(`ORG_REGIONS: got "${badRegion}", expected region names such as eu-west-1`);
    return { inventory, spokeRoleName, externalId, partition, accountIds, regions, excludeAccountIds };
}

/** The per-(account, region) run's settings other than region, account and prefixes. */
export function organizationRunOptions(env: OrganizationEnvironment): Partial<InventoryRunOptions> {
    const { region: _region, accountId: _accountId, outputPrefix: _o, latestPrefix: _l, ...rest } = runOptionsOf(env.inventory);
    return rest;
}
