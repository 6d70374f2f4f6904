// The containers scripts/secret-scan-text.mjs opens with node's built-ins, each read into its parts'
// bytes within one budget of MAX_BYTES: a zip archive's entries, a raw zlib stream, a PDF's
// FlateDecode streams. What cannot be opened is Unscannable (refused, named, by the gate); what
// inflates past the budget is TooLarge.
import { inflateRawSync, inflateSync } from "node:zlib";

export const MAX_BYTES = 64 * 1024 * 1024;

export class TooLarge extends Error {}
/** An archive whose content node's built-ins cannot read: `kind` says which. */
export class Unscannable extends Error {
  constructor(kind) {
    super(kind);
    this.kind = kind;
  }
}

/** Magic numbers of archives and compressed streams without a decoder in node 20. */
export const UNREADABLE = [
  ["bzip2", [0x42, 0x5a, 0x68]], // "BZh"
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["7z", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ["rar", [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]], // "Rar!"
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["lz4", [0x04, 0x22, 0x4d, 0x18]],
];

export function startsWith(buf, bytes) {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}

/**
 * `data` inflated (zlib's framing unless `raw`), within `budget` bytes: TooLarge past it, undefined
 * when it is not deflate or is cut short (bytes after its end are ignored).
 */
function inflated(data, budget, raw = false) {
  try {
    const options = { maxOutputLength: Math.max(1, budget) };
    return raw ? inflateRawSync(data, options) : inflateSync(data, options);
  } catch (err) {
    if (err?.code === "ERR_BUFFER_TOO_LARGE") throw new TooLarge();
    return undefined;
  }
}

/**
 * True when `buf` starts with a zlib header (RFC 1950 2.2): deflate with a window of at most 32 KB, no
 * preset dictionary, and the header's check bits right (78 01, 78 5E, 78 9C, 78 DA are zlib's own).
 */
export function isZlib(buf) {
  return buf.length >= 2 && (buf[0] & 0x0f) === 8 && buf[0] >> 4 <= 7 && (buf[1] & 0x20) === 0 && ((buf[0] << 8) | buf[1]) % 31 === 0;
}

/** A raw zlib stream inflated (at most MAX_BYTES, else TooLarge), or undefined when it does not inflate. */
export function zlibContent(buf) {
  return inflated(buf, MAX_BYTES);
}

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const MAX_ENTRIES = 10000;

/** True for a zip archive: a local file header first, or the end record of an empty one. */
export function isZip(buf) {
  return buf.length >= 22 && (buf.readUInt32LE(0) === ZIP_LOCAL || buf.readUInt32LE(0) === ZIP_END);
}

/**
 * Each entry of a zip archive as [name, bytes], read through its central directory (the local
 * headers of a streamed archive leave the sizes out): stored or deflated, at most MAX_BYTES in all
 * (TooLarge past that), anything else Unscannable. APPNOTE.TXT 4.3: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
export function zipEntries(buf) {
  let end = -1;
  // The end record is the last 22 bytes, followed by a comment of at most 65,535 bytes.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--)
    if (buf.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  if (end < 0) throw new Unscannable("zip without its central directory");
  const count = buf.readUInt16LE(end + 10);
  const offset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new Unscannable("zip64");
  if (count > MAX_ENTRIES) throw new Unscannable(`zip of more than ${MAX_ENTRIES} entries`);
  const entries = [];
  let budget = MAX_BYTES;
  for (let i = 0, at = offset; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== ZIP_CENTRAL) throw new Unscannable("zip with a damaged central directory");
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (name.endsWith("/") && size === 0) continue; // a folder
    if (flags & 1) throw new Unscannable(`zip entry ${name} encrypted`);
    if (method !== 0 && method !== 8) throw new Unscannable(`zip entry ${name} compressed with method ${method} (not stored or deflate)`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== ZIP_LOCAL) throw new Unscannable("zip with a damaged local header");
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    if (data.length !== size) throw new Unscannable(`zip entry ${name} cut short`);
    const bytes = method === 0 ? data : inflated(data, budget, true);
    if (bytes === undefined) throw new Unscannable(`zip entry ${name} not valid deflate`);
    budget -= bytes.length;
    if (budget < 0) throw new TooLarge();
    entries.push([name, bytes]);
  }
  return entries;
}

/** True for a PDF: its `%PDF-` header within the first 1024 bytes, where readers look for it. */
export function isPdf(buf) {
  return buf.subarray(0, 1024).includes("%PDF-");
}

// A stream's dictionary, its `stream` keyword and end of line (PDF 32000-1 7.3.8); the dictionary is
// what follows the last `obj` before it (an object stream's own dictionary may nest `<< >>`).
const STREAM = /\bobj\b((?:(?!\bobj\b|\bendstream\b)[\s\S])*?)\bstream(?:\r\n|\n|\r)/g;
const FLATE = /^\/(?:FlateDecode|Fl)$/;

/** The decoding filters a stream's dictionary names, in order; undefined when it names them indirectly (`/Filter 7 0 R`). */
function filters(dictionary) {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+|\d+\s+\d+\s+R)/.exec(dictionary)?.[1];
  if (filter === undefined) return [];
  if (/R$/.test(filter)) return undefined;
  return filter.match(/\/[A-Za-z0-9]+/g) ?? [];
}

/**
 * Each FlateDecode stream of a PDF inflated, as [where, bytes], within one budget of MAX_BYTES
 * (TooLarge past it). A stream whose FlateDecode comes after another filter, or that does not inflate,
 * is Unscannable, and so is an encrypted PDF (every string and stream of it). A stream named through an
 * indirect filter is inflated when it starts with a zlib header; other filters' streams (images) are
 * left as the bytes they are.
 */
export function pdfStreams(buf) {
  const text = buf.toString("latin1");
  if (/\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/.test(text)) throw new Unscannable("pdf encrypted");
  const streams = [];
  let budget = MAX_BYTES;
  for (const match of text.matchAll(STREAM)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = text.indexOf("endstream", start);
    const data = buf.subarray(start, end < 0 ? buf.length : end);
    const names = filters(match[1]);
    const where = `pdf stream at byte ${start}`;
    if (names === undefined ? !isZlib(data) : !names.some((name) => FLATE.test(name))) continue;
    if (names !== undefined && !FLATE.test(names[0])) throw new Unscannable(`${where} filtered with ${names[0]} before /FlateDecode`);
    const bytes = inflated(data, budget);
    if (bytes === undefined) throw new Unscannable(`${where} not valid deflate`);
    budget -= bytes.length;
    if (budget < 0) throw new TooLarge();
    streams.push([where, bytes]);
  }
  return streams;
}

/**
 * A PDF page's text as its content stream shows it, each `[(...) kerning (...)] TJ` array's strings
 * joined, so a token a producer cut into kerned pieces reads whole.
 */
export function joinedShowText(text) {
  const joined = [];
  for (const [, inner] of text.matchAll(/\[((?:\((?:\\[\s\S]|[^\\)])*\)|[^\]])*)\]\s*TJ/g))
    joined.push([...inner.matchAll(/\(((?:\\[\s\S]|[^\\)])*)\)/g)].map((piece) => piece[1]).join(""));
  return joined.join("\n");
}
