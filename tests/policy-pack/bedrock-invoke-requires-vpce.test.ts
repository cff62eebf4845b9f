import { expect } from "chai";
import { doc, docObject, judge, of, rolePolicy, run, UNKNOWN_AT_PREVIEW, verdicts } from "./harness";

const RULE = "bedrock-invoke-requires-vpce";
const HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const BOTH = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
const allowWith = (condition?: object, action: unknown = BOTH, resource: unknown = HAIKU) => ({
    Sid: "InvokeHaiku",
    Effect: "Allow",
    Action: action,
    Resource: resource,
    ...(condition ? { Condition: condition } : {}),
});

describe("policy pack: bedrock-invoke-requires-vpce", () => {
    describe("a condition on the statement itself", () => {
        for (const condition of [
            { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
            { StringEqualsIgnoreCase: { "aws:SourceVpce": "VPCE-0123456789ABCDEF0" } },
            { StringLike: { "aws:SourceVpce": "vpce-0123*" } },
            { "ForAnyValue:StringEquals": { "aws:SourceVpce": ["vpce-0123456789abcdef0"] } },
            { "ForAnyValue:StringLike": { "aws:SourceVpce": "vpce-0*" } },
            { StringEquals: { "aws:SourceVpc": "vpc-0123456789abcdef0" } },
            { StringEquals: { "aws:sourceVpce": "vpce-0123456789abcdef0" } },
            { StringEquals: { "AWS:SOURCEVPCE": "vpce-0123456789abcdef0" } },
            { StringEquals: { "aws:sourcevpc": "vpc-0123456789abcdef0", "aws:RequestedRegion": "us-east-1" } },
        ]) {
            it(`counts ${JSON.stringify(condition)}`, async () => {
                expect(await verdicts(RULE, doc(allowWith(condition)))).to.deep.equal([]);
            });
        }

        for (const condition of [
            undefined,
            { StringEqualsIfExists: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
            { StringLikeIfExists: { "aws:SourceVpce": "vpce-*" } },
            { "ForAllValues:StringEquals": { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
            { StringLike: { "aws:SourceVpce": "*" } },
            { StringLike: { "aws:SourceVpce": ["vpce-0123456789abcdef0", "*"] } },
            { StringNotEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
            { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
            { StringEquals: { "aws:SourceVpcArn": "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123" } },
            { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
        ]) {
            it(`does not count ${JSON.stringify(condition) ?? "no condition"}`, async () => {
                expect(await verdicts(RULE, doc(allowWith(condition)))).to.deep.equal(["violation"]);
            });
        }

        it("says why a condition on the key does not count", async () => {
            const [finding] = await judge(RULE, doc(allowWith({ StringEqualsIfExists: { "aws:SourceVpce": "vpce-0123456789abcdef0" } })));
            expect(finding.message).to.contain("StringEqualsIfExists on aws:SourceVpce passes when the key is absent");
            expect(finding.message).to.contain('Statement "InvokeHaiku" (#0) allows bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream without holding them to a VPC endpoint');
        });
    });

    describe("a Deny guard in the same document", () => {
        const guard = (operator: string, action: unknown = BOTH, resource: unknown = "*") => ({
            Sid: "DenyOutsideEndpoint",
            Effect: "Deny",
            Action: action,
            Resource: resource,
            Condition: { [operator]: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
        });

        for (const operator of ["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike"]) {
            it(`holds the Allow with ${operator}`, async () => {
                expect(await verdicts(RULE, doc(allowWith(), guard(operator)))).to.deep.equal([]);
            });
        }

        for (const operator of ["StringNotEqualsIfExists", "ForAnyValue:StringNotEquals", "ForAllValues:StringNotEquals", "StringEquals"]) {
            it(`does not hold it with ${operator}`, async () => {
                expect(await verdicts(RULE, doc(allowWith(), guard(operator)))).to.deep.equal(["violation"]);
            });
        }

        it("holds it with a Deny whose resource pattern covers the Allow's models", async () => {
            expect(await verdicts(RULE, doc(allowWith(), guard("StringNotEquals", "bedrock:Invoke*", "arn:aws:bedrock:*::foundation-model/*")))).to.deep.equal([]);
        });

        it("does not hold it with a Deny over other resources", async () => {
            expect(await verdicts(RULE, doc(allowWith(), guard("StringNotEquals", BOTH, "arn:aws:bedrock:us-east-1::foundation-model/amazon.*")))).to.deep.equal(["violation"]);
        });

        it("reports only the action the Deny does not cover", async () => {
            const [finding] = await judge(RULE, doc(allowWith(), guard("StringNotEquals", "bedrock:InvokeModel")));
            expect(finding.message).to.contain("allows bedrock:InvokeModelWithResponseStream without holding it");
        });

        describe("covers the Allow by what the patterns mean, not by their text", () => {
            it("does not count a Deny whose ? reads the Allow's * as one character", async () => {
                // Read as text, "us-east-?" matches "us-east-*"; as sets, us-east-10 is outside the Deny.
                const allow = allowWith(undefined, BOTH, "arn:aws:bedrock:us-east-*::foundation-model/anthropic.*");
                const deny = guard("StringNotEquals", BOTH, "arn:aws:bedrock:us-east-?::foundation-model/*");
                expect(await verdicts(RULE, doc(allow, deny))).to.deep.equal(["violation"]);
                const wide = guard("StringNotEquals", BOTH, "arn:aws:bedrock:us-east-*::foundation-model/*");
                expect(await verdicts(RULE, doc(allow, wide))).to.deep.equal([]);
            });

            it("reads a wildcard in the configured actions as the set of actions it names", async () => {
                const config = { [RULE]: { actions: ["bedrock:Invoke*"] } };
                // The Allow grants part of bedrock:Invoke*: it must be held to an endpoint.
                expect(await verdicts(RULE, doc(allowWith(undefined, "bedrock:InvokeModel")), { config })).to.deep.equal(["violation"]);
                // A Deny on exactly what the Allow grants of it is a guard.
                const deny = guard("StringNotEquals", "bedrock:InvokeModel");
                expect(await verdicts(RULE, doc(allowWith(undefined, "bedrock:InvokeModel"), deny), { config })).to.deep.equal([]);
                expect(await verdicts(RULE, doc(allowWith(undefined, "bedrock:Invoke*"), deny), { config })).to.deep.equal(["violation"]);
            });

            it("reads NotAction on either side as the actions it leaves", async () => {
                const denyAllBut = { ...guard("StringNotEquals"), Action: undefined, NotAction: "s3:*" };
                expect(await verdicts(RULE, doc(allowWith(), denyAllBut))).to.deep.equal([]);
                const denyAllButInvoke = { ...guard("StringNotEquals"), Action: undefined, NotAction: "bedrock:Invoke*" };
                expect(await verdicts(RULE, doc(allowWith(), denyAllButInvoke))).to.deep.equal(["violation"]);
                const allowAllBut = { Effect: "Allow", NotAction: "iam:*", Resource: HAIKU };
                expect(await verdicts(RULE, doc(allowAllBut, guard("StringNotEquals", "bedrock:Invoke*")))).to.deep.equal([]);
            });

            it("decides NotResource against NotResource whatever they list", async () => {
                const allowNot = (notResource: string) => ({ Effect: "Allow", Action: BOTH, NotResource: notResource });
                const denyNot = (notResource: string) => ({ ...guard("StringNotEquals"), Resource: undefined, NotResource: notResource });
                const llama8b = "arn:aws:bedrock:*::foundation-model/meta.llama3-8b*";
                const meta = "arn:aws:bedrock:*::foundation-model/meta.*";
                // The Deny spares every Meta model; the Allow grants the 70b one: not held.
                expect(await verdicts(RULE, doc(allowNot(llama8b), denyNot(meta)))).to.deep.equal(["violation"]);
                // The Deny spares only what the Allow does not grant: held.
                expect(await verdicts(RULE, doc(allowNot(meta), denyNot(llama8b)))).to.deep.equal([]);
                // A Resource list against a NotResource, and the reverse.
                expect(await verdicts(RULE, doc(allowWith(undefined, BOTH, HAIKU), denyNot(meta)))).to.deep.equal([]);
                expect(await verdicts(RULE, doc(allowNot(meta), guard("StringNotEquals", BOTH, "arn:aws:bedrock:*")))).to.deep.equal(["violation"]);
                expect(await verdicts(RULE, doc(allowNot(meta), guard("StringNotEquals", BOTH, "*")))).to.deep.equal([]);
            });
        });

        describe("a guard with parts unknown at preview", () => {
            for (const [what, unknownPart] of [
                ["Resource", { Resource: UNKNOWN_AT_PREVIEW }],
                ["Resource entry", { Resource: ["arn:aws:bedrock:us-east-1::foundation-model/amazon.*", UNKNOWN_AT_PREVIEW] }],
                ["Action", { Action: UNKNOWN_AT_PREVIEW }],
                ["NotResource entry", { Resource: undefined, NotResource: ["arn:aws:bedrock:*::foundation-model/meta.*", UNKNOWN_AT_PREVIEW] }],
            ] as const) {
                it(`cannot decide until update when the guard's ${what} is unknown`, async () => {
                    const policy = docObject(allowWith(), { ...guard("StringNotEquals"), ...unknownPart });
                    const findings = await judge(RULE, policy);
                    expect(findings.map((f) => [f.status, f.enforcementLevel])).to.deep.equal([["undecidable", "advisory"]]);
                    expect(findings[0].message).to.match(/^cannot decide until update: /);
                    expect(findings[0].message).to.contain('(Deny "DenyOutsideEndpoint" (#1) may hold them once its values unknown at preview are known)');
                });
            }

            it("reads an unknown entry on the Allow's side as possibly anything", async () => {
                // The unknown entry may be a model outside the guard's family: cannot decide yet.
                const allow = allowWith(undefined, BOTH, [HAIKU, UNKNOWN_AT_PREVIEW]);
                expect(await verdicts(RULE, docObject(allow, guard("StringNotEquals", BOTH, "arn:aws:bedrock:*::foundation-model/anthropic.*")))).to.deep.equal(["undecidable"]);
                // A guard on every resource holds whatever it turns out to be.
                expect(await verdicts(RULE, docObject(allow, guard("StringNotEquals")))).to.deep.equal([]);
                // An unknown NotResource entry only narrows the Allow: a guard on everything still holds it.
                const allowNot = { Effect: "Allow", Action: BOTH, NotResource: ["arn:aws:bedrock:*::foundation-model/meta.*", UNKNOWN_AT_PREVIEW] };
                expect(await verdicts(RULE, docObject(allowNot, guard("StringNotEquals")))).to.deep.equal([]);
            });

            it("still decides when the known parts already cover, or can never cover", async () => {
                // An unknown extra Resource entry can only add to what the Deny covers.
                const covering = { ...guard("StringNotEquals"), Resource: ["*", UNKNOWN_AT_PREVIEW] };
                expect(await verdicts(RULE, docObject(allowWith(), covering))).to.deep.equal([]);
                // Whatever its Resource, a Deny on other actions guards nothing here.
                const otherActions = { ...guard("StringNotEquals", "s3:GetObject"), Resource: UNKNOWN_AT_PREVIEW };
                expect(await verdicts(RULE, docObject(allowWith(), otherActions))).to.deep.equal(["violation"]);
            });
        });

        it("does not look for the guard in another resource's document", async () => {
            const findings = await run([rolePolicy("allow", doc(allowWith())), rolePolicy("guard", doc(guard("StringNotEquals")))]);
            expect(of(findings, RULE).map((f) => f.resourceName)).to.deep.equal(["allow"]);
        });
    });

    it("reports grants by wildcard, case variant and NotAction", async () => {
        for (const action of ["bedrock:*", "bedrock:invokemodel", "*"]) {
            expect(await verdicts(RULE, doc(allowWith(undefined, action)))).to.deep.equal(["violation"]);
        }
        expect(await verdicts(RULE, doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).to.deep.equal(["violation"]);
    });

    it("does not report a statement that grants no invoke action", async () => {
        expect(await verdicts(RULE, doc(allowWith(undefined, ["bedrock:ListFoundationModels", "bedrock:GetFoundationModel"], "*")))).to.deep.equal([]);
    });

    it("checks the actions set in config (e.g. bedrock:InvokeAgent too)", async () => {
        const agent = allowWith(undefined, "bedrock:InvokeAgent", "arn:aws:bedrock:us-east-1:123456789012:agent-alias/A1/B1");
        expect(await verdicts(RULE, doc(agent))).to.deep.equal([]);
        const config = { [RULE]: { actions: ["bedrock:InvokeModel", "bedrock:InvokeAgent"] } };
        expect(await verdicts(RULE, doc(agent), { config })).to.deep.equal(["violation"]);
    });

    it("accepts only the endpoint ids set in acceptedEndpointIds", async () => {
        const config = { [RULE]: { acceptedEndpointIds: ["vpce-0aaaaaaaaaaaaaaaa"] } };
        const accepted = allowWith({ StringEquals: { "aws:SourceVpce": "vpce-0aaaaaaaaaaaaaaaa" } });
        const other = allowWith({ StringEquals: { "aws:SourceVpce": "vpce-0bbbbbbbbbbbbbbbb" } });
        expect(await verdicts(RULE, doc(accepted), { config })).to.deep.equal([]);
        const [finding] = await judge(RULE, doc(other), { config });
        expect(finding.status).to.equal("violation");
        expect(finding.message).to.contain("not an accepted endpoint (acceptedEndpointIds)");
    });

    it("counts a Deny guard on an accepted endpoint even when the Allow names another", async () => {
        const config = { [RULE]: { acceptedEndpointIds: ["vpce-0aaaaaaaaaaaaaaaa"] } };
        const other = allowWith({ StringEquals: { "aws:SourceVpce": "vpce-0bbbbbbbbbbbbbbbb" } });
        const guard = { Effect: "Deny", Action: BOTH, Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0aaaaaaaaaaaaaaaa" } } };
        expect(await verdicts(RULE, doc(other, guard), { config })).to.deep.equal([]);
    });

    it("rejects a malformed acceptedEndpointIds in config with a message naming the key", async () => {
        let error: Error | undefined;
        try {
            await run(rolePolicy("p", doc(allowWith())), { config: { [RULE]: { acceptedEndpointIds: ["endpoint-1"] } } });
        } catch (err) {
            error = err as Error;
        }
        expect(error?.message).to.match(/^bedrock-invoke-requires-vpce\.acceptedEndpointIds\.0: got "endpoint-1", expected a string matching \^vpce-/);
    });
});
