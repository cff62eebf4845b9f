// Reusable value rules for stack config and component arguments. Each rule returns `undefined`
// when the value is acceptable and otherwise the rule it breaks, worded to complete the sentence
// "<key>: got <value>, expected <rule>". The limits are AWS's own (sources in each comment); the
// components and `components/config/stack.ts` share them so a bad value fails the same way
// whether it comes from `Pulumi.<stack>.yaml` or from a caller's program.

/**
 * Invalid arguments of a component (plain values checked at construction), one line per problem:
 * `<Component> "<name>": <arg>: got <value>, expected <rule>`. The offline plan exits 2 on it.
 */
export class ArgumentError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("\n"));
        this.name = "ArgumentError";
    }
}

/** A rule over one value: `undefined` when it holds, otherwise what was expected. */
export type Validator<T> = (value: T) => string | undefined;

/** Runs rules in order and returns the first broken one. */
export function firstBroken<T>(value: T, ...rules: Validator<T>[]): string | undefined {
    for (const rule of rules) {
        const broken = rule(value);
        if (broken !== undefined) {
            return broken;
        }
    }
    return undefined;
}

// --- numbers -----------------------------------------------------------------------------------

/** An integer within [min, max] (inclusive). */
export function integerBetween(min: number, max: number): Validator<number> {
    return (value) =>
        Number.isInteger(value) && value >= min && value <= max ? undefined : `an integer from ${min} to ${max}`;
}

/** Lambda memory: 128 MB to 10,240 MB in 1 MB steps (Lambda quotas). */
export const lambdaMemorySize: Validator<number> = (value) =>
    integerBetween(128, 10240)(value) === undefined ? undefined : "Lambda memory in MB, an integer from 128 to 10240";

/** Lambda ephemeral storage (`/tmp`): 512 MB to 10,240 MB in 1 MB steps (Lambda quotas). */
export const lambdaEphemeralStorageSize: Validator<number> = (value) =>
    integerBetween(512, 10240)(value) === undefined ? undefined : "Lambda ephemeral storage (/tmp) in MB, an integer from 512 to 10240";

/** Lambda timeout: 1 to 900 seconds (Lambda quotas: 15 minutes at most). */
export const lambdaTimeoutSeconds: Validator<number> = (value) =>
    integerBetween(1, 900)(value) === undefined ? undefined : "a Lambda timeout in seconds, an integer from 1 to 900";

/** The values PutRetentionPolicy accepts (CloudWatch Logs API reference); never-expire is not offered on purpose. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const logRetentionDays: Validator<number> = (value) =>
    CLOUDWATCH_RETENTION_DAYS.includes(value)
        ? undefined
        : `one of CloudWatch Logs' retention values (${CLOUDWATCH_RETENTION_DAYS.join(", ")})`;

/** Async invocation retries: Lambda accepts 0 to 2. */
export const asyncRetryAttempts: Validator<number> = (value) =>
    integerBetween(0, 2)(value) === undefined ? undefined : "an integer from 0 to 2 (Lambda's asynchronous retry limit)";

/** Maximum age of an asynchronous event: Lambda accepts 60 to 21,600 seconds. */
export const asyncEventAgeSeconds: Validator<number> = (value) =>
    integerBetween(60, 21600)(value) === undefined ? undefined : "an integer from 60 to 21600 seconds (Lambda's event age limit)";

/**
 * Period of an alarm evaluated over two periods. PutMetricAlarm: the period is a multiple of 60
 * and period x evaluation periods is at most 604,800 s (7 days), or 86,400 s when the period is
 * under an hour; with two periods that caps the period at 302,400 s (3.5 days).
 */
export const twoPeriodAlarmSeconds: Validator<number> = (value) =>
    Number.isInteger(value) && value >= 60 && value % 60 === 0 && value <= 302400
        ? undefined
        : "a multiple of 60 from 60 to 302400 seconds (a CloudWatch alarm evaluates two periods of at most 3.5 days)";

// --- schedule expressions ----------------------------------------------------------------------

const RATE_UNITS: Record<string, number> = { minute: 60, hour: 3600, day: 86400 };

/**
 * The length of one period of a `rate(...)` expression in seconds, or `undefined` for `cron(...)`
 * (a cron schedule has no single period) and for invalid expressions.
 */
export function schedulePeriodSeconds(expression: string): number | undefined {
    const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
    if (!match) {
        return undefined;
    }
    const unit = match[2].replace(/s$/, "");
    return Number(match[1]) * RATE_UNITS[unit];
}

// EventBridge cron fields: Minutes Hours Day-of-month Month Day-of-week Year.
const CRON_FIELDS: { name: string; pattern: RegExp }[] = [
    { name: "minutes", pattern: /^[0-9*,\-/]+$/ },
    { name: "hours", pattern: /^[0-9*,\-/]+$/ },
    { name: "day-of-month", pattern: /^[0-9*,\-/?LW]+$/ },
    { name: "month", pattern: /^([0-9*,\-/]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)+$/i },
    { name: "day-of-week", pattern: /^([0-9*,\-/?L#]|SUN|MON|TUE|WED|THU|FRI|SAT)+$/i },
    { name: "year", pattern: /^[0-9*,\-/]+$/ },
];

/**
 * An EventBridge schedule expression: `rate(<n> <unit>)` with a singular unit for 1 and a plural
 * one otherwise (EventBridge rejects `rate(1 minutes)` and `rate(5 minute)`), or
 * `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` with `?` in exactly one
 * of day-of-month and day-of-week.
 */
export const scheduleExpression: Validator<string> = (value) => {
    const expected =
        "a schedule expression: rate(1 minute|hour|day), rate(<n> minutes|hours|days) with n > 1, or cron(<6 fields>) with ? in day-of-month or day-of-week";
    const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(value);
    if (rate) {
        const amount = Number(rate[1]);
        const plural = rate[2].endsWith("s");
        if (amount < 1 || (amount === 1) === plural || rate[1].startsWith("0")) {
            return expected;
        }
        return undefined;
    }
    const cron = /^cron\((.*)\)$/.exec(value);
    if (!cron) {
        return expected;
    }
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6 || fields.some((field, i) => !CRON_FIELDS[i].pattern.test(field))) {
        return expected;
    }
    const dayOfMonthAny = fields[2] === "?";
    const dayOfWeekAny = fields[4] === "?";
    return dayOfMonthAny !== dayOfWeekAny ? undefined : expected;
};

// --- strings -----------------------------------------------------------------------------------

/** A mail address SNS can subscribe (a deliberately plain check: one @, a dot in the domain, no spaces). */
export const emailAddress: Validator<string> = (value) =>
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 254 ? undefined : "an email address such as ops@example.com";

const PARTITIONS = "aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc";

/** Any ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export const arn: Validator<string> = (value) =>
    new RegExp(`^arn:(${PARTITIONS}):[a-z0-9-]+:[a-z0-9-]*:(\\d{12}|aws)?:.+$`).test(value)
        ? undefined
        : "an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)";

/** An IAM principal that a role trust policy can name: an account root, a role or a user ARN. */
export const iamPrincipalArn: Validator<string> = (value) =>
    new RegExp(`^arn:(${PARTITIONS}):iam::\\d{12}:(root|role/[\\w+=,.@/-]+|user/[\\w+=,.@/-]+)$`).test(value)
        ? undefined
        : "an IAM principal ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>)";

/** An sts:ExternalId value: 2 to 1224 characters from IAM's allowed set. */
export const externalId: Validator<string> = (value) =>
    /^[\w+=,.@:/-]{2,1224}$/.test(value) ? undefined : "an external id of 2 to 1224 characters from [A-Za-z0-9+=,.@:/_-]";

/**
 * An S3 key prefix for a "folder": not empty, ends with `/`, no leading `/`, no empty segment,
 * only characters S3 documents as safe for keys.
 */
export const keyPrefix: Validator<string> = (value) =>
    /^[A-Za-z0-9!\-_.*'()]+(\/[A-Za-z0-9!\-_.*'()]+)*\/$/.test(value) && value.length <= 512
        ? undefined
        : "a key prefix ending in '/' (for example latest/), without a leading '/' or empty segments";

/** A CloudWatch Logs log group name: 1 to 512 characters from [.-_/#A-Za-z0-9]. */
export const logGroupName: Validator<string> = (value) =>
    /^[.\-_/#A-Za-z0-9]{1,512}$/.test(value) ? undefined : "a log group name of 1 to 512 characters from [.-_/#A-Za-z0-9]";

/** A Lambda function name: 1 to 64 characters from [A-Za-z0-9-_]. */
export const lambdaFunctionName: Validator<string> = (value) =>
    /^[A-Za-z0-9\-_]{1,64}$/.test(value) ? undefined : "a Lambda function name of 1 to 64 characters from [A-Za-z0-9-_]";

/** A KMS alias: `alias/<name>`, not in the reserved `alias/aws/` space, at most 256 characters. */
export const kmsAliasName: Validator<string> = (value) =>
    /^alias\/[A-Za-z0-9/_-]+$/.test(value) && !value.startsWith("alias/aws/") && value.length <= 256
        ? undefined
        : "a KMS alias alias/<name> from [A-Za-z0-9/_-], not under alias/aws/";

/**
 * S3 general purpose bucket naming rules (Amazon S3 User Guide, "Bucket naming rules"):
 * 3 to 63 characters; lowercase letters, digits, dots and hyphens; starts and ends with a letter
 * or digit; no two adjacent dots; not an IP address; none of the reserved prefixes and suffixes.
 */
export const s3BucketName: Validator<string> = (value) => {
    const expected =
        "an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, no reserved prefix (xn--, sthree-, amzn-s3-demo-) or suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)";
    const valid =
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
        !value.includes("..") &&
        !/^\d{1,3}(\.\d{1,3}){3}$/.test(value) &&
        !["xn--", "sthree-", "amzn-s3-demo-"].some((prefix) => value.startsWith(prefix)) &&
        !["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].some((suffix) => value.endsWith(suffix));
    return valid ? undefined : expected;
};

/**
 * Two prefixes that must not contain one another: the run prefix is expired by the lifecycle
 * rule, so a latest prefix inside it would lose the promoted copy, and the reverse would let a
 * run overwrite what readers trust.
 */
export function disjointPrefixes(a: string, b: string): boolean {
    return !a.startsWith(b) && !b.startsWith(a);
}
