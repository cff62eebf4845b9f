// The public face of the package: the components and their argument types.
export { BedrockInventory, INVENTORY_DEFAULTS } from "./inventory";
export type { BedrockInventoryArgs } from "./inventory";
