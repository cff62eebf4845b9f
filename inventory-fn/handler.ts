import type { Context } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { createClients, type InventoryClients } from "./aws/clients";
import { parseEnvironment, runOptionsOf } from "./env";
import { runInventory, s3Store, type RunEvent } from "./run";

const logger = new Logger({ serviceName: "bedrock-inventory" });

// Built once per execution environment: warm invocations reuse connections and the retry
// strategy's state (CONTRACTS: one client per service and region, shared).
let clients: InventoryClients | undefined;

/** Result per CONTRACTS section 4. */
export type InventoryResult =
    | { statusCode: 200; run_prefix: string }
    | { statusCode: 500; run_prefix?: string; status: string; error: string };

export async function handler(_event: unknown, context: Pick<Context, "getRemainingTimeInMillis">): Promise<InventoryResult> {
    // Throws, naming the variable, before any AWS call.
    const env = parseEnvironment(process.env);
    clients ??= createClients({ region: env.region });
    const outcome = await runInventory(
        runOptionsOf(env),
        {
            clients,
            store: s3Store({ bucket: env.bucket, kmsKeyId: env.kmsKeyId }),
            remainingTimeMs: () => context.getRemainingTimeInMillis(),
            onEvent: logEvent,
        },
    );
    if (outcome.statusCode === 200) {
        return { statusCode: 200, run_prefix: outcome.runPrefix };
    }
    return { statusCode: 500, run_prefix: outcome.runPrefix, status: outcome.status, error: outcome.errorSummary ?? `${outcome.status} run` };
}

function logEvent(event: RunEvent): void {
    const { event: name, ...fields } = event;
    if ((name === "run_finished" && event.statusCode !== 200) || name === "promotion_failed") {
        logger.error(name, fields);
    } else {
        logger.info(name, fields);
    }
}
