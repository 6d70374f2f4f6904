#!/usr/bin/env node
// Writes git blobs to files with one `git cat-file --batch` (scripts/secret-scan.sh's history mode: a
// process per file version made that mode spend most of its time starting processes).
// Usage: node scripts/write-blobs.js <repo> <dest dir> < list, where the list holds NUL-terminated
// "<blob sha> <relative path>" entries; each blob is written to <dest dir>/<relative path>.
const { spawnSync } = require("node:child_process");
const { mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const [repo, dest] = process.argv.slice(2);
const entries = readFileSync(0, "utf8")
  .split("\0")
  .filter(Boolean)
  .map((entry) => ({ blob: entry.slice(0, entry.indexOf(" ")), file: entry.slice(entry.indexOf(" ") + 1) }));
const batch = spawnSync("git", ["-C", repo, "cat-file", "--batch"], {
  input: entries.map((e) => `${e.blob}\n`).join(""),
  maxBuffer: 1 << 30,
});
if (batch.status !== 0) {
  process.stderr.write(`write-blobs: git cat-file failed: ${batch.stderr}`);
  process.exit(2);
}
// Each answer is "<sha> <type> <size>\n<content>\n", in the order asked.
const out = batch.stdout;
let at = 0;
for (const { file } of entries) {
  const headerEnd = out.indexOf(10, at);
  const size = Number(out.toString("latin1", at, headerEnd).split(" ")[2]);
  const target = path.join(dest, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, out.subarray(headerEnd + 1, headerEnd + 1 + size));
  at = headerEnd + 1 + size + 1;
}
