// Builds a GitHub Actions matrix of golive's environments from `golive stacks --json` (stdin), so no
// workflow names an environment. Usage:
//   npx golive stacks --json | node -r ./lib/runtime/register-ts.js scripts/ci/environment-matrix.ts [--require-order] \
//     [--require-remote-state]
// Prints {"include":[{"environment":"staging","variable":"STAGING"},...]} on one line: `variable` is the
// suffix of the per-environment repository variables (AWS_PLAN_ROLE_ARN_<variable>).
// --require-order (the deploy): the environments in promotion order, from each one's
// `secrets.github.deployAfter` as `golive stacks --json` lists it (reviewed config, not a repository
// setting): the one without it first, then each one deployed after the one before. With more than one
// environment anything but one such chain is refused, naming the field to set in config/<env>.yaml.
// Without it (drift): as listed.
// --require-remote-state (deploy, drift, pull requests): refuses an environment of which a stack a CI role
// applies (appliedBy deploy or admin-deploy) keeps local state (`backend` local or none): a runner's
// checkout has no state file, so its plan would start from empty state. Exit 0 printed, 1 refused (one
// line on stderr).
import { readFileSync } from "node:fs";
import { runEnvironmentMatrix } from "./matrix";

const result = runEnvironmentMatrix(process.argv.slice(2), () => readFileSync(0, "utf8"));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
