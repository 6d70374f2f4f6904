import { notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { ciDeploy } from "../ci-deployed";

/**
 * A config rule: the state section decides every stack's backend, and the workflows refuse by it
 * (scripts/ci/matrix.ts, `--require-remote-state`), so the scorecard says so before a push does. A
 * warning: an environment deployed by hand from one machine may keep local state.
 */
export const ciRemoteState: Rule = {
  id: "GL-SEC-008",
  title: "An environment CI deploys keeps its Terraform state in S3 or HCP Terraform, not in local files",
  severity: "warning",
  // Not a secret: the CI deploy and rollback path, and state a successor can find.
  row: "rollback-handover",
  explanation:
    "Local state is a git-ignored file on one machine. A CI runner's checkout has none, so its plan starts from empty state and its apply would create again what exists (a zone fails, Route 53 health checks are duplicated, SNS topics orphaned) and throw the new state away: the deploy, drift and pull-request workflows refuse such an environment.",
  fix: "Set state.backend: s3 (with its bootstrap stack; docs/state.md, which also moves the existing local state) or cloud before deploying from CI, or remove secrets.github to deploy by hand only.",
  check({ config }) {
    const ci = ciDeploy(config);
    if (!ci.deployed) return notApplicable(ci.why);
    const { app, file } = ci.config;
    if (app.state !== undefined && app.state.backend !== "local") return outcome([]);
    const given = app.state === undefined ? "is local (no state section)" : "is local";
    return outcome([
      {
        message: `state.backend ${given} while secrets.github has CI deploy this environment: deploy.yml, drift.yml and pr.yml refuse it, because a runner has no state file, so a plan starts from empty state and an apply would create again what exists`,
        location: { kind: "config", file, path: "state.backend" },
      },
    ]);
  },
};
