import { ReleaseRefusal } from "../../features/release/errors";
import type { ReleaseConfig } from "../../features/release/schema";
import { phaseOf, promote, rollback, type Transition } from "../../features/release/state";
import { readReleaseConfig } from "./config-file";
import { changeText, deployCommand, outputFor, type ReleaseContext, type ReleaseResult, transitionJson } from "./report";

type Next = { readonly ok: true; readonly transition: Transition } | { readonly ok: false; readonly refused: string };

function preview(run: () => Transition): Next {
  try {
    return { ok: true, transition: run() };
  } catch (err) {
    if (err instanceof ReleaseRefusal) return { ok: false, refused: err.message };
    throw err;
  }
}

function nextLines(label: string, next: Next): string[] {
  if (!next.ok) return [`  ${label}: refused: ${next.refused}`];
  if (next.transition.changes.length === 0) return [`  ${label}: nothing to change`];
  return [`  ${label}: ${next.transition.summary}`, ...next.transition.changes.map((c) => `      ${changeText(c)}`)];
}

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

/** `golive release status <env>`: colours, weights, and what promote and rollback would change. */
export async function releaseStatus(ctx: ReleaseContext): Promise<ReleaseResult> {
  const src = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  const r = src.release;
  const next = { promote: preview(() => promote(r)), rollback: preview(() => rollback(r)) };
  const asJson = (n: Next) => (n.ok ? transitionJson(n.transition) : { refused: n.refused });
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
    next: { promote: asJson(next.promote), rollback: asJson(next.rollback) },
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
    ...nextLines("promote", next.promote),
    ...nextLines("rollback", next.rollback),
    `After a change, deploy only: ${deployCommand(ctx.env)}`,
  ];
  return { ok: true, output: outputFor(ctx, json, lines) };
}
