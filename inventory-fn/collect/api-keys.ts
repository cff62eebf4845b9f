import { ListServiceSpecificCredentialsCommand } from "@aws-sdk/client-iam";
import type { CollectContext } from "./context";

/** A long-term Bedrock API key (an IAM service-specific credential): metadata only, never the secret. */
export interface BedrockApiKey {
    readonly userName: string;
    readonly credentialId: string;
    /** `Active`, `Inactive` or `Expired`. */
    readonly status: string;
    readonly createdMs: number | null;
    readonly expiresMs: number | null;
}

export const BEDROCK_SERVICE_NAME = "bedrock.amazonaws.com";
const PAGE_SIZE = 1000;

/**
 * Every user's Bedrock API keys in one paginated call: ListServiceSpecificCredentials with
 * `AllUsers` and the service name costs ceil(keys / 1000) calls whatever the number of users,
 * against one call per user (GAAD does not carry service-specific credentials).
 */
export async function collectBedrockApiKeys(ctx: CollectContext): Promise<BedrockApiKey[]> {
    const keys: BedrockApiKey[] = [];
    let marker: string | undefined;
    do {
        const page = await ctx.gateway.call("iam:ListServiceSpecificCredentials", () =>
            ctx.clients.iam.send(new ListServiceSpecificCredentialsCommand({ ServiceName: BEDROCK_SERVICE_NAME, AllUsers: true, MaxItems: PAGE_SIZE, Marker: marker })),
        );
        for (const c of page.ServiceSpecificCredentials ?? []) {
            if (!c.UserName || !c.ServiceSpecificCredentialId) continue;
            keys.push({
                userName: c.UserName,
                credentialId: c.ServiceSpecificCredentialId,
                status: c.Status ?? "Unknown",
                createdMs: c.CreateDate ? new Date(c.CreateDate).getTime() : null,
                expiresMs: c.ExpirationDate ? new Date(c.ExpirationDate).getTime() : null,
            });
        }
        marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return keys;
}
