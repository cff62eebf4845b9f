// The pack's entry point for `pulumi preview --policy-pack policy-pack`. Constructing a PolicyPack
// starts CrossGuard's gRPC server, so nothing else (tests, the offline plan) imports this module:
// they import `policies` from ./policies.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("bedrock-governance", { policies });
