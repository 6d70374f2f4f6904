import type { ReleaseConfig } from "../../features/release/schema";
import { phaseOf } from "../../features/release/state";
import { type ReleaseConfigFile, readReleaseConfig } from "./config-file";
import { deployCommand, outputFor, type ReleaseContext, type ReleaseResult } from "./report";
import { nextJson, nextLines, nextPreviews } from "./status-next";

/**
 * Between releases the rollback target is the idle colour: deploying the next build onto its servers
 * before `start` would make a rollback (and a failover to the fallback) land on untested code.
 */
function idleTargetNote(env: string, r: ReleaseConfig): string[] {
  if (phaseOf(r) === "releasing" || r.previous === r.live) return [];
  const build = r.builds?.[r.previous];
  return [
    `  note       ${r.previous} is idle AND the rollback target: its servers must keep ${build ?? "the build they run"}; run golive release start ${env} --build <id> (and deploy it) BEFORE putting a new build on them`,
  ];
}

/**
 * `golive release status <env>`: colours, builds, weights, and what each release command would change;
 * `src`, the config already read (status --live reads it once for both parts).
 */
export async function releaseStatus(
  ctx: ReleaseContext,
  src: ReleaseConfigFile = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd),
): Promise<ReleaseResult> {
  const r = src.release;
  const next = nextPreviews(r, ctx.env);
  const json = () => ({
    ok: true,
    environment: ctx.env,
    file: src.label,
    hostname: r.hostname,
    live: r.live,
    candidate: r.candidate,
    previous: r.previous,
    weights: r.weights,
    phase: phaseOf(r),
    builds: r.builds ?? {},
    drained: r.drained ?? null,
    steps: r.steps,
    origins: { blue: r.pools.blue.origins.length, green: r.pools.green.origins.length },
    next: nextJson(next),
    deploy: deployCommand(ctx.env),
  });
  const row = (role: string, c: "blue" | "green") =>
    `  ${role.padEnd(10)} ${c.padEnd(6)} ${String(r.weights[c]).padStart(3)}%  (${r.pools[c].origins.length} origin${r.pools[c].origins.length === 1 ? "" : "s"})${r.builds?.[c] ? `  build ${r.builds[c]}` : ""}${r.drained === c ? "  DRAINED: pool disabled until the next start" : ""}`;
  const lines = () => [
    `${ctx.env}: ${r.hostname} (${src.label})`,
    row("live", r.live),
    row("candidate", r.candidate),
    `  previous   ${r.previous} (rollback target)`,
    ...idleTargetNote(ctx.env, r),
    `  phase      ${phaseOf(r)}${phaseOf(r) === "releasing" ? "" : ` (start a release: golive release start ${ctx.env} --build <id>)`}`,
    `  steps      ${r.steps.join("% -> ")}%`,
    "Next:",
    ...nextLines(next),
    `After a change, deploy only: ${deployCommand(ctx.env)}`,
  ];
  return { ok: true, output: outputFor(ctx, json, lines) };
}
