import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file atomically: a hidden temp file in the same directory, then a rename, so a reader (or a
 * crash) never sees half a file. Every golive command that writes a file goes through here.
 */
export function writeFileAtomic(file: string, text: string, options: { readonly mode?: number } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.golive-${process.pid}-${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: "utf8", flag: "wx", ...(options.mode !== undefined ? { mode: options.mode } : {}) });
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}
