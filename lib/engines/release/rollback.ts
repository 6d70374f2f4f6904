import { rollback } from "../../features/release/state";
import type { ExitCode } from "../../core/io";
import type { BreakGlassOptions } from "../../features/release/break-glass";
import { readReleaseConfig, ReleaseConfigError } from "./config-file";
import { commitEdit, prepareEdit } from "./commit";
import { changeText, type ReleaseContext } from "./report";

/**
 * `golive release rollback <env> [--now]`: all new sessions back on `release.previous`. With
 * `breakGlass`, the load balancer is changed through the API first; the config is written only after
 * the API accepted it, so a failed call leaves the file untouched and the next deploy matches the API.
 */
export async function releaseRollback(ctx: ReleaseContext, breakGlass?: BreakGlassOptions): Promise<ExitCode> {
  const source = readReleaseConfig(ctx.configDir, ctx.env);
  const edit = prepareEdit(source, rollback(source.release));
  if (!breakGlass) return commitEdit(ctx, edit);
  // require, not import(): the CLI's .ts loader hooks require only, so a dynamic import() of a .ts
  // module fails in the real binary while jest (which turns import() into require) passes.
  const { applyWeightsNow } = require("../../features/release/cloudflare-api") as typeof import("../../features/release/cloudflare-api");
  const applied = await applyWeightsNow(source.cfg, source.release, edit.transition.after, breakGlass);
  const served = `Cloudflare now serves ${edit.transition.after.live} (load balancer ${applied.loadBalancerId}); the config keeps the next deploy from undoing it.`;
  try {
    return commitEdit(ctx, edit, { json: { breakGlass: { applied: true, ...applied } }, lines: [served] });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const todo = edit.transition.changes.map(changeText).join("; ");
    throw new ReleaseConfigError(
      `${served.split(";")[0]}, BUT the config was not written (${why}). Make these edits by hand before any deploy: ${todo}`,
    );
  }
}
