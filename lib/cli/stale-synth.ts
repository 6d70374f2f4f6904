import { ConfigErrors } from "../config/errors";
import type { AppConfig } from "../config/schema";
import { displayPath } from "../core/display-path";
import { readSynthRecord } from "../engines/synth/record";
import { staleEnvironments } from "../engines/synth/stale";
import { configuredEnvironments } from "./environments";

/**
 * The line a command prints when the synth output in `dir` is not what the config says for the
 * environments it reads (`named`, else every loaded one): made from another config, or never made;
 * undefined when it is current (or carries no record of its configs). One wording for check, zone,
 * plan and verify: what is wrong, and the synth to run.
 */
export function staleSynthMessage(
  command: string,
  dir: string,
  loaded: ReadonlyMap<string, AppConfig>,
  named: readonly string[],
  cwd: string,
): string | undefined {
  const { stale, missing } = staleEnvironments(dir, loaded, named);
  if (stale.length === 0 && missing.length === 0) return undefined;
  const out = displayPath(cwd, dir);
  const reasons = [
    ...(stale.length > 0 ? [`${out} was synthesized from another config of ${stale.join(", ")}`] : []),
    ...(missing.length > 0 ? [`${out} holds no synth of ${missing.join(", ")}`] : []),
  ];
  return `golive ${command}: ${reasons.join("; ")}; run golive synth ${[...stale, ...missing].join(" ")}, then ${command} again`;
}

/**
 * For a command that reads a synth output it did not just make (zone, plan, verify): the line(s) to
 * print when `dir` is not what today's configs of `envs` say (or a config is invalid); undefined when it
 * is, or when the output carries no golive record of its configs (another tool wrote it), or none of
 * `envs` has a config. Loads only those configs, and only when there is a record to compare with.
 */
export function synthStaleness(command: string, dir: string, configDir: string, envs: readonly string[], cwd: string): string | undefined {
  if (readSynthRecord(dir).size === 0) return undefined;
  const configured = configuredEnvironments(configDir) ?? [];
  const wanted = envs.filter((env) => configured.includes(env));
  if (wanted.length === 0) return undefined;
  // Loaded only here: the config modules cost a command that reads no config a noticeable start-up.
  const { loadEnvironments } = require("../engines/config/load") as typeof import("../engines/config/load");
  try {
    return staleSynthMessage(command, dir, loadEnvironments(configDir, wanted, cwd), wanted, cwd);
  } catch (err) {
    if (!(err instanceof ConfigErrors)) throw err;
    return err.message;
  }
}
