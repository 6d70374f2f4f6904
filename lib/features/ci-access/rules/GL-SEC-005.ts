import { policyStatements } from "../../../core/readiness/iam";
import { envFinding, resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";

const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";

export const oidcDeployRole: Rule = {
  id: "GL-SEC-005",
  title: "Deploys assume an OIDC role limited by subject (no long-lived CI keys)",
  severity: "blocker",
  row: "secrets",
  explanation:
    "CI that deploys with an OIDC-federated role has no key to leak; the `sub` condition pins the role to one repository and branch or environment, so no other repository on the same identity provider can assume it.",
  fix: "Declare aws_iam_openid_connect_provider for token.actions.githubusercontent.com and a deploy role whose trust policy allows sts:AssumeRoleWithWebIdentity only with a `...:sub` condition naming the repository.",
  check({ env }) {
    if (!env.hasTypePrefix("aws_")) return notApplicable("no AWS resource in this environment");
    const providers = [...env.ofType("aws_iam_openid_connect_provider"), ...env.dataOfType("aws_iam_openid_connect_provider")];
    const findings: Finding[] = [];
    if (providers.length === 0)
      findings.push(envFinding(env, "no aws_iam_openid_connect_provider is declared (or read) for CI", "secrets"));
    let pinned = 0;
    for (const role of env.ofType("aws_iam_role")) {
      const statements = policyStatements(env, role.attrs.assume_role_policy) ?? [];
      for (const s of statements.filter((x) => x.effect === "Allow" && x.actions.includes(WEB_IDENTITY))) {
        const sub = s.conditions.filter((c) => c.variable.endsWith(":sub"));
        const broad = sub.length === 0 || sub.some((c) => c.values.some((v) => v === "*" || /^repo:\*/.test(v)));
        if (broad)
          findings.push(
            resourceFinding(role, "the trust policy allows sts:AssumeRoleWithWebIdentity without a `:sub` condition naming the repository"),
          );
        else pinned += 1;
      }
    }
    if (pinned === 0 && providers.length > 0)
      findings.push(envFinding(env, "no aws_iam_role trusts the OIDC provider with a `:sub` condition", "secrets"));
    return outcome(findings);
  },
};
