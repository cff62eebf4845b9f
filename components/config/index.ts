// Stack config: the reader and error format every component's keys share, the reusable value
// rules, and each component's section. BedrockGovernance adds its section beside the inventory's.
export * from "./validators";
export * from "./stack";
export * from "./inventory";
export * from "./org-inventory";
