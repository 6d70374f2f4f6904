// Which comments of a pull request may be golive's signed review: the candidates `review-signature verify`
// reads, where it trusts no review while one of them is not the signed one (a look-alike a reviewer may
// have read instead). One rule for the three actions/github-script steps that list the comments
// (review.yml; pr-review.yml's publish step and approval job), which load this file from the default
// branch's checkout with the repository's .ts loader (github-script resolves `./` in the workspace; in
// pr-review.yml the checkout is base/):
//   require("./lib/runtime/register-ts.js");
//   const { candidatesOf } = require("./scripts/ci/review-candidates.ts");
import { isRecord } from "../../lib/core/json";

/** The login every workflow's GITHUB_TOKEN comments as: a workflow on any branch can post as it, any text. */
export const WORKFLOW_BOT = "github-actions[bot]";

/** A pull request comment as the steps use it, narrowed from the API's answer (a missing field reads as empty). */
export interface PullComment {
  readonly id: number;
  /** Its address (`html_url`): verify names it when it refuses the review. */
  readonly url: string;
  /** The login of its author (`user.login`). */
  readonly author: string;
  readonly body: string;
}

/** A candidate as `review-signature verify` reads it (COMMENTS.json: `{url, body}`, oldest first; no url when the API gave none). */
export interface VerifyCandidate {
  readonly url?: string;
  readonly body: string;
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** One comment of `issues.listComments`; nothing is dropped (a comment the rule cannot read is still judged). */
export function pullComment(c: unknown): PullComment {
  const r = isRecord(c) ? c : {};
  const user = isRecord(r.user) ? r.user : {};
  return { id: typeof r.id === "number" ? r.id : 0, url: text(r.html_url), author: text(user.login), body: text(r.body) };
}

// Characters a reviewer does not see: a look-alike may hide them inside the words.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;

/** The body names golive's review: its marker anywhere, or "golive plan review" in any case, spacing or markup. */
export const namesReview = (body: string): boolean => /golive:plan-report|golive\W*plan\W*review/i.test(body.replace(INVISIBLE, ""));

export const isWorkflowBot = (c: PullComment): boolean => c.author === WORKFLOW_BOT;

/** Every comment of the workflow identity (a look-alike needs no marker) and any comment naming the review. */
export const isCandidate = (c: PullComment): boolean => isWorkflowBot(c) || namesReview(c.body);

/** The candidates among the comments the API listed, oldest first. */
export function candidatesOf(listed: readonly unknown[]): PullComment[] {
  return listed.map(pullComment).filter(isCandidate);
}

/** What verify reads of the candidates. */
export const forVerify = (candidates: readonly PullComment[]): VerifyCandidate[] =>
  candidates.map(({ url, body }) => (url === "" ? { body } : { url, body }));
