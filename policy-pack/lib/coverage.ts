// Whether one statement of a document takes back what another grants: a Deny over an Allow's
// actions and resources, decided by inclusion of the sets the patterns stand for
// (iam/patterns.ts), Action/NotAction and Resource/NotResource on either side. A pattern still
// unknown at preview may be anything, so the answer is three-valued: covered whatever the unknown
// entries turn out to be, not covered whatever they turn out to be, or not known until the update.
import { elementIncludes, hasWildcard, statementCoversAction, type PatternElement, type PatternKind, type Statement } from "../../iam";
import { UNKNOWN_PATTERN } from "./read-document";

/** true: covered; false: not covered; undefined: depends on a value unknown until the update. */
export type Coverage = boolean | undefined;

const NOTHING: PatternElement = { patterns: [], negated: false };

/**
 * A statement's Action/NotAction or Resource/NotResource, with each unknown entry read as the
 * widest (`*`) or the narrowest (no string) it could be. A `*` widens a Resource list and
 * narrows a NotResource list; dropping the entry does the opposite.
 */
function elementOf(statement: Statement, kind: PatternKind, wide: boolean): PatternElement {
    const positive = kind === "action" ? statement.actions : statement.resources;
    const negative = kind === "action" ? statement.notActions : statement.notResources;
    const list = positive ?? negative;
    if (!list) {
        // Neither element (a trust policy's statement): it applies to nothing.
        return NOTHING;
    }
    const negated = positive === undefined;
    if (!list.includes(UNKNOWN_PATTERN)) {
        return { patterns: list, negated };
    }
    const known = list.filter((p) => p !== UNKNOWN_PATTERN);
    return { patterns: wide !== negated ? [...known, "*"] : known, negated };
}

function hasUnknown(statement: Statement, kind: PatternKind): boolean {
    const list = kind === "action" ? statement.actions ?? statement.notActions : statement.resources ?? statement.notResources;
    return list?.includes(UNKNOWN_PATTERN) ?? false;
}

/**
 * Whether `outer` (a Deny) applies to everything `inner` (an Allow) applies to, in one element:
 * actions (of those `within` matches, when given) or resources.
 */
export function elementCoverage(outer: Statement, inner: Statement, kind: PatternKind, within?: readonly string[]): Coverage {
    // Sure: the narrowest the Deny can be still covers the widest the Allow can be.
    if (elementIncludes(elementOf(outer, kind, false), elementOf(inner, kind, true), kind, within)) {
        return true;
    }
    if (!hasUnknown(outer, kind) && !hasUnknown(inner, kind)) {
        return false;
    }
    // Possible: the widest the Deny can be covers the narrowest the Allow can be.
    return elementIncludes(elementOf(outer, kind, true), elementOf(inner, kind, false), kind, within) ? undefined : false;
}

/** Three-valued "and": false wins, then unknown. */
function both(a: Coverage, b: Coverage): Coverage {
    if (a === false || b === false) {
        return false;
    }
    return a === true && b === true ? true : undefined;
}

/**
 * Whether the Deny covers the Allow's grant of `action` (an action name or pattern from a rule's
 * config) on every resource the Allow reaches.
 */
export function denyCoversGrant(deny: Statement, allow: Statement, action: string): Coverage {
    const actions = literalActionCoverage(deny, action) ?? patternActionCoverage(deny, allow, action);
    return actions === false ? false : both(actions, resourceCoverage(deny, allow));
}

/**
 * The common case answered without automata, exactly: an action name the Allow grants is one
 * string, so the Deny covers it if its (known) Action/NotAction matches that string. (match.ts
 * reads a policy variable as any string; a guard is never credited with one, so those go the
 * long way.)
 */
function literalActionCoverage(deny: Statement, action: string): Coverage {
    const patterns = deny.actions ?? deny.notActions ?? [];
    if (hasWildcard(action) || patterns.some((p) => p === UNKNOWN_PATTERN || p.includes("${"))) {
        return undefined;
    }
    return statementCoversAction(deny, action);
}

function patternActionCoverage(deny: Statement, allow: Statement, action: string): Coverage {
    let within = actionLists.get(action);
    if (!within) {
        within = [action];
        actionLists.set(action, within);
    }
    return elementCoverage(deny, allow, "action", within);
}

// One list object per configured action, so the library's per-list keys are reused.
const actionLists = new Map<string, readonly string[]>();

// The resource answer does not depend on the action: asked once per pair of statements.
const resourceAnswers = new WeakMap<Statement, WeakMap<Statement, Coverage>>();

function resourceCoverage(deny: Statement, allow: Statement): Coverage {
    let byAllow = resourceAnswers.get(deny);
    if (!byAllow) {
        byAllow = new WeakMap();
        resourceAnswers.set(deny, byAllow);
    }
    if (!byAllow.has(allow)) {
        // A Deny on Resource "*" (the usual guard) covers everything, whatever else it lists.
        const everything = deny.resources?.includes("*") === true;
        byAllow.set(allow, everything ? true : elementCoverage(deny, allow, "resource"));
    }
    return byAllow.get(allow);
}
