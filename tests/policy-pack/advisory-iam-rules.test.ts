import { expect } from "chai";
import { doc, docObject, judge, of, planned, role, rolePolicy, run, UNKNOWN_AT_PREVIEW, verdicts, managedPolicy } from "./harness";

const HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

describe("policy pack: advisory IAM rules", () => {
    describe("bedrock-restricted-actions", () => {
        const RULE = "bedrock-restricted-actions";
        for (const action of ["bedrock:CreateModelCustomizationJob", "bedrock:deletecustommodel", "bedrock:Create*", "bedrock:*ModelInvocationLoggingConfiguration", "bedrock:*"]) {
            it(`reports an Allow of ${action}`, async () => {
                const [finding] = await judge(RULE, doc({ Effect: "Allow", Action: action, Resource: "*" }));
                expect(finding.status).to.equal("violation");
                expect(finding.enforcementLevel).to.equal("advisory");
            });
        }

        it("does not report invoke and read actions, nor a Deny of restricted ones", async () => {
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:Get*", "bedrock:List*"], Resource: "*" }))).to.deep.equal([]);
            expect(await verdicts(RULE, doc({ Effect: "Deny", Action: "bedrock:CreateModelCustomizationJob", Resource: "*" }))).to.deep.equal([]);
        });

        it("does not report what an unconditional Deny in the same document takes back", async () => {
            const policy = doc(
                { Effect: "Allow", Action: "bedrock:*", Resource: "*" },
                { Effect: "Deny", Action: ["bedrock:Create*", "bedrock:Delete*", "bedrock:PutModelInvocationLoggingConfiguration"], Resource: "*" },
            );
            expect(await verdicts(RULE, policy)).to.deep.equal([]);
        });

        it("does not judge a customer policy used only as a permissions boundary (a ceiling grants nothing)", async () => {
            const adminBoundary = { ...managedPolicy("gov-boundary-admin", doc({ Effect: "Allow", Action: "bedrock:CreateModelCustomizationJob", Resource: "*" })) };
            const boundary = { ...adminBoundary, props: { ...adminBoundary.props, name: "gov-boundary-admin-1a2b" } };
            const admin = role("admin", { name: "admin-1", permissionsBoundary: "arn:aws:iam::123456789012:policy/gov-boundary-admin-1a2b" });
            expect(of(await run([boundary, admin]), RULE)).to.deep.equal([]);
            // Attached as well, it grants: judged.
            const attach = planned("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", { role: "admin-1", policyArn: "arn:aws:iam::123456789012:policy/gov-boundary-admin-1a2b" });
            expect(of(await run([boundary, admin, attach]), RULE).map((f) => [f.status, f.resourceName])).to.deep.equal([["violation", "gov-boundary-admin"]]);
            // Named as nobody's boundary, it is judged as the grant it may become.
            expect(of(await run([boundary]), RULE)).to.have.length(1);
        });

        it("takes the restricted list from config", async () => {
            const config = { [RULE]: { actions: ["bedrock:CreateAgent"] } };
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: "bedrock:CreateAgent", Resource: "*" }), { config })).to.deep.equal(["violation"]);
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: "bedrock:DeleteCustomModel", Resource: "*" }), { config })).to.deep.equal([]);
        });

        it("decides what a Deny takes back by what its patterns mean", async () => {
            const allow = { Effect: "Allow", Action: "bedrock:DeleteCustomModel", Resource: "arn:aws:bedrock:us-east-1:123456789012:custom-model/*" };
            // A NotResource Deny that spares only other services' resources covers every custom model.
            const denyNot = { Effect: "Deny", Action: "bedrock:Delete*", NotResource: "arn:aws:s3:::*" };
            expect(await verdicts(RULE, doc(allow, denyNot))).to.deep.equal([]);
            // Read as text, "us-east-?" matches "us-east-*"; as sets, us-east-10 is outside the Deny.
            const narrow = { ...allow, Resource: "arn:aws:bedrock:us-east-*:123456789012:custom-model/*" };
            const denyOne = { Effect: "Deny", Action: "bedrock:DeleteCustomModel", Resource: "arn:aws:bedrock:us-east-?:123456789012:custom-model/*" };
            expect(await verdicts(RULE, doc(narrow, denyOne))).to.deep.equal(["violation"]);
        });

        it("cannot decide while a Deny that may take it back has unknown parts", async () => {
            const allow = { Effect: "Allow", Action: "bedrock:DeleteCustomModel", Resource: "*" };
            const deny = { Effect: "Deny", Action: "bedrock:DeleteCustomModel", Resource: UNKNOWN_AT_PREVIEW };
            expect(await verdicts(RULE, docObject(allow, deny))).to.deep.equal(["undecidable"]);
        });

        it("still reports when the Deny is conditional", async () => {
            const policy = doc(
                { Effect: "Allow", Action: "bedrock:DeleteCustomModel", Resource: "*" },
                { Effect: "Deny", Action: "bedrock:DeleteCustomModel", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } },
            );
            expect(await verdicts(RULE, policy)).to.deep.equal(["violation"]);
        });
    });

    describe("iam-unknown-actions", () => {
        const RULE = "iam-unknown-actions";
        it("reports s3:CopyObject with what to use instead", async () => {
            const [finding] = await judge(RULE, doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:CopyObject"], Resource: "*" }));
            expect(finding.message).to.match(/Action "s3:CopyObject" is not an IAM action \(catalog @cloud-copilot\/iam-data [0-9.]+\), so it grants nothing: a copy needs s3:GetObject on the source and s3:PutObject on the target\./);
        });

        for (const action of ["bedrockx:InvokeModel", "bedrock:InvokeModels", "bedrock:Converse", "s3:Copy*", "InvokeModel"]) {
            it(`reports ${action}`, async () => {
                expect(await verdicts(RULE, doc({ Effect: "Allow", Action: action, Resource: "*" }))).to.deep.equal(["violation"]);
            });
        }

        for (const action of ["*", "bedrock:*", "BEDROCK:invokemodel", "s3:Get*", "*:GetObject", "bedrock:Invoke?odel"]) {
            it(`accepts ${action}`, async () => {
                expect(await verdicts(RULE, doc({ Effect: "Allow", Action: action, Resource: "*" }))).to.deep.equal([]);
            });
        }

        it("reads NotAction, Deny statements and resource policies too", async () => {
            const [finding] = await judge(RULE, doc({ Effect: "Deny", NotAction: "s3:CopyObject", Resource: "*" }));
            expect(finding.message).to.contain("so it denies nothing");
            const bucketPolicy = planned("aws:s3/bucketPolicy:BucketPolicy", "bp", {
                bucket: "b",
                policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:PutObjectAcls", Resource: "arn:aws:s3:::b/*" }),
            });
            expect(of(await run(bucketPolicy), RULE).map((f) => f.status)).to.deep.equal(["violation"]);
        });
    });

    describe("iam-passrole-unscoped", () => {
        const RULE = "iam-passrole-unscoped";
        const scoped = { StringEquals: { "iam:PassedToService": "bedrock.amazonaws.com" } };
        it("reports PassRole on * even with a service condition", async () => {
            const [finding] = await judge(RULE, doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: scoped }));
            expect(finding.message).to.contain('allows iam:PassRole on "*":');
        });

        it("reports PassRole on every role of an account, and a NotResource", async () => {
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/*", Condition: scoped }))).to.deep.equal(["violation"]);
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::123456789012:role/admin", Condition: scoped }))).to.deep.equal(["violation"]);
        });

        it("decides \"every role\" by IAM's role ARN grammar, not by trying made-up role names", async () => {
            const passRole = (resource: string) => doc({ Effect: "Allow", Action: "iam:PassRole", Resource: resource, Condition: scoped });
            // Every role of every account whose id ends in 1, and every role of any account, path or not.
            for (const resource of ["arn:aws:iam::*1:role/*", "arn:aws:iam::*:role/?*", "arn:aws:iam::123456789012:role*", "arn:aws:iam::123456789012:role/*?"]) {
                expect(await verdicts(RULE, passRole(resource)), resource).to.deep.equal(["violation"]);
            }
            // Roles whose name starts with z, or under one path: not every role.
            for (const resource of ["arn:aws:iam::123456789012:role/z*", "arn:aws:iam::123456789012:role/service-role/*", "arn:aws:iam::123456789012:role/*-*"]) {
                expect(await verdicts(RULE, passRole(resource)), resource).to.deep.equal([]);
            }
        });

        it("reports a named role without iam:PassedToService, or with an IfExists one", async () => {
            const arn = "arn:aws:iam::123456789012:role/AmazonBedrockExecutionRoleForAgents_app";
            const [finding] = await judge(RULE, doc({ Effect: "Allow", Action: "iam:PassRole", Resource: arn }));
            expect(finding.message).to.contain("without an iam:PassedToService condition");
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: "iam:PassRole", Resource: arn, Condition: { StringEqualsIfExists: { "iam:PassedToService": "bedrock.amazonaws.com" } } }))).to.deep.equal(["violation"]);
        });

        it("accepts a named role passed to a named service, and sees PassRole through iam:* and *", async () => {
            const arn = "arn:aws:iam::123456789012:role/AmazonBedrockExecutionRoleForAgents_app";
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: "iam:PassRole", Resource: arn, Condition: { "StringEquals": { "IAM:PassedToService": "bedrock.amazonaws.com" } } }))).to.deep.equal([]);
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: "iam:*", Resource: "*" }))).to.deep.equal(["violation"]);
            expect(await verdicts(RULE, doc({ Effect: "Allow", Action: "iam:Get*", Resource: "*" }))).to.deep.equal([]);
        });
    });

    describe("iam-allow-not-action and iam-allow-not-resource", () => {
        it("report an Allow with NotAction or NotResource, not a Deny", async () => {
            expect(await verdicts("iam-allow-not-action", doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).to.deep.equal(["violation"]);
            expect(await verdicts("iam-allow-not-action", doc({ Effect: "Deny", NotAction: "bedrock:InvokeModel", Resource: "*" }))).to.deep.equal([]);
            expect(await verdicts("iam-allow-not-resource", doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }))).to.deep.equal(["violation"]);
            expect(await verdicts("iam-allow-not-resource", doc({ Effect: "Deny", Action: "bedrock:InvokeModel", NotResource: HAIKU }))).to.deep.equal([]);
        });

        it("name the statement and the fix", async () => {
            const [finding] = await judge("iam-allow-not-action", doc({ Sid: "AllButIam", Effect: "Allow", NotAction: "iam:*", Resource: "*" }));
            expect(finding.message).to.contain('Statement "AllButIam" (#0) is an Allow with NotAction "iam:*", which grants every other action, new ones included: list the actions it needs in Action.');
        });
    });

    describe("bedrock-service-role-scoped", () => {
        const RULE = "bedrock-service-role-scoped";
        const trust = (service: string) => doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });
        const invokeAll = doc({ Sid: "InvokeAll", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" });
        const invokeHaiku = doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: HAIKU });

        it("reports a Bedrock service role whose inline policy invokes every model", async () => {
            const findings = of(await run(role("kb-role", { name: "kb-role-1", assumeRolePolicy: trust("bedrock.amazonaws.com"), inlinePolicies: [{ name: "i", policy: invokeAll }] })), RULE);
            expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
            expect(findings[0].urn).to.contain("::kb-role");
            expect(findings[0].message).to.contain('Role "kb-role" is a Bedrock service role (trusted by bedrock.amazonaws.com)');
        });

        it("follows RolePolicy, customer Policy attachments and broad managed attachments to the role", async () => {
            const agentRole = role("agent-role", { name: "agent-role-1", assumeRolePolicy: trust("bedrock.amazonaws.com") });
            const viaRolePolicy = of(await run([agentRole, rolePolicy("agent-invoke", invokeAll, "agent-role-1")]), RULE);
            expect(viaRolePolicy.map((f) => f.message)).to.have.length(1);
            const customer = managedPolicy("agent-policy", invokeAll);
            const withArn = { ...customer, props: { ...customer.props, arn: "arn:aws:iam::123456789012:policy/agent-policy" } };
            const attach = planned("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "agent-attach", { role: "agent-role-1", policyArn: "arn:aws:iam::123456789012:policy/agent-policy" });
            expect(of(await run([agentRole, withArn, attach]), RULE)).to.have.length(1);
            // As a resource validation sees it: the customer policy's name, not its ARN (an output).
            const byName = managedPolicy("agent-policy", invokeAll);
            const named = { ...byName, props: { ...byName.props, name: "agent-policy-7f3a" } };
            const attachByName = planned("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "agent-attach", { role: "agent-role-1", policyArn: "arn:aws:iam::123456789012:policy/agent-policy-7f3a" });
            expect(of(await run([agentRole, named, attachByName]), RULE)).to.have.length(1);
            const admin = planned("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "agent-admin", { role: "agent-role-1", policyArn: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess" });
            expect(of(await run([agentRole, admin]), RULE)[0].message).to.contain("AWS managed policy AmazonBedrockFullAccess");
        });

        it("does not report a service role scoped to models, nor a role other services assume", async () => {
            expect(of(await run(role("kb", { assumeRolePolicy: trust("bedrock.amazonaws.com"), inlinePolicies: [{ name: "i", policy: invokeHaiku }] })), RULE)).to.deep.equal([]);
            expect(of(await run(role("fn", { assumeRolePolicy: trust("lambda.amazonaws.com"), inlinePolicies: [{ name: "i", policy: invokeAll }] })), RULE)).to.deep.equal([]);
            expect(of(await run([role("kb", { name: "kb-1", assumeRolePolicy: trust("bedrock.amazonaws.com") }), rolePolicy("other", invokeAll, "someone-else")]), RULE)).to.deep.equal([]);
        });
    });
});
