#!/usr/bin/env node
// Terraform state saved as UTF-16 or UTF-32 with a byte order mark (PowerShell's `terraform state pull >
// backup.json` writes UTF-16LE): scripts/secret-scan.sh tells state by its keys with grep, which takes
// such a file for binary (its NUL bytes) and never reads it. Reads NUL-terminated paths relative to the
// folder in argv[2] on stdin; prints, NUL-terminated, each that starts with a byte order mark and, decoded
// (scripts/secret-scan-text.mjs), holds both "terraform_version" and "lineage". A file over 64 MB is
// left to the text scan, which refuses it.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { MAX_BYTES } from "./secret-scan-archives.mjs";
import { unicodeWithBom } from "./secret-scan-text.mjs";

const KEYS = [/"terraform_version"\s*:/, /"lineage"\s*:/];

/** Whether the file starts with FF FE or FE FF (UTF-16, or UTF-32LE's FF FE 00 00), read by its first bytes alone. */
function startsWithBom(file) {
  const fd = openSync(file, "r");
  try {
    if (fstatSync(fd).size > MAX_BYTES) return false;
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    return (
      n >= 2 &&
      ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || (n === 4 && head.readUInt32BE(0) === 0xfeff))
    );
  } finally {
    closeSync(fd);
  }
}

const root = process.argv[2] ?? ".";
const out = [];
for (const path of readFileSync(0).toString("utf8").split("\0")) {
  if (path === "") continue;
  const file = join(root, path);
  try {
    if (!startsWithBom(file)) continue;
    const text = unicodeWithBom(readFileSync(file))?.[1] ?? "";
    if (KEYS.every((key) => key.test(text))) out.push(`${path}\0`);
  } catch {
    // gone since it was listed, or not a file: nothing to tell
  }
}
process.stdout.write(out.join(""));
