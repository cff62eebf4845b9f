// The public face of the package: the components and their argument types.
export { BedrockInventory, INVENTORY_DEFAULTS } from "./inventory";
export { BedrockOrgInventory, ORG_INVENTORY_DEFAULTS } from "./org-inventory";
export type { BedrockOrgInventoryArgs } from "./org-inventory";
export type { BedrockInventoryArgs } from "./inventory";
export { BedrockGovernance, BedrockWorkloadRole, readGovernanceConfig, governanceConfigSection, type BedrockGovernanceArgs, type BedrockWorkloadRoleArgs } from "./governance";
