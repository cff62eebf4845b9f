import { expect } from "chai";
import { parseEnvironment, runOptionsOf } from "../../inventory-fn/env";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd";
const base = { INVENTORY_KMS_KEY_ID: KEY, CORE_INVENTORY_BUCKET: "bedrock-core-inventory", AWS_REGION: "us-east-1" };

describe("inventory environment", () => {
    it("hands every run setting of the environment to the run (the handler and the bench share this)", () => {
        const env = parseEnvironment({ ...base, TOOL_LOG_GROUPS: "/custom/a", CLOUDTRAIL_MAX_PAGES: "42", DEADLINE_MARGIN_SECONDS: "90", ACCOUNT_ID: "210987654321" });
        expect(runOptionsOf(env)).to.deep.equal({
            region: "us-east-1",
            accountId: "210987654321",
            outputPrefix: "bedrock-core-inventory/",
            latestPrefix: "latest/",
            toolLogGroups: ["/custom/a"],
            cloudTrailLookbackHours: 24,
            cloudTrailOverlapMinutes: 15,
            cloudTrailMaxPages: 42,
            deadlineMarginMs: 90000,
            findings: {},
        });
    });

    it("applies the CONTRACTS defaults", () => {
        expect(parseEnvironment(base)).to.deep.equal({
            kmsKeyId: KEY,
            bucket: "bedrock-core-inventory",
            region: "us-east-1",
            outputPrefix: "bedrock-core-inventory/",
            latestPrefix: "latest/",
            accountId: undefined,
            toolLogGroups: [],
            cloudTrailLookbackHours: 24,
            cloudTrailOverlapMinutes: 15,
            cloudTrailMaxPages: 600,
            deadlineMarginSeconds: 60,
            findings: {},
        });
    });

    it("prefers REGION over AWS_REGION and reads every optional variable", () => {
        const env = parseEnvironment({
            ...base,
            REGION: "eu-central-1",
            OUTPUT_PREFIX: "inv/",
            LATEST_PREFIX: "inv/latest/",
            ACCOUNT_ID: "210987654321",
            TOOL_LOG_GROUPS: " /custom/a, /custom/b ,,",
            CLOUDTRAIL_LOOKBACK_HOURS: "6",
        });
        expect(env).to.deep.include({ region: "eu-central-1", outputPrefix: "inv/", latestPrefix: "inv/latest/", accountId: "210987654321", toolLogGroups: ["/custom/a", "/custom/b"], cloudTrailLookbackHours: 6 });
    });

    it("fails naming INVENTORY_KMS_KEY_ID when it is missing or blank", () => {
        expect(() => parseEnvironment({ ...base, INVENTORY_KMS_KEY_ID: undefined })).to.throw(/^INVENTORY_KMS_KEY_ID is required and is not set$/);
        expect(() => parseEnvironment({ ...base, INVENTORY_KMS_KEY_ID: "  " })).to.throw(/INVENTORY_KMS_KEY_ID/);
    });

    it("rejects a key id that is not an ARN: the bucket policy compares ARNs", () => {
        expect(() => parseEnvironment({ ...base, INVENTORY_KMS_KEY_ID: "1111aaaa-2222" })).to.throw(/INVENTORY_KMS_KEY_ID: got "1111aaaa-2222", expected a KMS key ARN/);
    });

    it("names each bad variable and what it accepts", () => {
        expect(() => parseEnvironment({ ...base, CORE_INVENTORY_BUCKET: undefined })).to.throw(/CORE_INVENTORY_BUCKET is required/);
        expect(() => parseEnvironment({ ...base, CORE_INVENTORY_BUCKET: "Bad_Bucket" })).to.throw(/CORE_INVENTORY_BUCKET: got "Bad_Bucket", expected an S3 bucket name/);
        expect(() => parseEnvironment({ ...base, AWS_REGION: undefined })).to.throw(/REGION is not set and neither is AWS_REGION/);
        expect(() => parseEnvironment({ ...base, OUTPUT_PREFIX: "inv" })).to.throw(/OUTPUT_PREFIX: got "inv", expected a key prefix ending in "\/"/);
        expect(() => parseEnvironment({ ...base, LATEST_PREFIX: "/latest/" })).to.throw(/LATEST_PREFIX: got "\/latest\/"/);
        expect(() => parseEnvironment({ ...base, ACCOUNT_ID: "12345" })).to.throw(/ACCOUNT_ID: got "12345", expected 12 digits/);
        expect(() => parseEnvironment({ ...base, CLOUDTRAIL_LOOKBACK_HOURS: "0" })).to.throw(/CLOUDTRAIL_LOOKBACK_HOURS: got "0", expected a number from 1 to 2160/);
        expect(() => parseEnvironment({ ...base, CLOUDTRAIL_LOOKBACK_HOURS: "lots" })).to.throw(/CLOUDTRAIL_LOOKBACK_HOURS/);
    });
});
