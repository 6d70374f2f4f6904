import type { PolicyStatement } from "../../core/iam";
import { keyAliased } from "./kms-actions";
import type { CiScope } from "./scope";

// The KMS denies of the deploy and admin-deploy roles that keep the keys they administer from becoming
// keys they use (policies.ts puts them in each role's policy).

/**
 * CreateSecretsKey's kms:TagResource must be on `*` (KMS authorizes tags given to CreateKey in an IAM
 * policy "that isn't restricted to particular KMS keys": developerguide/tag-permissions.html), which
 * also matches every existing key: an untagged key of someone else's, tagged app/environment, would
 * then be ManageSecretsKey's (PutKeyPolicy, DisableKey, ScheduleKeyDeletion) and so usable (KMS ABAC:
 * managing tags controls access). Tags are changed only on keys already carrying both of this
 * environment's tags, one deny per tag (conditions in one statement would AND). The resource is an
 * existing key's ARN (key IDs hold a dash: a UUID or mrk-…), never the request at CreateKey, whose
 * denial names no key ("no identity-based policy allows the kms:TagResource action").
 */
export function tagOnlyOwnKeys(scope: CiScope): PolicyStatement[] {
  const keys = `arn:aws:kms:*:${scope.principals.accountId}:key/*-*`;
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
