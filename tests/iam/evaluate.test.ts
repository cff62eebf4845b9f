import { expect } from "chai";
import { evaluateAccess, parsePolicyDocument, PolicySource } from "../../iam";

const MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const invoke = { action: "bedrock:InvokeModel", resource: MODEL };

function policy(statements: object[], extra: Partial<PolicySource> = {}): PolicySource {
    return { policyType: "inline", policyName: "p", document: parsePolicyDocument({ Version: "2012-10-17", Statement: statements }), ...extra };
}
const allowAll = { Sid: "All", Effect: "Allow", Action: "bedrock:*", Resource: "*" };

describe("iam/evaluate", () => {
    it("grants through a matching Allow and says which statement", () => {
        const decision = evaluateAccess(invoke, [policy([allowAll])]);
        expect(decision).to.include({ allowed: true, conditional: false });
        expect(decision.grantedBy).to.deep.equal([
            { policyType: "inline", policyArn: undefined, policyName: "p", groupName: undefined, sid: "All", statementIndex: 0, conditional: false, conditionKeys: [], heldToVpc: false },
        ]);
    });

    it("does not grant when no statement applies", () => {
        expect(evaluateAccess(invoke, [policy([{ Effect: "Allow", Action: "bedrock:Get*", Resource: "*" }])]).allowed).to.equal(false);
    });

    it("lets an unconditional Deny in another policy win", () => {
        const deny = policy([{ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*" }], { policyType: "managed", policyArn: "arn:aws:iam::1:policy/d" });
        const decision = evaluateAccess(invoke, [policy([allowAll]), deny]);
        expect(decision.allowed).to.equal(false);
        expect(decision.deniedBy[0].policyArn).to.equal("arn:aws:iam::1:policy/d");
    });

    it("keeps a grant under a conditional Deny, marked conditional with the Deny's keys", () => {
        const deny = { Effect: "Deny", Action: "bedrock:*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } } };
        const decision = evaluateAccess(invoke, [policy([allowAll, deny])]);
        expect(decision).to.include({ allowed: true, conditional: true });
        expect(decision.conditionKeys).to.deep.equal(["aws:SourceVpce"]);
    });

    it("marks a grant by a conditional Allow conditional, with its keys", () => {
        const decision = evaluateAccess(invoke, [policy([{ ...allowAll, Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } }])]);
        expect(decision).to.include({ allowed: true, conditional: true });
        expect(decision.conditionKeys).to.deep.equal(["aws:RequestedRegion"]);
    });

    it("treats the grant as unconditional when one applicable Allow has no condition", () => {
        const decision = evaluateAccess(invoke, [policy([{ ...allowAll, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }, allowAll])]);
        expect(decision).to.include({ allowed: true, conditional: false });
        expect(decision.grantedBy).to.have.length(2);
    });

    it("limits a grant to what the permissions boundary allows", () => {
        const boundary: PolicySource = { policyType: "permissionsBoundary", policyArn: "arn:aws:iam::1:policy/b", document: parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "bedrock:Get*", Resource: "*" }] }) };
        expect(evaluateAccess(invoke, [policy([allowAll])], boundary).allowed).to.equal(false);
        const wide: PolicySource = { ...boundary, document: parsePolicyDocument({ Statement: [{ Effect: "Allow", Action: "bedrock:Invoke*", Resource: "*" }] }) };
        expect(evaluateAccess(invoke, [policy([allowAll])], wide).allowed).to.equal(true);
    });

    it("lets a boundary's Deny remove a grant, and a boundary alone grant nothing", () => {
        const boundary: PolicySource = { policyType: "permissionsBoundary", document: parsePolicyDocument({ Statement: [allowAll, { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*" }] }) };
        expect(evaluateAccess(invoke, [policy([allowAll])], boundary).allowed).to.equal(false);
        expect(evaluateAccess(invoke, [], { ...boundary, document: parsePolicyDocument({ Statement: [allowAll] }) }).allowed).to.equal(false);
    });

    it("grants through NotAction and NotResource", () => {
        expect(evaluateAccess(invoke, [policy([{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }])]).allowed).to.equal(true);
        expect(evaluateAccess(invoke, [policy([{ Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: "arn:aws:bedrock:*::foundation-model/meta.*" }])]).allowed).to.equal(true);
        expect(evaluateAccess(invoke, [policy([{ Effect: "Allow", Action: "bedrock:InvokeModel", NotResource: "arn:aws:bedrock:*::foundation-model/anthropic.*" }])]).allowed).to.equal(false);
    });

    it("marks a grant through a policy variable in the resource conditional on that variable", () => {
        const alias = "arn:aws:bedrock:us-east-1:123456789012:agent-alias/A1/L1";
        const decision = evaluateAccess({ action: "bedrock:InvokeAgent", resource: alias }, [policy([{ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: "arn:aws:bedrock:*:*:agent-alias/${aws:PrincipalTag/agent}/*" }])]);
        expect(decision).to.include({ allowed: true, conditional: true });
        expect(decision.conditionKeys).to.deep.equal(["aws:PrincipalTag/agent"]);
    });

    it("says which granting statements hold the request to a VPC endpoint", () => {
        const held = { ...allowAll, Sid: "Held", Condition: { StringEquals: { "aws:sourcevpce": "vpce-1" } } };
        const decision = evaluateAccess(invoke, [policy([held, { ...allowAll, Sid: "Loose", Condition: { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } } }])]);
        expect(decision.grantedBy.map((g) => [g.sid, g.heldToVpc])).to.deep.equal([["Held", true], ["Loose", false]]);
    });

    it("reports the boundary statements that allow the request", () => {
        const boundary: PolicySource = { policyType: "permissionsBoundary", policyArn: "arn:aws:iam::1:policy/b", document: parsePolicyDocument({ Statement: [
            { Sid: "Other", Effect: "Allow", Action: "s3:*", Resource: "*" },
            { Sid: "Invoke", Effect: "Allow", Action: "bedrock:Invoke*", Resource: "*", Condition: { StringEquals: { "aws:SourceVpc": "vpc-1" } } },
        ] }) };
        const decision = evaluateAccess(invoke, [policy([allowAll])], boundary);
        expect(decision.boundaryAllowedBy.map((b) => [b.sid, b.policyArn, b.heldToVpc])).to.deep.equal([["Invoke", "arn:aws:iam::1:policy/b", true]]);
        expect(decision).to.include({ allowed: true, conditional: true });
        expect(evaluateAccess(invoke, [policy([allowAll])]).boundaryAllowedBy).to.deep.equal([]);
    });
});
