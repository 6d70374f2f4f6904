import { codePointName } from "../../../core/code-point";
import { printable } from "../../../core/printable";

/**
 * What an `edge.dns` record's content and comment may hold. Both reach places where a character that
 * shows nothing does harm: a control character in the exported zone file (a line break starts a new
 * record line), and a Unicode format character (zero-width, bidi override, BOM, soft hyphen) or a line
 * or paragraph separator in a plan or terminal, where it hides or reorders what a reviewer reads
 * (CVE-2021-42574) and golive's terminal filter (printable) shows it as a `\u` escape, not as itself.
 */
export const DNS_TEXT_ALLOWED =
  "one line of visible text: no control characters, no Unicode format characters (zero-width U+200B-200D and U+2060, bidi controls such as U+202E, U+FEFF, the soft hyphen U+00AD) and no line or paragraph separator (U+2028, U+2029)";

/** C0 and C1, tab and line feed too (printable keeps those two, which a terminal needs and a record must not hold). */
const CONTROL = /\p{Cc}/u;

function kind(ch: string): string {
  if (CONTROL.test(ch)) return "a control character";
  return /[\u2028\u2029]/.test(ch) ? "a line or paragraph separator" : "a Unicode format character";
}

/** Why `text` is not DNS_TEXT_ALLOWED (its first such character, where, and what is allowed), or undefined. */
export function dnsTextProblem(text: string): string | undefined {
  const chars = [...text];
  const at = chars.findIndex((ch) => CONTROL.test(ch) || printable(ch) !== ch);
  const ch = chars[at];
  if (ch === undefined) return undefined;
  return `holds ${codePointName(ch)} (${kind(ch)}) at character ${at + 1}; allowed: ${DNS_TEXT_ALLOWED}`;
}
