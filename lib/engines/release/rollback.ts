import { rollback, type RollbackOptions } from "../../features/release/transitions";
import { type BreakGlassOptions, LookupError } from "../../features/release/break-glass";
import { readReleaseConfig, type ReleaseConfigFile } from "./config-file";
import { commitEdit, prepareEdit } from "./commit";
import { commitAfterApi } from "./commit-after-api";
import type { ReleaseContext, ReleaseResult } from "./report";

/**
 * `golive release rollback <env> [--now] [--drain]`: all new sessions back on `release.previous`;
 * `--drain` also disables the pool rolled back from. With `breakGlass`, the load balancer is changed
 * through the API first (the pool rolled back to enabled before, if Cloudflare lists it disabled); the
 * config is written only once the API serves the steering (accepted, or read back after a failed call
 * whose answer was lost), so the next deploy matches the API and a call that did not land leaves the
 * file untouched; then the pool rolled back from is marked rolled back in its description (and disabled
 * with `--drain`) in one PATCH, even when the config has nothing to roll back. A pool PATCH that did not
 * land (read back) takes the drain out of the config again, which then records what Cloudflare serves,
 * and exits 1 (commitAfterApi). A pool rolled back from that Cloudflare listed disabled (another run
 * drained it, from another copy of the config) is recorded as drained, with a note. A look-up that
 * fails before any change says so, and what to do.
 */
export async function releaseRollback(
  ctx: ReleaseContext,
  breakGlass?: BreakGlassOptions,
  options: RollbackOptions = {},
): Promise<ReleaseResult> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  const edit = prepareEdit(source, rollback(source.release, options));
  if (!breakGlass) return commitEdit(ctx, edit);
  // require, not import(): the CLI's .ts loader hooks require only, so a dynamic import() of a .ts
  // module fails in the real binary while jest (which turns import() into require) passes.
  const { applyRollbackNow } = require("../../features/release/rollback-now") as typeof import("../../features/release/rollback-now");
  const file = source.label;
  const live = edit.transition.after.live;
  ctx.moment?.({ kind: "looking-up", file });
  const sending = () => ctx.moment?.({ kind: "rollback-sent", file, live });
  const applied = await applyRollbackNow(source.cfg, source.release, edit.transition.after, breakGlass, new Date(), sending).catch(
    (err: unknown) => {
      // Every look-up's failure (the zone, the load balancer, the colour pools) ends the way a failed PATCH's does.
      if (err instanceof LookupError)
        throw new LookupError(
          `${err.message}; nothing was changed (no PATCH sent, ${source.label} not written): retry, or take the GitOps path (the rollback workflow: runbooks/rollback.md)`,
        );
      throw err;
    },
  );
  // The pool rolled back from was listed disabled: another run drained it. The config records the drain
  // (what Cloudflare serves), else its next deploy enables that pool again; the mark sends only the
  // description (the pool is disabled already), so a mark that fails does not take this drain out again.
  const { drainedElsewhere } = applied;
  const keepsDrain = (current: ReleaseConfigFile, drain: boolean) =>
    rollback(current.release, drain ? options : drainedElsewhere === undefined ? {} : { drain: true });
  return commitAfterApi(
    ctx,
    drainedElsewhere === undefined ? edit : prepareEdit(source, keepsDrain(source, false)),
    {
      weights: applied.weights,
      ...(applied.readBack === undefined ? {} : { readBack: applied.readBack }),
      ...(applied.enabledTarget === undefined ? {} : { enabledTarget: applied.enabledTarget }),
      ...(drainedElsewhere === undefined ? {} : { drainedElsewhere }),
    },
    {
      mark: applied.markPool,
      drain: edit.transition.after.drained !== undefined,
      // The rollback redone on the file read again (it changed meanwhile), or without the drain (it did not land).
      redo: keepsDrain,
      hold: applied.holdRollback,
    },
  );
}
