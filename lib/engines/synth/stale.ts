import type { AppConfig } from "../../config/schema";
import type { SynthesizedStack } from "../../core/synth-output";
import { stackFileDigest, stacksByEnvironment } from "./environment-stacks";
import { configFingerprint, readSynthOutputRecord, type SynthOutputRecord } from "./record";

/** An environment whose stacks in the manifest are not the ones golive synth recorded writing for it. */
export interface AlteredStacks {
  readonly environment: string;
  /** Recorded, but no longer listed with their file: a reader would silently pass over them. */
  readonly gone: readonly string[];
  /** Listed, but not written by the synth that recorded the environment. */
  readonly added: readonly string[];
  /**
   * Written by that synth, but its file is no longer what it wrote (its digest differs): a stack
   * hollowed out after synth would read as one with nothing wrong in it.
   */
  readonly edited: readonly string[];
}

/** What the record of a synth output (golive.json) tells without reading any config. */
export interface RecordMismatches {
  readonly altered: readonly AlteredStacks[];
  /** Environments the output holds (stacks or a record) with no config file any more. */
  readonly orphaned: readonly string[];
}

/** Why a synth output is not what today's configs say, by environment; all empty when it is. */
export interface Staleness extends RecordMismatches {
  /** Synthesized from a config other than today's. */
  readonly stale: readonly string[];
  /** Configured, but not synthesized there at all. */
  readonly missing: readonly string[];
}

const selected = (named: readonly string[]) => (env: string) => named.length === 0 || named.includes(env);

const without = (from: readonly string[], taken: readonly string[]) => from.filter((x) => !taken.includes(x));

/**
 * Of the environments wanted (those named, else all), the ones whose stacks in `dir` differ from the
 * stacks golive synth recorded writing for them (a stack deleted or added by hand: a readiness check
 * would pass over the missing one; or edited since, its file's digest not the one recorded), and, when
 * `configured` (the environments with a config file) is known, the ones the output holds whose config
 * file is gone (a synth drops them, synthesize.ts). Nothing without a record (an output another tool
 * wrote); an environment recorded without a stack list or digests (an older golive's output) is compared
 * by what was recorded. Only the wanted environments' stack files are read (hashed), each once.
 */
export function recordMismatches(
  dir: string,
  configured: readonly string[] | undefined,
  named: readonly string[],
  { environments: record, stacks: recorded, digests }: SynthOutputRecord = readSynthOutputRecord(dir),
): RecordMismatches {
  if (record.size === 0) return { altered: [], orphaned: [] };
  const wanted = selected(named);
  const present = stacksByEnvironment(dir);
  const held = [...new Set([...record.keys(), ...present.keys()])].sort();
  const orphaned = configured === undefined ? [] : held.filter((env) => wanted(env) && !configured.includes(env));
  const altered = [...new Set([...recorded.keys(), ...digests.keys(), ...present.keys()])]
    .sort()
    // Without a config, the environment is dropped by the next synth anyway: one reason is enough.
    .filter((env) => wanted(env) && !orphaned.includes(env))
    .map((environment) => {
      const stacks = present.get(environment) ?? [];
      const listed = stacks.map((s) => s.name);
      // With stack lists recorded, an environment the record lists none for has no stack golive wrote.
      const wrote = recorded.size === 0 ? listed : (recorded.get(environment) ?? []);
      const added = without(listed, wrote);
      // With digests recorded, a stack the record has no digest for is not as golive wrote it either.
      const changed = (s: SynthesizedStack) => {
        const recordedDigest = digests.get(environment)?.get(s.name);
        return recordedDigest === undefined || stackFileDigest(s.file) !== recordedDigest;
      };
      const edited = digests.size === 0 ? [] : stacks.filter((s) => !added.includes(s.name) && changed(s)).map((s) => s.name);
      return { environment, gone: without(wrote, listed), added, edited };
    })
    .filter((a) => a.gone.length > 0 || a.added.length > 0 || a.edited.length > 0);
  return { altered, orphaned };
}

/**
 * Of the environments wanted (those named, else every loaded one and every one the output holds), why
 * the output in `dir` is not what today's configs say: synthesized from another config, not synthesized
 * there at all (golive.json, which every golive synth writes, says which), and recordMismatches; none
 * when the output carries no such record (written by another tool). `check`, `zone`, `plan` and `verify`
 * stop on any: they would read stacks that are not what the config says.
 */
export function staleEnvironments(
  dir: string,
  loaded: ReadonlyMap<string, AppConfig>,
  named: readonly string[],
  configured?: readonly string[],
): Staleness {
  const read = readSynthOutputRecord(dir);
  const record = read.environments;
  const wanted = [...loaded].filter(([env]) => record.size > 0 && selected(named)(env));
  const stale = wanted.filter(([env, cfg]) => record.has(env) && record.get(env) !== configFingerprint(cfg)).map(([env]) => env);
  const { altered, orphaned } = recordMismatches(dir, configured, named, read);
  const missing = wanted.filter(([env]) => !record.has(env)).map(([env]) => env);
  // Made from another config, or never synthesized, the environment is to be synthesized anyway: one reason is enough.
  return { stale, missing, altered: altered.filter((a) => !stale.includes(a.environment) && !missing.includes(a.environment)), orphaned };
}
