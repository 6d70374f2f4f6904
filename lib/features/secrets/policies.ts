import { accountRootArn, denyInsecureTransport, policyDocument, type PolicyDocument, type PolicyStatement, unique } from "../../core/iam";

/** Administrative KMS actions: manage the key, never use it to encrypt or decrypt. */
export const KMS_ADMIN_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
] as const;

export const SECRET_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] as const;
export const SECRET_WRITE_ACTIONS = ["secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret"] as const;
/** What a rotation function does with its secret (AWS rotation template permissions). */
export const SECRET_ROTATE_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:DescribeSecret",
  "secretsmanager:UpdateSecretVersionStage",
] as const;

export interface SecretsKeyPolicyInput {
  readonly accountId: string;
  readonly region: string;
  /** Runtime roles: decrypt only, and only through Secrets Manager. */
  readonly readerArns: readonly string[];
  /** Operators and rotation functions: encrypt new versions and decrypt, only through Secrets Manager. */
  readonly writerArns: readonly string[];
}

export function viaSecretsManager(region: string): Record<string, Record<string, string>> {
  return { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } };
}

/**
 * Key policy naming who may use the key. The account root gets key administration only, so IAM
 * admins can repair the policy but no identity policy alone grants decrypt; use is limited to the
 * named readers and writers, through Secrets Manager in this region.
 */
export function secretsKeyPolicy(input: SecretsKeyPolicyInput): PolicyDocument {
  const via = viaSecretsManager(input.region);
  const statements: PolicyStatement[] = [
    {
      Sid: "KeyAdministration",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(input.accountId) },
      Action: [...KMS_ADMIN_ACTIONS],
      Resource: "*",
    },
    ...(input.readerArns.length > 0
      ? [
          {
            Sid: "SecretReadersDecrypt",
            Effect: "Allow" as const,
            Principal: { AWS: unique(input.readerArns) },
            Action: ["kms:Decrypt", "kms:DescribeKey"],
            Resource: "*",
            Condition: via,
          },
        ]
      : []),
    {
      Sid: "SecretWritersEncrypt",
      Effect: "Allow",
      Principal: { AWS: unique(input.writerArns) },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: via,
    },
  ];
  return policyDocument(statements);
}

export interface SecretResourcePolicyInput {
  readonly readerArns: readonly string[];
  readonly writerArns: readonly string[];
  /** The rotation function's role, when rotation is automatic. */
  readonly rotationRoleArn?: string;
}

/**
 * Resource policy of one secret. Allows alone would not stop other principals of the account whose
 * identity policies grant GetSecretValue (PowerUserAccess does), so the reader list is enforced
 * with an explicit deny for every other principal; plain-HTTP calls are denied outright.
 */
export function secretResourcePolicy(input: SecretResourcePolicyInput): PolicyDocument {
  const rotation = input.rotationRoleArn ? [input.rotationRoleArn] : [];
  const statements: PolicyStatement[] = [
    { Sid: "AllowReaders", Effect: "Allow", Principal: { AWS: unique(input.readerArns) }, Action: [...SECRET_READ_ACTIONS], Resource: "*" },
    {
      Sid: "AllowWriters",
      Effect: "Allow",
      Principal: { AWS: unique(input.writerArns) },
      Action: [...SECRET_WRITE_ACTIONS],
      Resource: "*",
    },
    ...(input.rotationRoleArn
      ? [
          {
            Sid: "AllowRotation",
            Effect: "Allow" as const,
            Principal: { AWS: input.rotationRoleArn },
            Action: [...SECRET_ROTATE_ACTIONS],
            Resource: "*",
          },
        ]
      : []),
    {
      Sid: "DenyOtherReaders",
      Effect: "Deny",
      Principal: "*",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:PrincipalArn": unique([...input.readerArns, ...rotation]) } },
    },
    denyInsecureTransport("secretsmanager:*"),
  ];
  return policyDocument(statements);
}

/** Identity policy of a runtime role: read exactly its own secrets, decrypt through Secrets Manager only. */
export function runtimeRolePolicy(region: string, secretArns: readonly string[], keyArn: string): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "ReadOwnSecrets", Effect: "Allow", Action: [...SECRET_READ_ACTIONS], Resource: [...secretArns] },
    { Sid: "DecryptOwnSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn, Condition: viaSecretsManager(region) },
  ];
  return policyDocument(statements);
}

/** Trust policy of a role assumed by an AWS service (ECS tasks, Lambda). */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return policyDocument([{ Sid: "AssumedByService", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}
