import { alarmScope } from "../../features/release/alarm-attribution";
import { type AlarmSource, type AnalysisSettings, analysisSettings } from "../../features/release/analysis";
import type { BreakGlassOptions } from "../../features/release/break-glass";
import { CandidateProber, type ClientCertificate } from "../../features/release/candidate-probe";
import type { LoadBalancerSession } from "../../features/release/cloudflare-api";
import { ReleaseError, ReleaseRefusal } from "../../features/release/errors";
import type { Colour, ReleaseConfig } from "../../features/release/schema";
import { preflightHealthRefusal } from "../../features/release/preflight-health";
import { promote, rollback, type Transition } from "../../features/release/transitions";
import { ConfigError, ConfigErrors } from "../../config/errors";
import type { AppConfig } from "../../config/schema";
import { readReleaseConfig, type ReleaseConfigFile } from "./config-file";
import type { ReleaseContext, ReleaseResult } from "./report";
import { RunLog, type WatchProgress } from "./watch-log";
import { liveDiffersFromConfig } from "./watch-guard";
import { preflightProbes } from "./watch-preflight";
import { preflightAlarms } from "./watch-preflight-alarms";
import { NO_PROBES, tellWatch, type Watch, walkSteps } from "./watch-steps";

/** Why `overrides` names an origin that `colour` has not in `release`; undefined when each is one of its origins. */
function unknownOriginNames(
  release: ReleaseConfig,
  colour: Colour,
  overrides: ReadonlyMap<string, string> | undefined,
): string | undefined {
  const names = new Set(release.pools[colour].origins.map((x) => x.name));
  const unknown = [...(overrides?.keys() ?? [])].filter((name) => !names.has(name));
  if (unknown.length === 0) return undefined;
  return `--origin-address: no origin named ${unknown.map((n) => JSON.stringify(n)).join(", ")} in release.pools.${colour}.origins (the candidate's: ${[...names].join(", ")}); nothing changed`;
}

/**
 * Why `--origin-address` (origin name -> address) names no origin of the candidate the watch of
 * `release` would probe (the live colour's included); undefined when each is one, or when there is
 * nothing to promote (nothing is probed). The CLI refuses it as a usage error before the dry run or the
 * real run reads anything else; startWatch refuses it again for any other caller.
 */
export function originAddressProblem(release: ReleaseConfig, overrides: ReadonlyMap<string, string> | undefined): string | undefined {
  const first = promote(release);
  return first.changes.length === 0 ? undefined : unknownOriginNames(release, first.before.candidate, overrides);
}

/** The candidate's origins at the addresses the probes use; a name `--origin-address` gives that no origin has is refused. */
function probedOrigins(
  release: ReleaseConfig,
  overrides: ReadonlyMap<string, string> | undefined,
  colour: Colour,
): { name: string; address: string }[] {
  const problem = unknownOriginNames(release, colour, overrides);
  if (problem !== undefined) throw new ReleaseRefusal(problem);
  return release.pools[colour].origins.map((x) => ({ name: x.name, address: overrides?.get(x.name) ?? x.address }));
}

export interface WatchOptions {
  /** The API the steps and the rollback go through (the break-glass path). */
  readonly breakGlass: BreakGlassOptions;
  /** Overrides `release.analysis.interval` in milliseconds: for tests only (sub-second steps). */
  readonly intervalMs?: number;
  /** HTTPS port of the candidate's origins. @default 443 */
  readonly originPort: number;
  /**
   * Where the probes reach an origin, by origin name, instead of its pool address: a CI runner that
   * reaches the origins over a private network. Cloudflare still uses the pool addresses.
   */
  readonly originAddresses?: ReadonlyMap<string, string>;
  /** Trusted CAs for the probes (system roots plus `--ca-file`). */
  readonly ca?: readonly string[];
  /** The probes' TLS client certificate (`--client-cert`/`--client-key`), for origins that require one. */
  readonly clientCert?: ClientCertificate;
  /**
   * False (`--no-origin-probes`): the origins are not probed, before the steps or after them; each step
   * is judged on Cloudflare's pool health (no data fails) and the alarms. @default true
   */
  readonly originProbes?: boolean;
  /** Absent: alarms are not checked, for the reason `alarmsNotChecked` gives. */
  readonly alarms?: AlarmSource;
  /**
   * Builds the alarm source from the environment's config once it is read (CloudWatch in the CLI); a
   * string says why no alarm is checked. Ignored when `alarms` is given.
   */
  readonly alarmsFor?: (cfg: AppConfig) => AlarmSource | string;
  readonly alarmsNotChecked: string;
}

/** `o` with the alarm source its `alarmsFor` builds for this environment. */
function withAlarms(o: WatchOptions, cfg: AppConfig): WatchOptions {
  if (o.alarms || !o.alarmsFor) return o;
  const built = o.alarmsFor(cfg);
  return typeof built === "string" ? { ...o, alarmsNotChecked: built } : { ...o, alarms: built };
}

function settingsText(s: AnalysisSettings, origins: number, colour: Colour, o: WatchOptions, hostname: string): string {
  const seconds = s.intervalMs >= 1000 ? `${s.intervalMs / 1000} s` : `${s.intervalMs} ms`;
  const probes =
    o.originProbes === false
      ? `probes: not checked (${NO_PROBES})`
      : `${s.probes} probes of https://<${origins} ${colour} origin(s)>:${o.originPort}${s.path} (Host ${hostname}${o.clientCert ? ", with a client certificate" : ""}), success >= ${s.minSuccessRate * 100}%, p95 <= ${s.maxP95Ms} ms`;
  return (
    `each step is watched ${seconds}: ${probes}; Cloudflare health of the ${colour} pool; ` +
    `alarms: ${o.alarms ? o.alarms.name : `not checked (${o.alarmsNotChecked})`}`
  );
}

/**
 * Before any weight moves, the API is made to match what the config declares for the candidate pool:
 * a pool disabled by this config's own `rollback --drain` is enabled again (`start` removed
 * `release.drained`), else the steps would give weight to a pool Cloudflare sends no traffic to and
 * never health-checks. Runs only after liveDiffersFromConfig found the pool drained by no one else. A
 * PATCH whose answer is lost is read back (editPool): enabled already, the watch goes on and says so.
 */
async function enableCandidatePool(session: LoadBalancerSession, colour: Colour, log: RunLog): Promise<boolean> {
  const pool = session.pool(colour);
  if (pool.enabled !== false) return false;
  log.line(`the ${colour} pool ${pool.name} is disabled in Cloudflare (drained earlier; the config declares it enabled): enabling it`);
  const applied = await session.setPoolEnabled(colour, true);
  log.set("enabledPool", applied);
  log.line(
    ...(applied.readBack ? [`  note: ${applied.readBack}`] : []),
    `  pool ${pool.name} enabled (read back); Cloudflare health-checks it again, still with no weight`,
  );
  return true;
}

/**
 * `golive release promote <env> --watch`: walks `release.steps` from the candidate's current weight.
 * First one probe of each candidate origin and one read of the alarms (refused, nothing changed, when a
 * probe fails, the alarms cannot be read, none match or one of the candidate's own or an environment-wide
 * one is already firing), then the load balancer
 * read back (refused when it does not serve what the config deploys), then the candidate pool enabled
 * if Cloudflare has it disabled. Each step goes through the API at once (as `rollback
 * --now` does) and into the config; then the candidate is watched for the analysis interval. A failed
 * check rolls back at once through the same session (one PATCH, after one read of the rollback target's
 * health: unhealthy too, nothing more is sent), writes `rollback`'s transition and exits 1; an
 * environment-wide alarm holds the walk at its step (exit 1); the last step completes the release. Text lines go to `progress` as they happen; the result
 * is the last line (or the JSON run log) and whether the release went through.
 */
export async function releaseWatch(ctx: ReleaseContext, given: WatchOptions, progress: WatchProgress): Promise<ReleaseResult> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  const o = withAlarms(given, source.cfg);
  const log = new RunLog(ctx, progress);
  const first = promote(source.release);
  if (first.changes.length === 0) {
    log.line(`release promote ${ctx.env} --watch: ${first.summary}`);
    log.set("summary", first.summary);
    return log.end("nothing-to-promote", source, "untouched");
  }
  const w = startWatch(ctx, o, log, source, first);
  const { colour, from } = w;
  tellWatch(w);
  let enabledPool = false;
  try {
    const refused = await preflight(w, o, from);
    if (refused !== undefined) return log.end("refused", w.source, "untouched", refused);
    // require, not import(): see rollback.ts.
    const { openLoadBalancer } = require("../../features/release/cloudflare-api") as typeof import("../../features/release/cloudflare-api");
    const session = await openLoadBalancer(w.source.cfg, w.source.release, o.breakGlass);
    const drift = await liveDiffersFromConfig(session, w.source, ctx.env);
    if (drift) return log.end("refused", w.source, "untouched", drift);
    const unhealthy = await preflightHealth(w, session, o);
    if (unhealthy) return log.end("refused", w.source, "untouched", unhealthy);
    enabledPool = await enableCandidatePool(session, colour, log);
    return await walkSteps(w, session);
  } catch (err) {
    // An expected failure (an API call refused, the config edited or made invalid meanwhile) still ends
    // with the run log, saying what this watch last set: a read of the load balancer may be what failed.
    if (!(err instanceof ReleaseError || err instanceof ConfigError || err instanceof ConfigErrors)) throw err;
    const last = log.steps.at(-1)?.percent;
    if (last !== undefined)
      return log.end(
        "stopped",
        w.source,
        "unknown",
        `${err.message}; this watch last set ${colour} at ${last}% (recorded in the config) and sent nothing more`,
      );
    const pool = enabledPool ? `the ${colour} pool was enabled, ` : "";
    return log.end("refused", w.source, "untouched", `${err.message}; ${pool}no weight moved (${colour} at ${from}%), config untouched`);
  } finally {
    w.prober?.close();
  }
}

/** Refuses a drained candidate, logs what the watch will do and opens the prober; nothing is sent yet. */
function startWatch(ctx: ReleaseContext, o: WatchOptions, log: RunLog, source: ReleaseConfigFile, first: Transition): Watch {
  const colour = first.before.candidate;
  const release = source.release;
  if (release.drained === colour)
    throw new ReleaseRefusal(
      `release.drained is ${colour}, the candidate: its pool is declared disabled, so no step could reach it; remove release.drained from ${source.label} (a start on ${colour} does) and run this again; nothing changed`,
    );
  const settings = analysisSettings(source.cfg, release, o.intervalMs);
  const origins = probedOrigins(release, o.originAddresses, colour);
  const build = release.builds?.[colour];
  const from = first.before.weights[colour];
  log.set("candidate", { colour, build: build ?? null, origins: origins.map((x) => x.name) });
  log.set("rollbackTarget", first.after.previous);
  log.set("analysis", { ...settings, originPort: o.originPort, hostname: release.hostname, originProbes: o.originProbes !== false });
  log.set("alarms", o.alarms ? { source: o.alarms.name } : { checked: false, reason: o.alarmsNotChecked });
  log.line(
    `release promote ${ctx.env} --watch: ${colour}${build ? ` (${build})` : ""} from ${from}% through ${release.steps.filter((p) => p > from).join("% -> ")}%`,
    `  ${settingsText(settings, origins.length, colour, o, release.hostname)}`,
    ...(o.originAddresses?.size
      ? [`  probes reach ${[...o.originAddresses].map(([n, a]) => `${n} at ${a}`).join(", ")} (--origin-address)`]
      : []),
  );
  const prober =
    o.originProbes === false
      ? undefined
      : new CandidateProber({
          hostname: release.hostname,
          path: settings.path,
          port: o.originPort,
          timeoutMs: o.breakGlass.timeoutMs,
          ...(o.ca ? { ca: o.ca } : {}),
          ...(o.clientCert ? { clientCert: o.clientCert } : {}),
        });
  const alarmsOf = { alarms: o.alarms, alarmsNotChecked: o.alarmsNotChecked, alarmScope: alarmScope(source.cfg, release) };
  return { ctx, log, colour, from, settings, origins, prober, ...alarmsOf, source };
}

/**
 * Cloudflare's health of the candidate and of the rollback target, read once before any weight moves
 * (preflightHealthRefusal): why the watch must not start, if it must not. A read that fails throws, and
 * the watch ends refused with nothing changed, as the first step would fail on it.
 */
async function preflightHealth(w: Watch, session: LoadBalancerSession, o: WatchOptions): Promise<string | undefined> {
  const { log, colour, from } = w;
  const target = rollback(w.source.release).after.live;
  const [own, other] = [await session.poolHealth(colour), await session.poolHealth(target)];
  const refusal = preflightHealthRefusal({ colour, health: own }, { colour: target, health: other }, o.originProbes === false);
  log.set("preflightHealth", { passed: refusal === undefined, [colour]: own.state, [target]: other.state });
  log.line(
    `pre-flight: Cloudflare's health of ${colour} (${own.state}) and of ${target}, the rollback target (${other.state}), at ${from}%`,
  );
  if (refusal === undefined) return undefined;
  return `pre-flight: ${refusal}; so nothing changed (no weight moved, no pool changed, config untouched): fix the pool(s), then run this again`;
}

/** One probe of each candidate origin and one read of the alarms, at `from`%: why the watch must not start, if it must not. */
async function preflight(w: Watch, o: WatchOptions, from: number): Promise<string | undefined> {
  const { log, colour } = w;
  if (w.prober) {
    const pre = await preflightProbes(w.prober, w.origins, { cfg: w.source.cfg, colour, percent: from, sentClientCert: !!o.clientCert });
    log.set("preflight", pre.json);
    log.line(`pre-flight: one probe of each ${colour} origin at ${from}%, before any change`, ...pre.lines);
    if (!pre.passed) return pre.message;
  } else {
    log.set("preflight", { passed: null, reason: NO_PROBES });
    log.line(`pre-flight: not run (${NO_PROBES})`);
  }
  if (o.alarms) {
    const pre = await preflightAlarms(o.alarms, { colour, percent: from, scope: w.alarmScope });
    log.set("preflightAlarms", pre.json);
    log.line(`pre-flight: one read of the alarms at ${from}%, before any change`, ...pre.lines);
    if (!pre.passed) return pre.message;
  }
  return undefined;
}
