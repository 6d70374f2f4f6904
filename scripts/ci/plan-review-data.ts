// pr-review.yml: checks the pr run's data, unpacked outside the workspace, before the base branch's
// golive reads it (the pull request's code made it: it is data, never run). Usage:
//   node -r ./lib/runtime/register-ts.js scripts/ci/plan-review-data.ts DIR --commit SHA \
//     --pull-request N --conclusion C --failed-steps FILE
// Leaves in DIR only plans/<stack>.json, cdktf.out/ and config/ (regular files and folders); removes all
// of it when review-data/ names another commit or pull request than GitHub's event and API do. Writes
// to FILE the steps for `golive plan-report --failed-step`, one a line: the pr run's own failed steps
// and what is wrong with its data; one line per problem on stderr. Exit 0, 2 usage.
import { writeFileSync } from "node:fs";
import { checkReviewData } from "./review-data";

const USAGE = "usage: plan-review-data.ts DIR --commit SHA --pull-request N --conclusion C --failed-steps FILE";

function flags(argv: readonly string[]): Map<string, string> | undefined {
  const values = new Map<string, string>();
  for (let i = 1; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === undefined || value === undefined || !flag.startsWith("--")) return undefined;
    values.set(flag.slice(2), value);
  }
  return values;
}

const [dir] = process.argv.slice(2);
const given = flags(process.argv.slice(2));
const [commit, pullRequest, conclusion, out] = ["commit", "pull-request", "conclusion", "failed-steps"].map((f) => given?.get(f));
if (dir === undefined || commit === undefined || pullRequest === undefined || conclusion === undefined || out === undefined) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const data = checkReviewData(dir, { commit, pullRequest, conclusion });
for (const problem of data.problems) process.stderr.write(`plan-review-data: ${problem}\n`);
writeFileSync(out, data.failedSteps.map((s) => `${s}\n`).join(""));
process.stdout.write(`plan-review-data: ${data.failedSteps.length === 0 ? "complete" : `failed steps: ${data.failedSteps.join(", ")}`}\n`);
