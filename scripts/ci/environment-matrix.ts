// Builds a GitHub Actions matrix of golive's environments from `golive stacks --json` (stdin), so no
// workflow names an environment. Usage:
//   npx golive stacks --json | node -r ./lib/runtime/register-ts.js scripts/ci/environment-matrix.ts [--order "a b"] [--require-order]
// Prints {"include":[{"environment":"staging","variable":"STAGING"},...]} on one line: `variable` is the
// suffix of the per-environment repository variables (AWS_PLAN_ROLE_ARN_<variable>).
// --order: the promotion order (the repository variable GOLIVE_PROMOTION_ORDER, names separated by
// spaces or commas); it must name every synthesized environment and no other. --require-order: with
// more than one environment and no order, refuse (a deploy must know which environment goes first).
// Exit 0 printed, 1 refused (one line on stderr).
import { readFileSync } from "node:fs";
import { runEnvironmentMatrix } from "./matrix";

const result = runEnvironmentMatrix(process.argv.slice(2), () => readFileSync(0, "utf8"));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
