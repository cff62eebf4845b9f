// What an IAM pattern means as a set of strings, and questions about those sets answered exactly:
// does every string one list of patterns matches also match another list (inclusion), do two lists
// match a common string (intersection), and the same for NotAction/NotResource (complements).
//
// A pattern is compiled to a nondeterministic finite automaton over characters. Inclusion
// L(inner) ⊆ L(outer) is decided by walking inner's states paired with the subset of outer's
// states that the same input reaches (a subset construction done lazily, only for the subsets
// that occur): inclusion fails exactly when some input takes inner to an accepting state and outer
// to no accepting one. Intersection walks pairs of states. No sampling and no comparison of
// pattern text: the answer holds for every string.
//
// The alphabet is unbounded (any Unicode character), but a pattern only tells apart the characters
// it names: two characters that belong to exactly the same character sets of the automata being
// compared behave the same everywhere. So each query walks one representative character per
// class (the characters written in the patterns, the classes of a grammar, and one character that
// none of them names).
//
// Semantics are those of ./match.ts, so that "matches" means one thing in this library: `*` any
// run of characters (colons and slashes included), `?` exactly one, actions case-insensitively
// (JavaScript's /i folding, as match.ts's regular expressions do), resources case-sensitively;
// `${*}`, `${?}`, `${$}` are the literal characters. A policy variable (`${aws:username}`)
// resolves per request; here it is read on the side that never under-reports a grant:
//   - in the pattern whose reach is being bounded (the inner side of an inclusion, either side of
//     an intersection) it matches any string;
//   - in the pattern that must guarantee coverage (the outer side of an inclusion) it matches
//     nothing, so coverage never rests on what a variable might resolve to;
//   - except where the outer side is itself the grant whose reach is in question (does an Allow's
//     Resource reach every model, iam/bedrock.ts): there it matches any string, so a grant is
//     never read narrower than it may be.

import { LITERAL_VARIABLES } from "./match";

/** A set of characters: the listed ones, or (negated) every character but the listed ones. */
export interface CharSet {
    readonly chars: string;
    readonly negated: boolean;
    readonly key: string;
}

/** The UTF-16 code units of a text: what match.ts's regular expressions (without `u`) match one by one. */
function codeUnits(text: string): string[] {
    // split("") splits by code unit (a surrogate pair becomes two), unlike [...text].
    return text.split("");
}

export function charSet(chars: string, negated = false): CharSet {
    const sorted = [...new Set(codeUnits(chars))].sort().join("");
    return { chars: sorted, negated, key: (negated ? "^" : "") + sorted };
}

const ANY_CHAR = charSet("", true);
const NO_CHAR = charSet("", false);

function inSet(set: CharSet, ch: string): boolean {
    return set.chars.includes(ch) !== set.negated;
}

/**
 * An automaton without epsilon moves: every edge's targets and the start set are already closed
 * under them, so a set of states reached by input is always closed.
 */
export interface Automaton {
    readonly size: number;
    readonly start: readonly number[];
    readonly accepting: Uint8Array;
    /** States from which an accepting state can be reached (the others can be ignored). */
    readonly live: Uint8Array;
    readonly edges: readonly (readonly { readonly set: CharSet; readonly to: readonly number[] }[])[];
    /** The next states of each state on a character, filled as queries run (by character, then state). */
    readonly steps: Map<string, (readonly number[] | undefined)[]>;
    /** The distinct character sets on its edges. */
    readonly sets: readonly CharSet[];
    /** Accepting states that loop on every character: whatever follows is accepted. */
    readonly universal: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Regular expressions small enough to write a documented grammar with (iam/bedrock.ts), and the
// automata they compile to.

export type Regex =
    | { readonly kind: "set"; readonly set: CharSet }
    | { readonly kind: "seq"; readonly items: readonly Regex[] }
    | { readonly kind: "alt"; readonly items: readonly Regex[] }
    | { readonly kind: "repeat"; readonly item: Regex; readonly min: number; readonly max: number };

/** Literal text. */
export function lit(text: string): Regex {
    return seq(...codeUnits(text).map((ch) => ({ kind: "set", set: charSet(ch) }) as const));
}

/** One character of a class, e.g. `cls("abc")`, or with `negated` one character not in it (`[^:]`). */
export function cls(chars: string, negated = false): Regex {
    return { kind: "set", set: charSet(chars, negated) };
}

export function seq(...items: Regex[]): Regex {
    return items.length === 1 ? items[0] : { kind: "seq", items };
}

export function alt(...items: Regex[]): Regex {
    return items.length === 1 ? items[0] : { kind: "alt", items };
}

/** `item{min,max}`; `max` may be Infinity. */
export function repeat(item: Regex, min: number, max: number): Regex {
    return { kind: "repeat", item, min, max };
}

/** Characters from `a` to `z` and the like: `range("a", "z")`. */
export function range(from: string, to: string): string {
    let chars = "";
    for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++) {
        chars += String.fromCharCode(code);
    }
    return chars;
}

/** Thompson's construction with epsilon edges, then closed so that no epsilon edge remains. */
class Builder {
    private readonly epsilon: number[][] = [];
    private readonly moves: { set: CharSet; to: number }[][] = [];

    state(): number {
        this.epsilon.push([]);
        this.moves.push([]);
        return this.epsilon.length - 1;
    }

    /** Adds `regex` from state `from`; returns the state it ends in. */
    add(regex: Regex, from: number): number {
        switch (regex.kind) {
            case "set": {
                const to = this.state();
                if (regex.set.chars.length > 0 || regex.set.negated) {
                    this.moves[from].push({ set: regex.set, to });
                }
                return to;
            }
            case "seq":
                return regex.items.reduce((at, item) => this.add(item, at), from);
            case "alt": {
                const end = this.state();
                for (const item of regex.items) {
                    this.epsilon[this.add(item, from)].push(end);
                }
                return end;
            }
            case "repeat": {
                let at = from;
                for (let i = 0; i < regex.min; i++) {
                    at = this.add(regex.item, at);
                }
                if (regex.max === Infinity) {
                    const loop = this.state();
                    this.epsilon[at].push(loop);
                    this.epsilon[this.add(regex.item, loop)].push(loop);
                    return loop;
                }
                const end = this.state();
                this.epsilon[at].push(end);
                for (let i = regex.min; i < regex.max; i++) {
                    at = this.add(regex.item, at);
                    this.epsilon[at].push(end);
                }
                return end;
            }
        }
    }

    build(start: number, final: number): Automaton {
        const size = this.epsilon.length;
        const closures: number[][] = [];
        for (let s = 0; s < size; s++) {
            const seen = new Set<number>([s]);
            const stack = [s];
            while (stack.length > 0) {
                for (const next of this.epsilon[stack.pop()!]) {
                    if (!seen.has(next)) {
                        seen.add(next);
                        stack.push(next);
                    }
                }
            }
            closures.push([...seen].sort((a, b) => a - b));
        }
        const accepting = new Uint8Array(size);
        for (let s = 0; s < size; s++) {
            accepting[s] = closures[s].includes(final) ? 1 : 0;
        }
        const edges = this.moves.map((moves) => moves.map(({ set, to }) => ({ set, to: closures[to] })));
        return finish({ size, start: closures[start], accepting, edges });
    }
}

function finish(parts: Pick<Automaton, "size" | "start" | "accepting" | "edges">): Automaton {
    // Live states: those an accepting state can be reached from (a reverse walk).
    const reverse: number[][] = Array.from({ length: parts.size }, () => []);
    parts.edges.forEach((edges, from) => edges.forEach(({ set, to }) => set !== NO_CHAR && to.forEach((t) => reverse[t].push(from))));
    const live = new Uint8Array(parts.size);
    const stack: number[] = [];
    for (let s = 0; s < parts.size; s++) {
        if (parts.accepting[s]) {
            live[s] = 1;
            stack.push(s);
        }
    }
    while (stack.length > 0) {
        for (const from of reverse[stack.pop()!]) {
            if (!live[from]) {
                live[from] = 1;
                stack.push(from);
            }
        }
    }
    const sets = new Map<string, CharSet>();
    parts.edges.forEach((edges) => edges.forEach(({ set }) => sets.set(set.key, set)));
    const universal = new Uint8Array(parts.size);
    parts.edges.forEach((edges, s) => {
        universal[s] = parts.accepting[s] && edges.some(({ set, to }) => set.negated && set.chars === "" && to.includes(s)) ? 1 : 0;
    });
    return { ...parts, live, steps: new Map(), sets: [...sets.values()], universal };
}

export function compileRegex(regex: Regex): Automaton {
    const builder = new Builder();
    const start = builder.state();
    return builder.build(start, builder.add(regex, start));
}

// ---------------------------------------------------------------------------------------------
// IAM patterns

export type PatternKind = "action" | "resource";
/** How a policy variable reads: as any string, or as no string (see the file's header). */
export type VariableReading = "any" | "none";


/**
 * JavaScript's case folding for regular expressions with `i` and without `u` (ECMA-262
 * Canonicalize): the upper case of a character when that is one character and does not turn a
 * non-ASCII character into an ASCII one. Folding both sides the same way makes case-insensitive
 * patterns case-sensitive ones. A query walks only folded characters (and one character no pattern
 * names, which folds to itself), so a string it finds is read by IAM exactly as the automata read it.
 */
function fold(ch: string): string {
    const upper = ch.toUpperCase();
    if (upper.length !== 1 || (ch.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128)) {
        return ch;
    }
    return upper;
}

/** A pattern as a regular expression: the one place that reads `*`, `?` and `${...}`. */
export function patternRegex(pattern: string, kind: PatternKind, variables: VariableReading): Regex {
    const items: Regex[] = [];
    const anyRun = repeat({ kind: "set", set: ANY_CHAR }, 0, Infinity);
    const literal = (ch: string) => items.push(cls(kind === "action" ? fold(ch) : ch));
    // Iterate by UTF-16 code unit, as match.ts's regular expressions (without `u`) do.
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === "$" && pattern[i + 1] === "{") {
            const end = pattern.indexOf("}", i);
            if (end > 0) {
                const variable = pattern.slice(i, end + 1);
                const escaped = LITERAL_VARIABLES[variable];
                if (escaped !== undefined) {
                    literal(escaped);
                } else {
                    items.push(variables === "any" ? anyRun : { kind: "set", set: NO_CHAR });
                }
                i = end;
                continue;
            }
        }
        if (ch === "*") {
            items.push(anyRun);
        } else if (ch === "?") {
            items.push({ kind: "set", set: ANY_CHAR });
        } else {
            literal(ch);
        }
    }
    return seq(...items);
}

// A list as a cache key, unambiguous (`[]` and `[""]` differ, whatever characters the patterns
// hold); kept per list object, since a statement's lists are asked about again and again.
const listKeys = new WeakMap<readonly string[], string>();

function listKey(list: readonly string[]): string {
    let key = listKeys.get(list);
    if (key === undefined) {
        key = JSON.stringify(list);
        listKeys.set(list, key);
    }
    return key;
}

// Compiled automata by kind, variable reading and pattern list: rules ask about the same few
// patterns for every document of a stack. Bounded, like match.ts's cache.
const AUTOMATON_CACHE_LIMIT = 5000;
const automata = new Map<string, Automaton>();

function cached(key: string, build: () => Automaton): Automaton {
    let automaton = automata.get(key);
    if (!automaton) {
        automaton = build();
        if (automata.size >= AUTOMATON_CACHE_LIMIT) {
            automata.clear();
        }
        automata.set(key, automaton);
    }
    return automaton;
}

/** The automaton of a list of patterns: it accepts what any one of them matches (none: nothing). */
export function patternsAutomaton(patterns: readonly string[], kind: PatternKind, variables: VariableReading): Automaton {
    return cached(`${kind}\u0001${variables}\u0001${listKey(patterns)}`, () =>
        compileRegex(patterns.length === 0 ? { kind: "set", set: NO_CHAR } : alt(...patterns.map((p) => patternRegex(p, kind, variables)))),
    );
}

// ---------------------------------------------------------------------------------------------
// Questions over automata

/** A class of characters the automata cannot tell apart: one representative and the class itself. */
interface CharClass {
    readonly representative: string;
    readonly set: CharSet;
}

/**
 * The classes of characters that `machines` cannot tell apart: two characters are in one class when
 * they belong to exactly the same of the machines' character sets.
 */
function characterClasses(machines: readonly Automaton[]): CharClass[] {
    const sets = new Map<string, CharSet>();
    for (const machine of machines) {
        for (const set of machine.sets) {
            sets.set(set.key, set);
        }
    }
    // A character's membership in every set follows from which sets list it (a negated set holds
    // exactly the characters it does not list), so the list of those sets is its signature.
    const listedIn = new Map<string, number[]>();
    let index = 0;
    for (const set of sets.values()) {
        for (let i = 0; i < set.chars.length; i++) {
            const ch = set.chars[i];
            const listing = listedIn.get(ch);
            if (listing) {
                listing.push(index);
            } else {
                listedIn.set(ch, [index]);
            }
        }
        index++;
    }
    const bySignature = new Map<string, string[]>();
    for (const [ch, listing] of listedIn) {
        const signature = listing.join(",");
        const members = bySignature.get(signature);
        if (members) {
            members.push(ch);
        } else {
            bySignature.set(signature, [ch]);
        }
    }
    const classes = [...bySignature.values()].map((members) => ({ representative: members[0], set: charSet(members.join("")) }));
    // The characters no set lists: each is in exactly the negated sets, so they form one class of
    // their own.
    let code = 0xe000;
    while (listedIn.has(String.fromCharCode(code))) {
        code++;
    }
    classes.push({ representative: String.fromCharCode(code), set: charSet([...listedIn.keys()].join(""), true) });
    return classes;
}

const NO_STATES: readonly number[] = [];

/** The states one state moves to on `ch` (closed, sorted). */
function stepState(machine: Automaton, state: number, ch: string): readonly number[] {
    let byState = machine.steps.get(ch);
    if (!byState) {
        byState = [];
        machine.steps.set(ch, byState);
    }
    let next = byState[state];
    if (!next) {
        const found = new Set<number>();
        for (const { set, to } of machine.edges[state]) {
            if (inSet(set, ch)) {
                to.forEach((t) => found.add(t));
            }
        }
        next = found.size === 0 ? NO_STATES : [...found].sort((a, b) => a - b);
        byState[state] = next;
    }
    return next;
}

const liveOnly = (machine: Automaton, states: readonly number[]) => states.filter((s) => machine.live[s]);

/**
 * One machine read as a deterministic one, built as far as a query needs: each set of live states
 * gets a number, and its move on each character class is computed once.
 */
class SubsetMachine {
    private readonly ids = new Map<string, number>();
    private readonly sets: (readonly number[])[] = [];
    private readonly moves: Int32Array[] = [];
    private readonly accepts: boolean[] = [];
    private readonly universals: boolean[] = [];

    constructor(
        private readonly machine: Automaton,
        private readonly alphabet: readonly string[],
    ) {}

    /** The number of a set of live states (sorted); the empty set is a set like any other. */
    id(states: readonly number[]): number {
        const key = states.join(",");
        let id = this.ids.get(key);
        if (id === undefined) {
            id = this.sets.length;
            this.ids.set(key, id);
            this.sets.push(states);
            this.moves.push(new Int32Array(this.alphabet.length).fill(-1));
            this.accepts.push(states.some((s) => this.machine.accepting[s] === 1));
            this.universals.push(states.some((s) => this.machine.universal[s] === 1));
        }
        return id;
    }

    states(id: number): readonly number[] {
        return this.sets[id];
    }

    isEmpty(id: number): boolean {
        return this.sets[id].length === 0;
    }

    accepting(id: number): boolean {
        return this.accepts[id];
    }

    /** Whether the set accepts every continuation (it holds a state that loops on everything). */
    acceptsEverything(id: number): boolean {
        return this.universals[id];
    }

    step(id: number, letter: number): number {
        let next = this.moves[id][letter];
        if (next < 0) {
            const ch = this.alphabet[letter];
            const states = this.sets[id];
            if (states.length === 1) {
                // One state (a literal stretch of a pattern): its move is already closed and sorted.
                const to = stepState(this.machine, states[0], ch);
                next = this.id(to.every((t) => this.machine.live[t] === 1) ? to : to.filter((t) => this.machine.live[t] === 1));
            } else {
                const found = new Set<number>();
                for (const state of states) {
                    for (const to of stepState(this.machine, state, ch)) {
                        if (this.machine.live[to]) {
                            found.add(to);
                        }
                    }
                }
                next = this.id([...found].sort((a, b) => a - b));
            }
            this.moves[id][letter] = next;
        }
        return next;
    }
}

/** The live states one state of `machine` moves to on each letter, computed once per query. */
function stateMoves(machine: Automaton, alphabet: readonly string[]): (state: number, letter: number) => readonly number[] {
    const table = new Map<number, (readonly number[])[]>();
    return (state, letter) => {
        let row = table.get(state);
        if (!row) {
            row = alphabet.map((ch) => stepState(machine, state, ch).filter((s) => machine.live[s] === 1));
            table.set(state, row);
        }
        return row[letter];
    };
}

// A pair (state of one machine, number of a set of another's) as one number, for visited sets.
const pairKey = (state: number, set: number) => state * 0x200000 + set;

/**
 * Whether every string `inner` accepts is accepted by `outer` (started from `outerStart`, by
 * default its start states). Exact: inner is walked state by state, outer as the subset of its
 * states the same input reaches; inclusion fails exactly when a pair is reached where inner can
 * still accept and outer no longer can.
 */
export function automatonIncludes(outer: Automaton, inner: Automaton, outerStart: readonly number[] = outer.start): boolean {
    return includesWithin(outer, inner, undefined, outerStart);
}

/**
 * Whether every string both `inner` and `within` accept is accepted by `outer`: inclusion of an
 * intersection, walked as pairs of inner's and within's states without building their product.
 */
export function automatonIncludesWithin(outer: Automaton, inner: Automaton, within: Automaton): boolean {
    return includesWithin(outer, inner, within, outer.start);
}

function includesWithin(outer: Automaton, inner: Automaton, within: Automaton | undefined, outerStart: readonly number[]): boolean {
    const alphabet = characterClasses(within ? [outer, inner, within] : [outer, inner]).map((c) => c.representative);
    const subsets = new SubsetMachine(outer, alphabet);
    const innerMoves = stateMoves(inner, alphabet);
    const withinMoves = within ? stateMoves(within, alphabet) : undefined;
    const withinSize = within ? within.size : 1;
    const seen = new Set<number>();
    // Triples (inner state, within state, outer subset); without `within`, its state is always 0.
    const queue: number[] = [];
    const visit = (state: number, other: number, set: number) => {
        const key = pairKey(state * withinSize + other, set);
        if (!seen.has(key)) {
            seen.add(key);
            queue.push(state, other, set);
        }
    };
    const start = subsets.id(liveOnly(outer, outerStart));
    const withinStart = within ? liveOnly(within, within.start) : [0];
    for (const state of liveOnly(inner, inner.start)) {
        for (const other of withinStart) {
            visit(state, other, start);
        }
    }
    for (let head = 0; head < queue.length; head += 3) {
        const state = queue[head];
        const other = queue[head + 1];
        const set = queue[head + 2];
        if (subsets.acceptsEverything(set)) {
            continue;
        }
        if (inner.accepting[state] && (!within || within.accepting[other]) && !subsets.accepting(set)) {
            return false;
        }
        for (let letter = 0; letter < alphabet.length; letter++) {
            const innerNext = innerMoves(state, letter);
            if (innerNext.length === 0) {
                continue;
            }
            const withinNext = withinMoves ? withinMoves(other, letter) : [0];
            if (withinNext.length === 0) {
                continue;
            }
            const outerNext = subsets.step(set, letter);
            for (const next of innerNext) {
                for (const nextOther of withinNext) {
                    if (subsets.isEmpty(outerNext) && !within) {
                        // inner can still reach acceptance; outer cannot accept anything from here.
                        return false;
                    }
                    visit(next, nextOther, outerNext);
                }
            }
        }
    }
    return true;
}

const NOTHING = compileRegex({ kind: "set", set: NO_CHAR });

/** Whether some string is accepted by both automata: their intersection is not inside the empty set. */
export function automataIntersect(a: Automaton, b: Automaton): boolean {
    return !automatonIncludesWithin(NOTHING, a, b);
}

// A product is built only where a question has three sets (a NotAction Deny against an Allow,
// restricted to the actions a rule asks about); two-set questions walk pairs without one.
const products = new WeakMap<Automaton, WeakMap<Automaton, Automaton>>();

/** The automaton of the strings both accept (only the reachable pairs of states are built). */
export function product(a: Automaton, b: Automaton): Automaton {
    let byB = products.get(a);
    if (!byB) {
        byB = new WeakMap();
        products.set(a, byB);
    }
    let built = byB.get(b);
    if (built) {
        return built;
    }
    const classes = characterClasses([a, b]);
    const index = new Map<string, number>();
    const pairs: [number, number][] = [];
    const idOf = (x: number, y: number) => {
        const key = `${x},${y}`;
        let id = index.get(key);
        if (id === undefined) {
            id = pairs.length;
            index.set(key, id);
            pairs.push([x, y]);
        }
        return id;
    };
    const cross = (xs: readonly number[], ys: readonly number[]) => {
        const ids: number[] = [];
        for (const x of xs) {
            if (a.live[x]) {
                for (const y of ys) {
                    if (b.live[y]) {
                        ids.push(idOf(x, y));
                    }
                }
            }
        }
        return ids.sort((p, q) => p - q);
    };
    const start = cross(a.start, b.start);
    const edges: { set: CharSet; to: readonly number[] }[][] = [];
    for (let id = 0; id < pairs.length; id++) {
        const [x, y] = pairs[id];
        const out: { set: CharSet; to: readonly number[] }[] = [];
        for (const { representative, set } of classes) {
            const to = cross(stepState(a, x, representative), stepState(b, y, representative));
            if (to.length > 0) {
                out.push({ set, to });
            }
        }
        edges.push(out);
    }
    const accepting = new Uint8Array(pairs.length);
    pairs.forEach(([x, y], id) => (accepting[id] = a.accepting[x] && b.accepting[y] ? 1 : 0));
    built = finish({ size: pairs.length, start, accepting, edges });
    byB.set(b, built);
    return built;
}


/**
 * The sets of `machine`'s states that reading some string `prefix` accepts can lead to (each set
 * once). With {@link automatonIncludes} from each, this answers "is there a prefix after which
 * every continuation of a grammar is accepted", e.g. some region in which a pattern reaches every
 * model id. With `keepEmpty`, the empty set is among them when some prefix leads `machine` nowhere
 * (the question "is there a prefix after which no continuation is accepted", for a NotResource).
 */
export function statesAfterPrefixes(machine: Automaton, prefix: Automaton, keepEmpty = false): (readonly number[])[] {
    const alphabet = characterClasses([machine, prefix]).map((c) => c.representative);
    const subsets = new SubsetMachine(machine, alphabet);
    const prefixMoves = stateMoves(prefix, alphabet);
    const seen = new Set<number>();
    const found = new Set<number>();
    const queue: number[] = [];
    const visit = (state: number, set: number) => {
        const key = pairKey(state, set);
        if ((keepEmpty || !subsets.isEmpty(set)) && !seen.has(key)) {
            seen.add(key);
            queue.push(state, set);
        }
    };
    const start = subsets.id(liveOnly(machine, machine.start));
    prefix.start.filter((state) => prefix.live[state]).forEach((state) => visit(state, start));
    for (let head = 0; head < queue.length; head += 2) {
        const state = queue[head];
        const set = queue[head + 1];
        if (prefix.accepting[state]) {
            found.add(set);
        }
        for (let letter = 0; letter < alphabet.length; letter++) {
            const prefixNext = prefixMoves(state, letter);
            if (prefixNext.length > 0) {
                const next = subsets.step(set, letter);
                prefixNext.forEach((p) => visit(p, next));
            }
        }
    }
    return [...found].map((id) => subsets.states(id));
}

/**
 * The same automaton started from other states, e.g. a set {@link statesAfterPrefixes} returned:
 * what it accepts after that prefix. Its edges, live states and step cache are shared (none of them
 * depends on where it starts).
 */
export function startingFrom(machine: Automaton, start: readonly number[]): Automaton {
    return { ...machine, start };
}

// ---------------------------------------------------------------------------------------------
// Policy elements

/** A statement's Action/NotAction or Resource/NotResource: its patterns, and whether it excludes them. */
export interface PatternElement {
    readonly patterns: readonly string[];
    /** True for NotAction/NotResource: the element applies to every string none of the patterns match. */
    readonly negated: boolean;
}

// Verdicts by the text of the question: a stack's documents repeat the same patterns (every
// workload policy names the same actions and guards), so most questions are asked many times.
const VERDICT_CACHE_LIMIT = 20000;
const verdicts = new Map<string, boolean>();

function remembered(key: string, decide: () => boolean): boolean {
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
        verdict = decide();
        if (verdicts.size >= VERDICT_CACHE_LIMIT) {
            verdicts.clear();
        }
        verdicts.set(key, verdict);
    }
    return verdict;
}

const elementKey = (element: PatternElement) => `${element.negated ? "not" : "is"}\u0001${listKey(element.patterns)}`;

const outerSide = (patterns: readonly string[], kind: PatternKind) => patternsAutomaton(patterns, kind, "none");
const innerSide = (patterns: readonly string[], kind: PatternKind) => patternsAutomaton(patterns, kind, "any");

/**
 * Whether every string some pattern of `inner` matches is matched by some pattern of `outer`:
 * `patternsInclude(["arn:aws:bedrock:*"], ["arn:aws:bedrock:us-east-1::foundation-model/a?"], "resource")`.
 * A policy variable guarantees nothing in `outer` and may be anything in `inner`.
 */
export function patternsInclude(outer: readonly string[], inner: readonly string[], kind: PatternKind): boolean {
    const key = `patterns\u0001${kind}\u0001${listKey(outer)}\u0002${listKey(inner)}`;
    return remembered(key, () => automatonIncludes(outerSide(outer, kind), innerSide(inner, kind)));
}

/** Whether some string is matched by a pattern of `a` and a pattern of `b` (a variable may be anything). */
export function patternsIntersect(a: readonly string[], b: readonly string[], kind: PatternKind): boolean {
    return automataIntersect(innerSide(a, kind), innerSide(b, kind));
}

/**
 * Whether `outer` applies to everything `inner` applies to (of the strings `within` matches, when
 * given): for a Deny's Resource or NotResource against an Allow's, or an action element against
 * the actions a rule asks about. With L the strings a list matches and W those `within` matches:
 *   outer L(O), inner L(I):            I∩W ⊆ O
 *   outer NotX O, inner L(I):          I∩W and O do not meet
 *   outer L(O), inner NotX I:          W ⊆ O ∪ I
 *   outer NotX O, inner NotX I:        O∩W ⊆ I
 * Each side is read so that a "true" holds whatever a policy variable resolves to.
 */
export function elementIncludes(outer: PatternElement, inner: PatternElement, kind: PatternKind, within?: readonly string[]): boolean {
    return remembered(`includes\u0001${kind}\u0001${elementKey(outer)}\u0002${elementKey(inner)}\u0002${within === undefined ? "everything" : `within\u0001${listKey(within)}`}`, () => decideElementIncludes(outer, inner, kind, within));
}

function decideElementIncludes(outer: PatternElement, inner: PatternElement, kind: PatternKind, within?: readonly string[]): boolean {
    // (X restricted to W) ⊆ Y, for the four cases below.
    const includes = (y: Automaton, x: Automaton) => (within ? automatonIncludesWithin(y, x, innerSide(within, kind)) : automatonIncludes(y, x));
    if (!outer.negated && !inner.negated) {
        return includes(outerSide(outer.patterns, kind), innerSide(inner.patterns, kind));
    }
    if (outer.negated && !inner.negated) {
        // I∩W and O do not meet.
        const others = within ? product(innerSide(outer.patterns, kind), innerSide(within, kind)) : innerSide(outer.patterns, kind);
        return !automataIntersect(innerSide(inner.patterns, kind), others);
    }
    if (!outer.negated && inner.negated) {
        return automatonIncludes(outerSide([...outer.patterns, ...inner.patterns], kind), innerSide(within ?? ["*"], kind));
    }
    return includes(outerSide(inner.patterns, kind), innerSide(outer.patterns, kind));
}

/**
 * Whether two elements may apply to a common string: an Allow's Action and the actions a rule asks
 * about. Read so that a "false" holds whatever a policy variable resolves to.
 */
export function elementsIntersect(a: PatternElement, b: PatternElement, kind: PatternKind): boolean {
    return remembered(`meets\u0001${kind}\u0001${elementKey(a)}\u0002${elementKey(b)}`, () => decideElementsIntersect(a, b, kind));
}

function decideElementsIntersect(a: PatternElement, b: PatternElement, kind: PatternKind): boolean {
    if (!a.negated && !b.negated) {
        return patternsIntersect(a.patterns, b.patterns, kind);
    }
    if (a.negated && b.negated) {
        // Two complements meet unless the lists together match every string.
        return !automatonIncludes(outerSide([...a.patterns, ...b.patterns], kind), innerSide(["*"], kind));
    }
    const [positive, negative] = a.negated ? [b, a] : [a, b];
    return !automatonIncludes(outerSide(negative.patterns, kind), innerSide(positive.patterns, kind));
}
