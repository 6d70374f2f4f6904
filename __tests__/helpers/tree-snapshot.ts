import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Every file under `dir` (links not followed) with a hash of its content, "fifo" or "link": what a
 * refused command must leave as it is.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = e.isFile() ? createHash("sha256").update(readFileSync(p)).digest("hex") : e.isFIFO() ? "fifo" : "link";
    }
  };
  walk(dir);
  return out;
}
