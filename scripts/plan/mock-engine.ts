// Pulumi's mock engine with realistic resource state: one implementation for the test suite
// (tests/support/mocks.ts) and the offline plan (scripts/plan.ts). It records every resource the
// program registers, with its parent, returns ARNs shaped like AWS's for the types the
// components create, answers the identity/region/partition lookups, and throws on any other
// provider call so a new lookup fails loudly instead of returning something made up.
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
// Internal module: the mock monitor is reachable only here. Used to learn each resource's parent.
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as rpc from "@pulumi/pulumi/runtime/rpc";

/** Who and where the mocked program runs. */
export interface MockEnvironment {
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
    readonly dnsSuffix: string;
}

export const DEFAULT_MOCK_ENVIRONMENT: MockEnvironment = {
    accountId: "123456789012",
    region: "us-east-1",
    partition: "aws",
    dnsSuffix: "amazonaws.com",
};

/** A resource the mock engine was asked to create. */
export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly state: Record<string, any>;
    readonly id: string;
    /** Set once the engine has answered the registration. */
    urn?: string;
    /** URN of the parent resource, when there is one. */
    parent?: string;
    /** False for component resources. */
    readonly custom: boolean;
    /** What a component passed to `registerOutputs` (resolved). */
    outputs?: Record<string, unknown>;
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
export function mockState(
    args: pulumi.runtime.MockResourceArgs,
    env: MockEnvironment = DEFAULT_MOCK_ENVIRONMENT,
): { id: string; state: Record<string, any> } {
    const name = physicalName(args);
    const [pkg, moduleAndType] = args.type.split(":");
    const module = (moduleAndType ?? "").split("/")[0];
    const region = env.region;
    const account = env.accountId;
    const p = env.partition;
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
            // The ARN names the policy's type, as Organizations' ARNs do (service_control_policy, bedrock_policy, ...).
            state.arn = `arn:${p}:organizations::${account}:policy/o-exampleorg/${String(args.inputs.type ?? "SERVICE_CONTROL_POLICY").toLowerCase()}/${id}`;
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

/** Answers for the provider calls the components make; anything else throws. */
export function mockCall(args: pulumi.runtime.MockCallArgs, env: MockEnvironment = DEFAULT_MOCK_ENVIRONMENT): Record<string, any> {
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: env.accountId,
                arn: `arn:${env.partition}:iam::${env.accountId}:user/deployer`,
                userId: "AIDAEXAMPLEDEPLOYER",
                id: env.accountId,
            };
        case "aws:index/getRegion:getRegion":
            return { name: env.region, region: env.region, id: env.region, description: env.region };
        case "aws:index/getPartition:getPartition":
            return {
                partition: env.partition,
                dnsSuffix: env.dnsSuffix,
                id: env.partition,
                reverseDnsPrefix: env.dnsSuffix.split(".").reverse().join("."),
            };
        default:
            throw new Error(`unmocked provider call ${args.token}: add it to scripts/plan/mock-engine.ts`);
    }
}

export interface InstallOptions {
    readonly project: string;
    readonly stack: string;
    /** Whether the program sees `pulumi.runtime.isDryRun()` as true. Default false. */
    readonly preview?: boolean;
    readonly environment?: MockEnvironment;
}

/**
 * Installs the mocks and returns the list the engine records into (in registration order).
 * Program code must be imported after this call.
 */
export function installMockEngine(options: InstallOptions): RecordedResource[] {
    const env = options.environment ?? DEFAULT_MOCK_ENVIRONMENT;
    const recorded: RecordedResource[] = [];
    pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const { id, state } = mockState(args, env);
                recorded.push({ type: args.type, name: args.name, inputs: args.inputs, state, id, custom: args.custom !== false });
                return { id, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                return mockCall(args, env);
            },
        },
        options.project,
        options.stack,
        options.preview ?? false,
    );
    recordParents(recorded);
    return recorded;
}

// MockResourceArgs carries no parent; the registration request does. Wrap the mock monitor's
// registerResource to copy the request's parent and the answered URN onto the recorded entry,
// and registerResourceOutputs to keep what a component registered.
function recordParents(recorded: RecordedResource[]): void {
    const monitor = settings.getMonitor() as any;
    if (!monitor || typeof monitor.registerResource !== "function") {
        throw new Error("the mock monitor is not installed; cannot record resource parents");
    }
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        register(req, (err: any, resp: any) => {
            if (!err && resp) {
                const entry = [...recorded].reverse().find((r) => r.urn === undefined && r.type === req.getType() && r.name === req.getName());
                if (entry) {
                    entry.urn = resp.getUrn();
                    entry.parent = req.getParent() || undefined;
                }
            }
            callback(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: any, resp: any) => void) => {
        const entry = recorded.find((r) => r.urn === req.getUrn());
        if (entry) {
            entry.outputs = rpc.deserializeProperties(req.getOutputs());
        }
        registerOutputs(req, callback);
    };
}

/**
 * Waits until every registration and output the program started has been answered (the mock
 * engine answers asynchronously); the plan reads the records only after this.
 */
export async function settle(): Promise<void> {
    // `waitForRPCs` is exported by the runtime's settings module but not declared in its types.
    const waitForRPCs = (settings as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
    if (typeof waitForRPCs !== "function") {
        throw new Error("@pulumi/pulumi no longer exports runtime/settings.waitForRPCs; update scripts/plan/mock-engine.ts");
    }
    await waitForRPCs();
}

/**
 * Every resource the program constructs from now on. A resource whose inputs fail to resolve
 * (an exception inside an `apply`) never reaches the mock engine and nothing reports it: the
 * plan compares what was constructed with what registered, through each resource's URN.
 */
export function trackConstructedResources(): pulumi.Resource[] {
    const constructed: pulumi.Resource[] = [];
    // `Resource`'s constructor calls this through the module's exports object, so the wrapper sees
    // every call. `require`, not `import *`: the wrapper must replace the real export, not a copy.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const registry = require("@pulumi/pulumi/runtime/resource") as { registerResource: (res: pulumi.Resource, ...rest: unknown[]) => unknown };
    const register = registry.registerResource;
    registry.registerResource = (res: pulumi.Resource, ...rest: unknown[]) => {
        constructed.push(res);
        return register(res, ...rest);
    };
    return constructed;
}

/** The errors of resources whose registration failed (their URN rejected). */
export async function registrationFailures(constructed: readonly pulumi.Resource[]): Promise<unknown[]> {
    const outcomes = await Promise.allSettled(
        constructed.map((res) => (res.urn as unknown as { promise: () => Promise<string> }).promise()),
    );
    return outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => o.reason);
}
