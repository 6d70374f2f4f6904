import { App } from "cdktf";
import { existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { AppConfig } from "../../config/schema";
import { buildEnvironmentStacks } from "../../../stacks";

export interface SynthOptions {
  readonly configs: ReadonlyMap<string, AppConfig>;
  /** Final output directory, as `cdktf synth` uses it. */
  readonly outdir: string;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly string[];
}

/** Builds every stack of every environment into a fresh App (no I/O). */
export function buildApp(configs: ReadonlyMap<string, AppConfig>, outdir: string): { app: App; stacks: string[] } {
  const app = new App({ outdir, stackTraces: false });
  const stacks: string[] = [];
  for (const cfg of configs.values()) {
    for (const stack of buildEnvironmentStacks(app, cfg)) stacks.push(stack.node.id);
  }
  return { app, stacks };
}

/**
 * Synthesizes into a temporary sibling directory, then swaps it into place, so a failure leaves an
 * existing output untouched and a reader never sees half a synth.
 */
export function synthesizeToDisk(options: SynthOptions): SynthResult {
  const outdir = resolve(options.outdir);
  const tmp = join(dirname(outdir), `.golive-tmp-synth-${process.pid}-${Date.now()}`);
  try {
    const { app, stacks } = buildApp(options.configs, tmp);
    app.synth();
    const old = `${tmp}-old`;
    if (existsSync(outdir)) renameSync(outdir, old);
    renameSync(tmp, outdir);
    rmSync(old, { recursive: true, force: true });
    return { outdir, stacks };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
