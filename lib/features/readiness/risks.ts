import type { ChangeView } from "../../core/plan/changes";
import { at, num, removes, type RiskRule, str } from "../../platform/risks";

function secretDeletions(change: ChangeView): string[] {
  const name = str(at(change.before, "name")) ?? change.address;
  if (change.type === "aws_secretsmanager_secret") {
    if (!removes(change)) return [];
    const days = num(at(change.before, "recovery_window_in_days")) ?? 30;
    return [
      days === 0
        ? `secret ${name} deleted immediately (recovery_window_in_days = 0): no recovery`
        : `secret ${name} scheduled for deletion (recoverable for ${days} days)`,
    ];
  }
  const window = num(at(change.before, "deletion_window_in_days")) ?? 30;
  const keyName = str(at(change.before, "description")) ?? change.address;
  if (removes(change)) return [`KMS key ${keyName} scheduled for deletion in ${window} days: data it encrypts becomes unreadable`];
  const after = num(at(change.after, "deletion_window_in_days"));
  const out: string[] = [];
  if (after !== undefined && after < window) out.push(`KMS key ${keyName}: deletion_window_in_days ${window} -> ${after}`);
  if (at(change.before, "is_enabled") !== false && at(change.after, "is_enabled") === false) out.push(`KMS key ${keyName} disabled`);
  return out;
}

export const deletionScheduled: RiskRule = {
  id: "deletion-scheduled",
  title: "Secret or KMS key scheduled for deletion",
  explanation: "Secrets and keys are protected: deleting one breaks every reader; a KMS key takes its data with it.",
  types: ["aws_secretsmanager_secret", "aws_kms_key"],
  check: secretDeletions,
};

/** Resources whose loss is an outage or data loss (secrets and KMS keys: deletionScheduled). */
const PROTECTED: Readonly<Record<string, string>> = {
  cloudflare_zone: "the zone: every DNS record, setting and rule of the domain",
  cloudflare_zone_dnssec: "DNSSEC: resolvers may fail the domain until the DS record matches",
  aws_s3_bucket: "an S3 bucket (Terraform state lives in one)",
  aws_dynamodb_table: "a DynamoDB table (state locks live in one)",
};

function protectedDestroys(change: ChangeView): string[] {
  const what = PROTECTED[change.type];
  if (what === undefined) return [];
  if (removes(change)) {
    const name = str(at(change.before, "name")) ?? str(at(change.before, "bucket")) ?? change.address;
    // A deposed object is the old object of a failed create_before_destroy replacement: its destroy
    // loses what it holds all the same, but the object in use stays.
    const how =
      change.deposed !== undefined
        ? "deposed object destroyed (left over from a partially failed replacement; the current object stays)"
        : change.kind === "replace"
          ? "replaced (destroyed first or after)"
          : "destroyed";
    return [`${how}: ${name}: ${what}`];
  }
  if (
    change.type === "cloudflare_zone_dnssec" &&
    str(at(change.before, "status")) === "active" &&
    typeof at(change.after, "status") === "string" &&
    str(at(change.after, "status")) !== "active"
  ) {
    return [`DNSSEC status active -> ${str(at(change.after, "status"))}`];
  }
  return [];
}

export const protectedDestroyed: RiskRule = {
  id: "protected-destroyed",
  title: "Protected resource destroyed",
  explanation: "golive marks these prevent_destroy; a plan that destroys one will fail or, if the guard was removed, lose the resource.",
  types: Object.keys(PROTECTED),
  check: protectedDestroys,
};
