/**
 * A text as it may reach a terminal: C0 and C1 control characters (an escape sequence echoed from an
 * argument could recolour, retitle or clear the user's terminal; tab and line feed stay), Unicode format
 * characters (\p{Cf}: bidi overrides and isolates U+202A-202E and U+2066-2069, marks U+200E/F and
 * U+061C, zero-width U+200B-200D and U+2060, the BOM U+FEFF, ...) that reorder or hide what is read
 * (CVE-2021-42574, "Trojan Source"), and the line and paragraph separators U+2028/9, are shown as
 * \u escapes (\u{...} beyond U+FFFF) instead of obeyed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
