import { createPrivateKey, X509Certificate } from "node:crypto";
import { resolve } from "node:path";
import { BoundedReadError, readBoundedText } from "../../core/bounded-read";
import { isIpv4, isIpv6 } from "../../core/ip-addresses";
import { endpointFrom } from "../endpoint-source";
import type { BreakGlassOptions } from "../../features/release/break-glass";
import type { ClientCertificate } from "../../features/release/candidate-probe";
import { readReleaseConfig } from "../../engines/release/config-file";
import { originAddressProblem, type WatchOptions } from "../../engines/release/watch";
import type { WatchPlanOptions } from "../../engines/release/watch-plan";
import { CLOUDWATCH_ENDPOINT } from "../../features/release/alarm-query";
import { quietAwsSdkNodeWarning } from "../aws-sdk";
import { caFlag, intFlag, type ParsedArgs } from "../args";
import { cloudflareBaseUrl } from "../cloudflare-base-url";
import { cloudflareApiToken } from "../cloudflare-token";
import { configDirFlag } from "../path-flags";
import { type CliIo, UsageError } from "../types";
import { BuildId } from "../../features/release/schema";

/** The environment variable that points the CloudWatch client at a local stand-in (tests). */
const CLOUDWATCH_ENDPOINT_VARIABLE = "GOLIVE_CLOUDWATCH_ENDPOINT";

/**
 * `--watch`'s alarm check: this environment's CloudWatch alarms when it has a monitoring section (the
 * SDK loads only then), else the reason none is checked. GOLIVE_CLOUDWATCH_ENDPOINT points the client
 * at a local stand-in (tests); it must be https, or http on loopback.
 */
function alarmsFor(parsed: ParsedArgs, io: CliIo, timeoutMs: number): WatchOptions["alarmsFor"] {
  if (parsed.booleans.has("no-alarms")) return () => "--no-alarms was given; watch this environment's alarms yourself";
  const endpoint = cloudWatchEndpoint(io);
  return (cfg) => {
    if (!cfg.monitoring) return "this environment has no monitoring section, so no CloudWatch alarms";
    quietAwsSdkNodeWarning();
    const { cloudWatchAlarmSource } =
      require("../../features/release/cloudwatch-alarms") as typeof import("../../features/release/cloudwatch-alarms");
    return cloudWatchAlarmSource(cfg, { timeoutMs, ...(endpoint ? { endpoint } : {}) });
  };
}

/** GOLIVE_CLOUDWATCH_ENDPOINT, checked; no flag sets it (an empty variable counts as unset). */
function cloudWatchEndpoint(io: CliIo): string | undefined {
  return endpointFrom(undefined, CLOUDWATCH_ENDPOINT_VARIABLE, io.env, CLOUDWATCH_ENDPOINT_VARIABLE);
}

/**
 * `--watch --dry-run`: what the plan lists, as the real run would call it (the alarms' endpoint
 * included, absent with --no-alarms); nothing is read from the network, so no token is needed.
 */
export function watchPlanOptions(parsed: ParsedArgs, io: CliIo, what: WatchCommand): WatchPlanOptions {
  const o = watchOptions(parsed, io, what);
  return {
    baseUrl: o.breakGlass.baseUrl,
    ...(o.intervalMs === undefined ? {} : { intervalMs: o.intervalMs }),
    originProbes: o.originProbes !== false,
    ...(parsed.booleans.has("no-alarms") ? {} : { alarmsEndpoint: cloudWatchEndpoint(io) ?? CLOUDWATCH_ENDPOINT }),
  };
}

/**
 * Break-glass settings; the base URL as cloudflareBaseUrl reads it (a bad one named by the flag or the
 * variable it came from). A dry run sends nothing, so it needs no token; one set to what a header cannot
 * carry is refused all the same (cloudflareApiToken), as the real run would refuse it. No token where one
 * is needed is a usage error (exit 2), as a bad one is and as preflight says it: input missing, nothing
 * tried. `what` is the command as typed (`run`, `promote --watch`, `rollback --now`, `status --live`).
 */
export function breakGlassOptions(parsed: ParsedArgs, io: CliIo, what: string): BreakGlassOptions {
  const dryRun = parsed.booleans.has("dry-run");
  const baseUrl = cloudflareBaseUrl(parsed.values.get("api-base-url"), io.env);
  const timeoutMs = intFlag(parsed, "timeout-ms", { min: 100, max: 60000, fallback: 10000 });
  const maxRetries = intFlag(parsed, "max-retries", { min: 0, max: 5, fallback: 3 });
  const token = cloudflareApiToken(io.env);
  if (token.trim() === "" && !dryRun)
    throw new UsageError(`${what} needs CLOUDFLARE_API_TOKEN in the environment (its permissions: golive release --help, "Token")`);
  return { token, baseUrl, timeoutMs, maxRetries };
}

/** A PEM certificate or key is a few KB; a bound keeps a wrong path (a log, a device) from being read whole. */
const MAX_PEM_BYTES = 64 * 1024;

/** A PEM file's text, or a usage error naming the flag and the file, never its content. */
function pemFile(flag: string, file: string, cwd: string, marker: RegExp, what: string): string {
  let text: string;
  try {
    text = readBoundedText(resolve(cwd, file), MAX_PEM_BYTES);
  } catch (err) {
    const kind = err instanceof BoundedReadError && err.message.startsWith("is ") ? `: it ${err.message}` : " (does it exist?)";
    throw new UsageError(`--${flag}: cannot read ${file}${kind}`);
  }
  if (!marker.test(text)) throw new UsageError(`--${flag}: ${file} holds no PEM ${what}`);
  return text;
}

/**
 * `--client-cert FILE --client-key FILE`: the probes' TLS client certificate, both or neither. The key
 * is read once into memory (a regular file, bounded), checked against the certificate, and never
 * printed: every error names the flag and the path only.
 */
export function clientCertificate(parsed: ParsedArgs, cwd: string): ClientCertificate | undefined {
  const certFile = parsed.values.get("client-cert");
  const keyFile = parsed.values.get("client-key");
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined)
    throw new UsageError("--client-cert and --client-key go together: the certificate and its private key (PEM files)");
  const cert = pemFile("client-cert", certFile, cwd, /-----BEGIN CERTIFICATE-----/, "certificate");
  const key = pemFile("client-key", keyFile, cwd, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, "private key");
  if (/ENCRYPTED/.test(key))
    throw new UsageError(`--client-key: ${keyFile} is encrypted; give an unencrypted key in a file only you can read`);
  let matches = false;
  try {
    matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch {
    // unparsable: reported below, without the parser's message (it could quote the input)
  }
  if (!matches)
    throw new UsageError(`--client-key: ${keyFile} is not the private key of the certificate in ${certFile} (or cannot be parsed)`);
  return { cert, key };
}

/**
 * `--origin-address NAME=IP` (repeatable): where the probes reach an origin. Any IP, loopback and private
 * ones included: the runner is what reaches it, not Cloudflare. Whether NAME is a candidate origin is
 * judged against the config (candidateOriginNames).
 */
function originAddresses(parsed: ParsedArgs): ReadonlyMap<string, string> | undefined {
  const given = parsed.repeated.get("origin-address");
  if (!given) return undefined;
  const out = new Map<string, string>();
  for (const entry of given) {
    const eq = entry.indexOf("=");
    const name = eq === -1 ? "" : entry.slice(0, eq);
    const address = entry.slice(eq + 1);
    if (!name || !(isIpv4(address) || isIpv6(address)))
      throw new UsageError(
        `--origin-address: got ${JSON.stringify(entry.slice(0, 80))}; allowed: NAME=IP, an origin name of the candidate pool and an IPv4/IPv6 address`,
      );
    if (out.has(name)) throw new UsageError(`--origin-address: ${JSON.stringify(name)} is given twice`);
    out.set(name, address);
  }
  return out;
}

/**
 * Refuses (exit 2) an `--origin-address` NAME that is no origin of the candidate in the config of
 * `golive release <sub> <env>`, read here only when the flag is given: the dry run refuses what the real
 * run would, and both before anything else is read or sent; with nothing to promote, nothing is probed
 * and nothing refused. The text is the watch's (originAddressProblem).
 */
function candidateOriginNames(addresses: ReadonlyMap<string, string>, parsed: ParsedArgs, io: CliIo): void {
  const env = parsed.positionals[1];
  if (env === undefined) return;
  const { release } = readReleaseConfig(configDirFlag(parsed, io.cwd), env, io.cwd);
  const problem = originAddressProblem(release, addresses);
  if (problem !== undefined) throw new UsageError(problem);
}

/** How the user asked for a watch: `run` is `promote --watch` under its own name. */
export type WatchCommand = "run" | "promote --watch";

export function watchOptions(parsed: ParsedArgs, io: CliIo, what: WatchCommand): WatchOptions {
  const ca = caFlag(parsed, io.cwd);
  const originProbes = !parsed.booleans.has("no-origin-probes");
  const clientCert = clientCertificate(parsed, io.cwd);
  if (clientCert && !originProbes) throw new UsageError("--client-cert is for the origin probes, which --no-origin-probes turns off");
  const addresses = originAddresses(parsed);
  if (addresses && !originProbes) throw new UsageError("--origin-address is for the origin probes, which --no-origin-probes turns off");
  if (addresses) candidateOriginNames(addresses, parsed, io);
  const breakGlass = breakGlassOptions(parsed, io, what);
  const intervalMs = parsed.values.has("interval-ms")
    ? intFlag(parsed, "interval-ms", { min: 50, max: 3_600_000, fallback: 0 })
    : undefined;
  return {
    originPort: intFlag(parsed, "origin-port", { min: 1, max: 65535, fallback: 443 }),
    ...(addresses ? { originAddresses: addresses } : {}),
    ...(ca ? { ca } : {}),
    ...(clientCert ? { clientCert } : {}),
    originProbes,
    ...(intervalMs === undefined ? {} : { intervalMs }),
    alarmsFor: alarmsFor(parsed, io, breakGlass.timeoutMs),
    alarmsNotChecked: "no alarm source",
    breakGlass,
  };
}

/**
 * `--build ID` (start): judged before anything is read or changed, by the rule the config's
 * release.builds uses (BuildId), so a value the config would refuse is a usage error naming the flag.
 */
export function buildFlag(parsed: ParsedArgs): string | undefined {
  const build = parsed.values.get("build");
  if (build === undefined) return undefined;
  const checked = BuildId.safeParse(build);
  if (checked.success) return checked.data;
  const shown = build.length > 40 ? `${JSON.stringify(build.slice(0, 40))}... (${build.length} characters)` : JSON.stringify(build);
  throw new UsageError(`--build: got ${shown}; ${checked.error.issues[0]?.message ?? "not a build identifier"}`);
}
