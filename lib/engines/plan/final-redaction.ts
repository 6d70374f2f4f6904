/**
 * The last credential redaction of a finished report: a second line of defence, as every string of a
 * plan, names included, is scrubbed before it is rendered (report.ts, scrub.ts). On Markdown it runs
 * only between the characters that make its structure, never over them: a pattern that took a code
 * span's closing backtick with a credential-shaped name (`AccountKey=…` runs to the next `;`) left the
 * rest of the line, HTML and @mentions included, to render live.
 */
import { REDACTED, redact } from "../../core/redact";
import { mayHoldCredential } from "../../core/credential-shapes";
import { redactReportText } from "../../core/plan/redact-values";
import { REDACTED_VALUE } from "../../core/plan/redacted-value";
import { mayNameToolPassword } from "../../core/plan/tool-passwords";
import { hideTxtRuns } from "../../core/txt-runs";

/**
 * A run of text between what a replacement must leave as it is: code spans and fences (`` ` ``), escapes
 * (`\|` in a table cell), table cells (`|`), HTML (`<`, `>`), links and images (`[`, `]`) and line ends.
 */
const TEXT_RUN = /[^`\\|<>[\]\n]+/g;
/** The same, but for the backslashes of escapes (`\"`), which a quoted value holds. */
const MARKDOWN_SYNTAX_BUT_ESCAPES = /[`|<>[\]\n]/;

export interface FinalRedaction {
  /** One string (of the JSON report, a line on stderr), credential shapes replaced. */
  readonly text: (text: string) => string;
  /** A rendered Markdown report, each run of text between its syntax characters redacted on its own. */
  readonly markdown: (markdown: string) => string;
}

/**
 * A redaction for one report. Memoized: the JSON repeats most of its strings (every key, types,
 * actions, attribute paths), the Markdown its runs; the pre-check covers every pattern, so most of
 * half a million strings cost one test.
 */
export function finalRedaction(): FinalRedaction {
  const cleaned = new Map<string, string>();
  const text = (t: string): string => {
    const known = cleaned.get(t);
    if (known !== undefined) return known;
    const out = redacted(t);
    cleaned.set(t, out);
    return out;
  };
  // A run of quoted TXT strings (`\"v=spf1 ... gh\" \"p_...\"`) is read joined, as DNS reads it, and
  // whole: the backslashes of its quotes' escapes split it into runs of text that each look harmless.
  // One that holds other syntax is left to the split (the scrub hid its value before it was rendered).
  const txtRunHolds = (joined: string, run: string): boolean => text(joined) !== joined && !MARKDOWN_SYNTAX_BUT_ESCAPES.test(run);
  const markdown = (md: string): string => redactRuns(hideTxtRuns(md, txtRunHolds, REDACTED_VALUE));
  return { text, markdown };
}

/** One string, credential shapes replaced (not memoized). */
function redacted(t: string): string {
  // The repository-wide redaction marks with brackets; a plan's `[x](url)` after it would form a link.
  return mayHoldCredential(t) || mayNameToolPassword(t) ? redact(redactReportText(t)).split(REDACTED).join(REDACTED_VALUE) : t;
}

/**
 * `md` with each run of text between syntax characters redacted, `md` itself when none changes. Neither
 * split nor memoized: a 250,000-flag report is 76 million characters in millions of runs, and its split,
 * its copy and a map of every run once added 450 MB to plan-report's peak (bench: plan-report.bench.ts).
 */
function redactRuns(md: string): string {
  const out: string[] = [];
  let last = 0;
  for (const m of md.matchAll(TEXT_RUN)) {
    const clean = redacted(m[0]);
    if (clean === m[0]) continue;
    out.push(md.slice(last, m.index), clean);
    last = m.index + m[0].length;
  }
  if (out.length === 0) return md;
  out.push(md.slice(last));
  return out.join("");
}
