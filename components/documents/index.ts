// Pure builders of the policy documents the components attach: resolved values in, plain JSON
// objects out. Components feed them through `pulumi.all(...).apply` / `pulumi.jsonStringify`;
// tests call them directly.
export * from "./types";
export * from "./key-policy";
export * from "./bucket-policy";
export * from "./execution-role-policy";
export * from "./consumer-role-policy";
export * from "./trust-policies";
export * from "./topic-policy";
export * from "./org";
