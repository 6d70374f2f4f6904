import type { AppConfig } from "../../config/schema";
import { configFingerprint, readSynthRecord } from "./record";

/**
 * Of the environments wanted (those named, else every loaded one), the ones whose synthesized stacks in
 * `dir` were made from a config other than today's, and the ones not synthesized there at all
 * (golive.json, which every golive synth writes, says which); none when the output carries no such record
 * (written by another tool). `check`, `zone`, `plan` and `verify` stop on either: they would read stacks
 * that are not what the config says.
 */
export function staleEnvironments(
  dir: string,
  loaded: ReadonlyMap<string, AppConfig>,
  named: readonly string[],
): { stale: string[]; missing: string[] } {
  const record = readSynthRecord(dir);
  const wanted = [...loaded].filter(([env]) => record.size > 0 && (named.length === 0 || named.includes(env)));
  return {
    stale: wanted.filter(([env, cfg]) => record.has(env) && record.get(env) !== configFingerprint(cfg)).map(([env]) => env),
    missing: wanted.filter(([env]) => !record.has(env)).map(([env]) => env),
  };
}
