import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The organization's STS as the hub sees it: AssumeRole (awsQuery, form POST, XML), answering
 * like STS does. A member account without the spoke role, or a wrong external id, gets
 * `AccessDenied` (HTTP 403), which is what STS answers in both cases.
 */
export class OrganizationSts {
    private server: Server | undefined;
    /** Every AssumeRole request: role ARN, session name, whether it was allowed. */
    readonly requests: { roleArn: string; sessionName: string; allowed: boolean }[] = [];

    constructor(
        /** Accounts where the StackSet created the role (`arn:aws:iam::<id>:role/<roleName>`). */
        readonly spokeAccounts: ReadonlySet<string>,
        readonly roleName: string,
        readonly externalId: string,
    ) {}

    async start(): Promise<string> {
        this.server = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => {
                const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
                const roleArn = form.get("RoleArn") ?? "";
                const sessionName = form.get("RoleSessionName") ?? "";
                const match = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
                const allowed = form.get("Action") === "AssumeRole" && !!match && this.spokeAccounts.has(match[1]) && match[2] === this.roleName && form.get("ExternalId") === this.externalId;
                this.requests.push({ roleArn, sessionName, allowed });
                res.setHeader("content-type", "text/xml");
                if (!allowed) {
                    res.statusCode = 403;
                    res.end(
                        `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::000000000000:assumed-role/hub/x is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message></Error><RequestId>bench</RequestId></ErrorResponse>`,
                    );
                    return;
                }
                const expiration = new Date(Date.now() + 3600_000).toISOString();
                res.end(
                    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${match![1]}</AccessKeyId><SecretAccessKey>bench-secret</SecretAccessKey><SessionToken>bench-token</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROABENCH:${sessionName}</AssumedRoleId><Arn>arn:aws:sts::${match![1]}:assumed-role/${this.roleName}/${sessionName}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></AssumeRoleResponse>`,
                );
            });
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (!server) return;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}
