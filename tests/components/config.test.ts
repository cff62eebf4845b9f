// Stack config: a failing case for every rule, the message format, unknown keys, rules that span
// keys, and Pulumi.yaml / Pulumi.<stack>.yaml kept in step with the declarations in code.
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as yaml from "js-yaml";
import {
    ConfigError,
    inventoryConfigSection,
    projectConfigDeclarations,
    readInventoryConfig,
    schedulePeriodSeconds,
    StackConfigReader,
} from "../../components/config";
import * as rules from "../../components/config/validators";
import { readGovernanceConfig } from "../../components/governance/config";
import { readOrgInventoryConfig } from "../../components/config/org-inventory";

const root = path.resolve(__dirname, "..", "..");

/** The problems the stack program's readers report for these raw values, as message lines. */
function problems(raw: Record<string, string>): string[] {
    const reader = new StackConfigReader(raw);
    readInventoryConfig(reader);
    readGovernanceConfig(reader);
    readOrgInventoryConfig(reader);
    try {
        reader.finish();
        return [];
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).message.split("\n");
    }
}

describe("stack config", () => {
    describe("value rules", () => {
        const valid: [string, rules.Validator<any>, unknown[]][] = [
            ["scheduleExpression", rules.scheduleExpression, ["rate(1 minute)", "rate(15 minutes)", "rate(2 hours)", "rate(1 day)", "cron(0 6 * * ? *)", "cron(0/15 * ? * MON-FRI *)"]],
            ["logRetentionDays", rules.logRetentionDays, [1, 14, 90, 365, 3653]],
            ["lambdaMemorySize", rules.lambdaMemorySize, [128, 256, 10240]],
            ["lambdaEphemeralStorageSize", rules.lambdaEphemeralStorageSize, [512, 1024, 10240]],
            ["lambdaTimeoutSeconds", rules.lambdaTimeoutSeconds, [1, 900]],
            ["emailAddress", rules.emailAddress, ["ops@example.com", "a.b+c@sub.example.org"]],
            ["arn", rules.arn, ["arn:aws:sns:us-east-1:123456789012:topic", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-cn:s3:::bucket"]],
            ["iamPrincipalArn", rules.iamPrincipalArn, ["arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/team/connector", "arn:aws-us-gov:iam::123456789012:user/svc"]],
            ["keyPrefix", rules.keyPrefix, ["latest/", "bedrock-core-inventory/", "a/b/c/"]],
            ["s3BucketName", rules.s3BucketName, ["bedrock-core-inventory", "abc", "inventory.123456789012", "a".repeat(63)]],
            ["kmsAliasName", rules.kmsAliasName, ["alias/bedrock-core-inventory", "alias/team/inventory_1"]],
            ["lambdaFunctionName", rules.lambdaFunctionName, ["bedrock-core-tools-inventory", "a_b-1"]],
            ["logGroupName", rules.logGroupName, ["/aws/lambda/x", "/custom/log/group1"]],
            ["asyncRetryAttempts", rules.asyncRetryAttempts, [0, 1, 2]],
            ["asyncEventAgeSeconds", rules.asyncEventAgeSeconds, [60, 21600]],
            ["twoPeriodAlarmSeconds", rules.twoPeriodAlarmSeconds, [60, 900, 86400, 302400]],
            ["externalId", rules.externalId, ["ab", "pingone-ext:1/2"]],
        ];
        for (const [name, rule, values] of valid) {
            it(`${name} accepts ${values.map((v) => JSON.stringify(v)).join(", ")}`, () => {
                for (const value of values) expect(rule(value), JSON.stringify(value)).to.equal(undefined);
            });
        }

        const invalid: [string, rules.Validator<any>, unknown[]][] = [
            ["scheduleExpression", rules.scheduleExpression, [
                "rate(5 minute)", "rate(1 minutes)", "rate(0 minutes)", "rate(15 seconds)", "rate(15minutes)", "every 15 minutes",
                "cron(0 6 * * *)", "cron(0 6 * * * *)", "cron(0 6 ? * ? *)", "cron(0 6 * * MON *)", "cron(0 6 x * ? *)", "",
            ]],
            ["logRetentionDays", rules.logRetentionDays, [0, 2, 42, 91, 4000, -1, 1.5]],
            ["lambdaMemorySize", rules.lambdaMemorySize, [127, 10241, 0, 256.5]],
            ["lambdaEphemeralStorageSize", rules.lambdaEphemeralStorageSize, [511, 10241, 0, 100, 20000, 600.5]],
            ["lambdaTimeoutSeconds", rules.lambdaTimeoutSeconds, [0, 901, 1000]],
            ["emailAddress", rules.emailAddress, ["ops", "ops@", "@example.com", "ops@example", "o ps@example.com"]],
            ["arn", rules.arn, ["", "arn:aws:sns", "arn:aws:sns:us-east-1:12345:topic", "urn:aws:sns:us-east-1:123456789012:t", "arn:azure:sns:us-east-1:123456789012:t"]],
            ["iamPrincipalArn", rules.iamPrincipalArn, ["connector", "arn:aws:iam::123456789012:group/x", "arn:aws:s3:::bucket", "arn:aws:iam::123:role/x"]],
            ["keyPrefix", rules.keyPrefix, ["", "latest", "/latest/", "a//b/", "/", "has space/"]],
            ["s3BucketName", rules.s3BucketName, [
                "ab", "a".repeat(64), "Bedrock-Inventory", "bedrock_inventory", "-bedrock", "bedrock-", "bed..rock", "192.168.5.4",
                "xn--bucket", "sthree-bucket", "amzn-s3-demo-bucket", "bucket-s3alias", "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "bucket--table-s3",
            ]],
            ["kmsAliasName", rules.kmsAliasName, ["bedrock", "alias/", "alias/aws/inventory", "alias/has space"]],
            ["lambdaFunctionName", rules.lambdaFunctionName, ["", "has space", "a".repeat(65), "name.with.dots"]],
            ["logGroupName", rules.logGroupName, ["", "bad group", "a".repeat(513), "bad:colon"]],
            ["asyncRetryAttempts", rules.asyncRetryAttempts, [-1, 3]],
            ["asyncEventAgeSeconds", rules.asyncEventAgeSeconds, [59, 21601]],
            ["twoPeriodAlarmSeconds", rules.twoPeriodAlarmSeconds, [0, 30, 90, 302460, 604800]],
            ["externalId", rules.externalId, ["a", "has space", "x".repeat(1225)]],
        ];
        for (const [name, rule, values] of invalid) {
            it(`${name} rejects ${values.map((v) => JSON.stringify(v).slice(0, 20)).join(", ")}`, () => {
                for (const value of values) expect(rule(value), JSON.stringify(value)).to.be.a("string");
            });
        }

        it("derives the period of a rate schedule and none for cron", () => {
            expect(schedulePeriodSeconds("rate(15 minutes)")).to.equal(900);
            expect(schedulePeriodSeconds("rate(1 hour)")).to.equal(3600);
            expect(schedulePeriodSeconds("rate(2 days)")).to.equal(172800);
            expect(schedulePeriodSeconds("cron(0 6 * * ? *)")).to.equal(undefined);
        });

        it("treats prefixes that contain one another as overlapping", () => {
            expect(rules.disjointPrefixes("bedrock-core-inventory/runs/", "latest/")).to.equal(true);
            expect(rules.disjointPrefixes("bedrock-core-inventory/runs/", "bedrock-core-inventory/")).to.equal(false);
            expect(rules.disjointPrefixes("bedrock-core-inventory/runs/", "bedrock-core-inventory/runs/x/")).to.equal(false);
        });
    });

    describe("reading the inventory's keys", () => {
        it("fills every default when nothing is set", () => {
            expect(problems({})).to.deep.equal([]);
            const args = readInventoryConfig(new StackConfigReader({}));
            expect(args).to.deep.include({
                schedule: "rate(15 minutes)",
                logRetentionDays: 90,
                memorySize: 256,
                ephemeralStorageSize: 512,
                timeoutSeconds: 900,
                outputPrefix: "bedrock-core-inventory/",
                latestPrefix: "latest/",
                kmsAliasName: "alias/bedrock-core-inventory",
                functionName: undefined,
                bucketName: undefined,
                alarmEmail: undefined,
                consumerPrincipalArn: undefined,
                missingRunPeriodSeconds: undefined,
            });
            expect(args.toolLogGroups).to.deep.equal([]);
        });

        it("parses integers, lists and strings as the engine passes them", () => {
            const args = readInventoryConfig(
                new StackConfigReader({
                    inventoryLogRetentionDays: "365",
                    inventoryEphemeralStorageSize: "1024",
                    inventoryToolLogGroups: '["/custom/a","/custom/b"]',
                    inventoryAlarmEmail: "ops@example.com",
                    inventoryMissingRunPeriodSeconds: "1800",
                    inventoryEvidenceMaxEventIds: "50",
                    inventoryUsageStateMaxUses: "200000",
                }),
            );
            expect(args).to.deep.include({ logRetentionDays: 365, ephemeralStorageSize: 1024, alarmEmail: "ops@example.com", missingRunPeriodSeconds: 1800, evidenceMaxEventIds: 50, usageStateMaxUses: 200000, evidenceMaxTargets: 100 });
            expect(args.toolLogGroups).to.deep.equal(["/custom/a", "/custom/b"]);
        });

        // One failing value per key, with the exact line a user sees.
        const cases: [string, string, string][] = [
            ["inventoryFunctionName", "has space", 'got "has space", expected a Lambda function name of 1 to 64 characters from [A-Za-z0-9-_]'],
            ["inventoryBucketName", "Bad_Bucket", 'got "Bad_Bucket", expected an S3 bucket name'],
            ["inventorySchedule", "rate(5 minute)", 'got "rate(5 minute)", expected a schedule expression'],
            ["inventoryLogRetentionDays", "42", "got 42, expected one of CloudWatch Logs' retention values (1, 3, 5, 7, 14, 30, 60, 90,"],
            ["inventoryLogRetentionDays", "ninety", 'got "ninety", expected an integer (one of CloudWatch Logs\' retention values'],
            ["inventoryMemorySize", "100", "got 100, expected Lambda memory in MB, an integer from 128 to 10240"],
            ["inventoryMemorySize", "20000", "got 20000, expected Lambda memory in MB, an integer from 128 to 10240"],
            ["inventoryEphemeralStorageSize", "100", "got 100, expected Lambda ephemeral storage (/tmp) in MB, an integer from 512 to 10240"],
            ["inventoryEphemeralStorageSize", "20000", "got 20000, expected Lambda ephemeral storage (/tmp) in MB, an integer from 512 to 10240"],
            ["inventoryEphemeralStorageSize", "600.5", "got 600.5, expected an integer (Lambda ephemeral storage (/tmp) in MB, an integer from 512 to 10240)"],
            ["inventoryTimeoutSeconds", "901", "got 901, expected a Lambda timeout in seconds, an integer from 1 to 900"],
            ["inventoryOutputPrefix", "runs", "got \"runs\", expected a key prefix ending in '/'"],
            ["inventoryLatestPrefix", "/latest/", "got \"/latest/\", expected a key prefix ending in '/'"],
            ["inventoryRunRetentionDays", "0", "got 0, expected an integer from 1 to 36500"],
            ["inventoryNoncurrentVersionRetentionDays", "-3", "got -3, expected an integer from 1 to 36500"],
            ["inventoryKmsAlias", "alias/aws/x", 'got "alias/aws/x", expected a KMS alias alias/<name>'],
            ["inventoryAlarmEmail", "ops", 'got "ops", expected an email address such as ops@example.com'],
            ["inventoryToolLogGroups", '["bad group"]', 'got "[\\"bad group\\"]", expected a list whose every item is a log group name'],
            ["inventoryToolLogGroups", "/custom/a", 'got "/custom/a", expected a list of strings'],
            ["inventoryConsumerPrincipalArn", "arn:aws:s3:::bucket", 'got "arn:aws:s3:::bucket", expected an IAM principal ARN'],
            ["inventoryConsumerExternalId", "x", 'got "x", expected an external id of 2 to 1224 characters'],
            ["inventoryMaxRetryAttempts", "5", "got 5, expected an integer from 0 to 2"],
            ["inventoryMaxEventAgeSeconds", "30", "got 30, expected an integer from 60 to 21600"],
            ["inventoryMissingRunPeriodSeconds", "90", "got 90, expected a multiple of 60 from 60 to 302400 seconds"],
            // The findings' caps (issue 12).
            ["inventoryEvidenceMaxEventIds", "0", "got 0, expected an integer from 1 to 1000"],
            ["inventoryEvidenceMaxTargets", "100001", "got 100001, expected an integer from 1 to 100000"],
            ["inventoryUsageStateMaxUses", "999", "got 999, expected an integer from 1000 to 10000000"],
            ["inventoryUsageStateMaxHours", "many", 'got "many", expected an integer (an integer from 1000 to 10000000)'],
        ];
        for (const [key, value, expected] of cases) {
            it(`rejects ${key}=${value}`, () => {
                const raw: Record<string, string> = { [key]: value };
                // The external id is only allowed with a principal; keep that rule out of this case.
                if (key === "inventoryConsumerExternalId") raw.inventoryConsumerPrincipalArn = "arn:aws:iam::123456789012:role/c";
                const lines = problems(raw);
                expect(lines).to.have.length(1);
                expect(lines[0].startsWith(`bedrock-governance:${key}: ${expected}`), lines[0]).to.equal(true);
            });
        }

        it("rejects a latest prefix inside the runs prefix", () => {
            expect(problems({ inventoryLatestPrefix: "bedrock-core-inventory/runs/latest/" })).to.deep.equal([
                'bedrock-governance:inventoryLatestPrefix: got "bedrock-core-inventory/runs/latest/", expected a prefix that neither contains nor lies inside the runs prefix bedrock-core-inventory/runs/',
            ]);
        });

        it("requires the alarm period for a cron schedule", () => {
            expect(problems({ inventorySchedule: "cron(0 6 * * ? *)" })[0]).to.match(
                /^bedrock-governance:inventoryMissingRunPeriodSeconds: got 0, expected a period in seconds \(multiple of 60\) when inventorySchedule is a cron expression/,
            );
            expect(problems({ inventorySchedule: "cron(0 6 * * ? *)", inventoryMissingRunPeriodSeconds: "86400" })).to.deep.equal([]);
        });

        it("rejects a rate too long for the missing-runs alarm unless a period is given", () => {
            expect(problems({ inventorySchedule: "rate(7 days)" })[0]).to.match(/^bedrock-governance:inventorySchedule: got "rate\(7 days\)", expected a rate of at most 3.5 days/);
            expect(problems({ inventorySchedule: "rate(7 days)", inventoryMissingRunPeriodSeconds: "86400" })).to.deep.equal([]);
        });

        it("rejects an external id without a consumer principal", () => {
            expect(problems({ inventoryConsumerExternalId: "ext-1" })).to.deep.equal([
                'bedrock-governance:inventoryConsumerExternalId: got "ext-1", expected to be set only together with inventoryConsumerPrincipalArn',
            ]);
        });

        it("reports unknown keys of the namespace with the known ones", () => {
            const lines = problems({ inventoryColour: "blue", schedule: "rate(1 hour)" });
            expect(lines).to.have.length(2);
            expect(lines[0]).to.match(/^bedrock-governance:inventoryColour: got "blue", expected no such key \(known keys: governance\w+, /);
            expect(lines[0]).to.include(" inventoryAlarmEmail, ");
            expect(lines[1]).to.match(/^bedrock-governance:schedule: got "rate\(1 hour\)", expected no such key/);
        });

        it("reports every problem at once", () => {
            expect(problems({ inventoryMemorySize: "1", inventoryTimeoutSeconds: "0", inventoryColour: "x" })).to.have.length(3);
        });

        it("refuses a key declared by two sections", () => {
            const reader = new StackConfigReader({});
            reader.read(inventoryConfigSection);
            expect(() => reader.read({ inventorySchedule: inventoryConfigSection.inventorySchedule })).to.throw(/declared by two sections/);
        });
    });

    describe("project and stack files", () => {
        const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as Record<string, any>;
        const stackValues = (stack: string): Record<string, string> => {
            const config = (yaml.load(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as Record<string, any>).config;
            const values: Record<string, string> = {};
            for (const [key, value] of Object.entries(config)) {
                if (key.startsWith("bedrock-governance:")) {
                    values[key.slice("bedrock-governance:".length)] = typeof value === "string" ? value : JSON.stringify(value);
                }
            }
            return values;
        };

        it("declares in Pulumi.yaml every inventory key exactly as the code does", () => {
            expect(project.name).to.equal("bedrock-governance");
            expect(project.runtime).to.deep.equal({ name: "nodejs", options: { typescript: true } });
            const declared = projectConfigDeclarations(inventoryConfigSection);
            for (const [key, declaration] of Object.entries(declared)) {
                expect(project.config[key], key).to.deep.equal(declaration);
            }
        });

        it("declares no inventory key in Pulumi.yaml that the code does not read", () => {
            const inventoryKeys = Object.keys(project.config).filter((key) => key.startsWith("inventory"));
            expect(inventoryKeys.sort()).to.deep.equal(Object.keys(inventoryConfigSection).sort());
        });

        it("documents every inventory key in the configuration reference (docs/configuration.md)", () => {
            const reference = fs.readFileSync(path.join(root, "docs", "configuration.md"), "utf8");
            const undocumented = Object.keys(inventoryConfigSection).filter((key) => !reference.includes(`| \`${key}\` |`));
            expect(undocumented).to.deep.equal([]);
        });

        for (const stack of ["dev", "prod"]) {
            it(`accepts Pulumi.${stack}.yaml`, () => {
                expect(problems(stackValues(stack))).to.deep.equal([]);
            });
        }

        it("gives dev and prod different schedules, log retention, alarm email, run expiry and memory", () => {
            const dev = stackValues("dev");
            const prod = stackValues("prod");
            for (const key of ["inventorySchedule", "inventoryLogRetentionDays", "inventoryAlarmEmail", "inventoryRunRetentionDays", "inventoryMemorySize"]) {
                expect(dev[key], key).to.not.equal(undefined);
                expect(prod[key], key).to.not.equal(undefined);
                expect(dev[key], key).to.not.equal(prod[key]);
            }
            expect(dev.inventoryKmsAlias).to.not.equal(prod.inventoryKmsAlias);
        });
    });
});
