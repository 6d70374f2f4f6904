import { ConfigError, ConfigErrors } from "../../config/errors";
import { displayPath } from "../../core/display-path";
import { redact } from "../../core/redact";
import { listEnvironmentFiles, loadConfigFile } from "../../engines/config/load";
import { DEFAULT_API_BASE_URL } from "../../core/cloudflare-client";
import { PreflightApiError } from "../../engines/preflight/api-errors";
import { renderPreflight } from "../../engines/preflight/render";
import { runPreflight } from "../../engines/preflight/run";
import { intFlag, onePositional, parseArgs } from "../args";
import { cloudflareBaseUrl } from "../cloudflare-base-url";
import { cloudflareApiToken } from "../cloudflare-token";
import { COMMAND_SPECS } from "../command-specs";
import { configDirFlag } from "../path-flags";
import { configuredEnvironments, requireKnownEnvironments } from "../environments";
import { failureJson } from "../json-failure";
import { type Command, EXIT, UsageError } from "../types";

const USAGE = [
  "Usage: golive preflight <env> [--write] [--json] [--config-dir DIR] [--api-base-url URL] [--timeout-ms N] [--max-retries N]",
  "",
  "Step one before the first deploy of an environment: reads, and never changes, the Cloudflare account",
  "with CLOUDFLARE_API_TOKEN (read-only is enough: Zone Read, DNS Read, Zone WAF Read on the zone; Account:",
  "Access: Organizations, Identity Providers, and Groups Read; and Account: Workers Scripts Read only when a",
  "record holds mta-sts.<domain>, to tell whose Worker it is) and reports what would make the first apply",
  "fail or surprise:",
  "  - does the zone exist, on which plan (against cloudflare.plan), in which account;",
  "  - is it a full zone (not partial or secondary) and not paused: either is a fix, since the first apply",
  "    would convert or resume a zone it imports (cloudflare_zone declares type full, paused false);",
  "  - does the account have a Zero Trust organization (a team name, made in the dashboard), which the",
  "    edge stack's Access groups, policies and applications need;",
  "  - phase entry-point rulesets that already exist for the phases the edge stack declares (made in",
  "    the dashboard or by WAF enrollment: the provider can only create one per phase);",
  "  - DNS records the edge and email stacks would create that already exist (same name and type, or",
  "    the same SPF/DMARC TXT), and records that cannot stand beside them;",
  "  - address and MX records golive does not declare at a name it points or routes mail for (they would",
  "    keep answering beside golive's);",
  "  - A, AAAA or CNAME records at a load balancer's name (release.hostname, the traffic stack's): a fix, since",
  "    the load balancer answers before them and they would answer again whenever it is disabled;",
  "  - what already holds mta-sts.<domain>, where email-<env> attaches its MTA-STS Worker as a custom",
  "    domain: a DNS record or another Worker's custom domain there makes Cloudflare refuse it;",
  "  - the zone's name servers (to set at the registrar) and its DNSSEC state (the DS record).",
  "",
  "--write records what must be adopted in config/adopt/<env>.json (generated; config/<env>.yaml is never",
  "touched). Synth then emits Terraform import blocks for them, so the first apply adopts them instead of",
  "failing: cloudflare_zone, cloudflare_zone_subscription (paid zones), cloudflare_ruleset per phase,",
  "cloudflare_dns_record. Commit the file with the config; rerun --write whenever this reports it stale.",
  "It replaces or removes only an adopt file it wrote: a symbolic link there (or as config/adopt), a folder,",
  "or a file that is not an adopt file (hand notes, an edited one) is refused (exit 2) and left as it is;",
  "one an earlier golive wrote with an id the loader refuses is its own, and replaced.",
  "",
  "Options:",
  "  --write              record what must be adopted (or remove an adopt file no longer needed)",
  "  --json               print the report as JSON",
  "  --config-dir DIR     where the environment configs are (default: config)",
  `  --api-base-url URL   Cloudflare API (default: $CLOUDFLARE_BASE_URL or ${DEFAULT_API_BASE_URL})`,
  "  --timeout-ms N       per-request timeout, 100-60000 (default 10000)",
  "  --max-retries N      retries on 429, 5xx and timeouts, 0-5 (default 2)",
  "",
  "An answer it cannot read (not JSON, success not true, no list, fewer records than result_info.total_count)",
  "fails the run, and nothing is written or removed; so does, with --write, an id the adopt file cannot hold",
  "(not 32 lower-case hex characters: the loader would refuse it), named with the object it came from.",
  "When the zone is not visible to the token (a token without Zone Read on it sees no zone) an existing",
  'adopt file is kept, never removed: that is a fix, not "does not exist".',
  "",
  "Exit codes: 0 nothing blocks the first apply (also once --write has recorded every adoption), 1 something",
  "must be adopted or fixed, or the API could not be read, 2 usage error (also: no CLOUDFLARE_API_TOKEN).",
].join("\n");

export const preflightCommand: Command = {
  name: "preflight",
  summary: "Before the first deploy: what already exists in Cloudflare (zone, plan, rulesets, records); --write adopts it",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.preflight.flags);
    const env = onePositional(parsed, "environment", "golive preflight <env>");
    const json = parsed.booleans.has("json");
    const baseUrl = cloudflareBaseUrl(parsed.values.get("api-base-url"), io.env);
    const timeoutMs = intFlag(parsed, "timeout-ms", { min: 100, max: 60000, fallback: 10000 });
    const maxRetries = intFlag(parsed, "max-retries", { min: 0, max: 5, fallback: 2 });
    const configDir = configDirFlag(parsed, io.cwd);
    requireKnownEnvironments([env], configuredEnvironments(configDir), { folder: { configDir, cwd: io.cwd } });
    const token = cloudflareApiToken(io.env);
    const fail = (message: string) => {
      const line = `golive preflight: ${redact(message, [token])}`;
      // The failure object every --json command prints (lib/cli/json-failure.ts), with the environment.
      if (json) io.stdout.write(failureJson(line, EXIT.failure, { environment: env }));
      io.stderr.write(`${line}\n`);
      return EXIT.failure;
    };
    // Input missing, nothing tried: a usage error (exit 2), as a token no header can carry is, and as release says it.
    if (token.trim() === "")
      throw new UsageError(
        "needs CLOUDFLARE_API_TOKEN in the environment (read-only is enough: Zone Read, DNS Read, Zone WAF Read on the zone; Account: Access: Organizations, Identity Providers, and Groups Read; and Account: Workers Scripts Read when a record holds mta-sts.<domain>)",
      );
    try {
      // Loaded without config/adopt/<env>.json: preflight is what rewrites a stale one.
      const file = listEnvironmentFiles(configDir, io.cwd).get(env);
      if (file === undefined) return fail(`no config for environment "${env}" in ${displayPath(io.cwd, configDir)}`);
      const cfg = loadConfigFile(file, displayPath(io.cwd, file));
      const result = await runPreflight(cfg, {
        api: { token, baseUrl, timeoutMs, maxRetries },
        configDir,
        cwd: io.cwd,
        write: parsed.booleans.has("write"),
      });
      io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : renderPreflight(result, io.cwd));
      return result.ok ? EXIT.ok : EXIT.failure;
    } catch (err) {
      if (err instanceof PreflightApiError || err instanceof ConfigError || err instanceof ConfigErrors) return fail(err.message);
      throw err;
    }
  },
};
