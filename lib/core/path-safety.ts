import { existsSync, lstatSync, realpathSync, type Stats, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";

/** The path with every existing ancestor's symlinks resolved, so `out -> .` is seen for what it is. */
export function realish(path: string): string {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(existing.slice(dirname(existing).length + 1));
    existing = dirname(existing);
  }
  try {
    return resolve(realpathSync(existing), ...rest);
  } catch {
    return resolve(path);
  }
}

/**
 * Whether `path` is `ancestor` or lies inside it (both absolute). Outside is `..` or a path starting
 * `../`: a name that only starts with two dots (`..notes.md`) is inside.
 */
export function isSameOrAncestor(ancestor: string, path: string): boolean {
  const rel = relative(ancestor, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/** Whether a folder of `path` (or the path itself) is named `.git`: a repository's own files. */
export function insideGitFolder(path: string): boolean {
  return resolve(path).split(sep).includes(".git");
}

/** Most file systems (ext4, APFS, NTFS) allow at most 255 bytes in one name. */
const MAX_NAME_BYTES = 255;

/**
 * What is wrong when a name in `path` is longer than a file system allows (the name cut short, so a
 * message stays one line); undefined when every name fits.
 */
export function overlongName(path: string): string | undefined {
  const name = resolve(path)
    .split(sep)
    .find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
  if (name === undefined) return undefined;
  return `a name in the path is ${Buffer.byteLength(name)} bytes long (a file system allows ${MAX_NAME_BYTES}): ${name.slice(0, 24)}...`;
}

/** The path's own status (a link is a link), or undefined when there is nothing there. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** The status of what the path leads to (links followed), or undefined when nothing is there. */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
