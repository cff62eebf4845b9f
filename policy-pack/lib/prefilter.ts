// A cheap first look at a statement's actions. Most statements of a real policy are about other
// services (s3, kms, logs); asking the IAM matcher about every Bedrock action for each of them is
// what dominated the pack's time (see bench/policy-eval.ts). The answer is kept per statement.
import type { Statement } from "../../iam";

const servicesByStatement = new WeakMap<Statement, ReadonlySet<string>>();
const ANY = "*";

function servicesNamed(statement: Statement): ReadonlySet<string> {
    let services = servicesByStatement.get(statement);
    if (!services) {
        const found = new Set<string>();
        if (statement.notActions) {
            found.add(ANY);
        }
        for (const pattern of statement.actions ?? []) {
            const colon = pattern.indexOf(":");
            const service = (colon >= 0 ? pattern.slice(0, colon) : pattern).toLowerCase();
            found.add(/[*?]/.test(service) || colon < 0 ? ANY : service);
        }
        services = found;
        servicesByStatement.set(statement, services);
    }
    return services;
}

/**
 * Whether the statement's Action/NotAction can apply to some action of the service. False means
 * certainly not; true means ask the matcher.
 */
export function mayApplyToService(statement: Statement, service: string): boolean {
    const services = servicesNamed(statement);
    return services.has(ANY) || services.has(service);
}
