import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { field } from "../../core/json";
import { writeFileAtomic } from "../../core/write-file-atomic";

/** Written into `.terraform` after a successful init: what that init was made for. */
const INIT_MARKER = join(".terraform", "golive-init.sha256");
export const LOCK_FILE = ".terraform.lock.hcl";

/**
 * What a stack's `terraform init` depends on: its terraform block (required providers, backend) and
 * its dependency lock file. A change in either (a new provider version, a lock copied in by synth, a
 * new backend) needs a new init; anything else in the stack does not.
 */
export function initFingerprint(stackDir: string, stackJson: unknown): string {
  const lock = join(stackDir, LOCK_FILE);
  return createHash("sha256")
    .update(JSON.stringify(field(stackJson, "terraform") ?? null))
    .update("\u0000")
    .update(existsSync(lock) ? readFileSync(lock) : "")
    .digest("hex");
}

/** Whether `terraform init` must run: no `.terraform` yet, or it was made for other providers or another lock. */
export function needsInit(stackDir: string, stackJson: unknown): boolean {
  if (!existsSync(join(stackDir, ".terraform"))) return true;
  const marker = join(stackDir, INIT_MARKER);
  return !existsSync(marker) || readFileSync(marker, "utf8").trim() !== initFingerprint(stackDir, stackJson);
}

/** Records a successful init (after it: init may have written the lock file). */
export function recordInit(stackDir: string, stackJson: unknown): void {
  writeFileAtomic(join(stackDir, INIT_MARKER), `${initFingerprint(stackDir, stackJson)}\n`);
}
