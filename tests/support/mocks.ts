// The one Pulumi mocks module for the whole mocha run. Importing it installs the mocks; program
// code must be imported after it. Any data-source call not listed here throws, so a new lookup
// fails loudly instead of returning something made up.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_REGION = "us-east-1";
export const MOCK_PARTITION = "aws";

/** A resource the mock engine was asked to create. */
export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly state: Record<string, any>;
    readonly id: string;
}

export const recordedResources: RecordedResource[] = [];

/** Forget what earlier tests created (call in `beforeEach` when a test counts resources). */
export function resetRecordedResources(): void {
    recordedResources.length = 0;
}

/** Pulumi-style auto-name: the logical name plus a stable 7-hex suffix (stable for golden plans). */
export function autoName(logicalName: string): string {
    const suffix = crypto.createHash("sha256").update(logicalName).digest("hex").slice(0, 7);
    return `${logicalName}-${suffix}`;
}

function physicalName(args: pulumi.runtime.MockResourceArgs): string {
    const inputs = args.inputs ?? {};
    return inputs.name ?? inputs.bucket ?? inputs.functionName ?? autoName(args.name);
}

/** Realistic ARNs and identifiers for the resource types the components create. */
function mockState(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    const name = physicalName(args);
    const [pkg, moduleAndType] = args.type.split(":");
    const module = (moduleAndType ?? "").split("/")[0];
    const region = MOCK_REGION;
    const account = MOCK_ACCOUNT_ID;
    const p = MOCK_PARTITION;
    const hash = crypto.createHash("sha256").update(args.type + args.name).digest("hex");
    const uuid = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
    const state: Record<string, any> = { ...args.inputs };
    let id = name;
    switch (args.type) {
        case "aws:kms/key:Key":
            id = uuid;
            state.keyId = uuid;
            state.arn = `arn:${p}:kms:${region}:${account}:key/${uuid}`;
            break;
        case "aws:kms/alias:Alias":
            state.arn = `arn:${p}:kms:${region}:${account}:${name}`;
            state.targetKeyArn = args.inputs.targetKeyId;
            break;
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            state.bucket = name;
            state.arn = `arn:${p}:s3:::${name}`;
            state.bucketDomainName = `${name}.s3.amazonaws.com`;
            state.bucketRegionalDomainName = `${name}.s3.${region}.amazonaws.com`;
            state.region = region;
            break;
        case "aws:iam/role:Role":
            state.name = name;
            state.arn = `arn:${p}:iam::${account}:role${args.inputs.path ?? "/"}${name}`;
            state.uniqueId = `AROA${hash.slice(0, 17).toUpperCase()}`;
            break;
        case "aws:iam/policy:Policy":
            state.name = name;
            state.arn = `arn:${p}:iam::${account}:policy${args.inputs.path ?? "/"}${name}`;
            id = state.arn;
            break;
        case "aws:iam/user:User":
            state.arn = `arn:${p}:iam::${account}:user/${name}`;
            break;
        case "aws:lambda/function:Function":
            state.name = name;
            state.arn = `arn:${p}:lambda:${region}:${account}:function:${name}`;
            state.invokeArn = `arn:${p}:apigateway:${region}:lambda:path/2015-03-31/functions/${state.arn}/invocations`;
            state.qualifiedArn = `${state.arn}:$LATEST`;
            state.version = "$LATEST";
            break;
        case "aws:cloudwatch/logGroup:LogGroup":
            state.name = name;
            state.arn = `arn:${p}:logs:${region}:${account}:log-group:${name}`;
            break;
        case "aws:sqs/queue:Queue":
            state.name = name;
            state.arn = `arn:${p}:sqs:${region}:${account}:${name}`;
            state.url = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
            id = state.url;
            break;
        case "aws:sns/topic:Topic":
            state.name = name;
            state.arn = `arn:${p}:sns:${region}:${account}:${name}`;
            id = state.arn;
            break;
        case "aws:cloudwatch/eventRule:EventRule":
            state.name = name;
            state.arn = `arn:${p}:events:${region}:${account}:rule/${name}`;
            break;
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            state.name = name;
            state.arn = `arn:${p}:cloudwatch:${region}:${account}:alarm:${name}`;
            break;
        case "aws:cloudtrail/trail:Trail":
            state.name = name;
            state.arn = `arn:${p}:cloudtrail:${region}:${account}:trail/${name}`;
            break;
        case "aws:organizations/policy:Policy":
            id = `p-${hash.slice(0, 8)}`;
            state.arn = `arn:${p}:organizations::${account}:policy/o-exampleorg/service_control_policy/${id}`;
            break;
        case "aws:ec2/vpc:Vpc":
            id = `vpc-${hash.slice(0, 17)}`;
            state.arn = `arn:${p}:ec2:${region}:${account}:vpc/${id}`;
            state.cidrBlock = args.inputs.cidrBlock;
            break;
        case "aws:ec2/subnet:Subnet":
            id = `subnet-${hash.slice(0, 17)}`;
            state.arn = `arn:${p}:ec2:${region}:${account}:subnet/${id}`;
            break;
        case "aws:ec2/securityGroup:SecurityGroup":
            id = `sg-${hash.slice(0, 17)}`;
            state.arn = `arn:${p}:ec2:${region}:${account}:security-group/${id}`;
            break;
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            id = `vpce-${hash.slice(0, 17)}`;
            state.arn = `arn:${p}:ec2:${region}:${account}:vpc-endpoint/${id}`;
            break;
        case "aws:cfg/rule:Rule":
            state.name = name;
            state.arn = `arn:${p}:config:${region}:${account}:config-rule/config-rule-${hash.slice(0, 6)}`;
            break;
        default:
            if (pkg === "aws" && state.arn === undefined) {
                state.arn = `arn:${p}:${module}:${region}:${account}:${args.name}`;
            }
    }
    return { id, state };
}

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const { id, state } = mockState(args);
            recordedResources.push({ type: args.type, name: args.name, inputs: args.inputs, state, id });
            return { id, state };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return {
                        accountId: MOCK_ACCOUNT_ID,
                        arn: `arn:${MOCK_PARTITION}:iam::${MOCK_ACCOUNT_ID}:user/deployer`,
                        userId: "AIDAEXAMPLEDEPLOYER",
                        id: MOCK_ACCOUNT_ID,
                    };
                case "aws:index/getRegion:getRegion":
                    return { name: MOCK_REGION, region: MOCK_REGION, id: MOCK_REGION, description: "US East (N. Virginia)" };
                case "aws:index/getPartition:getPartition":
                    return { partition: MOCK_PARTITION, dnsSuffix: "amazonaws.com", id: MOCK_PARTITION, reverseDnsPrefix: "com.amazonaws" };
                default:
                    throw new Error(`unmocked provider call ${args.token}: add it to tests/support/mocks.ts`);
            }
        },
    },
    "bedrock-governance",
    "test",
    false,
);

/** The value of an Output, for assertions (mocks make every value known). */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output as pulumi.Input<T>).apply((v) => resolve(v as T)));
}
