import type { Conditions, StringOrList } from "../../core/iam";

// KMS actions and conditions the CI role policies and the boundary share: Secrets Manager's calls for
// the caller, golive's key aliases, and the alias condition that names golive's keys.

/**
 * What Secrets Manager asks KMS for, as the caller, to encrypt a new value (CreateSecret,
 * PutSecretValue, or UpdateSecret with SecretString/SecretBinary), with whatever key the secret uses.
 */
export const SECRET_ENCRYPT_ACTIONS = ["kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"] as const;

/** `kms:ViaService` of a KMS call Secrets Manager makes for the caller, in any region. */
export const SECRETS_MANAGER_SERVICE = "secretsmanager.*.amazonaws.com";

/** A KMS call Secrets Manager makes for the caller, in any region. */
export const VIA_SECRETS_MANAGER: Conditions = { StringLike: { "kms:ViaService": SECRETS_MANAGER_SERVICE } };

export const KMS_ALIAS_ACTIONS = ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"] as const;

/**
 * What takes an alias off its key: deleting it, or pointing it at another key. The denies that keep
 * golive's keys (`keyAliased`) find them by alias, so a key whose alias is gone is no longer theirs.
 * Creating the alias (the first apply of the stack declaring the key) is not among them.
 */
export const KMS_ALIAS_REMOVALS = ["kms:UpdateAlias", "kms:DeleteAlias"] as const;

/** Limits a statement to the KMS keys that carry one of these aliases. */
export function keyAliased(aliases: readonly string[]): Record<string, Record<string, StringOrList>> {
  return { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [...aliases] } };
}
