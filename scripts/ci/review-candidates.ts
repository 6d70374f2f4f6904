// Which comments of a pull request may be golive's signed review: the candidates `review-signature verify`
// reads, where it trusts no review while one of them is not the signed one (a look-alike a reviewer may
// have read instead). They are github-actions[bot]'s comments only; a person's that carries the marker
// or names the review is a mention, warned of and never blocking (see isCandidate). One rule for the three actions/github-script steps that list the comments
// (review.yml; pr-review.yml's publish step and approval job), which load this file from the default
// branch's checkout with the repository's .ts loader (github-script resolves `./` in the workspace; in
// pr-review.yml the checkout is base/):
//   require("./lib/runtime/register-ts.js");
//   const { candidatesOf } = require("./scripts/ci/review-candidates.ts");
import { isRecord } from "../../lib/core/json";

/** The login every workflow's GITHUB_TOKEN comments as: a workflow on any branch can post as it, any text. */
const WORKFLOW_BOT = "github-actions[bot]";

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

/** The body carries golive's marker (`golive:plan-report`, in any case), anywhere: no one writes it by chance. */
const carriesMarker = (body: string): boolean => /golive:plan-report/i.test(body.replace(INVISIBLE, ""));

/** The body names "golive plan review" in any case, spacing or markup: as people do when they discuss it. */
const namesReview = (body: string): boolean => /golive\W*plan\W*review/i.test(body.replace(INVISIBLE, ""));

/**
 * Every comment of the workflow identity, whatever its text: a branch's workflow posts as it, and its
 * look-alike needs no marker. Only those: a person's comment, marker or not, is none. The marker can sit
 * in an HTML comment (invisible) and be posted after the merge, so a candidate by anyone who may comment
 * would let them block the deploy of any pull request; and it would protect nothing, since the same text
 * without the marker looks identical when rendered and was never a candidate.
 */
const isCandidate = (c: PullComment): boolean => c.author === WORKFLOW_BOT;

/** The candidates among the comments the API listed, oldest first. */
export function candidatesOf(listed: readonly unknown[]): PullComment[] {
  return listed.map(pullComment).filter(isCandidate);
}

/** The comments that carry the marker or name the review but are no candidate: possible look-alikes for a reviewer to see, never blocking. */
export function mentionsOf(listed: readonly unknown[]): PullComment[] {
  return listed.map(pullComment).filter((c) => !isCandidate(c) && (carriesMarker(c.body) || namesReview(c.body)));
}

/** The warning annotation of a mention: who wrote it, where, and that only the signed review counts. */
export const mentionWarning = (c: PullComment): string =>
  carriesMarker(c.body)
    ? `${c.url}, by ${c.author}, carries golive's review marker (golive:plan-report) but is not golive's (not ${WORKFLOW_BOT}): if it reads like a review, it is a look-alike; only the signed review's flags count (this comment blocks nothing)`
    : `${c.url}, by ${c.author}, names the golive plan review but is not it (no marker, not ${WORKFLOW_BOT}): if it reads like a review, it may be a look-alike; only the signed review's flags count (this comment blocks nothing)`;

/** What verify reads of the candidates. */
export const forVerify = (candidates: readonly PullComment[]): VerifyCandidate[] =>
  candidates.map(({ url, body }) => (url === "" ? { body } : { url, body }));
