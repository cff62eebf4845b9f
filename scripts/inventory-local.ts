// npm run inventory -- --out <dir> [--region r] [--profile p] [--lookback-hours h]
//
// Runs the inventory function's own collect -> analyse -> write code from a laptop with the
// user's credentials, writing to a folder laid out like the bucket (runs/<runId>/, and latest/
// for a complete run), so it can be tried before deploying. Read-only towards AWS.
import * as path from "path";
import { fromIni } from "@aws-sdk/credential-providers";
import { createClients, type InventoryClients } from "../inventory-fn/aws/clients";
import type { Clock } from "../inventory-fn/aws/clock";
import { directoryStore, runInventory, type RunEvent, type RunOutcome } from "../inventory-fn/run";

export interface LocalArgs {
    readonly out: string;
    readonly region: string;
    readonly profile?: string;
    readonly lookbackHours: number;
    readonly toolLogGroups: string[];
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run inventory -- --out <dir> [--region <region>] [--profile <profile>] [--lookback-hours <1-2160>] [--tool-log-groups <g1,g2>]

  --out             folder to write to (created if missing): <dir>/runs/<runId>/ and, for a complete run, <dir>/latest/
  --region          region to inventory (default: AWS_REGION, then AWS_DEFAULT_REGION)
  --profile         named profile from ~/.aws/config and ~/.aws/credentials (default: the SDK's default chain)
  --lookback-hours  CloudTrail/Logs window of a first run (default 24); later runs continue from <dir>/latest/manifest.json
  --tool-log-groups extra tool log groups, comma-separated (TOOL_LOG_GROUPS)`;

export function parseLocalArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): LocalArgs {
    const values = new Map<string, string>();
    const known = new Set(["--out", "--region", "--profile", "--lookback-hours", "--tool-log-groups"]);
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        if (flag === "--help" || flag === "-h") throw new UsageError(USAGE);
        if (!known.has(flag)) throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
        const value = inline ?? argv[++i];
        if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
            throw new UsageError(`${flag} needs a value\n${USAGE}`);
        }
        values.set(flag, value);
    }
    const out = values.get("--out");
    if (!out) throw new UsageError(`--out <dir> is required\n${USAGE}`);
    const region = values.get("--region") ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new UsageError(`--region is required when neither AWS_REGION nor AWS_DEFAULT_REGION is set\n${USAGE}`);
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UsageError(`--region: got "${region}", expected a region name such as us-east-1`);
    const rawLookback = values.get("--lookback-hours") ?? "24";
    const lookbackHours = Number(rawLookback);
    if (!Number.isFinite(lookbackHours) || lookbackHours < 1 || lookbackHours > 2160) {
        throw new UsageError(`--lookback-hours: got "${rawLookback}", expected a number from 1 to 2160 (CloudTrail keeps 90 days)`);
    }
    const toolLogGroups = (values.get("--tool-log-groups") ?? "").split(",").map((g) => g.trim()).filter((g) => g);
    return { out: path.resolve(out), region, profile: values.get("--profile"), lookbackHours, toolLogGroups };
}

/** Runs the inventory into `args.out`; `overrides` lets tests supply clients and a clock. */
export async function runLocal(args: LocalArgs, overrides: { clients?: InventoryClients; clock?: Clock; onEvent?: (e: RunEvent) => void } = {}): Promise<RunOutcome> {
    const clients = overrides.clients ?? createClients({ region: args.region, ...(args.profile ? { credentials: fromIni({ profile: args.profile }) } : {}) });
    return runInventory(
        { region: args.region, outputPrefix: "", latestPrefix: "latest/", toolLogGroups: args.toolLogGroups, cloudTrailLookbackHours: args.lookbackHours },
        { clients, store: directoryStore(args.out), ...(overrides.clock ? { clock: overrides.clock } : {}), ...(overrides.onEvent ? { onEvent: overrides.onEvent } : {}) },
    );
}

async function main(): Promise<number> {
    let args: LocalArgs;
    try {
        args = parseLocalArgs(process.argv.slice(2));
    } catch (error) {
        if (error instanceof UsageError) {
            console.error(error.message);
            return 2;
        }
        throw error;
    }
    const outcome = await runLocal(args, {
        onEvent: (e) => {
            if (e.event === "collector_finished") console.error(`  ${e.collector}: ${e.ok ? "ok" : "FAILED"}, ${e.count} items, ${e.durationMs} ms`);
        },
    });
    const where = path.join(args.out, ...outcome.runPrefix.split("/"));
    console.log(outcome.manifest ? `${outcome.status} run ${outcome.runId}: ${where}` : `${outcome.status} run ${outcome.runId}: nothing written`);
    if (outcome.manifest) {
        const m = outcome.manifest;
        console.log(`  ${m.principalCount} principals, ${m.modelCount} models, ${m.agentBindingCount} agent bindings, ${m.modelBindingCount} model bindings, ${m.agentToolCredentialCount} tool credentials, ${m.activityRecordCount} activity records`);
    }
    for (const e of outcome.errors) console.log(`  ${e.kind} ${e.source}${e.api ? ` ${e.api}` : ""}${e.resource ? ` ${e.resource}` : ""}: ${e.message}`);
    if (outcome.statusCode === 200) {
        console.log(`  promoted to ${path.join(args.out, "latest")}`);
        return 0;
    }
    console.log(`  ${outcome.errorSummary ?? "not promoted"}`);
    return 1;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
        },
    );
}
