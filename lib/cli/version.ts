import { readFileSync } from "node:fs";
import { join } from "node:path";

/** This checkout's version, from package.json (read when the CLI loads: one small file). */
export const VERSION: string = (() => {
  const pkg: unknown = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "unknown";
})();
