import { FULL, type RenderOptions, renderMarkdown, stackAtRisk } from "./render-markdown";
import type { PlanReport } from "./report";

/** GitHub rejects an issue or PR comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

const ALL = Number.POSITIVE_INFINITY;

/**
 * Steps from the full report down to counts and risk flags only. Attribute diffs go in order of
 * importance (render-markdown.ts, AttributeDetail): those of flagged, destroyed and replaced changes
 * stay until only change lists are left to cut.
 */
const STEPS: readonly Omit<RenderOptions, "summaryNote">[] = [
  { attributes: "stacks-at-risk", maxItems: ALL },
  { attributes: "changes-at-risk", maxItems: ALL },
  { attributes: "changes-at-risk", maxItems: 200 },
  { attributes: "changes-at-risk", maxItems: 50 },
  { attributes: "none", maxItems: 50 },
  { attributes: "none", maxItems: 10 },
];
const SMALLEST: Omit<RenderOptions, "summaryNote"> = { attributes: "none", maxItems: 0 };

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
  const note = `The full report is ${full.length.toLocaleString("en-US")} characters, over GitHub's comment limit: this is a summary. Full report: ${pointer}`;
  const allAtRisk = report.stacks.every(stackAtRisk);
  for (const step of [...STEPS, SMALLEST]) {
    if (step.attributes === "stacks-at-risk" && allAtRisk) continue; // the same text as the full report
    const md = renderMarkdown(report, { ...step, summaryNote: note });
    if (md.length < limit) return { markdown: md, summarized: true, fullLength: full.length };
  }
  const cut = `\n\n… cut at GitHub's comment limit. Full report: ${pointer}\n`;
  const md = renderMarkdown(report, { ...SMALLEST, summaryNote: note });
  return { markdown: md.slice(0, limit - cut.length - 1) + cut, summarized: true, fullLength: full.length };
}
