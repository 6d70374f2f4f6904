import { ConfigErrors } from "../config/errors";
import type { AppConfig } from "../config/schema";
import { configDirSuffix, shellWord } from "../core/config-dir-argument";
import { displayPath } from "../core/display-path";
import { readSynthOutputRecord } from "../engines/synth/record";
import { otherConfigFolder } from "../engines/synth/config-folder";
import { DEFAULT_SYNTH_DIR } from "../engines/synth/output-layout";
import { recordMismatches, type Staleness, staleEnvironments } from "../engines/synth/stale";
import { configuredEnvironments } from "./environments";

const NONE: Staleness = { stale: [], missing: [], altered: [], orphaned: [] };

/** The folders a command read, as the synth it suggests must name them. */
interface Folders {
  readonly dir: string;
  readonly configDir: string;
  readonly cwd: string;
}

/** The flag each command reads its synth folder from (path-flags.ts, synthDirFlag). */
const SYNTH_DIR_FLAG: Readonly<Record<string, string>> = { plan: "synth-dir" };

/**
 * When the output was synthesized from another config folder that still configures environments this
 * one lacks (config-folder.ts), the one line that says so: a synth from this folder would be refused
 * (it would drop them), so it is never the synth suggested.
 */
function otherFolderLine(command: string, { dir, configDir, cwd }: Folders, configured: readonly string[]): string | undefined {
  const other = otherConfigFolder(dir, configDir, configured);
  if (other === undefined) return undefined;
  const [out, from, read] = [dir, other.folder, configDir].map((p) => displayPath(cwd, p));
  const [theirs, mine] = [other.folder, configDir].map((p) => configDirSuffix(p, cwd));
  const flag = SYNTH_DIR_FLAG[command] ?? "dir";
  return `golive ${command}: ${out} was synthesized from ${from}, not ${read}: it holds the stacks of ${other.environments.join(", ")}, whose config files are in ${from}; run golive ${command}${theirs}, or synthesize ${read} into a folder of its own (golive synth${mine} --output DIR), then golive ${command}${mine} --${flag} DIR`;
}

/**
 * The one line for a stale synth output, the same for every command: what is wrong with which
 * environment, and the synth to run (one that names no environment for a config file that is gone:
 * any synth drops its stacks), with the --config-dir and --output the command read: a bare `golive
 * synth` would read config/ and write cdktf.out. Undefined when nothing is.
 */
function staleLine(
  command: string,
  { dir, configDir, cwd }: Folders,
  found: Staleness,
  configured?: readonly string[],
): string | undefined {
  const { stale, missing, altered, orphaned } = found;
  const out = displayPath(cwd, dir);
  const reasons = [
    ...(stale.length > 0 ? [`${out} was synthesized from another config of ${stale.join(", ")}`] : []),
    ...(missing.length > 0 ? [`${out} holds no synth of ${missing.join(", ")}`] : []),
    ...altered.flatMap(({ environment, gone, added, edited }) => [
      ...(gone.length > 0 ? [`${out} lacks ${gone.join(", ")}, which golive synth wrote for ${environment}`] : []),
      ...(added.length > 0 ? [`${out} holds ${added.join(", ")}, which golive synth did not write for ${environment}`] : []),
      ...(edited.length > 0
        ? [`${out} holds ${edited.join(", ")} changed since golive synth wrote ${edited.length === 1 ? "it" : "them"} for ${environment}`]
        : []),
    ]),
    ...(orphaned.length > 0
      ? [`${out} holds the stacks of ${orphaned.join(", ")}, whose config file is gone (any golive synth drops them)`]
      : []),
  ];
  if (reasons.length === 0) return undefined;
  const other = otherFolderLine(command, { dir, configDir, cwd }, configured ?? configuredEnvironments(configDir) ?? []);
  if (other !== undefined) return other;
  const envs = [...stale, ...missing, ...altered.map((a) => a.environment)];
  const output = out === DEFAULT_SYNTH_DIR ? "" : ` --output ${shellWord(out)}`;
  const synth = `golive synth${envs.map((env) => ` ${env}`).join("")}${configDirSuffix(configDir, cwd)}${output}`;
  return `golive ${command}: ${reasons.join("; ")}; run ${synth}, then ${command} again`;
}

/**
 * The line a command prints when the synth output in `dir` is not what the config says for the
 * environments it reads (`named`, else every loaded one and every one the output holds): made from
 * another config, never made, its stacks not the ones golive synth wrote or changed since, or (with
 * `configured`, the environments with a config file) holding an environment whose config file is gone;
 * undefined when it is current (or carries no record of its configs). One wording for check, zone,
 * plan, verify and stacks.
 */
export function staleSynthMessage(
  command: string,
  dir: string,
  configDir: string,
  loaded: ReadonlyMap<string, AppConfig>,
  named: readonly string[],
  cwd: string,
  configured?: readonly string[],
): string | undefined {
  return staleLine(command, { dir, configDir, cwd }, staleEnvironments(dir, loaded, named, configured), configured);
}

/**
 * What the output's own record shows without loading a config (stacks, which lists what the workflows
 * deploy, and a command about to synthesize anyway): stacks that are not the ones golive synth wrote
 * (or changed since) and, when `configDir` tells which environments have a config file, environments
 * whose file is gone.
 * `onlyOrphaned` leaves out the stacks a synth about to run makes again.
 */
export function recordedStaleness(
  command: string,
  dir: string,
  configDir: string,
  named: readonly string[],
  cwd: string,
  options: { readonly onlyOrphaned?: boolean } = {},
): string | undefined {
  const configured = configuredEnvironments(configDir);
  const { altered, orphaned } = recordMismatches(dir, configured, named);
  return staleLine(command, { dir, configDir, cwd }, { ...NONE, altered: options.onlyOrphaned ? [] : altered, orphaned }, configured);
}

/**
 * For a command that reads a synth output it did not just make (zone, plan, verify): the line(s) to
 * print when `dir` is not what today's configs of `envs` say (or a config is invalid, or one is gone);
 * undefined when it is, or when the output carries no golive record of its configs (another tool wrote
 * it), or the config folder cannot be listed. Loads only the configs of `envs`, and only when there is a
 * record to compare with.
 */
export function synthStaleness(command: string, dir: string, configDir: string, envs: readonly string[], cwd: string): string | undefined {
  if (readSynthOutputRecord(dir).environments.size === 0) return undefined;
  const configured = configuredEnvironments(configDir);
  if (configured === undefined) return undefined;
  const wanted = envs.filter((env) => configured.includes(env));
  if (wanted.length === 0) return staleSynthMessage(command, dir, configDir, new Map(), envs, cwd, configured);
  // Loaded only here: the config modules cost a command that reads no config a noticeable start-up.
  const { loadEnvironments } = require("../engines/config/load") as typeof import("../engines/config/load");
  try {
    return staleSynthMessage(command, dir, configDir, loadEnvironments(configDir, wanted, cwd), envs, cwd, configured);
  } catch (err) {
    if (!(err instanceof ConfigErrors)) throw err;
    return err.message;
  }
}
