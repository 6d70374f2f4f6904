import {
  accountRootArn,
  type Conditions,
  denyInsecureTransport,
  policyDocument,
  type PolicyDocument,
  type PolicyStatement,
  principalIn,
  principalNotIn,
  unique,
} from "../../core/iam";

/** What anyone the account's IAM allows may do with a key: look at it (plans read the policy and rotation). */
export const KMS_READ_ACTIONS = ["kms:Describe*", "kms:Get*", "kms:List*"] as const;

/**
 * Administering a key, spelled out: no `kms:Create*` (it holds `kms:CreateGrant`, which hands out
 * decrypt), no `kms:Put*` wildcard, no crypto (`Decrypt`, `Encrypt`, `GenerateDataKey*`, `ReEncrypt*`),
 * no `ReplicateKey` (a replica gets a policy of its own). `PutKeyPolicy` is here: whoever may
 * administer a key may rewrite its policy, which is why key policies name their administrators.
 */
export const KMS_ADMIN_ACTIONS = [
  "kms:PutKeyPolicy",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:EnableKeyRotation",
  "kms:DisableKeyRotation",
  "kms:RotateKeyOnDemand",
  "kms:UpdateKeyDescription",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:CreateAlias",
  "kms:UpdateAlias",
  "kms:DeleteAlias",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
] as const;

/** Key actions no golive role may take on golive's keys, whatever its identity policy says. */
export const KMS_PROTECTED_ACTIONS = [...KMS_ADMIN_ACTIONS, "kms:CreateGrant", "kms:ReplicateKey", "kms:UpdatePrimaryRegion"] as const;

export const SECRET_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] as const;
export const SECRET_WRITE_ACTIONS = ["secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret"] as const;
/** Every way to read a value. */
export const SECRET_VALUE_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"] as const;
/** What a rotation function does with its secret (AWS rotation template permissions). */
export const SECRET_ROTATE_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:DescribeSecret",
  "secretsmanager:UpdateSecretVersionStage",
] as const;
/**
 * Changing who can read a secret, or where its value is encrypted or copied to: the policy, the key
 * (UpdateSecret), replicas in other regions (each under a key of the caller's choosing), deletion.
 */
export const SECRET_MANAGEMENT_ACTIONS = [
  "secretsmanager:PutResourcePolicy",
  "secretsmanager:DeleteResourcePolicy",
  "secretsmanager:UpdateSecret",
  "secretsmanager:DeleteSecret",
  "secretsmanager:ReplicateSecretToRegions",
  "secretsmanager:RemoveRegionsFromReplication",
  "secretsmanager:StopReplicationToReplica",
] as const;

export function viaSecretsManager(region: string): Record<string, Record<string, string>> {
  return { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } };
}

/**
 * The condition of a Deny that keeps a protected resource's administration to its managers: every
 * principal but the named ones, or (nobody named) golive's own roles but the exceptions.
 */
export function notAManager(managers: readonly string[] | undefined, goliveRoles: string, exceptions: readonly string[] = []): Conditions {
  if (managers) return principalNotIn(managers);
  return { ArnLike: { "aws:PrincipalArn": goliveRoles }, ...(exceptions.length > 0 ? principalNotIn(exceptions) : {}) };
}

export interface KeyAdministrationInput {
  readonly accountId: string;
  /** Who administers the key (`managersOf`); undefined: the account's IAM principals, but golive's roles. */
  readonly managers: readonly string[] | undefined;
  /** `role/<app>-<env>-*`. */
  readonly goliveRoles: string;
  /** golive roles that do administer this key (the admin-deploy role for the secrets key). */
  readonly goliveAdministrators: readonly string[];
}

/**
 * The administration half of a key policy. The account (root) may look at the key; administering
 * it is for the named managers, or, with nobody named, for the account's IAM principals as before.
 * No statement gives the account `kms:Decrypt` or `kms:CreateGrant`: "administer but not use"
 * holds, and golive's own roles (PowerUserAccess holds `kms:*`) are explicitly denied administration
 * and grants.
 */
export function keyAdministrationStatements(input: KeyAdministrationInput): PolicyStatement[] {
  const root = { AWS: accountRootArn(input.accountId) };
  return [
    { Sid: "KeyAdministration", Effect: "Allow", Principal: root, Action: [...KMS_READ_ACTIONS], Resource: "*" },
    {
      Sid: "KeyAdministrators",
      Effect: "Allow",
      Principal: root,
      Action: [...KMS_ADMIN_ACTIONS],
      Resource: "*",
      ...(input.managers ? { Condition: principalIn(input.managers) } : {}),
    },
    {
      Sid: "NoKeyAdministrationByGoliveRoles",
      Effect: "Deny",
      Principal: "*",
      Action: [...KMS_PROTECTED_ACTIONS],
      Resource: "*",
      Condition: notAManager(undefined, input.goliveRoles, input.goliveAdministrators),
    },
  ];
}

export interface SecretsKeyPolicyInput extends KeyAdministrationInput {
  readonly region: string;
  /** Runtime roles: decrypt only, and only through Secrets Manager. */
  readonly readerArns: readonly string[];
  /** Operators and rotation functions: encrypt new versions and decrypt, only through Secrets Manager. */
  readonly writerArns: readonly string[];
  /**
   * Who reads alert-webhook URLs kept in these secrets at deploy time (the deploy role,
   * administrators), by `aws:PrincipalArn`: they live in another stack. @default []
   */
  readonly deployReaderArns?: readonly string[];
}

/**
 * Key policy naming who may use the key: runtime roles decrypt, writers and rotation functions also
 * encrypt, all only through Secrets Manager in the region; the deploy role decrypts only when it
 * must read an alert webhook URL.
 */
export function secretsKeyPolicy(input: SecretsKeyPolicyInput): PolicyDocument {
  const via = viaSecretsManager(input.region);
  const deployReaders = input.deployReaderArns ?? [];
  const statements: PolicyStatement[] = [
    ...keyAdministrationStatements(input),
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
    ...(deployReaders.length > 0
      ? [
          {
            Sid: "DeployReadsWebhookUrls",
            Effect: "Allow" as const,
            Principal: { AWS: accountRootArn(input.accountId) },
            Action: ["kms:Decrypt", "kms:DescribeKey"],
            Resource: "*",
            Condition: { ...via, ...principalIn(deployReaders) },
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
  /** Readers by `aws:PrincipalArn` only (the deploy role for an alert webhook URL; its identity policy allows it). @default [] */
  readonly extraReaderArns?: readonly string[];
  /** Who may change the secret's policy, key and replicas (`managersOf`); undefined: IAM, but golive's roles. */
  readonly managers: readonly string[] | undefined;
  readonly goliveRoles: string;
  /** golive roles that manage secrets (the admin-deploy role). */
  readonly goliveAdministrators: readonly string[];
}

/**
 * Resource policy of one secret. Allows alone would not stop other principals of the account whose
 * identity policies grant GetSecretValue (PowerUserAccess does), so the reader list is enforced
 * with an explicit deny for every other principal, and so is the list of who may change the policy
 * itself; plain-HTTP calls are denied outright.
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
      Condition: { StringNotEquals: { "aws:PrincipalArn": unique([...input.readerArns, ...rotation, ...(input.extraReaderArns ?? [])]) } },
    },
    {
      Sid: "DenyPolicyChangesByOthers",
      Effect: "Deny",
      Principal: "*",
      Action: [...SECRET_MANAGEMENT_ACTIONS],
      Resource: "*",
      Condition: notAManager(input.managers, input.goliveRoles, input.goliveAdministrators),
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
