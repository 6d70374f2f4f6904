import { join, relative, sep } from "node:path";

/**
 * The JSON Schema of the golive that runs (`npm run schema` regenerates it there): the one a pointer
 * should name, as it describes exactly what this golive's loader accepts. A copy next to each config
 * would go stale at the next upgrade.
 */
export const SCHEMA_FILE = join(__dirname, "..", "..", "..", "config", "golive.schema.json");

/**
 * The first line of a YAML config written into `folder`: yaml-language-server resolves `$schema` from the
 * file's own folder, so the path is relative to it (`./golive.schema.json` in config/,
 * `../config/golive.schema.json` in envs/), as the example configs do.
 */
export function schemaPointer(folder: string, schemaFile: string = SCHEMA_FILE): string {
  const path = relative(folder, schemaFile).split(sep).join("/");
  return `# yaml-language-server: $schema=${path.startsWith("../") ? path : `./${path}`}`;
}
