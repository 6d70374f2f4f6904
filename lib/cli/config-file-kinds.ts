import { PathError } from "../core/display-path";
import { kindOf } from "../core/output-file";
import { statOrUndefined } from "../core/path-safety";

/**
 * A config file that is no regular file (a named pipe, a folder, a device named `qa.yaml`): refused
 * unread, as a config file linked out of the folder is (ConfigLinkError): one line naming it, exit 2
 * (lib/cli/main.ts), whichever environment the command names. Its content is not what is wrong: there is none to read.
 */
export class ConfigFileKindError extends PathError {}

/** Refuses the first of `files` (a config folder's, by environment) that exists and is no regular file; a link is judged by its target. */
export function refuseOddConfigFiles(files: ReadonlyMap<string, string>): void {
  for (const file of files.values()) {
    const st = statOrUndefined(file);
    if (st !== undefined && !st.isFile())
      throw new ConfigFileKindError(
        file,
        (f) => `${f} is ${kindOf(st)}, not a regular file; not read: a config must be a YAML or JSON file`,
      );
  }
}
