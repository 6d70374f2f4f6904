import { redact } from "../../core/redact";
import { commentFor } from "./limit";
import { FULL, renderMarkdown } from "./render-markdown";
import { reportJson } from "./render-json";
import { buildReport, type PlanInput, type PlanReport, type Provenance, sensitiveValues, type StackFailure } from "./report";
import { scrubberFor } from "./scrub";

export { COMMENT_MARKER } from "./render-markdown";
export { GITHUB_COMMENT_LIMIT } from "./limit";
export { parseJsonText, parsePlanJson, PlanInputError, PlanInputErrors, validatePlanData } from "../../core/plan/schema";
export { constructPathsOf } from "./construct-paths";
export type { PlanInput, PlanReport, Provenance, StackFailure } from "./report";

export interface RenderedReport {
  readonly report: PlanReport;
  /** The PR comment: the full Markdown, or a summary under GitHub's limit. */
  readonly comment: string;
  readonly summarized: boolean;
  /** The whole Markdown report, for --full-report. */
  readonly fullMarkdown: string;
  readonly json: string;
}

/**
 * Builds and renders the report for the given plans. Values under Terraform's sensitivity masks are
 * never formatted; any string that is sensitive anywhere in the plans is also scrubbed from every
 * value before truncation, and the final texts pass the repository-wide credential redaction.
 */
export function renderPlanReport(
  inputs: readonly PlanInput[],
  pointer: string,
  limit?: number,
  failures: readonly StackFailure[] = [],
  provenance?: Provenance,
): RenderedReport {
  const secrets = new Set<string>();
  for (const input of inputs) sensitiveValues(input.plan, secrets);
  const scrub = scrubberFor(secrets);
  const clean = (text: string): string => redact(scrub(text));
  const report: PlanReport = { ...buildReport(inputs, scrub, failures), ...(provenance ? { provenance } : {}) };
  const fullMarkdown = clean(renderMarkdown(report, FULL));
  const comment = commentFor(report, pointer, limit, fullMarkdown);
  return {
    report,
    // An unsummarized comment is fullMarkdown, already cleaned.
    comment: comment.summarized ? clean(comment.markdown) : comment.markdown,
    summarized: comment.summarized,
    fullMarkdown,
    json: `${clean(JSON.stringify(reportJson(report), null, 2))}\n`,
  };
}
