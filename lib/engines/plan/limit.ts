import { largest } from "../../core/plan/extremes";
import { markdownLines, renderMarkdown } from "./render-markdown";
import { joinedLength, joinLines } from "./markdown-blocks";
import { FULL, type RenderOptions } from "./render-options";
import { stackAtRisk } from "./stack-section";
import { GITHUB_COMMENT_LIMIT } from "./comment-marks";
import type { PlanReport } from "./report";

const ALL = Number.POSITIVE_INFINITY;

type Detail = Omit<RenderOptions, "summaryNote">;
const SMALLEST: Detail = { attributes: "none", maxItems: 0, maxAtRisk: 0, maxRisks: 0 };

/** How much of each not-planned stack's message a summary shows: its first lines, where Terraform puts `Error:`. */
const FAILURE_EXCERPT = 2_000;

/**
 * The largest `n` in [0, most] whose rendering fits (a rendering grows with `n`): doubling from 1 until
 * one does not fit, then bisecting. A rendering costs about its length, so no probe renders much more
 * than the limit, where fixed steps (50, then 10) left most of the comment's room unused.
 */
function largestFitting(most: number, fits: (n: number) => string | undefined): string | undefined {
  let best = fits(0);
  if (best === undefined) return undefined;
  let [lo, hi] = [0, most];
  for (let n = 1; lo < hi; n *= 2) {
    const probe = Math.min(n, hi);
    const md = fits(probe);
    if (md === undefined) {
      hi = probe - 1;
      break;
    }
    [lo, best] = [probe, md];
  }
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const md = fits(mid);
    if (md === undefined) hi = mid - 1;
    else [lo, best] = [mid, md];
  }
  return best;
}

export interface CommentResult {
  readonly markdown: string;
  /** True when the comment is a summary and the full report lives elsewhere. */
  readonly summarized: boolean;
  readonly fullLength: number;
}

/**
 * The full report when it fits one comment; otherwise the most detailed summary that fits, pointing
 * at `pointer` (Markdown, already escaped: where the full report was written, or the CI artifact).
 * `limit` is for tests.
 */
export function commentFor(
  report: PlanReport,
  pointer: string,
  limit = GITHUB_COMMENT_LIMIT,
  full = renderMarkdown(report, FULL),
): CommentResult {
  if (full.length < limit) return { markdown: full, summarized: false, fullLength: full.length };
  return summaryComment(report, pointer, limit, full.length);
}

/**
 * The most detailed summary under `limit` of a report whose full Markdown is `fullLength` characters
 * (too many for one comment). Told the length, not the text: the full report of 250,000 flags is 76
 * million characters, which need not be held while the summaries render.
 */
export function summaryComment(report: PlanReport, pointer: string, limit: number, fullLength: number): CommentResult {
  const note = `The full report is ${fullLength.toLocaleString("en-US")} characters, over GitHub's comment limit: this is a summary. Full report: ${pointer}`;
  // Measured before joined: a summary of every flag that does not fit is tens of millions of characters.
  const fits = (detail: Detail): string | undefined => {
    const lines = markdownLines(report, { ...detail, summaryNote: note, maxFailureChars: FAILURE_EXCERPT });
    return joinedLength(lines) < limit ? joinLines(lines) : undefined;
  };
  const summary = (markdown: string): CommentResult => ({ markdown, summarized: true, fullLength });
  // First the attribute changes of stacks without risk, then of the other changes of stacks with some
  // (the full report again when every stack has some).
  const whole = [...(report.stacks.every(stackAtRisk) ? [] : ["stacks-at-risk" as const]), "changes-at-risk" as const];
  // Every summary but the last lists every flag: when the flags alone do not fit, none of them can, found
  // with one small rendering instead of several whole ones (250,000 flags: seconds each).
  const flagsFit = !report.stacks.some((s) => s.risks.length > 0) || fits({ ...SMALLEST, maxRisks: ALL }) !== undefined;
  for (const attributes of flagsFit ? whole : []) {
    const md = fits({ attributes, maxItems: ALL });
    if (md !== undefined) return summary(md);
  }
  // Then as many lines of the lists of updates, creates and the like as fit, with every flag, destroy,
  // replacement and the attribute changes of those; then as many of these as fit with every flag; last,
  // as many flags as fit.
  const longest = largest(
    report.stacks.map((s) => Math.max(s.changes.length, s.outputs.length, s.risks.length)),
    0,
  );
  const risks = report.stacks.reduce((n, s) => n + s.risks.length, 0);
  const steps: ((n: number) => Detail)[] = [
    (n) => ({ attributes: "changes-at-risk", maxItems: n, maxAtRisk: ALL, maxRisks: ALL }),
    (n) => ({ attributes: "changes-at-risk", maxItems: 0, maxAtRisk: n, maxRisks: ALL }),
    (n) => ({ attributes: "none", maxItems: 0, maxAtRisk: 0, maxRisks: n }),
  ];
  for (const step of flagsFit ? steps : steps.slice(-1)) {
    const md = largestFitting(Math.max(longest, risks), (n) => fits(step(n)));
    if (md !== undefined) return summary(md);
  }
  const cut = `\n\n… cut at GitHub's comment limit. Full report: ${pointer}\n`;
  const md = renderMarkdown(report, { ...SMALLEST, summaryNote: note, maxFailureChars: FAILURE_EXCERPT });
  return { markdown: md.slice(0, limit - cut.length - 1) + cut, summarized: true, fullLength };
}
