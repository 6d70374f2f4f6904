import { App } from "cdktf";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { AppConfig } from "../../config/schema";
import { buildAppStacks } from "../../../stacks";
import { field, isRecord } from "../../core/json";
import { realish } from "../../core/path-safety";
import { makeFolders } from "../../core/write-file-atomic";
import { STATE_ROOT_CONTEXT } from "../../platform/backend-model";
import { listSynthesizedStacks, manifestPath, readJsonFile } from "../../core/synth-output";
import { parseStackName } from "./deploy-order";
import { stackDigestsByEnvironment, stackNamesByEnvironment, stacksByEnvironment } from "./environment-stacks";
import { listEnvironmentFiles } from "../config/load";
import { checkSameConfigFolder } from "./config-folder";
import { checkReplaceableOutput, checkStillReplaceable, UnsafeOutputError } from "./output-guard";
import { checkProviderLock, copyProviderLock, defaultLockFile } from "./provider-lock";
import { checkProtectedInventory, type InventoryCheck } from "./protected-inventory";
import { readPreviousSynthRecord, SYNTH_RECORD, synthRecordText } from "./record";
import { swapIntoPlace } from "./swap";
import { markTempFolder, sweepStaleTempFolders, tempFolderNames } from "./temp-folders";
import { checkTerraformVersionOnce } from "./terraform-version-once";

export { UnsafeOutputError } from "./output-guard";

export interface SynthOptions {
  readonly configs: ReadonlyMap<string, AppConfig>;
  /** Final output directory, as `cdktf synth` uses it. */
  readonly outdir: string;
  /** Folders the output may never be, nor hold (the working directory, the config directory). @default none */
  readonly protectedDirs?: readonly string[];
  /**
   * The committed provider lock file, copied into every stack (only the providers each requires) so
   * `terraform init` verifies the locked hashes. @default .terraform.lock.hcl beside the output folder
   */
  readonly lockFile?: string;
  /**
   * The config directory whose `protected/<env>.json` inventories the synth is checked against (the
   * rename guard, protected-inventory.ts); `record` writes what is declared now. Its errors name files
   * relative to projectRoot when inside it. @default no check
   */
  readonly inventory?: { readonly configDir: string; readonly record?: boolean };
  /** The project root, where local state files go (the working directory). @default the folder holding outdir */
  readonly projectRoot?: string;
  /** Told, in a sentence, of a stopped synth's temporary folder left beside the output (temp-folders.ts). @default not told */
  readonly onNote?: (note: string) => void;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly string[];
  /** The rename guard's result, when `inventory` was given. */
  readonly inventory?: InventoryCheck;
}

/**
 * Builds every stack of every environment into a fresh App (no I/O). `projectRoot`, where local state
 * files go (backend-model.ts), is given as the path from a stack folder of `outdir` to it, through
 * the folders as they really are (Terraform resolves `..` from its real working directory).
 * @default projectRoot the folder holding `outdir`
 */
export function buildApp(configs: ReadonlyMap<string, AppConfig>, outdir: string, projectRoot?: string): { app: App; stacks: string[] } {
  checkTerraformVersionOnce();
  const context =
    projectRoot === undefined
      ? {}
      : {
          [STATE_ROOT_CONTEXT]: relative(join(realish(outdir), "stacks", "stack"), realish(projectRoot))
            .split(sep)
            .join("/"),
        };
  const app = new App({ outdir, stackTraces: false, context });
  return { app, stacks: buildAppStacks(app, configs.values()).map((s) => s.node.id) };
}

/** manifest.json's `stacks` entries as cdktf wrote them, to be written back with a stack carried over. */
function manifestStacks(outdir: string): Record<string, unknown> {
  const stacks = field(readJsonFile(manifestPath(outdir), outdir), "stacks");
  return isRecord(stacks) ? { ...stacks } : {};
}

/**
 * Keeps what a synth of some environments must not lose from the previous output: the stacks of every
 * other environment (`golive synth qa` leaves production alone); Terraform's working files of the
 * stacks it rebuilt move only at the swap, after the last check (swap.ts). Each stack's folder is where
 * the manifest says (lib/core/synth-output.ts, the one reader); a stack carried over keeps its place
 * under the output. Returns the environments carried over
 * with their fingerprints.
 */
function carryOver(
  previous: string,
  next: string,
  synthesized: ReadonlySet<string>,
  configured: ReadonlySet<string> | undefined,
): Map<string, string> {
  const rebuilt = new Set(listSynthesizedStacks(next).map((s) => s.name));
  const carried: string[] = [];
  for (const stack of listSynthesizedStacks(previous)) {
    const from = stack.dir;
    if (rebuilt.has(stack.name)) continue;
    const env = parseStackName(stack.name)?.environment;
    if (env === undefined || synthesized.has(env) || !existsSync(from)) continue;
    // An environment whose config file is gone is dropped: kept, `check` and `cdktf deploy` still saw it.
    if (configured !== undefined && !configured.has(env)) continue;
    // Copied, not moved: until the swap the previous output stays whole.
    cpSync(from, join(next, relative(previous, from)), { recursive: true, verbatimSymlinks: true });
    carried.push(stack.name);
  }
  if (carried.length > 0) {
    const whole = readJsonFile(manifestPath(next), next);
    const [old, fresh] = [manifestStacks(previous), manifestStacks(next)];
    for (const name of carried) fresh[name] = old[name];
    const sorted = Object.fromEntries(
      Object.keys(fresh)
        .sort()
        .map((k) => [k, fresh[k]]),
    );
    writeFileSync(manifestPath(next), `${JSON.stringify({ ...(isRecord(whole) ? whole : {}), stacks: sorted }, null, 2)}\n`);
  }
  return new Map(
    [...readPreviousSynthRecord(previous).environments].filter(
      ([env]) => !synthesized.has(env) && (configured === undefined || configured.has(env)),
    ),
  );
}

/**
 * Synthesizes into a temporary sibling directory, then swaps it into place, so a failure leaves an
 * existing output untouched and a reader never sees half a synth. The output folder is replaced only
 * when it is empty or a previous synth output (checkReplaceableOutput); `protectedDirs` (the working
 * and config directories) can never be it or inside it.
 */
export function synthesizeToDisk(options: SynthOptions): SynthResult {
  const outdir = resolve(options.outdir);
  if (options.configs.size === 0) throw new UnsafeOutputError(`no environment to synthesize; ${outdir} is left as it is`);
  checkReplaceableOutput(outdir, options.protectedDirs ?? []);
  // The config folder (inventory.configDir) tells which environments still exist; an output made from
  // another folder that still configures some of its environments is refused (config-folder.ts).
  const configDir = options.inventory?.configDir;
  let configured: string[] | undefined;
  if (configDir !== undefined) {
    configured = [...listEnvironmentFiles(configDir).keys()];
    checkSameConfigFolder(outdir, configDir, configured);
  }
  // A missing parent is made (the CLI allows that only inside the working directory, path-flags.ts),
  // and removed again when the synth fails: a refused or failed synth leaves nothing behind.
  const made = firstMissingFolder(dirname(outdir));
  makeFolders(dirname(outdir), basename(outdir), { what: "nothing was synthesized" });
  // What a synth stopped by Ctrl-C or SIGTERM left beside the output (temp-folders.ts).
  for (const { name, why } of sweepStaleTempFolders(dirname(outdir)).left)
    options.onNote?.(
      `left ${name} beside ${basename(outdir)}, named like a stopped synth's temporary folder: ${why}; remove it by hand if it is not needed`,
    );
  const { tmp, old } = tempFolderNames(dirname(outdir));
  let done = false;
  let swapping = false;
  try {
    mkdirSync(tmp);
    markTempFolder(tmp);
    // tmp is a sibling of outdir: the same path up from its stack folders to the project root.
    const { app, stacks } = buildApp(options.configs, tmp, options.projectRoot ?? dirname(outdir));
    app.synth();
    const lockFile = options.lockFile ?? defaultLockFile(outdir);
    // Before the inventory (which --record-protected writes) and the carry-over: a refusal writes nothing.
    checkProviderLock(lockFile, tmp);
    const inventory = options.inventory
      ? checkProtectedInventory(
          tmp,
          options.inventory.configDir,
          [...options.configs.keys()],
          options.inventory.record ?? false,
          options.projectRoot,
        )
      : undefined;
    const kept = existsSync(manifestPath(outdir))
      ? carryOver(outdir, tmp, new Set(options.configs.keys()), configured === undefined ? undefined : new Set(configured))
      : new Map<string, string>();
    // The stacks as written, carried-over ones included, and their files' digests: a reader compares the
    // manifest and the files with them (stale.ts). Nothing golive does later rewrites a stack's file.
    const written = stacksByEnvironment(tmp);
    writeFileSync(
      join(tmp, SYNTH_RECORD),
      synthRecordText(options.configs, outdir, kept, stackNamesByEnvironment(written), stackDigestsByEnvironment(written), configDir),
    );
    // The committed lock wins over a lock an earlier init wrote (pinned builds): the swap moves that one
    // in only where no lock is (swap.ts).
    copyProviderLock(lockFile, tmp);
    // Again just before the swap: a file put into the output during the synth is never deleted with it.
    checkStillReplaceable(outdir);
    swapping = true;
    swapIntoPlace(outdir, tmp, old);
    done = true;
    return { outdir, stacks, ...(inventory ? { inventory } : {}) };
  } finally {
    // Once swapping, tmp may hold the previous output's working files: swapIntoPlace removes it, or keeps them.
    if (!swapping) rmSync(tmp, { recursive: true, force: true });
    if (!done && made !== undefined) rmSync(made, { recursive: true, force: true });
  }
}

/** The outermost folder of `dir` (itself included) that does not exist yet; undefined when it exists. */
function firstMissingFolder(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; dirname(d) !== d && !existsSync(d); d = dirname(d)) missing = d;
  return missing;
}
