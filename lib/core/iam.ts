/** IAM policy documents as plain data: built by pure functions, rendered with JSON.stringify. */

export type StringOrList = string | readonly string[];

export interface Principal {
  readonly AWS?: StringOrList;
  readonly Service?: StringOrList;
  readonly Federated?: string;
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal | "*";
  readonly Action: StringOrList;
  readonly Resource?: StringOrList;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, StringOrList>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** The rendered form a provider argument takes. Tokens inside strings survive and resolve at synth. */
export function renderPolicy(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

/** Deny every action on the resource over plain HTTP (aws:SecureTransport false). */
export function denyInsecureTransport(action: string, resource: StringOrList = "*"): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

export function accountRootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** Distinct values in first-seen order. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
