import { DeadlineExceededError } from "./deadline";

/** Why a collector stopped; the manifest's `errors[].kind`. */
export type FailureKind = "access_denied" | "throttled" | "deadline" | "service_error";

const ACCESS_DENIED = new Set([
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedException",
    "AuthorizationError",
    "AuthFailure",
]);

const THROTTLED = new Set([
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "LimitExceededException",
    "SlowDown",
    "RequestThrottled",
    "RequestThrottledException",
]);

/** Classifies an error thrown by an SDK call (after the retry strategy gave up) or the guard. */
export function classifyFailure(error: unknown): FailureKind {
    if (error instanceof DeadlineExceededError) {
        return "deadline";
    }
    const name = (error as { name?: string; Code?: string })?.name ?? "";
    if (ACCESS_DENIED.has(name)) {
        return "access_denied";
    }
    const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    if (THROTTLED.has(name) || status === 429) {
        return "throttled";
    }
    if (status === 403) {
        return "access_denied";
    }
    return "service_error";
}

/** A short, value-free description of an SDK error: its code and AWS's own message. */
export function describeFailure(error: unknown): string {
    if (error instanceof Error) {
        // The SDK's attempts, or the gateway's for APIs it retries itself (aws/gateway.ts).
        const tagged = (error as unknown as Record<string, unknown>).inventoryAttempts as number | undefined;
        const attempts = tagged ?? (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
        return `${error.name}: ${error.message}${attempts && attempts > 1 ? ` (after ${attempts} attempts)` : ""}`;
    }
    return String(error);
}
