import { resolve } from "node:path";
import { ConfigError, ConfigErrors } from "../../config/errors";
import { redact } from "../../core/redact";
import { ReleaseError } from "../../features/release/errors";
import { type BreakGlassOptions, DEFAULT_API_BASE_URL } from "../../features/release/break-glass";
import { ReleaseConfigError } from "../../engines/release/config-file";
import { releaseShift, releasePromote } from "../../engines/release/move";
import type { ReleaseContext } from "../../engines/release/report";
import { releaseRollback } from "../../engines/release/rollback";
import { releaseStatus } from "../../engines/release/status";
import { choice, type ParsedArgs, parseArgs } from "../args";
import { type CliIo, type Command, EXIT, type ExitCode, UsageError } from "../types";

const SUBCOMMANDS = ["status", "shift", "promote", "rollback"] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
const BREAK_GLASS_FLAGS = ["api-base-url", "timeout-ms", "max-retries"] as const;

const USAGE = [
  "Usage: golive release <subcommand> <env> [options]",
  "",
  "Blue/green releases from the release: section of config/<env>.yaml, the one source of truth.",
  "",
  "Subcommands:",
  "  status <env>            live/candidate colours, weights, what promote and rollback would change",
  "  shift <env> <percent>   give the candidate <percent>% of new sessions (100 makes it live)",
  "  promote <env>           move the candidate to the next of release.steps (the last makes it live)",
  "  rollback <env> [--now]  all new sessions back on release.previous; --now (break-glass) also sets",
  "                          the load balancer through the Cloudflare API before writing the config",
  "",
  "A change edits the config in place (comments kept, written atomically, validated first) and names",
  "the one stack to deploy: npx cdktf deploy traffic-<env>. Nothing else changes.",
  "",
  "Options:",
  "  --config-dir DIR     where the environment configs are (default: config)",
  "  --json               machine-readable output (also --format json)",
  "  --now                rollback only: apply through the API now (token: CLOUDFLARE_API_TOKEN)",
  `  --api-base-url URL   with --now (default: $CLOUDFLARE_BASE_URL or ${DEFAULT_API_BASE_URL})`,
  "  --timeout-ms N       with --now: per-request timeout, 100-60000 (default 10000)",
  "  --max-retries N      with --now: retries on 429/5xx/timeouts, 0-5 (default 3)",
  "",
  "Exit codes: 0 ok (also when there is nothing to change), 1 refused or failed (config untouched),",
  "2 usage error.",
].join("\n");

function intFlag(parsed: ParsedArgs, name: string, min: number, max: number, fallback: number): number {
  const raw = parsed.values.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new UsageError(`--${name}: got "${raw}", allowed: a whole number ${min}-${max}`);
  return n;
}

function parsePercent(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError("shift needs a percent: golive release shift <env> <percent>");
  const m = /^(\d{1,3})%?$/.exec(raw);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n <= 100)) throw new UsageError(`percent: got "${raw}", allowed: a whole number 0-100`);
  return n;
}

/** Break-glass settings; the base URL must be https, or plain http on loopback only (tests). */
function breakGlassOptions(parsed: ParsedArgs, io: CliIo): BreakGlassOptions {
  const baseUrl = parsed.values.get("api-base-url") ?? io.env.CLOUDFLARE_BASE_URL ?? DEFAULT_API_BASE_URL;
  if (!/^https:\/\/[^\s]+$/.test(baseUrl) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/[^\s]*)?$/.test(baseUrl)) {
    throw new UsageError(`--api-base-url: got "${baseUrl}", allowed: an https:// URL (plain http only on 127.0.0.1)`);
  }
  const timeoutMs = intFlag(parsed, "timeout-ms", 100, 60000, 10000);
  const maxRetries = intFlag(parsed, "max-retries", 0, 5, 3);
  const token = io.env.CLOUDFLARE_API_TOKEN ?? "";
  if (token.trim() === "")
    throw new ReleaseConfigError(
      "rollback --now needs CLOUDFLARE_API_TOKEN in the environment (a token with Load Balancing: Edit); nothing was changed",
    );
  return { token, baseUrl, timeoutMs, maxRetries };
}

function dispatch(sub: Subcommand, ctx: ReleaseContext, parsed: ParsedArgs): Promise<ExitCode> {
  const extra = parsed.positionals.slice(sub === "shift" ? 3 : 2);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const now = parsed.booleans.has("now");
  if (sub !== "rollback" && now) throw new UsageError("--now only applies to rollback");
  const stray = BREAK_GLASS_FLAGS.find((f) => parsed.values.has(f));
  if (stray && !now) throw new UsageError(`--${stray} only applies to rollback --now`);
  switch (sub) {
    case "status":
      return releaseStatus(ctx);
    case "shift":
      return releaseShift(ctx, parsePercent(parsed.positionals[2]));
    case "promote":
      return releasePromote(ctx);
    case "rollback":
      return releaseRollback(ctx, now ? breakGlassOptions(parsed, ctx.io) : undefined);
  }
}

function isExpectedFailure(err: unknown): err is Error {
  return err instanceof ReleaseError || err instanceof ConfigError || err instanceof ConfigErrors;
}

export const releaseCommand: Command = {
  name: "release",
  summary: "Blue/green release state: status, shift, promote, rollback (--now for break-glass)",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, { values: ["config-dir", "format", ...BREAK_GLASS_FLAGS], booleans: ["json", "now"] });
    const json = parsed.booleans.has("json") || choice(parsed, "format", ["text", "json"], "text") === "json";
    const [subRaw, env] = parsed.positionals;
    const sub = SUBCOMMANDS.find((s) => s === subRaw);
    if (!sub)
      throw new UsageError(
        subRaw === undefined ? "missing subcommand" : `unknown subcommand "${subRaw}" (allowed: ${SUBCOMMANDS.join(", ")})`,
      );
    if (env === undefined) throw new UsageError(`${sub} needs an environment: golive release ${sub} <env>`);
    const ctx: ReleaseContext = { io, configDir: resolve(io.cwd, parsed.values.get("config-dir") ?? "config"), env, json };
    try {
      return await dispatch(sub, ctx, parsed);
    } catch (err) {
      if (!isExpectedFailure(err)) throw err;
      // The token never reaches a message, but mask it anyway should a library echo it.
      const message = redact(err.message, [io.env.CLOUDFLARE_API_TOKEN ?? ""]);
      if (json) io.stdout.write(`${JSON.stringify({ ok: false, environment: env, action: sub, error: message }, null, 2)}\n`);
      io.stderr.write(`golive release ${sub}: ${message}\n`);
      return EXIT.failure;
    }
  },
};
