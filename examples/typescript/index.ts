// A Pulumi program of your own that installs bedrock-governance from npm (`npm install
// bedrock-governance`) and deploys the inventory and the account guardrails. The test suite
// packs the package, installs it here with production dependencies only and runs this file the
// way Pulumi's Node.js runtime does (tests/package/consumer.test.ts), so it cannot rot.
import * as pulumi from "@pulumi/pulumi";
import { BedrockGovernance, BedrockInventory } from "bedrock-governance/components";

const config = new pulumi.Config();

// Seed 000's inventory: key, bucket, role, function, schedule, alarms. Every argument is optional.
const inventory = new BedrockInventory("bedrock-inventory", {
    alarmEmail: config.get("alarmEmail"),
    tags: { Owner: "platform-security" },
});

// Account guardrails without SCPs (those need the management account: pass scps.targetIds there).
const governance = new BedrockGovernance("bedrock-governance", {
    approvedModelFamilies: ["anthropic", "amazon"],
    boundaries: { teams: ["developer", "ci"] },
    alerts: { email: config.get("alertEmail") ?? "security@example.com" },
    logging: { invocationLogDestinations: ["cloudwatch"] },
});

export const inventoryBucket = inventory.bucketName;
export const inventoryFunction = inventory.functionArn;
export const latestPrefix = inventory.latestPrefix;
export const boundaryPolicyArns = governance.boundaryPolicyArns;
export const alertTopicArn = governance.alertTopicArn;
