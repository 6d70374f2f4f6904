import type { AppConfig } from "../../config/schema";
import { alarmNamePrefix, DESCRIBE_ALARMS_TARGET, describeAlarmsInput } from "../../features/release/alarm-query";
import { analysisSettings, TARGET_READ_TIMEOUT_MS } from "../../features/release/analysis";
import type { Colour, ReleaseConfig } from "../../features/release/schema";
import { withState } from "../../features/release/state";
import { promote, rollback, type Transition } from "../../features/release/transitions";
import { readReleaseConfig } from "./config-file";
import { callLines, lookupCalls, markCall, type PlannedCall, poolCall, poolId, steeringCall } from "./dry-run";
import { changeText, outputFor, type ReleaseContext, type ReleaseResult, transitionJson } from "./report";

/** What `promote --watch --dry-run` is told besides the config. */
export interface WatchPlanOptions {
  /** The Cloudflare API the real run would call. */
  readonly baseUrl: string;
  /** `--interval-ms` (tests). */
  readonly intervalMs?: number;
  /** False with `--no-origin-probes`. @default true */
  readonly originProbes?: boolean;
  /** Where the alarms would be read (the regional endpoint, or GOLIVE_CLOUDWATCH_ENDPOINT); absent with `--no-alarms`. */
  readonly alarmsEndpoint?: string;
}

/** One part of the run, in its order: its calls, and lines saying what happens between them. */
interface PlanPart {
  /** `preflight`, `lookup`, `before-first-step`, `step 1`..., `completion`, `on-failure`, `on-failed-call`. */
  readonly phase: string;
  readonly title: string;
  readonly entries: readonly ({ readonly call: PlannedCall } | { readonly line: string })[];
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

/** The load balancer's GET: the read-back before the first step, before each later one, before completion, and after a failed PATCH. */
function readBackCall(cfg: AppConfig, baseUrl: string, why: string, when?: string): PlannedCall {
  return {
    method: "GET",
    url: `${baseUrl}/zones/${cfg.cloudflare.zone.id ?? "{zone_id}"}/load_balancers/{load_balancer_id}`,
    why,
    ...(when === undefined ? {} : { when }),
  };
}

/** The first page of cloudwatch-alarms.ts's DescribeAlarms (a further page repeats it with NextToken). */
function alarmsCall(cfg: AppConfig, endpoint: string, why: string): PlannedCall {
  const input = describeAlarmsInput(alarmNamePrefix(cfg));
  return {
    method: "POST",
    url: `${endpoint.replace(/\/+$/, "")}/`,
    why: `cloudwatch:DescribeAlarms, the alarms "${input.AlarmNamePrefix.trim()} *" in every state, each page (NextToken): ${why}`,
    headers: { "X-Amz-Target": DESCRIBE_ALARMS_TARGET },
    body: input,
  };
}

/**
 * Every request the real run sends, in its order (releaseWatch, walkSteps, takeStep, analyseStep,
 * complete, rollBack): the pre-flight read of the alarms, the look-ups, the read-back, each step's
 * PATCH with its health and alarm reads and the read-back before the next, and what a failure adds.
 */
function planParts(cfg: AppConfig, release: ReleaseConfig, steps: readonly Transition[], label: string, o: WatchPlanOptions): PlanPart[] {
  const { baseUrl, originProbes = true } = o;
  const colour: Colour = release.candidate;
  const s = analysisSettings(cfg, release, o.intervalMs);
  const alarmsEndpoint = cfg.monitoring ? o.alarmsEndpoint : undefined;
  const seconds = s.intervalMs >= 1000 ? `${s.intervalMs / 1000} s` : `${s.intervalMs} ms`;
  const healthOf = (c: Colour, why: string): PlannedCall => ({
    method: "GET",
    url: `${baseUrl}/accounts/${cfg.cloudflare.accountId}/load_balancers/pools/${poolId(cfg, c)}/health`,
    why,
  });
  const health = healthOf(colour, `Cloudflare's health of the ${colour} pool`);
  const watched = originProbes
    ? `then ${s.probes} probes of the ${colour} origins (${s.path}, success >= ${s.minSuccessRate * 100}%, p95 <= ${s.maxP95Ms} ms) over ${seconds}; the first failed check ends the step (the calls after it are not made):`
    : `then ${seconds} of waiting (--no-origin-probes: no probe; no health data fails); the first failed check ends the step:`;
  const back = rollback(release);
  // The candidate pool read for a rollback's mark (watch-meanwhile.ts): right before each PATCH, right after it, and before completion.
  const markRead = (why: string): PlannedCall => ({
    method: "GET",
    url: `${baseUrl}/accounts/${cfg.cloudflare.accountId}/load_balancers/pools/${poolId(cfg, colour)}`,
    why: `the ${colour} pool's rollback mark: ${why}`,
  });
  const stepParts = steps.map((t, i): PlanPart => {
    const before =
      i === 0
        ? []
        : [{ call: readBackCall(cfg, baseUrl, "read back: stops, nothing more sent, unless it serves what this watch last set") }];
    return {
      phase: `step ${i + 1}`,
      title: `Step ${i + 1}: ${t.summary}`,
      entries: [
        ...before,
        { call: markRead("marked by a rollback meanwhile, the watch stops, nothing more sent") },
        { call: steeringCall(cfg, release, t.after, baseUrl, t.summary) },
        { call: markRead(`marked meanwhile, the rollback's steering is set again (${back.summary}) and the watch stops`) },
        { line: `then writes ${label}: ${t.changes.map(changeText).join("; ")}` },
        { line: watched },
        { call: health },
        ...(alarmsEndpoint
          ? [
              {
                call: alarmsCall(
                  cfg,
                  alarmsEndpoint,
                  `one of ${colour}'s own in ALARM or INSUFFICIENT_DATA, or none matching, fails the step; an environment-wide one holds it (no rollback); ${back.after.live}'s and other hosts' are reported only`,
                ),
              },
            ]
          : []),
      ],
    };
  });
  const preflight = originProbes
    ? `one probe of each ${colour} origin (${s.path}); if one fails, nothing is sent or written (exit 1)`
    : "no probe (--no-origin-probes)";
  return [
    {
      phase: "preflight",
      title: `Pre-flight, before any change: ${preflight}`,
      entries: alarmsEndpoint
        ? [
            {
              call: alarmsCall(
                cfg,
                alarmsEndpoint,
                `if it fails, none matches, or one of ${colour}'s own or an environment-wide one fires, nothing is sent or written (exit 1)`,
              ),
            },
          ]
        : [{ line: cfg.monitoring ? "alarms: not read (--no-alarms)" : "alarms: none (no monitoring section)" }],
    },
    { phase: "lookup", title: "Look-ups:", entries: lookupCalls(cfg, release, baseUrl).map((call) => ({ call })) },
    {
      phase: "before-first-step",
      title: "Before the first step:",
      entries: [
        { call: readBackCall(cfg, baseUrl, "read back: refused, nothing sent, unless it serves what the config deploys") },
        { call: healthOf(colour, `Cloudflare's health of the ${colour} pool: reported unhealthy, refused, nothing sent (exit 1)`) },
        {
          call: healthOf(
            back.after.live,
            `Cloudflare's health of the ${back.after.live} pool, the rollback target: down by Cloudflare's majority rule, refused, nothing sent (exit 1)`,
          ),
        },
        {
          call: {
            ...poolCall(cfg, colour, { enabled: true }, baseUrl, `enable the ${colour} pool`),
            when: "if Cloudflare has it disabled (drained earlier by this config)",
          },
        },
      ],
    },
    ...stepParts,
    {
      phase: "completion",
      title: "Before reporting completion:",
      entries: [
        { call: readBackCall(cfg, baseUrl, "read back: not reported completed unless it serves the last step") },
        { call: markRead(`marked meanwhile, the rollback's steering is set again (${back.summary}); never reported completed`) },
      ],
    },
    {
      phase: "on-failure",
      title: `On the first failed check (the health of ${back.after.live}, then the rollback unless Cloudflare's global verdict holds ${back.after.live}'s pool down, then the config, then the mark):`,
      entries: [
        healthOf(
          back.after.live,
          `Cloudflare's health of the ${back.after.live} pool, the rollback target, one attempt of at most ${TARGET_READ_TIMEOUT_MS / 1000} s: fewer than its minimum of origins healthy in a majority of the regions that checked them, no rollback (both colours failing, exit 1); unreadable, the rollback goes ahead`,
        ),
        steeringCall(cfg, release, back.after, baseUrl, back.summary),
        ...markCall(cfg, release, back.after, baseUrl),
      ].map((call) => ({ call: { ...call, when: "on a failed check" } })),
    },
    {
      phase: "on-hold",
      title: "When the walk stops at a step without a rollback (an environment-wide alarm, or both colours failing):",
      entries: [
        {
          call: readBackCall(
            cfg,
            baseUrl,
            "read back (and the config read again): the end says whether the load balancer still serves the step",
            "on a hold",
          ),
        },
      ],
    },
    {
      phase: "on-failed-call",
      title: "When a PATCH fails (refused, retries used up, or its answer lost): read back, it counts only if it landed:",
      entries: [
        { call: readBackCall(cfg, baseUrl, "after a failed load balancer PATCH (a step, the rollback)", "after a failed PATCH") },
        {
          call: {
            method: "GET",
            url: `${baseUrl}/accounts/${cfg.cloudflare.accountId}/load_balancers/pools/{pool_id}`,
            why: "after a failed pool PATCH (the enable, the mark)",
            when: "after a failed PATCH",
          },
        },
      ],
    },
  ];
}

/** Every call of the plan in its order, each with its part (the JSON's `calls`). */
function plannedCalls(parts: readonly PlanPart[]): (PlannedCall & { readonly phase: string })[] {
  return parts.flatMap((p) => p.entries.flatMap((e) => ("call" in e ? [{ phase: p.phase, ...e.call }] : [])));
}

/**
 * `promote --watch --dry-run` (and `run --dry-run`): every request the real run would send, in its
 * order, with what happens between them (probes, config writes); nothing is sent or written.
 */
export function watchPlan(ctx: ReleaseContext, o: WatchPlanOptions): ReleaseResult {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  const { cfg, release } = source;
  const steps = remainingSteps(release);
  if (steps.length === 0 && !ctx.json)
    return {
      ok: true,
      output: { lines: [`release promote ${ctx.env} --watch (dry run): nothing to promote; nothing would be sent or written`] },
    };
  const parts = steps.length === 0 ? [] : planParts(cfg, release, steps, source.label, o);
  const callsOf = (phase: string) => plannedCalls(parts.filter((p) => p.phase === phase));
  const json = () => {
    const back = rollback(release);
    return {
      ok: true,
      environment: ctx.env,
      file: source.label,
      action: "promote",
      watch: true,
      dryRun: true,
      calls: plannedCalls(parts),
      steps: steps.map((t, i) => ({ ...transitionJson(t), calls: callsOf(`step ${i + 1}`) })),
      preflight: parts.find((p) => p.phase === "preflight")?.title.replace(/^Pre-flight, before any change: /, "") ?? null,
      onFailure: { ...transitionJson(back), calls: callsOf("on-failure") },
      analysis: analysisSettings(cfg, release, o.intervalMs),
    };
  };
  const lines = () => [
    `release promote ${ctx.env} --watch (dry run): ${steps.length} step(s); nothing sent, nothing written`,
    ...parts.flatMap((p) => [p.title, ...p.entries.flatMap((e) => ("call" in e ? callLines([e.call]) : [`    ${e.line}`]))]),
  ];
  return { ok: true, output: outputFor(ctx, json, lines) };
}
