import { existsSync } from "node:fs";
import { join } from "node:path";
import { configDirOption, configDirSuffix } from "../../core/config-dir-argument";
import { displayPath } from "../../core/display-path";
import { realish } from "../../core/path-safety";
import { listSynthesizedStacks, manifestPath } from "../../core/synth-output";
import { CONFIG_EXTENSIONS } from "../config/file-names";
import { UnsafeOutputError } from "./output-guard";
import { parseStackName } from "./deploy-order";
import { readPreviousSynthRecord, type SynthOutputRecord } from "./record";

/**
 * One synth output is the synth of one config folder. A synth drops the stacks of an environment whose
 * config file is gone; read from another folder, every environment of the first looks gone, so a synth
 * with another --config-dir would silently delete them (their `.terraform` and lock files too).
 * Whether a file is really gone is told by the folder the output records (record.ts).
 */

/** An output's environments that another config folder than the one read still configures. */
export interface OtherConfigFolder {
  /** That folder, as recorded in the output. */
  readonly folder: string;
  /** Its environments the output holds and the folder read has no config file for, sorted. */
  readonly environments: readonly string[];
  /** Their stacks in the output, sorted. */
  readonly stacks: readonly string[];
}

const hasConfigFile = (folder: string, env: string) => CONFIG_EXTENSIONS.some((ext) => existsSync(join(folder, `${env}${ext}`)));

/**
 * The other config folder the output in `outdir` was synthesized from, when it still holds the config
 * file of an environment the output holds that `configured` (the environments of `configDir`, the
 * folder read) lacks; undefined when the output records no folder (an older golive's), records this
 * one, or every such file is gone there too.
 */
export function otherConfigFolder(
  outdir: string,
  configDir: string,
  configured: readonly string[],
  record: SynthOutputRecord = readPreviousSynthRecord(outdir),
): OtherConfigFolder | undefined {
  const folder = record.configDir;
  if (folder === undefined || realish(folder) === realish(configDir) || !existsSync(manifestPath(outdir))) return undefined;
  const byEnv = new Map<string, string[]>();
  for (const env of record.environments.keys()) byEnv.set(env, []);
  for (const { name } of listSynthesizedStacks(outdir)) {
    const env = parseStackName(name)?.environment;
    if (env !== undefined) byEnv.set(env, [...(byEnv.get(env) ?? []), name]);
  }
  const environments = [...byEnv.keys()].filter((env) => !configured.includes(env) && hasConfigFile(folder, env)).sort();
  if (environments.length === 0) return undefined;
  return { folder, environments, stacks: environments.flatMap((env) => byEnv.get(env) ?? []).sort() };
}

/**
 * Refuses, before anything is written, a synth from `configDir` (whose environments are `configured`)
 * into an output made from another config folder that still configures environments this one lacks:
 * it would drop their stacks. Paths in the message are relative to the working directory.
 */
export function checkSameConfigFolder(outdir: string, configDir: string, configured: readonly string[]): void {
  const other = otherConfigFolder(outdir, configDir, configured);
  if (other === undefined) return;
  const { folder, environments, stacks } = other;
  const them = stacks.length === 1 ? "it" : "them";
  const say = (show: (p: string) => string, flag: string) =>
    `${show(outdir)} holds the ${stacks.length === 1 ? "stack" : `${stacks.length} stacks`} of ${environments.join(", ")}, synthesized from ${show(folder)} (their config files are there, not in ${show(configDir)}); a synth from ${show(configDir)} would drop ${them} with their .terraform and lock files, so nothing was written: synthesize ${show(configDir)} into a folder of its own (golive synth${flag} --output DIR)`;
  throw new UnsafeOutputError(
    say((p) => p, configDirOption(configDir)),
    (cwd) => say((p) => displayPath(cwd, p), configDirSuffix(configDir, cwd)),
  );
}
