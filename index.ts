// The stack program: reads and validates the stack's config, creates the components and exports
// their outputs. `npm run plan` runs this same file under Pulumi's mock engine.
import { BedrockGovernance, BedrockInventory, BedrockOrgInventory, readGovernanceConfig } from "./components";
import { readInventoryConfig, readOrgInventoryConfig, StackConfigReader } from "./components/config";

const config = StackConfigReader.fromRuntime();

const inventoryArgs = readInventoryConfig(config);

// ---- BedrockGovernance: config section -----------------------------------------------------
// The `governance*` keys (components/governance/config.ts, README "BedrockGovernance"), read from
// the same reader; undefined unless the stack sets governanceEnabled.
const governanceArgs = readGovernanceConfig(config);
// --------------------------------------------------------------------------------------------

// ---- BedrockOrgInventory: config section --------------------------------------------------
// The `orgInventory*` keys (components/config/org-inventory.ts, docs/organization.md); undefined
// unless the stack sets orgInventoryEnabled (the delegated security account's stack).
const orgInventoryArgs = readOrgInventoryConfig(config);
// --------------------------------------------------------------------------------------------

// Every problem at once (bad values and keys no section declares): `<project>:<key>: got ..., expected ...`.
config.finish();

const inventory = new BedrockInventory("bedrock-core-inventory", inventoryArgs);

// ---- BedrockGovernance: component and outputs ----------------------------------------------
const governance = governanceArgs && new BedrockGovernance("bedrock-governance", governanceArgs);
export const governanceScpPolicyIds = governance?.scpPolicyIds;
export const governanceBoundaryPolicyArns = governance?.boundaryPolicyArns;
export const governanceConfigRuleNames = governance?.configRuleNames;
export const governanceAlertTopicArn = governance?.alertTopicArn;
export const governanceRuntimeEndpointId = governance?.runtimeEndpointId;
export const governanceAgentRuntimeEndpointId = governance?.agentRuntimeEndpointId;
export const governanceTrailArn = governance?.trailArn;
export const governanceBedrockPolicyId = governance?.bedrockPolicyId;
export const governanceInvocationLogGroupName = governance?.invocationLogGroupName;
// --------------------------------------------------------------------------------------------

// ---- BedrockOrgInventory: component and outputs --------------------------------------------
const orgInventory = orgInventoryArgs && new BedrockOrgInventory("bedrock-org-inventory", orgInventoryArgs);
export const orgInventoryBucketName = orgInventory?.bucketName;
export const orgInventoryStateMachineArn = orgInventory?.stateMachineArn;
export const orgInventoryAccountFunctionRoleArn = orgInventory?.accountFunctionRoleArn;
export const orgInventoryStackSetName = orgInventory?.stackSetName;
export const orgInventoryIndexKey = orgInventory?.indexKey;
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
