import { REDACTED, redact } from "../../core/redact";
import { planDigest } from "../../core/plan/digest";
import { planSecrets } from "../../core/plan/secrets";
import { mayHoldCredential, REDACTED_VALUE, redactCredentials, redactReportText } from "../../core/plan/redact-values";
import { commentFor, GITHUB_COMMENT_LIMIT } from "./limit";
import { FULL, renderMarkdown } from "./render-markdown";
import { reportJson } from "./render-json";
import { buildReport, type PlanInput, type PlanReport, type Provenance, type StackFailure, type StackScrub } from "./report";
import { MAX_RECORD_CHARS, type ReviewRecord, recordLine, reviewRecord } from "./review-record";
import type { RiskRule } from "./risks";
import { NO_SCRUB, type Scrub, scrubberFor } from "./scrub";
import { type BeyondUpdate, beyondUpdates } from "./updates-only";

export { COMMENT_MARKER } from "./render-markdown";
export { GITHUB_COMMENT_LIMIT } from "./limit";
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

/** Every string of a JSON document passed through `clean`, keys too: the text stays valid JSON whatever a value holds. */
function cleanStrings(value: unknown, clean: (text: string) => string): unknown {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v, clean));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), cleanStrings(v, clean)]));
  return value;
}

/** Hides the secrets, then credential shapes: for a value before it is cut to length. */
function valueScrub(secrets: Scrub): Scrub {
  return secrets === NO_SCRUB ? redactCredentials : (text) => redactCredentials(secrets(text));
}

/**
 * Builds and renders the report for the given plans. Values under Terraform's sensitivity masks are
 * never formatted; a stack's report hides the strings sensitive anywhere in its plan wherever it shows
 * them (only those its digest lists, so the digest covers what the review hides), and credential-shaped
 * text, before truncation; the final texts pass the credential redaction again (line by line for
 * Markdown, string by string for JSON, so the JSON always parses).
 */
export function renderPlanReport(
  inputs: readonly PlanInput[],
  pointer: string,
  limit = GITHUB_COMMENT_LIMIT,
  failures: readonly StackFailure[] = [],
  provenance?: Provenance,
  extras: RenderExtras = {},
): RenderedReport {
  const digests = inputs.map((i) => planDigest(i.plan));
  const scrubs = digests.map((d): StackScrub => {
    const names = scrubberFor(d.hidden);
    return { values: valueScrub(names), names };
  });
  // A failure message is Terraform's error output: no digest covers it, so it hides every plan's secrets,
  // scrubbed whole (a key block without its end hides all after it).
  const secrets = new Set<string>();
  if (failures.length > 0) for (const input of inputs) planSecrets(input.plan, secrets);
  const scrubFailure = valueScrub(scrubberFor(secrets));
  // The repository-wide redaction marks with brackets; a plan's `[x](url)` after it would form a link.
  // The pre-check covers its patterns too: JSON cleans half a million strings, most of them addresses.
  // Memoized: the JSON repeats most of its strings (every key, types, actions, attribute paths).
  const cleaned = new Map<string, string>();
  const clean = (text: string): string => {
    const known = cleaned.get(text);
    if (known !== undefined) return known;
    const out = mayHoldCredential(text) ? redact(redactReportText(text)).split(REDACTED).join(REDACTED_VALUE) : text;
    cleaned.set(text, out);
    return out;
  };
  const scrubbedFailures = failures.map((f) => ({ ...f, message: scrubFailure(f.message) }));
  const built = buildReport(inputs, scrubs, scrubbedFailures, extras.customRules ?? []);
  const report: PlanReport = { ...built, ...(provenance ? { provenance } : {}) };
  const planRecord = reviewRecord(inputs, provenance?.commit, digests);
  const configs = extras.configDigests ?? {};
  const record: ReviewRecord = Object.keys(configs).length > 0 ? { ...planRecord, config: { ...configs } } : planRecord;
  // The digest line takes at most a quarter of the comment, so a small limit still leaves room for the review.
  const digestLine = recordLine(record, Math.min(MAX_RECORD_CHARS, Math.floor(limit / 4)));
  const withDigest = (markdown: string): string => `${markdown}\n${digestLine}\n`;
  const markdown = clean(renderMarkdown(report, FULL));
  const comment = commentFor(report, pointer, limit - digestLine.length - 2, markdown);
  return {
    report,
    // An unsummarized comment is the full Markdown, already cleaned.
    comment: withDigest(comment.summarized ? clean(comment.markdown) : comment.markdown),
    summarized: comment.summarized,
    fullMarkdown: withDigest(markdown),
    json: `${JSON.stringify(cleanStrings(reportJson(report, record, extras.customRules), clean), null, 2)}\n`,
    record,
    beyondUpdates: beyondUpdates(report).map((b) => ({ ...b, stack: clean(b.stack), address: clean(b.address) })),
  };
}
