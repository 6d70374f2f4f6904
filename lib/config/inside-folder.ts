import { readlinkSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { displayPath } from "../core/display-path";
import { kindOf, UnsafeOutputError } from "../core/output-file";
import { isSameOrAncestor, lstatOrUndefined, realish, statOrUndefined } from "../core/path-safety";

/** What golive was about to do with a file of the config folder, for the refusal's wording. */
export type ConfigFileUse = "read" | "write" | "remove";

const NOT_DONE: Readonly<Record<ConfigFileUse, string>> = {
  read: "not read",
  write: "nothing was written",
  remove: "not removed",
};

/**
 * A file of the config folder (a config, a protected inventory, an adopt file), or a folder on its way
 * there, that is a symbolic link leading out of it: refused before it is read, written or removed, as a
 * usage error (one line, exit 2; lib/cli/main.ts prints it). Followed, `config/qa.yaml -> /etc/shadow`
 * or `-> ../.env` would have its lines quoted back in config errors, and `config/protected -> /tmp/x`
 * would have `--record-protected` write where no review sees it; a config is reviewed where it lives,
 * so its links stay inside that folder. `file` is the link itself, which may be a folder on the way.
 */
export class ConfigLinkError extends Error {
  constructor(
    readonly file: string,
    readonly folder: string,
    readonly target: string,
    readonly use: ConfigFileUse = "read",
  ) {
    super(configLinkMessage(file, folder, target, use, undefined));
    this.name = "ConfigLinkError";
  }

  /** The message with paths relative to the working directory `cwd` when inside it. */
  describe(cwd: string): string {
    return configLinkMessage(this.file, this.folder, this.target, this.use, cwd);
  }
}

function configLinkMessage(file: string, folder: string, target: string, use: ConfigFileUse, cwd: string | undefined): string {
  const shown = (p: string) => (cwd === undefined ? p : displayPath(cwd, p));
  return `${shown(file)} is a symbolic link to ${shown(target)}, outside the config folder (${shown(folder)}); ${NOT_DONE[use]}: links must stay inside the config folder`;
}

/** `file` and every folder between `folder` and it, outermost first; undefined when `file` is not inside `folder`. */
function pathsBelow(file: string, folder: string): string[] | undefined {
  const rel = relative(resolve(folder), resolve(file));
  if (rel === "" || !isSameOrAncestor(resolve(folder), resolve(file))) return undefined;
  const paths: string[] = [];
  for (const name of rel.split(sep)) paths.push(join(paths.at(-1) ?? resolve(folder), name));
  return paths;
}

/** Where the link `link` leads: its real path, or for a link to nothing, the path it names. */
function linkTarget(link: string): string {
  try {
    return realpathSync(link);
  } catch {
    try {
      return realish(resolve(dirname(link), readlinkSync(link)));
    } catch {
      return resolve(link);
    }
  }
}

/**
 * Throws ConfigLinkError when `file`, or a folder on its way inside `folder`, is a link whose real path
 * is outside `folder`'s real path, naming the outermost such link (`config/protected` when that folder is
 * the link, not the file inside it). Checked whether or not `file` exists yet: a write would go through
 * the same link. A missing file or a link to nothing inside the folder passes: the reader says so.
 */
export function checkInsideConfigFolder(file: string, folder: string, use: ConfigFileUse = "read"): void {
  let root: string;
  try {
    root = realpathSync(folder);
  } catch {
    return; // no config folder: reading it reports that
  }
  for (const path of pathsBelow(file, folder) ?? [file]) {
    const st = lstatOrUndefined(path);
    if (st === undefined) return; // nothing further exists, so nothing further is followed
    if (!st.isSymbolicLink()) continue;
    const target = linkTarget(path);
    if (!isSameOrAncestor(root, target)) throw new ConfigLinkError(path, folder, target, use);
  }
}

/**
 * Before golive writes `file` into the config folder (`--record-protected`, `preflight --write`): a link
 * on its way out of the folder is refused (ConfigLinkError), and so is a folder on its way that is not a
 * folder (`config/protected` saved as a file) or a file that is not a regular file, naming it as
 * `displayBase` (the working directory) shows paths (UnsafeOutputError: one line, exit 2). Judged for
 * every file before the first is written, nothing is half-written.
 */
export function checkConfigFileWritable(file: string, folder: string, displayBase?: string): void {
  checkInsideConfigFolder(file, folder, "write");
  const shown = (p: string) => (displayBase === undefined ? p : displayPath(displayBase, p));
  const paths = pathsBelow(file, folder) ?? [file];
  for (const path of paths) {
    if (lstatOrUndefined(path) === undefined) return; // made by the write
    const st = statOrUndefined(path);
    const isFile = path === paths.at(-1);
    if (st !== undefined && (isFile ? st.isFile() : st.isDirectory())) continue;
    const what = st === undefined ? "a symbolic link to nothing" : kindOf(st);
    const say = (show: (p: string) => string) =>
      isFile
        ? `${show(path)} is ${what}, not a regular file; allowed: a file golive writes; nothing was written`
        : `${show(path)} is ${what}, not a folder; allowed: a folder, where golive writes ${relative(path, file).split(sep).join("/")}; nothing was written`;
    throw new UnsafeOutputError(say(shown), (cwd) => say((p) => displayPath(displayBase ?? cwd, p)));
  }
}
