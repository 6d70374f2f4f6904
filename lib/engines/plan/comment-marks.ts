/**
 * The review comment's fixed marks, in a module of their own: the CI scripts that sign and verify a
 * comment (scripts/ci/signature.ts) read them in a process of their own, where importing the plan
 * engine for two constants cost ~0.4 s of CPU per run (268 modules: zod, the renderer).
 */

/** GitHub rejects an issue or PR comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** The name in the HTML comment line that holds a review's record (review-record.ts), hidden by GitHub. */
export const DIGEST_MARKER = "golive:plan-digest";
