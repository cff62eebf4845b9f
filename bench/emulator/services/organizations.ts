import { ApiError, type EmulatedRequest } from "../wire";
import type { Route } from "./route";

/**
 * AWS Organizations (awsJson1_1, the operation in `X-Amz-Target`). The emulated account is a
 * member account that is not a delegated administrator: every call answers what AWS answers
 * there, AccessDeniedException (HTTP 400, the Organizations API reference's "Common Errors"), so
 * the run records its SCP view as `unavailable` and stays complete.
 */
export function organizationsRoute(request: EmulatedRequest): Route | undefined {
    const header = request.headers["x-amz-target"];
    const operation = typeof header === "string" ? header.split(".")[1] : undefined;
    if (!operation) return undefined;
    const api = `organizations:${operation}`;
    return {
        api,
        handle: () => {
            throw new ApiError("AccessDeniedException", "You don't have permissions to access this resource.", 400);
        },
    };
}
