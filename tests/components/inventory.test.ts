// BedrockInventory under Pulumi's mock engine: what `new BedrockInventory(name)` plans, each
// security property of issue 2 wired to the right resource, and argument validation.
import { recordedResources, MOCK_ACCOUNT_ID, MOCK_REGION, valueOf } from "../support/mocks";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { BedrockInventory, BedrockInventoryArgs } from "../../components";
import { ArgumentError } from "../../components/config";
import { INVENTORY_FUNCTION_ENTRY, inventoryHeapLimitMb } from "../../components/inventory";
import { inventoryRuntimeEnvironment } from "../../components/inventory-heap";
import { RecordedResource, settle } from "../../scripts/plan/mock-engine";

const COMPONENT_TYPE = "bedrock-governance:index:BedrockInventory";

interface Deployed {
    readonly inventory: BedrockInventory;
    readonly outputs: Record<string, unknown>;
    /** Every child of the component. */
    readonly children: RecordedResource[];
    /** The child `${name}-${suffix}`. */
    child(suffix: string): RecordedResource;
    /** The child's policy input parsed from JSON. */
    policy(suffix: string, field?: string): any;
}

async function deploy(name: string, args?: BedrockInventoryArgs): Promise<Deployed> {
    const inventory = new BedrockInventory(name, args);
    const outputs = await valueOf(
        pulumi.all({
            bucketName: inventory.bucketName,
            functionName: inventory.functionName,
            functionArn: inventory.functionArn,
            roleArn: inventory.roleArn,
            keyArn: inventory.keyArn,
            logGroupName: inventory.logGroupName,
            latestPrefix: inventory.latestPrefix,
            alarmTopicArn: inventory.alarmTopicArn,
            consumerRoleArn: inventory.consumerRoleArn,
            failureQueueArn: inventory.failureQueueArn,
        }),
    );
    await settle();
    const component = recordedResources.find((r) => r.type === COMPONENT_TYPE && r.name === name);
    if (!component?.urn) throw new Error(`component ${name} was not registered`);
    const children = recordedResources.filter((r) => r.parent === component.urn);
    const child = (suffix: string) => {
        const found = children.find((r) => r.name === `${name}-${suffix}`);
        if (!found) throw new Error(`no child ${name}-${suffix} (children: ${children.map((c) => c.name).join(", ")})`);
        return found;
    };
    return {
        inventory,
        outputs,
        children,
        child,
        policy: (suffix, field = "policy") => JSON.parse(child(suffix).inputs[field]),
    };
}

const statementBySid = (document: any, sid: string) => document.Statement.find((s: any) => s.Sid === sid);

describe("BedrockInventory", function () {
    let defaults: Deployed;
    before(async () => {
        defaults = await deploy("inv");
    });

    describe("with no arguments (seed 000)", () => {
        it("creates the resources seed 000 deploys, each a named child of the component", () => {
            const types = defaults.children.map((c) => c.type).sort();
            expect(types).to.include.members([
                "aws:kms/key:Key",
                "aws:kms/alias:Alias",
                "aws:s3/bucket:Bucket",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                "aws:s3/bucketPolicy:BucketPolicy",
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:iam/role:Role",
                "aws:iam/rolePolicy:RolePolicy",
                "aws:lambda/function:Function",
                "aws:cloudwatch/eventRule:EventRule",
                "aws:cloudwatch/eventTarget:EventTarget",
                "aws:lambda/permission:Permission",
            ]);
            for (const child of defaults.children) {
                expect(child.name.startsWith("inv-"), child.name).to.equal(true);
            }
            // No AWSLambdaBasicExecutionRole (logs:CreateLogGroup on *), no deployment bucket.
            expect(types).to.not.include("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            expect(types.filter((t) => t === "aws:s3/bucket:Bucket")).to.have.length(1);
        });

        it("encrypts with a rotating CMK under the seed's alias", () => {
            expect(defaults.child("key").inputs).to.deep.include({ enableKeyRotation: true, keyUsage: "ENCRYPT_DECRYPT" });
            expect(defaults.child("key-alias").inputs.name).to.equal("alias/bedrock-core-inventory");
            expect(defaults.child("key-alias").inputs.targetKeyId).to.equal(defaults.child("key").id);
        });

        it("gives the key policy the real execution role and exactly this log group", () => {
            const keyPolicy = defaults.policy("key");
            expect(statementBySid(keyPolicy, "LambdaExecutionRoleArtifactEncryption").Principal.AWS).to.equal(defaults.outputs.roleArn);
            const logs = statementBySid(keyPolicy, "CloudWatchLogsLogGroupEncryption");
            expect(logs.Principal.Service).to.equal(`logs.${MOCK_REGION}.amazonaws.com`);
            expect(logs.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).to.equal(
                `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:${defaults.outputs.logGroupName}`,
            );
            expect(statementBySid(keyPolicy, "RootAccountFullControl").Principal.AWS).to.equal(`arn:aws:iam::${MOCK_ACCOUNT_ID}:root`);
            expect(statementBySid(keyPolicy, "CloudWatchAlarmsEncryptedTopic").Principal.Service).to.equal("cloudwatch.amazonaws.com");
        });

        it("blocks all public access, enforces bucket ownership and versions objects", () => {
            expect(defaults.child("bucket-public-access").inputs).to.deep.include({
                bucket: defaults.outputs.bucketName,
                blockPublicAcls: true,
                ignorePublicAcls: true,
                blockPublicPolicy: true,
                restrictPublicBuckets: true,
            });
            expect(defaults.child("bucket-ownership").inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
            expect(defaults.child("bucket-versioning").inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        });

        it("encrypts the bucket by default with this key and a bucket key", () => {
            const encryption = defaults.child("bucket-encryption").inputs;
            expect(encryption.bucket).to.equal(defaults.outputs.bucketName);
            expect(encryption.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: defaults.outputs.keyArn }, bucketKeyEnabled: true },
            ]);
        });

        it("expires old runs under the runs prefix and noncurrent versions", () => {
            const rules = defaults.child("bucket-lifecycle").inputs.rules;
            const runs = rules.find((r: any) => r.id === "expire-old-runs");
            expect(runs.filter).to.deep.equal({ prefix: "bedrock-core-inventory/runs/" });
            expect(runs.expiration).to.deep.equal({ days: 30 });
            expect(runs.status).to.equal("Enabled");
            const noncurrent = rules.find((r: any) => r.id === "expire-noncurrent-versions");
            expect(noncurrent.noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 30 });
        });

        it("puts the seed's three invariants in the bucket policy, on this bucket and key", () => {
            const bucketPolicy = defaults.policy("bucket-policy");
            const bucketArn = `arn:aws:s3:::${defaults.outputs.bucketName}`;
            expect(bucketPolicy.Statement.map((s: any) => s.Sid)).to.deep.equal(["DenyNonTLS", "DenyUnencryptedPuts", "DenyWrongKMSKey"]);
            expect(statementBySid(bucketPolicy, "DenyNonTLS").Resource).to.deep.equal([bucketArn, `${bucketArn}/*`]);
            expect(statementBySid(bucketPolicy, "DenyWrongKMSKey").Condition.StringNotEquals["s3:x-amz-server-side-encryption-aws-kms-key-id"]).to.equal(
                defaults.outputs.keyArn,
            );
            expect(defaults.child("bucket-policy").inputs.bucket).to.equal(defaults.outputs.bucketName);
        });

        it("pre-creates /aws/lambda/<function name> with 90 days' retention and the CMK", () => {
            const logGroup = defaults.child("log-group").inputs;
            expect(logGroup.name).to.equal(`/aws/lambda/${defaults.outputs.functionName}`);
            expect(logGroup.retentionInDays).to.equal(90);
            expect(logGroup.kmsKeyId).to.equal(defaults.outputs.keyArn);
        });

        it("trusts only lambda.amazonaws.com for this account in the execution role", () => {
            const trust = defaults.policy("role", "assumeRolePolicy");
            expect(trust.Statement).to.deep.equal([
                {
                    Sid: "LambdaAssumeRole",
                    Effect: "Allow",
                    Principal: { Service: "lambda.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
                },
            ]);
        });

        it("scopes the role's permissions to this bucket's prefixes, this key, log group and queue", () => {
            const rolePolicy = defaults.policy("role-policy");
            const bucketArn = `arn:aws:s3:::${defaults.outputs.bucketName}`;
            expect(defaults.child("role-policy").inputs.role).to.equal(defaults.child("role").id);
            expect(statementBySid(rolePolicy, "S3WriteInventory").Resource).to.deep.equal([
                `${bucketArn}/bedrock-core-inventory/*`,
                `${bucketArn}/latest/*`,
            ]);
            expect(statementBySid(rolePolicy, "KmsArtifactEncryption").Resource).to.equal(defaults.outputs.keyArn);
            expect(statementBySid(rolePolicy, "WriteOwnLogs").Resource).to.equal(
                `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:${defaults.outputs.logGroupName}:log-stream:*`,
            );
            expect(statementBySid(rolePolicy, "FailedRunDestination").Resource).to.equal(defaults.outputs.failureQueueArn);
        });

        it("runs the bundled function on nodejs22.x with the seed's size, one at a time", () => {
            const fn = defaults.child("function").inputs;
            expect(fn).to.deep.include({
                runtime: "nodejs22.x",
                handler: "index.handler",
                timeout: 900,
                memorySize: 256,
                reservedConcurrentExecutions: 1,
                role: defaults.outputs.roleArn,
            });
            expect(fn.loggingConfig.logGroup).to.equal(defaults.outputs.logGroupName);
            expect(INVENTORY_FUNCTION_ENTRY).to.equal("inventory-fn/handler.ts");
        });

        it("gives the function Lambda's default 512 MB of ephemeral storage (/tmp) for staging artifacts", () => {
            expect(defaults.child("function").inputs.ephemeralStorage).to.deep.equal({ size: 512 });
        });

        it("passes the environment of CONTRACTS section 4", () => {
            expect(defaults.child("function").inputs.environment.variables).to.deep.equal({
                INVENTORY_KMS_KEY_ID: defaults.outputs.keyArn,
                CORE_INVENTORY_BUCKET: defaults.outputs.bucketName,
                REGION: MOCK_REGION,
                OUTPUT_PREFIX: "bedrock-core-inventory/",
                LATEST_PREFIX: "latest/",
                ACCOUNT_ID: MOCK_ACCOUNT_ID,
                NODE_OPTIONS: "--enable-source-maps --max-old-space-size=160 --max-semi-space-size=4",
                MALLOC_ARENA_MAX: "2",
                MALLOC_TRIM_THRESHOLD_: "131072",
            });
        });

        it("caps the heap below the function's memory so it collects garbage before Lambda's limit", () => {
            expect(inventoryHeapLimitMb(256)).to.equal(160);
            expect(inventoryHeapLimitMb(512)).to.equal(320);
            expect(inventoryHeapLimitMb(128)).to.be.lessThan(128);
        });

        it("starts the runtime with a 4 MB semi-space, two malloc arenas and a fixed trim threshold at every memory size (docs/bench.md, issue 11)", () => {
            expect(inventoryRuntimeEnvironment(512)).to.deep.equal({
                NODE_OPTIONS: "--enable-source-maps --max-old-space-size=320 --max-semi-space-size=4",
                MALLOC_ARENA_MAX: "2",
                MALLOC_TRIM_THRESHOLD_: "131072",
            });
        });

        it("sends failed scheduled invocations to the encrypted queue after its retries", () => {
            const invokeConfig = defaults.child("invoke-config").inputs;
            expect(invokeConfig.functionName).to.equal(defaults.outputs.functionName);
            expect(invokeConfig.destinationConfig).to.deep.equal({ onFailure: { destination: defaults.outputs.failureQueueArn } });
            expect(invokeConfig.maximumRetryAttempts).to.equal(1);
            expect(invokeConfig.maximumEventAgeInSeconds).to.equal(3600);
            expect(defaults.child("failed-runs").inputs.kmsMasterKeyId).to.equal(defaults.outputs.keyArn);
        });

        it("runs every 15 minutes and lets only this rule invoke the function", () => {
            const rule = defaults.child("schedule");
            expect(rule.inputs.scheduleExpression).to.equal("rate(15 minutes)");
            expect(defaults.child("schedule-target").inputs).to.deep.include({ rule: rule.state.name, arn: defaults.outputs.functionArn });
            expect(defaults.child("schedule-permission").inputs).to.deep.include({
                action: "lambda:InvokeFunction",
                principal: "events.amazonaws.com",
                function: defaults.outputs.functionName,
                sourceArn: rule.state.arn,
            });
        });

        it("alarms on errors and on two schedule periods without a successful run, to the encrypted topic", () => {
            const topicArn = defaults.outputs.alarmTopicArn;
            expect(defaults.child("alarms").inputs.kmsMasterKeyId).to.equal(defaults.outputs.keyArn);
            const errors = defaults.child("errors").inputs;
            expect(errors).to.deep.include({
                namespace: "AWS/Lambda",
                metricName: "Errors",
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                dimensions: { FunctionName: defaults.outputs.functionName },
            });
            expect(errors.alarmActions).to.deep.equal([topicArn]);
            const namespace = `BedrockInventory/${defaults.outputs.functionName}`;
            const missing = defaults.child("missing-runs").inputs;
            expect(missing).to.deep.include({
                namespace,
                metricName: "SuccessfulRuns",
                statistic: "Sum",
                period: 900,
                comparisonOperator: "LessThanThreshold",
                threshold: 1,
                evaluationPeriods: 2,
                datapointsToAlarm: 2,
                treatMissingData: "breaching",
            });
            expect(missing.alarmActions).to.deep.equal([topicArn]);
            const failures = defaults.child("run-failures").inputs;
            expect(failures).to.deep.include({ namespace, metricName: "FailedRuns", comparisonOperator: "GreaterThanThreshold", threshold: 0 });
            expect(failures.alarmActions).to.deep.equal([topicArn]);
            expect(defaults.child("failed-run-events").inputs.alarmActions).to.deep.equal([topicArn]);
            const topicPolicy = defaults.policy("alarms-policy");
            expect(topicPolicy.Statement[0].Resource).to.equal(topicArn);
        });

        it("counts successful and failed runs from the function's run_finished log line", () => {
            const namespace = `BedrockInventory/${defaults.outputs.functionName}`;
            const success = defaults.child("successful-runs").inputs;
            expect(success.logGroupName).to.equal(defaults.outputs.logGroupName);
            expect(success.pattern).to.equal('{ ($.message = "run_finished") && ($.statusCode = 200) }');
            expect(success.metricTransformation).to.deep.equal({ name: "SuccessfulRuns", namespace, value: "1", defaultValue: "0" });
            const failure = defaults.child("unsuccessful-runs").inputs;
            expect(failure.pattern).to.equal('{ ($.message = "run_finished") && ($.statusCode != 200) }');
            expect(failure.metricTransformation).to.deep.include({ name: "FailedRuns", namespace });
        });

        it("creates no consumer role and no email subscription", () => {
            expect(defaults.outputs.consumerRoleArn).to.equal(undefined);
            expect(defaults.children.map((c) => c.name)).to.not.include.members(["inv-consumer-role", "inv-alarm-email"]);
        });

        it("names the function and log group from the component, unique per stack", () => {
            expect(defaults.outputs.functionName).to.match(/^inv-[0-9a-f]{8}$/);
            expect(defaults.outputs.latestPrefix).to.equal("latest/");
        });

        it("registers every public output", () => {
            const component = recordedResources.find((r) => r.type === COMPONENT_TYPE && r.name === "inv");
            expect(component?.custom).to.equal(false);
            const registered = component?.outputs ?? {};
            // An undefined output (no consumer role) is not serialized.
            const defined = Object.keys(defaults.outputs).filter((key) => defaults.outputs[key] !== undefined);
            expect(Object.keys(registered).sort()).to.deep.equal(defined.sort());
            expect(defined).to.have.length(9);
            expect(registered.functionArn).to.equal(defaults.outputs.functionArn);
            expect(registered.latestPrefix).to.equal("latest/");
        });
    });

    describe("with arguments", () => {
        let custom: Deployed;
        before(async () => {
            custom = await deploy("custom", {
                functionName: "bedrock-core-tools-inventory",
                bucketName: "bedrock-core-inventory-123456789012",
                schedule: "rate(1 hour)",
                logRetentionDays: 365,
                memorySize: 512,
                ephemeralStorageSize: 2048,
                outputPrefix: "inv/",
                latestPrefix: "current/",
                runRetentionDays: 90,
                kmsAliasName: "alias/custom-inventory",
                alarmEmail: "ops@example.com",
                toolLogGroups: ["/custom/tools", "/other/tools"],
                consumerPrincipalArn: "arn:aws:iam::444455556666:role/connector",
                consumerExternalId: "pingone-ext-1",
                maximumRetryAttempts: 0,
                maximumEventAgeSeconds: 900,
                tags: { team: "platform-security", "cost-center": "1234" },
            });
        });

        it("uses the given names, sizes, schedule and retention", () => {
            expect(custom.outputs.functionName).to.equal("bedrock-core-tools-inventory");
            expect(custom.outputs.logGroupName).to.equal("/aws/lambda/bedrock-core-tools-inventory");
            expect(custom.outputs.bucketName).to.equal("bedrock-core-inventory-123456789012");
            expect(custom.child("function").inputs.memorySize).to.equal(512);
            expect(custom.child("function").inputs.ephemeralStorage).to.deep.equal({ size: 2048 });
            expect(custom.child("log-group").inputs.retentionInDays).to.equal(365);
            expect(custom.child("schedule").inputs.scheduleExpression).to.equal("rate(1 hour)");
            expect(custom.child("key-alias").inputs.name).to.equal("alias/custom-inventory");
            expect(custom.child("invoke-config").inputs).to.deep.include({ maximumRetryAttempts: 0, maximumEventAgeInSeconds: 900 });
        });

        it("follows the prefixes in the environment, the lifecycle and the role", () => {
            const env = custom.child("function").inputs.environment.variables;
            expect(env).to.deep.include({ OUTPUT_PREFIX: "inv/", LATEST_PREFIX: "current/", TOOL_LOG_GROUPS: "/custom/tools,/other/tools" });
            expect(custom.child("bucket-lifecycle").inputs.rules[0]).to.deep.include({ filter: { prefix: "inv/runs/" }, expiration: { days: 90 } });
            const s3 = statementBySid(custom.policy("role-policy"), "S3WriteInventory");
            expect(s3.Resource).to.deep.equal([
                "arn:aws:s3:::bedrock-core-inventory-123456789012/inv/*",
                "arn:aws:s3:::bedrock-core-inventory-123456789012/current/*",
            ]);
            const queries = statementBySid(custom.policy("role-policy"), "LogsInsightsQuery");
            expect(queries.Resource).to.include(`arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:/custom/tools`);
        });

        it("watches a one-hour schedule with one-hour alarm periods", () => {
            expect(custom.child("missing-runs").inputs.period).to.equal(3600);
        });

        it("tags every child that takes tags", () => {
            const taggable = [
                "aws:kms/key:Key",
                "aws:s3/bucket:Bucket",
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:iam/role:Role",
                "aws:sqs/queue:Queue",
                "aws:lambda/function:Function",
                "aws:cloudwatch/eventRule:EventRule",
                "aws:sns/topic:Topic",
                "aws:cloudwatch/metricAlarm:MetricAlarm",
            ];
            const children = custom.children.filter((c) => taggable.includes(c.type));
            expect(children).to.have.length(13);
            for (const child of children) {
                expect(child.inputs.tags, child.name).to.deep.equal({ team: "platform-security", "cost-center": "1234" });
            }
            expect(defaults.children.filter((c) => c.inputs.tags !== undefined)).to.deep.equal([]);
        });

        it("subscribes the alarm email", () => {
            expect(custom.child("alarm-email").inputs).to.deep.include({ protocol: "email", endpoint: "ops@example.com", topic: custom.outputs.alarmTopicArn });
        });

        it("creates the consumer role trusting the configured principal, with the external id", () => {
            expect(custom.outputs.consumerRoleArn).to.equal(custom.child("consumer-role").state.arn);
            const trust = custom.policy("consumer-role", "assumeRolePolicy");
            expect(trust.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws:iam::444455556666:role/connector" });
            expect(trust.Statement[0].Condition).to.deep.equal({ StringEquals: { "sts:ExternalId": "pingone-ext-1" } });
            const consumer = custom.policy("consumer-policy");
            expect(statementBySid(consumer, "ReadLatestArtifacts").Resource).to.equal("arn:aws:s3:::bedrock-core-inventory-123456789012/current/*");
            expect(statementBySid(consumer, "DecryptViaS3").Resource).to.equal(custom.outputs.keyArn);
        });

        it("does not collide with another instance", async () => {
            const second = await deploy("second");
            expect(second.outputs.functionName).to.not.equal(defaults.outputs.functionName);
            expect(second.children.every((c) => c.name.startsWith("second-"))).to.equal(true);
        });

        it("requires an alarm period for a cron schedule and accepts one", async () => {
            expect(() => new BedrockInventory("cron-missing", { schedule: "cron(0 6 * * ? *)" })).to.throw(
                ArgumentError,
                'BedrockInventory "cron-missing": missingRunPeriodSeconds: got undefined, expected a period in seconds when the schedule is a cron expression',
            );
            const cron = await deploy("cron", { schedule: "cron(0 6 * * ? *)", missingRunPeriodSeconds: 86400 });
            expect(cron.child("missing-runs").inputs.period).to.equal(86400);
        });
    });

    describe("argument validation", () => {
        const cases: [string, BedrockInventoryArgs, string][] = [
            ["schedule", { schedule: "every 15 minutes" }, "schedule: got \"every 15 minutes\", expected a schedule expression"],
            ["logRetentionDays", { logRetentionDays: 42 }, "logRetentionDays: got 42, expected one of CloudWatch Logs' retention values"],
            ["memorySize", { memorySize: 64 }, "memorySize: got 64, expected Lambda memory in MB, an integer from 128 to 10240"],
            ["ephemeralStorageSize below 512", { ephemeralStorageSize: 100 }, "ephemeralStorageSize: got 100, expected Lambda ephemeral storage (/tmp) in MB, an integer from 512 to 10240"],
            ["ephemeralStorageSize above 10240", { ephemeralStorageSize: 20000 }, "ephemeralStorageSize: got 20000, expected Lambda ephemeral storage (/tmp) in MB, an integer from 512 to 10240"],
            ["fractional ephemeralStorageSize", { ephemeralStorageSize: 600.5 }, "ephemeralStorageSize: got 600.5, expected Lambda ephemeral storage (/tmp) in MB, an integer from 512 to 10240"],
            ["timeoutSeconds", { timeoutSeconds: 901 }, "timeoutSeconds: got 901, expected a Lambda timeout in seconds, an integer from 1 to 900"],
            ["outputPrefix", { outputPrefix: "runs" }, "outputPrefix: got \"runs\", expected a key prefix ending in '/'"],
            ["latestPrefix", { latestPrefix: "bedrock-core-inventory/runs/latest/" }, "latestPrefix: got \"bedrock-core-inventory/runs/latest/\", expected a prefix that neither contains nor lies inside the runs prefix"],
            ["bucketName", { bucketName: "Bedrock_Inventory" }, "bucketName: got \"Bedrock_Inventory\", expected an S3 bucket name"],
            ["functionName", { functionName: "has space" }, "functionName: got \"has space\", expected a Lambda function name"],
            ["kmsAliasName", { kmsAliasName: "alias/aws/inventory" }, "kmsAliasName: got \"alias/aws/inventory\", expected a KMS alias"],
            ["alarmEmail", { alarmEmail: "not-an-address" }, "alarmEmail: got \"not-an-address\", expected an email address"],
            ["consumerPrincipalArn", { consumerPrincipalArn: "connector" }, "consumerPrincipalArn: got \"connector\", expected an IAM principal ARN"],
            ["toolLogGroups", { toolLogGroups: ["bad group"] }, "toolLogGroups[0]: got \"bad group\", expected a log group name"],
            ["maximumRetryAttempts", { maximumRetryAttempts: 3 }, "maximumRetryAttempts: got 3, expected an integer from 0 to 2"],
            ["maximumEventAgeSeconds", { maximumEventAgeSeconds: 30 }, "maximumEventAgeSeconds: got 30, expected an integer from 60 to 21600"],
            ["missingRunPeriodSeconds", { missingRunPeriodSeconds: 90 }, "missingRunPeriodSeconds: got 90, expected a multiple of 60"],
            ["schedule too long to watch", { schedule: "rate(7 days)" }, "schedule: got \"rate(7 days)\", expected a rate the missing-runs alarm can watch"],
            ["component name unfit for a bucket", {}, "bucketName: got undefined, expected set when the component name is not a valid bucket name prefix"],
        ];
        for (const [label, args, message] of cases) {
            it(`rejects a bad ${label}, naming the argument and the rule`, () => {
                const name = label === "component name unfit for a bucket" ? "Upper_Case" : `bad-${label.replace(/\W+/g, "-").toLowerCase()}`;
                expect(() => new BedrockInventory(name, args)).to.throw(ArgumentError, `BedrockInventory "${name}": ${message}`);
            });
        }

        it("reports every bad argument at once", () => {
            try {
                new BedrockInventory("many-bad", { memorySize: 1, timeoutSeconds: 0 });
                expect.fail("no error");
            } catch (err) {
                expect((err as ArgumentError).problems).to.have.length(2);
            }
        });
    });
});
