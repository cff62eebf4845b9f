// One policy text (JSON string or object, possibly partly unknown at preview) to a parsed
// document, through the shared IAM library. Unknown parts are kept track of per statement so a
// rule can still decide from the parts that are known, and says "cannot decide until update"
// only where the unknown part matters.
import { parsePolicyDocument, PolicyParseError, type PolicyDocument } from "../../iam";
import { containsUnknown, isUnknownSentinel, UNKNOWN } from "./unknowns";

/** The statement elements that can be unknown at preview. */
export type StatementElement = "Sid" | "Effect" | "Action" | "NotAction" | "Resource" | "NotResource" | "Principal" | "NotPrincipal" | "Condition";

/** Stands in for an unknown action or resource pattern: it has no wildcard, so it matches nothing. */
export const UNKNOWN_PATTERN = "(unknown until update)";

export type ReadDocument =
    | { readonly kind: "absent" }
    | { readonly kind: "unknown" }
    | { readonly kind: "malformed"; readonly error: string }
    | {
          readonly kind: "document";
          readonly document: PolicyDocument;
          /** Statement index to the elements of it that are unknown until the update. */
          readonly unknownElements: ReadonlyMap<number, ReadonlySet<StatementElement>>;
      };

const LIST_ELEMENTS: readonly StatementElement[] = ["Action", "NotAction", "Resource", "NotResource"];

function replaceSentinels(value: unknown): unknown {
    if (isUnknownSentinel(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(replaceSentinels);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSentinels(v)]));
    }
    return value;
}

function containsSentinel(value: unknown): boolean {
    if (typeof value === "string") {
        return isUnknownSentinel(value);
    }
    if (Array.isArray(value)) {
        return value.some(containsSentinel);
    }
    if (typeof value === "object" && value !== null) {
        for (const key in value) {
            if (containsSentinel((value as Record<string, unknown>)[key])) {
                return true;
            }
        }
    }
    return false;
}

function knownConditions(condition: unknown): unknown {
    if (condition === UNKNOWN || typeof condition !== "object" || condition === null) {
        return condition === UNKNOWN ? undefined : condition;
    }
    const kept: Record<string, unknown> = {};
    for (const [operator, block] of Object.entries(condition)) {
        if (block === UNKNOWN || typeof block !== "object" || block === null) {
            if (block !== UNKNOWN) {
                kept[operator] = block;
            }
            continue;
        }
        const keys = Object.entries(block).filter(([, values]) => !containsUnknown(values));
        if (keys.length > 0) {
            kept[operator] = Object.fromEntries(keys);
        }
    }
    return Object.keys(kept).length > 0 ? kept : undefined;
}

function withoutUnknowns(statement: Record<string, unknown>, unknown: Set<StatementElement>): Record<string, unknown> {
    const copy: Record<string, unknown> = { ...statement };
    for (const [key, value] of Object.entries(statement)) {
        if (!containsUnknown(value)) {
            continue;
        }
        const element = key as StatementElement;
        unknown.add(element);
        if (element === "Effect") {
            // Read as an Allow: a rule then finds what the statement would grant, and reports it
            // as undecidable rather than as a violation because the effect is unknown.
            copy.Effect = "Allow";
        } else if (element === "Sid") {
            copy.Sid = UNKNOWN_PATTERN;
        } else if (LIST_ELEMENTS.includes(element)) {
            copy[key] = value === UNKNOWN ? [UNKNOWN_PATTERN] : (value as unknown[]).map((v) => (containsUnknown(v) ? UNKNOWN_PATTERN : v));
        } else if (element === "Condition") {
            const kept = knownConditions(value);
            if (kept === undefined) {
                delete copy.Condition;
            } else {
                copy.Condition = kept;
            }
        } else if (element === "Principal" || element === "NotPrincipal") {
            copy[key] = "*";
        }
    }
    return copy;
}

// The rules of the pack read the same resource's text one after the other: a few slots holding
// the latest texts serve them all without holding a whole stack's parsed documents in memory.
// Fixed slots overwritten in turn, not a Map: the Map lives as long as the process (in V8's old
// generation), and every table it outgrew or cleared still pointed at the documents put in it;
// the young-generation collector counts such pointers from old objects as live, so every parsed
// document survived its first collection and was copied into the old generation. With slots, a
// collection finds only the last few documents (bench/policy-eval.ts: the 2,000 x 10 KB stack).
const CACHE_SLOTS = 8;
const cachedTexts: Array<string | undefined> = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);
const cachedReads: Array<ReadDocument | undefined> = new Array<ReadDocument | undefined>(CACHE_SLOTS).fill(undefined);
let nextSlot = 0;

function cachedRead(text: string): ReadDocument | undefined {
    for (let i = 0; i < CACHE_SLOTS; i++) {
        if (cachedTexts[i] === text) {
            return cachedReads[i];
        }
    }
    return undefined;
}

function remember(text: string, read: ReadDocument): void {
    cachedTexts[nextSlot] = text;
    cachedReads[nextSlot] = read;
    nextSlot = (nextSlot + 1) % CACHE_SLOTS;
}

function parseKnown(value: unknown): ReadDocument {
    try {
        return { kind: "document", document: parsePolicyDocument(value), unknownElements: new Map() };
    } catch (err) {
        if (err instanceof PolicyParseError) {
            return { kind: "malformed", error: err.message };
        }
        throw err;
    }
}

/** Reads policy text given as a JSON string or an object (plain data from `materialize`). */
export function readPolicyDocument(raw: unknown): ReadDocument {
    if (raw === undefined || raw === null || raw === "") {
        return { kind: "absent" };
    }
    if (raw === UNKNOWN) {
        return { kind: "unknown" };
    }
    let value: unknown = raw;
    if (typeof raw === "string") {
        const cached = cachedRead(raw);
        if (cached) {
            return cached;
        }
        let sentinels = false;
        try {
            value = JSON.parse(raw);
        } catch (err) {
            return { kind: "malformed", error: `policy document is not valid JSON: ${(err as Error).message}` };
        }
        // A walk over the parsed value (no copy) is cheaper than scanning the text for each sentinel.
        sentinels = containsSentinel(value);
        if (sentinels) {
            value = replaceSentinels(value);
        }
        if (!sentinels || !containsUnknown(value)) {
            const read = parseKnown(value);
            remember(raw, read);
            return read;
        }
    }
    if (!containsUnknown(value)) {
        return parseKnown(value);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return parseKnown(value);
    }
    const record = value as Record<string, unknown>;
    const statements = record.Statement;
    if (statements === UNKNOWN || (Array.isArray(statements) && statements.some((s) => s === UNKNOWN))) {
        return { kind: "unknown" };
    }
    const list = Array.isArray(statements) ? statements : [statements];
    const unknownElements = new Map<number, Set<StatementElement>>();
    const prepared = list.map((statement, index) => {
        if (typeof statement !== "object" || statement === null) {
            return statement;
        }
        const unknown = new Set<StatementElement>();
        const copy = withoutUnknowns(statement as Record<string, unknown>, unknown);
        if (unknown.size > 0) {
            unknownElements.set(index, unknown);
        }
        return copy;
    });
    const version = record.Version === UNKNOWN ? undefined : record.Version;
    const read = parseKnown({ ...record, Version: version, Statement: Array.isArray(statements) ? prepared : prepared[0] });
    return read.kind === "document" ? { ...read, unknownElements } : read;
}
