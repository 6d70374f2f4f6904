import type { PolicyStatement } from "../../core/iam";
import { keyAliased } from "./kms-actions";
import type { CiScope } from "./scope";

// The KMS denies of the deploy and admin-deploy roles that keep the keys they administer from becoming
// keys they use (policies.ts puts them in each role's policy).

/**
 * The ARNs of the account's existing keys, not `*` or `key/*` (where KMS is inferred to ask the tags
 * given to CreateKey, below): key IDs hold a dash (a UUID or mrk-…).
 */
export function existingKeys(accountId: string): string {
  return `arn:aws:kms:*:${accountId}:key/*-*`;
}

/**
 * CreateSecretsKey's kms:TagResource must be on `*` (KMS authorizes tags given to CreateKey in an IAM
 * policy "that isn't restricted to particular KMS keys": developerguide/tag-permissions.html), which
 * also matches every existing key: an untagged key of someone else's, tagged app/environment, would
 * then be ManageSecretsKey's (PutKeyPolicy, DisableKey, ScheduleKeyDeletion) and so usable (KMS ABAC:
 * managing tags controls access). Tags are changed only on keys already carrying both of this
 * environment's tags, one deny per tag (conditions in one statement would AND). The deny names existing
 * keys' ARNs only (key IDs hold a dash: a UUID or mrk-…), never `*` or `key/*`.
 *
 * That this leaves CreateKey's tags alone is INFERRED, not verified against a real account: from the
 * sentence above and developerguide/manage-tags-api.html ("To add tags when creating a KMS key … At a
 * minimum, the permission must cover all KMS keys in the account and Region"), we take it that KMS authorizes the
 * TagResource implied by CreateKey against no particular key, not against the new key's ARN. The test
 * (__tests__/iam/foreign-keys.spec.ts) checks only that the deny's Resource does not match `*` or the
 * account's `key/*`. Were KMS to ask it against the new key's ARN (no tags yet), this deny would refuse
 * CreateKey with tags and the first apply of secrets-<env> would fail with AccessDenied: loud, not wider.
 */
export function tagOnlyOwnKeys(scope: CiScope): PolicyStatement[] {
  const keys = existingKeys(scope.principals.accountId);
  return (["app", "environment"] as const).map((tag) => ({
    Sid: tag === "app" ? "TagsOnlyOnThisAppsKeys" : "TagsOnlyOnThisEnvironmentsKeys",
    Effect: "Deny" as const,
    Action: "kms:TagResource",
    Resource: keys,
    Condition: { StringNotEquals: { [`aws:ResourceTag/${tag}`]: tag === "app" ? scope.app : scope.environment } },
  }));
}

/**
 * The deploy role administers the alert and SES feedback topics' keys (its stacks declare them, so it
 * may rewrite their policies) but never encrypts or decrypts with them, whatever a policy it wrote
 * says: only the publishing service uses them (topic-key-policy.ts). Found by alias, which the
 * boundary keeps on the key (GoliveKeyAliasesStay).
 */
export function noTopicKeyCrypto(scope: CiScope): PolicyStatement[] {
  if (scope.topicKeyAliases.length === 0) return [];
  const crypto = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"];
  return [{ Sid: "NoTopicKeyCrypto", Effect: "Deny", Action: crypto, Resource: "*", Condition: keyAliased(scope.topicKeyAliases) }];
}

/**
 * Neither deploying role locks a key out nor stops its rotation: a key policy put (or a key created)
 * with kms:BypassPolicyLockoutSafetyCheck may leave no principal of the account able to administer the
 * key, which only AWS Support can undo; and golive's keys (the secrets, state and topic keys, by alias)
 * rotate yearly, which their stacks never turn off. The deploy role administers the topic keys, the
 * admin-deploy role the secrets key (KMS_ADMIN_ACTIONS holds both calls).
 */
export function noKeyLockout(scope: CiScope): PolicyStatement[] {
  return [
    {
      Sid: "NoKeyPolicyLockout",
      Effect: "Deny",
      Action: ["kms:PutKeyPolicy", "kms:CreateKey"],
      Resource: "*",
      Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } },
    },
    {
      Sid: "GoliveKeysKeepRotating",
      Effect: "Deny",
      Action: "kms:DisableKeyRotation",
      Resource: "*",
      Condition: keyAliased([...scope.keyAliases, ...scope.topicKeyAliases]),
    },
  ];
}
