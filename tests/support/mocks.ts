// The one Pulumi mocks module for the whole mocha run. Importing it installs the mocks; program
// code must be imported after it. Any data-source call not listed in scripts/plan/mock-engine.ts
// throws, so a new lookup fails loudly instead of returning something made up. The engine itself
// (ARNs per type, lookups, parent recording) is shared with the offline plan.
import * as pulumi from "@pulumi/pulumi";
import { autoName, DEFAULT_MOCK_ENVIRONMENT, installMockEngine, RecordedResource } from "../../scripts/plan/mock-engine";

export const MOCK_ACCOUNT_ID = DEFAULT_MOCK_ENVIRONMENT.accountId;
export const MOCK_REGION = DEFAULT_MOCK_ENVIRONMENT.region;
export const MOCK_PARTITION = DEFAULT_MOCK_ENVIRONMENT.partition;

export { autoName };
export type { RecordedResource };

/** Every resource the mock engine was asked to create, in registration order. */
export const recordedResources: RecordedResource[] = installMockEngine({ project: "bedrock-governance", stack: "test" });

/** Forget what earlier tests created (call in `beforeEach` when a test counts resources). */
export function resetRecordedResources(): void {
    recordedResources.length = 0;
}

/** The value of an Output, for assertions (mocks make every value known). */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output as pulumi.Input<T>).apply((v) => resolve(v as T)));
}
