/** IAM policy documents as plain data: built by pure functions, rendered with JSON.stringify. */

export type StringOrList = string | readonly string[];

export interface Principal {
  readonly AWS?: StringOrList;
  readonly Service?: StringOrList;
  readonly Federated?: string;
}

export type Conditions = Readonly<Record<string, Readonly<Record<string, StringOrList>>>>;

interface StatementBase {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal | "*";
  readonly Resource?: StringOrList;
  /** Every resource but these (a Deny that leaves an allow-list open). */
  readonly NotResource?: StringOrList;
  readonly Condition?: Conditions;
}

/** A statement names its actions, or (a Deny only, in golive) every action but some. */
export type PolicyStatement =
  | (StatementBase & { readonly Action: StringOrList; readonly NotAction?: undefined })
  | (StatementBase & { readonly NotAction: StringOrList; readonly Action?: undefined });

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

/**
 * The account as a principal. In a key or resource policy it delegates to IAM: any principal of the
 * account whose identity policies allow the action (unless a condition narrows it).
 */
export function accountRootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function roleArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:role/${name}`;
}

export function managedPolicyArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:policy/${name}`;
}

/**
 * Only these principals, by `aws:PrincipalArn` (the role, whatever the session; `...:root` is the
 * account's root user). A condition, not a Principal element, because a key or bucket policy may
 * name a role that does not exist yet (the bootstrap stack is applied before the CI roles exist,
 * and KMS and S3 refuse a Principal that does not exist).
 */
export function principalIn(arns: readonly string[]): Conditions {
  return { ArnEquals: { "aws:PrincipalArn": unique(arns) } };
}

/** Every principal but these, by `aws:PrincipalArn`: the condition of a Deny that leaves a list open. */
export function principalNotIn(arns: readonly string[]): Conditions {
  return { ArnNotEquals: { "aws:PrincipalArn": unique(arns) } };
}

/** Distinct values in first-seen order. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
