import { expect } from "chai";
import {
    parsePolicyDocument, parseUrlEncodedPolicyDocument, PolicyParseError, statementLabel, tryParsePolicyDocument, parseConditionOperator,
} from "../../iam";

describe("iam/document", () => {
    it("reads a JSON string and an object the same way", () => {
        const object = { Version: "2012-10-17", Statement: [{ Sid: "A", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }] };
        expect(parsePolicyDocument(JSON.stringify(object))).to.deep.equal(parsePolicyDocument(object));
    });

    it("normalises a single statement object and single-string elements to lists", () => {
        const doc = parsePolicyDocument({ Statement: { Effect: "Deny", NotAction: "iam:*", NotResource: "arn:aws:s3:::b" } });
        expect(doc.statements).to.have.length(1);
        expect(doc.statements[0].notActions).to.deep.equal(["iam:*"]);
        expect(doc.statements[0].notResources).to.deep.equal(["arn:aws:s3:::b"]);
        expect(doc.statements[0].actions).to.equal(undefined);
    });

    it("splits condition operators into set prefix, base and IfExists, keeping key case", () => {
        const doc = parsePolicyDocument({
            Statement: [{
                Effect: "Allow", Action: "s3:GetObject", Resource: "*",
                Condition: { "ForAnyValue:StringLikeIfExists": { "aws:sourceVpce": ["vpce-1", "vpce-2"] }, Bool: { "aws:SecureTransport": true } },
            }],
        });
        const [like, bool] = doc.statements[0].conditions;
        expect(like).to.include({ baseOperator: "stringlike", setOperator: "foranyvalue", ifExists: true, key: "aws:sourceVpce", keyLower: "aws:sourcevpce" });
        expect(like.values).to.deep.equal(["vpce-1", "vpce-2"]);
        expect(bool.values).to.deep.equal(["true"]);
        expect(parseConditionOperator("StringEquals")).to.deep.equal({ baseOperator: "stringequals", setOperator: undefined, ifExists: false });
    });

    it("quotes JSON.parse's error for text that is not JSON", () => {
        const result = tryParsePolicyDocument('{"Statement": [');
        expect(result.error).to.match(/^policy document is not valid JSON: /);
    });

    for (const [label, input, pattern] of [
        ["no Statement", { Version: "2012-10-17" }, /no Statement/],
        ["a bad Effect", { Statement: [{ Effect: "allow", Action: "*", Resource: "*" }] }, /Statement\[0\]\.Effect/],
        ["Action and NotAction together", { Statement: [{ Effect: "Allow", Action: "*", NotAction: "iam:*", Resource: "*" }] }, /both Action and NotAction/],
        ["a non-string action", { Statement: [{ Effect: "Allow", Action: [1], Resource: "*" }] }, /Action must be a string/],
        ["an unknown element", { Statement: [{ Effect: "Allow", Actions: "*", Resource: "*" }] }, /unknown element "Actions"/],
        ["an array document", [], /must be a JSON object/],
    ] as const) {
        it(`rejects ${label} with a message naming it`, () => {
            expect(() => parsePolicyDocument(input)).to.throw(PolicyParseError, pattern);
        });
    }

    it("decodes URL-encoded documents as GetAccountAuthorizationDetails returns them", () => {
        const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:Get*", Resource: "arn:aws:bedrock:*:*:agent/*" }] });
        const doc = parseUrlEncodedPolicyDocument(encodeURIComponent(text));
        expect(doc.statements[0].resources).to.deep.equal(["arn:aws:bedrock:*:*:agent/*"]);
    });

    it("labels statements by Sid and index", () => {
        const doc = parsePolicyDocument({ Statement: [{ Sid: "InvokeAll", Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Allow", Action: "*", Resource: "*" }] });
        expect(statementLabel(doc.statements[0])).to.equal('"InvokeAll" (#0)');
        expect(statementLabel(doc.statements[1])).to.equal("#1");
    });
});
