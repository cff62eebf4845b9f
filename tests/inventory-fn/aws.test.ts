import { expect } from "chai";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import { ConfiguredRetryStrategy, StandardRetryStrategy } from "@smithy/util-retry";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { ListAgentsCommand } from "@aws-sdk/client-bedrock-agent";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createClients, DEFAULT_MAX_ATTEMPTS } from "../../inventory-fn/aws/clients";
import { Deadline, DeadlineExceededError } from "../../inventory-fn/aws/deadline";
import { classifyFailure, describeFailure } from "../../inventory-fn/aws/errors";
import { AwsGateway } from "../../inventory-fn/aws/gateway";
import { API_LIMITS, type ApiLimit, type ApiName } from "../../inventory-fn/aws/limits";
import { TokenBucket } from "../../inventory-fn/aws/token-bucket";
import { collectTrailEvents } from "../../inventory-fn/collect/cloudtrail";
import { collectIam } from "../../inventory-fn/collect/iam";
import { GetAccountAuthorizationDetailsCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { RunErrors } from "../../inventory-fn/collect/context";
import { awsError, FakeClock } from "../fixtures/inventory-account";

const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "test" };

/** A request handler standing in for AWS: the SDK's whole request path (signing, retries) runs. */
function stubHandler(answer: (request: HttpRequest) => { statusCode: number; headers?: Record<string, string>; body: string }) {
    const requests: HttpRequest[] = [];
    return {
        requests,
        handler: {
            async handle(request: HttpRequest) {
                requests.push(request);
                const { statusCode, headers, body } = answer(request);
                const { Readable } = await import("stream");
                return { response: new HttpResponse({ statusCode, headers: { "content-type": "application/x-amz-json-1.1", ...headers }, body: Readable.from([Buffer.from(body)]) }) };
            },
            updateHttpClientConfig() {},
            httpHandlerConfigs: () => ({}),
        },
    };
}

describe("inventory AWS layer", () => {
    describe("clients", () => {
        it("uses the standard retry strategy with an explicit maxAttempts of 5 by default, one client per service", async () => {
            const clients = createClients({ region: "eu-west-1", credentials });
            const strategyOf = (client: { config: { retryStrategy: unknown } }) => (client.config.retryStrategy as () => Promise<StandardRetryStrategy>)();
            for (const client of [clients.iam, clients.bedrockAgent, clients.lambda, clients.logs, clients.s3]) {
                const strategy = await strategyOf(client);
                expect(strategy).to.be.instanceOf(StandardRetryStrategy);
                expect(await strategy.maxAttempts()).to.equal(DEFAULT_MAX_ATTEMPTS).and.equal(5);
            }
            // CloudTrail: one SDK attempt, the gateway retries (through the token bucket).
            expect(await (await strategyOf(clients.cloudTrail)).maxAttempts()).to.equal(1);
            expect(await clients.iam.config.region()).to.equal("eu-west-1");
            expect(Object.keys(clients).sort()).to.deep.equal(["agentCore", "bedrock", "bedrockAgent", "cloudTrail", "iam", "lambda", "logs", "organizations", "region", "s3", "sts"]);
        });

        it("sends requests through an injected request handler, the SDK retrying throttling up to maxAttempts", async () => {
            const stub = stubHandler(() => ({ statusCode: 429, headers: { "content-type": "application/json", "x-amzn-errortype": "ThrottlingException" }, body: JSON.stringify({ message: "Rate exceeded" }) }));
            const clients = createClients({ region: "us-east-1", credentials, requestHandler: stub.handler as never, retryStrategy: new ConfiguredRetryStrategy(3, 1) });
            const error = await clients.bedrockAgent.send(new ListAgentsCommand({})).then(() => undefined, (e: unknown) => e);
            expect(stub.requests).to.have.length(3);
            expect(stub.requests[0].path).to.equal("/agents/");
            expect(classifyFailure(error)).to.equal("throttled");
        });

        it("leaves LookupEvents retries to the gateway: one SDK attempt per send", async () => {
            const stub = stubHandler(() => ({ statusCode: 400, body: JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }) }));
            const clients = createClients({ region: "us-east-1", credentials, requestHandler: stub.handler as never, retryStrategy: new ConfiguredRetryStrategy(3, 1) });
            const error = await clients.cloudTrail.send(new LookupEventsCommand({})).then(() => undefined, (e: unknown) => e);
            expect(stub.requests).to.have.length(1);
            expect(stub.requests[0].headers["x-amz-target"]).to.equal("CloudTrail_20131101.LookupEvents");
            expect(classifyFailure(error)).to.equal("throttled");
        });

        it("does not retry AccessDenied, and classifies it", async () => {
            const stub = stubHandler(() => ({ statusCode: 400, body: JSON.stringify({ __type: "AccessDeniedException", message: "no" }) }));
            const clients = createClients({ region: "us-east-1", credentials, requestHandler: stub.handler as never, retryStrategy: new ConfiguredRetryStrategy(3, 1) });
            const error = await clients.cloudTrail.send(new LookupEventsCommand({})).then(() => undefined, (e: unknown) => e);
            expect(stub.requests).to.have.length(1);
            expect(classifyFailure(error)).to.equal("access_denied");
        });

        it("sends every client to a custom endpoint, S3 path-style, so an emulator on localhost works", async () => {
            const stub = stubHandler(() => ({ statusCode: 200, headers: { "content-type": "application/xml" }, body: "" }));
            const clients = createClients({ region: "us-east-1", credentials, endpoint: "http://127.0.0.1:4566", requestHandler: stub.handler as never });
            await clients.s3.send(new PutObjectCommand({ Bucket: "inventory", Key: "runs/x.json", Body: "{}", ServerSideEncryption: "aws:kms", SSEKMSKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" }));
            await clients.cloudTrail.send(new LookupEventsCommand({})).catch(() => undefined);
            expect(stub.requests[0]).to.include({ hostname: "127.0.0.1", port: 4566, path: "/inventory/runs/x.json" });
            expect(stub.requests[0].headers["x-amz-server-side-encryption-aws-kms-key-id"]).to.equal("arn:aws:kms:us-east-1:123456789012:key/k");
            expect(stub.requests[1].hostname).to.equal("127.0.0.1");
        });
    });

    describe("token bucket", () => {
        it("holds a rate of 2 a second: request n is sent no earlier than (n-1) * 500 ms", async () => {
            const clock = new FakeClock(0);
            const bucket = new TokenBucket(2, 1, clock);
            const times: number[] = [];
            await Promise.all(Array.from({ length: 5 }, () => bucket.take().then(() => times.push(clock.now()))));
            expect(times).to.deep.equal([0, 500, 1000, 1500, 2000]);
        });

        it("does not wait when requests are already slower than the rate", async () => {
            const clock = new FakeClock(0);
            const bucket = new TokenBucket(2, 1, clock);
            await bucket.take();
            clock.ms += 5_000;
            const before = clock.now();
            await bucket.take();
            expect(clock.now()).to.equal(before);
        });

        it("keeps its rate when timers fire late if it may hold a second token, and loses the lateness with one", async () => {
            // Every sleep overshoots by 2 ms, as Node's timers do under load.
            class LateClock extends FakeClock {
                override async sleep(ms: number): Promise<void> {
                    await super.sleep(ms + 2);
                }
            }
            const elapsed = async (burst: number) => {
                const clock = new LateClock(0);
                const bucket = new TokenBucket(18, burst, clock);
                for (let i = 0; i < 181; i++) await bucket.take();
                return clock.now();
            };
            // 181 takes at 18/s, the second free (the bucket starts full): 179 intervals, 9.94 s.
            expect(await elapsed(2)).to.be.within(9_940, 10_000);
            expect(await elapsed(1)).to.be.above(10_300);
        });
    });

    describe("gateway", () => {
        it("counts requests per API for the manifest", async () => {
            const gateway = new AwsGateway(new FakeClock(0), Deadline.none());
            await gateway.call("bedrock:GetAgent", async () => 1);
            await gateway.call("bedrock:GetAgent", async () => 1);
            await gateway.call("s3:PutObject", async () => 1);
            expect(gateway.apiCalls()).to.deep.equal({ "bedrock:GetAgent": 2, "s3:PutObject": 1 });
        });

        it("never has more requests of an API in flight than its pool allows", async () => {
            const gateway = new AwsGateway(new FakeClock(0), Deadline.none(), { ...API_LIMITS, "bedrock:GetAgent": { concurrency: 3, ratePerSecond: 1000 } });
            let inFlight = 0;
            let peak = 0;
            await Promise.all(
                Array.from({ length: 12 }, () =>
                    gateway.call("bedrock:GetAgent", async () => {
                        peak = Math.max(peak, ++inFlight);
                        await new Promise((r) => setTimeout(r, 2));
                        inFlight--;
                    }),
                ),
            );
            expect(peak).to.equal(3);
        });

        it("refuses requests once inside the deadline margin, except writes marked afterDeadline", async () => {
            let remaining = 120_000;
            const gateway = new AwsGateway(new FakeClock(0), new Deadline(() => remaining, 60_000));
            await gateway.call("bedrock:GetAgent", async () => 1);
            remaining = 59_000;
            const error = await gateway.call("bedrock:GetAgent", async () => 1).catch((e) => e);
            expect(error).to.be.instanceOf(DeadlineExceededError);
            expect(await gateway.call("s3:PutObject", async () => "written", { afterDeadline: true })).to.equal("written");
        });

        it("sized LookupEvents to one in flight at 2 a second, per CloudTrail's quota", () => {
            expect(API_LIMITS["cloudtrail:LookupEvents"]).to.deep.equal({ concurrency: 1, ratePerSecond: 2, gatewayAttempts: 5 });
            // Bedrock Agents quotas (ListAgents 10/s, GetAgent 15/s, GetAgentActionGroup 20/s, ...) are never exceeded.
            expect(API_LIMITS["bedrock:ListAgents"].ratePerSecond).to.be.at.most(10);
            expect(API_LIMITS["bedrock:GetAgent"].ratePerSecond).to.be.at.most(15);
            expect(API_LIMITS["bedrock:GetAgentActionGroup"].ratePerSecond).to.be.at.most(20);
            expect(API_LIMITS["bedrock:ListAgentAliases"].ratePerSecond).to.be.at.most(10);
            expect(API_LIMITS["bedrock:ListAgentActionGroups"].ratePerSecond).to.be.at.most(10);
            // agent-versions.json's reads: 10/s each in Bedrock's quotas table.
            for (const api of ["bedrock:GetAgentVersion", "bedrock:ListAgentKnowledgeBases", "bedrock:GetKnowledgeBase"] as const) expect(API_LIMITS[api].ratePerSecond, api).to.be.at.most(10);
            // A bucket with burst b at rate r lets at most b + r - 1 requests into any one second
            // (after b at once, one every 1/r s): never more than the quota.
            const quotas: Record<string, number> = { "bedrock:ListAgents": 10, "bedrock:GetAgent": 15, "bedrock:GetAgentActionGroup": 20, "bedrock:ListAgentAliases": 10, "bedrock:ListAgentActionGroups": 10, "lambda:GetFunctionConfiguration": 100, "cloudtrail:LookupEvents": 2, "logs:StartQuery": 5, "logs:GetQueryResults": 5 };
            for (const [api, quota] of Object.entries(quotas)) {
                const limit: ApiLimit = API_LIMITS[api as ApiName];
                expect((limit.burst ?? 1) + limit.ratePerSecond - 1, api).to.be.at.most(quota);
            }
            // Logs Insights: well under the ~100 concurrent queries per account.
            expect(API_LIMITS["logs:StartQuery"].concurrency).to.be.at.most(10);
        });
    });

    describe("collector requests through the gateway", () => {
        it("pages LookupEvents at 2 a second through the real client and a fake clock", async () => {
            const clock = new FakeClock(Date.parse("2026-11-23T00:00:00Z"));
            const sent: number[] = [];
            const stub = stubHandler((request) => {
                sent.push(clock.now());
                const raw = request.body;
                const body = JSON.parse(typeof raw === "string" ? raw : raw ? new TextDecoder().decode(raw) : "{}");
                const page = Number(body.NextToken ?? 0);
                return { statusCode: 200, body: JSON.stringify({ Events: [{ EventId: `e${page}`, EventName: "InvokeModel", EventTime: 1_795_000_000 }], ...(page < 3 ? { NextToken: String(page + 1) } : {}) }) };
            });
            const clients = createClients({ region: "us-east-1", credentials, requestHandler: stub.handler as never });
            const errors = new RunErrors();
            const events = await collectTrailEvents({ clients, gateway: new AwsGateway(clock, Deadline.none()), errors }, { startMs: 0, endMs: clock.now() });
            expect(events.map((e) => e.eventId)).to.deep.equal(["e0", "e1", "e2", "e3"]);
            expect(sent.map((t) => t - sent[0])).to.deep.equal([0, 500, 1000, 1500]);
        });
    });

    describe("LookupEvents retries through the token bucket", () => {
        it("retries throttled pages itself, every attempt spaced by the 2-a-second bucket, and counts each", async () => {
            const clock = new FakeClock(Date.parse("2026-11-23T00:00:00Z"));
            const sent: number[] = [];
            let throttles = 0;
            const stub = stubHandler((request) => {
                sent.push(clock.now());
                const raw = request.body;
                const body = JSON.parse(typeof raw === "string" ? raw : raw ? new TextDecoder().decode(raw) : "{}");
                // Every page is throttled once before it is served.
                if (throttles < sent.length / 2) {
                    throttles++;
                    return { statusCode: 400, body: JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }) };
                }
                const page = Number(body.NextToken ?? 0);
                return { statusCode: 200, body: JSON.stringify({ Events: [{ EventId: `e${page}`, EventName: "InvokeModel", EventTime: 1_795_000_000 }], ...(page < 2 ? { NextToken: String(page + 1) } : {}) }) };
            });
            const clients = createClients({ region: "us-east-1", credentials, requestHandler: stub.handler as never });
            const gateway = new AwsGateway(clock, Deadline.none());
            const events = await collectTrailEvents({ clients, gateway, errors: new RunErrors() }, { startMs: 0, endMs: clock.now() });
            expect(events.map((e) => e.eventId)).to.deep.equal(["e0", "e1", "e2"]);
            expect(sent).to.have.length(6);
            for (let i = 2; i < sent.length; i++) {
                expect(sent[i] - sent[i - 2], `attempts ${i - 2}..${i}`).to.be.at.least(1000);
            }
            expect(gateway.apiCalls()).to.deep.equal({ "cloudtrail:LookupEvents": 6 });
        });

        it("with a deadline, treats a throttle that outlasted the SDK's attempts as back-pressure: waits on the bucket and tries again", async () => {
            const clock = new FakeClock(0);
            const gateway = new AwsGateway(clock, new Deadline(() => 900_000 - clock.now(), 60_000));
            const sent: number[] = [];
            const result = await gateway.call("bedrock:GetAgentActionGroup", async () => {
                sent.push(clock.now());
                if (sent.length <= 30) throw awsError("ThrottlingException", "Rate exceeded", 400, 5);
                return "read";
            });
            expect(result).to.equal("read");
            expect(sent).to.have.length(31);
            expect(gateway.throttleRetries).to.equal(30);
            // Every attempt waited for its token: never faster than the API's rate.
            const { ratePerSecond: rate, burst = 1 } = API_LIMITS["bedrock:GetAgentActionGroup"];
            // The bucket starts full: its burst goes at once, then one a token.
            for (let i = burst; i < sent.length; i++) expect(sent[i] - sent[i - 1]).to.be.at.least(Math.floor(1000 / rate));
        });

        it("with a deadline, gives up on a throttle only at the margin and records it as throttling; AccessDenied is never retried", async () => {
            const clock = new FakeClock(0);
            const gateway = new AwsGateway(clock, new Deadline(() => 120_000 - clock.now(), 60_000));
            let calls = 0;
            const error = await gateway.call("bedrock:GetAgent", async () => { calls++; throw awsError("ThrottlingException", "Rate exceeded", 400, 5); }).catch((e) => e);
            expect(classifyFailure(error)).to.equal("throttled");
            expect(clock.now()).to.be.at.least(60_000);
            expect(calls).to.be.greaterThan(100);
            expect(describeFailure(error)).to.match(/ThrottlingException: Rate exceeded \(after \d+ attempts\)/);
            calls = 0;
            const fresh = new AwsGateway(new FakeClock(0), new Deadline(() => 900_000, 60_000));
            await fresh.call("bedrock:GetAgent", async () => { calls++; throw awsError("AccessDeniedException", "no", 400); }).catch(() => undefined);
            expect(calls).to.equal(1);
        });

        it("gives up after 5 attempts and says so; does not retry AccessDenied", async () => {
            const clock = new FakeClock(0);
            const gateway = new AwsGateway(clock, Deadline.none());
            let calls = 0;
            const throttled = await gateway.call("cloudtrail:LookupEvents", async () => { calls++; throw awsError("ThrottlingException", "Rate exceeded"); }).catch((e) => e);
            expect(calls).to.equal(5);
            expect(describeFailure(throttled)).to.equal("ThrottlingException: Rate exceeded (after 5 attempts)");
            calls = 0;
            await gateway.call("cloudtrail:LookupEvents", async () => { calls++; throw awsError("AccessDeniedException", "no", 400); }).catch(() => undefined);
            expect(calls).to.equal(1);
        });
    });

    describe("IAM detail lists", () => {
        it("reads roles, users and groups alike, and records one without Arn or name as malformed, by type", async () => {
            const clients = createClients({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
            const iam = mockClient(clients.iam);
            const doc = encodeURIComponent(JSON.stringify({ Version: "2012-10-17", Statement: [] }));
            iam.on(GetAccountAuthorizationDetailsCommand).resolves({
                RoleDetailList: [
                    { Arn: "arn:aws:iam::123456789012:role/app", RoleName: "app", RoleId: "AROA1", Path: "/", RolePolicyList: [{ PolicyName: "p", PolicyDocument: doc }], AttachedManagedPolicies: [{ PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }], PermissionsBoundary: { PermissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b" } },
                    { RoleId: "AROA2" },
                ],
                UserDetailList: [{ Arn: "arn:aws:iam::123456789012:user/dev", UserName: "dev", UserId: "AIDA1", GroupList: ["devs"] }, { Arn: "arn:aws:iam::123456789012:user/x" }],
                GroupDetailList: [{ Arn: "arn:aws:iam::123456789012:group/devs", GroupName: "devs", GroupId: "AGPA1" }, {}],
                IsTruncated: false,
            });
            try {
                const errors = new RunErrors();
                const snapshot = await collectIam({ clients, gateway: new AwsGateway(new FakeClock(0), Deadline.none()), errors });
                expect(snapshot.principals).to.deep.equal([
                    { type: "role", arn: "arn:aws:iam::123456789012:role/app", name: "app", id: "AROA1", path: "/", inlinePolicies: [{ name: "p", document: decodeURIComponent(doc) }], attachedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b", groups: [] },
                    { type: "user", arn: "arn:aws:iam::123456789012:user/dev", name: "dev", id: "AIDA1", path: "/", inlinePolicies: [], attachedPolicyArns: [], permissionsBoundaryArn: null, groups: ["devs"] },
                    { type: "group", arn: "arn:aws:iam::123456789012:group/devs", name: "devs", id: "AGPA1", path: "/", inlinePolicies: [], attachedPolicyArns: [], permissionsBoundaryArn: null, groups: [] },
                ]);
                // (The policies the role names are not on the page: recorded as not_found, beside these.)
                expect(errors.all().filter((e) => e.kind === "malformed").map((e) => [e.kind, e.resource, e.message])).to.deep.equal([
                    ["malformed", "AROA2", "role without Arn or RoleName"],
                    ["malformed", "arn:aws:iam::123456789012:user/x", "user without Arn or UserName"],
                    ["malformed", "group", "group without Arn or GroupName"],
                ]);
            } finally {
                iam.restore();
            }
        });
    });

    describe("failure classification", () => {
        it("tells AccessDenied, throttling and the deadline apart", () => {
            expect(classifyFailure(awsError("AccessDeniedException", "x", 403))).to.equal("access_denied");
            expect(classifyFailure(awsError("AccessDenied", "x", 403))).to.equal("access_denied");
            expect(classifyFailure(awsError("ThrottlingException", "x", 400, 5))).to.equal("throttled");
            expect(classifyFailure(awsError("TooManyRequestsException", "x", 429))).to.equal("throttled");
            expect(classifyFailure(new DeadlineExceededError(1, 2))).to.equal("deadline");
            expect(classifyFailure(awsError("InternalServerException", "x", 500))).to.equal("service_error");
        });
    });
});
