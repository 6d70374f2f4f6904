import { rollback } from "../../features/release/state";
import type { ExitCode } from "../../core/io";
import type { BreakGlassOptions } from "../../features/release/break-glass";
import { readReleaseConfig } from "./config-file";
import { commitAfterApi, commitEdit, prepareEdit } from "./commit";
import type { ReleaseContext } from "./report";

/**
 * `golive release rollback <env> [--now]`: all new sessions back on `release.previous`. With
 * `breakGlass`, the load balancer is changed through the API first; the config is written only after
 * the API accepted it, so a failed call leaves the file untouched and the next deploy matches the API.
 */
export async function releaseRollback(ctx: ReleaseContext, breakGlass?: BreakGlassOptions): Promise<ExitCode> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.io.cwd);
  const edit = prepareEdit(source, rollback(source.release));
  if (!breakGlass) return commitEdit(ctx, edit);
  // require, not import(): the CLI's .ts loader hooks require only, so a dynamic import() of a .ts
  // module fails in the real binary while jest (which turns import() into require) passes.
  const { applyWeightsNow } = require("../../features/release/cloudflare-api") as typeof import("../../features/release/cloudflare-api");
  const applied = await applyWeightsNow(source.cfg, source.release, edit.transition.after, breakGlass);
  return commitAfterApi(ctx, edit, applied);
}
