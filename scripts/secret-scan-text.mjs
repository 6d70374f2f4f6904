// What secretlint cannot read as text, turned into text for it (scripts/secretlint.mjs, the secret
// gate's scanner). secretlint skips a file it takes for binary (a binary extension, or a NUL or control
// byte in its first, middle or last 24 bytes: istextorbinary) and reads UTF-16 as bytes, so a token
// behind a few NUL bytes, in a UTF-16 file or in a .gz file was never seen. Each such file gets a text
// copy in a temporary folder, scanned in the same run:
//   gunzip   a gzip stream (any name), decompressed (at most 64 MB), then decoded again as below
//   unzip    a zip archive (jar, docx...): each entry, stored or deflated, inflated (at most 64 MB and
//            10,000 entries in all) and decoded again as below, one after another under its name
//   utf32    UTF-32 with a byte order mark (FF FE 00 00 little-endian, 00 00 FE FF big-endian), decoded
//   utf16    UTF-16 with a byte order mark, decoded
//   strings  anything else binary-looking (UTF-16 and UTF-32 without a byte order mark too): its
//            printable ASCII, UTF-16 and UTF-32 runs of 6+ characters, one a line (what `strings`, `-el`,
//            `-eb`, `-eL` and `-eB` print)
//   path     a file below a folder secretlint never searches (node_modules, .git, .secretlintrc*,
//            .secretlintignore*), copied as it is (decoded as above when binary)
// A copy's path names the original: <tmp>/<kind>/<path as scanned>. Binary content over 64 MB is not
// decoded but refused (named), and so is an archive node's built-ins cannot open (bzip2, xz, 7z, rar,
// zstd, lz4; a zip entry encrypted or compressed otherwise than stored or deflate; zip64; an archive
// nested more than twice): "archive not scannable: <kind>". Terraform's downloaded provider executables (.terraform/providers/,
// checksummed by .terraform.lock.hcl) are left alone. As it reads every scanned file once, it also
// refuses, named, the secretlint disable comments each text holds (scripts/secret-scan-comments.mjs),
// and a Git LFS pointer: the content it stands for is stored outside git, where no scan reads it.
import { closeSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { gunzipSync, inflateRawSync } from "node:zlib";
import { disableCommentRefusal, refusedDisableComments } from "./secret-scan-comments.mjs";

const require = createRequire(import.meta.url);
const MAX_BYTES = 64 * 1024 * 1024;
const MIN_RUN = 6;
const PROVIDERS = /(^|\/)\.terraform\/providers\//;
// Folder names secretlint's file search always skips (DEFAULT_IGNORE_PATTERNS in secretlint's search.js,
// no flag turns them off): a file below one is never read, so it gets a copy at a path without them.
const SKIPPED_FOLDER = /^(node_modules|\.git|\.secretlintrc(\.(json|ya?ml|js))?|\.secretlintignore.*)$/;

/** secretlint's own text test (it is what decides a file is skipped); undefined when not installed. */
function textTest() {
  try {
    const { isText } = require("istextorbinary");
    return isText;
  } catch {
    return undefined;
  }
}
const isText = textTest();

/**
 * The paths the root ignore file skips, as secretlint's globby applies it (gitignore rules, relative to
 * cwd): the same `ignore` package with globby's options, its default among them, ignorecase, so
 * COVERAGE/ is skipped as coverage/ is (scripts/secret-scan.sh refuses what is tracked there).
 */
function ignoredBy(cwd, ignoreFile) {
  try {
    const ig = require("ignore")().add(readFileSync(resolve(cwd, ignoreFile), "utf8"));
    return (rel) => !rel.startsWith("..") && !isAbsolute(rel) && ig.ignores(rel);
  } catch {
    return () => false; // no ignore file (or no `ignore` package): decode everything
  }
}

/** Little-endian text of `buf` from `start`, an odd last byte dropped; `swap` for big-endian. */
function wide(buf, start, swap) {
  const even = Buffer.from(buf.subarray(start, start + ((buf.length - start) & ~1)));
  return (swap ? even.swap16() : even).toString("utf16le");
}

/**
 * UTF-32 text of `buf` from `start`, trailing bytes short of a code unit dropped; `invalid` counts the
 * units that are no code point (over U+10FFFF, or a surrogate), each read as U+FFFD.
 */
function wide32(buf, start, bigEndian) {
  const units = Math.floor((buf.length - start) / 4);
  const out = Buffer.alloc(units * 4); // UTF-16LE: at most two 16-bit units per code point
  let at = 0;
  let invalid = 0;
  for (let i = 0; i < units; i++) {
    let cp = bigEndian ? buf.readUInt32BE(start + 4 * i) : buf.readUInt32LE(start + 4 * i);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      cp = 0xfffd;
      invalid++;
    }
    if (cp > 0xffff) {
      out.writeUInt16LE(0xd800 + ((cp - 0x10000) >> 10), at);
      out.writeUInt16LE(0xdc00 + ((cp - 0x10000) & 0x3ff), at + 2);
      at += 4;
    } else {
      out.writeUInt16LE(cp, at);
      at += 2;
    }
  }
  return { text: out.subarray(0, at).toString("utf16le"), invalid };
}

/**
 * [kind, text] of a UTF-32 or UTF-16 file with a byte order mark, or undefined; without one, strings()
 * finds its runs. FF FE 00 00 is UTF-32LE's mark, and also UTF-16LE's followed by U+0000: when its
 * UTF-32 reading holds units that are no code point, the UTF-16 reading follows it, so a UTF-16 file
 * cannot pass for UTF-32 to hide a token (nor a UTF-32 file with one bad unit pass for UTF-16).
 */
function unicodeWithBom(buf) {
  if (startsWith(buf, [0x00, 0x00, 0xfe, 0xff])) return ["utf32", wide32(buf, 4, true).text];
  if (startsWith(buf, [0xff, 0xfe, 0x00, 0x00])) {
    const { text, invalid } = wide32(buf, 4, false);
    return ["utf32", invalid === 0 ? text : `${text}\n${wide(buf, 2, false)}`];
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return ["utf16", wide(buf, 2, false)];
  if (buf[0] === 0xfe && buf[1] === 0xff) return ["utf16", wide(buf, 2, true)];
  return undefined;
}

function strings(buf) {
  const latin1 = buf.toString("latin1");
  const ascii = latin1.match(new RegExp(`[\\t\\x20-\\x7e]{${MIN_RUN},}`, "g")) ?? [];
  // UTF-16 runs at any offset, what `strings -el` prints; big-endian (`-eb`) only when there are none,
  // since every little-endian run also reads as a big-endian one a byte later
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL bytes of UTF-16 are what it drops
  const runs = (re) => (latin1.match(new RegExp(re, "g")) ?? []).map((r) => r.replace(/\x00/g, ""));
  const little = runs(`(?:[\\t\\x20-\\x7e]\\x00){${MIN_RUN},}`);
  const big = little.length > 0 ? [] : runs(`(?:\\x00[\\t\\x20-\\x7e]){${MIN_RUN},}`);
  // UTF-32 runs likewise (`strings -eL`, `-eB`): a UTF-32 text's characters are three NULs apart, no 16-bit run
  const little32 = runs(`(?:[\\t\\x20-\\x7e]\\x00\\x00\\x00){${MIN_RUN},}`);
  const big32 = little32.length > 0 ? [] : runs(`(?:\\x00\\x00\\x00[\\t\\x20-\\x7e]){${MIN_RUN},}`);
  return [...ascii, ...little, ...big, ...little32, ...big32].join("\n");
}

function binaryLooking(buf, name) {
  return buf.includes(0) || (isText !== undefined && isText(name, buf) === false);
}

class TooLarge extends Error {}
/** An archive whose content node's built-ins cannot read: `kind` says which. */
class Unscannable extends Error {
  constructor(kind) {
    super(kind);
    this.kind = kind;
  }
}

/** Magic numbers of archives and compressed streams without a decoder in node 20. */
const UNREADABLE = [
  ["bzip2", [0x42, 0x5a, 0x68]], // "BZh"
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["7z", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ["rar", [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]], // "Rar!"
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["lz4", [0x04, 0x22, 0x4d, 0x18]],
];

function startsWith(buf, bytes) {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}

/**
 * The version lines git-lfs reads a pointer by: the spec's, and the two older ones it still accepts
 * (git-lfs's pointer specification: "https://hawser.github.com/spec/v1" and "http://git-media.io/v/2").
 */
const LFS_VERSIONS = ["https://git-lfs.github.com/spec/v1", "https://hawser.github.com/spec/v1", "http://git-media.io/v/2"].map((url) => [
  ...Buffer.from(`version ${url}`),
]);

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const MAX_ENTRIES = 10000;

/** True for a zip archive: a local file header first, or the end record of an empty one. */
function isZip(buf) {
  return buf.length >= 22 && (buf.readUInt32LE(0) === ZIP_LOCAL || buf.readUInt32LE(0) === ZIP_END);
}

/**
 * Each entry of a zip archive as [name, bytes], read through its central directory (the local
 * headers of a streamed archive leave the sizes out): stored or deflated, at most MAX_BYTES in all
 * (TooLarge past that), anything else Unscannable. APPNOTE.TXT 4.3: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
function zipEntries(buf) {
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
    let bytes;
    try {
      bytes = method === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
    } catch (err) {
      if (err?.code === "ERR_BUFFER_TOO_LARGE") throw new TooLarge();
      throw new Unscannable(`zip entry ${name} not valid deflate`);
    }
    budget -= bytes.length;
    if (budget < 0) throw new TooLarge();
    entries.push([name, bytes]);
  }
  return entries;
}

/** [kind, text] for a file secretlint would not read as text, or undefined for one it reads as it is. */
function decode(buf, name, depth = 0) {
  const unreadable = UNREADABLE.find(([, magic]) => startsWith(buf, magic));
  if (unreadable) throw new Unscannable(unreadable[0]);
  const gzip = buf[0] === 0x1f && buf[1] === 0x8b;
  if ((gzip || isZip(buf)) && depth >= 2) throw new Unscannable("an archive nested more than twice");
  if (isZip(buf)) {
    const texts = zipEntries(buf).map(
      ([entry, bytes]) => `${entry}:\n${(decode(bytes, entry, depth + 1) ?? ["", bytes.toString("utf8")])[1]}`,
    );
    return ["unzip", texts.join("\n")];
  }
  if (gzip) {
    let inner;
    try {
      inner = gunzipSync(buf, { maxOutputLength: MAX_BYTES });
    } catch (err) {
      if (err?.code === "ERR_BUFFER_TOO_LARGE") throw new TooLarge();
      inner = undefined; // not gzip after all (or cut short): read as the bytes it is, below
    }
    if (inner !== undefined) {
      const plain = name.replace(/\.t?gz$/i, "");
      const [kind, text] = decode(inner, plain, depth + 1) ?? ["", inner.toString("utf8")];
      return [`gunzip${kind ? `-${kind}` : ""}`, text];
    }
  }
  if (!binaryLooking(buf, name)) return undefined; // the common case: text secretlint reads as it is
  return unicodeWithBom(buf) ?? ["strings", strings(buf)];
}

/** The file's bytes, or its first 64 KB with `whole: false` when it is over MAX_BYTES; one open per file. */
function contentOf(file) {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(Math.min(size, size > MAX_BYTES ? 65536 : size));
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { buf: buf.subarray(0, read), whole: size <= MAX_BYTES };
  } finally {
    closeSync(fd);
  }
}

/** True when a folder on the path is one secretlint never searches. */
function belowSkippedFolder(rel) {
  return rel
    .split("/")
    .slice(0, -1)
    .some((part) => SKIPPED_FOLDER.test(part));
}

/**
 * Where a copy goes: its kind, then the path as scanned (a .gz suffix dropped, folders secretlint skips
 * renamed `<name>~scanned`), `.txt` added to a binary extension.
 */
function copyPath(root, kind, rel) {
  const parts = rel.split("/");
  const visible = parts.map((part, i) => (i < parts.length - 1 && SKIPPED_FOLDER.test(part) ? `${part}~scanned` : part)).join("/");
  let name = kind.startsWith("gunzip") ? visible.replace(/\.gz$/i, "").replace(/\.tgz$/i, ".tar") : visible;
  if (isText !== undefined && isText(name) === false) name += ".txt";
  return join(root, kind, name);
}

/**
 * True for a Git LFS pointer: a file that starts with the spec's version line and has its `oid sha256:`
 * and `size` lines (git-lfs reads at most its first 1024 bytes). Checkouts without LFS (CI's) hold the
 * pointer, and history holds only pointers, so the content it stands for was never scanned.
 */
function isLfsPointer(buf) {
  if (!LFS_VERSIONS.some((version) => startsWith(buf, version))) return false;
  const head = buf.subarray(0, 1024).toString("latin1");
  return /\noid sha256:/.test(head) && /\nsize \d/.test(head);
}

/** The refusal of each secretlint disable comment in `text` (bytes read as UTF-8 only when they name one). */
function commentRefusals(file, text) {
  if (!text.includes("secretlint-")) return [];
  return refusedDisableComments(text.toString()).map((comment) => disableCommentRefusal(file, comment));
}

/**
 * Text copies of `files` (paths relative to `cwd`, as secretlint gets them) that secretlint would skip
 * or misread, skipping what the ignore file skips. Returns the copies (scan them with the originals),
 * what is refused (binary over 64 MB, an archive it cannot open, a disable comment, a Git LFS pointer), and cleanup().
 */
export function textCopies(files, { cwd, ignoreFile }) {
  const ignored = ignoredBy(cwd, ignoreFile);
  const copies = [];
  const refused = [];
  let root;
  for (const file of files) {
    const abs = resolve(cwd, file);
    const rel = relative(cwd, abs);
    if (ignored(rel) || PROVIDERS.test(rel.split("\\").join("/"))) continue;
    let content;
    try {
      content = contentOf(abs);
    } catch {
      continue; // gone since it was listed (or not a file): secretlint reports it or not, as before
    }
    if (isLfsPointer(content.buf)) {
      refused.push(
        `${abs}: a Git LFS pointer: its content is kept outside git and cannot be scanned; commit the file as plain content, or name it in the root .secretlintignore (/path/to/file), where reviewers see it`,
      );
      continue;
    }
    try {
      // Too large to read whole: refused when its start is not plain text, else left to secretlint as before.
      if (!content.whole && (isZip(content.buf) || decode(content.buf, rel) !== undefined)) throw new TooLarge();
      const hidden = belowSkippedFolder(rel.split("\\").join("/"));
      const decoded = content.whole ? decode(content.buf, rel) : undefined;
      refused.push(...commentRefusals(abs, decoded?.[1] ?? content.buf));
      if (decoded === undefined && !hidden) continue;
      if (decoded === undefined && !content.whole) throw new TooLarge();
      const [kind, text] = decoded ?? ["path", content.buf];
      root ??= mkdtempSync(join(tmpdir(), "golive-scan-text-"));
      const copy = copyPath(root, kind, rel.startsWith("..") ? abs.replace(/^\/+/, "") : rel);
      mkdirSync(dirname(copy), { recursive: true });
      writeFileSync(copy, text);
      copies.push({ original: abs, copy, kind });
    } catch (err) {
      if (err instanceof Unscannable) {
        refused.push(`${abs}: archive not scannable: ${err.kind}; list it in .secretlintignore after checking it`);
        continue;
      }
      if (!(err instanceof TooLarge)) throw err;
      refused.push(
        `${abs}: binary or compressed content over ${MAX_BYTES / 1024 / 1024} MB cannot be scanned; keep it out of the repository, or name it in the root .secretlintignore (/path/to/file)`,
      );
    }
  }
  return { copies, refused, cleanup: () => root && rmSync(root, { recursive: true, force: true }) };
}
