/**
 * One plain value as the short string a review line shows: markers as their display strings, parts too
 * deep not shown, strings under secret names redacted, then scrubbed and cut. What is cut is read far
 * enough (MAX_SCRUBBED_CHARS) that a secret across the cut is never half shown.
 */
import { withDepthCap } from "../json";
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

/** A plain (unmasked, non-sensitive) value as a short display string; `scrub` runs before truncation. */
export function formatValue(value: unknown, scrub: (text: string) => string = (t) => t): string {
  if (value === SENSITIVE) return SHOW_SENSITIVE;
  if (value === UNKNOWN) return SHOW_UNKNOWN;
  if (value === undefined || value === null) return "null";
  // Parts too deep to walk are not shown (what is shown is cut far above them anyway).
  const shown = withDepthCap(value, SHOW_TOO_DEEP);
  let json = JSON.stringify(shown) ?? String(shown);
  // A secret-named key's string goes wherever the value is shown whole (a known -> unknown line, a new
  // block, an output), also inside JSON held in a string, and a name/value pair's value (secret-named.ts).
  if (mayNameSecret(json)) {
    const redacted = redactSecretNamed(shown);
    if (redacted !== shown) json = JSON.stringify(redacted) ?? json;
  }
  const text = closedString(json, scrub(json.length > MAX_SCRUBBED_CHARS ? json.slice(0, MAX_SCRUBBED_CHARS) : json));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
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
