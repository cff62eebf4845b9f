// The conformance suite: cases of policies, a request and the decision AWS documents for it, each
// citing the AWS page it comes from (tests/iam/conformance/*.json). A request with `context` is a
// concrete request (every key it does not list is absent); without one, the keys the principal
// and the target decide are decided and the others are left to the request, as the inventory
// evaluates.
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { concreteContext, evaluateAccess, parsePolicyDocument, type PolicySource, type PrincipalFacts } from "../../iam";

interface Case {
    readonly name: string;
    readonly source: string;
    readonly identity: object[][];
    readonly boundary?: object[];
    readonly resourcePolicy?: object[];
    readonly scps?: { target: string; policies: object[][] }[];
    readonly principal?: PrincipalFacts;
    readonly request: { action: string; resource: string; context?: Record<string, string | string[]> };
    readonly expect: "allowed" | "denied" | "conditional";
    readonly conditionKeys?: string[];
}

const folder = join(__dirname, "conformance");
const doc = (statements: object[]) => parsePolicyDocument({ Version: "2012-10-17", Statement: statements });

describe("iam conformance suite", () => {
    const files = readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
    it("has its data files", () => expect(files.length).to.be.greaterThan(5));
    for (const file of files) {
        const cases = (JSON.parse(readFileSync(join(folder, file), "utf8")) as { cases: Case[] }).cases;
        describe(file, () => {
            for (const c of cases) {
                it(`${c.name} (${c.source})`, () => {
                    expect(c.source).to.match(/^https:\/\/docs\.aws\.amazon\.com\//);
                    const identity: PolicySource[] = c.identity.map((s, i) => ({ policyType: "inline", policyName: `p${i}`, document: doc(s) }));
                    const boundary: PolicySource | undefined = c.boundary ? { policyType: "permissionsBoundary", policyArn: "arn:aws:iam::111122223333:policy/boundary", document: doc(c.boundary) } : undefined;
                    const decision = evaluateAccess({ action: c.request.action, resource: c.request.resource }, identity, boundary, {
                        principal: c.principal,
                        ...(c.request.context ? { context: concreteContext(c.request.context) } : {}),
                        ...(c.resourcePolicy ? { resourcePolicy: { source: { policyType: "resourcePolicy", document: doc(c.resourcePolicy) } } } : {}),
                        ...(c.scps ? { scps: c.scps.map((l) => ({ target: l.target, policies: l.policies.map((p, i) => ({ policyType: "scp" as const, policyName: `scp${i}`, document: doc(p) })) })) } : {}),
                    });
                    const got = !decision.allowed ? "denied" : decision.conditional ? "conditional" : "allowed";
                    expect(got).to.equal(c.expect);
                    if (c.conditionKeys) expect(decision.conditionKeys).to.deep.equal(c.conditionKeys);
                });
            }
        });
    }
});
