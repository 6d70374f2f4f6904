import { readdirSync } from "node:fs";
import { extname } from "node:path";
import { environmentNameProblem } from "../../core/fields";

/** The names a config folder may hold and the ones it passes over. */

/** The extensions of a config file, lower case: `<environment>.yaml`. */
export const CONFIG_EXTENSIONS = [".yaml", ".yml", ".json"] as const;

/** How many skipped names a message lists; the rest are counted. */
const SHOWN = 5;

/**
 * Files of the config folder whose names look like a config but that golive does not read as one
 * (`staging.YAML`, `staging.yaml~`, `production.json.bak`): a folder holding only such files would
 * otherwise be "no environment", with nothing saying which file was passed over. Sorted; none when the
 * folder cannot be read (its own error says so).
 */
export function skippedConfigFiles(configDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(configDir);
  } catch {
    return [];
  }
  const taken = (name: string) => (CONFIG_EXTENSIONS as readonly string[]).includes(extname(name));
  return names.filter((n) => /\.(ya?ml|json)/i.test(n) && !n.endsWith(".schema.json") && !taken(n)).sort();
}

/** The names a config folder's files may have, as messages say it. */
export const ALLOWED_CONFIG_NAMES = `<environment>${CONFIG_EXTENSIONS.join(", ")}, the extension in lower case`;

/**
 * The name golive would read a skipped file under (`uat.YAML` and `uat.yaml~` -> `uat.yaml`,
 * `uat.json.bak` -> `uat.json`): the user's own environment as the example of a right name, never a
 * name of golive's examples. Undefined when what precedes the extension is no environment name.
 */
export function readableName(file: string): string | undefined {
  const match = /^(.+?)\.(ya?ml|json)/i.exec(file);
  const [stem, ext] = [match?.[1], match?.[2]];
  if (stem === undefined || ext === undefined || environmentNameProblem(stem) !== undefined) return undefined;
  return `${stem}.${ext.toLowerCase()}`;
}

/** `files` as a message part: what was skipped and what is allowed; empty when none were skipped. */
export function describeSkipped(files: readonly string[]): string {
  if (files.length === 0) return "";
  const shown = files.slice(0, SHOWN).join(", ");
  const more = files.length > SHOWN ? ` and ${files.length - SHOWN} more` : "";
  const example = files.map(readableName).find((name) => name !== undefined);
  return ` (skipped ${shown}${more}; allowed: ${ALLOWED_CONFIG_NAMES}${example === undefined ? "" : `, such as ${example}`})`;
}
