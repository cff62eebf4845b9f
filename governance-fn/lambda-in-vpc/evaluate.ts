// The rule of seed 001's custom Config rule, as a pure function: a Lambda function tagged as a
// Bedrock agent's must run in a VPC. No AWS calls here; handler.ts does the I/O.

export type ComplianceType = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";

/** The parts of an AWS Config configuration item the rule reads (change-notification shape). */
export interface LambdaConfigurationItem {
    readonly resourceType?: string;
    readonly resourceId?: string;
    readonly resourceName?: string;
    readonly configurationItemCaptureTime?: string;
    readonly configurationItemStatus?: string;
    readonly tags?: Record<string, string> | null;
    readonly configuration?: {
        readonly functionName?: string;
        readonly vpcConfig?: { readonly subnetIds?: readonly string[] | null; readonly securityGroupIds?: readonly string[] | null } | null;
    } | null;
}

/** The rule's parameters (the Config rule's input parameters). */
export interface LambdaInVpcParameters {
    /** Tag that marks an agent's function. Seed 001: `BedrockAgent`. */
    readonly tagKey: string;
    /** Its value. Seed 001: `true`. */
    readonly tagValue: string;
}

export const DEFAULT_PARAMETERS: LambdaInVpcParameters = { tagKey: "BedrockAgent", tagValue: "true" };

export interface LambdaInVpcEvaluation {
    readonly complianceType: ComplianceType;
    /** Why, in the words Config shows next to the result (at most 256 characters). */
    readonly annotation: string;
}

const DELETED = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded"]);
const ANNOTATION_MAX = 256;

function annotation(text: string): string {
    return text.length > ANNOTATION_MAX ? `${text.slice(0, ANNOTATION_MAX - 3)}...` : text;
}

/**
 * COMPLIANT: tagged and attached to at least one subnet. NON_COMPLIANT: tagged and in no VPC.
 * NOT_APPLICABLE: not a Lambda function, deleted, or not tagged. The tag value is compared without
 * regard to case, so `True` does not slip past the rule.
 */
export function evaluateLambdaInVpc(item: LambdaConfigurationItem, parameters: LambdaInVpcParameters = DEFAULT_PARAMETERS): LambdaInVpcEvaluation {
    if (item.resourceType !== "AWS::Lambda::Function") {
        return { complianceType: "NOT_APPLICABLE", annotation: annotation(`${item.resourceType ?? "unknown type"} is not a Lambda function`) };
    }
    const functionName = item.configuration?.functionName ?? item.resourceName ?? item.resourceId ?? "unknown";
    if (item.configurationItemStatus !== undefined && DELETED.has(item.configurationItemStatus)) {
        return { complianceType: "NOT_APPLICABLE", annotation: annotation(`function '${functionName}' was deleted`) };
    }
    const tagValue = item.tags?.[parameters.tagKey];
    if (tagValue === undefined || tagValue.toLowerCase() !== parameters.tagValue.toLowerCase()) {
        return { complianceType: "NOT_APPLICABLE", annotation: annotation(`function '${functionName}' is not tagged ${parameters.tagKey}=${parameters.tagValue}`) };
    }
    const subnetIds = item.configuration?.vpcConfig?.subnetIds ?? [];
    if (subnetIds.length === 0) {
        return { complianceType: "NON_COMPLIANT", annotation: annotation(`Bedrock agent function '${functionName}' is not deployed in a VPC`) };
    }
    return { complianceType: "COMPLIANT", annotation: annotation(`Bedrock agent function '${functionName}' runs in ${subnetIds.length} VPC subnet(s)`) };
}

/** Reads the rule parameters Config passes as a JSON string; missing keys take the defaults. */
export function parseRuleParameters(ruleParameters: string | undefined): LambdaInVpcParameters {
    if (!ruleParameters) {
        return DEFAULT_PARAMETERS;
    }
    const parsed = JSON.parse(ruleParameters) as Partial<LambdaInVpcParameters>;
    return {
        tagKey: typeof parsed.tagKey === "string" && parsed.tagKey !== "" ? parsed.tagKey : DEFAULT_PARAMETERS.tagKey,
        tagValue: typeof parsed.tagValue === "string" ? parsed.tagValue : DEFAULT_PARAMETERS.tagValue,
    };
}
