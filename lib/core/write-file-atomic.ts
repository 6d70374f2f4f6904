import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, type Stats, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** What a non-regular file is, for messages. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a named pipe";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The file a write to `file` must replace: `file` itself when absent or a regular file; the file a
 * symlink points to (so the link stays a link). Anything else (a device such as /dev/null, a pipe, a
 * directory, a link to nothing) is refused: renaming over it would destroy what golive did not create.
 */
function writeTarget(file: string): string {
  let st: Stats;
  try {
    st = lstatSync(file);
  } catch {
    return file;
  }
  if (st.isSymbolicLink()) {
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      throw new Error(`${file} is a symbolic link to a file that does not exist; nothing was written`);
    }
    return writeTarget(real);
  }
  if (!st.isFile()) throw new Error(`${file} is ${kindOf(st)}; golive writes only regular files, so it was left as it is`);
  return file;
}

/**
 * Writes a file atomically: a hidden temp file in the same directory, then a rename, so a reader (or a
 * crash) never sees half a file. Every golive command that writes a file goes through here.
 */
export function writeFileAtomic(file: string, text: string, options: { readonly mode?: number } = {}): void {
  const target = writeTarget(file);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.golive-${process.pid}-${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: "utf8", flag: "wx", ...(options.mode !== undefined ? { mode: options.mode } : {}) });
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
}
