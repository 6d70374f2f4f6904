import { mkdtempSync, rmSync } from "node:fs";
import { readStackJson, type SynthesizedStack } from "../../core/synth-output";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppConfig } from "../../config/schema";
import { environmentStacks } from "../zone/load";
import { synthesizedRecords } from "./synth-records";
import type { ExpectedRecord } from "../../core/verify/types";
import type { AfterApplyValues } from "../zone/after-apply";

function readRecords(stacks: readonly SynthesizedStack[], zone: string, values: AfterApplyValues): ExpectedRecord[] {
  return stacks.flatMap((stack) => synthesizedRecords(stack.name, readStackJson(stack), zone, values));
}

export interface ExpectedRecords {
  readonly records: ExpectedRecord[];
  /** The synth directory they were read from; undefined when it held no stack of this env and a fresh synth was read. */
  readonly synthDir?: string;
}

/**
 * Records of the environment's synthesized stacks, after-apply values (the DKIM tokens of `--values`)
 * filled in; synthesizes into a temp dir when `outdir` has none.
 */
export function loadExpectedRecords(outdir: string, cfg: AppConfig, values: AfterApplyValues = new Map()): ExpectedRecords {
  const zone = cfg.cloudflare.zone.name;
  const stacks = environmentStacks(outdir, cfg.environment);
  if (stacks.length > 0) return { records: readRecords(stacks, zone, values), synthDir: outdir };
  const tmp = mkdtempSync(join(tmpdir(), "golive-verify-synth-"));
  try {
    const out = join(tmp, "cdktf.out");
    // Loaded only here: reading an existing synth output must not pay for cdktf and the providers.
    const { synthesizeToDisk } = require("../synth/synthesize") as typeof import("../synth/synthesize");
    synthesizeToDisk({ configs: new Map([[cfg.environment, cfg]]), outdir: out });
    return { records: readRecords(environmentStacks(out, cfg.environment), zone, values) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
