// Bedrock's resource ARNs and the actions this project asks about (IAM service reference:
// "Actions, resources, and condition keys for Amazon Bedrock").

import { alt, automatonIncludes, automatonIncludesWithin, cls, compileRegex, lit, patternsAutomaton, range, repeat, seq, statesAfterPrefixes, type Automaton, type Regex } from "./patterns";

/** The actions that invoke a model (Converse and ConverseStream are authorized as these two). */
export const INVOKE_MODEL_ACTIONS: readonly string[] = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

/** The action that invokes an agent, authorized on the agent alias ARN. */
export const INVOKE_AGENT_ACTION = "bedrock:InvokeAgent";

/** Foundation models are AWS-owned: no account in the ARN. */
export function foundationModelArn(region: string, modelId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

export function inferenceProfileArn(region: string, account: string, profileId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock:${region}:${account}:inference-profile/${profileId}`;
}

export function agentArn(region: string, account: string, agentId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock:${region}:${account}:agent/${agentId}`;
}

/** InvokeAgent is authorized on this ARN, not on the agent's. */
export function agentAliasArn(region: string, account: string, agentId: string, aliasId: string, partition = "aws"): string {
    return `arn:${partition}:bedrock:${region}:${account}:agent-alias/${agentId}/${aliasId}`;
}

// The grammar of model ids, from Bedrock's API reference. Quoted, so a reader can check them:
//
// GetFoundationModel, modelIdentifier
// (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GetFoundationModel.html):
//   arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:(...|(:foundation-model/([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2})))|...
// so a foundation model id is a provider, a dot and a name, with optional `:<version>` parts:
// `anthropic.claude-3-haiku-20240307-v1:0`, `amazon.titan-embed-text-v2:0`.
//
// InferenceProfileSummary, inferenceProfileArn
// (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_InferenceProfileSummary.html):
//   arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/[a-zA-Z0-9-:.]+
// and the user guide ("Supported Regions and models for inference profiles"): cross-Region
// (system-defined) inference profiles "are named after the model that they support", i.e. a
// geography label and a dot before the model id: `us.anthropic.claude-3-haiku-20240307-v1:0`,
// `eu.`, `apac.`, `us-gov.`, `global.`. The guide gives no grammar for the label; it is read here
// as a model-id segment (`[a-z0-9-]{1,63}`). The 64-character cap on a whole profile id is not
// modelled: without it the grammar has more (longer) ids, so a pattern that reached every id only
// because ids stop at 64 characters would not count; such a pattern would have to spell lengths
// out with `?` and is not written in practice.
//
// "Every model" (CONTRACTS section 6, rule 2) means: for some partition, region (and account, for a
// profile) the pattern matches the ARN of every string of the id grammar. The partition, region
// and account are chosen ("some"), the id is not ("every"): `arn:aws:bedrock:us-east-1::foundation-model/*`
// reaches every model of one region and counts; `foundation-model/anthropic.*` does not.
// Application inference profiles (`application-inference-profile/<12 characters>`) are one
// customer's profile each, not a catalogue of models, and are not part of "every model".

const SEGMENT = range("a", "z") + range("0", "9") + "-";
const modelIdSegment = repeat(cls(SEGMENT), 1, 63);

/** A foundation model id, per GetFoundationModel's modelIdentifier pattern (quoted above). */
export const FOUNDATION_MODEL_ID: Regex = seq(
    modelIdSegment,
    lit("."),
    modelIdSegment,
    seq(repeat(lit("."), 0, 1), modelIdSegment),
    repeat(seq(lit(":"), modelIdSegment), 0, 2),
);

/** A system-defined inference profile id: a geography label, a dot, a foundation model id. */
export const INFERENCE_PROFILE_ID: Regex = seq(modelIdSegment, lit("."), FOUNDATION_MODEL_ID);

/** Everything before the model id in a foundation-model ARN, for any partition and region. */
const FOUNDATION_MODEL_ARN_PREFIX: Regex = seq(
    lit("arn:aws"),
    repeat(seq(lit("-"), repeat(cls(":", true), 1, Infinity)), 0, 1),
    lit(":bedrock:"),
    repeat(cls(SEGMENT), 1, 20),
    lit("::foundation-model/"),
);

/** Everything before the profile id in an inference-profile ARN, for any partition, region and account. */
const INFERENCE_PROFILE_ARN_PREFIX: Regex = seq(
    lit("arn:aws"),
    alt(lit(""), lit("-us-gov"), lit("-cn"), lit("-iso"), lit("-iso-b")),
    lit(":bedrock:"),
    repeat(cls(SEGMENT), 0, 20),
    lit(":"),
    alt(lit(""), repeat(cls(range("0", "9")), 12, 12)),
    lit(":inference-profile/"),
);

let grammars: { foundationPrefix: Automaton; foundationId: Automaton; profilePrefix: Automaton; profileId: Automaton } | undefined;

function modelGrammars(): NonNullable<typeof grammars> {
    grammars ??= {
        foundationPrefix: compileRegex(FOUNDATION_MODEL_ARN_PREFIX),
        foundationId: compileRegex(FOUNDATION_MODEL_ID),
        profilePrefix: compileRegex(INFERENCE_PROFILE_ARN_PREFIX),
        profileId: compileRegex(INFERENCE_PROFILE_ID),
    };
    return grammars;
}

const everyModelVerdicts = new Map<string, boolean>();
const VERDICT_CACHE_LIMIT = 5000;

/**
 * Whether a Resource pattern matches the foundation-model ARN of every model id, or the
 * inference-profile ARN of every profile id, in some partition and region (the grammar above):
 * `*`, `arn:aws:bedrock:*`, `arn:aws:bedrock:*::foundation-model/*`, `...foundation-model/*.*`,
 * `arn:aws:bedrock:us-east-1:123456789012:inference-profile/*`. A family such as
 * `foundation-model/anthropic.*` does not. Decided by inclusion of the grammar's language in the
 * pattern's, not by trying ids. A policy variable in the pattern is read as any string: the
 * pattern is a grant, and reading it wider never hides one.
 */
export function patternMatchesEveryModel(resourcePattern: string): boolean {
    let verdict = everyModelVerdicts.get(resourcePattern);
    if (verdict === undefined) {
        const pattern = patternsAutomaton([resourcePattern], "resource", "any");
        const { foundationPrefix, foundationId, profilePrefix, profileId } = modelGrammars();
        verdict =
            statesAfterPrefixes(pattern, foundationPrefix).some((states) => automatonIncludes(pattern, foundationId, states)) ||
            statesAfterPrefixes(pattern, profilePrefix).some((states) => automatonIncludes(pattern, profileId, states));
        if (everyModelVerdicts.size >= VERDICT_CACHE_LIMIT) {
            everyModelVerdicts.clear();
        }
        everyModelVerdicts.set(resourcePattern, verdict);
    }
    return verdict;
}

let modelArns: Automaton | undefined;
const familyVerdicts = new Map<string, boolean>();
const familyArnsByFamilies = new Map<string, Automaton>();

/**
 * Whether every foundation-model or inference-profile ARN a Resource pattern matches names a model
 * of one of the families (model-id prefixes such as `anthropic.claude-3-haiku`; a profile's id is
 * read after its geography, `us.anthropic.claude-3-haiku-...`). A pattern that matches no model ARN
 * (an agent alias, a custom model) is within them: families do not speak to it. Decided by
 * inclusion: (pattern ∩ model ARNs) ⊆ family ARNs; the pattern's policy variables read as any string.
 */
export function patternWithinModelFamilies(resourcePattern: string, families: readonly string[]): boolean {
    const key = JSON.stringify([resourcePattern, families]);
    let verdict = familyVerdicts.get(key);
    if (verdict === undefined) {
        modelArns ??= compileRegex(alt(seq(FOUNDATION_MODEL_ARN_PREFIX, FOUNDATION_MODEL_ID), seq(INFERENCE_PROFILE_ARN_PREFIX, INFERENCE_PROFILE_ID)));
        const familiesKey = JSON.stringify(families);
        let familyArns = familyArnsByFamilies.get(familiesKey);
        if (!familyArns) {
            // Only model ARNs are asked about (the pattern is intersected with them), so what
            // follows the family prefix can be anything.
            const anyRest = repeat(cls("", true), 0, Infinity);
            familyArns = compileRegex(
                alt(
                    ...families.map((family) => seq(FOUNDATION_MODEL_ARN_PREFIX, lit(family), anyRest)),
                    ...families.map((family) => seq(INFERENCE_PROFILE_ARN_PREFIX, modelIdSegment, lit("."), lit(family), anyRest)),
                ),
            );
            familyArnsByFamilies.set(familiesKey, familyArns);
        }
        verdict = automatonIncludesWithin(familyArns, patternsAutomaton([resourcePattern], "resource", "any"), modelArns);
        if (familyVerdicts.size >= VERDICT_CACHE_LIMIT) {
            familyVerdicts.clear();
        }
        familyVerdicts.set(key, verdict);
    }
    return verdict;
}
