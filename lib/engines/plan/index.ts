import { planDigest } from "../../core/plan/digest";
import { planSecrets } from "../../core/plan/secrets";
import { redactStrings } from "../../core/redacted-json";
import { finalRedaction } from "./final-redaction";
import { GITHUB_COMMENT_LIMIT } from "./comment-marks";
import { summaryComment } from "./limit";
import { markdownLines, renderMarkdown } from "./render-markdown";
import { joinedLength, joinLines } from "./markdown-blocks";
import { FULL } from "./render-options";
import { reportJson } from "./render-json";
import { buildReport, type PlanInput, type PlanReport, type Provenance, type StackFailure } from "./report";
import { digestedFlags, withFlags } from "./review-digest";
import { MAX_RECORD_CHARS, type ReviewRecord, recordLine, reviewRecord } from "./review-record";
import type { RiskRule } from "./risks";
import { scrubberFor, stackScrubFor, valueScrub } from "./scrub";
import { type BeyondUpdate, beyondUpdates } from "./updates-only";

export { COMMENT_MARKER } from "./render-markdown";
export { GITHUB_COMMENT_LIMIT } from "./comment-marks";
export { parseJsonText, parsePlanJson, PlanInputError, PlanInputErrors, validatePlanData } from "../../core/plan/schema";
export { constructPathsOf } from "./construct-paths";
export type { PlanInput, PlanReport, Provenance, StackFailure } from "./report";
export type { BeyondUpdate } from "./updates-only";

export interface RenderedReport {
  readonly report: PlanReport;
  /** The PR comment: the full Markdown, or a summary under GitHub's limit; its last line is the plan digest. */
  readonly comment: string;
  readonly summarized: boolean;
  /** The whole Markdown report, for --full-report (with the same digest line). */
  readonly fullMarkdown: string;
  readonly json: string;
  /** Each reviewed stack's plan digest, as the comment records it (with every per-change hash). */
  readonly record: ReviewRecord;
  /** Changes beyond in-place updates (what `--updates-only` refuses), stack and address cleaned as the report's. */
  readonly beyondUpdates: readonly BeyondUpdate[];
}

export interface RenderExtras {
  /** The repository's own risk rules (`.golive/risk-rules.json`), after golive's. */
  readonly customRules?: readonly RiskRule[];
  /** Stacks reviewed as a configuration diff: the head's configuration digest, recorded with the plan digests. */
  readonly configDigests?: Readonly<Record<string, string>>;
}

/**
 * Each stack's plan digest with what plan-compare recomputes (review-digest.ts): the report's flags but
 * the repository's own and a configuration diff's, and the plan's provisioners. A function of its own, so
 * the plans are not in the scope the report's getters keep (250,000 changes: 180 MB while rendering).
 */
function recordOf(
  inputs: readonly PlanInput[],
  changeDigests: readonly ReturnType<typeof planDigest>[],
  report: PlanReport,
  custom: readonly RiskRule[],
  commit: string | undefined,
  configs: Readonly<Record<string, string>>,
): ReviewRecord {
  const customIds = new Set(custom.map((r) => r.id));
  const digests = changeDigests.map((d, i) =>
    withFlags(d, report.stacks[i] ? digestedFlags(report.stacks[i], customIds) : [], inputs[i]?.plan),
  );
  const planRecord = reviewRecord(inputs, commit, digests);
  return Object.keys(configs).length > 0 ? { ...planRecord, config: { ...configs } } : planRecord;
}

/**
 * Builds and renders the report for the given plans. Values under Terraform's sensitivity masks are
 * never formatted; a stack's report hides the strings sensitive anywhere in its plan wherever it shows
 * them (only those its digest lists, so the digest covers what the review hides), and credential-shaped
 * text, in values and names alike, before truncation and before rendering; the final texts pass the
 * credential redaction again (final-redaction.ts: between Markdown's syntax characters, never over
 * them; string by string for JSON, so the JSON always parses). Each stack's digest covers its changes
 * and golive's flags as shown (review-digest.ts).
 */
export function renderPlanReport(
  inputs: readonly PlanInput[],
  pointer: string,
  limit = GITHUB_COMMENT_LIMIT,
  failures: readonly StackFailure[] = [],
  provenance?: Provenance,
  extras: RenderExtras = {},
): RenderedReport {
  const changeDigests = inputs.map((i) => planDigest(i.plan));
  const scrubs = changeDigests.map((d) => stackScrubFor(d.hidden));
  // A failure message is Terraform's error output: no digest covers it, so it hides every plan's secrets,
  // scrubbed whole (a key block without its end hides all after it).
  const secrets = new Set<string>();
  if (failures.length > 0) for (const input of inputs) planSecrets(input.plan, secrets);
  const scrubFailure = valueScrub(scrubberFor(secrets));
  const clean = finalRedaction();
  const scrubbedFailures = failures.map((f) => ({ ...f, message: scrubFailure(f.message) }));
  const custom = extras.customRules ?? [];
  const built = buildReport(inputs, scrubs, scrubbedFailures, custom);
  const report: PlanReport = { ...built, ...(provenance ? { provenance } : {}) };
  const record = recordOf(inputs, changeDigests, report, custom, provenance?.commit, extras.configDigests ?? {});
  // The digest line takes at most a quarter of the comment, so a small limit still leaves room for the review.
  const digestLine = recordLine(record, Math.min(MAX_RECORD_CHARS, Math.floor(limit / 4)));
  const withDigest = (markdown: string): string => `${markdown}\n${digestLine}\n`;
  // The Markdown is made when read, as the JSON is: --json needs none of it, and for a 250,000-change
  // plan rendering it (and the size limiter's summaries) cost seconds.
  // It is kept once the full report is read or when it is the comment: a comment cut to a summary needs
  // only its length, and for 250,000 flags it is 76 million characters (150 MB) the summaries would hold.
  let markdown: string | undefined;
  let fullLength = 0;
  const rendered = (): string => {
    const md = clean.markdown(renderMarkdown(report, FULL));
    fullLength = md.length;
    return md;
  };
  const fullText = (): string => {
    markdown ??= rendered();
    return markdown;
  };
  /** The full Markdown when it fits `budget` (then kept); else undefined, its length in fullLength, never joined. */
  const fitting = (budget: number): string | undefined => {
    if (markdown === undefined) {
      const lines = markdownLines(report, FULL);
      fullLength = joinedLength(lines, clean.markdown);
      if (fullLength >= budget) return undefined;
      markdown = clean.markdown(joinLines(lines));
    }
    return markdown.length < budget ? markdown : undefined;
  };
  let comment: { text: string; summarized: boolean } | undefined;
  const commentOf = () => {
    if (!comment) {
      const budget = limit - digestLine.length - 2;
      const whole = fitting(budget);
      // An unsummarized comment is the full Markdown, already cleaned.
      comment =
        whole !== undefined
          ? { text: withDigest(whole), summarized: false }
          : { text: withDigest(clean.markdown(summaryComment(report, pointer, budget, fullLength).markdown)), summarized: true };
    }
    return comment;
  };
  // The JSON and the full report are made when read: a Markdown comment needs neither, and for a
  // 250,000-change plan the JSON's redacted copy and text were a fifth of plan-report's peak memory
  // (bench: plan-report.bench.ts).
  let json: string | undefined;
  let full: string | undefined;
  return {
    report,
    get comment() {
      return commentOf().text;
    },
    get summarized() {
      return commentOf().summarized;
    },
    get fullMarkdown() {
      full ??= withDigest(fullText());
      return full;
    },
    get json() {
      json ??= `${JSON.stringify(redactStrings(reportJson(report, record, extras.customRules), clean.text), null, 2)}\n`;
      return json;
    },
    record,
    beyondUpdates: beyondUpdates(report).map((b) => ({ ...b, stack: clean.text(b.stack), address: clean.text(b.address) })),
  };
}
