import { expect } from "chai";
import { doc, docObject, judge, of, planned, role, rolePolicy, run, UNKNOWN_AT_PREVIEW, urnOf, ROLE_POLICY } from "./harness";

const CORE = ["bedrock-no-wildcard-actions", "bedrock-invoke-model-no-wildcard-resource", "bedrock-invoke-requires-vpce"];
const HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

describe("policy pack: preview semantics", () => {
    it("reports a policy unknown at preview as undecidable (advisory) for every core rule, never as a pass", async () => {
        const findings = await run(rolePolicy("later", UNKNOWN_AT_PREVIEW));
        for (const rule of CORE) {
            const [finding] = of(findings, rule);
            expect(finding, rule).to.include({ status: "undecidable", enforcementLevel: "advisory" });
            expect(finding.message).to.match(/^cannot decide until update: RolePolicy "later" policy is not known until the update/);
        }
    });

    it("decides the same resource at update, once the value is known", async () => {
        const atUpdate = await run(rolePolicy("later", doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" })));
        for (const rule of CORE) {
            expect(of(atUpdate, rule).map((f) => f.status), rule).to.deep.equal(["violation"]);
        }
    });

    it("decides from the known parts of a partly unknown object policy", async () => {
        // Action "*" is known, the bucket ARN is not: the wildcard is a violation already.
        const policy = docObject({ Effect: "Allow", Action: "*", Resource: UNKNOWN_AT_PREVIEW });
        const findings = await run(rolePolicy("partly", policy));
        expect(of(findings, "bedrock-no-wildcard-actions").map((f) => f.status)).to.deep.equal(["violation"]);
        expect(of(findings, "bedrock-invoke-model-no-wildcard-resource").map((f) => f.status)).to.deep.equal(["undecidable"]);
        // ...and a known, narrow action with an unknown resource is nothing to these rules.
        const narrow = await run(rolePolicy("narrow", docObject({ Effect: "Allow", Action: "s3:GetObject", Resource: [UNKNOWN_AT_PREVIEW] })));
        expect(of(narrow, "bedrock-no-wildcard-actions")).to.deep.equal([]);
        expect(of(narrow, "bedrock-invoke-model-no-wildcard-resource")).to.deep.equal([]);
    });

    it("cannot decide a VPC condition whose value is unknown", async () => {
        const policy = docObject({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: HAIKU, Condition: { StringEquals: { "aws:SourceVpce": UNKNOWN_AT_PREVIEW } } });
        expect((await judge("bedrock-invoke-requires-vpce", policy)).map((f) => f.status)).to.deep.equal(["undecidable"]);
    });

    it("cannot decide an attachment whose policy ARN is unknown, nor a Role's unknown inline policy", async () => {
        const attachment = planned("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", { role: "r", policyArn: UNKNOWN_AT_PREVIEW });
        expect(of(await run(attachment), "bedrock-no-wildcard-actions").map((f) => f.status)).to.deep.equal(["undecidable"]);
        const withInline = role("r", { inlinePolicies: [{ name: "late", policy: UNKNOWN_AT_PREVIEW }] });
        expect(of(await run(withInline), "bedrock-invoke-requires-vpce").map((f) => f.status)).to.deep.equal(["undecidable"]);
    });

    it("cannot decide an unknown effect or an unknown NotAction entry that could take Bedrock away", async () => {
        const unknownEffect = docObject({ Effect: UNKNOWN_AT_PREVIEW, Action: "bedrock:*", Resource: "*" });
        expect((await judge("bedrock-no-wildcard-actions", unknownEffect)).map((f) => f.status)).to.deep.equal(["undecidable"]);
        const unknownNotAction = docObject({ Effect: "Allow", NotAction: ["iam:*", UNKNOWN_AT_PREVIEW], Resource: "*" });
        expect((await judge("bedrock-no-wildcard-actions", unknownNotAction)).map((f) => f.status)).to.deep.equal(["undecidable"]);
        // A Deny with an unknown action is no grant: nothing to decide.
        expect(await judge("bedrock-no-wildcard-actions", docObject({ Effect: "Deny", Action: UNKNOWN_AT_PREVIEW, Resource: "*" }))).to.deep.equal([]);
    });

    it("cannot decide hygiene settings that are unknown at preview", async () => {
        const logs = planned("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: UNKNOWN_AT_PREVIEW, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" });
        expect(of(await run(logs), "log-group-retention-and-kms").map((f) => f.status)).to.deep.equal(["undecidable"]);
        const fn = planned("aws:lambda/function:Function", "fn", { runtime: UNKNOWN_AT_PREVIEW });
        expect(of(await run(fn), "lambda-supported-runtime").map((f) => f.status)).to.deep.equal(["undecidable"]);
        const bucket = planned("aws:s3/bucket:Bucket", "b", { bucket: "b-1" });
        const encryption = planned("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "enc", { bucket: "b-1", rules: UNKNOWN_AT_PREVIEW });
        expect(of(await run([bucket, encryption]), "s3-bucket-sse-kms").map((f) => f.status)).to.deep.equal(["undecidable"]);
    });

    it("cannot decide whether a role with an unknown trust policy is a Bedrock service role", async () => {
        const findings = of(
            await run(role("maybe", { assumeRolePolicy: UNKNOWN_AT_PREVIEW, inlinePolicies: [{ name: "i", policy: doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }) }] })),
            "bedrock-service-role-scoped",
        );
        expect(findings.map((f) => f.status)).to.deep.equal(["undecidable"]);
    });

    it("reports malformed JSON as a violation of each core rule, quoting the parse error", async () => {
        const findings = await run(rolePolicy("broken", '{"Version": "2012-10-17", "Statement": [}'));
        for (const rule of CORE) {
            const [finding] = of(findings, rule);
            expect(finding.status, rule).to.equal("violation");
            expect(finding.message).to.match(/RolePolicy "broken" policy cannot be read: policy document is not valid JSON: Unexpected token/);
        }
        expect(of(findings, "iam-allow-not-action")).to.deep.equal([]);
    });

    it("reports a document that parses but is not a policy, naming the element", async () => {
        const [finding] = of(await run(rolePolicy("odd", doc({ Effect: "Permit", Action: "s3:GetObject", Resource: "*" }))), "bedrock-no-wildcard-actions");
        expect(finding.message).to.contain('Statement[0].Effect must be "Allow" or "Deny", got "Permit"');
    });
});

describe("policy pack: exemptions", () => {
    const broad = rolePolicy("legacy-admin", doc({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }));
    const exempt = (entry: object, rule = "bedrock-no-wildcard-actions") => ({ config: { [rule]: { exemptions: [entry] } } });

    it("reports an exempted finding as advisory, with the reason and the finding it replaces", async () => {
        const findings = of(await run(broad, exempt({ resource: "legacy-*", reason: "break-glass role, review 2027-01 (SEC-42)" })), "bedrock-no-wildcard-actions");
        expect(findings).to.have.length(1);
        expect(findings[0]).to.include({ status: "exempted", enforcementLevel: "advisory" });
        expect(findings[0].message).to.match(/^exempted: break-glass role, review 2027-01 \(SEC-42\) \(resource "legacy-\*"\); finding: RolePolicy "legacy-admin" policy: Statement #0 allows every Bedrock action/);
    });

    it("matches by URN too, and only the rule whose config holds the exemption", async () => {
        const findings = await run(broad, exempt({ urn: urnOf(ROLE_POLICY, "legacy-admin"), reason: "accepted" }));
        expect(of(findings, "bedrock-no-wildcard-actions", "exempted")).to.have.length(1);
        expect(of(findings, "bedrock-invoke-model-no-wildcard-resource", "violation")).to.have.length(1);
    });

    it("does not exempt a resource the pattern does not name", async () => {
        const findings = of(await run(broad, exempt({ resource: "legacy", reason: "exact name only" })), "bedrock-no-wildcard-actions");
        expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
    });

    it("exempts a stack-validation finding by the resource it is about", async () => {
        const bucket = planned("aws:s3/bucket:Bucket", "public-site", { bucket: "public-site-1" });
        const findings = of(await run(bucket, exempt({ resource: "public-site", reason: "static website, public by design" }, "s3-bucket-public-access-block")), "s3-bucket-public-access-block");
        expect(findings.map((f) => f.status)).to.deep.equal(["exempted"]);
    });

    for (const [entry, expected] of [
        [{ resource: "legacy-*" }, /bedrock-no-wildcard-actions\.exemptions\.0: got .*, expected a "reason" property$/],
        [{ reason: "no target" }, /bedrock-no-wildcard-actions\.exemptions\.0: got .*, expected at least 2 properties \(an exemption needs "reason" and one of "resource" or "urn"\)$/],
        [{ resource: "x", reason: "" }, /bedrock-no-wildcard-actions\.exemptions\.0\.reason: got "", expected a string of at least 1 character\(s\)$/],
        [{ resource: "x", reason: "r", until: "2027" }, /exemptions\.0: got .*, expected no property "until"$/],
    ] as const) {
        it(`rejects the exemption ${JSON.stringify(entry)} in config`, async () => {
            let error: Error | undefined;
            try {
                await run(broad, exempt(entry));
            } catch (err) {
                error = err as Error;
            }
            expect(error?.message).to.match(expected);
        });
    }
});
