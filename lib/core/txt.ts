/** DNS TXT character-strings hold at most 255 bytes each (RFC 1035 3.3). */
export const TXT_CHUNK = 255;
/** Cloudflare rejects TXT content longer than this. */
export const TXT_MAX_CONTENT = 2048;

/** Splits a TXT value into <= 255-byte strings without breaking multi-byte characters. */
export function splitTxt(value: string): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const ch of value) {
    if (Buffer.byteLength(current + ch, "utf8") > TXT_CHUNK) {
      chunks.push(current);
      current = "";
    }
    current += ch;
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
