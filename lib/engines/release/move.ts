import { abort, promote, shiftTo, start } from "../../features/release/transitions";
import { readReleaseConfig } from "./config-file";
import { commitEdit, prepareEdit } from "./commit";
import type { ReleaseContext, ReleaseResult } from "./report";

/** `golive release start <env> --build <id>`: the build goes on the idle colour, at 0%. */
export async function releaseStart(ctx: ReleaseContext, build: string): Promise<ReleaseResult> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  return commitEdit(ctx, prepareEdit(source, start(source.release, build)));
}

/** `golive release shift <env> <percent>`: the candidate gets `percent` of new sessions. */
export async function releaseShift(ctx: ReleaseContext, percent: number): Promise<ReleaseResult> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  return commitEdit(ctx, prepareEdit(source, shiftTo(source.release, percent, { env: ctx.env })));
}

/** `golive release promote <env>`: the candidate moves to the next step of `release.steps`. */
export async function releasePromote(ctx: ReleaseContext): Promise<ReleaseResult> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  return commitEdit(ctx, prepareEdit(source, promote(source.release)));
}

/** `golive release abort <env>`: the release in flight stops, all new sessions back on the live colour. */
export async function releaseAbort(ctx: ReleaseContext): Promise<ReleaseResult> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  return commitEdit(ctx, prepareEdit(source, abort(source.release)));
}
