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
            { policyType: "inline", policyArn: undefined, policyName: "p", groupName: undefined, sid: "All", statementIndex: 0, conditional: false, conditionKeys: [], heldToVpc: false, assumptions: [] },
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

    describe("policy variables (AWS \"IAM policy elements: Variables and tags\")", () => {
        const home = (effect: string, extra: object) => policy([{ Effect: effect, Action: "s3:GetObject", ...extra }]);
        const bob = { action: "s3:GetObject", resource: "arn:aws:s3:::home/bob/x" };

        it("NotResource with a variable: allowed for every user but the one it names, so conditional on the variable (the issue's false negative)", () => {
            const decision = evaluateAccess(bob, [home("Allow", { NotResource: "arn:aws:s3:::home/${aws:username}/*" })]);
            expect(decision).to.include({ allowed: true, conditional: true });
            expect(decision.conditionKeys).to.deep.equal(["aws:username"]);
        });

        it("NotResource with a variable, decided by the principal: alice is allowed bob's object, bob is not", () => {
            const allow = [home("Allow", { NotResource: "arn:aws:s3:::home/${aws:username}/*" })];
            const user = (name: string) => ({ principal: { arn: `arn:aws:iam::111122223333:user/${name}`, type: "user" as const, name } });
            expect(evaluateAccess(bob, allow, undefined, user("alice"))).to.include({ allowed: true, conditional: false });
            expect(evaluateAccess(bob, allow, undefined, user("bob")).allowed).to.equal(false);
        });

        it("NotResource with a variable in a Deny: the Deny may apply, so the grant is conditional, not unconditional", () => {
            const decision = evaluateAccess(bob, [home("Allow", { Resource: "*" }), home("Deny", { NotResource: "arn:aws:s3:::home/${aws:username}/*" })]);
            expect(decision).to.include({ allowed: true, conditional: true });
            expect(decision.conditionKeys).to.deep.equal(["aws:username"]);
        });

        it("a variable that cannot match the ARN keeps NotResource applying unconditionally", () => {
            const decision = evaluateAccess({ action: "s3:GetObject", resource: "arn:aws:s3:::other/x" }, [home("Allow", { NotResource: "arn:aws:s3:::home/${aws:username}/*" })]);
            expect(decision).to.include({ allowed: true, conditional: false });
        });

        it("a variable in a condition value is decided when its key is", () => {
            const statement = { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/owner": "${aws:username}" } } };
            const principal = (tags: Record<string, string>) => ({ principal: { arn: "arn:aws:iam::111122223333:user/ana", type: "user" as const, name: "ana", tags } });
            expect(evaluateAccess(invoke, [policy([statement])], undefined, principal({ owner: "ana" }))).to.include({ allowed: true, conditional: false });
            expect(evaluateAccess(invoke, [policy([statement])], undefined, principal({ owner: "bo" })).allowed).to.equal(false);
            expect(evaluateAccess(invoke, [policy([statement])])).to.include({ allowed: true, conditional: true });
        });
    });

    describe("the loosely documented patterns (iam/readings.ts)", () => {
        it("an Allow reads a * inside an ARN segment as crossing colons, and says so", () => {
            const decision = evaluateAccess(invoke, [policy([{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:us-*1::foundation-model/*" }])]);
            expect(decision).to.include({ allowed: true, conditional: false });
            // us-east-1 stays in its segment here, so no assumption is needed.
            expect(decision.assumptions).to.deep.equal([]);
            // "us-*-model/*": the first * is inside the region segment; reaching "foundation-model" it must cross two colons.
            const crossing = evaluateAccess(invoke, [policy([{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:us-*-model/*" }])]);
            expect(crossing).to.include({ allowed: true });
            expect(crossing.assumptions).to.deep.equal(["resource-wildcard-crosses-colon"]);
        });

        it("a Deny reads the same pattern strictly: the grant stands, resting on that reading", () => {
            const decision = evaluateAccess(invoke, [policy([allowAll, { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:us-*-model/*" }])]);
            expect(decision).to.include({ allowed: true, conditional: false });
            expect(decision.assumptions).to.deep.equal(["resource-wildcard-crosses-colon"]);
            // A * that ends its segment runs past colons by AWS's own words: the Deny applies.
            expect(evaluateAccess(invoke, [policy([allowAll, { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:us-*:foundation-model/*" }])]).allowed).to.equal(false);
        });

        it("a resource of fewer than six parts: an Allow reads the missing parts as *, a Deny as nothing", () => {
            const short = "arn:aws:bedrock:us-east-1";
            const allowed = evaluateAccess(invoke, [policy([{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: short }])]);
            expect(allowed).to.include({ allowed: true });
            expect(allowed.assumptions).to.deep.equal(["resource-arn-fewer-than-six-parts"]);
            const denied = evaluateAccess(invoke, [policy([allowAll, { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: short }])]);
            expect(denied.allowed).to.equal(true);
            expect(denied.assumptions).to.deep.equal(["resource-arn-fewer-than-six-parts"]);
            // Ending in *, the documented case: the * runs past the colons, no assumption.
            const documented = evaluateAccess(invoke, [policy([allowAll, { Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:*" }])]);
            expect(documented.allowed).to.equal(false);
        });

        it("a wildcard service prefix: an Allow grants with the assumption, a Deny does not remove", () => {
            const allowed = evaluateAccess(invoke, [policy([{ Effect: "Allow", Action: "*:Invoke*", Resource: "*" }])]);
            expect(allowed).to.include({ allowed: true });
            expect(allowed.assumptions).to.deep.equal(["action-service-prefix-wildcard"]);
            const denied = evaluateAccess(invoke, [policy([allowAll, { Effect: "Deny", Action: "*:Invoke*", Resource: "*" }])]);
            expect(denied).to.include({ allowed: true });
            expect(denied.assumptions).to.deep.equal(["action-service-prefix-wildcard"]);
            expect(evaluateAccess(invoke, [policy([allowAll, { Effect: "Deny", Action: "*", Resource: "*" }])]).allowed).to.equal(false);
        });
    });

    describe("conditions the account decides", () => {
        const role = { arn: "arn:aws:iam::111122223333:role/app", type: "role" as const, name: "app" };
        const alias = "arn:aws:bedrock:us-east-1:111122223333:agent-alias/A1/L1";
        const agent = { action: "bedrock:InvokeAgent", resource: alias };
        const allowIf = (condition: object) => policy([{ Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: "*", Condition: condition }]);

        it("decides aws:PrincipalArn, aws:PrincipalAccount, aws:ResourceAccount and aws:RequestedRegion", () => {
            expect(evaluateAccess(agent, [allowIf({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app" } })], undefined, { principal: role })).to.include({ allowed: true, conditional: false });
            expect(evaluateAccess(agent, [allowIf({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/other" } })], undefined, { principal: role }).allowed).to.equal(false);
            expect(evaluateAccess(agent, [allowIf({ StringEquals: { "aws:PrincipalAccount": "111122223333", "aws:ResourceAccount": "111122223333" } })], undefined, { principal: role })).to.include({ allowed: true, conditional: false });
            expect(evaluateAccess(agent, [allowIf({ StringEquals: { "aws:RequestedRegion": "eu-west-1" } })], undefined, { principal: role }).allowed).to.equal(false);
        });

        it("leaves request keys undecided, and lists only those", () => {
            const decision = evaluateAccess(agent, [allowIf({ StringEquals: { "aws:RequestedRegion": "us-east-1", "aws:SourceVpce": "vpce-1" } })], undefined, { principal: role });
            expect(decision).to.include({ allowed: true, conditional: true });
            expect(decision.conditionKeys).to.deep.equal(["aws:SourceVpce"]);
        });

        it("a Deny decided true removes the grant; decided false leaves it unconditional", () => {
            const deny = (arn: string) => ({ Effect: "Deny", Action: "bedrock:*", Resource: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": arn } } });
            expect(evaluateAccess(agent, [policy([allowAll, deny("arn:aws:iam::*:role/admin")])], undefined, { principal: role }).allowed).to.equal(false);
            expect(evaluateAccess(agent, [policy([allowAll, deny("arn:aws:iam::*:role/app")])], undefined, { principal: role })).to.include({ allowed: true, conditional: false });
        });

        it("a role's tags are not decided (session tags override them) unless its sessions cannot carry any", () => {
            const tagged = allowIf({ StringEquals: { "aws:PrincipalTag/team": "ml" } });
            expect(evaluateAccess(agent, [tagged], undefined, { principal: { ...role, tags: { team: "web" } } })).to.include({ allowed: true, conditional: true });
            expect(evaluateAccess(agent, [tagged], undefined, { principal: { ...role, tags: { team: "web" }, noSessionTags: true } }).allowed).to.equal(false);
            expect(evaluateAccess(agent, [tagged], undefined, { principal: { ...role, tags: { Team: "ml" }, noSessionTags: true } })).to.include({ allowed: true, conditional: false });
        });

        it("aws:username is absent for a role: a StringEquals on it is false, a Null test true", () => {
            expect(evaluateAccess(agent, [allowIf({ StringEquals: { "aws:username": "app" } })], undefined, { principal: role }).allowed).to.equal(false);
            expect(evaluateAccess(agent, [allowIf({ Null: { "aws:username": "true" } })], undefined, { principal: role })).to.include({ allowed: true, conditional: false });
        });
    });
});
