import type { Account, ToolFunction } from "../../account/types";
import { ApiError, jsonResponse, type EmulatedRequest } from "../wire";
import type { Route } from "./route";

const functionIndex = new WeakMap<Account, Map<string, ToolFunction>>();

/** Lambda: GET /2015-03-31/functions/{FunctionName}/configuration (name, ARN or partial ARN). */
export function lambdaRoute(request: EmulatedRequest, account: Account): Route | undefined {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/configuration$/.exec(request.rawPath);
    const fnMatch = /^\/2015-03-31\/functions\/([^/]+)$/.exec(request.rawPath);
    if (request.method !== "GET" || (!match && !fnMatch)) return undefined;
    const full = !match;
    const ref = decodeURIComponent((match ?? fnMatch)![1]);
    return {
        api: full ? "lambda:GetFunction" : "lambda:GetFunctionConfiguration",
        handle: () => {
            let idx = functionIndex.get(account);
            if (!idx || idx.size !== account.functions.length) {
                idx = new Map(account.functions.map((f) => [f.name, f]));
                functionIndex.set(account, idx);
            }
            // name | name:qualifier | arn:aws:lambda:region:account:function:name[:qualifier]
            const parts = ref.split(":");
            const name = parts.length >= 7 ? parts[6] : parts[0];
            const qualifier = request.query.get("Qualifier") ?? (parts.length >= 8 ? parts[7] : parts.length === 2 ? parts[1] : undefined);
            const fn = idx.get(name);
            if (!fn) throw new ApiError("ResourceNotFoundException", `Function not found: arn:aws:lambda:${account.region}:${account.accountId}:function:${name}`, 404);
            const configuration = {
                FunctionName: fn.name,
                FunctionArn: qualifier ? `${fn.arn}:${qualifier}` : fn.arn,
                Runtime: fn.runtime,
                Role: fn.roleArn,
                Handler: fn.handler,
                CodeSize: 48213,
                Description: "",
                Timeout: fn.timeout,
                MemorySize: fn.memorySize,
                LastModified: fn.lastModified,
                CodeSha256: "x4Y3rq8d0Sx9oHvQ0Wq2bOqvI5m1f3yHkzr0d4l2mXk=",
                Version: "$LATEST",
                Environment: { Variables: fn.environment },
                TracingConfig: { Mode: "PassThrough" },
                RevisionId: "3c1b9c6e-0d1c-4b8a-9b7e-3f0d3a2b1c4d",
                State: "Active",
                LastUpdateStatus: "Successful",
                PackageType: "Zip",
                Architectures: ["arm64"],
                EphemeralStorage: { Size: 512 },
                LoggingConfig: { LogFormat: "Text", LogGroup: fn.customLogGroup ?? `/aws/lambda/${fn.name}` },
            };
            return { response: jsonResponse(full ? { Configuration: configuration, Code: { RepositoryType: "S3", Location: "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/presigned" } } : configuration) };
        },
    };
}
