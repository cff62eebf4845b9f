// The plain shape of an IAM policy document as the builders return it: what AWS accepts as JSON.

export type StringOrList = string | string[];

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | { AWS?: StringOrList; Service?: StringOrList; Federated?: StringOrList };
    Action?: StringOrList;
    NotAction?: StringOrList;
    Resource?: StringOrList;
    NotResource?: StringOrList;
    Condition?: Record<string, Record<string, StringOrList>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** Where ARNs are built: the values every builder needs to write a correct ARN. */
export interface AwsLocation {
    /** `aws`, `aws-cn`, `aws-us-gov`. */
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    /** DNS suffix of the partition (`amazonaws.com`, `amazonaws.com.cn`), for regional service principals. */
    readonly dnsSuffix: string;
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}
