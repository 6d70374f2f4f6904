import { deniesInsecureTransport, policyStatements } from "../../../core/readiness/iam";
import { indexByReference, resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";

export const secretsPolicy: Rule = {
  id: "GL-SEC-003",
  title: "Every secret has a resource policy that denies non-TLS access",
  severity: "blocker",
  row: "secrets",
  explanation:
    "A resource policy on the secret limits who may read it independently of identity policies, and denying aws:SecureTransport = false keeps the value off unencrypted connections.",
  fix: "Declare aws_secretsmanager_secret_policy for each secret with a Deny statement on aws:SecureTransport = false (the secrets stack does).",
  check({ env }) {
    const secrets = env.ofType("aws_secretsmanager_secret");
    if (secrets.length === 0) return notApplicable("no Secrets Manager secret in this environment");
    const policies = indexByReference(env.ofType("aws_secretsmanager_secret_policy"), (p) => p.attrs.secret_arn);
    const findings: Finding[] = [];
    for (const s of secrets) {
      const own = policies.get(s.address) ?? [];
      if (own.length === 0) {
        findings.push(resourceFinding(s, "no aws_secretsmanager_secret_policy restricts this secret"));
        continue;
      }
      for (const p of own) {
        const statements = policyStatements(env, p.attrs.policy);
        if (statements === undefined)
          findings.push(resourceFinding(p, "the policy cannot be read at synth time (use a JSON string or data.aws_iam_policy_document)"));
        else if (!deniesInsecureTransport(statements))
          findings.push(resourceFinding(p, "the policy has no Deny statement for aws:SecureTransport = false"));
      }
    }
    return outcome(findings);
  },
};
