// Seed 003 ("Encryption with AWS KMS customer-managed keys"): a customer-managed key should rotate.
// AWS rotates only symmetric encryption keys automatically; for asymmetric and HMAC keys the
// setting does not exist, so those are not judged.
import { resourceLabel } from "../lib/sources";
import { configSchema, forTypes, reportOutcomes, type Outcome, type ResourceRule, type RuleConfig } from "../lib/rule";
import { readProp, UNKNOWN } from "../lib/unknowns";

export const NAME = "kms-key-rotation";
const KEY_TYPE = "aws:kms/key:Key";

export function keyRotationOutcomes(name: string, props: Record<string, unknown>): Outcome[] {
    const label = resourceLabel(KEY_TYPE, name);
    const usage = readProp(props, "keyUsage");
    const spec = readProp(props, "customerMasterKeySpec") ?? readProp(props, "keySpec");
    if (usage === UNKNOWN || spec === UNKNOWN) {
        return [{ status: "undecidable", message: `${label}: its key usage or spec is not known until the update.` }];
    }
    if ((usage !== undefined && usage !== "ENCRYPT_DECRYPT") || (spec !== undefined && spec !== "SYMMETRIC_DEFAULT")) {
        return [];
    }
    const rotation = readProp(props, "enableKeyRotation");
    if (rotation === UNKNOWN) {
        return [{ status: "undecidable", message: `${label}: enableKeyRotation is not known until the update.` }];
    }
    return rotation === true ? [] : [{ status: "violation", message: `${label} does not rotate its key material: set enableKeyRotation: true.` }];
}

export const kmsKeyRotation: ResourceRule = {
    name: NAME,
    description: "A symmetric customer-managed KMS key must have automatic rotation enabled.",
    enforcementLevel: "advisory",
    remediationSteps: "Set enableKeyRotation: true (and, if needed, rotationPeriodInDays) on the aws.kms.Key.",
    configSchema: configSchema(),
    validateResource: forTypes([KEY_TYPE], (args, reportViolation) => {
        const config = args.getConfig<RuleConfig>();
        reportOutcomes(keyRotationOutcomes(args.name, args.props), args, config, reportViolation);
    }),
};
