// Signs and verifies the plan digest of golive's review comment with the plan-review environment's key
// (PLAN_REVIEW_HMAC_KEY, an HMAC-SHA256 key only jobs on the default branch can read). Usage:
//   node -r ./lib/runtime/register-ts.js scripts/ci/review-signature.ts sign --commit SHA COMMENT.md
//     (pr-review.yml) adds, after the comment's digest line, the HMAC of (SHA, digest line); in place
//   node -r ./lib/runtime/register-ts.js scripts/ci/review-signature.ts verify --commit SHA COMMENTS.json
//     (review.yml) COMMENTS.json: the bodies of the candidate comments, oldest first; prints the digest
//     line of the newest one signed for SHA. A comment without a valid signature (one a pull request
//     posted with its own token) is never trusted.
// Exit 0 signed / verified, 1 nothing signed for SHA (verify) or no digest line (sign), 2 usage.
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../../lib/core/write-file-atomic";
import { runReviewSignature } from "./signature";

const code = runReviewSignature(process.argv.slice(2), process.env, {
  read: (file) => readFileSync(file, "utf8"),
  write: (file, text) => writeFileAtomic(file, text),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
