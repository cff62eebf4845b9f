import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { ReadEachOnce, type CollectContext } from "./context";

/**
 * An executor function's configuration. `environment` holds values: it lives in memory for the
 * credential analysis to classify and is never written anywhere.
 */
export interface CollectedFunction {
    /** The identifier the action group names (ARN, possibly qualified). */
    readonly executorRef: string;
    readonly functionArn: string;
    readonly functionName: string;
    readonly roleArn: string | null;
    readonly environment: Readonly<Record<string, string>>;
    /** The function's log group: its custom loggingConfig group, or `/aws/lambda/<name>`. */
    readonly logGroup: string;
}

/**
 * GetFunctionConfiguration, not GetFunction: role, environment and logging config without a code
 * download URL (less privilege), and once per distinct executor however many agents share it.
 * Reads executors' configurations as they are discovered (the agents' reads take minutes; their
 * executors need not wait for the last one), each distinct executor once.
 */
export class FunctionCollector extends ReadEachOnce<CollectedFunction> {
    /** @param onFunction told of each configuration as it is read (its log group can be queried now). */
    constructor(
        private readonly ctx: CollectContext,
        private readonly onFunction?: (fn: CollectedFunction) => void,
    ) {
        super();
    }

    protected async readOne(ref: string): Promise<CollectedFunction | undefined> {
        const { ctx } = this;
        try {
            const c = await ctx.gateway.call("lambda:GetFunctionConfiguration", () =>
                ctx.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: ref })),
            );
            const functionName = c.FunctionName ?? ref.split(":")[6] ?? ref;
            const fn: CollectedFunction = {
                executorRef: ref,
                functionArn: c.FunctionArn ?? ref,
                functionName,
                roleArn: c.Role ?? null,
                environment: { ...(c.Environment?.Variables ?? {}) },
                logGroup: c.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`,
            };
            this.onFunction?.(fn);
            return fn;
        } catch (error) {
            if ((error as Error)?.name === "ResourceNotFoundException") {
                // An action group pointing at a deleted function is a finding, not an outage.
                ctx.errors.add({ source: "lambda", kind: "not_found", api: "lambda:GetFunctionConfiguration", resource: ref, message: "executor function does not exist" });
                return undefined;
            }
            ctx.errors.failure("lambda", "lambda:GetFunctionConfiguration", error, ref);
            return undefined;
        }
    }
}
