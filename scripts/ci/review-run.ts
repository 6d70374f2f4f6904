/**
 * The pr-review run that signed a review: its run id and attempt (`github.run_id`, `github.run_attempt`).
 * Signed with the review, it orders the reviews of one commit: GitHub numbers a repository's workflow
 * runs in increasing order, and a re-run keeps its id with the next attempt, so the latest review is the
 * one with the highest (id, attempt), wherever its comment stands. An older signed review posted again
 * (any workflow can post as github-actions[bot]) keeps its older identity and never outranks it.
 */
export interface ReviewRun {
  /** Decimal digits, no leading zero. */
  readonly id: string;
  /** Decimal digits, no leading zero (1 for a first run). */
  readonly attempt: string;
}

/** Run ids are 64-bit integers (about 11 digits today); nothing longer is one. */
const NUMBER = /^[1-9][0-9]{0,19}$/;

/** Whether `text` is a run id or attempt as GitHub writes it. */
export function isRunNumber(text: string): boolean {
  return NUMBER.test(text);
}

/** Negative when `a` ran before `b`, 0 for the same run and attempt, positive after. */
export function compareRuns(a: ReviewRun, b: ReviewRun): number {
  const [ia, ib, aa, ab] = [BigInt(a.id), BigInt(b.id), BigInt(a.attempt), BigInt(b.attempt)];
  if (ia !== ib) return ia < ib ? -1 : 1;
  return aa === ab ? 0 : aa < ab ? -1 : 1;
}

/** `run 123 attempt 2`, as the signature line and the messages say it. */
export function runWords(run: ReviewRun): string {
  return `run ${run.id} attempt ${run.attempt}`;
}
