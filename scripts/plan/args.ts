// Command line of `npm run plan -- --stack <name> [--json] [--program <file>]`.

export interface PlanArguments {
    readonly stack: string;
    readonly json: boolean;
    /** The Pulumi program to run, relative to the repository root. Default `index.ts`. */
    readonly program: string;
    /** A stack config file to use instead of `Pulumi.<stack>.yaml` (e.g. a candidate config). */
    readonly stackFile?: string;
    /** The policy pack's config (`--policy-pack-config`); default `policy-pack-config.json` when present. */
    readonly policyPackConfig?: string;
    readonly help: boolean;
}

/** Bad command line: the plan prints the message and the usage, and exits 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export const USAGE = `usage: npm run plan -- --stack <name> [--json] [--stack-file <file>] [--policy-pack-config <file>] [--program <file>]

  --stack <name>        the stack whose Pulumi.<name>.yaml config is planned (e.g. dev, prod)
  --json                print the plan as JSON instead of a tree
  --stack-file <file>   read the stack's config from this file instead of Pulumi.<name>.yaml
  --policy-pack-config <file>
                        the policy pack's config, as pulumi preview --policy-pack-config takes it
                        (default: policy-pack-config.json beside Pulumi.yaml, when present)
  --program <file>      the Pulumi program to run (default index.ts)
  --help                this text

Runs the program under Pulumi's mock engine: no Pulumi CLI, AWS account or network needed.
Exit 0: no mandatory policy violation; 1: a mandatory violation (listed); 2: bad config or
arguments (the message names the key and what is allowed); 3: the program failed otherwise.`;

const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function parseArguments(argv: readonly string[]): PlanArguments {
    let stack: string | undefined;
    let program = "index.ts";
    let stackFile: string | undefined;
    let policyPackConfig: string | undefined;
    let json = false;
    let help = false;
    forEachFlag(argv, (flag, value, arg) => {
        switch (flag) {
            case "--stack":
                stack = value();
                break;
            case "--program":
                program = value();
                break;
            case "--stack-file":
                stackFile = value();
                break;
            case "--policy-pack-config":
                policyPackConfig = value();
                break;
            case "--json":
                json = true;
                break;
            case "--help":
            case "-h":
                help = true;
                break;
            default:
                throw new UsageError(`${arg}: got an unknown argument, expected one of --stack <name>, --json, --stack-file <file>, --policy-pack-config <file>, --program <file>, --help`);
        }
    });
    if (help) {
        return { stack: stack ?? "", json, program, stackFile, policyPackConfig, help };
    }
    if (stack === undefined) {
        throw new UsageError("--stack: got nothing, expected the name of a stack (a Pulumi.<name>.yaml beside Pulumi.yaml)");
    }
    checkStackName(stack);
    return { stack, json, program, stackFile, policyPackConfig, help };
}

/**
 * Walks the command line's arguments, calling `onFlag` with each one's flag (`--flag` of
 * `--flag=value` too), a reader of its value (inline, else the next argument; nothing or another
 * flag is a UsageError) and the argument as given. The scripts' shared grammar (plan, access-analyzer).
 */
export function forEachFlag(argv: readonly string[], onFlag: (flag: string, value: () => string, arg: string) => void): void {
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        onFlag(
            flag,
            () => {
                const next = inline ?? argv[++i];
                if (next === undefined || next === "" || (inline === undefined && next.startsWith("--"))) {
                    throw new UsageError(`${flag}: got nothing, expected a value`);
                }
                return next;
            },
            arg,
        );
    }
}

/** A Pulumi stack name, or a UsageError naming the value and what is allowed. */
export function checkStackName(stack: string): void {
    if (!STACK_NAME.test(stack)) {
        throw new UsageError(`--stack: got ${JSON.stringify(stack)}, expected a stack name of letters, digits, '-', '_' and '.'`);
    }
}
