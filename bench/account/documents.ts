import type { Random } from "./random";

/**
 * Policy documents as they are found in real accounts: the Bedrock grants the inventory must
 * evaluate (family wildcards, `bedrock:Invoke*`, NotAction, Deny with and without conditions,
 * VPC endpoint conditions, grants on agent ARNs that are not grants on aliases) mixed with the
 * ordinary application policies that make up most of an account.
 */

export interface DocumentContext {
    readonly region: string;
    readonly accountId: string;
    /** Agent ids and alias ids that exist, so grants name real aliases. */
    readonly agents: readonly { readonly agentId: string; readonly aliasIds: readonly string[] }[];
    readonly modelIds: readonly string[];
    readonly buckets: readonly string[];
    readonly vpceIds: readonly string[];
}

type Statement = Record<string, unknown>;

const MODEL_FAMILIES = ["anthropic.*", "anthropic.claude-3*", "amazon.titan-*", "amazon.nova-*", "meta.llama3*", "cohere.*", "mistral.*"];

export function policyJson(statements: Statement[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements.length === 1 && statements[0].Sid === undefined ? statements[0] : statements });
}

function modelArn(ctx: DocumentContext, pattern: string): string {
    return `arn:aws:bedrock:${ctx.region}::foundation-model/${pattern}`;
}

function vpceCondition(rng: Random, ctx: DocumentContext): Record<string, unknown> {
    const vpce = rng.pick(ctx.vpceIds);
    return rng.weighted<Record<string, unknown>>([
        [{ StringEquals: { "aws:SourceVpce": vpce } }, 5],
        [{ StringEquals: { "aws:sourceVpce": [vpce, rng.pick(ctx.vpceIds)] } }, 1],
        [{ StringEqualsIfExists: { "aws:SourceVpce": vpce } }, 1],
        [{ "ForAnyValue:StringLike": { "aws:SourceVpc": "vpc-0*" } }, 1],
    ]);
}

/** One Bedrock statement drawn from the shapes seen in the wild. */
function bedrockStatement(rng: Random, ctx: DocumentContext, sid: string): Statement[] {
    const agent = rng.pick(ctx.agents);
    const kind = rng.weighted<string>([
        ["invoke-family", 6],
        ["invoke-named", 4],
        ["invoke-star-vpce", 3],
        ["invoke-wildcard-action", 2],
        ["agent-alias", 5],
        ["agent-all-aliases", 2],
        ["agent-arn-only", 1],
        ["bedrock-star", 1],
        ["deny-model", 1],
        ["deny-unless-vpce", 1],
        ["read-only", 3],
    ]);
    switch (kind) {
        case "invoke-family":
            return [{ Sid: sid, Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: modelArn(ctx, rng.pick(MODEL_FAMILIES)) }];
        case "invoke-named":
            return [
                {
                    Sid: sid,
                    Effect: "Allow",
                    Action: rng.chance(0.3) ? "bedrock:invokemodel" : "bedrock:InvokeModel",
                    Resource: rng.sample(ctx.modelIds, rng.int(1, 3)).map((id) => modelArn(ctx, id)),
                },
            ];
        case "invoke-star-vpce":
            return [{ Sid: sid, Effect: "Allow", Action: ["bedrock:InvokeModel*"], Resource: "*", Condition: vpceCondition(rng, ctx) }];
        case "invoke-wildcard-action":
            return [{ Sid: sid, Effect: "Allow", Action: "bedrock:Invoke*", Resource: [modelArn(ctx, "*"), `arn:aws:bedrock:${ctx.region}:${ctx.accountId}:agent-alias/*`] }];
        case "agent-alias":
            return [
                {
                    Sid: sid,
                    Effect: "Allow",
                    Action: "bedrock:InvokeAgent",
                    Resource: `arn:aws:bedrock:${ctx.region}:${ctx.accountId}:agent-alias/${agent.agentId}/${rng.pick(agent.aliasIds)}`,
                },
            ];
        case "agent-all-aliases":
            return [{ Sid: sid, Effect: "Allow", Action: ["bedrock:InvokeAgent", "bedrock:GetAgent"], Resource: `arn:aws:bedrock:${ctx.region}:${ctx.accountId}:agent-alias/${agent.agentId}/*` }];
        case "agent-arn-only":
            // A grant on the agent, not on its aliases: no InvokeAgent binding may come from it.
            return [{ Sid: sid, Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `arn:aws:bedrock:${ctx.region}:${ctx.accountId}:agent/${agent.agentId}` }];
        case "bedrock-star":
            return [{ Sid: sid, Effect: "Allow", Action: "bedrock:*", Resource: "*" }];
        case "deny-model":
            return [
                { Sid: `${sid}Allow`, Effect: "Allow", Action: "bedrock:Invoke*", Resource: "*" },
                { Sid: `${sid}DenyOpus`, Effect: "Deny", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: modelArn(ctx, "anthropic.claude-3-opus*") },
            ];
        case "deny-unless-vpce":
            return [
                { Sid: `${sid}Allow`, Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: modelArn(ctx, rng.pick(MODEL_FAMILIES)) },
                {
                    Sid: `${sid}DenyOutsideVpce`,
                    Effect: "Deny",
                    Action: "bedrock:*",
                    Resource: "*",
                    Condition: { StringNotEquals: { "aws:SourceVpce": rng.pick(ctx.vpceIds) } },
                },
            ];
        default:
            return [{ Sid: sid, Effect: "Allow", Action: ["bedrock:List*", "bedrock:Get*"], Resource: "*" }];
    }
}

/** The ordinary policies: S3, DynamoDB, SQS, Lambda, KMS, Secrets Manager, logs. */
function applicationStatement(rng: Random, ctx: DocumentContext, sid: string): Statement {
    const bucket = rng.pick(ctx.buckets);
    const table = `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${rng.pick(["orders", "sessions", "catalog", "tenants", "audit"])}-${rng.int(1, 40)}`;
    return rng.weighted<Statement>([
        [{ Sid: sid, Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }, 5],
        [{ Sid: sid, Effect: "Allow", Action: ["s3:PutObject"], Resource: `arn:aws:s3:::${bucket}/${rng.pick(["exports", "uploads", "reports"])}/*`, Condition: { StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } } }, 2],
        [{ Sid: sid, Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"], Resource: [table, `${table}/index/*`] }, 4],
        [{ Sid: sid, Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${rng.pick(["jobs", "events", "dlq"])}-${rng.int(1, 30)}` }, 2],
        [{ Sid: sid, Effect: "Allow", Action: "lambda:InvokeFunction", Resource: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${rng.pick(["tool", "svc", "etl"])}-*` }, 2],
        [{ Sid: sid, Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}` }, 2],
        [{ Sid: sid, Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${rng.pick(["confluence", "jira", "db", "stripe"])}/*` }, 2],
        [{ Sid: sid, Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:/aws/lambda/*` }, 2],
        [{ Sid: sid, Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }, 0.05],
        [{ Sid: sid, Effect: "Deny", Action: ["s3:DeleteBucket", "s3:PutBucketPolicy"], Resource: "*" }, 0.7],
    ]);
}

/**
 * A customer managed or inline policy: mostly application statements, a Bedrock grant in about
 * `bedrockShare` of them.
 */
export function randomPolicyDocument(rng: Random, ctx: DocumentContext, bedrockShare: number): string {
    const statements: Statement[] = [];
    const count = rng.weighted([[1, 4], [2, 4], [3, 2], [5, 1]] as const);
    for (let i = 0; i < count; i++) {
        statements.push(applicationStatement(rng, ctx, `App${i}`));
    }
    if (rng.chance(bedrockShare)) {
        statements.push(...bedrockStatement(rng, ctx, `Bedrock${rng.int(1, 99)}`));
    }
    return policyJson(statements);
}

/** A permissions boundary: what a team may ever hold, Bedrock limited to a family or two. */
export function boundaryDocument(rng: Random, ctx: DocumentContext): string {
    return policyJson([
        { Sid: "AppServices", Effect: "Allow", Action: ["s3:*", "dynamodb:*", "sqs:*", "logs:*", "lambda:InvokeFunction", "secretsmanager:GetSecretValue", "kms:Decrypt"], Resource: "*" },
        { Sid: "BedrockFamilies", Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: rng.sample(MODEL_FAMILIES, 2).map((f) => modelArn(ctx, f)) },
        { Sid: "BedrockAgents", Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: `arn:aws:bedrock:${ctx.region}:${ctx.accountId}:agent-alias/*` },
        { Sid: "NoIam", Effect: "Deny", Action: ["iam:*", "organizations:*"], Resource: "*" },
    ]);
}

/** Trust policies: who may assume the role. */
export function trustDocument(rng: Random, ctx: DocumentContext, service: string): string {
    if (service === "sso") {
        return policyJson([{ Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ctx.accountId}:saml-provider/AWSSSO_${rng.hex(16)}_DO_NOT_DELETE` }, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"], Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } }]);
    }
    const statement: Statement = { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" };
    if (service === "bedrock.amazonaws.com") {
        statement.Condition = { StringEquals: { "aws:SourceAccount": ctx.accountId } };
    }
    return policyJson([statement]);
}

/**
 * AWS managed policies an account typically uses, with their documents in the shape AWS
 * publishes them (abridged where the real ones list hundreds of actions outside Bedrock).
 */
export function awsManagedPolicies(): { name: string; path: string; document: string }[] {
    return [
        { name: "AdministratorAccess", path: "/", document: policyJson([{ Effect: "Allow", Action: "*", Resource: "*" }]) },
        {
            name: "PowerUserAccess",
            path: "/",
            document: policyJson([
                { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
                { Effect: "Allow", Action: ["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles", "organizations:DescribeOrganization", "account:ListRegions", "account:GetAccountInformation"], Resource: "*" },
            ]),
        },
        { name: "ReadOnlyAccess", path: "/", document: policyJson([{ Effect: "Allow", Action: ["bedrock:Get*", "bedrock:List*", "s3:Get*", "s3:List*", "iam:Get*", "iam:List*", "lambda:Get*", "lambda:List*", "logs:Describe*", "logs:Get*", "cloudtrail:LookupEvents", "dynamodb:Describe*", "ec2:Describe*"], Resource: "*" }]) },
        {
            name: "AmazonBedrockFullAccess",
            path: "/",
            document: policyJson([
                { Sid: "BedrockAll", Effect: "Allow", Action: ["bedrock:*"], Resource: "*" },
                { Sid: "DescribeKey", Effect: "Allow", Action: ["kms:DescribeKey"], Resource: "arn:*:kms:*:::*" },
                { Sid: "APIsWithAllResourceAccess", Effect: "Allow", Action: ["iam:ListRoles", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"], Resource: "*" },
                { Sid: "PassRoleToBedrock", Effect: "Allow", Action: ["iam:PassRole"], Resource: "arn:aws:iam::*:role/*AmazonBedrock*", Condition: { StringEquals: { "iam:PassedToService": ["bedrock.amazonaws.com"] } } },
            ]),
        },
        { name: "AmazonBedrockReadOnly", path: "/", document: policyJson([{ Sid: "AmazonBedrockReadOnly", Effect: "Allow", Action: ["bedrock:Get*", "bedrock:List*"], Resource: "*" }]) },
        { name: "AmazonS3ReadOnlyAccess", path: "/", document: policyJson([{ Effect: "Allow", Action: ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"], Resource: "*" }]) },
        { name: "AWSLambdaBasicExecutionRole", path: "/service-role/", document: policyJson([{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }]) },
        { name: "AWSLambdaVPCAccessExecutionRole", path: "/service-role/", document: policyJson([{ Sid: "AWSLambdaVPCAccessExecutionPermissions", Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"], Resource: "*" }]) },
        { name: "AWSLambdaRole", path: "/service-role/", document: policyJson([{ Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: ["*"] }]) },
        { name: "CloudWatchLogsReadOnlyAccess", path: "/", document: policyJson([{ Sid: "CloudWatchLogsReadOnlyAccess", Effect: "Allow", Action: ["logs:Describe*", "logs:Get*", "logs:List*", "logs:StartQuery", "logs:StopQuery", "logs:TestMetricFilter", "logs:FilterLogEvents", "logs:StartLiveTail", "logs:StopLiveTail", "cloudwatch:GenerateQuery"], Resource: "*" }]) },
        { name: "AmazonDynamoDBReadOnlyAccess", path: "/", document: policyJson([{ Action: ["dynamodb:BatchGetItem", "dynamodb:Describe*", "dynamodb:List*", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"], Effect: "Allow", Resource: "*" }]) },
        { name: "ViewOnlyAccess", path: "/job-function/", document: policyJson([{ Effect: "Allow", Action: ["bedrock:ListFoundationModels", "bedrock:ListAgents", "s3:ListAllMyBuckets", "iam:ListRoles", "iam:ListUsers", "lambda:ListFunctions"], Resource: "*" }]) },
    ];
}

export const FOUNDATION_MODEL_IDS: readonly (readonly [string, string, string[], string[]])[] = [
    ["anthropic.claude-3-5-sonnet-20240620-v1:0", "Anthropic", ["TEXT", "IMAGE"], ["TEXT"]],
    ["anthropic.claude-3-5-sonnet-20241022-v2:0", "Anthropic", ["TEXT", "IMAGE"], ["TEXT"]],
    ["anthropic.claude-3-5-haiku-20241022-v1:0", "Anthropic", ["TEXT"], ["TEXT"]],
    ["anthropic.claude-3-7-sonnet-20250219-v1:0", "Anthropic", ["TEXT", "IMAGE"], ["TEXT"]],
    ["anthropic.claude-3-haiku-20240307-v1:0", "Anthropic", ["TEXT", "IMAGE"], ["TEXT"]],
    ["anthropic.claude-3-opus-20240229-v1:0", "Anthropic", ["TEXT", "IMAGE"], ["TEXT"]],
    ["anthropic.claude-3-sonnet-20240229-v1:0", "Anthropic", ["TEXT", "IMAGE"], ["TEXT"]],
    ["anthropic.claude-sonnet-4-20250514-v1:0", "Anthropic", ["TEXT", "IMAGE"], ["TEXT"]],
    ["anthropic.claude-opus-4-20250514-v1:0", "Anthropic", ["TEXT", "IMAGE"], ["TEXT"]],
    ["anthropic.claude-instant-v1", "Anthropic", ["TEXT"], ["TEXT"]],
    ["anthropic.claude-v2:1", "Anthropic", ["TEXT"], ["TEXT"]],
    ["amazon.titan-text-express-v1", "Amazon", ["TEXT"], ["TEXT"]],
    ["amazon.titan-text-lite-v1", "Amazon", ["TEXT"], ["TEXT"]],
    ["amazon.titan-text-premier-v1:0", "Amazon", ["TEXT"], ["TEXT"]],
    ["amazon.titan-embed-text-v1", "Amazon", ["TEXT"], ["EMBEDDING"]],
    ["amazon.titan-embed-text-v2:0", "Amazon", ["TEXT"], ["EMBEDDING"]],
    ["amazon.titan-embed-image-v1", "Amazon", ["TEXT", "IMAGE"], ["EMBEDDING"]],
    ["amazon.titan-image-generator-v2:0", "Amazon", ["TEXT", "IMAGE"], ["IMAGE"]],
    ["amazon.nova-pro-v1:0", "Amazon", ["TEXT", "IMAGE", "VIDEO"], ["TEXT"]],
    ["amazon.nova-lite-v1:0", "Amazon", ["TEXT", "IMAGE", "VIDEO"], ["TEXT"]],
    ["amazon.nova-micro-v1:0", "Amazon", ["TEXT"], ["TEXT"]],
    ["amazon.nova-canvas-v1:0", "Amazon", ["TEXT", "IMAGE"], ["IMAGE"]],
    ["meta.llama3-8b-instruct-v1:0", "Meta", ["TEXT"], ["TEXT"]],
    ["meta.llama3-70b-instruct-v1:0", "Meta", ["TEXT"], ["TEXT"]],
    ["meta.llama3-1-405b-instruct-v1:0", "Meta", ["TEXT"], ["TEXT"]],
    ["meta.llama3-2-90b-instruct-v1:0", "Meta", ["TEXT", "IMAGE"], ["TEXT"]],
    ["cohere.command-r-v1:0", "Cohere", ["TEXT"], ["TEXT"]],
    ["cohere.command-r-plus-v1:0", "Cohere", ["TEXT"], ["TEXT"]],
    ["cohere.embed-english-v3", "Cohere", ["TEXT"], ["EMBEDDING"]],
    ["cohere.embed-multilingual-v3", "Cohere", ["TEXT"], ["EMBEDDING"]],
    ["mistral.mistral-7b-instruct-v0:2", "Mistral AI", ["TEXT"], ["TEXT"]],
    ["mistral.mixtral-8x7b-instruct-v0:1", "Mistral AI", ["TEXT"], ["TEXT"]],
    ["mistral.mistral-large-2402-v1:0", "Mistral AI", ["TEXT"], ["TEXT"]],
    ["ai21.jamba-1-5-large-v1:0", "AI21 Labs", ["TEXT"], ["TEXT"]],
    ["stability.sd3-large-v1:0", "Stability AI", ["TEXT", "IMAGE"], ["IMAGE"]],
];
