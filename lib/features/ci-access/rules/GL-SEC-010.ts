import { attestationRule } from "../../readiness/attestation";
import { ciDeploy } from "../ci-deployed";
import { adminEnvironmentOf } from "../schema";

/**
 * The deploy and admin-deploy roles trust a token whose subject names a GitHub environment; GitHub
 * settings decide who gets one, and `golive check` cannot read them, so a person attests them.
 */
export const attestGithubEnvironments = attestationRule({
  id: "GL-SEC-010",
  item: "github-environments",
  title: "The GitHub environments CI deploys through (`<env>`, `<env>-admin`) require reviewers and allow only main",
  row: "secrets",
  explanation:
    "The deploy and admin-deploy roles trust any job whose OIDC subject is environment:<env> or environment:<env>-admin. GitHub creates an environment a job names that does not exist yet, with no protection rule, so until both exist with required reviewers and deployment branches limited to main, anyone who can push a branch can add a workflow naming <env>-admin and assume the admin-deploy role (or the deploy role through <env>), unreviewed and from any branch.",
  review:
    "In the repository's Settings > Environments, create <env> and <env>-admin (or secrets.github.adminEnvironment) before applying access-<env>, each with required reviewers and deployment branches limited to main (docs/ci.md).",
  applies({ config }) {
    const ci = ciDeploy(config);
    if (!ci.deployed) return { notApplicable: ci.why };
    const env = ci.config.app.environment;
    return { subject: `the GitHub environments ${env} and ${adminEnvironmentOf(ci.github, env)}` };
  },
});
