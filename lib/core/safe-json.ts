import { printable } from "./printable";

/**
 * JSON text as a report file holds it: every character printable() would not let reach a terminal (C0
 * and C1 controls, DEL, bidi and other format characters, U+2028/9), taken from input into a string,
 * written as a `\uXXXX` escape (UTF-16 units, so a pair beyond U+FFFF). The same JSON once parsed, but
 * a file shown by `cat`, an editor or a CI log cannot be made to reorder or hide what it says. In JSON
 * text such characters can only be inside strings (JSON.stringify escapes C0 itself, not the rest).
 */
export function safeJson(json: string): string {
  return json.replace(/[^\x20-\x7e\t\n\r]/gu, (c) =>
    printable(c) === c ? c : Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join(""),
  );
}
