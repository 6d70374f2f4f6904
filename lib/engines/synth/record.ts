import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { AppConfig } from "../../config/schema";
import { readJsonFile } from "../../core/synth-output";
import { FEATURES } from "../../features";

/** What golive records next to cdktf's manifest: which config each environment was synthesized from. */
export const SYNTH_RECORD = "golive.json";

const SynthRecord = z.object({
  environments: z.record(z.string(), z.string()),
  /** Environment -> its secrets.github.deployAfter (null: none), for `golive stacks --json`; absent before it was recorded. */
  deployAfter: z.record(z.string(), z.string().nullable()).optional(),
});

/**
 * A fingerprint of one environment's validated config and what the stacks read besides it
 * (Feature.synthInputs: the edge's adoptions, config/adopt/<env>.json, which add import blocks): a stale
 * synth output shows as a mismatch.
 */
export function configFingerprint(cfg: AppConfig): string {
  const hash = createHash("sha256").update(JSON.stringify(cfg));
  for (const f of FEATURES) if (f.synthInputs) hash.update("\u0000").update(JSON.stringify(f.synthInputs(cfg)));
  return hash.digest("hex");
}

function readRecord(outdir: string): z.infer<typeof SynthRecord> | undefined {
  const file = join(outdir, SYNTH_RECORD);
  if (!existsSync(file)) return undefined;
  const parsed = SynthRecord.safeParse(readJsonFile(file, outdir));
  return parsed.success ? parsed.data : undefined;
}

/** Environment -> fingerprint of the config a synth output was made from (empty when unrecorded). */
export function readSynthRecord(outdir: string): Map<string, string> {
  return new Map(Object.entries(readRecord(outdir)?.environments ?? {}));
}

/**
 * Environment -> the environment it is deployed after (null: none), as the configs the output was made
 * from said (empty when unrecorded): the deploy workflow's promotion order, from `golive stacks --json`.
 */
export function readDeployAfter(outdir: string): Map<string, string | null> {
  return new Map(Object.entries(readRecord(outdir)?.deployAfter ?? {}));
}

/**
 * The record of a synth of `configs` into an output that keeps the `kept` environments (fingerprints)
 * of the `previous` output: theirs as recorded there, then the synthesized ones'.
 */
export function synthRecordText(configs: ReadonlyMap<string, AppConfig>, previous: string, kept: ReadonlyMap<string, string>): string {
  const before = readDeployAfter(previous);
  const environments = {
    ...Object.fromEntries(kept),
    ...Object.fromEntries([...configs].map(([env, cfg]) => [env, configFingerprint(cfg)])),
  };
  const deployAfter = {
    ...Object.fromEntries([...kept.keys()].map((env) => [env, before.get(env) ?? null])),
    ...Object.fromEntries([...configs].map(([env, cfg]) => [env, cfg.secrets?.github?.deployAfter ?? null])),
  };
  return `${JSON.stringify({ environments, deployAfter }, null, 2)}\n`;
}
