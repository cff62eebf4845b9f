import { expect } from "chai";
import {
    actionExists, actionsOfService, expandActionPattern, isNegativeVpcGuard, isPositiveVpcCondition, parsePolicyDocument,
    patternMatchesEveryModel, serviceExists, statementCoversEveryActionOf, statementIsVpcGuard, agentAliasArn, foundationModelArn,
} from "../../iam";

const clause = (operator: string, key: string, values: unknown) =>
    parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Condition: { [operator]: { [key]: values } } }] }).statements[0].conditions[0];
const statement = (s: object) => parsePolicyDocument({ Statement: [{ Effect: "Allow", ...s }] }).statements[0];

describe("iam/conditions", () => {
    for (const op of ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ForAnyValue:StringEquals", "ForAnyValue:StringLike"]) {
        it(`counts ${op} on aws:SourceVpce as a positive VPC condition`, () => {
            expect(isPositiveVpcCondition(clause(op, "aws:SourceVpce", "vpce-0abc"))).to.equal(true);
        });
    }
    for (const op of ["StringEqualsIfExists", "StringLikeIfExists", "ForAllValues:StringEquals", "StringNotEquals", "ArnEquals", "Null"]) {
        it(`does not count ${op}`, () => {
            expect(isPositiveVpcCondition(clause(op, "aws:SourceVpce", "vpce-0abc"))).to.equal(false);
        });
    }
    it("compares the key case-insensitively and knows aws:SourceVpc", () => {
        expect(isPositiveVpcCondition(clause("StringEquals", "AWS:SOURCEVPCE", "vpce-1"))).to.equal(true);
        expect(isPositiveVpcCondition(clause("StringEquals", "aws:sourcevpc", "vpc-1"))).to.equal(true);
        expect(isPositiveVpcCondition(clause("StringEquals", "aws:SourceIp", "10.0.0.1"))).to.equal(false);
    });
    it("does not count a StringLike whose value is only wildcards", () => {
        expect(isPositiveVpcCondition(clause("StringLike", "aws:SourceVpce", "*"))).to.equal(false);
        expect(isPositiveVpcCondition(clause("StringLike", "aws:SourceVpce", ["vpce-1", "?*"]))).to.equal(false);
        expect(isPositiveVpcCondition(clause("StringLike", "aws:SourceVpce", "vpce-*"))).to.equal(true);
    });
    it("recognises a negated guard in a Deny, not IfExists", () => {
        expect(isNegativeVpcGuard(clause("StringNotEquals", "aws:sourceVpce", "vpce-1"))).to.equal(true);
        expect(isNegativeVpcGuard(clause("StringNotLike", "aws:SourceVpc", "vpc-*"))).to.equal(true);
        expect(isNegativeVpcGuard(clause("StringNotEqualsIfExists", "aws:SourceVpce", "vpce-1"))).to.equal(false);
        const deny = parsePolicyDocument({ Statement: [{ Effect: "Deny", Action: "bedrock:*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } } }] }).statements[0];
        expect(statementIsVpcGuard(deny)).to.equal(true);
    });
});

describe("iam/catalog", () => {
    it("knows Bedrock's actions and rejects made-up ones", () => {
        expect(actionExists("bedrock:InvokeModel")).to.equal(true);
        expect(actionExists("BEDROCK:invokemodel")).to.equal(true);
        expect(actionExists("s3:CopyObject")).to.equal(false);
        expect(serviceExists("bedrock")).to.equal(true);
        expect(serviceExists("bedrok")).to.equal(false);
        expect(actionsOfService("bedrock").length).to.be.greaterThan(200);
    });
    it("expands wildcard patterns over the catalog", () => {
        const invoke = expandActionPattern("bedrock:Invoke*");
        expect(invoke).to.include("bedrock:InvokeModel").and.to.include("bedrock:InvokeAgent");
        expect(invoke.every((a) => a.startsWith("bedrock:Invoke"))).to.equal(true);
    });
    it("tells when a statement covers every action of a service", () => {
        for (const form of [{ Action: "*" }, { Action: "bedrock:*" }, { Action: "*:*" }, { Action: "Bedrock:*" }, { Action: "b*:*" }, { NotAction: "iam:*" }, { Action: actionsOfService("bedrock") }]) {
            expect(statementCoversEveryActionOf(statement({ ...form, Resource: "*" }), "bedrock"), JSON.stringify(form).slice(0, 60)).to.equal(true);
        }
        for (const form of [{ Action: "bedrock:Invoke*" }, { NotAction: "bedrock:CreateModelCustomizationJob" }, { Action: "bedrock:Get*" }]) {
            expect(statementCoversEveryActionOf(statement({ ...form, Resource: "*" }), "bedrock"), JSON.stringify(form)).to.equal(false);
        }
    });
});

describe("iam/bedrock", () => {
    it("builds the ARNs InvokeModel and InvokeAgent are authorized on", () => {
        expect(foundationModelArn("us-east-1", "anthropic.claude-v2")).to.equal("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2");
        expect(agentAliasArn("us-east-1", "123456789012", "A", "B")).to.equal("arn:aws:bedrock:us-east-1:123456789012:agent-alias/A/B");
    });
    for (const pattern of ["*", "arn:aws:bedrock:*", "arn:aws:bedrock:*::foundation-model/*", "arn:aws:bedrock:us-east-1::foundation-model/*",
        "arn:*:bedrock:*:*:*", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/*", "arn:aws:bedrock:*:*:inference-profile/*", "arn:aws:bedrock:*::foundation-model/?*"]) {
        it(`sees ${pattern} as matching every model`, () => expect(patternMatchesEveryModel(pattern)).to.equal(true));
    }
    for (const pattern of ["arn:aws:bedrock:*::foundation-model/anthropic.*", "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
        "arn:aws:bedrock:*:*:agent-alias/*", "arn:aws:s3:::*", "arn:aws:bedrock:*:*:inference-profile/us.anthropic.*"]) {
        it(`sees ${pattern} as not matching every model`, () => expect(patternMatchesEveryModel(pattern)).to.equal(false));
    }
});
