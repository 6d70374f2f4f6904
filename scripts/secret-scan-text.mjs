// What secretlint cannot read as text, turned into text for it (scripts/secretlint.mjs, the secret
// gate's scanner). secretlint skips a file it takes for binary (a binary extension, or a NUL or control
// byte in its first, middle or last 24 bytes: istextorbinary) and reads UTF-16 as bytes, so a token
// behind a few NUL bytes, in a UTF-16 file or in a .gz file was never seen. Each such file gets a text
// copy in a temporary folder, scanned in the same run:
//   gunzip   a gzip stream (any name), decompressed (at most 64 MB), then decoded again as below
//   unzip    a zip archive (jar, docx...): each entry, stored or deflated, inflated (at most 64 MB and
//            10,000 entries in all) and decoded again as below, one after another under its name
//   zlib     a raw zlib stream (binary, with a zlib header: 78 9C...), inflated (at most 64 MB), decoded again
//   pdf      a PDF: its strings, then each FlateDecode stream inflated (at most 64 MB in all) and decoded
//            again, a page's kerned `[(...) (...)] TJ` pieces joined (scripts/secret-scan-archives.mjs)
//   utf32    UTF-32 with a byte order mark (FF FE 00 00 little-endian, 00 00 FE FF big-endian), decoded
//   utf16    UTF-16 with a byte order mark, decoded
//   strings  anything else binary-looking (UTF-16 and UTF-32 without a byte order mark too): its
//            printable ASCII, UTF-16 and UTF-32 runs of 6+ characters, one a line (what `strings`, `-el`,
//            `-eb`, `-eL` and `-eB` print)
//   path     a file below a folder secretlint never searches (node_modules, .git, .secretlintrc*,
//            .secretlintignore*), copied as it is (decoded as above when binary)
//   base64   any file's base64 values that decode to text, decoded (scripts/secret-scan-base64.mjs)
// A copy's path names the original: <tmp>/<kind>/<path as scanned>. Binary content over 64 MB is not
// decoded but refused (named), and so is an archive node's built-ins cannot open (bzip2, xz, 7z, rar,
// zstd, lz4; a zip entry encrypted or compressed otherwise than stored or deflate; zip64; a zlib or PDF
// stream that does not inflate; an encrypted PDF; an archive nested more than twice):
// "archive not scannable: <kind>". Terraform's downloaded provider executables (.terraform/providers/,
// checksummed by .terraform.lock.hcl) are left alone. As it reads every scanned file once, it also
// refuses, named, the secretlint disable comments each text holds (scripts/secret-scan-comments.mjs),
// and a Git LFS pointer: the content it stands for is stored outside git, where no scan reads it.
import { closeSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  isPdf,
  isZip,
  isZlib,
  joinedShowText,
  MAX_BYTES,
  pdfStreams,
  startsWith,
  TooLarge,
  UNREADABLE,
  Unscannable,
  zipEntries,
  zlibContent,
} from "./secret-scan-archives.mjs";
import { base64Text } from "./secret-scan-base64.mjs";
import { disableCommentRefusal, refusedDisableComments } from "./secret-scan-comments.mjs";

const require = createRequire(import.meta.url);
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
export function unicodeWithBom(buf) {
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

/**
 * The version lines git-lfs reads a pointer by: the spec's, and the two older ones it still accepts
 * (git-lfs's pointer specification: "https://hawser.github.com/spec/v1" and "http://git-media.io/v/2").
 */
const LFS_VERSIONS = ["https://git-lfs.github.com/spec/v1", "https://hawser.github.com/spec/v1", "http://git-media.io/v/2"].map((url) => [
  ...Buffer.from(`version ${url}`),
]);

/** The text of `bytes` decoded as below, or read as UTF-8 when secretlint would read it as it is. */
function textOf(bytes, name, depth) {
  return (decode(bytes, name, depth) ?? ["", bytes.toString("utf8")])[1];
}

/** [kind, text] for a file secretlint would not read as text, or undefined for one it reads as it is. */
function decode(buf, name, depth = 0) {
  const unreadable = UNREADABLE.find(([, magic]) => startsWith(buf, magic));
  if (unreadable) throw new Unscannable(unreadable[0]);
  const gzip = buf[0] === 0x1f && buf[1] === 0x8b;
  // Only binary content: two bytes of text can look like a zlib header ("x^"), and a text can quote "%PDF-".
  const zlib = isZlib(buf) && binaryLooking(buf, name);
  const pdf = isPdf(buf) && binaryLooking(buf, name);
  if ((gzip || isZip(buf) || zlib || pdf) && depth >= 2) throw new Unscannable("an archive nested more than twice");
  if (isZip(buf)) {
    const texts = zipEntries(buf).map(([entry, bytes]) => `${entry}:\n${textOf(bytes, entry, depth + 1)}`);
    return ["unzip", texts.join("\n")];
  }
  if (pdf) {
    // Its own strings (what is not compressed), then each FlateDecode stream inflated and decoded again.
    const texts = pdfStreams(buf).map(([where, bytes]) => {
      const text = textOf(bytes, name, depth + 1);
      return `${where}:\n${text}\n${joinedShowText(text)}`;
    });
    return ["pdf", [strings(buf), ...texts].join("\n")];
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
  if (zlib) {
    const inner = zlibContent(buf);
    if (inner === undefined) throw new Unscannable("zlib stream not valid deflate");
    return ["zlib", textOf(inner, name, depth + 1)];
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
  /** Writes `text` as the copy of kind `kind` of the file at `abs` (`rel` as scanned). */
  const addCopy = (abs, rel, kind, text) => {
    root ??= mkdtempSync(join(tmpdir(), "golive-scan-text-"));
    const copy = copyPath(root, kind, rel.startsWith("..") ? abs.replace(/^\/+/, "") : rel);
    mkdirSync(dirname(copy), { recursive: true });
    writeFileSync(copy, text);
    copies.push({ original: abs, copy, kind });
  };
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
      const encoded = content.whole ? base64Text(decoded?.[1] ?? content.buf.toString("latin1")) : "";
      if (encoded !== "") addCopy(abs, rel, "base64", encoded);
      if (decoded === undefined && !hidden) continue;
      if (decoded === undefined && !content.whole) throw new TooLarge();
      const [kind, text] = decoded ?? ["path", content.buf];
      addCopy(abs, rel, kind, text);
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
