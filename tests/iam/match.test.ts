import { expect } from "chai";
import {
    actionPatternMatches, parsePolicyDocument, resourcePatternMatches, statementCoversAction, statementCoversResource, policyVariablesOf,
} from "../../iam";

const statement = (s: object) => parsePolicyDocument({ Statement: [{ Effect: "Allow", ...s }] }).statements[0];

describe("iam/match", () => {
    it("matches actions case-insensitively with * and ?", () => {
        expect(actionPatternMatches("bedrock:Invoke*", "bedrock:InvokeModel")).to.equal(true);
        expect(actionPatternMatches("BEDROCK:invokemodel", "bedrock:InvokeModel")).to.equal(true);
        expect(actionPatternMatches("bedrock:InvokeMode?", "bedrock:InvokeModel")).to.equal(true);
        expect(actionPatternMatches("bedrock:InvokeMode?", "bedrock:InvokeModelWithResponseStream")).to.equal(false);
        expect(actionPatternMatches("*", "bedrock:InvokeModel")).to.equal(true);
        expect(actionPatternMatches("bedrock:Get*", "bedrock:InvokeModel")).to.equal(false);
    });

    it("matches resources case-sensitively, * spanning colons and slashes", () => {
        const alias = "arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT1/ALIAS1";
        expect(resourcePatternMatches("arn:aws:bedrock:*:*:agent-alias/AGENT1/*", alias)).to.equal(true);
        expect(resourcePatternMatches("arn:aws:bedrock:*", alias)).to.equal(true);
        expect(resourcePatternMatches("arn:aws:bedrock:*:*:agent-alias/agent1/*", alias)).to.equal(false);
        expect(resourcePatternMatches("arn:aws:bedrock:*:*:agent/AGENT1", alias)).to.equal(false);
        expect(resourcePatternMatches("arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT1/ALIAS?", alias)).to.equal(true);
    });

    it("treats regex metacharacters in patterns literally", () => {
        expect(resourcePatternMatches("arn:aws:s3:::a.b", "arn:aws:s3:::aXb")).to.equal(false);
        expect(resourcePatternMatches("arn:aws:s3:::a+b", "arn:aws:s3:::a+b")).to.equal(true);
    });

    it("does not confuse a list of patterns with one pattern holding the separator", () => {
        const two = statement({ Action: "s3:GetObject", Resource: ["arn:aws:s3:::a", "b"] });
        const one = statement({ Action: "s3:GetObject", Resource: ["arn:aws:s3:::a\u0000b"] });
        expect(statementCoversResource(two, "b")).to.equal(true);
        expect(statementCoversResource(one, "b")).to.equal(false);
        expect(statementCoversResource(one, "arn:aws:s3:::a\u0000b")).to.equal(true);
    });

    it("matches policy variables as wildcards and reports them", () => {
        expect(resourcePatternMatches("arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/alice/x")).to.equal(true);
        expect(resourcePatternMatches("arn:aws:s3:::literal${*}", "arn:aws:s3:::literal*")).to.equal(true);
        expect(resourcePatternMatches("arn:aws:s3:::literal${*}", "arn:aws:s3:::literalX")).to.equal(false);
        expect(policyVariablesOf("a/${aws:username}/${*}")).to.deep.equal(["aws:username"]);
    });

    it("applies NotAction as everything not listed", () => {
        const st = statement({ NotAction: "iam:*", Resource: "*" });
        expect(statementCoversAction(st, "bedrock:InvokeModel")).to.equal(true);
        expect(statementCoversAction(st, "IAM:CreateUser")).to.equal(false);
    });

    it("applies NotResource as every resource not listed", () => {
        const st = statement({ Action: "bedrock:InvokeModel", NotResource: "arn:aws:bedrock:*::foundation-model/anthropic.*" });
        expect(statementCoversResource(st, "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3")).to.equal(true);
        expect(statementCoversResource(st, "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude")).to.equal(false);
    });

    it("applies a statement with no Resource to no resource", () => {
        expect(statementCoversResource(statement({ Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }), "arn:aws:s3:::x")).to.equal(false);
    });
});
