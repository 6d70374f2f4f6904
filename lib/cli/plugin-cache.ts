import { checkPluginCache, PluginCacheError, terraformEnv } from "../core/terraform-env";
import { type CliIo, UsageError } from "./types";

/**
 * The provider plugin cache of `golive plan` and `golive outputs`, as their flags are judged: a
 * TF_PLUGIN_CACHE_DIR (or HOME) that names no folder golive can make or write in is a bad setting, one
 * line naming it, exit 2, before anything is synthesized, planned or written.
 */
function asUsage<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof PluginCacheError) throw new UsageError(err.message);
    throw err;
  }
}

/** Checks the cache (nothing is made): call it with the flags, before any work. */
export function checkPluginCacheSetting(io: CliIo): void {
  asUsage(() => checkPluginCache(io.env, io.cwd));
}

/** The environment terraform runs with (core/terraform-env.ts), its cache made: call it just before terraform runs. */
export function terraformEnvOf(io: CliIo): NodeJS.ProcessEnv {
  return asUsage(() => terraformEnv(io.env, io.cwd));
}
