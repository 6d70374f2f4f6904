import { statSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../example-config";

/** The one file of config/ that golive ships (`npm run schema` writes it); the rest of config/ is the user's. */
const SHIPPED_IN_CONFIG = "config/golive.schema.json";

/**
 * What a repository-relative path a page names is: a file, a folder, or nothing. The pages describe
 * the example environments (`config/production.yaml`), which the user removes from config/ (README
 * quickstart) and the suite keeps in __tests__/fixtures/config: a path under config/ is looked up
 * there, so the answer never depends on the user's config/, and a config file no example is
 * (`config/prod.yaml`) is still missing. Every other path, the shipped schema included, is looked up
 * under `root` (the repository). Tests reach repository paths known only at run time through here.
 */
export function repoEntry(path: string, root: string = REPO_ROOT): "file" | "directory" | undefined {
  const inConfig = path.startsWith("config/") && path !== SHIPPED_IN_CONFIG;
  const stats = statSync(inConfig ? join(EXAMPLE_CONFIG_DIR, path.slice("config/".length)) : join(root, path), {
    throwIfNoEntry: false,
  });
  if (stats === undefined) return undefined;
  return stats.isDirectory() ? "directory" : "file";
}

/** Whether a path a page names exists (see repoEntry: config/ paths are the examples'). */
export function repoFileExists(path: string, root: string = REPO_ROOT): boolean {
  return repoEntry(path, root) !== undefined;
}
