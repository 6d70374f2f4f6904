import { type PolicyStatement, policyStatements } from "../../../core/readiness/iam";
import { envFinding, resourceFinding } from "../../../core/readiness/model";
import type { EnvView } from "../../../core/readiness/model";
import { type EnvConfig, type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { GITHUB_OIDC_AUDIENCE } from "../model";

const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
const WILDCARD = /[*?]/;

type Condition = PolicyStatement["conditions"][number];
const isExact = (c: Condition) => c.test === "StringEquals" || (c.test === "StringLike" && !c.values.some((v) => WILDCARD.test(v)));

/**
 * What makes a web-identity trust statement too broad, or undefined when it is pinned: `sub` must name
 * exact subjects (a `repo:org/*` pattern trusts every repository of the organisation, and every branch),
 * and `aud` must be AWS's, so a token minted for another audience cannot be replayed here.
 */
function trustProblem(s: PolicyStatement): string | undefined {
  const sub = s.conditions.filter((c) => c.variable.endsWith(":sub"));
  if (sub.length === 0) return "without a `:sub` condition naming the repository";
  const wild = sub.find((c) => !isExact(c));
  if (wild) return `with a \`:sub\` pattern (${wild.test} ${wild.values.join(", ")}); allowed: StringEquals on exact subjects`;
  const aud = s.conditions.filter((c) => c.variable.endsWith(":aud"));
  if (!aud.some((c) => isExact(c) && c.values.length > 0 && c.values.every((v) => v === GITHUB_OIDC_AUDIENCE)))
    return `without an \`:aud\` condition equal to "${GITHUB_OIDC_AUDIENCE}"`;
  return undefined;
}

/**
 * No OIDC provider in the environment's stacks. Without secrets.github in config no stack holds one to
 * fix, so the finding points at the config field that makes access-<env> declare it, as the attestation
 * rules point at readiness.attestations; with it (a synth output older than the config), at access-<env>.
 */
function noProvider(env: EnvView, config: EnvConfig | undefined): Finding {
  if (config !== undefined && config.app.secrets?.github === undefined) {
    const path = config.app.secrets === undefined ? "secrets" : "secrets.github";
    return {
      message: `no CI deploy role: ${config.file} has no ${path === "secrets" ? "secrets section" : "secrets.github"} (secrets.github.repository), so no stack declares the GitHub OIDC provider or a deploy role`,
      location: { kind: "config", file: config.file, path },
    };
  }
  return envFinding(env, "no aws_iam_openid_connect_provider is declared (or read) for CI", "access");
}

/**
 * The provider may be declared (`oidcProvider: create`) or read with a data source (`existing`: another
 * environment of the account creates it); either way the checks are on the roles' trust policies, where
 * audience and subject are enforced. The provider's own settings (client_id_list, thumbprints) are not
 * checked: a data source carries none of them, and the trust's `aud` condition is what limits the audience.
 */
export const oidcDeployRole: Rule = {
  id: "GL-SEC-005",
  title: "Deploys assume an OIDC role limited by exact subject and audience (no long-lived CI keys)",
  severity: "blocker",
  row: "secrets",
  explanation:
    "CI that deploys with an OIDC-federated role has no key to leak; the `sub` condition pins the role to one repository and branch or environment (exact values: a `repo:org/*` pattern trusts every repository and branch), and the `aud` condition to AWS, so no other repository or token audience can assume it.",
  fix: "Add the secrets section to config/<env>.yaml with secrets.github.repository (<org>/<repo>) and the section's required fields (accountId, region, owner, writers, runtimeRoles): `golive init <env> --github-repository <org>/<repo> --secrets-writer-role <arn>` writes it for a new environment, and a file init wrote without them holds it as a commented template. Synthesized, access-<env> holds the GitHub OIDC provider (secrets.github.oidcProvider: existing when another environment of the AWS account creates it) and deploy roles that it lets in only with audience sts.amazonaws.com and exact subjects of that repository; a role trusting it more widely (a `:sub` pattern, no `:aud`) must be narrowed to that.",
  check({ env, config }) {
    if (!env.hasTypePrefix("aws_")) return notApplicable("no AWS resource in this environment");
    const providers = [...env.ofType("aws_iam_openid_connect_provider"), ...env.dataOfType("aws_iam_openid_connect_provider")];
    const findings: Finding[] = [];
    if (providers.length === 0) findings.push(noProvider(env, config));
    let pinned = 0;
    for (const role of env.ofType("aws_iam_role")) {
      const statements = policyStatements(env, role.attrs.assume_role_policy) ?? [];
      for (const s of statements.filter((x) => x.effect === "Allow" && x.actions.includes(WEB_IDENTITY))) {
        const problem = trustProblem(s);
        if (problem) findings.push(resourceFinding(role, `the trust policy allows sts:AssumeRoleWithWebIdentity ${problem}`));
        else pinned += 1;
      }
    }
    if (pinned === 0 && providers.length > 0)
      findings.push(envFinding(env, "no aws_iam_role trusts the OIDC provider with a `:sub` condition", "access"));
    return outcome(findings);
  },
};
