import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The provider plugin cache every terraform golive runs shares: `TF_PLUGIN_CACHE_DIR` when the caller
 * set it, else `~/.terraform.d/plugin-cache` (the folder Terraform's docs suggest). Each stack's
 * `terraform init` then links providers from there instead of downloading them again
 * (developer.hashicorp.com/terraform/cli/config/config-file#provider-plugin-cache). Terraform ignores a
 * cache folder that does not exist, so it is created.
 */
export function pluginCacheEnv(env: NodeJS.ProcessEnv): { readonly TF_PLUGIN_CACHE_DIR: string } {
  const given = env.TF_PLUGIN_CACHE_DIR?.trim();
  const dir = given ? given : join(env.HOME?.trim() || homedir(), ".terraform.d", "plugin-cache");
  mkdirSync(dir, { recursive: true });
  return { TF_PLUGIN_CACHE_DIR: dir };
}

/** The environment of every terraform golive runs: no call home, no prompts, the shared plugin cache. */
export function terraformEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // CHECKPOINT_DISABLE: no call to HashiCorp's version service (offline runners print a red DNS error).
  return { ...env, ...pluginCacheEnv(env), TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
}
