// The stack program: reads and validates the stack's config, creates the components and exports
// their outputs. `npm run plan` runs this same file under Pulumi's mock engine.
import { BedrockInventory } from "./components";
import { readInventoryConfig, StackConfigReader } from "./components/config";

const config = StackConfigReader.fromRuntime();

const inventoryArgs = readInventoryConfig(config);

// ---- BedrockGovernance: config section -----------------------------------------------------
// Read the governance section here, from the same `config` reader (before `config.finish()`, so
// its keys are known and its problems reported with the inventory's).
// --------------------------------------------------------------------------------------------

// Every problem at once (bad values and keys no section declares): `<project>:<key>: got ..., expected ...`.
config.finish();

const inventory = new BedrockInventory("bedrock-core-inventory", inventoryArgs);

// ---- BedrockGovernance: component and outputs ----------------------------------------------
// `new BedrockGovernance("bedrock-governance", governanceArgs)` and its exports go here.
// --------------------------------------------------------------------------------------------

export const bucketName = inventory.bucketName;
export const functionName = inventory.functionName;
export const functionArn = inventory.functionArn;
export const roleArn = inventory.roleArn;
export const keyArn = inventory.keyArn;
export const logGroupName = inventory.logGroupName;
export const latestPrefix = inventory.latestPrefix;
export const alarmTopicArn = inventory.alarmTopicArn;
export const consumerRoleArn = inventory.consumerRoleArn;
export const failureQueueArn = inventory.failureQueueArn;
