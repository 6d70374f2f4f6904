import type { ChangeView } from "../../core/plan/changes";
import { policyWidenings } from "../../core/plan/policy";
import { settingOverwrites } from "../../core/plan/setting-overwrites";
import { UNKNOWN } from "../../core/plan/values";
import { bool } from "../../core/json";
import { afterOf, at, computedPolicyCheck, isTemplate, items, num, type RiskRule, shownNumber, str } from "../../platform/risks";

/** Whose policy a change holds, for the flag: the key or secret it guards. */
function policyOwner(change: ChangeView, after: unknown): string {
  const [kind, name] =
    change.type === "aws_kms_key"
      ? ["KMS key", at(after, "description")]
      : change.type === "aws_kms_key_policy"
        ? ["KMS key", at(after, "key_id")]
        : ["secret", at(after, change.type === "aws_secretsmanager_secret" ? "name" : "secret_arn")];
  return `${kind} ${str(name) ?? change.address}`;
}

/**
 * A KMS grant gives its grantee the operations it lists on the key as a key policy statement would,
 * without appearing in the key policy (AWS KMS: grants). golive declares none, so every new one (a
 * grant's arguments all force a new grant) is a principal newly granted the key.
 */
function kmsGrantAdded(change: ChangeView, after: unknown): string[] {
  if (change.kind !== "create" && change.kind !== "replace") return [];
  const shown = (v: unknown) => (v === UNKNOWN ? "(known after apply)" : (str(v) ?? "(unset)"));
  const operations = items(at(after, "operations")).map(shown).join(", ") || shown(at(after, "operations"));
  const name = str(at(after, "name"));
  return [
    `KMS key ${shown(at(after, "key_id"))}: ${change.kind === "create" ? "new" : "replaced"} grant${name ? ` ${name}` : ""} gives ${shown(at(after, "grantee_principal"))} ${operations} (outside the key policy)`,
  ];
}

/** Protections a key or secret policy keeps besides its statements, by type: true is the safe value. */
const PROTECTIONS: Readonly<Record<string, readonly [string, string]>> = {
  // Secrets Manager refuses a policy that grants public access while it is true (PutResourcePolicy).
  aws_secretsmanager_secret_policy: ["block_public_policy", "a policy opening the secret to anyone is accepted"],
  // Rotation bounds how long leaked key material decrypts new data.
  aws_kms_key: ["enable_key_rotation", "the key material is never rotated"],
};

/** A protection that was true and is now false, unset (false to the provider) or an expression; unknown is not judged. */
function protectionLowered(change: ChangeView, after: unknown): string[] {
  const [attr, consequence] = PROTECTIONS[change.type] ?? [];
  if (attr === undefined || change.kind === "create" || bool(at(change.before, attr)) !== true) return [];
  const now = at(after, attr);
  if (now === UNKNOWN || bool(now) === true) return [];
  const shown = isTemplate(now) ? `set by the expression ${now}` : `true -> ${bool(now) === false ? "false" : "(unset)"}`;
  return [`${policyOwner(change, after)}: ${attr} ${shown}: ${consequence}`];
}

function grantWidened(change: ChangeView): string[] {
  const after = afterOf(change);
  if (after === null) return [];
  if (change.type === "aws_kms_grant") return kmsGrantAdded(change, after);
  const lowered = protectionLowered(change, after);
  const before = change.kind === "create" ? undefined : at(change.before, "policy");
  const computed = COMPUTED_POLICY_TYPES.includes(change.type);
  return [...lowered, ...policyWidenings(before, at(after, "policy"), `${policyOwner(change, after)} policy`, { computed })];
}

/** Types whose `policy` the provider computes when the configuration sets none (computedPolicyCheck). */
const COMPUTED_POLICY_TYPES = ["aws_kms_key", "aws_secretsmanager_secret"];

const computedPolicies = computedPolicyCheck(COMPUTED_POLICY_TYPES, (change) => `${policyOwner(change, afterOf(change))} policy`);
// PutKeyPolicy replaces the key's policy: a new aws_kms_key_policy of a key another one holds overwrites
// that policy, read against it (setting-overwrites.ts).
const keyPolicyOverwrites = settingOverwrites(["aws_kms_key_policy"], grantWidened);

export const secretGrantWidened: RiskRule = {
  id: "secret-grant-widened",
  title: "Key or secret policy grants more",
  explanation:
    "The key and secret policies are the last word on who reads secrets: a new principal or account there, or a condition lifted (kms:ViaService, a source account or VPC), reads every value; so does a KMS grant (aws_kms_grant) giving a principal Decrypt on the key outside its policy, and a secret policy's block_public_policy or a key's enable_key_rotation turned off lowers what guards them; a new aws_kms_key_policy of a key another aws_kms_key_policy holds replaces that policy while that resource plans no change.",
  // aws_secretsmanager_secret: its `policy` argument sets the same resource policy inline (provider docs).
  types: ["aws_kms_key", "aws_kms_key_policy", "aws_secretsmanager_secret_policy", "aws_secretsmanager_secret", "aws_kms_grant"],
  check: grantWidened,
  checkPlan: (plan) => [...computedPolicies(plan), ...keyPolicyOverwrites(plan)],
};

/** AWS's default recovery window, what a secret created without one gets. */
const DEFAULT_RECOVERY_DAYS = 30;

function recoveryShortened(change: ChangeView): string[] {
  if (change.kind !== "update" && change.kind !== "create") return [];
  const before =
    change.kind === "create" ? DEFAULT_RECOVERY_DAYS : (num(at(change.before, "recovery_window_in_days")) ?? DEFAULT_RECOVERY_DAYS);
  const after = num(at(change.after, "recovery_window_in_days"));
  // A new secret is flagged at 0 only: a shorter window than the default is a choice, no deletion is final.
  if (after === undefined || after >= before || (change.kind === "create" && after !== 0)) return [];
  const name = str(at(change.after, "name")) ?? change.address;
  const [was, now] = [
    shownNumber(change, "before", "recovery_window_in_days", before),
    shownNumber(change, "after", "recovery_window_in_days", after),
  ];
  const window = change.kind === "create" ? `created with recovery_window_in_days ${now}` : `recovery_window_in_days ${was} -> ${now}`;
  return [`secret ${name}: ${window}${after === 0 ? " (a deletion would be immediate and final)" : ""}`];
}

export const recoveryWindowShortened: RiskRule = {
  id: "recovery-window-shortened",
  title: "Secret recovery window shortened",
  explanation: "The recovery window is the undo of a deleted secret; at 0 a mistaken delete is final, also for a secret created with 0.",
  types: ["aws_secretsmanager_secret"],
  check: recoveryShortened,
};
