import { expect } from "chai";
import type { PolicyResource } from "@pulumi/policy";
import { indexReferences, referencing, identifiersOf } from "../../policy-pack/lib/stack";
import { unknownCheckingProxy, UNKNOWN_STRING_SENTINEL } from "../../policy-pack/lib/unknowns";
import { publicAccessOutcomes } from "../../policy-pack/rules/s3-bucket-public-access-block";

// CrossGuard's analyzeStack gives each resource `propertyDependencies`: at preview the block's
// `bucket` is an unknown output, and the dependency still says which bucket it came from.
function resource(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, PolicyResource[]> = {}): PolicyResource {
    return {
        type,
        name,
        urn: `urn:pulumi:dev::p::${type}::${name}`,
        props: unknownCheckingProxy(props),
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        dependencies: [],
        propertyDependencies,
        isType: () => false,
        asType: () => undefined,
    };
}

describe("policy pack: relating resources in a stack validation", () => {
    const bucket = resource("aws:s3/bucket:Bucket", "data", { bucket: "data-1" });
    const other = resource("aws:s3/bucket:Bucket", "other", { bucket: "other-1" });
    const allBlocked = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

    it("follows propertyDependencies when the reference is unknown at preview", () => {
        const block = resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-pab", { bucket: UNKNOWN_STRING_SENTINEL, ...allBlocked }, { bucket: [bucket] });
        const index = indexReferences([block], "bucket");
        expect(referencing(index, bucket, identifiersOf(bucket, ["bucket"])).linked).to.deep.equal([block]);
        expect(referencing(index, other, identifiersOf(other, ["bucket"]))).to.deep.equal({ linked: [], unknown: false });
        const findings = publicAccessOutcomes([bucket, other, block]);
        expect([...findings.keys()].map((r) => r.name)).to.deep.equal(["other"]);
    });

    it("says it cannot tell when a reference is unknown and has no dependency", () => {
        const block = resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", { bucket: UNKNOWN_STRING_SENTINEL, ...allBlocked });
        expect(referencing(indexReferences([block], "bucket"), bucket, identifiersOf(bucket, ["bucket"]))).to.deep.equal({ linked: [], unknown: true });
    });
});
