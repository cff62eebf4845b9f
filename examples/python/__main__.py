"""The TypeScript example (examples/typescript/index.ts) in Python.

After `pulumi package add https://github.com/<org>/bedrock-governance@v0.2.0`, Pulumi generates a
local SDK named pulumi_bedrock_governance; arguments are snake_case, nested arguments are
`...ArgsArgs` classes or plain dicts.
"""
import pulumi
import pulumi_bedrock_governance as bedrock_governance

config = pulumi.Config()

inventory = bedrock_governance.BedrockInventory(
    "bedrock-inventory",
    alarm_email=config.get("alarmEmail"),
    tags={"Owner": "platform-security"},
)

governance = bedrock_governance.BedrockGovernance(
    "bedrock-governance",
    approved_model_families=["anthropic", "amazon"],
    boundaries={"teams": ["developer", "ci"]},
    alerts={"email": config.get("alertEmail") or "security@example.com"},
    logging={"invocation_log_destinations": ["cloudwatch"]},
)

pulumi.export("inventoryBucket", inventory.bucket_name)
pulumi.export("inventoryFunction", inventory.function_arn)
pulumi.export("latestPrefix", inventory.latest_prefix)
pulumi.export("boundaryPolicyArns", governance.boundary_policy_arns)
pulumi.export("alertTopicArn", governance.alert_topic_arn)
