/**
 * Base64 inside a text, found and decoded: a secret encoded into user data or a `base64encode()`d
 * document reads as random characters until decoded. Finding the runs is kept apart from judging what
 * they say, which is the text redaction's (redact-values.ts).
 */
import { isBase64Char, isTokenChar } from "../credential-shapes";

/**
 * Base64 inside a text (`base64encode(jsonencode({db_password = …}))`, user data): runs of 20 to 65,536
 * characters of the standard alphabet whose length with padding is a multiple of four, decoded only when
 * that gives printable UTF-8 text; a run whose text holds a credential or a secret-named key goes whole.
 */
const MIN_B64 = 20;
const MAX_B64 = 65_536;
/** What base64Runs needs: one cheap test, so most texts are not walked character by character. */
const B64_RUN = /[A-Za-z0-9+/]{20}/;
const PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\ufffc]*$/;

function isTokenCharOrPad(c: number): boolean {
  return isTokenChar(c) || c === 61;
}

/** Where base64 of plausible length stands in a text: [start, end) pairs, padding included. */
function base64Runs(text: string): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c !== -1 && isBase64Char(c)) {
      if (start === -1) start = i;
      continue;
    }
    if (start !== -1) {
      let end = i;
      while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++;
      const len = end - start;
      const before = start > 0 ? text.charCodeAt(start - 1) : -1;
      const after = end < text.length ? text.charCodeAt(end) : -1;
      if (len >= MIN_B64 && len <= MAX_B64 && len % 4 === 0 && !isTokenCharOrPad(before) && !isTokenCharOrPad(after))
        runs.push([start, end]);
      start = -1;
      i = end > i ? end - 1 : i;
    }
  }
  return runs;
}

/** The printable text a base64 run decodes to, or undefined (binary: a hash, a key, not words). */
function decodedText(run: string): string | undefined {
  const text = Buffer.from(run, "base64").toString("utf8");
  return text.length > 0 && PRINTABLE.test(text) ? text : undefined;
}

/** `text` with every base64 run whose decoded text `hides` says to hide replaced whole by `replacement`. */
export function replaceEncodedTexts(text: string, hides: (decoded: string) => boolean, replacement: string): string {
  if (text.length < MIN_B64 || !B64_RUN.test(text)) return text;
  const runs = base64Runs(text);
  if (runs.length === 0) return text;
  let out = "";
  let from = 0;
  for (const [start, end] of runs) {
    const decoded = decodedText(text.slice(start, end));
    if (decoded === undefined || !hides(decoded)) continue;
    out += `${text.slice(from, start)}${replacement}`;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}
