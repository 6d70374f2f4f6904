import { readdirSync } from "node:fs";
import { extname } from "node:path";

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

/** `files` as a message part: what was skipped and what is allowed; empty when none were skipped. */
export function describeSkipped(files: readonly string[]): string {
  if (files.length === 0) return "";
  const shown = files.slice(0, SHOWN).join(", ");
  const more = files.length > SHOWN ? ` and ${files.length - SHOWN} more` : "";
  return ` (skipped ${shown}${more}; allowed: <environment>${CONFIG_EXTENSIONS.join(", ")}, the extension in lower case, such as staging.yaml)`;
}
