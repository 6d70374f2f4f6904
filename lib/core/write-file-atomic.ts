import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, type Stats, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { PathError } from "./display-path";
import { fsProblem } from "./fs-problem";
import { kindOf } from "./output-file";
import { statOrUndefined } from "./path-safety";

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
      throw new PathError(file, (f) => `${f} is a symbolic link to a file that does not exist; nothing was written`);
    }
    return writeTarget(real);
  }
  if (!st.isFile()) throw new PathError(file, (f) => `${f} is ${kindOf(st)}; golive writes only regular files, so it was left as it is`);
  return file;
}

/**
 * Creates `dir` and its missing parents one level at a time (`label` names the file in messages, `what`
 * says what did not happen). Not mkdirSync's `recursive`: on Node 20 it never returns for a path under
 * /proc (it retries the parent forever); one level at a time fails at once. `mode` is `dir`'s own, the
 * umask applied. @returns whether `dir` was created here
 */
export function makeFolders(dir: string, label: string, options: { mode?: number; what?: string } = {}): boolean {
  const missing: string[] = [];
  for (let d = dir; dirname(d) !== d; d = dirname(d)) {
    try {
      lstatSync(d);
    } catch {
      missing.unshift(d);
      continue;
    }
    // The folder the rest goes into must be one: a file there would fail later as a bare ENOTDIR.
    const st = statOrUndefined(d);
    if (!st?.isDirectory())
      throw new PathError(
        d,
        (f) => `${f} is ${st ? kindOf(st) : "a symbolic link to nothing"}, not a folder; ${options.what ?? "nothing was written"}`,
      );
    break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d, d === dir && options.mode !== undefined ? { mode: options.mode } : {});
    } catch (err) {
      throw new Error(`cannot create the folder ${basename(d)} for ${label}: ${fsProblem(err)}; ${options.what ?? "nothing was written"}`);
    }
  }
  return missing.includes(dir);
}

/** Removes what a failed write left; a failure here must not hide the write's own error. */
function removeLeftover(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // Nothing was created where the path cannot even be looked at (a file where a folder should be).
  }
}

/**
 * Writes a file atomically: a hidden temp file in the same directory, then a rename, so a reader (or a
 * crash) never sees half a file. Every golive command that writes a file goes through here; a file a
 * flag names is first judged by outputFileProblem (lib/core/output-file.ts).
 */
export function writeFileAtomic(
  file: string,
  text: string,
  options: {
    readonly mode?: number;
    /** How messages name the file, such as its path relative to the working directory. @default its path */
    readonly label?: string;
  } = {},
): void {
  const target = writeTarget(file);
  const label = options.label ?? target;
  makeFolders(dirname(target), label);
  const tmp = join(dirname(target), `.${basename(target)}.golive-${process.pid}-${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: "utf8", flag: "wx", ...(options.mode !== undefined ? { mode: options.mode } : {}) });
    renameSync(tmp, target);
  } catch (err) {
    throw new Error(`cannot write ${label}: ${fsProblem(err)}; nothing was written`);
  } finally {
    removeLeftover(tmp);
  }
}
