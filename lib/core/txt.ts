/** DNS TXT character-strings hold at most 255 bytes each (RFC 1035 3.3). */
export const TXT_CHUNK = 255;
/** Cloudflare rejects TXT content longer than this: the record's `content` as sent, quotes and all. */
export const TXT_MAX_CONTENT = 2048;

/** UTF-8 length of one code point (a lone surrogate is written as U+FFFD, 3 bytes, as Buffer does). */
function utf8Bytes(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

/** Splits a TXT value into <= 255-byte strings without breaking multi-byte characters (bytes counted once per character). */
export function splitTxt(value: string): string[] {
  const chunks: string[] = [];
  let current = "";
  let bytes = 0;
  for (const ch of value) {
    const size = utf8Bytes(ch.codePointAt(0) ?? 0);
    if (bytes + size > TXT_CHUNK) {
      chunks.push(current);
      current = "";
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  if (current !== "" || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** Quoted, space-separated form that DNS providers and zone files accept: `"part1" "part2"`. */
export function quoteTxt(value: string): string {
  return splitTxt(value)
    .map((c) => `"${c.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(" ");
}

/** Reverses quoteTxt: joins quoted strings back into the value; unquoted content is returned as is. */
export function unquoteTxt(content: string): string {
  const trimmed = content.trim();
  if (!trimmed.startsWith('"')) return trimmed;
  const parts = trimmed.match(/"((?:[^"\\]|\\.)*)"/g) ?? [];
  return parts.map((p) => p.slice(1, -1).replace(/\\(.)/g, "$1")).join("");
}

const UTF8 = new TextEncoder();

/** A master file's escape (`\DDD`, a byte by its decimal value; `\X`, X itself) or a run of plain text. */
const ZONE_TXT_PIECE = /\\(\d{3})|\\(.)|([^\\]+)/gsu;

/**
 * The text of a master file's TXT rdata (RFC 1035 5.1), as engines/zone/txt-rdata.ts writes it: the
 * quoted strings joined, `\DDD` read as that byte and `\X` as X, the bytes as UTF-8, so `"caf\195\169"`
 * is "café" (unquoteTxt would read `195169`). Unquoted rdata is returned as is.
 */
export function zoneTxtText(rdata: string): string {
  const trimmed = rdata.trim();
  if (!trimmed.startsWith('"')) return trimmed;
  const pieces: Uint8Array[] = [];
  for (const part of trimmed.match(/"((?:[^"\\]|\\.)*)"/g) ?? [])
    for (const [, decimal, escaped, plain] of part.slice(1, -1).matchAll(ZONE_TXT_PIECE))
      pieces.push(decimal === undefined ? UTF8.encode(escaped ?? plain ?? "") : Uint8Array.of(Number(decimal)));
  return Buffer.concat(pieces).toString("utf8");
}

/**
 * Why a TXT value cannot be sent, or undefined: golive sends it quoted in 255-byte strings (quoteTxt, as
 * Cloudflare's API documents TXT content), which adds two quotes and a space per string and a backslash
 * per quote or backslash, so a value under the limit can still be over it as sent.
 */
export function txtContentProblem(value: string): string | undefined {
  // Characters, not UTF-16 units: an emoji is one character (and four bytes of its 255-byte string).
  const characters = (text: string) => [...text].length;
  const sent = characters(quoteTxt(value));
  if (sent <= TXT_MAX_CONTENT) return undefined;
  return `TXT value is ${characters(value)} characters, ${sent} as sent (quoted, in 255-byte strings); allowed: at most ${TXT_MAX_CONTENT} as sent`;
}
