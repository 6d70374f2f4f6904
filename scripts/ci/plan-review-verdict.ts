// pr-review.yml: the verdict of the review on the pull request's head commit, as JSON for the step that
// sets the commit status golive/plan-review and the labels. Usage:
//   node -r ./lib/runtime/register-ts.js scripts/ci/plan-review-verdict.ts --commit SHA --report REPORT.json \
//     --failed-steps FILE --labels JSON [--approvals APPROVALS.json] --output VERDICT.json
// REPORT.json: `golive plan-report --json` (absent: no report was written); FILE: failed steps, one a
// line; JSON: the pull request's label names; APPROVALS.json: the pull request's reviews, their
// authors' access and its branch's pushes, from the API (approvals.ts; absent: not known, no flag is
// accepted). Writes {"state","description","add","remove"}. Exit 0, 2 usage.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { reviewVerdict } from "./review-verdict";
import { parseApprovals } from "./approvals";

const args = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
};
const [commit, report, steps, labels, output, approvals] = [
  "--commit",
  "--report",
  "--failed-steps",
  "--labels",
  "--output",
  "--approvals",
].map(value);
let labelNames: unknown;
try {
  labelNames = JSON.parse(labels ?? "");
} catch {
  labelNames = undefined;
}
if (commit === undefined || report === undefined || steps === undefined || output === undefined || !Array.isArray(labelNames)) {
  process.stderr.write(
    "usage: plan-review-verdict.ts --commit SHA --report FILE --failed-steps FILE --labels JSON-ARRAY [--approvals FILE] --output FILE\n",
  );
  process.exit(2);
}
const verdict = reviewVerdict({
  commit,
  report: existsSync(report) ? readFileSync(report, "utf8") : undefined,
  failedSteps: existsSync(steps)
    ? readFileSync(steps, "utf8")
        .split("\n")
        .filter((l) => l.trim().length > 0)
    : ["review (failed steps unknown)"],
  labels: labelNames.filter((l): l is string => typeof l === "string"),
  approvals: approvals !== undefined && existsSync(approvals) ? parseApprovals(readFileSync(approvals, "utf8")) : undefined,
});
writeFileSync(output, `${JSON.stringify(verdict)}\n`);
process.stdout.write(`golive/plan-review: ${verdict.state}: ${verdict.description}\n`);
