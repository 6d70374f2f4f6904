import type { AppConfig } from "../../config/schema";
import { zoneLookupUrl } from "../../core/cloudflare-zone-lookup";
import { EXIT, type ExitCode } from "../../core/io";
import { analysisSettings } from "../../features/release/analysis";
import type { Colour, ReleaseConfig } from "../../features/release/schema";
import { rolledBackDescription } from "../../features/release/pool-description";
import type { PoolEdit } from "../../features/release/cloudflare-api";
import {
  otherColour,
  promote,
  type ReleaseState,
  rollback,
  type RollbackOptions,
  type Transition,
  withState,
} from "../../features/release/state";
import { steeringFor } from "../../features/release/steering";
import { declaredPool, poolName } from "../../features/release/traffic";
import { readReleaseConfig } from "./config-file";
import { commitEdit, prepareEdit } from "./commit";
import { changeText, type ReleaseContext, transitionJson, writeJson, writeLines } from "./report";

/** One request `--now` / `--watch` would send; ids the API would be asked for are shown as {placeholders}. */
export interface PlannedCall {
  readonly method: "GET" | "PATCH";
  readonly url: string;
  readonly why: string;
  readonly body?: Record<string, unknown>;
}

const poolId = (cfg: AppConfig, c: Colour) => `{id of pool ${poolName(cfg, c)}}`;

/** The look-ups cloudflare-api.ts `openLoadBalancer` makes, in its order. */
export function lookupCalls(cfg: AppConfig, release: ReleaseConfig, baseUrl: string): PlannedCall[] {
  const zone = cfg.cloudflare.zone;
  return [
    ...(zone.id
      ? []
      : [
          {
            method: "GET" as const,
            url: zoneLookupUrl(baseUrl, { name: zone.name, accountId: cfg.cloudflare.accountId }),
            why: `the id of zone ${zone.name} of account ${cfg.cloudflare.accountId}`,
          },
        ]),
    { method: "GET", url: `${baseUrl}/zones/${zone.id ?? "{zone_id}"}/load_balancers`, why: `the load balancer named ${release.hostname}` },
    { method: "GET", url: `${baseUrl}/accounts/${cfg.cloudflare.accountId}/load_balancers/pools`, why: "the ids of the colour pools" },
  ];
}

/** The PATCH `apply(target)` sends: the steering the traffic stack would deploy for `target`. */
export function steeringCall(cfg: AppConfig, release: ReleaseConfig, target: ReleaseState, baseUrl: string, why: string): PlannedCall {
  const lb = steeringFor(cfg, release, target);
  const weights = Object.fromEntries(lb.defaultPools.map((c) => [poolId(cfg, c), lb.poolWeights[c] ?? 0]));
  return {
    method: "PATCH",
    url: `${baseUrl}/zones/${cfg.cloudflare.zone.id ?? "{zone_id}"}/load_balancers/{load_balancer_id}`,
    why,
    body: {
      default_pools: lb.defaultPools.map((c) => poolId(cfg, c)),
      fallback_pool: poolId(cfg, lb.fallbackPool),
      random_steering: { default_weight: 0, pool_weights: weights },
    },
  };
}

/** The PATCH `editPool(colour, edit)` sends. */
function poolCall(cfg: AppConfig, colour: Colour, edit: PoolEdit, baseUrl: string, why: string): PlannedCall {
  return {
    method: "PATCH",
    url: `${baseUrl}/accounts/${cfg.cloudflare.accountId}/load_balancers/pools/${poolId(cfg, colour)}`,
    why,
    body: { ...edit },
  };
}

/**
 * The PATCH markRolledBack sends after the traffic moved: the pool rolled back from marked in its
 * description (disabled too when `target` drains it); none when that colour has no pool.
 */
function markCall(cfg: AppConfig, release: ReleaseConfig, target: ReleaseState, baseUrl: string): PlannedCall[] {
  const colour = otherColour(target.live);
  if (declaredPool(cfg, release, target, colour) === undefined) return [];
  const description = rolledBackDescription(cfg, colour, target.builds[colour], "<UTC time>");
  const why = `mark the ${colour} pool rolled back: promote --watch refuses it until a deploy of the traffic stack`;
  if (target.drained === colour)
    return [
      poolCall(
        cfg,
        colour,
        { enabled: false, description },
        baseUrl,
        `disable the ${colour} pool (drain): sessions pinned to it move at once; ${why}`,
      ),
    ];
  return [poolCall(cfg, colour, { description }, baseUrl, why)];
}

export function callLines(calls: readonly PlannedCall[]): string[] {
  return calls.map((c) => `  ${c.method} ${c.url}  (${c.why})${c.body ? `\n      ${JSON.stringify(c.body)}` : ""}`);
}

/** `rollback --now --dry-run`: the edit as commitEdit reports it, and the requests, none of them sent. */
export function rollbackNowPlan(ctx: ReleaseContext, baseUrl: string, options: RollbackOptions = {}): ExitCode {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.io.cwd);
  const edit = prepareEdit(source, rollback(source.release, options));
  const calls = [
    ...lookupCalls(source.cfg, source.release, baseUrl),
    steeringCall(source.cfg, source.release, edit.transition.after, baseUrl, `all new sessions on ${edit.transition.after.live}`),
    // After the traffic moved, as applyRollbackNow sends it.
    ...markCall(source.cfg, source.release, edit.transition.after, baseUrl),
  ];
  return commitEdit(ctx, edit, {
    json: { breakGlass: { applied: false, calls } },
    lines: ["Cloudflare API calls it would make, before writing the config (none sent, --dry-run):", ...callLines(calls)],
  });
}

/** The steps `promote --watch` would walk from here, each as promote's transition. */
function remainingSteps(release: ReleaseConfig): Transition[] {
  const steps: Transition[] = [];
  let current = release;
  for (let i = 0; i < release.steps.length; i++) {
    const t = promote(current);
    if (t.changes.length === 0) break;
    steps.push(t);
    if (t.after.phase !== "releasing") break;
    current = withState(current, t.after);
  }
  return steps;
}

/** `promote --watch --dry-run`: every step, its request and what is watched after it; nothing sent or written. */
export function watchPlan(ctx: ReleaseContext, baseUrl: string, options: { intervalMs?: number; originProbes?: boolean } = {}): ExitCode {
  const { intervalMs, originProbes = true } = options;
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.io.cwd);
  const { cfg, release } = source;
  const steps = remainingSteps(release);
  const colour = release.candidate;
  const s = analysisSettings(cfg, release, intervalMs);
  const lookups = lookupCalls(cfg, release, baseUrl);
  const stepCalls = steps.map((t) => steeringCall(cfg, release, t.after, baseUrl, t.summary));
  const back = rollback(release);
  const undo = steeringCall(cfg, release, back.after, baseUrl, `on a failed check: ${back.summary}`);
  const mark = markCall(cfg, release, back.after, baseUrl);
  const health = `GET ${baseUrl}/accounts/${cfg.cloudflare.accountId}/load_balancers/pools/${poolId(cfg, colour)}/health`;
  const watch = originProbes
    ? `then ${s.probes} probes of the ${colour} origins (${s.path}, success >= ${s.minSuccessRate * 100}%, p95 <= ${s.maxP95Ms} ms) and ${health}, for ${s.intervalMs / 1000} s`
    : `then, after ${s.intervalMs / 1000} s, ${health} (no data fails: the origins are not probed)`;
  const preflight = originProbes
    ? `one probe of each ${colour} origin (${s.path}); if one fails, nothing is sent or written (exit 1)`
    : "none (--no-origin-probes)";
  const readBack: PlannedCall = {
    method: "GET",
    url: `${baseUrl}/zones/${cfg.cloudflare.zone.id ?? "{zone_id}"}/load_balancers/{load_balancer_id}`,
    why: "read back: refused, nothing sent, unless it serves what the config deploys",
  };
  const enable = poolCall(
    cfg,
    colour,
    { enabled: true },
    baseUrl,
    `only if Cloudflare has the ${colour} pool disabled (drained earlier by this config)`,
  );
  if (ctx.json) {
    writeJson(ctx.io, {
      ok: true,
      environment: ctx.env,
      file: source.label,
      action: "promote",
      watch: true,
      dryRun: true,
      steps: steps.map((t, i) => ({ ...transitionJson(t), call: stepCalls[i] })),
      preflight,
      lookups,
      readBack,
      enablePool: enable,
      onFailure: { ...transitionJson(back), call: undo, calls: [undo, ...mark] },
      analysis: s,
    });
    return EXIT.ok;
  }
  if (steps.length === 0) {
    writeLines(ctx.io, [`release promote ${ctx.env} --watch (dry run): nothing to promote; nothing would be sent or written`]);
    return EXIT.ok;
  }
  writeLines(ctx.io, [
    `release promote ${ctx.env} --watch (dry run): ${steps.length} step(s); nothing sent, nothing written`,
    `Pre-flight, before any change: ${preflight}`,
    "Look-ups:",
    ...callLines(lookups),
    "Before the first step:",
    ...callLines([readBack, enable]),
    ...steps.flatMap((t, i) => [
      `Step ${i + 1}: ${t.summary}`,
      ...callLines([stepCalls[i] as PlannedCall]),
      `    then writes ${source.label}: ${t.changes.map(changeText).join("; ")}`,
      `    ${watch}`,
    ]),
    "On the first failed check (rollback, then the config):",
    ...callLines([undo, ...mark]),
  ]);
  return EXIT.ok;
}
