// The concrete-request evaluator (iam/condition-eval.ts) against the rules of AWS's "Condition
// operators" page, one rule per test, each with the case that would pass for the wrong reason.
import { expect } from "chai";
import { parsePolicyDocument } from "../../iam";
import { arnLike, clauseHolds, evaluateScps, UnsupportedConditionError } from "../../iam/condition-eval";

const clause = (operator: string, key: string, values: unknown) =>
    parsePolicyDocument({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Condition: { [operator]: { [key]: values } } }] }).statements[0].conditions[0];
const holds = (operator: string, key: string, values: unknown, context: Record<string, string | string[]>) => clauseHolds(clause(operator, key, values), context);

describe("iam/condition-eval: condition operators", () => {
    it("StringEquals: any listed value, case-sensitive; false when the key is absent", () => {
        expect(holds("StringEquals", "aws:RequestedRegion", ["us-east-1", "eu-west-1"], { "aws:RequestedRegion": "eu-west-1" })).to.equal(true);
        expect(holds("StringEquals", "aws:RequestedRegion", "us-east-1", { "aws:RequestedRegion": "US-EAST-1" })).to.equal(false);
        expect(holds("StringEquals", "aws:RequestedRegion", "us-east-1", {})).to.equal(false);
    });

    it("StringNotEquals: none of the listed values (a logical AND), and TRUE when the key is absent", () => {
        expect(holds("StringNotEquals", "aws:RequestedRegion", ["us-east-1", "eu-west-1"], { "aws:RequestedRegion": "eu-west-1" })).to.equal(false);
        expect(holds("StringNotEquals", "aws:RequestedRegion", ["us-east-1", "eu-west-1"], { "aws:RequestedRegion": "us-west-2" })).to.equal(true);
        expect(holds("StringNotEquals", "aws:SourceVpce", "vpce-1", {})).to.equal(true);
    });

    it("...IfExists: true when the key is absent, the base operator otherwise", () => {
        expect(holds("StringNotEqualsIfExists", "aws:SourceVpce", "vpce-1", {})).to.equal(true);
        expect(holds("StringEqualsIfExists", "aws:SourceVpce", "vpce-1", {})).to.equal(true);
        expect(holds("StringEqualsIfExists", "aws:SourceVpce", "vpce-1", { "aws:SourceVpce": "vpce-2" })).to.equal(false);
        expect(holds("StringNotEqualsIfExists", "aws:SourceVpce", "vpce-1", { "aws:SourceVpce": "vpce-1" })).to.equal(false);
    });

    it("keys compare case-insensitively, values do not (except IgnoreCase)", () => {
        expect(holds("StringEquals", "AWS:requestedregion", "us-east-1", { "aws:RequestedRegion": "us-east-1" })).to.equal(true);
        expect(holds("StringEqualsIgnoreCase", "aws:RequestedRegion", "US-EAST-1", { "aws:RequestedRegion": "us-east-1" })).to.equal(true);
        expect(holds("StringNotEqualsIgnoreCase", "aws:RequestedRegion", "US-EAST-1", { "aws:RequestedRegion": "us-east-1" })).to.equal(false);
    });

    it("StringLike / StringNotLike: * and ? wildcards; the negated form is true for an absent key", () => {
        expect(holds("StringLike", "bedrock:GuardrailIdentifier", "arn:aws:bedrock:*:111122223333:guardrail/ab?", { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc" })).to.equal(true);
        expect(holds("StringLike", "bedrock:GuardrailIdentifier", "arn:aws:bedrock:*:111122223333:guardrail/ab?", { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-east-1:111122223333:guardrail/abcd" })).to.equal(false);
        expect(holds("StringNotLike", "bedrock:GuardrailIdentifier", "*", {})).to.equal(true);
        expect(holds("StringNotLike", "bedrock:GuardrailIdentifier", "*", { "bedrock:GuardrailIdentifier": "x" })).to.equal(false);
    });

    it("ArnLike: component by component, so * in the account does not swallow a colon", () => {
        expect(arnLike("arn:aws:iam::*:role/security-admin", "arn:aws:iam::111122223333:role/security-admin")).to.equal(true);
        expect(arnLike("arn:aws:iam::*:role/security-admin", "arn:aws:iam::111122223333:role/x/security-admin")).to.equal(false);
        expect(arnLike("arn:aws:iam::*:role/service-role/AmazonBedrockExecutionRoleFor*", "arn:aws:iam::111122223333:role/service-role/AmazonBedrockExecutionRoleForAgents_X")).to.equal(true);
        // A plain glob would let "*" in the account run over a colon into the resource; per component it cannot.
        expect(arnLike("arn:aws:iam::*:role/a", "arn:aws:iam::111122223333:x:role/a")).to.equal(false);
        expect(arnLike("arn:aws:bedrock:*:*:inference-profile/us.*", "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.x")).to.equal(true);
        expect(arnLike("arn:aws:iam::*:role/Admin", "arn:aws:iam::111122223333:role/admin")).to.equal(false);
        expect(arnLike("arn:aws:iam::*:role/a", "not-an-arn")).to.equal(false);
        expect(() => arnLike("*", "arn:aws:iam::111122223333:role/a")).to.throw(UnsupportedConditionError);
    });

    it("ArnNotLike: true when no pattern matches, and when the key is absent", () => {
        const admins = ["arn:aws:iam::*:role/security-admin", "arn:aws:iam::*:role/bedrock-admin"];
        expect(holds("ArnNotLike", "aws:PrincipalArn", admins, { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/bedrock-admin" })).to.equal(false);
        expect(holds("ArnNotLike", "aws:PrincipalArn", admins, { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/dev" })).to.equal(true);
        expect(holds("ArnNotLike", "bedrock:InferenceProfileArn", "arn:aws:bedrock:us-east-1:*:inference-profile/us.*", {})).to.equal(true);
    });

    it("Null: true tests absence, false tests presence", () => {
        expect(holds("Null", "aws:SourceVpce", "true", {})).to.equal(true);
        expect(holds("Null", "aws:SourceVpce", "true", { "aws:SourceVpce": "vpce-1" })).to.equal(false);
        expect(holds("Null", "aws:SourceVpce", "false", { "aws:SourceVpce": "vpce-1" })).to.equal(true);
        expect(holds("Null", "aws:SourceVpce", false, {})).to.equal(false);
    });

    it("Bool compares the text of true and false; an absent key is false", () => {
        expect(holds("Bool", "aws:SecureTransport", "false", { "aws:SecureTransport": "false" })).to.equal(true);
        expect(holds("Bool", "aws:SecureTransport", "false", { "aws:SecureTransport": "true" })).to.equal(false);
        expect(holds("Bool", "aws:SecureTransport", "false", {})).to.equal(false);
    });

    it("ForAnyValue / ForAllValues over a multivalued key, with their absent-key results", () => {
        const tags = { "aws:TagKeys": ["Team", "Owner"] };
        expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", ["Owner"], tags)).to.equal(true);
        expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", ["Cost"], tags)).to.equal(false);
        expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", ["Owner"], {})).to.equal(false);
        expect(holds("ForAllValues:StringEquals", "aws:TagKeys", ["Team", "Owner", "Cost"], tags)).to.equal(true);
        expect(holds("ForAllValues:StringEquals", "aws:TagKeys", ["Team"], tags)).to.equal(false);
        expect(holds("ForAllValues:StringEquals", "aws:TagKeys", ["Team"], {})).to.equal(true);
    });

    it("refuses what it does not implement instead of guessing", () => {
        expect(() => holds("NumericLessThan", "aws:MultiFactorAuthAge", "3600", { "aws:MultiFactorAuthAge": "10" })).to.throw(UnsupportedConditionError);
        expect(() => holds("NumericLessThan", "aws:MultiFactorAuthAge", "3600", {})).to.throw(UnsupportedConditionError);
        expect(() => holds("StringEquals", "aws:PrincipalTag/team", "${aws:username}", { "aws:PrincipalTag/team": "x" })).to.throw(UnsupportedConditionError);
        expect(() => holds("StringEquals", "aws:TagKeys", "Team", { "aws:TagKeys": ["Team", "Owner"] })).to.throw(UnsupportedConditionError);
    });
});

describe("iam/condition-eval: SCP decisions", () => {
    const fullAccess = parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    const denyOutside = parsePolicyDocument({
        Statement: [
            {
                Sid: "DenyOutside",
                Effect: "Deny",
                Action: "bedrock:*",
                Resource: "*",
                Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] }, ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/admin" } },
            },
        ],
    });
    const request = (region: string, principal: string) => ({
        action: "bedrock:InvokeModel",
        resource: `arn:aws:bedrock:${region}::foundation-model/anthropic.x`,
        context: { "aws:RequestedRegion": region, "aws:PrincipalArn": principal },
    });

    it("denies only when every clause of the Deny holds", () => {
        expect(evaluateScps([fullAccess, denyOutside], request("us-west-2", "arn:aws:iam::111122223333:role/dev"))).to.deep.include({ allowed: false });
        expect(evaluateScps([fullAccess, denyOutside], request("us-west-2", "arn:aws:iam::111122223333:role/dev")).deniedBy.map((s) => s.sid)).to.deep.equal(["DenyOutside"]);
        expect(evaluateScps([fullAccess, denyOutside], request("us-east-1", "arn:aws:iam::111122223333:role/dev")).allowed).to.equal(true);
        expect(evaluateScps([fullAccess, denyOutside], request("us-west-2", "arn:aws:iam::111122223333:role/admin")).allowed).to.equal(true);
    });

    it("allows nothing without an Allow (an SCP level without FullAWSAccess)", () => {
        expect(evaluateScps([denyOutside], request("us-east-1", "arn:aws:iam::111122223333:role/dev")).allowed).to.equal(false);
    });

    it("applies a Deny only to the actions and resources it names", () => {
        const other = { ...request("us-west-2", "arn:aws:iam::111122223333:role/dev"), action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
        expect(evaluateScps([fullAccess, denyOutside], other).allowed).to.equal(true);
    });
});
