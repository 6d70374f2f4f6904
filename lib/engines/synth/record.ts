import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { z } from "zod";
import type { AppConfig } from "../../config/schema";
import { formatPath } from "../../core/issues";
import { readJsonFile, SynthOutputError } from "../../core/synth-output";
import { FEATURES } from "../../features";

/**
 * What golive records next to cdktf's manifest: which config each environment was synthesized from,
 * which stacks that synth wrote for it, and the digest of each stack's file (a reader compares them
 * with the manifest and the files, stale.ts).
 */
export const SYNTH_RECORD = "golive.json";

/**
 * Name -> value, read into a Map. Not z.record: zod 4.1 reads `input.constructor.prototype` to tell a
 * plain object, so a map keyed by an environment named `constructor` (a valid name, as it is for an
 * Access role) fails it or throws. Every own key is a name, `__proto__` too (JSON.parse keeps it a key).
 */
function nameMap<V extends z.ZodType>(value: V) {
  return z.unknown().transform((input, ctx) => {
    const out = new Map<string, z.output<V>>();
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: "custom", message: "expected an object of name: value", input });
      return z.NEVER;
    }
    for (const [name, v] of Object.entries(input)) {
      const parsed = value.safeParse(v);
      if (parsed.success) out.set(name, parsed.data);
      else for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [name, ...issue.path], message: issue.message });
    }
    return out;
  });
}

const SynthRecord = z.object({
  environments: nameMap(z.string()),
  /** Environment -> its secrets.github.deployAfter (null: none), for `golive stacks --json`; absent before it was recorded. */
  deployAfter: nameMap(z.string().nullable()).optional(),
  /**
   * Environment -> the names of the stacks golive synth wrote for it, sorted; absent before it was
   * recorded (an output of an older golive is then compared by its configs only).
   */
  stacks: nameMap(z.array(z.string())).optional(),
  /**
   * Environment -> stack -> the SHA-256 of its cdk.tf.json as golive synth wrote it
   * (environment-stacks.ts); absent before it was recorded (an output of an older golive is then not
   * compared by content).
   */
  digests: nameMap(nameMap(z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex"))).optional(),
  /**
   * The config folder the environments were synthesized from, relative to the output folder (`../config`:
   * a project moved whole still names it); absent before it was recorded, or when synth was given none.
   */
  configDir: z.string().optional(),
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

/** A synth output's golive.json, read once; every map empty when the output has none (another tool wrote it). */
export interface SynthOutputRecord {
  /** Environment -> fingerprint of the config it was synthesized from. */
  readonly environments: ReadonlyMap<string, string>;
  /**
   * Environment -> the environment it is deployed after (null: none), as its config said: the deploy
   * workflow's promotion order, from `golive stacks --json`.
   */
  readonly deployAfter: ReadonlyMap<string, string | null>;
  /** Environment -> the stacks golive synth wrote for it (none recorded by an older golive). */
  readonly stacks: ReadonlyMap<string, readonly string[]>;
  /** Environment -> stack -> the digest of the file golive synth wrote for it (none recorded by an older golive). */
  readonly digests: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The config folder the synth read, as a path (resolved against the output folder); undefined when not recorded. */
  readonly configDir?: string;
}

/**
 * The record of the synth output in `outdir`; every map empty when it has no golive.json. A golive.json
 * that is not JSON, or not of the record's shape, is a SynthOutputError: read as "no record", it would
 * turn off every staleness check (stale.ts) instead of failing closed.
 */
export function readSynthOutputRecord(outdir: string): SynthOutputRecord {
  const file = join(outdir, SYNTH_RECORD);
  const parsed = existsSync(file) ? SynthRecord.safeParse(readRecordJson(file, outdir)) : undefined;
  if (parsed?.success === false) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
    throw new SynthOutputError(
      file,
      (f) => `${f} is not the record golive synth writes (${at}${issue?.message ?? "unexpected shape"}); run golive synth again`,
    );
  }
  return recordOf(parsed?.data, outdir);
}

function readRecordJson(file: string, outdir: string): unknown {
  try {
    return readJsonFile(file, outdir);
  } catch (err) {
    if (!(err instanceof SynthOutputError)) throw err;
    throw new SynthOutputError(file, (f) => `${err.say(f)}; run golive synth again`);
  }
}

/**
 * The record of a previous output about to be replaced: none when it cannot be read, so a synth repairs
 * a damaged golive.json instead of refusing (environments it kept are then recorded as never synthesized,
 * which readers report until they are synthesized again).
 */
export function readPreviousSynthRecord(outdir: string): SynthOutputRecord {
  try {
    return readSynthOutputRecord(outdir);
  } catch (err) {
    if (err instanceof SynthOutputError) return recordOf(undefined, outdir);
    throw err;
  }
}

function recordOf(data: z.infer<typeof SynthRecord> | undefined, outdir: string): SynthOutputRecord {
  return {
    environments: data?.environments ?? new Map(),
    deployAfter: data?.deployAfter ?? new Map(),
    stacks: data?.stacks ?? new Map(),
    digests: data?.digests ?? new Map(),
    ...(data?.configDir === undefined ? {} : { configDir: resolve(outdir, data.configDir) }),
  };
}

/**
 * The record of a synth of `configs` into an output that keeps the `kept` environments (fingerprints)
 * of the `previous` output: theirs as recorded there, then the synthesized ones'. `written` is the new
 * output's stacks by environment and `digests` their files' (environment-stacks.ts); a kept environment
 * keeps the stack list and digests the previous output recorded for it, so a stack lost from it or
 * edited before this synth is still seen as such (its copy's digest would take the edit for golive's).
 * `configDir` is the config folder the synth read (config-folder.ts compares the next synth's with it).
 * @default written none: no stack list is recorded
 * @default digests none: no digest is recorded
 * @default configDir none: no folder is recorded
 */
export function synthRecordText(
  configs: ReadonlyMap<string, AppConfig>,
  previous: string,
  kept: ReadonlyMap<string, string>,
  written: ReadonlyMap<string, readonly string[]> = new Map(),
  digests: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(),
  configDir?: string,
): string {
  const { deployAfter: before, stacks: stacksBefore, digests: digestsBefore } = readPreviousSynthRecord(previous);
  const environments = {
    ...Object.fromEntries(kept),
    ...Object.fromEntries([...configs].map(([env, cfg]) => [env, configFingerprint(cfg)])),
  };
  const deployAfter = {
    ...Object.fromEntries([...kept.keys()].map((env) => [env, before.get(env) ?? null])),
    ...Object.fromEntries([...configs].map(([env, cfg]) => [env, cfg.secrets?.github?.deployAfter ?? null])),
  };
  const envs = { kept: [...kept.keys()], synthesized: [...configs.keys()] };
  const stackLists = perEnvironment(envs, stacksBefore, written).map(([env, names]) => [env, [...names].sort()] as const);
  const digestLists = perEnvironment(envs, digestsBefore, digests).map(
    ([env, byStack]) => [env, Object.fromEntries([...byStack].sort(([a], [b]) => (a < b ? -1 : 1)))] as const,
  );
  const stacks = stackLists.length > 0 ? { stacks: Object.fromEntries(stackLists) } : {};
  const digested = digestLists.length > 0 ? { digests: Object.fromEntries(digestLists) } : {};
  // Relative to the output folder (`previous`, where the record is read), with `/` on every system.
  const folder = configDir === undefined ? {} : { configDir: relative(resolve(previous), resolve(configDir)).split(sep).join("/") || "." };
  return `${JSON.stringify({ environments, deployAfter, ...stacks, ...digested, ...folder }, null, 2)}\n`;
}

/**
 * What the record says of each environment: a kept one's as the previous record (`before`) has it,
 * else as this synth found it (`now`: an older golive recorded none), a synthesized one's as found now;
 * an environment with neither is left out.
 */
function perEnvironment<T>(
  envs: { readonly kept: readonly string[]; readonly synthesized: readonly string[] },
  before: ReadonlyMap<string, T>,
  now: ReadonlyMap<string, T>,
): (readonly [string, T])[] {
  return [
    ...envs.kept.map((env) => [env, before.get(env) ?? now.get(env)] as const),
    ...envs.synthesized.map((env) => [env, now.get(env)] as const),
  ].flatMap(([env, value]) => (value === undefined ? [] : [[env, value] as const]));
}
