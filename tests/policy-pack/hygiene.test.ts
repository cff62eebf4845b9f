import { expect } from "chai";
import { of, planned, run, UNKNOWN_AT_PREVIEW } from "./harness";

const BUCKET = "aws:s3/bucket:Bucket";
const BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const allBlocked = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const kmsRules = (key: string | null = KEY_ARN, algorithm = "aws:kms") => [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, ...(key ? { kmsMasterKeyId: key } : {}) }, bucketKeyEnabled: true }];

describe("policy pack: hygiene rules", () => {
    describe("s3-bucket-public-access-block (stack validation)", () => {
        const RULE = "s3-bucket-public-access-block";
        const bucket = planned(BUCKET, "data", { bucket: "data-1a2b3c" });

        it("accepts a bucket with a block naming it by bucket name, with all four settings", async () => {
            expect(of(await run([bucket, planned(BLOCK, "data-pab", { bucket: "data-1a2b3c", ...allBlocked })]), RULE)).to.deep.equal([]);
        });

        it("reports a bucket without a block, on the bucket's URN", async () => {
            const [finding] = of(await run([bucket]), RULE);
            expect(finding.status).to.equal("violation");
            expect(finding.urn).to.equal(bucket.urn);
            expect(finding.message).to.contain('Bucket "data" has no public access block');
        });

        it("reports a block that leaves a setting off, naming it", async () => {
            const [finding] = of(await run([bucket, planned(BLOCK, "data-pab", { bucket: "data-1a2b3c", ...allBlocked, restrictPublicBuckets: false })]), RULE);
            expect(finding.message).to.contain('BucketPublicAccessBlock "data-pab" leaves restrictPublicBuckets off');
        });

        it("does not take another bucket's block for this one", async () => {
            const findings = of(await run([bucket, planned(BLOCK, "other-pab", { bucket: "other", ...allBlocked })]), RULE);
            expect(findings.map((f) => f.status)).to.deep.equal(["violation"]);
        });

        it("accepts an account-wide block", async () => {
            expect(of(await run([bucket, planned("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account", allBlocked)]), RULE)).to.deep.equal([]);
        });

        it("cannot decide at preview when the block's bucket reference is unknown", async () => {
            const [finding] = of(await run([bucket, planned(BLOCK, "data-pab", { bucket: UNKNOWN_AT_PREVIEW, ...allBlocked })]), RULE);
            expect(finding.status).to.equal("undecidable");
            expect(finding.enforcementLevel).to.equal("advisory");
        });
    });

    describe("s3-bucket-sse-kms (stack validation)", () => {
        const RULE = "s3-bucket-sse-kms";
        const bucket = planned(BUCKET, "data", { bucket: "data-1a2b3c" });
        it("accepts SSE-KMS with a customer-managed key (aws:kms and aws:kms:dsse)", async () => {
            expect(of(await run([bucket, planned(SSE, "enc", { bucket: "data-1a2b3c", rules: kmsRules() })]), RULE)).to.deep.equal([]);
            expect(of(await run([bucket, planned(SSE, "enc", { bucket: "data-1a2b3c", rules: kmsRules(KEY_ARN, "aws:kms:dsse") })]), RULE)).to.deep.equal([]);
        });

        it("reports no configuration, SSE-S3, and the AWS managed key", async () => {
            expect(of(await run([bucket]), RULE)[0].message).to.contain("has no SSE-KMS encryption configuration");
            expect(of(await run([bucket, planned(SSE, "enc", { bucket: "data-1a2b3c", rules: kmsRules(null, "AES256") })]), RULE)[0].message).to.contain("encrypts with AES256, not SSE-KMS");
            expect(of(await run([bucket, planned(SSE, "enc", { bucket: "data-1a2b3c", rules: kmsRules(null) })]), RULE)[0].message).to.contain("not a customer-managed key");
        });

        it("accepts the AWS managed key when requireCustomerManagedKey is false", async () => {
            const config = { [RULE]: { requireCustomerManagedKey: false } };
            expect(of(await run([bucket, planned(SSE, "enc", { bucket: "data-1a2b3c", rules: kmsRules(null) })], { config }), RULE)).to.deep.equal([]);
        });

        it("reads the deprecated inline configuration on the bucket", async () => {
            const inline = planned(BUCKET, "legacy", { bucket: "legacy-1", serverSideEncryptionConfiguration: { rule: kmsRules()[0] } });
            expect(of(await run([inline]), RULE)).to.deep.equal([]);
        });
    });

    describe("kms-key-rotation", () => {
        const RULE = "kms-key-rotation";
        const key = (props: Record<string, unknown>) => planned("aws:kms/key:Key", "key", props);
        it("reports a symmetric key without rotation", async () => {
            expect(of(await run(key({})), RULE).map((f) => f.status)).to.deep.equal(["violation"]);
            expect(of(await run(key({ enableKeyRotation: false })), RULE)[0].message).to.equal('Key "key" does not rotate its key material: set enableKeyRotation: true.');
        });
        it("accepts rotation, and does not judge asymmetric or HMAC keys", async () => {
            expect(of(await run(key({ enableKeyRotation: true })), RULE)).to.deep.equal([]);
            expect(of(await run(key({ customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" })), RULE)).to.deep.equal([]);
            expect(of(await run(key({ keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" })), RULE)).to.deep.equal([]);
        });
    });

    describe("log-group-retention-and-kms", () => {
        const RULE = "log-group-retention-and-kms";
        const group = (props: Record<string, unknown>) => planned("aws:cloudwatch/logGroup:LogGroup", "logs", props);
        it("accepts a retention and a key", async () => {
            expect(of(await run(group({ retentionInDays: 30, kmsKeyId: KEY_ARN })), RULE)).to.deep.equal([]);
        });
        it("reports retention forever (absent or 0) and a missing key, each", async () => {
            expect(of(await run(group({})), RULE).map((f) => f.message)).to.deep.equal([
                'LogGroup "logs" keeps its events forever: set retentionInDays (at least 1).',
                'LogGroup "logs" is not encrypted with a customer-managed key: set kmsKeyId to a KMS key ARN whose policy lets logs.<region>.amazonaws.com use it.',
            ]);
            expect(of(await run(group({ retentionInDays: 0, kmsKeyId: KEY_ARN })), RULE)).to.have.length(1);
        });
        it("holds the retention to minimumRetentionDays", async () => {
            const config = { "log-group-retention-and-kms": { minimumRetentionDays: 90 } };
            expect(of(await run(group({ retentionInDays: 30, kmsKeyId: KEY_ARN }), { config }), RULE)[0].message).to.contain("less than the required 90");
        });
        it("takes an unknown key ARN (a key from the same stack, at preview) as present", async () => {
            expect(of(await run(group({ retentionInDays: 30, kmsKeyId: UNKNOWN_AT_PREVIEW })), RULE)).to.deep.equal([]);
        });
    });

    describe("lambda-supported-runtime", () => {
        const RULE = "lambda-supported-runtime";
        const fn = (props: Record<string, unknown>) => planned("aws:lambda/function:Function", "fn", props);
        for (const runtime of ["nodejs22.x", "nodejs24.x", "python3.11", "python3.13", "java21", "provided.al2023"]) {
            it(`accepts ${runtime}`, async () => {
                expect(of(await run(fn({ runtime })), RULE)).to.deep.equal([]);
            });
        }
        for (const runtime of ["nodejs20.x", "nodejs18.x", "python3.9", "python3.10", "go1.x"]) {
            it(`reports ${runtime}`, async () => {
                expect(of(await run(fn({ runtime })), RULE).map((f) => f.status)).to.deep.equal(["violation"]);
            });
        }
        it("reports a zip function with no runtime", async () => {
            expect(of(await run(fn({ handler: "index.handler" })), RULE)[0].message).to.contain('Function "fn" has no runtime');
        });
        it("does not judge a container image function, and takes the list from config", async () => {
            expect(of(await run(fn({ packageType: "Image" })), RULE)).to.deep.equal([]);
            expect(of(await run(fn({ runtime: "nodejs22.x" }), { config: { [RULE]: { supportedRuntimes: ["nodejs24.x"] } } }), RULE)).to.have.length(1);
        });
    });
});
