import { basename, extname, join } from "node:path";
import { displayPath } from "../core/display-path";
import { ALLOWED_CONFIG_NAMES, readableName, skippedConfigFiles } from "../engines/config/file-names";

/**
 * Files of the config folder that golive passes over for their names (`uat.YAML`, file-names.ts), said
 * where a command lists environments: read silently as "no such environment", `golive synth uat` said
 * only `unknown environment "uat"` while config/uat.YAML sat there.
 */

/** A command's config folder, and the working directory its messages show paths from. */
export interface ConfigFolder {
  readonly configDir: string;
  readonly cwd: string;
}

/** How many files a clause names; the rest are counted. */
const SHOWN = 5;

/** `files` (names in the folder) as one clause: which are not read, and the name that would be. */
function notRead(files: readonly string[], { configDir, cwd }: ConfigFolder): string {
  const shown = files.slice(0, SHOWN).map((f) => displayPath(cwd, join(configDir, f)));
  const more = files.length > SHOWN ? ` and ${files.length - SHOWN} more` : "";
  const one = files.length === 1 ? files[0] : undefined;
  const rename = one === undefined ? undefined : readableName(one);
  const fix = rename === undefined ? ` (allowed: ${ALLOWED_CONFIG_NAMES})` : `: rename it ${rename}`;
  return `${shown.join(", ")}${more} ${one === undefined ? "are" : "is"} not read, for ${one === undefined ? "their names" : "its name"}${fix}`;
}

/** The environment a skipped file would be read as, or undefined when its name gives none. */
function environmentOf(file: string): string | undefined {
  const name = readableName(file);
  return name === undefined ? undefined : basename(name, extname(name));
}

/**
 * The skipped files that look like the config of `env` (`uat.YAML`, `UAT.yml~` for uat), as a clause
 * for its unknown-environment error; undefined when none does.
 */
export function skippedFilesOf(env: string, folder: ConfigFolder): string | undefined {
  const files = skippedConfigFiles(folder.configDir).filter((f) => f.toLowerCase().startsWith(`${env.toLowerCase()}.`));
  return files.length === 0 ? undefined : notRead(files, folder);
}

/**
 * A note on the folder's skipped files, but for copies of a file that is read (`staging.yaml~` beside
 * `staging.yaml`: an editor's backup, not a config gone unread); undefined when there is none.
 */
export function skippedFilesNote(folder: ConfigFolder, configured: readonly string[]): string | undefined {
  const files = skippedConfigFiles(folder.configDir).filter((f) => {
    const env = environmentOf(f);
    return env === undefined || !configured.includes(env);
  });
  return files.length === 0 ? undefined : notRead(files, folder);
}
