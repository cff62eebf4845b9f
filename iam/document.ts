// Parsing and normalising IAM policy documents. Every consumer (the policy pack, the inventory,
// the components' own checks) reads policies through here, so the quirks of the grammar are
// handled once: a single string or a list, Statement as an object or an array, condition values
// as strings, numbers or booleans, documents as JSON text or objects, URL-encoded text from
// GetAccountAuthorizationDetails.

export type Effect = "Allow" | "Deny";

/** One `operator: { key: values }` pair of a Condition block, normalised. */
export interface ConditionClause {
    /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
    readonly operator: string;
    /** Lower-case operator without set prefix and without `IfExists`, e.g. `stringlike`. */
    readonly baseOperator: string;
    /** `foranyvalue` or `forallvalues` when the operator has a set prefix. */
    readonly setOperator?: "foranyvalue" | "forallvalues";
    /** True for `...IfExists`: the clause passes when the key is absent from the request. */
    readonly ifExists: boolean;
    /** The condition key as written. */
    readonly key: string;
    /** The condition key in lower case: IAM compares keys case-insensitively. */
    readonly keyLower: string;
    /** The values, as strings (IAM compares numbers and booleans by their text). */
    readonly values: readonly string[];
}

/** A statement with its list-valued elements normalised to arrays. */
export interface Statement {
    /** Position in the document, from 0. Messages show it as `#index`. */
    readonly index: number;
    readonly sid?: string;
    readonly effect: Effect;
    readonly actions?: readonly string[];
    readonly notActions?: readonly string[];
    readonly resources?: readonly string[];
    readonly notResources?: readonly string[];
    /** `"*"` or a map of principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) to values. */
    readonly principal?: "*" | Readonly<Record<string, readonly string[]>>;
    readonly notPrincipal?: "*" | Readonly<Record<string, readonly string[]>>;
    readonly conditions: readonly ConditionClause[];
}

export interface PolicyDocument {
    readonly version?: string;
    readonly statements: readonly Statement[];
}

/** A policy document that cannot be read; the message says where and why. */
export class PolicyParseError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyParseError";
    }
}

const STATEMENT_KEYS = new Set([
    "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function stringList(value: unknown, where: string): string[] {
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0) {
        throw new PolicyParseError(`${where} is an empty list`);
    }
    return items.map((item) => {
        if (typeof item !== "string") {
            throw new PolicyParseError(`${where} must be a string or a list of strings, got ${describe(item)}`);
        }
        return item;
    });
}

function conditionValues(value: unknown, where: string): string[] {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => {
        if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") {
            return String(item);
        }
        throw new PolicyParseError(`${where} values must be strings, numbers or booleans, got ${describe(item)}`);
    });
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts. */
export function parseConditionOperator(operator: string): Pick<ConditionClause, "baseOperator" | "setOperator" | "ifExists"> {
    let rest = operator.trim();
    let setOperator: ConditionClause["setOperator"];
    const colon = rest.indexOf(":");
    if (colon >= 0) {
        const prefix = rest.slice(0, colon).toLowerCase();
        if (prefix === "foranyvalue" || prefix === "forallvalues") {
            setOperator = prefix;
        }
        rest = rest.slice(colon + 1);
    }
    let ifExists = false;
    if (rest.toLowerCase().endsWith("ifexists")) {
        ifExists = true;
        rest = rest.slice(0, -"ifexists".length);
    }
    return { baseOperator: rest.toLowerCase(), setOperator, ifExists };
}

function parseConditions(value: unknown, where: string): ConditionClause[] {
    if (value === undefined) {
        return [];
    }
    if (!isPlainObject(value)) {
        throw new PolicyParseError(`${where}.Condition must be an object, got ${describe(value)}`);
    }
    const clauses: ConditionClause[] = [];
    for (const [operator, block] of Object.entries(value)) {
        if (!isPlainObject(block)) {
            throw new PolicyParseError(`${where}.Condition.${operator} must be an object of keys to values, got ${describe(block)}`);
        }
        for (const [key, values] of Object.entries(block)) {
            clauses.push({
                operator,
                ...parseConditionOperator(operator),
                key,
                keyLower: key.toLowerCase(),
                values: conditionValues(values, `${where}.Condition.${operator}.${key}`),
            });
        }
    }
    return clauses;
}

function parsePrincipal(value: unknown, where: string): Statement["principal"] {
    if (value === undefined) {
        return undefined;
    }
    if (value === "*") {
        return "*";
    }
    if (!isPlainObject(value)) {
        throw new PolicyParseError(`${where} must be "*" or an object, got ${describe(value)}`);
    }
    const principal: Record<string, string[]> = {};
    for (const [type, ids] of Object.entries(value)) {
        principal[type] = stringList(ids, `${where}.${type}`);
    }
    return principal;
}

// A statement is made by a constructor, not by an object literal. V8 keeps an allocation site
// for each object literal and, when most objects of a site survive a young-generation collection,
// allocates that site's objects in the old generation from then on ("pretenuring"). A reader
// that keeps the last few parsed documents (the policy pack's cache) can tip this literal into
// that state at a collection, and from then on every statement of every document was created
// old and took its lists with it into the old generation: a whole stack's documents promoted,
// then collected by full mark-compacts (bench/policy-eval.ts: 2,000 documents of 10 KB). A
// constructed object has no allocation site. Its prototype is Object.prototype and its own
// properties are the same, in the same order, so it is the same plain object to every reader.
type StatementFields = { -readonly [K in keyof Statement]: Statement[K] };
function PlainStatement(
    this: StatementFields,
    index: number,
    sid: string | undefined,
    effect: Statement["effect"],
    actions: readonly string[] | undefined,
    notActions: readonly string[] | undefined,
    resources: readonly string[] | undefined,
    notResources: readonly string[] | undefined,
    principal: Statement["principal"],
    notPrincipal: Statement["notPrincipal"],
    conditions: readonly ConditionClause[],
): void {
    this.index = index;
    this.sid = sid;
    this.effect = effect;
    this.actions = actions;
    this.notActions = notActions;
    this.resources = resources;
    this.notResources = notResources;
    this.principal = principal;
    this.notPrincipal = notPrincipal;
    this.conditions = conditions;
}
PlainStatement.prototype = Object.prototype;
const StatementObject = PlainStatement as unknown as new (...fields: Parameters<typeof PlainStatement>) => Statement;

function parseStatement(raw: unknown, index: number): Statement {
    const where = `Statement[${index}]`;
    if (!isPlainObject(raw)) {
        throw new PolicyParseError(`${where} must be an object, got ${describe(raw)}`);
    }
    for (const key of Object.keys(raw)) {
        if (!STATEMENT_KEYS.has(key)) {
            throw new PolicyParseError(`${where} has an unknown element "${key}"`);
        }
    }
    const effect = raw.Effect;
    if (effect !== "Allow" && effect !== "Deny") {
        throw new PolicyParseError(`${where}.Effect must be "Allow" or "Deny", got ${describe(effect)}`);
    }
    if (raw.Action !== undefined && raw.NotAction !== undefined) {
        throw new PolicyParseError(`${where} has both Action and NotAction`);
    }
    if (raw.Resource !== undefined && raw.NotResource !== undefined) {
        throw new PolicyParseError(`${where} has both Resource and NotResource`);
    }
    if (raw.Sid !== undefined && typeof raw.Sid !== "string") {
        throw new PolicyParseError(`${where}.Sid must be a string, got ${describe(raw.Sid)}`);
    }
    return new StatementObject(
        index,
        raw.Sid === undefined || raw.Sid === "" ? undefined : (raw.Sid as string),
        effect,
        raw.Action === undefined ? undefined : stringList(raw.Action, `${where}.Action`),
        raw.NotAction === undefined ? undefined : stringList(raw.NotAction, `${where}.NotAction`),
        raw.Resource === undefined ? undefined : stringList(raw.Resource, `${where}.Resource`),
        raw.NotResource === undefined ? undefined : stringList(raw.NotResource, `${where}.NotResource`),
        parsePrincipal(raw.Principal, `${where}.Principal`),
        parsePrincipal(raw.NotPrincipal, `${where}.NotPrincipal`),
        parseConditions(raw.Condition, where),
    );
}

/**
 * Reads a policy document given as JSON text or as an object.
 * @throws PolicyParseError naming the element that is wrong (or quoting JSON.parse's error).
 */
export function parsePolicyDocument(input: unknown): PolicyDocument {
    let value = input;
    if (typeof input === "string") {
        try {
            value = JSON.parse(input);
        } catch (err) {
            throw new PolicyParseError(`policy document is not valid JSON: ${(err as Error).message}`);
        }
    }
    if (!isPlainObject(value)) {
        throw new PolicyParseError(`policy document must be a JSON object, got ${describe(value)}`);
    }
    if (value.Version !== undefined && typeof value.Version !== "string") {
        throw new PolicyParseError(`Version must be a string, got ${describe(value.Version)}`);
    }
    const rawStatements = value.Statement;
    if (rawStatements === undefined) {
        throw new PolicyParseError("policy document has no Statement");
    }
    const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
    return { version: value.Version as string | undefined, statements: list.map(parseStatement) };
}

/** Like `parsePolicyDocument`, but returns the error instead of throwing. */
export function tryParsePolicyDocument(input: unknown): { document: PolicyDocument; error?: undefined } | { document?: undefined; error: string } {
    try {
        return { document: parsePolicyDocument(input) };
    } catch (err) {
        if (err instanceof PolicyParseError) {
            return { error: err.message };
        }
        throw err;
    }
}

/**
 * Reads a document as IAM's GetAccountAuthorizationDetails and Get*Policy APIs return it:
 * RFC 3986 URL-encoded JSON. Text that is not encoded is read as it is.
 */
export function parseUrlEncodedPolicyDocument(encoded: string): PolicyDocument {
    let text = encoded;
    if (/%[0-9A-Fa-f]{2}/.test(encoded)) {
        try {
            text = decodeURIComponent(encoded);
        } catch (err) {
            throw new PolicyParseError(`policy document is not valid URL-encoded text: ${(err as Error).message}`);
        }
    }
    return parsePolicyDocument(text);
}

/** How a statement is named in messages: `"Sid" (#2)` or `#2`. */
export function statementLabel(statement: Statement): string {
    return statement.sid ? `"${statement.sid}" (#${statement.index})` : `#${statement.index}`;
}
