import type { ChangeView } from "../../core/plan/changes";
import { policyWidenings } from "../../core/plan/policy";
import { afterOf, at, num, type RiskRule, str } from "../../platform/risks";

function grantWidened(change: ChangeView): string[] {
  const after = afterOf(change);
  if (after === null) return [];
  const what =
    change.type === "aws_kms_key"
      ? `KMS key ${str(at(after, "description")) ?? change.address} policy`
      : change.type === "aws_kms_key_policy"
        ? `KMS key ${str(at(after, "key_id")) ?? change.address} policy`
        : `secret ${str(at(after, "secret_arn")) ?? change.address} policy`;
  const before = change.kind === "create" ? undefined : at(change.before, "policy");
  return policyWidenings(before, at(after, "policy"), what);
}

export const secretGrantWidened: RiskRule = {
  id: "secret-grant-widened",
  title: "Key or secret policy grants more",
  explanation:
    "The key and secret policies are the last word on who reads secrets: a new principal or account there, or a condition lifted (kms:ViaService, a source account or VPC), reads every value.",
  types: ["aws_kms_key", "aws_kms_key_policy", "aws_secretsmanager_secret_policy"],
  check: grantWidened,
};

function recoveryShortened(change: ChangeView): string[] {
  if (change.kind !== "update") return [];
  const before = num(at(change.before, "recovery_window_in_days")) ?? 30;
  const after = num(at(change.after, "recovery_window_in_days"));
  if (after === undefined || after >= before) return [];
  const name = str(at(change.after, "name")) ?? change.address;
  return [
    `secret ${name}: recovery_window_in_days ${before} -> ${after}${after === 0 ? " (a deletion would be immediate and final)" : ""}`,
  ];
}

export const recoveryWindowShortened: RiskRule = {
  id: "recovery-window-shortened",
  title: "Secret recovery window shortened",
  explanation: "The recovery window is the undo of a deleted secret; at 0 a mistaken delete is final.",
  types: ["aws_secretsmanager_secret"],
  check: recoveryShortened,
};
