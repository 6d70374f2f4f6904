import { mkdirSync, mkdtempSync, rmdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { displayPath } from "./display-path";
import { fsProblem } from "./fs-problem";
import { isRecord } from "./json";
import { kindOf } from "./output-file";
import { lstatOrUndefined, overlongName, statOrUndefined } from "./path-safety";

/** The provider plugin cache cannot be used: the message names the setting it came from and why. */
export class PluginCacheError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PluginCacheError";
  }
}

/** Where the cache is, and the setting that put it there. */
interface PluginCache {
  readonly dir: string;
  readonly setting: "TF_PLUGIN_CACHE_DIR" | "HOME";
}

/**
 * The provider plugin cache every terraform golive runs shares: `TF_PLUGIN_CACHE_DIR` when the caller
 * set it, else `~/.terraform.d/plugin-cache` (the folder Terraform's docs suggest). Each stack's
 * `terraform init` then links providers from there instead of downloading them again
 * (developer.hashicorp.com/terraform/cli/config/config-file#provider-plugin-cache). A relative path is
 * taken from the working directory `cwd`, where the user typed it: terraform runs in each stack's
 * folder, where it would name another folder (one that does not exist, so no cache at all).
 */
function pluginCacheOf(env: NodeJS.ProcessEnv, cwd: string): PluginCache {
  const given = env.TF_PLUGIN_CACHE_DIR?.trim();
  if (given) return { dir: resolve(cwd, given), setting: "TF_PLUGIN_CACHE_DIR" };
  return { dir: resolve(cwd, env.HOME?.trim() || homedir(), ".terraform.d", "plugin-cache"), setting: "HOME" };
}

/**
 * Why no folder can be made in the existing folder `dir`, found by making and removing one: only that
 * tells (as root every permission check passes, yet /proc and /sys refuse any new folder).
 */
function uncreatable(dir: string, shown: string): string | undefined {
  try {
    rmdirSync(mkdtempSync(join(dir, ".golive-probe-")));
    return undefined;
  } catch (err) {
    // The folder is there: a file system that says it is not (/proc) takes no new folder.
    const why = isRecord(err) && err.code === "ENOENT" ? "the file system takes no new folders there" : fsProblem(err);
    return `cannot create a folder in ${shown} (${why})`;
  }
}

/** Why `dir` cannot be the plugin cache (made where missing, written in); undefined when it can. Creates nothing that stays. */
function cacheProblem(dir: string, cwd: string): string | undefined {
  const long = overlongName(dir);
  if (long !== undefined) return long;
  let existing = dir;
  while (lstatOrUndefined(existing) === undefined && dirname(existing) !== existing) existing = dirname(existing);
  const shown = displayPath(cwd, existing);
  const st = statOrUndefined(existing);
  const problem =
    st === undefined
      ? `${shown} is a symbolic link to nothing, not a folder`
      : st.isDirectory()
        ? uncreatable(existing, shown)
        : `${shown} is ${kindOf(st)}, not a folder`;
  return problem === undefined || existing === dir ? problem : `${displayPath(cwd, dir)} cannot be made: ${problem}`;
}

/** The one line a problem with the cache is said in, naming the setting to change. */
function refusal(cache: PluginCache, problem: string): PluginCacheError {
  if (cache.setting === "TF_PLUGIN_CACHE_DIR")
    return new PluginCacheError(
      `TF_PLUGIN_CACHE_DIR: ${problem}; allowed: a folder golive can create or write in (Terraform's provider plugin cache)`,
    );
  return new PluginCacheError(
    `HOME: ${problem}; allowed: a HOME golive can write in (Terraform's provider plugin cache goes in HOME/.terraform.d/plugin-cache), or TF_PLUGIN_CACHE_DIR naming a folder it can`,
  );
}

/**
 * The plugin cache folder (absolute), checked before a command writes anything: a PluginCacheError
 * names TF_PLUGIN_CACHE_DIR (or HOME, whose default it is) when the folder cannot be made or written
 * in (a file, a read-only place). Nothing is created.
 */
export function checkPluginCache(env: NodeJS.ProcessEnv, cwd: string): string {
  const cache = pluginCacheOf(env, cwd);
  const problem = cacheProblem(cache.dir, cwd);
  if (problem !== undefined) throw refusal(cache, problem);
  return cache.dir;
}

/**
 * Makes the checked cache folder: Terraform ignores a cache folder that does not exist. One level at a
 * time, never mkdir's recursive form, which under /proc loops without end.
 */
function makeCache(dir: string): void {
  const missing: string[] = [];
  for (let p = dir; lstatOrUndefined(p) === undefined && dirname(p) !== p; p = dirname(p)) missing.unshift(p);
  for (const p of missing) mkdirSync(p);
}

/**
 * The environment of every terraform golive runs: no call home, no prompts, the shared plugin cache
 * (checked, then made; `cwd` is the working directory a relative TF_PLUGIN_CACHE_DIR is taken from).
 * A PluginCacheError when the cache cannot be made.
 */
export function terraformEnv(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const dir = checkPluginCache(env, cwd);
  try {
    makeCache(dir);
  } catch (err) {
    throw refusal(pluginCacheOf(env, cwd), `${displayPath(cwd, dir)} cannot be made (${fsProblem(err)})`);
  }
  // CHECKPOINT_DISABLE: no call to HashiCorp's version service (offline runners print a red DNS error).
  return { ...env, TF_PLUGIN_CACHE_DIR: dir, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
}
