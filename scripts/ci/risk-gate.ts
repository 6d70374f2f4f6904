// The risk gate over a signed review and the pull request's approvals, both read again from GitHub:
//   node -r ./lib/runtime/register-ts.js scripts/ci/risk-gate.ts --commit SHA --flags FLAGS.json \
//     --approvals APPROVALS.json --deploy
//     (review.yml, at deploy) exit 1 with one ::error:: line when the signed review of SHA is incomplete
//     (a step failed: the line names them), or raised risk flags that no approval of SHA accepts
//     (approvals.ts): nothing is deployed
//   ... --labels JSON-ARRAY --output VERDICT.json
//     (pr-review.yml, after a review was submitted or dismissed) golive/plan-review of SHA and the
//     display label, from its signed flags and the approvals now; nothing written when there is nothing
//     to refresh
//   ... --flags FLAGS.json --flags-line
//     (review.yml) prints the signed flags line when the review raised flags (nothing otherwise): it
//     follows the digest line in review.yml's `digest` output, the flags the gate accepted
//   ... --applied-plan STACK --reviewed REVIEWED.txt --report REPORT.json [--commit SHA]
//     (deploy-environment.yml, for edge-* and monitoring-*, reviewed as a configuration diff) exit 1 with
//     one ::error:: line when the real plan's risk flags (REPORT.json: `golive plan-report --json` of it)
//     are not all flags the signed review raised on STACK (REVIEWED.txt: review.yml's `digest` output),
//     matched flag by flag: rule, address and detail (applied-plan-gate.ts)
// FLAGS.json: what `review-signature.ts verify --flags-out` wrote (absent: no signed review);
// APPROVALS.json: the workflows' approvals step (absent or unreadable: nothing is accepted).
// Exit 0, 1 refused (--deploy, --applied-plan), 2 usage.
import { gateFileIo, runRiskGate } from "./gate";

process.exitCode = runRiskGate(process.argv.slice(2), gateFileIo(process.cwd(), process.stdout, process.stderr));
