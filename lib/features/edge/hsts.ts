/**
 * A Strict-Transport-Security value as a browser reads it (RFC 6797 6.1): directives separated by `;`,
 * each a name, case-blind, with an optional `=` and a token or quoted-string value; unknown directives
 * are ignored (item 4), each directive may appear once (item 2), and `max-age` is required (6.1.1). A
 * value that breaks the grammar (item 5), repeats a directive or lacks max-age is ignored entirely by
 * the browser (8.1): no HSTS at all.
 *
 * Pure and shared: the readiness rule GL-EDGE-003 judges the header a transform rule sets with it.
 */
export type HstsReading =
  | { readonly valid: true; readonly maxAge: number; readonly includeSubDomains: boolean; readonly preload: boolean }
  | { readonly valid: false; readonly why: string };

/** RFC 7230 3.2.6 tchar: what a directive name or an unquoted value may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Splits on `separator` outside quoted strings; undefined when a quoted string is not closed. */
export function splitOutsideQuotes(value: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quoted && c === "\\") {
      current += c + (value[i + 1] ?? "");
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === separator && !quoted) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  if (quoted) return undefined;
  parts.push(current);
  return parts;
}

/** A directive value: a token as it is, a quoted-string without its quotes and escapes; undefined when neither. */
function directiveValue(raw: string): string | undefined {
  if (TOKEN.test(raw)) return raw;
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return undefined;
  const inner = raw.slice(1, -1);
  // Only escaped quotes may sit inside (the splitter already paired them).
  if (/(^|[^\\])"/.test(inner)) return undefined;
  return inner.replace(/\\(.)/g, "$1");
}

const OWS = /^[ \t]+|[ \t]+$/g;

export function readHsts(value: string): HstsReading {
  const parts = splitOutsideQuotes(value, ";");
  if (parts === undefined) return { valid: false, why: "a quoted value is not closed" };
  const seen = new Map<string, string | undefined>();
  for (const part of parts) {
    const directive = part.replace(OWS, "");
    if (directive === "") continue;
    const eq = directive.indexOf("=");
    const name = (eq === -1 ? directive : directive.slice(0, eq)).replace(OWS, "");
    if (!TOKEN.test(name)) return { valid: false, why: `${JSON.stringify(directive)} is not a directive (a name, then = and a value)` };
    const key = name.toLowerCase();
    if (seen.has(key)) return { valid: false, why: `${name} appears more than once (RFC 6797 6.1 allows each directive once)` };
    if (eq === -1) {
      seen.set(key, undefined);
      continue;
    }
    const parsed = directiveValue(directive.slice(eq + 1).replace(OWS, ""));
    if (parsed === undefined) return { valid: false, why: `the value of ${name} is neither a token nor a quoted string` };
    seen.set(key, parsed);
  }
  const maxAge = seen.get("max-age");
  if (maxAge === undefined) return { valid: false, why: "it has no max-age directive with a value, which RFC 6797 6.1.1 requires" };
  if (!/^\d+$/.test(maxAge)) return { valid: false, why: `max-age ${JSON.stringify(maxAge)} is not a number of seconds` };
  // includeSubDomains takes no value (6.1.2); one given breaks the directive's grammar.
  if (seen.get("includesubdomains") !== undefined) return { valid: false, why: "includeSubDomains is given a value; it takes none" };
  return { valid: true, maxAge: Number(maxAge), includeSubDomains: seen.has("includesubdomains"), preload: seen.has("preload") };
}
