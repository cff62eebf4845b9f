import { expect } from "chai";
import { actionsOfService } from "../../iam";
import { doc, docObject, of, planned, role, run, verdicts, judge } from "./harness";

const RULE = "bedrock-no-wildcard-actions";
const allow = (action: unknown, extra: object = {}) => ({ Effect: "Allow", Action: action, Resource: "*", ...extra });

describe("policy pack: bedrock-no-wildcard-actions", () => {
    for (const action of ["*", "bedrock:*", "*:*", "BEDROCK:*", "Bedrock:*", "b*:*", "bed?ock:*", "*rock:*", "bedrock:**", ["s3:GetObject", "bedrock:*"]]) {
        it(`reports an Allow of ${JSON.stringify(action)}`, async () => {
            expect(await verdicts(RULE, doc(allow(action)))).to.deep.equal(["violation"]);
        });
    }

    it("reports a list that names every Bedrock action one by one", async () => {
        expect(await verdicts(RULE, doc(allow(actionsOfService("bedrock"))))).to.deep.equal(["violation"]);
    });

    it("does not report a list that names every Bedrock action but one", async () => {
        expect(await verdicts(RULE, doc(allow(actionsOfService("bedrock").slice(1))))).to.deep.equal([]);
    });

    for (const notAction of ["iam:*", ["s3:*", "iam:*"], "bedrock:InvokeAgentX"]) {
        it(`reports an Allow with NotAction ${JSON.stringify(notAction)} (it leaves every bedrock: action allowed)`, async () => {
            const findings = await judge(RULE, doc({ Effect: "Allow", NotAction: notAction, Resource: "*" }));
            expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
            expect(findings[0].message).to.contain("NotAction");
        });
    }

    for (const notAction of ["bedrock:*", "bedrock:InvokeModel", "b*"]) {
        it(`does not report NotAction ${JSON.stringify(notAction)} for Bedrock, which takes some Bedrock action away`, async () => {
            const findings = await judge(RULE, doc({ Effect: "Allow", NotAction: notAction, Resource: "*" }));
            expect(findings.filter((f) => !f.message.includes("Bedrock AgentCore"))).to.deep.equal([]);
        });
    }

    // bedrock-agentcore is its own service: NotAction "bedrock:*" leaves every AgentCore action allowed.
    for (const notAction of ["bedrock:*", "bedrock:InvokeModel"]) {
        it(`reports NotAction ${JSON.stringify(notAction)} as allowing every Bedrock AgentCore action`, async () => {
            const findings = await judge(RULE, doc({ Effect: "Allow", NotAction: notAction, Resource: "*" }));
            expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
            expect(findings[0].message).to.contain("every bedrock-agentcore: action allowed");
        });
    }

    for (const action of ["bedrock:Invoke*", "bedrock:Get*", "bedrock:InvokeModel", "bedrock:*Model", "s3:*", "iam:*"]) {
        it(`does not report ${action}, which does not cover every Bedrock action`, async () => {
            expect(await verdicts(RULE, doc(allow(action)))).to.deep.equal([]);
        });
    }

    it("does not report a Deny of every action (a Deny is a guard, not a grant)", async () => {
        expect(await verdicts(RULE, doc({ Effect: "Deny", Action: "*", Resource: "*" }))).to.deep.equal([]);
    });

    it("reports a conditional Allow too: the condition does not narrow the actions", async () => {
        const statement = allow("bedrock:*", { Condition: { StringEquals: { "aws:SourceVpce": "vpce-0abc" } } });
        expect(await verdicts(RULE, doc(statement))).to.deep.equal(["violation"]);
    });

    it("reads the document given as an object as it reads JSON text", async () => {
        expect(await verdicts(RULE, docObject(allow("bedrock:*")))).to.deep.equal(["violation"]);
        expect(await verdicts(RULE, docObject({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }))).to.deep.equal([]);
    });

    it("names the resource, the statement, the actions and the fix", async () => {
        const [finding] = await judge(RULE, doc(allow("s3:GetObject"), { ...allow("bedrock:*"), Sid: "Everything" }));
        expect(finding.message).to.equal(
            'RolePolicy "doc-under-test" policy: Statement "Everything" (#1) allows every Bedrock action ("bedrock:*"): list the bedrock: actions it needs, e.g. bedrock:InvokeModel.',
        );
        expect(finding.enforcementLevel).to.equal("mandatory");
    });

    it("reads every inline policy of a Role", async () => {
        const findings = await run(
            role("app", {
                inlinePolicies: [
                    { name: "fine", policy: doc(allow("bedrock:InvokeModel")) },
                    { name: "broad", policy: docObject(allow("*")) },
                ],
            }),
        );
        const mine = of(findings, RULE);
        expect(mine).to.have.length(1);
        expect(mine[0].message).to.contain('Role "app" inline policy "broad" (inlinePolicies[1])');
    });

    for (const [type, props] of [
        ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r" }],
        ["aws:iam/userPolicyAttachment:UserPolicyAttachment", { user: "u" }],
        ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", { group: "g" }],
        ["aws:iam/policyAttachment:PolicyAttachment", { roles: ["r"] }],
    ] as const) {
        for (const managed of ["AmazonBedrockFullAccess", "AdministratorAccess", "PowerUserAccess"]) {
            it(`reports ${managed} attached by ${type.split(":").pop()}`, async () => {
                const findings = of(await run(planned(type, "attach", { ...props, policyArn: `arn:aws:iam::aws:policy/${managed}` })), RULE);
                expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
                expect(findings[0].message).to.contain(`attaches AWS managed policy ${managed}`);
            });
        }
    }

    it("reports a broad managed policy in Role.managedPolicyArns, in any partition", async () => {
        const findings = of(await run(role("r", { managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"] })), RULE);
        expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
    });

    it("does not judge an attachment of a narrow or customer managed policy by its ARN", async () => {
        const findings = await run([
            planned("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ro", { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonBedrockReadOnly" }),
            planned("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "mine", { role: "r", policyArn: "arn:aws:iam::123456789012:policy/AdministratorAccess" }),
        ]);
        expect(of(findings, RULE)).to.deep.equal([]);
    });

    for (const [type, label] of [
        ["aws:ec2/vpcEndpoint:VpcEndpoint", "VpcEndpoint"],
        ["aws:s3/bucketPolicy:BucketPolicy", "BucketPolicy"],
        ["aws:kms/key:Key", "Key"],
        ["aws:sns/topicPolicy:TopicPolicy", "TopicPolicy"],
    ] as const) {
        it(`reads the resource policy of a ${label}`, async () => {
            const policy = doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" });
            const findings = of(await run(planned(type, "res", { policy, enableKeyRotation: true })), RULE);
            expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
            expect(findings[0].message).to.contain(`${label} "res" policy`);
        });
    }

    it("does not report a key policy's kms:* for the account root (it is not Bedrock)", async () => {
        const policy = doc({ Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" });
        expect(of(await run(planned("aws:kms/key:Key", "k", { policy, enableKeyRotation: true })), RULE)).to.deep.equal([]);
    });
});

describe("policy pack: bedrock-no-wildcard-actions over Bedrock AgentCore", () => {
    const RULE = "bedrock-no-wildcard-actions";
    const allow = (action: unknown) => doc({ Effect: "Allow", Action: action, Resource: "*" });
    it("reports bedrock-agentcore:* and patterns that match every AgentCore action", async () => {
        expect(await verdicts(RULE, allow("bedrock-agentcore:*"))).to.deep.equal(["violation"]);
        expect(await verdicts(RULE, allow("bedrock-agent*:*"))).to.deep.equal(["violation"]);
        const [finding] = await judge(RULE, allow("bedrock-agentcore:*"));
        expect(finding.message).to.contain("allows every Bedrock AgentCore action");
    });
    it("reports a NotAction that leaves every AgentCore action allowed once, with the Bedrock message", async () => {
        expect(await verdicts(RULE, doc({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }))).to.deep.equal(["violation"]);
    });
    it("accepts named AgentCore actions and families such as bedrock-agentcore:Invoke*", async () => {
        expect(await verdicts(RULE, allow(["bedrock-agentcore:InvokeAgentRuntime", "bedrock-agentcore:InvokeGateway"]))).to.deep.equal([]);
        expect(await verdicts(RULE, allow("bedrock-agentcore:Invoke*"))).to.deep.equal([]);
        expect(await verdicts(RULE, allow("bedrock:*"))).to.deep.equal(["violation"]);
    });
});
