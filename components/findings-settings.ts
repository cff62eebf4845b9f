// The findings' thresholds and schedules (issue 12): one table from which BedrockInventory
// validates its arguments and sets the function's environment, and the stack config its keys.
// inventory-fn/env.ts parses the same variables with the same ranges (a test holds them equal).
import * as rules from "./config/validators";

/** Model id patterns: ids as ListFoundationModels names them, `*` for any run of characters. */
export const modelPattern: rules.Validator<string> = (value) =>
    /^[A-Za-z0-9.:*_-]{1,200}$/.test(value) ? undefined : "a model id pattern of 1 to 200 characters from [A-Za-z0-9.:*_-] (`*` matches any run)";

/** An IAM path: `/`, or `/segment/.../`. */
export const iamPathPrefix: rules.Validator<string> = (value) =>
    /^\/([\w+=,.@-]+\/)+$/.test(value) && value.length <= 512 ? undefined : "an IAM path such as /teams/ (begins and ends with '/', at most 512 characters)";

/** A tag key: 1 to 128 characters, not in the reserved aws: space. */
export const tagKey: rules.Validator<string> = (value) =>
    /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(value) && !/^aws:/i.test(value) ? undefined : "a tag key of 1 to 128 characters, not starting with aws:";

/** A managed policy name, `{team}` standing for the team. */
export const boundaryPolicyName: rules.Validator<string> = (value) =>
    /^[\w+=,.@{}-]{1,128}$/.test(value) ? undefined : "a policy name of 1 to 128 characters from [A-Za-z0-9+=,.@_-], {team} standing for the team";

interface Setting<T, I = T> {
    /** The function's environment variable. */
    readonly env: string;
    readonly default: T;
    /** Rules of the value (of each item, for a list). */
    readonly rules: readonly rules.Validator<I>[];
}

/** Integer settings: argument name -> variable, default, range. */
export const FINDINGS_NUMBERS = {
    findingsWindowDays: { env: "FINDINGS_WINDOW_DAYS", default: 90, min: 1, max: 400 },
    denialBurstCount: { env: "DENIAL_BURST_COUNT", default: 5, min: 2, max: 10_000 },
    denialBurstMinutes: { env: "DENIAL_BURST_MINUTES", default: 5, min: 1, max: 1440 },
    offHoursStartHour: { env: "OFF_HOURS_START_HOUR", default: 22, min: 0, max: 23 },
    offHoursEndHour: { env: "OFF_HOURS_END_HOUR", default: 6, min: 0, max: 23 },
    offHoursUtcOffsetHours: { env: "OFF_HOURS_UTC_OFFSET_HOURS", default: 0, min: -12, max: 14 },
    offHoursMinInvocations: { env: "OFF_HOURS_MIN_INVOCATIONS", default: 10, min: 1, max: 1_000_000 },
    rateSpikeFactor: { env: "RATE_SPIKE_FACTOR", default: 3, min: 2, max: 1000 },
    rateSpikeMinInvocations: { env: "RATE_SPIKE_MIN_INVOCATIONS", default: 50, min: 1, max: 1_000_000 },
    rateBaselineDays: { env: "RATE_BASELINE_DAYS", default: 7, min: 2, max: 30 },
    // Caps on what findings.json and the usage state hold (docs/findings.md, "Caps").
    evidenceMaxEventIds: { env: "EVIDENCE_MAX_EVENT_IDS", default: 20, min: 1, max: 1000 },
    evidenceMaxTargets: { env: "EVIDENCE_MAX_TARGETS", default: 100, min: 1, max: 100_000 },
    usageStateMaxUses: { env: "USAGE_STATE_MAX_USES", default: 50_000, min: 1000, max: 10_000_000 },
    usageStateMaxHours: { env: "USAGE_STATE_MAX_HOURS", default: 100_000, min: 1000, max: 10_000_000 },
} as const;

/** List settings: comma-joined in the environment. */
export const FINDINGS_LISTS = {
    approvedModels: { env: "APPROVED_MODELS", default: [] as string[], rules: [modelPattern] },
    premiumModels: { env: "PREMIUM_MODELS", default: ["*opus*"], rules: [modelPattern] },
} as const satisfies Record<string, Setting<string[], string>>;

/** String settings; "" means not set. */
export const FINDINGS_STRINGS = {
    teamRolePathPrefix: { env: "TEAM_ROLE_PATH_PREFIX", default: "", rules: [iamPathPrefix] },
    teamTagKey: { env: "TEAM_TAG_KEY", default: "", rules: [tagKey] },
    teamBoundaryPolicyName: { env: "TEAM_BOUNDARY_POLICY_NAME", default: "{team}-boundary", rules: [boundaryPolicyName] },
} as const satisfies Record<string, Setting<string>>;

export type FindingsArgName = keyof typeof FINDINGS_NUMBERS | keyof typeof FINDINGS_LISTS | keyof typeof FINDINGS_STRINGS;
export type FindingsArgs = { readonly [K in keyof typeof FINDINGS_NUMBERS]?: number } & { readonly [K in keyof typeof FINDINGS_LISTS]?: string[] } & { readonly [K in keyof typeof FINDINGS_STRINGS]?: string };

/**
 * The function's environment for the findings arguments that differ from their defaults (a
 * default needs no variable: the function has the same one), and what is wrong with them.
 */
export function findingsEnvironment(args: FindingsArgs): { environment: Record<string, string>; problems: { arg: string; value: unknown; expected: string }[] } {
    const environment: Record<string, string> = {};
    const problems: { arg: string; value: unknown; expected: string }[] = [];
    for (const [arg, spec] of Object.entries(FINDINGS_NUMBERS)) {
        const value = args[arg as keyof typeof FINDINGS_NUMBERS];
        if (value === undefined) continue;
        const broken = rules.integerBetween(spec.min, spec.max)(value);
        if (broken) problems.push({ arg, value, expected: broken });
        else if (value !== spec.default) environment[spec.env] = String(value);
    }
    for (const [arg, spec] of Object.entries(FINDINGS_LISTS)) {
        const value = args[arg as keyof typeof FINDINGS_LISTS];
        if (value === undefined) continue;
        const brokenAt = value.map((item) => rules.firstBroken(item, ...spec.rules));
        brokenAt.forEach((broken, i) => broken && problems.push({ arg: `${arg}[${i}]`, value: value[i], expected: broken }));
        if (brokenAt.every((b) => b === undefined) && value.join(",") !== spec.default.join(",")) environment[spec.env] = value.join(",");
    }
    // An empty premium list is a choice ("nothing is premium"), not "unset": it needs its variable.
    if (args.premiumModels !== undefined && args.premiumModels.length === 0) environment.PREMIUM_MODELS = "";
    for (const [arg, spec] of Object.entries(FINDINGS_STRINGS)) {
        const value = args[arg as keyof typeof FINDINGS_STRINGS];
        if (value === undefined || value === "") continue;
        const broken = rules.firstBroken(value, ...spec.rules);
        if (broken) problems.push({ arg, value, expected: broken });
        else if (value !== spec.default) environment[spec.env] = value;
    }
    if (args.offHoursStartHour !== undefined && args.offHoursStartHour === (args.offHoursEndHour ?? FINDINGS_NUMBERS.offHoursEndHour.default)) {
        problems.push({ arg: "offHoursStartHour", value: args.offHoursStartHour, expected: "an hour other than offHoursEndHour (equal hours make off hours empty)" });
    }
    return { environment, problems };
}
