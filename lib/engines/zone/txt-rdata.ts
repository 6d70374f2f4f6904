import { quoteTxt } from "../../core/txt";

/** Every character outside printable ASCII (space to tilde). */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/gu;
const UTF8 = new TextEncoder();

/**
 * A TXT value as the master file writes it: quoteTxt's <= 255-byte character-strings, with each byte
 * outside printable ASCII written as `\DDD`, its decimal value (RFC 1035 5.1), so "é" is `\195\169`.
 * Written raw, such a character would reach golive's terminal filter, which shows U+202E as the text
 * `\u202e` (a master file reads `\u` as `u`), and each zone tool's guess at the file's encoding;
 * `\DDD` is the same bytes to all of them. Escaping after the split keeps every string's byte count.
 */
export function zoneTxt(value: string): string {
  return quoteTxt(value).replace(NOT_PRINTABLE_ASCII, (ch) =>
    Array.from(UTF8.encode(ch), (byte) => `\\${String(byte).padStart(3, "0")}`).join(""),
  );
}
