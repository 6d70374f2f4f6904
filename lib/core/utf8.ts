import { isUtf8 } from "node:buffer";

const LOSSY = new TextDecoder("utf-8");
const REPLACEMENT = 0xfffd;

/** The bytes U+FFFD itself is written as: a file may hold the character, validly. */
function isReplacementCharacterAt(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd;
}

/** UTF-8 length of a code point. */
function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * `bytes` as text, and where they stop being UTF-8: the UTF-16 index, in `text`, of the U+FFFD the
 * decoder left for the first byte sequence that is not UTF-8 (undefined when all of it is). Up to that
 * point every character stands for the bytes it encodes, so a U+FFFD written in the file (EF BF BD) is
 * told apart from one left by the decoder. A leading byte order mark is dropped, as TextDecoder does.
 */
export function decodeUtf8(bytes: Uint8Array): { readonly text: string; readonly invalidAt?: number } {
  const text = LOSSY.decode(bytes);
  if (isUtf8(bytes)) return { text };
  let offset = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp === REPLACEMENT && !isReplacementCharacterAt(bytes, offset)) return { text, invalidAt: i };
    offset += utf8Length(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return { text };
}
