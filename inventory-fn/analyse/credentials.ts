import type { CollectedAgent, CollectedActionGroup } from "../collect/bedrock";
import type { CollectedFunction } from "../collect/lambda";

export type ExecutorType = "LAMBDA" | "RETURN_CONTROL" | "NONE";
export type CredentialType = "LAMBDA_EXECUTION_ROLE" | "CONFLUENCE_SECRET" | "SECRET" | "S3_READ" | "NONE";

/**
 * One credential an agent's tool holds. `credentialRef` is an ARN or a name, never a value:
 * for a secret referenced by ARN, the ARN; for a variable whose value may be the secret itself,
 * the variable's name (see `credentialRefKind`).
 */
export interface ToolCredentialRecord {
    readonly agentId: string;
    readonly agentName: string;
    /** Agent versions (DRAFT and the ones aliases route to) whose action group has this credential. */
    readonly agentVersions: string[];
    readonly actionGroupId: string;
    readonly actionGroupName: string;
    readonly executorType: ExecutorType;
    readonly functionArn: string | null;
    readonly credentialType: CredentialType;
    readonly credentialRef: string | null;
    /** `arn` (an ARN; buckets as `arn:aws:s3:::<name>`), `environment_variable` (the variable's name), or null. */
    readonly credentialRefKind: "arn" | "environment_variable" | null;
    /** Where the credential was found. */
    readonly credentialSource: "executor_role" | "environment" | "api_schema" | null;
    /** The environment variable it came from (its name only). */
    readonly environmentVariable: string | null;
}

// A Secrets Manager ARN, anywhere in a value ("arn:aws:secretsmanager:...:secret:name-AbCdEf").
const SECRET_ARN = /arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+/;
// CONTRACTS section 5: a variable whose name says it holds or names a secret.
const SECRET_NAME = /SECRET|TOKEN|API_?KEY|PASSWORD|PASSWD|CREDENTIAL/i;
const BUCKET_NAME = /BUCKET/i;
// S3 bucket naming rules (3-63 characters, lower case, digits, dots, hyphens).
const BUCKET_VALUE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/|$)/;
const S3_ARN = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/|$)/;

type Credential = Pick<ToolCredentialRecord, "credentialType" | "credentialRef" | "credentialRefKind" | "credentialSource" | "environmentVariable">;

/**
 * Tool credentials per CONTRACTS section 5. Environment values are read to classify and are never
 * returned: a secret referenced by ARN is reported by its ARN; a variable whose name says
 * SECRET/TOKEN/API_KEY without an ARN in it may hold the secret itself, so only the variable's
 * name is reported; a bucket is reported by its ARN.
 */
export function computeToolCredentials(agents: readonly CollectedAgent[], functions: ReadonlyMap<string, CollectedFunction>): ToolCredentialRecord[] {
    const records = new Map<string, ToolCredentialRecord>();
    for (const agent of agents) {
        const partition = agent.agentArn.split(":")[1] || "aws";
        for (const group of agent.actionGroups) {
            const executorType = executorTypeOf(group);
            const fn = group.lambdaArn ? functions.get(group.lambdaArn) : undefined;
            const functionArn = group.lambdaArn ? (fn?.functionArn ?? group.lambdaArn) : null;
            for (const credential of credentialsOf(group, executorType, fn, partition)) {
                const key = JSON.stringify([agent.agentId, group.actionGroupId, functionArn, credential.credentialType, credential.credentialRef, credential.environmentVariable]);
                const existing = records.get(key);
                if (existing) {
                    if (!existing.agentVersions.includes(group.agentVersion)) existing.agentVersions.push(group.agentVersion);
                    continue;
                }
                records.set(key, {
                    agentId: agent.agentId,
                    agentName: agent.agentName,
                    agentVersions: [group.agentVersion],
                    actionGroupId: group.actionGroupId,
                    actionGroupName: group.actionGroupName,
                    executorType,
                    functionArn,
                    ...credential,
                });
            }
        }
    }
    return [...records.values()];
}

function executorTypeOf(group: CollectedActionGroup): ExecutorType {
    if (group.lambdaArn) return "LAMBDA";
    if (group.customControl === "RETURN_CONTROL") return "RETURN_CONTROL";
    return "NONE";
}

function credentialsOf(group: CollectedActionGroup, executorType: ExecutorType, fn: CollectedFunction | undefined, partition: string): Credential[] {
    const found: Credential[] = [];
    if (executorType === "LAMBDA") {
        // The role is the tool's main credential; unknown (function missing or unreadable) is
        // still a record, with no ref, so the action group is not silently dropped.
        found.push({ credentialType: "LAMBDA_EXECUTION_ROLE", credentialRef: fn?.roleArn ?? null, credentialRefKind: fn?.roleArn ? "arn" : null, credentialSource: "executor_role", environmentVariable: null });
        if (fn) found.push(...environmentCredentials(fn.environment, partition));
    } else {
        found.push({ credentialType: "NONE", credentialRef: null, credentialRefKind: null, credentialSource: null, environmentVariable: null });
    }
    if (group.apiSchemaS3) {
        found.push({ credentialType: "S3_READ", credentialRef: `arn:${partition}:s3:::${group.apiSchemaS3.bucket}`, credentialRefKind: "arn", credentialSource: "api_schema", environmentVariable: null });
    }
    return found;
}

function environmentCredentials(environment: Readonly<Record<string, string>>, partition: string): Credential[] {
    const found: Credential[] = [];
    for (const name of Object.keys(environment).sort()) {
        const value = environment[name] ?? "";
        const confluence = /confluence/i.test(name) || /confluence/i.test(value);
        const secretArn = SECRET_ARN.exec(value)?.[0];
        if (secretArn) {
            found.push({
                credentialType: confluence ? "CONFLUENCE_SECRET" : "SECRET",
                credentialRef: secretArn,
                credentialRefKind: "arn",
                credentialSource: "environment",
                environmentVariable: name,
            });
            continue;
        }
        if (SECRET_NAME.test(name) && value.length > 0) {
            found.push({ credentialType: confluence ? "CONFLUENCE_SECRET" : "SECRET", credentialRef: name, credentialRefKind: "environment_variable", credentialSource: "environment", environmentVariable: name });
            continue;
        }
        const bucket = S3_URL.exec(value)?.[1] ?? S3_ARN.exec(value)?.[1] ?? (BUCKET_NAME.test(name) && BUCKET_VALUE.test(value) ? value : undefined);
        if (bucket) {
            found.push({ credentialType: "S3_READ", credentialRef: `arn:${partition}:s3:::${bucket}`, credentialRefKind: "arn", credentialSource: "environment", environmentVariable: name });
        }
    }
    return found;
}
