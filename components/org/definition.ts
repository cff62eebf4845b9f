// The organization run's state machine, as a pure function: resolved values in, an Amazon States
// Language object out. Tested without mocks, validated with asl-validator, and run locally by
// aws-local-stepfunctions in the bench (bench/org/).

export interface OrganizationStateMachineInput {
    /** The coordinator function's ARN (plan and index). */
    readonly coordinatorFunctionArn: string;
    /** The account function's ARN (one (account, region) per invocation). */
    readonly accountFunctionArn: string;
    /** Accounts inventoried at once (the Distributed Map's MaxConcurrency). */
    readonly accountConcurrency: number;
    /** Regions of one account inventoried at once (the inner Map's MaxConcurrency). */
    readonly regionConcurrency: number;
    /** Share of accounts whose child execution may fail before the map stops (0-100). */
    readonly toleratedFailurePercentage: number;
    /**
     * TimeoutSeconds of the account task: the account function's timeout plus a margin. Explicit,
     * because an interpreter's default (aws-local-stepfunctions: 60 s) is shorter than a run.
     */
    readonly accountTaskTimeoutSeconds: number;
    /** TimeoutSeconds of the plan and index tasks. */
    readonly coordinatorTaskTimeoutSeconds: number;
}

/** The names of the states a test or the bench binds to local handlers. */
export const ORG_STATES = {
    plan: "PlanAccountsAndRegions",
    accounts: "InventoryAccounts",
    regions: "InventoryRegions",
    accountRegion: "InventoryAccountRegion",
    noMapError: "NoMapError",
    index: "WriteOrganizationIndex",
    checkIndex: "AllAccountsComplete",
    done: "Done",
    incomplete: "SomeAccountsIncomplete",
} as const;

// Lambda's transient errors, as the Step Functions console's own Lambda task template retries them.
const LAMBDA_TRANSIENT = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"];

const lambdaRetry = [{ ErrorEquals: LAMBDA_TRANSIENT, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: "FULL" }];

/**
 * Plan -> Distributed Map over the accounts (each a STANDARD child execution: an account's run may
 * take the Lambda's 15 minutes, longer than an EXPRESS child's 5) -> inline Map over the regions
 * -> the account function -> the index, written whether the map succeeded or not.
 *
 * - An account's own failure (spoke role missing, AccessDenied, throttled out) is the function's
 *   answer, not an error: the child succeeds and the outcome is recorded.
 * - A task that keeps failing (Lambda error or timeout after the retries) fails its account's
 *   child execution; up to `toleratedFailurePercentage` of them are tolerated, above that the map
 *   stops (a systemic fault: the hub's bucket, key or function). Either way the index is written:
 *   the Catch leads to it too, with the map's error.
 * - Children return only a count, so the map's aggregated output stays far under the 256 KB
 *   payload limit at thousands of accounts; what happened is in S3, not in the state.
 */
export function organizationStateMachineDefinition(input: OrganizationStateMachineInput): Record<string, unknown> {
    return {
        Comment: "Bedrock inventory of every account and region of an organization (bedrock-governance BedrockOrgInventory)",
        StartAt: ORG_STATES.plan,
        States: {
            [ORG_STATES.plan]: {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke",
                Parameters: { FunctionName: input.coordinatorFunctionArn, Payload: { action: "plan" } },
                TimeoutSeconds: input.coordinatorTaskTimeoutSeconds,
                ResultSelector: { "orgRunId.$": "$.Payload.orgRunId", "accounts.$": "$.Payload.accounts", "regions.$": "$.Payload.regions" },
                ResultPath: "$.plan",
                Retry: lambdaRetry,
                Next: ORG_STATES.accounts,
            },
            [ORG_STATES.accounts]: {
                Type: "Map",
                Label: "Accounts",
                ItemsPath: "$.plan.accounts",
                ItemSelector: {
                    "accountId.$": "$$.Map.Item.Value",
                    "regions.$": "$.plan.regions",
                    "orgRunId.$": "$.plan.orgRunId",
                },
                MaxConcurrency: input.accountConcurrency,
                ToleratedFailurePercentage: input.toleratedFailurePercentage,
                ItemProcessor: {
                    ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
                    StartAt: ORG_STATES.regions,
                    States: {
                        [ORG_STATES.regions]: {
                            Type: "Map",
                            ItemsPath: "$.regions",
                            ItemSelector: {
                                "orgRunId.$": "$.orgRunId",
                                "accountId.$": "$.accountId",
                                "region.$": "$$.Map.Item.Value",
                            },
                            MaxConcurrency: input.regionConcurrency,
                            ItemProcessor: {
                                ProcessorConfig: { Mode: "INLINE" },
                                StartAt: ORG_STATES.accountRegion,
                                States: {
                                    [ORG_STATES.accountRegion]: {
                                        Type: "Task",
                                        Resource: "arn:aws:states:::lambda:invoke",
                                        Parameters: { FunctionName: input.accountFunctionArn, "Payload.$": "$" },
                                        TimeoutSeconds: input.accountTaskTimeoutSeconds,
                                        ResultSelector: { "status.$": "$.Payload.status" },
                                        Retry: lambdaRetry,
                                        End: true,
                                    },
                                },
                            },
                            ResultSelector: { "regions.$": "States.ArrayLength($)" },
                            End: true,
                        },
                    },
                },
                ResultPath: null,
                Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.mapError", Next: ORG_STATES.index }],
                Next: ORG_STATES.noMapError,
            },
            [ORG_STATES.noMapError]: { Type: "Pass", Result: {}, ResultPath: "$.mapError", Next: ORG_STATES.index },
            [ORG_STATES.index]: {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke",
                Parameters: {
                    FunctionName: input.coordinatorFunctionArn,
                    Payload: { action: "index", "orgRunId.$": "$.plan.orgRunId", "mapError.$": "$.mapError" },
                },
                TimeoutSeconds: input.coordinatorTaskTimeoutSeconds,
                ResultSelector: { "status.$": "$.Payload.status", "summary.$": "$.Payload.summary", "organizationRunId.$": "$.Payload.organizationRunId" },
                ResultPath: "$.index",
                Retry: lambdaRetry,
                Next: ORG_STATES.checkIndex,
            },
            [ORG_STATES.checkIndex]: {
                Type: "Choice",
                Choices: [{ Variable: "$.index.status", StringEquals: "complete", Next: ORG_STATES.done }],
                Default: ORG_STATES.incomplete,
            },
            [ORG_STATES.done]: { Type: "Succeed" },
            // A failed execution is what CloudWatch's ExecutionsFailed counts: the index is written
            // and promoted, and the run is still flagged.
            [ORG_STATES.incomplete]: {
                Type: "Fail",
                Error: "OrganizationRunIncomplete",
                Cause: "Some accounts or regions are not complete: see organization/latest/index.json (entries with status partial, failed or no_result).",
            },
        },
    };
}
