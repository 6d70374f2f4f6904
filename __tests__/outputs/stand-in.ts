import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes `script` as an executable `terraform` in `<cwd>/.bin`; returns the PATH that finds it first. */
export function terraformOnPath(cwd: string, script: string): string {
  const bin = join(cwd, ".bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "terraform"), script);
  chmodSync(join(bin, "terraform"), 0o755);
  return `${bin}:/usr/bin:/bin`;
}
