import { BoundedReadError, readBoundedText } from "./bounded-read";
import { at, isRecord, type JsonRecord, str } from "./json";
import { recordedAsWritten } from "./written-record";

/**
 * The reports golive writes, each recognised from the whole text of a file: a flag that writes a file
 * replaces an existing one only when it reads as one of these from its first line to its last, so
 * golive never overwrites what it did not create (notes ending with a pasted verdict line, a report
 * with notes added before or after it), and CI can write the same report again on every run.
 * __tests__/cli/output-files.spec.ts renders every format and fails when one is no longer recognised.
 */

/** The verdict line of check's human formats (lib/engines/check/scorecard.ts verdictLine). */
const VERDICT = String.raw`(?:NOT )?READY: \d+ blocker\(s\), \d+ warning\(s\), \d+ exempt(?:, \d+ rule\(s\) skipped)?`;
/** A rule --skip-rule left out (scorecard.ts skippedLines). */
const SKIPPED = String.raw`SKIPPED GL-[A-Z0-9-]+ .*\(--skip-rule\)`;
const DATE = String.raw`\d{4}-\d{2}-\d{2}`;
const DATE_ONLY = new RegExp(`^${DATE}$`);

/**
 * check's table: its title, the scorecard (header, dashes, a row per checklist row) and the verdict,
 * in that order from the first line; then (skipped rules, who can read secrets, findings) a last line
 * of golive's own: a verdict, a skipped rule, a line of the access section or a finding's location.
 */
const TABLE_HEAD = new RegExp(
  String.raw`^Launch readiness \(today ${DATE}\)\n\nChecklist row(?: +[^\n]+)?\n-{13,}(?: +-+)*\n(?:[^\n]+\n)*\n${VERDICT}\n`,
);
const TABLE_LAST_LINE = new RegExp(
  String.raw`^(?:${VERDICT}|${SKIPPED}|    at .+|  (?:secret|state of) .+|    and by taking over a role .+|  could not evaluate: .+|\[[^\]\n]+\] principals asked: .*)$`,
);

/** check --compact: nothing but a line per failing rule and per skipped rule, then the verdict. */
const COMPACT_LINE = new RegExp(String.raw`^(?:(?:BLOCKER|WARNING) GL-[A-Z0-9-]+ \[[^\]\n]*\] .*|${SKIPPED})$`);
const VERDICT_LINE = new RegExp(`^${VERDICT}$`);

/** check --format junit: golive's root element is the document, from the declaration to its end tag. */
const JUNIT = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="golive check"[^\n]*>\n(?:[\s\S]*\n)?<\/testsuites>\n$/;

/**
 * plan-report's and plan's Markdown (the comment, --full-report): golive's HTML comments open and end
 * it: its marker first, its plan digest last (or the signature CI's review-signature.ts adds after it).
 */
const MARKDOWN = /^<!-- golive:plan-report -->\n[\s\S]*\n<!-- golive:plan-digest[^\n]* -->\n$/;

/** The lines of `text`, which ends with a line break; undefined when it does not. */
function linesOf(text: string): string[] | undefined {
  return text.endsWith("\n") ? text.slice(0, -1).split("\n") : undefined;
}

function isTable(text: string): boolean {
  const last = linesOf(text)?.at(-1);
  return last !== undefined && TABLE_HEAD.test(text) && TABLE_LAST_LINE.test(last);
}

function isCompact(text: string): boolean {
  const lines = linesOf(text);
  if (lines === undefined) return false;
  const verdict = lines.pop();
  return verdict !== undefined && VERDICT_LINE.test(verdict) && lines.every((line) => COMPACT_LINE.test(line));
}

/** A JSON report's top level: the keys it always has and may have; anything else is not golive's. */
interface JsonShape {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
  /** What the values must also be. @default nothing more */
  readonly holds?: (report: JsonRecord) => boolean;
}

/** The top-level shapes of golive's JSON reports. */
const JSON_SHAPES: readonly JsonShape[] = [
  // check --format json (lib/engines/check/scorecard.ts toJson)
  {
    required: ["today", "environments", "summary", "skipped", "scorecard", "results"],
    optional: ["access"],
    holds: (r) => DATE_ONLY.test(str(r.today) ?? "") && Array.isArray(r.environments),
  },
  // check --format sarif: one run (lib/engines/check/sarif.ts), whose tool is golive
  {
    required: ["$schema", "version", "runs"],
    holds: (r) =>
      r.version === "2.1.0" &&
      Array.isArray(r.runs) &&
      r.runs.length > 0 &&
      r.runs.every((run) => str(at(run, "tool", "driver", "name"))?.startsWith("golive ") === true),
  },
  // plan-report --json (lib/engines/plan/render-json.ts)
  { required: ["totals", "riskCount", "summary", "failures", "stacks", "rules"], optional: ["provenance", "review"] },
  // plan-report --digest (lib/engines/plan/review-record.ts)
  { required: ["v", "stacks"], optional: ["commit", "config"], holds: (r) => typeof r.v === "number" && isRecord(r.stacks) },
  // plan: the record of a stack that could not be planned (lib/engines/plan/runner/files.ts). A stack's
  // plan is Terraform's own JSON, which anyone can make with `terraform show -json`: golive's only when
  // written-record.ts proves it.
  { required: ["golive_plan_failure"], holds: (r) => isRecord(r.golive_plan_failure) },
];

function hasShape(report: JsonRecord, shape: JsonShape): boolean {
  const keys = Object.keys(report);
  const allowed = new Set([...shape.required, ...(shape.optional ?? [])]);
  return shape.required.every((k) => Object.hasOwn(report, k)) && keys.every((k) => allowed.has(k)) && (shape.holds?.(report) ?? true);
}

function isJsonReport(text: string): boolean {
  if (!/^\{\n/.test(text) || !text.endsWith("}\n")) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return isRecord(parsed) && JSON_SHAPES.some((shape) => hasShape(parsed, shape));
}

/** Whether `text`, the whole of a file, is a report golive writes (in any of its formats). */
export function readsAsGoliveReport(text: string): boolean {
  return isJsonReport(text) || MARKDOWN.test(text) || JUNIT.test(text) || isTable(text) || isCompact(text);
}

/**
 * The largest report golive reads to recognise it: a plan report of tens of thousands of changes is a
 * few tens of MB; a larger file is not taken for one (it is refused, never replaced).
 */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * Whether the regular file `file` is one golive wrote: it reads, as a whole, as one of golive's own
 * formats, or it is a file of another's format (a saved plan) that the record beside it proves golive
 * wrote, byte for byte.
 */
export function writtenByGolive(file: string): boolean {
  return readsAsOwnFormat(file) || recordedAsWritten(file);
}

function readsAsOwnFormat(file: string): boolean {
  try {
    return readsAsGoliveReport(readBoundedText(file, MAX_REPORT_BYTES));
  } catch (err) {
    if (err instanceof BoundedReadError) return false;
    throw err;
  }
}
