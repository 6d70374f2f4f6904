import { envFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { undeployableReason } from "../state-writers";

export const onlyIntendedReaders: Rule = {
  id: "GL-SEC-007",
  title: "Only the intended principals can read a secret or a Terraform state object, and whoever applies a stack can write its state",
  severity: "blocker",
  row: "secrets",
  // A blocker when someone unintended can read secrets or state: a leak no exemption may hide.
  exemptable: false,
  explanation:
    "Every synthesized policy (identity, managed, boundary, trust, secret, key and bucket policies) is evaluated with an IAM simulator for each principal golive knows: the GitHub Actions tokens of pull requests, main, the deploy and admin environments (as whatever roles the trust policies let them assume), the runtime roles, secrets.administrators, an account administrator no policy names, the root user and another account. State holds secrets too (Access service tokens, webhook URLs), so a pull request that can read edge state, or a deploy role that can read the app's database URL, is a leak a reviewer would not see in a diff. So is a principal that can rewrite the trust of a golive role that reads them (iam:UpdateAssumeRolePolicy) or pass that role to a compute service (iam:PassRole): IAM takes no resource policy on a role, and only whoever administers the account and whoever applies the stack declaring the role are meant to. The other way round, state only the CI roles may use locks out the people who apply access-<env> by hand: its first deploy after bootstrap-<env> fails, and nobody can ever write that state again.",
  fix: "Keep each secret's readers to its `readers` (and the deploy role and administrators for an alert webhook URL) and each state object to the CI roles that plan or apply its stack and secrets.administrators: restore the trust, secret, key or bucket policy the finding names to what the secrets, access and bootstrap stacks declare. A reader via taking over a role: take iam:UpdateAssumeRolePolicy and iam:PassRole on that role out of the reader's policies. A stack nobody can deploy: name the role you apply it with in secrets.administrators.",
  check({ env, access }) {
    if (!access) return notApplicable("no secret or S3 state in this environment, or who-can-read was not evaluated");
    if (access.error !== undefined)
      return outcome([envFinding(env, `who can read secrets and state could not be evaluated: ${access.error}`, "secrets")]);
    const findings: Finding[] = access.entries.flatMap((e) => {
      const undeployable = undeployableReason(e);
      return [
        ...(e.unexpected.length > 0
          ? [
              {
                message: `${e.kind === "secret" ? `secret ${e.name}` : `state of ${e.name}`} can be read by ${e.unexpected.join(", ")}, outside its intended readers`,
                location: e.location,
              },
            ]
          : []),
        ...(undeployable !== undefined ? [{ message: `state of ${e.name}: ${undeployable}`, location: e.location }] : []),
      ];
    });
    return outcome(findings);
  },
};
