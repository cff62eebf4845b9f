/**
 * The four wire protocols the emulated services speak, reduced to what their responses and
 * errors look like on the wire, so the SDK's own deserializers and retry classifier read them.
 */

export type Protocol = "awsQuery" | "restJson" | "awsJson1_1" | "restXml";

export interface EmulatedRequest {
    readonly method: string;
    /** Path without the query string, still percent-encoded as sent. */
    readonly rawPath: string;
    readonly query: URLSearchParams;
    readonly headers: Readonly<Record<string, string | string[] | undefined>>;
    readonly body: Buffer;
    /** Signing name from the SigV4 credential scope (`bedrock` for Bedrock and Bedrock Agent). */
    readonly service: string;
    /** `amz-sdk-request: attempt=N`: N > 1 is a retry. */
    readonly attempt: number;
}

export interface EmulatedResponse {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body: string | Buffer;
}

/** An API error the handler throws; the server renders it in the service's protocol. */
export class ApiError extends Error {
    constructor(
        readonly code: string,
        message: string,
        readonly status: number,
        /** awsQuery's Error/Type. */
        readonly fault: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
    ) {
        super(message);
    }
}

export function xmlEscape(text: string): string {
    return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** RFC 3986 encoding, as IAM returns policy documents. */
export function rfc3986(text: string): string {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

let requestCounter = 0;
export function requestId(): string {
    requestCounter++;
    const hex = requestCounter.toString(16).padStart(12, "0");
    return `0b1e5c7a-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.padStart(12, "0")}`;
}

const QUERY_NAMESPACES: Record<string, string> = {
    iam: "https://iam.amazonaws.com/doc/2010-05-08/",
    sts: "https://sts.amazonaws.com/doc/2011-06-15/",
};

/** awsQuery success: `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata/>`. */
export function queryResponse(service: string, action: string, resultXml: string): EmulatedResponse {
    const id = requestId();
    return {
        status: 200,
        headers: { "content-type": "text/xml", "x-amzn-requestid": id },
        body: `<${action}Response xmlns="${QUERY_NAMESPACES[service]}"><${action}Result>${resultXml}</${action}Result><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`,
    };
}

export function jsonResponse(value: unknown, status = 200, protocol: Protocol = "restJson"): EmulatedResponse {
    const id = requestId();
    return {
        status,
        headers: {
            "content-type": protocol === "awsJson1_1" ? "application/x-amz-json-1.1" : "application/json",
            "x-amzn-requestid": id,
        },
        body: JSON.stringify(value),
    };
}

/**
 * An error in the service's own shape. The SDK's retry classifier reads the error code
 * (`Throttling`, `ThrottlingException`, `TooManyRequestsException`, `SlowDown` are throttles) and
 * the HTTP status (5xx transient), so these are what make it back off and retry.
 */
export function errorResponse(protocol: Protocol, service: string, error: ApiError): EmulatedResponse {
    const id = requestId();
    switch (protocol) {
        case "awsQuery":
            return {
                status: error.status,
                headers: { "content-type": "text/xml", "x-amzn-requestid": id },
                body: `<ErrorResponse xmlns="${QUERY_NAMESPACES[service]}"><Error><Type>${error.fault}</Type><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
            };
        case "restXml":
            return {
                status: error.status,
                headers: { "content-type": "application/xml", "x-amz-request-id": id },
                body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message><RequestId>${id}</RequestId><HostId>${id}</HostId></Error>`,
            };
        case "awsJson1_1":
            return {
                status: error.status,
                headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": id, "x-amzn-errortype": error.code },
                body: JSON.stringify({ __type: error.code, message: error.message }),
            };
        case "restJson":
            return {
                status: error.status,
                headers: { "content-type": "application/json", "x-amzn-requestid": id, "x-amzn-errortype": `${error.code}:http://internal.amazon.com/coral/com.amazon.coral.service/` },
                body: JSON.stringify({ message: error.message, ...(error.code === "TooManyRequestsException" ? { Reason: "CallerRateLimitExceeded", retryAfterSeconds: "1" } : {}) }),
            };
    }
}

/** The throttling error each service really returns when a caller is over its rate. */
export function throttlingError(service: string): ApiError {
    switch (service) {
        case "iam":
        case "sts":
            return new ApiError("Throttling", "Rate exceeded", 400);
        case "s3":
            return new ApiError("SlowDown", "Please reduce your request rate.", 503);
        case "lambda":
            return new ApiError("TooManyRequestsException", "Rate exceeded", 429);
        case "bedrock":
            return new ApiError("ThrottlingException", "Too many requests, please wait before trying again.", 429);
        // AgentCore's API reference: ThrottlingException, HTTP 429.
        case "bedrock-agentcore":
            return new ApiError("ThrottlingException", "Rate exceeded", 429);
        default:
            return new ApiError("ThrottlingException", "Rate exceeded", 400);
    }
}

export function accessDeniedError(service: string, api: string): ApiError {
    const action = api;
    const who = "arn:aws:sts::123456789012:assumed-role/bedrock-core-inventory-lambda-role/bench";
    const text = `User: ${who} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
    switch (service) {
        case "iam":
        case "sts":
        case "s3":
            return new ApiError("AccessDenied", text, 403);
        case "lambda":
            return new ApiError("AccessDeniedException", text, 403);
        case "bedrock":
        case "bedrock-agentcore":
            return new ApiError("AccessDeniedException", text, 403);
        default:
            return new ApiError("AccessDeniedException", text, 400);
    }
}

/** What S3 answers a write when the bucket's KMS key is disabled or pending deletion (not retried: a 400). */
export function kmsInvalidStateError(): ApiError {
    return new ApiError("KMS.KMSInvalidStateException", "arn:aws:kms:us-east-1:123456789012:key/bench is pending deletion.", 400);
}

export function serverError(service: string): ApiError {
    switch (service) {
        case "iam":
        case "sts":
            return new ApiError("ServiceUnavailable", "Service is unable to handle request.", 503);
        case "s3":
            return new ApiError("InternalError", "We encountered an internal error. Please try again.", 500);
        case "lambda":
            return new ApiError("ServiceException", "Internal service error", 500);
        case "bedrock":
            return new ApiError("InternalServerException", "Internal server error", 500);
        default:
            return new ApiError("ServiceUnavailableException", "Service unavailable", 503);
    }
}

export function protocolOf(service: string): Protocol {
    switch (service) {
        case "iam":
        case "sts":
            return "awsQuery";
        case "logs":
        case "cloudtrail":
        case "organizations":
            return "awsJson1_1";
        case "s3":
            return "restXml";
        default:
            return "restJson";
    }
}

/** ISO 8601 without milliseconds, as the restJson services write timestamps. */
export function isoSeconds(ms: number): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
