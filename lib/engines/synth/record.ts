import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { AppConfig } from "../../config/schema";
import { readJsonFile } from "../../core/synth-output";
import { adoptionOf } from "../../features/edge/adoption";

/** What golive records next to cdktf's manifest: which config each environment was synthesized from. */
export const SYNTH_RECORD = "golive.json";

const SynthRecord = z.object({ environments: z.record(z.string(), z.string()) });

/**
 * A fingerprint of one environment's validated config and its adoptions (config/adopt/<env>.json, which
 * add import blocks): a stale synth output shows as a mismatch.
 */
export function configFingerprint(cfg: AppConfig): string {
  return createHash("sha256")
    .update(JSON.stringify(cfg))
    .update("\u0000")
    .update(JSON.stringify(adoptionOf(cfg) ?? null))
    .digest("hex");
}

/** Environment -> fingerprint of the config a synth output was made from (empty when unrecorded). */
export function readSynthRecord(outdir: string): Map<string, string> {
  const file = join(outdir, SYNTH_RECORD);
  if (!existsSync(file)) return new Map();
  const parsed = SynthRecord.safeParse(readJsonFile(file));
  return new Map(parsed.success ? Object.entries(parsed.data.environments) : []);
}
