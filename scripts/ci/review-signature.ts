// Signs and verifies the plan digest, risk flags and body of golive's review comment with the plan-review
// environment's key (PLAN_REVIEW_HMAC_KEY, an HMAC-SHA256 key only jobs on the default branch can read).
// Usage:
//   node -r ./lib/runtime/register-ts.js scripts/ci/review-signature.ts sign --commit SHA \
//     --run-id ID --run-attempt N --report REPORT.json --failed-steps FILE COMMENT.md
//     (pr-review.yml) adds, after the comment's digest line, the flags line (the risk flags of
//     `golive plan-report --json` REPORT.json, and whether the review is complete: FILE lists no failed
//     step) and the signature line: the review run (ID and N: github.run_id, github.run_attempt), the
//     sha256 of the rest of the comment (the body a reviewer reads, CRLF read as LF) and the HMAC of
//     (SHA, run, that sha256, digest line, flags line); in place
//   node -r ./lib/runtime/register-ts.js scripts/ci/review-signature.ts verify --commit SHA \
//     [--flags-out FLAGS.json] COMMENTS.json
//     (review.yml, pr-review.yml) COMMENTS.json: the candidate comments, oldest first, as bodies or
//     {url, body};
//     prints the digest line of the one signed for SHA by the latest review run (highest run id, then
//     attempt: an older review posted again never outranks it; two of that run that differ trust none)
//     and writes its flags to FLAGS.json. A comment without a valid signature (one a pull request posted
//     with its own token, or one signed before the run or the body was) is never trusted; when the latest
//     run's comment was edited after it was signed, none is (one line says it was altered); nor when
//     another candidate is not signed for SHA (a look-alike: one line names it).
// Exit 0 signed / verified, 1 nothing signed for SHA (verify) or nothing to sign (sign), 2 usage.
import { runReviewSignature, signatureFileIo } from "./signature";

process.exitCode = runReviewSignature(process.argv.slice(2), process.env, signatureFileIo(process.cwd(), process.stdout, process.stderr));
