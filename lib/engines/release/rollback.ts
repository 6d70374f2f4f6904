import { rollback, type RollbackOptions } from "../../features/release/state";
import type { ExitCode } from "../../core/io";
import type { BreakGlassOptions } from "../../features/release/break-glass";
import { readReleaseConfig } from "./config-file";
import { commitAfterApi, commitEdit, prepareEdit } from "./commit";
import type { ReleaseContext } from "./report";

/**
 * `golive release rollback <env> [--now] [--drain]`: all new sessions back on `release.previous`;
 * `--drain` also disables the pool rolled back from. With `breakGlass`, the load balancer (then the
 * pool) is changed through the API first; the config is written only once the API serves it (accepted,
 * or read back after a failed call whose answer was lost), so the next deploy matches the API and a
 * call that did not land leaves the file untouched. A drain the API refused
 * after the traffic moved is left out of the config, which then records what Cloudflare serves.
 */
export async function releaseRollback(
  ctx: ReleaseContext,
  breakGlass?: BreakGlassOptions,
  options: RollbackOptions = {},
): Promise<ExitCode> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.io.cwd);
  const edit = prepareEdit(source, rollback(source.release, options));
  if (!breakGlass) return commitEdit(ctx, edit);
  // require, not import(): the CLI's .ts loader hooks require only, so a dynamic import() of a .ts
  // module fails in the real binary while jest (which turns import() into require) passes.
  const { applyRollbackNow } = require("../../features/release/cloudflare-api") as typeof import("../../features/release/cloudflare-api");
  const applied = await applyRollbackNow(source.cfg, source.release, edit.transition.after, breakGlass);
  const drain = applied.drain;
  const readBack = applied.readBack === undefined ? {} : { readBack: applied.readBack };
  if (drain && "failed" in drain) {
    return commitAfterApi(ctx, prepareEdit(source, rollback(source.release)), {
      weights: applied.weights,
      drainFailed: drain.failed.message,
      ...readBack,
    });
  }
  return commitAfterApi(ctx, edit, { weights: applied.weights, ...(drain ? { drained: drain.applied } : {}), ...readBack });
}
