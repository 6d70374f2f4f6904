/**
 * Reading JSON text as bytes, without parsing it whole: the byte values of its structure, and where a
 * string ends. Shared by the duplicate-key scan (json-duplicate-key.ts) and the plan reader for files
 * too large to parse at once (plan/plan-bytes.ts).
 */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

/**
 * The index after the string that opens at `from` (a quote), or -1 when it never closes. A quote ends
 * the string unless an odd run of backslashes precedes it; inside UTF-8 no byte of a multi-byte
 * character is a quote or a backslash, so bytes can be searched as they are.
 */
export function stringEnd(bytes: Buffer, from: number): number {
  for (let i = from + 1; ; ) {
    const quote = bytes.indexOf(QUOTE, i);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The index of the first byte at or after `from` that is not JSON whitespace (space, tab, LF, CR). */
export function skipSpace(bytes: Buffer, from: number): number {
  let i = from;
  for (let c = bytes[i]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = bytes[++i]);
  return i;
}
