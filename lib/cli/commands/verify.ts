import { plannedProbes } from "../../engines/verify/dry-run";
import { ConfigErrors } from "../../config/errors";
import { loadEnvironments } from "../../engines/config/load";
import type { AppConfig } from "../../config/schema";
import { redact } from "../../core/redact";
import { redactedJson } from "../../core/redacted-json";
import { displayPath } from "../../core/display-path";
import { loadExpectedRecords } from "../../engines/verify/load-expected";
import { environmentStacks } from "../../engines/zone/load";
import { formatVerifyReport, redactedReport } from "../../engines/verify/report";
import { HostResolver } from "../../engines/verify/probe/resolve";
import { refusedProbeInputs } from "../../engines/verify/plan";
import { ACCESS_TOKEN_ENV, type AccessServiceToken, MAX_SAMPLES, P95_BAR_MS, verifyDeployment } from "../../engines/verify/run";
import { caFlag, choice, intFlag, parseArgs } from "../args";
import { afterApplyFlags } from "../after-apply-flags";
import { COMMAND_SPECS } from "../command-specs";
import { configuredEnvironments, requireKnownEnvironments } from "../environments";
import { configDirFlag, synthDirFlag } from "../path-flags";
import { resolverFlag } from "../resolver-flag";
import { staleSynthMessage } from "../stale-synth";
import { type Command, EXIT, UsageError } from "../types";
import { checkReadPath, type ReadPath } from "../read-path-flags";
import type { CheckedProbeInputs } from "../../platform/probes";
import { NORMALIZED_PATH_ALLOWED, unnormalizedPathProblem, UrlPath } from "../../core/web-fields";
import { checkHeaderSafeEnv } from "../header-safe-env";

/** The flag that sets each input a concern may refuse (Feature.refusedProbeInputs), as its usage error names it. */
const FLAG_OF: Readonly<Record<keyof CheckedProbeInputs, string>> = { healthPath: "--health-path" };

/** verify's --dir: any folder (without the environment's stacks, a fresh synth is read instead). */
const VERIFY_DIR: ReadPath = {
  kind: "folder",
  allowed: "a folder golive synth wrote, such as cdktf.out (without <env>'s stacks, a fresh synth is probed)",
};

/** Longest --health-path a usage error quotes: enough to spot a typo, too short for a pasted file. */
const MAX_SHOWN = 100;

/**
 * --health-path, held to the rule of the config's paths (UrlPath, as monitoring.latency.path): no space
 * or other character a request line cannot carry unescaped (Node would refuse the request), no `.` or
 * `..` segment (`/hooks/../admin` is not below a service token's `/hooks`: Cloudflare normalizes it
 * before Access matches), no `//`.
 */
function healthPathFlag(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const issue = UrlPath.safeParse(given).error?.issues[0];
  if (issue === undefined) return given;
  const shown = JSON.stringify(given.length > MAX_SHOWN ? `${given.slice(0, MAX_SHOWN - 3)}...` : given);
  const unnormalized = issue.code === "custom" ? unnormalizedPathProblem(given) : undefined;
  if (unnormalized !== undefined)
    throw new UsageError(`--health-path: got ${shown}: ${unnormalized}; ${NORMALIZED_PATH_ALLOWED}, such as /hooks/healthz`);
  throw new UsageError(
    `--health-path: got ${shown}, allowed: an absolute URL path of at most 1024 letters, digits and . _ ~ - /, such as /hooks/healthz (no spaces, query or wildcard)`,
  );
}

/**
 * The Access service token for the latency probe: from the environment only (never argv, never printed).
 * A variable holding what a header cannot carry is a usage error naming it (checkHeaderSafeEnv).
 */
function accessTokenFromEnv(env: NodeJS.ProcessEnv): AccessServiceToken | undefined {
  checkHeaderSafeEnv(
    env,
    [ACCESS_TOKEN_ENV.clientId, ACCESS_TOKEN_ENV.clientSecret],
    "the Client ID and Client Secret of a service token as Cloudflare shows them",
  );
  const clientId = env[ACCESS_TOKEN_ENV.clientId];
  const clientSecret = env[ACCESS_TOKEN_ENV.clientSecret];
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

export const verifyCommand: Command = {
  name: "verify",
  summary: "Probe a deployed environment: TLS, redirects, headers, auth, CORS, email DNS, p95 latency",
  usage: [
    "Usage: golive verify <env> [options]",
    "",
    "After a deploy, probes what users hit on every hostname of config/<env>.yaml: TLS >= 1.2 (1.0/1.1",
    "refused with a protocol_version alert to a client offering every cipher), a trusted certificate whose chain (leaf, intermediates, root: the first to expire is named;",
    "it ends at the trusted root, certificates sent beyond it are not judged) stays valid for more than",
    "--min-cert-days, HTTP -> HTTPS, www <-> apex and",
    "configured redirects (path kept, and the query: each is requested with ?golive-verify=1, which the",
    "Location must carry, or for a target with its own query or fragment exactly that query; a relative",
    "Location read against the request, as browsers do), each app",
    "hostname's / answered (no 5xx, no redirect to itself, to a URL the configured redirects send back (the apex",
    "to www while edge.canonicalHost sends www to the apex) or from https to plain http; behind Access the login",
    "redirect), HSTS (each directive once) and security headers read from that answer (CSP frame-ancestors",
    "'none', 'self' or named https hosts; the live CSP equal, directive by directive, to the configured one),",
    "unauthenticated API/Access/admin paths refused (behind Access: 401/403 or a redirect to the Access login,",
    "<team>.cloudflareaccess.com or /cdn-cgi/access/login on the host; elsewhere also a login redirect; never",
    "200), CORS refused to a foreign origin, the TXT/MX/CNAME records of the synthesized stacks live in DNS and",
    "alone of their kind (a second SPF, DMARC, MTA-STS or TLS-RPT record fails, as does any second TXT at a",
    "DKIM key's name; so does an MX no stack declares, beside a null MX or other MX records) (the SES DKIM",
    "CNAMEs, whose tokens exist only after apply, with --values; without it they are reported as skipped),",
    "each synthesized SPF record evaluated live as a receiver does, every include/redirect followed through",
    "--resolver (spf.evaluation fails a permerror: over 10 DNS lookups or 2 void ones, an mx with over 10 hosts,",
    "RFC 7208 4.6.4; a target with no SPF record or two; a syntax error),",
    "the MTA-STS policy file (https://mta-sts.<domain>/.well-known/mta-sts.txt, with an email section)",
    "fetched as senders fetch it (a certificate valid for that name, 200, text/plain) and equal to",
    "email.mtaSts (version STSv1, its mode, max_age and mx lines, each of the first three given once; each",
    "difference named) and, unless its mode is none, matching every live MX of the sending domain (with",
    "none, the domain itself, which senders use when it has an address: the implicit MX, RFC 5321 5.1),",
    "each origin called directly (GET /, with",
    "neither a client certificate nor an Access token) refusing as",
    "edge.originLockdown asks (authenticated-origin-pulls: a request without Cloudflare's client certificate;",
    "access-jwt: one without an Access JWT, Cf-Access-Jwt-Assertion; a tunnel origin has no address: skipped;",
    "a handshake of its own first, offering every TLS version from 1.0 and every cipher and no client",
    "certificate: a refusal naming the certificate passes (certificate_required; handshake_failure,",
    "bad_certificate, certificate_unknown, unknown_ca once the keys were agreed, not for nothing shared),",
    "plain text on the port fails, any other failed",
    "handshake is skipped; GET / offers every version and cipher too, as Cloudflare does)",
    "and serving nothing over plain HTTP (refused, or only a redirect to https on the same host), and p95",
    "latency of a chat-like GET against 500 ms.",
    "",
    "Latency: times monitoring.latency.path on monitoring.latency.hostname (else the first hostname behind",
    "Access). Behind Access only a service token gets past the login, and only on its own paths: the path",
    "defaults to the first path of edge.access.serviceTokens (set monitoring.latency.path to one at or below",
    "it that the app answers GET with 2xx on, such as /hooks/healthz); on a public hostname to /. It sends the token",
    `from the environment (${ACCESS_TOKEN_ENV.clientId}, ${ACCESS_TOKEN_ENV.clientSecret}: a service token of`,
    "edge.access.serviceTokens allowed on that path; never a flag, never printed) as CF-Access-Client-Id/-Secret",
    "(a line break, space, control or non-ASCII character in either: exit 2 naming it, --dry-run too);",
    "without both, or with no service token allowed on the path, it is reported as skipped (the origins cannot",
    "be timed from outside: they refuse callers that did not come through Cloudflare). Only 2xx answers are",
    "timed: a redirect (to the Access login, an app login or anywhere) is never timed, the check fails.",
    "Release (with a release section): release.reachable GETs release.hostname through Access and the load",
    "balancer, with the same token, on the same path (else the first path a service token is allowed on),",
    "and passes only on a 2xx: a 5xx (530: no healthy pool) or the Access login fails it. It proves the pools",
    "serve through the load balancer, not which colour or build answered. Without both token variables it",
    "is skipped, never passed: the other probes of that hostname carry no token and see only the login.",
    "Bounded: one request per probe, at most 200 latency samples, every request has a timeout.",
    "",
    "Options:",
    "  --config-dir DIR     where the environment configs are (default: config)",
    "  --dir DIR            synth output holding the expected records (default: cdktf.out); read only: a path",
    "                       that is no folder is refused (exit 2); with no stacks of <env> there, a fresh synth",
    "                       in a temporary folder. Stacks there synthesized",
    "                       from another config of <env>, or missing, added or changed since golive synth",
    "                       wrote them (golive.json records them), are not probed (nor listed by --dry-run):",
    "                       exit 1, naming the synth to run",
    "  --resolver IP:PORT   DNS server for record checks and for finding the hosts (default: system resolver):",
    "                       an IPv4 address or a bracketed IPv6 one, port 1-65535 (default 53), such as",
    "                       127.0.0.1:5353 or [::1]:5353",
    '  --values FILE|-      the email stack\'s `terraform output -json` (or {"dkim_tokens": [...]}), as golive zone',
    "                       takes it; - reads standard input. Checks each <token>._domainkey.<domain> CNAME points",
    "                       at <token>.dkim.amazonses.com (the region's DKIM domain). Without it: skipped, said so",
    "  --ca-file PATH       extra trusted CA certificates (PEM), added to the system roots; one that cannot be",
    "                       read as a certificate: exit 2, naming it",
    "  --https-port N       HTTPS port to probe (default: 443)",
    "  --http-port N        plain HTTP port to probe, on the hostnames and the origins (default: 80)",
    "  --timeout-ms N       per request and per handshake (default: 5000)",
    `  --samples N          latency samples, 1..${MAX_SAMPLES} (default: 20)`,
    "  --min-cert-days N    certificates must stay valid longer than this (default: 21)",
    "  --health-path PATH   path timed for latency (default: monitoring.latency.path, else as above); behind",
    "                       Access it must be one a service token is allowed on. A path as config paths are",
    "                       (letters, digits, . _ ~ - /; no space, query, . or .. segment, //), else exit 2",
    "                       (--dry-run too)",
    `  --p95-bar-ms N       p95 latency bar (default: monitoring.latency.p95Ms of the config, else ${P95_BAR_MS})`,
    "  --loopback-only      refuse to probe anything that does not resolve to 127.0.0.0/8 or ::1 (tests)",
    "  --format text|json   output format (default: text); --json is the same as --format json (--json",
    "                       with --format text: a usage error)",
    "  --dry-run            list every probe it would send (target and what it proves) and send none",
    "",
    "Exit codes: 0 every check passed, 1 any check failed (or --dir is stale: nothing probed), 2 usage error.",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.verify.flags);
    if (parsed.positionals.length !== 1) throw new UsageError(`expected exactly one environment, got ${parsed.positionals.length}`);
    const env = parsed.positionals[0] as string;
    const format = choice(parsed, "format", COMMAND_SPECS.verify.choices.format, parsed.booleans.has("json") ? "json" : "text");
    const loopbackOnly = parsed.booleans.has("loopback-only");
    const server = resolverFlag(parsed, loopbackOnly);
    const timeoutMs = intFlag(parsed, "timeout-ms", { min: 100, max: 60000, fallback: 5000 });
    const healthPath = healthPathFlag(parsed.values.get("health-path"));
    const options = {
      httpsPort: intFlag(parsed, "https-port", { min: 1, max: 65535, fallback: 443 }),
      httpPort: intFlag(parsed, "http-port", { min: 1, max: 65535, fallback: 80 }),
      samples: intFlag(parsed, "samples", { min: 1, max: MAX_SAMPLES, fallback: 20 }),
      minCertDays: intFlag(parsed, "min-cert-days", { min: 0, max: 3650, fallback: 21 }),
      timeoutMs,
      ...(healthPath === undefined ? {} : { healthPath }),
    };
    const ca = caFlag(parsed, io.cwd);
    const accessToken = accessTokenFromEnv(io.env);
    const configDir = configDirFlag(parsed, io.cwd);
    requireKnownEnvironments([env], configuredEnvironments(configDir), { folder: { configDir, cwd: io.cwd } });
    let cfg: AppConfig | undefined;
    try {
      cfg = loadEnvironments(configDir, [env], io.cwd).get(env);
    } catch (err) {
      if (!(err instanceof ConfigErrors)) throw err;
      io.stderr.write(`${err.message}\n`);
      return EXIT.failure;
    }
    if (cfg === undefined) throw new UsageError(`unknown environment ${JSON.stringify(env)}`);
    // An input a concern's probes cannot use, such as a --health-path no service token may reach behind
    // Access (it could only time the login): a usage error before anything is read or sent.
    const [refused] = refusedProbeInputs(cfg, healthPath === undefined ? {} : { healthPath });
    if (refused !== undefined) throw new UsageError(`${FLAG_OF[refused.input]}: ${refused.problem}`);
    // The flag, else the config's monitoring.latency.p95Ms, else the launch bar.
    const p95BarMs = intFlag(parsed, "p95-bar-ms", { min: 1, max: 60000, fallback: cfg.monitoring?.latency?.p95Ms ?? P95_BAR_MS });
    const dir = synthDirFlag(parsed, "dir", io.cwd);
    // A --dir that is no folder is a typo, not a request for a fresh synth: refused before stdin is read.
    if (parsed.values.has("dir")) checkReadPath("dir", dir, VERIFY_DIR, io.cwd);
    const values = await afterApplyFlags("verify", parsed.values.get("values"), undefined, io);
    // Stacks made from another config would be probed for records the config no longer declares, and a
    // dry run would list those probes: both stop. With no stacks of env there, a fresh synth is read.
    if (environmentStacks(dir, env).length > 0) {
      const stale = staleSynthMessage("verify", dir, configDir, new Map([[env, cfg]]), [env], io.cwd);
      if (stale !== undefined) {
        io.stderr.write(`${stale}\nNothing was probed.\n`);
        return EXIT.failure;
      }
    }
    const expected = loadExpectedRecords(dir, cfg, values);
    if (parsed.booleans.has("dry-run")) {
      const hasAccessToken = accessToken !== undefined;
      const probes = plannedProbes(cfg, { ...options, expected: expected.records, p95BarMs, hasAccessToken });
      io.stdout.write(
        format === "json"
          ? `${JSON.stringify({ environment: env, probes }, null, 2)}\n`
          : `${probes.map((p) => `${p.check.padEnd(22)} ${p.target}  (${p.proves})`).join("\n")}\n${probes.length} probes; none sent (--dry-run)\n`,
      );
      return EXIT.ok;
    }
    const resolver = new HostResolver({ timeoutMs, loopbackOnly, ...(server === undefined ? {} : { server }) });
    const report = await verifyDeployment({
      cfg,
      expected: expected.records,
      resolver,
      now: new Date(),
      ...options,
      p95BarMs,
      ...(ca === undefined ? {} : { ca }),
      ...(accessToken === undefined ? {} : { accessToken }),
    });
    // A path as every message shows one: relative to the working directory when inside it.
    const recordsFrom =
      expected.synthDir === undefined ? "a fresh synth (no stacks in the synth directory)" : displayPath(io.cwd, expected.synthDir);
    // Bodies of endpoints that wrongly answered are quoted in findings: mask anything credential-shaped
    // value by value, before the report is serialised (redactedJson) or finding by finding before it is
    // formatted (redactedReport).
    io.stdout.write(format === "json" ? redactedJson({ ...report, recordsFrom }) : redact(formatVerifyReport(redactedReport(report))));
    return report.ok ? EXIT.ok : EXIT.failure;
  },
};
