import { createHash } from "node:crypto";
import { closeSync, constants, openSync, readSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { BoundedReadError, readBoundedText } from "./bounded-read";

/**
 * golive's proof that it wrote a file whose text is not its own (the plan JSON `golive plan` saves is
 * Terraform's `terraform show -json`, which anyone can also make): a record beside it, naming the file
 * and the SHA-256 of what golive wrote. Such a file counts as golive's (and may be replaced) only while
 * the record names it and its bytes still hash the same: the same JSON made by hand, or the file edited
 * since, is someone else's. The name does not end in .json, so `plan-report plans/` never reads it.
 */
export const WRITTEN_RECORD = ".golive-written";

const RecordFile = z.strictObject({ v: z.literal(1), files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)) });

/** The record is one hash per file of a folder: a few KB; anything larger is not golive's. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** The record's hashes; undefined when the folder has no readable record (none, or not golive's). */
function readRecordFile(dir: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readBoundedText(join(dir, WRITTEN_RECORD), MAX_RECORD_BYTES);
  } catch (err) {
    if (err instanceof BoundedReadError) return undefined;
    throw err;
  }
  try {
    const parsed = RecordFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.files : undefined;
  } catch {
    return undefined;
  }
}

function readRecord(dir: string): Record<string, string> {
  return readRecordFile(dir) ?? {};
}

/** SHA-256 of a file's bytes, read in chunks (a plan can be hundreds of MB). */
function hashFile(file: string): string {
  const hash = createHash("sha256");
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null))
      hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/** Records that golive has just written `text` to `file` (call after the write). */
export function recordWritten(file: string, text: string): void {
  const dir = dirname(file);
  const files = { ...readRecord(dir), [basename(file)]: createHash("sha256").update(text, "utf8").digest("hex") };
  const record = join(dir, WRITTEN_RECORD);
  const tmp = `${record}.${process.pid}-${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify({ v: 1, files }, null, 2)}\n`, { flag: "wx", mode: 0o600 });
    renameSync(tmp, record);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * What the record beside the regular file `file` says of it: `recorded` (golive wrote these bytes),
 * `changed` (golive wrote it, with other bytes), `unlisted` (the record does not name it) or
 * `no-record` (the folder has no record: a file saved by hand, or plans an older golive wrote, before
 * it kept the record).
 */
export function recordStatus(file: string): "recorded" | "changed" | "unlisted" | "no-record" {
  const files = readRecordFile(dirname(file));
  if (files === undefined) return "no-record";
  const hash = files[basename(file)];
  if (hash === undefined) return "unlisted";
  return hashFile(file) === hash ? "recorded" : "changed";
}

/** Whether the regular file `file` is, byte for byte, what the record beside it says golive wrote. */
export function recordedAsWritten(file: string): boolean {
  return recordStatus(file) === "recorded";
}
