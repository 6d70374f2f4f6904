import { resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { bool, str } from "../../../core/readiness/values";

export const secretsEncrypted: Rule = {
  id: "GL-SEC-001",
  title: "Secrets are encrypted with a customer-managed KMS key that rotates",
  severity: "blocker",
  row: "secrets",
  explanation:
    "With the AWS-managed default key anyone with secretsmanager:GetSecretValue in the account can read every secret; a customer-managed key adds a key policy as a second gate and a kill switch.",
  fix: "Give each aws_secretsmanager_secret a kms_key_id from the secrets stack's aws_kms_key, and keep enable_key_rotation = true on the key.",
  check({ env }) {
    const secrets = env.ofType("aws_secretsmanager_secret");
    if (secrets.length === 0) return notApplicable("no Secrets Manager secret in this environment");
    const findings: Finding[] = [];
    for (const s of secrets) {
      const key = str(s.attrs.kms_key_id) ?? "";
      if (key === "" || /alias\/aws\/secretsmanager/.test(key))
        findings.push(resourceFinding(s, "kms_key_id is not set to a customer-managed key, so the AWS-managed default key encrypts it"));
    }
    for (const k of env.ofType("aws_kms_key")) {
      if (bool(k.attrs.enable_key_rotation) !== true) findings.push(resourceFinding(k, "enable_key_rotation is not true"));
    }
    return outcome(findings);
  },
};
