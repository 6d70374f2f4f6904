import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppConfig } from "../../config/schema";
import { synthesizeToDisk } from "../synth/synthesize";
import { stackJsonPath } from "../zone/load";
import { synthesizedRecords } from "./synth-records";
import type { ExpectedRecord } from "../../core/verify/types";

/** Stack directories of one environment: `<kind>-<env>` (kinds are single words). */
export function environmentStacks(outdir: string, env: string): string[] {
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return [];
  const pattern = new RegExp(`^[a-z0-9]+-${env.replace(/[^a-z0-9-]/g, "")}$`);
  return readdirSync(stacks)
    .filter((d) => pattern.test(d) && existsSync(join(stacks, d, "cdk.tf.json")))
    .sort();
}

function readRecords(outdir: string, stacks: readonly string[], zone: string): ExpectedRecord[] {
  return stacks.flatMap((stack) => {
    const file = stackJsonPath(outdir, stack);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return synthesizedRecords(stack, json, zone);
  });
}

export interface ExpectedRecords {
  readonly records: ExpectedRecord[];
  /** Where they came from: the synth directory, or a fresh synth when it held no stack of this env. */
  readonly source: string;
}

/** Records of the environment's synthesized stacks; synthesizes into a temp dir when `outdir` has none. */
export function loadExpectedRecords(outdir: string, cfg: AppConfig): ExpectedRecords {
  const zone = cfg.cloudflare.zone.name;
  const stacks = environmentStacks(outdir, cfg.environment);
  if (stacks.length > 0) return { records: readRecords(outdir, stacks, zone), source: outdir };
  const tmp = mkdtempSync(join(tmpdir(), "golive-verify-synth-"));
  try {
    const out = join(tmp, "cdktf.out");
    synthesizeToDisk({ configs: new Map([[cfg.environment, cfg]]), outdir: out });
    return { records: readRecords(out, environmentStacks(out, cfg.environment), zone), source: "a fresh synth (no stacks in the synth directory)" };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
