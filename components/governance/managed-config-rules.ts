// Part 4b (issue 15): the AWS Config managed rules for Bedrock and AgentCore, deployed beside the
// seed's rules on the same recorder, their NON_COMPLIANT results alerted through the same
// EventBridge rule (alerts.ts watches every name `configRuleNames` returns).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GovernanceSettings } from "./config";
import { AwsScope, GovernanceConfigError } from "./documents/common";
import { BEDROCK_MANAGED_CONFIG_RULES, managedConfigRule, managedRuleAvailableIn, managedRuleName, ManagedRuleRegions } from "./documents/managed-config-rules";

/** The names of the managed rules the settings deploy, in catalog order (empty when the Config part is off). */
export function managedConfigRuleNames(settings: GovernanceSettings): string[] {
    const c = settings.configRules;
    return c.enabled ? c.managedRules.map((id) => managedRuleName(managedConfigRule(id), c.managedRuleNameSuffix)) : [];
}

function describeRegions(regions: ManagedRuleRegions): string {
    return "only" in regions ? regions.only.join(", ") : `any Region but ${regions.except.join(", ")}`;
}

/**
 * Fails, naming the rule and where it exists, when the deployment's Region is not one AWS Config
 * offers a configured rule in (creating it there fails at `pulumi up`; here it fails the preview).
 */
export function checkManagedRulesRegion(settings: GovernanceSettings, region: string): void {
    settings.configRules.managedRules.forEach((id, i) => {
        const rule = managedConfigRule(id);
        if (!managedRuleAvailableIn(rule, region)) {
            throw new GovernanceConfigError(`governance.configRules.managedRules[${i}]`, id, `a rule AWS Config offers in ${region} (${rule.page} exists in ${describeRegions(rule.regions)})`);
        }
    });
}

export function createManagedConfigRules(
    parent: pulumi.Resource,
    name: string,
    settings: GovernanceSettings,
    scope: pulumi.Output<AwsScope>,
    recorderReady: pulumi.Resource[],
): aws.cfg.Rule[] {
    const c = settings.configRules;
    return BEDROCK_MANAGED_CONFIG_RULES.filter((rule) => c.managedRules.includes(rule.identifier)).map(
        (rule) =>
            new aws.cfg.Rule(
                `${name}-rule-${rule.page}`,
                {
                    // The Region is known only once the provider answers: the check rides on the name.
                    name: scope.apply((s) => {
                        checkManagedRulesRegion(settings, s.region);
                        return managedRuleName(rule, c.managedRuleNameSuffix);
                    }),
                    description: `${rule.securityHubControl}: NON_COMPLIANT when ${rule.nonCompliantWhen} (AWS Config managed rule ${rule.page})`,
                    source: { owner: "AWS", sourceIdentifier: rule.identifier },
                    scope: { complianceResourceTypes: [rule.resourceType] },
                    tags: settings.tags,
                },
                { parent, dependsOn: recorderReady },
            ),
    );
}
