// Values that are unknown at preview. CrossGuard hands a policy its resource's properties through
// `unknownCheckingProxy`: reading a property whose value depends on another resource's output
// throws `UnknownValueError`. A rule that let that error escape would get CrossGuard's generic
// "can't run policy during preview" advisory and lose everything it could still decide from the
// known parts (an `Action: "*"` next to an unknown bucket ARN is a violation already). So rules
// read properties through `materialize`, which copies the value and puts `UNKNOWN` where the
// proxy refuses, and decide what they can.
import * as policyRuntime from "@pulumi/policy";

/** Stands for a value that is known only at update time. */
export const UNKNOWN: unique symbol = Symbol("unknown until update");
export type Unknown = typeof UNKNOWN;

interface UnknownValueErrorShape extends Error {
    readonly props: PropertyKey[];
}

// The runtime exports these but its type declarations do not: type them here once.
const runtime = policyRuntime as unknown as {
    unknownCheckingProxy<T extends object>(value: T): T;
    UnknownValueError: new (...args: never[]) => UnknownValueErrorShape;
};
// The engine's sentinels for unknown values. They reach a rule only when a value bypassed the
// proxy (JSON text built by hand, or the offline plan's props), and mean the same thing there.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const sentinels = require("@pulumi/policy/proxy") as Record<string, unknown>;
const SENTINEL_VALUES: ReadonlySet<unknown> = new Set(
    ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"]
        .map((name) => sentinels[name])
        .filter((value) => typeof value === "string"),
);

export const unknownCheckingProxy = runtime.unknownCheckingProxy;
export const UnknownValueError = runtime.UnknownValueError;

/** The string the engine uses for an unknown string during preview (for tests and the offline plan). */
export const UNKNOWN_STRING_SENTINEL = sentinels.unknownStringValue as string;

export function isUnknownValueError(err: unknown): err is UnknownValueErrorShape {
    return err instanceof runtime.UnknownValueError;
}

// Every sentinel is a 36-character UUID: checking the length first spares hashing long strings.
export function isUnknownSentinel(value: unknown): boolean {
    return typeof value === "string" && value.length === 36 && SENTINEL_VALUES.has(value);
}

/**
 * Copies a (possibly proxied) value into plain data, with `UNKNOWN` wherever the proxy throws or
 * an engine sentinel sits.
 */
export function materialize(read: () => unknown): unknown {
    let value: unknown;
    try {
        value = read();
    } catch (err) {
        if (isUnknownValueError(err)) {
            return UNKNOWN;
        }
        throw err;
    }
    if (isUnknownSentinel(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        const list = value as unknown[];
        const length = materialize(() => list.length);
        if (length === UNKNOWN) {
            return UNKNOWN;
        }
        const copy: unknown[] = [];
        for (let i = 0; i < (length as number); i++) {
            copy.push(materialize(() => list[i]));
        }
        return copy;
    }
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        const copy: Record<string, unknown> = {};
        for (const key of Object.keys(record)) {
            copy[key] = materialize(() => record[key]);
        }
        return copy;
    }
    return value;
}

/** Reads one property of a resource's props (the proxy) into plain data. */
export function readProp(props: Record<string, unknown>, key: string): unknown {
    return materialize(() => props[key]);
}

/** Whether `UNKNOWN` appears anywhere in plain data. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}
