import { shownValue } from "../../core/shown-value";
import { ConfigError, ConfigErrors } from "../../config/errors";
import { redact } from "../../core/redact";
import { TARGET_READ_TIMEOUT_MS } from "../../features/release/analysis";
import { DrainRefusal, ReleaseError } from "../../features/release/errors";
import { DEFAULT_API_BASE_URL } from "../../core/cloudflare-client";
import { rollbackNowPlan } from "../../engines/release/dry-run";
import { watchPlan } from "../../engines/release/watch-plan";
import { releaseAbort, releasePromote, releaseShift, releaseStart } from "../../engines/release/move";
import type { ReleaseContext, ReleaseResult } from "../../engines/release/report";
import { releaseRollback } from "../../engines/release/rollback";
import { releaseStatus } from "../../engines/release/status";
import { releaseStatusLive } from "../../engines/release/status-live";
import { releaseWatch } from "../../engines/release/watch";
import { choice, type ParsedArgs, parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { configuredEnvironments, requireKnownEnvironments } from "../environments";
import { failureJson } from "../json-failure";
import { configDirFlag } from "../path-flags";
import { type CliIo, type Command, EXIT, type ExitCode, UsageError } from "../types";
import { breakGlassOptions, buildFlag, watchOptions, watchPlanOptions } from "./release-options";
import { interruptible } from "./release-interrupt";
import { subcommandOf } from "../subcommand";
import { printResult, printWatchEnd, watchProgress } from "./release-output";

const SUBCOMMANDS = COMMAND_SPECS.release.subcommands;
type Subcommand = (typeof SUBCOMMANDS)[number];
const BREAK_GLASS_FLAGS = ["api-base-url", "timeout-ms", "max-retries"] as const;
const WATCH_FLAGS = ["origin-port", "origin-address", "ca-file", "interval-ms", "client-cert", "client-key"] as const;

const USAGE = [
  "Usage: golive release <subcommand> <env> [options]",
  "",
  "Blue/green releases from the release: section of config/<env>.yaml, the one source of truth.",
  "",
  "Subcommands:",
  "  status <env> [--live]   colours, builds, weights, phase, what each release command would change.",
  "                          --live also reads the load balancer through the API (GETs only, token:",
  "                          CLOUDFLARE_API_TOKEN): each colour's weight, the pools' order, the fallback,",
  "                          a rollback's mark on a pool, and whether it serves what the config deploys",
  "                          (exit 0) or not (exit 1, the difference named)",
  "  start <env> --build ID  record a new build on the idle colour (the candidate, at 0%); the live colour",
  "                          becomes the rollback target. Refused while a release is in flight. The build",
  "                          already started, or already live (its release completed): nothing to start,",
  "                          exit 0",
  "  shift <env> <percent>   give the candidate <percent>% of new sessions, a whole number 0-100 without a",
  "                          % sign (100 makes it live)",
  "  promote <env>           move the candidate to the next of release.steps (the last makes it live and",
  "                          completes the release; with no release in flight: nothing to promote).",
  "                          --watch walks every remaining step through the API and the config, watching",
  "                          the candidate after each (release.analysis): probes of its origins and",
  "                          Cloudflare's pool health; a failed check rolls back at once (exit 1), unless",
  "                          the rollback target is unhealthy too or the alarm is neither colour's alone.",
  "                          Its last line: result: <outcome>; whether the config it leaves deploys what",
  "                          the load balancer serves (as set or read back), does not, is unknown, or no",
  "                          weight moved; a stop without a rollback names why: held (environment-wide",
  "                          alarms), or stopped, NOT rolled back (both colours failing)",
  "  run <env>               the same as promote <env> --watch",
  "  abort <env>             stop the release in flight: all new sessions back on the live colour, phase",
  "                          idle; the candidate stays at 0% with its build recorded and nothing is marked",
  "                          bad (no rollback), so a new start may follow. No release: nothing to abort",
  "  rollback <env> [--now] [--drain]",
  "                          all new sessions back on release.previous; the colour rolled back from leaves",
  "                          the load balancer (no traffic, never the fallback) until the next start.",
  "                          --now (break-glass) also sets the load balancer through the Cloudflare API",
  "                          (first enabling the pool rolled back to, if Cloudflare lists it disabled)",
  "                          before writing the config, then marks that colour's pool rolled back (its",
  "                          description; promote --watch refuses it until a deploy of traffic-<env>",
  "                          clears the mark), even when there is nothing to roll back; unless the copy",
  "                          looks behind the one deployed: a pool served (or rolled back to) names",
  "                          another build than release.builds, or the config is idle with nothing to",
  "                          roll back while the load balancer serves other shares than it deploys and",
  "                          a pool served names no build: exit 1, nothing sent (git pull). Idle with",
  "                          other shares served whose pools name its builds: its deploy is pending,",
  "                          the rollback goes ahead.",
  "                          --drain also disables that colour's pool",
  "                          (release.drained: sessions pinned to it by the affinity cookie move at once);",
  "                          the next start on it enables it again",
  "",
  "A change edits the config in place (comments kept, written atomically, validated first) and names",
  "the one stack to deploy: npx cdktf deploy traffic-<env> --ignore-missing-stack-dependencies (its",
  "dependencies, edge and monitoring, are deployed already). Nothing else changes. --dry-run (start,",
  "shift, promote, run, abort, rollback) prints the change, and with --now/--watch every request the",
  "real run sends, in its order (the watch's CloudWatch reads and load balancer read-backs included),",
  "and makes none.",
  "",
  "Options:",
  "  --config-dir DIR     where the environment configs are (default: config)",
  "  --json               machine-readable output (also --format json; --json with --format text: a usage error)",
  "  --build ID           start only: the build (version, image tag or commit) now on the candidate:",
  "                       letters, digits, . _ : @ / + -, as release.builds takes, nothing shaped like a",
  "                       credential (shown masked); else exit 2",
  "  --dry-run            print the config change (and the API calls of --now/--watch, in order); write and",
  "                       send nothing",
  "  --drain              rollback only: also disable the bad colour's pool (release.drained; the traffic",
  "                       stack declares it enabled = false); with --now the pool is PATCHed after the",
  "                       load balancer. Refused (exit 2) when no enabled pool would serve traffic",
  "  --live               status only: also read what the load balancer serves (read only); exit 1 when it",
  "                       is not what the config deploys (weights, pools, fallback, the pools' enabled)",
  "  --now                rollback: apply through the API now (token: CLOUDFLARE_API_TOKEN); promote --watch",
  "                       implies it and accepts it spelled out, so a CI step reads as one that calls the API",
  "  --watch              promote only: analysis-gated walk through release.steps (implies --now). First,",
  "                       before any change: one probe of each candidate origin and one read of the alarms",
  "                       (a probe fails, the alarms cannot be read, none matches, one of the candidate's",
  "                       origin alarms is missing, or one of the candidate's own origins' or an",
  "                       environment-wide one is in ALARM or INSUFFICIENT_DATA: exit 1,",
  "                       nothing changed, the cause and what to do named); then",
  "                       the load balancer is read back and must serve what the config deploys (else exit",
  "                       1, nothing sent: a rollback made elsewhere is never undone), both pools' health",
  "                       is read (the candidate reported unhealthy as a step judges it, or the rollback",
  "                       target down by Cloudflare's majority rule: exit 1, nothing sent), and the candidate",
  "                       pool is enabled through the API if this config's own drain disabled it. Then each",
  "                       step is watched release.analysis.interval seconds (default 60): probes of the",
  "                       candidate's origins on release.analysis.path (default monitoring.latency.path,",
  "                       what golive verify times, else release.monitor.path; release.analysis.probes,",
  "                       default 20; success >= minSuccessRate, default 0.99; p95 <= maxP95Ms, default",
  "                       500), Cloudflare pool health, and with a monitoring section this environment's",
  "                       CloudWatch alarms (us-east-1, the AWS SDK's credentials: cloudwatch:DescribeAlarms).",
  "                       Only the candidate's own signals fail a step and roll back: its probes, its pool's",
  "                       health, its origins' alarms in ALARM or INSUFFICIENT_DATA (and none matching,",
  "                       one of its origin alarms missing, or alarms that cannot be read). The rollback",
  "                       target's pool is read first (one",
  `                       attempt, at most ${TARGET_READ_TIMEOUT_MS / 1000} s; unreadable, the rollback goes ahead): reported`,
  "                       down by Cloudflare's majority rule (no origin healthy in most of the regions",
  "                       that checked it), nothing more is sent (exit 1, both colours failing); up, it",
  "                       is rolled back to. An origin alarm is the colour's whose pool has the address",
  "                       its check connects to; an environment-wide alarm",
  "                       (the load-balanced hostname's edge or latency, an origin both pools have, a",
  "                       name golive does not write) holds the walk at its step, no rollback (exit 1);",
  "                       the live colour's and other hosts' alarms are only reported. A PATCH that",
  "                       fails (its answer lost after Cloudflare applied it, too) is read back: a step",
  "                       that landed is recorded and the watch goes on; one that did not stops it, the",
  "                       config at the last step; a rollback that landed stands (rolled back), else",
  "                       exit 1 naming what is served",
  "  --no-alarms          with --watch: do not read CloudWatch alarms (reported as not checked)",
  "  --client-cert FILE   with --watch: TLS client certificate (PEM) the probes present, for origins that",
  "  --client-key FILE    require one; without them the probes present none. Under edge.originLockdown",
  "                       authenticated-origin-pulls (the default) the origins trust the CA that signed",
  "                       edge.originPullCertificate: pass a probe certificate that CA signs (or that",
  "                       certificate and its key), or your own origin mTLS certificate; both or neither;",
  "                       the key (unencrypted PEM) is read once and never printed",
  "  --no-origin-probes   with --watch: do not probe the origins (no pre-flight probe either), e.g. where no",
  "                       certificate the origins accept is at hand (release.yml passes one only from the",
  "                       secrets RELEASE_PROBE_CERT and RELEASE_PROBE_KEY); each step is",
  "                       judged on pool health (no data fails) and the alarms, and the report lists the",
  "                       probes as not checked",
  `  --api-base-url URL   with --now/--watch/--live (default: $CLOUDFLARE_BASE_URL or ${DEFAULT_API_BASE_URL})`,
  "  --timeout-ms N       with --now/--watch/--live: per-request timeout (API and probes), 100-60000 (default 10000)",
  "  --max-retries N      with --now/--watch/--live: API retries on 429/5xx/timeouts, 0-5 (default 3)",
  "  --origin-port N      with --watch: HTTPS port of the origins (default 443)",
  "  --origin-address NAME=IP  with --watch, repeatable: probe the candidate's origin NAME at IP instead of its",
  "                       pool address, for a runner that reaches the origins privately (Cloudflare still",
  "                       uses the pool addresses)",
  "  --ca-file PATH       with --watch: extra CA certificates (PEM) for the origins, added to the system roots;",
  "                       one that cannot be read as a certificate: exit 2, naming it",
  "  --interval-ms N      with --watch, FOR TESTS ONLY: step interval in milliseconds, 50-3600000, instead of",
  "                       release.analysis.interval (whole seconds)",
  "",
  "Token (CLOUDFLARE_API_TOKEN, never printed): Zone Read (unless cloudflare.zone.id is set) and Load",
  "Balancers Edit on the zone (the load balancer PATCH); Load Balancing: Monitors and Pools Read on the",
  "account (pool ids and health); Monitors and Pools Edit (API name: Write) instead of Read for rollback",
  "--now (the mark, --drain), and for --watch when it must enable a drained candidate pool or mark it after",
  "its own rollback.",
  "",
  "Rehearse without an account: node scripts/rehearse-release.mjs [env] starts local stand-ins of the",
  "Cloudflare API and CloudWatch, copies the config and prints the variables and commands to run against them.",
  "",
  "Exit codes: 0 ok (also when there is nothing to change; status --live: the load balancer serves what the",
  "config deploys); 1 refused or failed (status --live: it serves something else): config untouched, except",
  "that it holds what the API did take: the steps a stopped --watch applied, the rollback of a --watch",
  "(rolled back) or of rollback --now whose pool PATCH (mark, drain) failed; 2 usage error (also: no",
  "CLOUDFLARE_API_TOKEN where one is needed); 130 / 143 interrupted (Ctrl-C / SIGTERM) while talking to the",
  "API: one line says what was in flight and what to run.",
].join("\n");

/** A whole number 0-100, digits only: `50%`, `0x32`, `1e2` or ` 50` are refused, not read loosely. */
function parsePercent(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError("shift needs a percent: golive release shift <env> <percent>");
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 0 && n <= 100)) throw new UsageError(`percent: got ${shownValue(raw)}, allowed: a whole number 0-100 (no % sign)`);
  return n;
}

/** Flags that belong to one subcommand or mode: each misuse is a usage error naming the flag. */
function checkFlags(sub: Subcommand, parsed: ParsedArgs, watching: boolean, dryRun: boolean): void {
  const extra = parsed.positionals.slice(sub === "shift" ? 3 : 2);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const now = parsed.booleans.has("now");
  if (parsed.booleans.has("watch") && sub !== "promote" && sub !== "run") throw new UsageError("--watch only applies to promote");
  if (sub !== "rollback" && parsed.booleans.has("drain")) throw new UsageError("--drain only applies to rollback");
  if (sub !== "rollback" && now && !watching)
    throw new UsageError("--now only applies to rollback (and to promote --watch, which implies it)");
  if (sub !== "start" && parsed.values.has("build")) throw new UsageError("--build only applies to start");
  buildFlag(parsed);
  const live = parsed.booleans.has("live");
  if (sub !== "status" && live) throw new UsageError("--live only applies to status");
  const stray = BREAK_GLASS_FLAGS.find((f) => parsed.values.has(f));
  if (stray && !now && !watching && !live)
    throw new UsageError(`--${stray} only applies to rollback --now, promote --watch and status --live`);
  const strayWatch = WATCH_FLAGS.find((f) => parsed.values.has(f) || parsed.repeated.has(f));
  if (strayWatch && !watching) throw new UsageError(`--${strayWatch} only applies to promote --watch`);
  for (const flag of ["no-alarms", "no-origin-probes"])
    if (parsed.booleans.has(flag) && !watching) throw new UsageError(`--${flag} only applies to promote --watch`);
  if (sub === "status" && dryRun)
    throw new UsageError("--dry-run applies to start, shift, promote, run, abort and rollback; status changes nothing");
}

async function dispatch(sub: Subcommand, ctx: ReleaseContext, parsed: ParsedArgs, io: CliIo): Promise<ExitCode> {
  // `run` is `promote --watch`, as issue 12 asked for both names.
  const watching = sub === "run" || (sub === "promote" && parsed.booleans.has("watch"));
  checkFlags(sub, parsed, watching, ctx.dryRun === true);
  const drain = parsed.booleans.has("drain");
  const watchName = sub === "run" ? "run" : "promote --watch";
  if (ctx.dryRun && watching) return printResult(io, sub, watchPlan(ctx, watchPlanOptions(parsed, io, watchName)));
  if (ctx.dryRun && parsed.booleans.has("now"))
    return printResult(io, sub, rollbackNowPlan(ctx, breakGlassOptions(parsed, io, "rollback --now").baseUrl, { drain }));
  if (sub === "status" && parsed.booleans.has("live"))
    return printResult(io, sub, await releaseStatusLive(ctx, breakGlassOptions(parsed, io, "status --live")));
  if (watching) return printWatchEnd(io, await releaseWatch(ctx, watchOptions(parsed, io, watchName), watchProgress(io)));
  return printResult(io, sub, await change(sub, ctx, parsed, io, drain));
}

/** The subcommands that read or edit the config (rollback --now through the API first); `run` always watches. */
function change(
  sub: Exclude<Subcommand, "run">,
  ctx: ReleaseContext,
  parsed: ParsedArgs,
  io: CliIo,
  drain: boolean,
): Promise<ReleaseResult> {
  switch (sub) {
    case "status":
      return releaseStatus(ctx);
    case "start": {
      const build = buildFlag(parsed);
      if (build === undefined) throw new UsageError("start needs --build ID: golive release start <env> --build v1.5.0");
      return releaseStart(ctx, build);
    }
    case "shift":
      return releaseShift(ctx, parsePercent(parsed.positionals[2]));
    case "promote":
      return releasePromote(ctx);
    case "abort":
      return releaseAbort(ctx);
    case "rollback":
      return releaseRollback(ctx, parsed.booleans.has("now") ? breakGlassOptions(parsed, io, "rollback --now") : undefined, {
        drain,
      });
  }
}

function isExpectedFailure(err: unknown): err is Error {
  return err instanceof ReleaseError || err instanceof ConfigError || err instanceof ConfigErrors;
}

export const releaseCommand: Command = {
  name: "release",
  summary: "Blue/green releases: status, start, shift, promote (--watch or run: analysis-gated), abort, rollback (--now: break-glass)",
  usage: USAGE,
  async run(args, io: CliIo) {
    const parsed = parseArgs(args, COMMAND_SPECS.release.flags);
    const json = parsed.booleans.has("json") || choice(parsed, "format", COMMAND_SPECS.release.choices.format, "text") === "json";
    const [subRaw, env] = parsed.positionals;
    const sub = subcommandOf(subRaw, SUBCOMMANDS);
    if (env === undefined) throw new UsageError(`${sub} needs an environment: golive release ${sub} <env>`);
    const configDir = configDirFlag(parsed, io.cwd);
    requireKnownEnvironments([env], configuredEnvironments(configDir), { folder: { configDir, cwd: io.cwd } });
    const ctx: ReleaseContext = { cwd: io.cwd, configDir, env, json, dryRun: parsed.booleans.has("dry-run") };
    const named =
      sub === "rollback" && parsed.booleans.has("now") ? "rollback --now" : parsed.booleans.has("watch") ? `${sub} --watch` : sub;
    try {
      // Told where the engine is (rollback --now, a watch: the API calls), for the note a Ctrl-C prints.
      return await interruptible(io, named, env, (moment) => dispatch(sub, moment ? { ...ctx, moment } : ctx, parsed, io));
    } catch (err) {
      // A flag asking for the impossible is a usage error (exit 2), named by the flag.
      if (err instanceof DrainRefusal) throw new UsageError(err.message);
      if (!isExpectedFailure(err)) throw err;
      // The token never reaches a message, but mask it anyway should a library echo it.
      const message = redact(err.message, [io.env.CLOUDFLARE_API_TOKEN ?? ""]);
      const line = `golive release ${sub}: ${message}`;
      // The failure object every --json command prints (lib/cli/json-failure.ts), with where it failed.
      if (json) io.stdout.write(failureJson(line, EXIT.failure, { environment: env, action: sub }));
      io.stderr.write(`${line}\n`);
      return EXIT.failure;
    }
  },
};
