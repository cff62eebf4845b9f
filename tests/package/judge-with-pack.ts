// Judges two fixtures with the policy pack as installed from its tarball, alone, and prints the
// findings as JSON. The consumer test bundles this file with esbuild into a scratch directory
// where only the pack's tarball was installed: the repository's offline runner (which mirrors
// CrossGuard's runtime) is bundled in, and `./policies` is redirected to the installed pack's
// `bedrock-governance-policy-pack/policies`, so every rule that runs comes from the tarball.
import Module = require("module");
import { runPolicies, type PlannedResource } from "../../policy-pack/runner";

const type = "aws:iam/policy:Policy";
const urn = (name: string) => `urn:pulumi:dev::consumer::${type}::${name}`;

/** `bedrock:*` on everything: every core rule has something to say. */
const violating: PlannedResource = {
    urn: urn("violating"),
    type,
    name: "violating",
    props: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "All", Effect: "Allow", Action: "bedrock:*", Resource: "*" }] }) },
};

/** One model family, only through a VPC endpoint: nothing to say. */
const clean: PlannedResource = {
    urn: urn("clean"),
    type,
    name: "clean",
    props: {
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "InvokeHaiku",
                    Effect: "Allow",
                    Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                    Resource: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                    Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
                },
            ],
        }),
    },
};

/** Loads the pack's entry (what `pulumi preview --policy-pack` loads) with PolicyPack recorded, not served. */
function loadPackEntry(): { name: string; policies: number } | undefined {
    let constructed: { name: string; policies: number } | undefined;
    const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
    const realLoad = loader._load;
    loader._load = function (request: string, parent: unknown, isMain: boolean) {
        const loaded = realLoad.call(this, request, parent, isMain) as Record<string, unknown>;
        if (request !== "@pulumi/policy") return loaded;
        class RecordedPolicyPack {
            constructor(name: string, args: { policies: unknown[] }) {
                constructed = { name, policies: args.policies.length };
            }
        }
        return { ...loaded, PolicyPack: RecordedPolicyPack };
    };
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("bedrock-governance-policy-pack");
    } finally {
        loader._load = realLoad;
    }
    return constructed;
}

async function main(): Promise<void> {
    const findings = await runPolicies([violating, clean]);
    const entry = loadPackEntry();
    process.stdout.write(
        JSON.stringify({
            entry,
            findings: findings.map((f) => ({ policyName: f.policyName, resourceName: f.resourceName, status: f.status, enforcementLevel: f.enforcementLevel })),
            policiesFile: require.resolve("bedrock-governance-policy-pack/policies"),
        }),
    );
}

main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
});
