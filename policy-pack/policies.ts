// The pack's rules, in the order CrossGuard runs and reports them. The pack itself is constructed
// in ./index.ts; tests and the offline plan import this module instead (constructing a PolicyPack
// starts a gRPC server).
import type { Policies } from "@pulumi/policy";
import { agentcoreCustomerManagedKey } from "./rules/agentcore-customer-managed-key";
import { agentcoreGatewayAuthorization } from "./rules/agentcore-gateway-authorization";
import { agentcoreNetworkPrivate } from "./rules/agentcore-network-private";
import { agentcoreResourcePolicyNotPublic } from "./rules/agentcore-resource-policy-not-public";
import { bedrockInvokeModelNoWildcardResource } from "./rules/bedrock-invoke-model-no-wildcard-resource";
import { bedrockInvokeRequiresVpce } from "./rules/bedrock-invoke-requires-vpce";
import { bedrockNoWildcardActions } from "./rules/bedrock-no-wildcard-actions";
import { bedrockRestrictedActions } from "./rules/bedrock-restricted-actions";
import { bedrockServiceRoleScoped } from "./rules/bedrock-service-role-scoped";
import { iamAllowNotAction } from "./rules/iam-allow-not-action";
import { iamAllowNotResource } from "./rules/iam-allow-not-resource";
import { iamPassroleUnscoped } from "./rules/iam-passrole-unscoped";
import { iamUnknownActions } from "./rules/iam-unknown-actions";
import { kmsKeyRotation } from "./rules/kms-key-rotation";
import { lambdaSupportedRuntime } from "./rules/lambda-supported-runtime";
import { logGroupRetentionAndKms } from "./rules/log-group-retention-and-kms";
import { s3BucketPublicAccessBlock } from "./rules/s3-bucket-public-access-block";
import { s3BucketSseKms } from "./rules/s3-bucket-sse-kms";

export const policies: Policies = [
    // CONTRACTS section 6: mandatory by default.
    bedrockNoWildcardActions,
    bedrockInvokeModelNoWildcardResource,
    bedrockInvokeRequiresVpce,
    // Advisory by default.
    bedrockRestrictedActions,
    bedrockServiceRoleScoped,
    iamUnknownActions,
    iamPassroleUnscoped,
    iamAllowNotAction,
    iamAllowNotResource,
    s3BucketPublicAccessBlock,
    s3BucketSseKms,
    kmsKeyRotation,
    logGroupRetentionAndKms,
    lambdaSupportedRuntime,
    // Amazon Bedrock AgentCore (Security Hub AI Security Best Practices, at preview).
    agentcoreNetworkPrivate,
    agentcoreGatewayAuthorization,
    agentcoreCustomerManagedKey,
    agentcoreResourcePolicyNotPublic,
];
