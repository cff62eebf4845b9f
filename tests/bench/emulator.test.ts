import { createHash } from "node:crypto";
import { expect } from "chai";
import { IAMClient, GetAccountAuthorizationDetailsCommand, type GetAccountAuthorizationDetailsCommandOutput } from "@aws-sdk/client-iam";
import { BedrockAgentClient, GetAgentCommand } from "@aws-sdk/client-bedrock-agent";
import { LambdaClient, GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { S3Client, PutObjectCommand, CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { generateAccount } from "../../bench/account/generate";
import { AwsEmulator } from "../../bench/emulator/server";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/bench";

describe("bench emulator: the SDK's real request path", function () {
    const account = generateAccount({ seed: "emulator-test", scale: 0.02 });
    let emulator: AwsEmulator;
    let config: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string }; retryStrategy: ConfiguredRetryStrategy };

    before(async () => {
        emulator = new AwsEmulator({ account, bucket: "inventory", kmsKeyId: KEY, latencyScale: 0, seed: "t" });
        const endpoint = await emulator.start();
        // The SDK's standard classifier with a 5 ms backoff, so retries cost the test nothing.
        config = { region: "us-east-1", endpoint, credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" }, retryStrategy: new ConfiguredRetryStrategy(4, () => 5) };
    });
    after(() => emulator.stop());
    beforeEach(() => {
        emulator.resetStats();
        emulator.setFaults({});
    });

    it("generates the same account from the same seed", () => {
        const again = generateAccount({ seed: "emulator-test", scale: 0.02, anchorMs: 1_700_000_000_000 });
        const once = generateAccount({ seed: "emulator-test", scale: 0.02, anchorMs: 1_700_000_000_000 });
        expect(JSON.stringify(again)).to.equal(JSON.stringify(once));
        expect(JSON.stringify(generateAccount({ seed: "other", scale: 0.02, anchorMs: 1_700_000_000_000 }))).to.not.equal(JSON.stringify(once));
    });

    it("pages GetAccountAuthorizationDetails with Marker/IsTruncated and URL-encoded documents", async () => {
        const iam = new IAMClient(config);
        const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
        let marker: string | undefined;
        do {
            const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 40, Marker: marker, Filter: ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"] }));
            pages.push(page);
            marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker);
        const roles = pages.flatMap((p) => p.RoleDetailList ?? []);
        expect(roles).to.have.length(account.roles.length);
        expect(pages.flatMap((p) => p.UserDetailList ?? [])).to.have.length(account.users.length);
        expect(pages.flatMap((p) => p.Policies ?? [])).to.have.length(account.policies.length);
        const withInline = account.roles.find((r) => r.inlinePolicies.length > 0)!;
        const served = roles.find((r) => r.RoleName === withInline.name)!;
        expect(served.RolePolicyList![0].PolicyDocument).to.match(/^%7B%22Version%22/);
        expect(decodeURIComponent(served.RolePolicyList![0].PolicyDocument!)).to.equal(withInline.inlinePolicies[0].document);
        expect(emulator.apiStats()["iam:GetAccountAuthorizationDetails"].calls).to.equal(pages.length);
    });

    const throttledOnce = async (api: string, call: () => Promise<{ $metadata: { attempts?: number } }>) => {
        emulator.setFaults({ rules: [{ name: "burst", apis: [api], effect: "throttle", maxHits: 2 }] });
        const output = await call();
        expect(output.$metadata.attempts, `${api} attempts`).to.equal(3);
        const stats = emulator.apiStats()[api];
        expect(stats).to.include({ calls: 3, retries: 2, throttled: 2 });
    };

    it("answers awsQuery throttling (IAM `Throttling`, HTTP 400) so the SDK retries it", () =>
        throttledOnce("iam:GetAccountAuthorizationDetails", () => new IAMClient(config).send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 5 }))));

    it("answers restJson throttling (Bedrock `ThrottlingException` 429, Lambda `TooManyRequestsException`) so the SDK retries it", async () => {
        await throttledOnce("bedrock:GetAgent", () => new BedrockAgentClient(config).send(new GetAgentCommand({ agentId: account.agents[0].agentId })));
        emulator.resetStats();
        await throttledOnce("lambda:GetFunctionConfiguration", () => new LambdaClient(config).send(new GetFunctionConfigurationCommand({ FunctionName: account.functions[0].arn })));
    });

    it("answers awsJson throttling (CloudTrail `ThrottlingException` in __type) and S3 `SlowDown` 503 so the SDK retries them", async () => {
        await throttledOnce("cloudtrail:LookupEvents", () => new CloudTrailClient(config).send(new LookupEventsCommand({ MaxResults: 50 })));
        emulator.resetStats();
        await throttledOnce("s3:PutObject", () => new S3Client({ ...config, forcePathStyle: true }).send(new PutObjectCommand({ Bucket: "inventory", Key: "k", Body: "{}", ServerSideEncryption: "aws:kms", SSEKMSKeyId: KEY })));
    });

    it("does not get an AccessDenied retried", async () => {
        emulator.setFaults({ rules: [{ name: "deny", apis: ["cloudtrail:*"], effect: "accessDenied" }] });
        const error = await new CloudTrailClient(config).send(new LookupEventsCommand({})).then(() => undefined, (e: Error & { $metadata: { attempts: number } }) => e);
        expect(error?.name).to.equal("AccessDeniedException");
        expect(error?.$metadata.attempts).to.equal(1);
    });

    it("holds LookupEvents to 2 requests a second: requests beyond the bucket are throttled", async () => {
        const client = new CloudTrailClient({ ...config, maxAttempts: 1, retryStrategy: undefined });
        const began = Date.now();
        const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map(() => client.send(new LookupEventsCommand({ MaxResults: 50 }))));
        const elapsedMs = Date.now() - began;
        const fulfilled = results.filter((r) => r.status === "fulfilled").length;
        const rejected = results.filter((r) => r.status === "rejected").map((r) => ((r as PromiseRejectedResult).reason as Error).name);
        // A burst of 2, then 2 a second: however slowly this machine sends the six.
        expect(fulfilled).to.be.at.least(2).and.at.most(2 + Math.floor((elapsedMs * 2) / 1000));
        expect(rejected.length).to.be.greaterThan(0);
        expect(new Set(rejected)).to.deep.equal(new Set(["ThrottlingException"]));
        expect(emulator.apiStats()["cloudtrail:LookupEvents"].throttled).to.equal(rejected.length);
    });

    it("refuses a put without the bucket's KMS key, as the seed's bucket policy does", async () => {
        const s3 = new S3Client({ ...config, forcePathStyle: true });
        const error = await s3.send(new PutObjectCommand({ Bucket: "inventory", Key: "plain", Body: "{}" })).then(() => undefined, (e: Error) => e);
        expect(error?.name).to.equal("AccessDenied");
        expect(emulator.s3.get("plain")).to.equal(undefined);
        await s3.send(new PutObjectCommand({ Bucket: "inventory", Key: "sealed", Body: "{\"a\":1}", ServerSideEncryption: "aws:kms", SSEKMSKeyId: KEY }));
        expect(emulator.s3.get("sealed")?.body.toString()).to.equal('{"a":1}');
        expect(emulator.s3.get("sealed")?.kmsKeyId).to.equal(KEY);
    });

    it("checks a put's x-amz-checksum-sha256 against the bytes, as S3 does: BadDigest and nothing stored on a mismatch", async () => {
        const s3 = new S3Client({ ...config, forcePathStyle: true });
        const sse = { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: KEY };
        const body = '{"checked":true}';
        const right = createHash("sha256").update(body).digest("base64");
        const wrong = createHash("sha256").update("something else").digest("base64");
        const error = await s3.send(new PutObjectCommand({ Bucket: "inventory", Key: "checked-wrong", Body: body, ChecksumSHA256: wrong, ...sse })).then(() => undefined, (e: Error) => e);
        expect(error?.name).to.equal("BadDigest");
        expect(emulator.s3.get("checked-wrong")).to.equal(undefined);
        await s3.send(new PutObjectCommand({ Bucket: "inventory", Key: "checked-right", Body: body, ChecksumSHA256: right, ...sse }));
        expect(emulator.s3.get("checked-right")?.body.toString()).to.equal(body);
    });

    it("keeps S3 versions: writes return their version id, deleting a version makes the one before current again", async () => {
        const s3 = new S3Client({ ...config, forcePathStyle: true });
        const sse = { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: KEY };
        const first = await s3.send(new PutObjectCommand({ Bucket: "inventory", Key: "runs/1/a.json", Body: "one", ...sse }));
        await s3.send(new PutObjectCommand({ Bucket: "inventory", Key: "latest/a.json", Body: "previous", ...sse }));
        const previous = await s3.send(new HeadObjectCommand({ Bucket: "inventory", Key: "latest/a.json" }));
        const copy = await s3.send(new CopyObjectCommand({ Bucket: "inventory", Key: "latest/a.json", CopySource: "inventory/runs/1/a.json", ...sse }));
        expect(first.VersionId).to.be.a("string");
        expect(copy.VersionId).to.be.a("string").and.not.equal(previous.VersionId);
        expect(emulator.s3.get("latest/a.json")!.body.toString()).to.equal("one");
        await s3.send(new DeleteObjectCommand({ Bucket: "inventory", Key: "latest/a.json", VersionId: copy.VersionId }));
        expect(emulator.s3.get("latest/a.json")!.body.toString()).to.equal("previous");
        expect((await s3.send(new HeadObjectCommand({ Bucket: "inventory", Key: "latest/a.json" }))).VersionId).to.equal(previous.VersionId);
    });

    it("fires a rule from its k-th matching request on (skipFirst), and answers KMS.KMSInvalidStateException for an unusable key", async () => {
        const s3 = new S3Client({ ...config, forcePathStyle: true, maxAttempts: 1 });
        emulator.setFaults({ rules: [{ name: "kms", apis: ["s3:PutObject"], effect: "kmsInvalidState", skipFirst: 2 }] });
        const put = (key: string) => s3.send(new PutObjectCommand({ Bucket: "inventory", Key: key, Body: "x", ServerSideEncryption: "aws:kms", SSEKMSKeyId: KEY })).then(() => "ok", (e: Error) => e.name);
        expect([await put("k1"), await put("k2"), await put("k3"), await put("k4")]).to.deep.equal(["ok", "ok", "KMS.KMSInvalidStateException", "KMS.KMSInvalidStateException"]);
    });
});
