/**
 * One plain value as the short string a review line shows: markers as their display strings, parts too
 * deep not shown, strings under secret names redacted, then scrubbed and cut. What is cut is read far
 * enough (MAX_SCRUBBED_CHARS) that a secret across the cut is never half shown. Two long values that
 * differ past the cut are each shown around their first difference (formatPair), redacted first.
 */
import { withDepthCap } from "../json";
import { exactJson } from "./exact-numbers";
import { LISTED } from "./json-attributes";
import { mayNameSecret, redactSecretNamed } from "./secret-named";
import { isSecretValue } from "./secret-names";
import { SENSITIVE, SHOW_SENSITIVE, SHOW_TOO_DEEP, SHOW_UNKNOWN, UNKNOWN } from "./values";

const MAX_VALUE_CHARS = 160;
/**
 * How much of a value `scrub` reads: far beyond what is shown, so whatever is cut there is never shown,
 * and a 50 MB value costs no more than a short one.
 */
const MAX_SCRUBBED_CHARS = 4096;
/**
 * How much of two long values formatPair reads to find their first difference (scrubbed whole up to
 * here, so a window never starts inside a secret whose beginning was not read). Beyond it, the two
 * values are said to differ past this point, not shown.
 */
const MAX_COMPARED_CHARS = 65_536;
/** Characters a window shows before the first difference: enough to see where in the value it is. */
const WINDOW_CONTEXT_CHARS = 24;

/** The after side of two values that read alike as far as they are shown, redacted and read. */
export const DIFFERS_WHERE_NOT_SHOWN = `(alike as shown: differs from before in a redacted part or past character ${MAX_COMPARED_CHARS.toLocaleString("en-US")})`;

/** A plain (unmasked, non-sensitive) value as a short display string; `scrub` runs before truncation. */
export function formatValue(value: unknown, scrub: (text: string) => string = (t) => t): string {
  return cut(displayText(value, scrub, MAX_SCRUBBED_CHARS));
}

/**
 * Before and after as formatValue shows them, except when both are cut and read alike up to the cut
 * (a 200-character pad, then a different account): then each side is shown from a little before their
 * first difference, `[190 characters alike]…eabcde-b-arn:…`, so two values that differ never read the
 * same. The difference is found in the redacted and scrubbed text, so a window shows nothing a
 * whole-value display would hide.
 */
export function formatPair(before: unknown, after: unknown, format: (v: unknown, readChars: number) => string): readonly [string, string] {
  const [b, a] = [format(before, MAX_SCRUBBED_CHARS), format(after, MAX_SCRUBBED_CHARS)];
  if (b.length <= MAX_VALUE_CHARS || a.length <= MAX_VALUE_CHARS) return [cut(b), cut(a)];
  const firstAt = firstDifference(b, a);
  if (firstAt !== undefined && firstAt < MAX_VALUE_CHARS - 3) return [cut(b), cut(a)];
  // Alike as far as the first read went: read both further (scrubbed whole, up to MAX_COMPARED_CHARS).
  const [fb, fa] = [format(before, MAX_COMPARED_CHARS), format(after, MAX_COMPARED_CHARS)];
  const at = firstDifference(fb, fa);
  // They differ only in a redacted part or past what is read: said, never shown.
  if (at === undefined) return [cut(b), DIFFERS_WHERE_NOT_SHOWN];
  const start = wholeCharacterAt(fb, Math.max(0, at - WINDOW_CONTEXT_CHARS));
  return [windowAt(fb, start), windowAt(fa, start)];
}

/**
 * A value's display text before it is cut: JSON (a number as the plan wrote it, exact-numbers.ts) with
 * secret-named strings redacted and `scrub` run over its first `readChars` characters (the rest is
 * dropped here, never shown).
 */
export function displayText(value: unknown, scrub: (text: string) => string, readChars: number): string {
  if (value === SENSITIVE) return SHOW_SENSITIVE;
  if (value === UNKNOWN) return SHOW_UNKNOWN;
  if (value === undefined || value === null) return "null";
  // Parts too deep to walk are not shown (what is shown is cut far above them anyway).
  const shown = withDepthCap(value, SHOW_TOO_DEEP);
  let json = exactJson(shown) ?? String(shown);
  // A secret-named key's string goes wherever the value is shown whole (a known -> unknown line, a new
  // block, an output), also inside JSON held in a string, and a name/value pair's value (secret-named.ts).
  if (mayNameSecret(json)) {
    const redacted = redactSecretNamed(shown);
    if (redacted !== shown) json = exactJson(redacted) ?? json;
  }
  return closedString(json, scrub(json.length > readChars ? json.slice(0, readChars) : json));
}

function cut(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

/** A display text from `start`, the characters before it counted, cut to MAX_VALUE_CHARS as any value. */
function windowAt(text: string, start: number): string {
  if (start === 0) return cut(text);
  const head = `[${start.toLocaleString("en-US")} characters alike]…`;
  const rest = text.slice(start);
  const room = MAX_VALUE_CHARS - head.length;
  return rest.length > room ? `${head}${rest.slice(0, wholeCharacterAt(rest, room - 3))}...` : `${head}${rest}`;
}

/** The index of the first character where two texts differ; undefined when they are equal. */
function firstDifference(a: string, b: string): number | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return a.length === b.length ? undefined : n;
}

/** `at`, or one less when it would split a surrogate pair (half a character is not text). */
function wholeCharacterAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return at > 0 && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

/**
 * A string's scrubbed JSON text with its closing quote: a private key header without its end is hidden
 * to the end of the text (credential-shapes.ts), and the quote after it must not go with it.
 */
function closedString(json: string, scrubbed: string): string {
  const isString = json.length >= 2 && json.startsWith('"') && json.endsWith('"');
  return isString && scrubbed.startsWith('"') && !scrubbed.endsWith('"') ? `${scrubbed}"` : scrubbed;
}

/**
 * A leaf under a secret-named key (`DB_PASSWORD`, `api_key`), or a bare hex key under a key-named one
 * (`DATADOG_KEY`), that Terraform did not mark: a string is not shown.
 */
export function secretNamedLeaf(key: string | number | undefined, value: unknown): boolean {
  return typeof value === "string" && value !== "" && value !== LISTED && isSecretValue(key, value);
}
