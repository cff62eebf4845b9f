// The one IAM evaluation library, shared by the policy pack, the inventory function and the
// components' own checks. Pure and synchronous.
export * from "./document";
export * from "./match";
export * from "./patterns";
export * from "./conditions";
export * from "./evaluate";
export * from "./bedrock";
export * from "./agentcore";
export * from "./catalog";
export * from "./condition-eval";
export * from "./context";
export * from "./readings";
