import { readFileSync } from "node:fs";
import { join } from "node:path";

/** This checkout's version, from package.json: read only when asked (`--version`), never at start-up. */
export function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "unknown";
}
