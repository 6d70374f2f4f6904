import { realpathSync } from "node:fs";
import { displayPath } from "../core/display-path";
import { isSameOrAncestor, lstatOrUndefined } from "../core/path-safety";

/**
 * A file read from the config folder (a config, a protected inventory) that is a symbolic link leading
 * out of it: refused before it is read, as a usage error (one line, exit 2; lib/cli/main.ts prints
 * it). Followed, `config/qa.yaml -> /etc/shadow` or `-> ../.env` would have its lines quoted back in
 * config errors; a config is reviewed where it lives, so its links stay inside that folder.
 */
export class ConfigLinkError extends Error {
  constructor(
    readonly file: string,
    readonly folder: string,
    readonly target: string,
  ) {
    super(configLinkMessage(file, folder, target, undefined));
    this.name = "ConfigLinkError";
  }

  /** The message with paths relative to the working directory `cwd` when inside it. */
  describe(cwd: string): string {
    return configLinkMessage(this.file, this.folder, this.target, cwd);
  }
}

function configLinkMessage(file: string, folder: string, target: string, cwd: string | undefined): string {
  const shown = (p: string) => (cwd === undefined ? p : displayPath(cwd, p));
  return `${shown(file)} is a symbolic link to ${shown(target)}, outside the config folder (${shown(folder)}); not read: links must stay inside the config folder`;
}

/**
 * Throws ConfigLinkError when `file`, or a folder on its way inside `folder`, is a link whose real
 * path is outside `folder`'s real path. A missing file or a link to nothing passes: the reader says so.
 */
export function checkInsideConfigFolder(file: string, folder: string): void {
  if (lstatOrUndefined(file) === undefined) return;
  let real: string;
  let root: string;
  try {
    real = realpathSync(file);
    root = realpathSync(folder);
  } catch {
    return; // a link to nothing: reading it reports that
  }
  if (!isSameOrAncestor(root, real)) throw new ConfigLinkError(file, folder, real);
}
