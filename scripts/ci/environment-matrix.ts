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
import { isRecord } from "../../lib/core/json";
import { environmentMatrix, MatrixError } from "./matrix";

function parse(argv: readonly string[]): { order: string; requireOrder: boolean } {
  let order = "";
  let requireOrder = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--order") order = argv[++i] ?? "";
    else if (arg === "--require-order") requireOrder = true;
    else throw new MatrixError(`unknown argument ${JSON.stringify(arg)} (allowed: --order LIST, --require-order)`);
  }
  return { order, requireOrder };
}

try {
  const { order, requireOrder } = parse(process.argv.slice(2));
  const listed: unknown = JSON.parse(readFileSync(0, "utf8"));
  const environments = (Array.isArray(listed) ? listed : []).flatMap((s) =>
    isRecord(s) && typeof s.environment === "string" ? [s.environment] : [],
  );
  process.stdout.write(`${JSON.stringify(environmentMatrix(environments, order, requireOrder))}\n`);
} catch (err) {
  if (!(err instanceof MatrixError) && !(err instanceof SyntaxError)) throw err;
  process.stderr.write(
    `environment-matrix: ${err instanceof SyntaxError ? `stdin is not golive stacks --json output: ${err.message}` : err.message}\n`,
  );
  process.exit(1);
}
