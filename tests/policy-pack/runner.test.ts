import { expect } from "chai";
import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resolveConfig, runPolicies, PolicyConfigError, UNKNOWN_AT_PREVIEW } from "../../policy-pack/runner";
import { policies } from "../../policy-pack/policies";
import { planned } from "./harness";

const BUCKET = "aws:s3/bucket:Bucket";

function probe(overrides: Partial<ResourceValidationPolicy> = {}): ResourceValidationPolicy {
    return {
        name: "probe",
        description: "Probe policy.",
        enforcementLevel: "mandatory",
        configSchema: { properties: { limit: { type: "integer", default: 3 }, names: { type: "array", items: { type: "string" }, default: ["a"] } } },
        validateResource: (args, report) => report(`saw ${args.name} with ${JSON.stringify(args.getConfig())}`),
        ...overrides,
    };
}

describe("policy pack: offline runner (mirrors @pulumi/policy 1.21)", () => {
    const bucket = planned(BUCKET, "b", { bucket: "b-1" });

    describe("config", () => {
        it("starts from each policy's level and schema defaults, and hides enforcementLevel from getConfig", async () => {
            const [finding] = await runPolicies([bucket], { policies: [probe()] });
            expect(finding.enforcementLevel).to.equal("mandatory");
            expect(finding.message).to.equal('Probe policy.\nsaw b with {"limit":3,"names":["a"]}');
        });

        it("applies `all`, then a policy's own level (string or object), then its properties", () => {
            const two: Policy[] = [probe(), probe({ name: "other", enforcementLevel: "advisory" })];
            const resolved = resolveConfig(two, { all: "advisory", probe: { enforcementLevel: "mandatory", limit: 5 }, other: "disabled" });
            expect(resolved.get("probe")).to.deep.equal({ enforcementLevel: "mandatory", properties: { limit: 5, names: ["a"] } });
            expect(resolved.get("other")).to.deep.equal({ enforcementLevel: "disabled", properties: { limit: 3, names: ["a"] } });
            expect(resolveConfig(two, { all: { enforcementLevel: "mandatory" } }).get("other")?.enforcementLevel).to.equal("mandatory");
        });

        it("does not run a disabled policy, and reports a remediate-level one as mandatory", async () => {
            expect(await runPolicies([bucket], { policies: [probe()], config: { probe: "disabled" } })).to.deep.equal([]);
            const [finding] = await runPolicies([bucket], { policies: [probe()], config: { probe: "remediate" } });
            expect(finding.enforcementLevel).to.equal("mandatory");
        });

        for (const [config, message] of [
            [{ probe: "blocking" }, 'probe.enforcementLevel: got "blocking", expected one of advisory, mandatory, remediate, disabled'],
            [{ probe: { limit: "many" } }, 'probe.limit: got "many", expected a value of type integer'],
            [{ prob: "advisory" }, "prob: got a config entry, expected the name of one of the pack's policies (probe)"],
            [{ all: 3 }, "all: got 3, expected one of advisory, mandatory, remediate, disabled"],
        ] as const) {
            it(`rejects ${JSON.stringify(config)} naming the key`, () => {
                expect(() => resolveConfig([probe()], config)).to.throw(PolicyConfigError, message);
            });
        }

        it("accepts the pack's own defaults as valid config", () => {
            expect(() => resolveConfig(policies as Policy[], {})).not.to.throw();
        });
    });

    describe("calling policies", () => {
        it("skips a validation whose __pulumiType is another type without calling it", async () => {
            let calls = 0;
            const typed = Object.assign(() => void calls++, { __pulumiType: "aws:iam/role:Role" });
            await runPolicies([bucket], { policies: [probe({ validateResource: typed })] });
            expect(calls).to.equal(0);
        });

        it("wraps props in unknownCheckingProxy: an escaping UnknownValueError becomes an advisory undecidable finding", async () => {
            const readsPolicy = probe({ validateResource: (args, report) => report(`policy is ${args.props.policy}`) });
            const [finding] = await runPolicies([planned(BUCKET, "late", { policy: UNKNOWN_AT_PREVIEW })], { policies: [readsPolicy] });
            expect(finding).to.include({ status: "undecidable", enforcementLevel: "advisory" });
            expect(finding.message).to.contain("can't run policy 'probe' during preview: string value at .policy can't be known during preview");
        });

        it("treats notApplicable as no finding, and rethrows other errors with the policy and resource", async () => {
            expect(await runPolicies([bucket], { policies: [probe({ validateResource: (args) => args.notApplicable("not mine") })] })).to.deep.equal([]);
            let error: Error | undefined;
            try {
                await runPolicies([bucket], { policies: [probe({ validateResource: () => { throw new Error("boom"); } })] });
            } catch (err) {
                error = err as Error;
            }
            expect(error?.message).to.contain(`Error validating resource ${bucket.urn} with policy 'probe'`);
        });

        it("hands over stackTags, urn, name, type, opts.parent, isType and asType", async () => {
            const seen: unknown[] = [];
            const inspect = probe({
                validateResource: (args) => {
                    const bucketClass = { __pulumiType: BUCKET } as unknown as new (...a: any[]) => any;
                    seen.push(args.stackTags.get("team"), args.urn, args.name, args.type, args.opts.parent, args.isType(bucketClass), (args.asType(bucketClass) as any)?.bucket);
                },
            });
            const child = planned(BUCKET, "child", { bucket: "c-1" }, "urn:pulumi:dev::p::comp::parent");
            await runPolicies([child], { policies: [inspect], stackTags: { team: "platform" } });
            expect(seen).to.deep.equal(["platform", child.urn, "child", BUCKET, "urn:pulumi:dev::p::comp::parent", true, "c-1"]);
        });

        it("lets an object report override the level for that report only", async () => {
            const mixed = probe({
                validateResource: (_args, report) => {
                    (report as unknown as (r: object) => void)({ message: "soft", enforcementLevel: "advisory" });
                    report("hard");
                },
            });
            const findings = await runPolicies([bucket], { policies: [mixed] });
            expect(findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
                ["advisory", "soft"],
                ["mandatory", "Probe policy.\nhard"],
            ]);
        });

        it("runs a stack policy once over every resource, with parents resolved and reports attached by URN", async () => {
            const parent = planned("my:component:Thing", "parent", {});
            const child = planned(BUCKET, "child", { bucket: "c-1" }, parent.urn);
            const stackProbe: StackValidationPolicy = {
                name: "stack-probe",
                description: "Stack probe.",
                enforcementLevel: "advisory",
                validateStack: (args, report) => {
                    const c = args.resources.find((r) => r.name === "child")!;
                    (report as unknown as (r: object) => void)({ message: `parent ${c.parent?.name}`, urn: c.urn });
                },
            };
            const findings = await runPolicies([parent, child], { policies: [stackProbe] });
            expect(findings).to.deep.equal([
                { policyName: "stack-probe", enforcementLevel: "advisory", urn: child.urn, resourceName: "child", resourceType: BUCKET, status: "violation", message: "parent parent" },
            ]);
        });
    });
});
