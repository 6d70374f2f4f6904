/**
 * Runs of quoted TXT character-strings inside a text, read joined. RFC 1035 (3.3.14) makes TXT data one
 * or more <character-string>s that a resolver reads as one text; Cloudflare and zone files write content
 * over 255 bytes as `"part1" "part2"` (txt.ts), so state, a plan's `before` and a synthesized long TXT
 * value hold a credential cut in two, each half too short for its shape. The credential readers
 * (credential-shapes.ts) test each run's joined text as well as the text itself.
 */
import { unquoteTxt } from "./txt";

/**
 * One quoted string, as a value holds it (`"..."`), and JSON-escaped, as a report's JSON or a rendered
 * line quotes a value (`\"...\"`). A string's body stops at a quote or at an escaped quote (a string
 * that holds one is not read as part of a run): every body is read once from its opening quote, which
 * keeps a text of many quotes linear, and a run never reaches from one JSON string into the next.
 */
const PLAIN = String.raw`"(?:[^"\\\n]|\\[^"\n])*"`;
const ESCAPED = String.raw`\\"(?:[^"\\\n]|\\\\[^"\\\n])*\\"`;
/** Two or more strings apart by spaces or tabs, in either form. */
const RUN = new RegExp(String.raw`${PLAIN}(?:[ \t]+${PLAIN})+|${ESCAPED}(?:[ \t]+${ESCAPED})+`, "g");
/** What every run holds: a closing quote, spaces, an opening quote. One cheap test before the full one. */
const JOIN_POINT = /"[ \t]+\\?"/;

/** The text a run's strings hold, joined, its escapes (JSON's, then the zone file's) read. */
function joined(run: string): string {
  return unquoteTxt(run.startsWith("\\") ? run.replace(/\\(["\\])/g, "$1") : run);
}

/** The joined text of each run of two or more quoted strings in `text`, in order. */
export function joinedTxtRuns(text: string): string[] {
  if (!JOIN_POINT.test(text)) return [];
  return [...text.matchAll(RUN)].map((m) => joined(m[0]));
}

/** `text` with every run that `holds` (told its joined text and the run as written) replaced whole by `marker`. */
export function hideTxtRuns(text: string, holds: (joinedText: string, run: string) => boolean, marker: string): string {
  if (!JOIN_POINT.test(text)) return text;
  return text.replace(RUN, (run) => (holds(joined(run), run) ? marker : run));
}
