import type { AppConfig } from "../../config/schema";
import type { ProbeSample } from "../../features/release/analysis";
import type { CandidateProber } from "../../features/release/candidate-probe";
import type { ListedPool } from "../../features/release/cloudflare-api";
import { type PoolView, poolChangesOnDeploy } from "../../features/release/pool-drift";
import { type ProbeFailureCause, probeFailureCause, probeFailureText } from "../../features/release/probe-failure";
import type { Colour, ReleaseConfig } from "../../features/release/schema";
import { deployCommand } from "./report";

export interface Preflight {
  readonly passed: boolean;
  /** One line per origin. */
  readonly lines: readonly string[];
  /** When it failed: what failed, that nothing changed, and what to do. */
  readonly message?: string;
  readonly json: Record<string, unknown>;
}

/**
 * Advice per cause. Under golive's default lockdown (edge.originLockdown: authenticated-origin-pulls)
 * Cloudflare presents edge.originPullCertificate, a certificate of the operator's own CA (zone-level
 * Authenticated Origin Pulls, lib/features/edge/constructs/origin-pulls.ts), and the origins trust that
 * CA (runbooks/deploy.md, "Origin lockdown"): a probe passes with a certificate of the same CA. Only
 * without one does the zone fall back to Cloudflare's global certificate, whose key only Cloudflare
 * holds (developers.cloudflare.com/ssl/origin-configuration/authenticated-origin-pull/set-up/global/).
 */
function advice(cause: ProbeFailureCause, cfg: AppConfig): string {
  const noProbes =
    "or run with --no-origin-probes: each step is then judged on Cloudflare's pool health (no health data fails) and the CloudWatch alarms only, and the report lists the probes as not checked";
  switch (cause) {
    case "client-certificate-required":
      return `The origins require a TLS client certificate and the probes presented none: ${clientCertificateAdvice(cfg)}, ${noProbes}.`;
    case "client-certificate-refused":
      return `The origins did not accept the certificate of --client-cert: they must trust the CA that signed it (nginx: ssl_client_certificate), ${noProbes}.`;
    case "server-certificate":
      return "The origins' certificates did not verify against the system roots: pass the CA that signed them with --ca-file (for a Cloudflare Origin CA certificate, Cloudflare's Origin CA root).";
    case "refused":
      return `The origins refused the request. If they require a client certificate (nginx answers 400 when it is missing or not trusted), pass one they trust with --client-cert FILE --client-key FILE, ${noProbes}; otherwise make release.analysis.path (default monitoring.latency.path, else release.monitor.path) answer 2xx/3xx without a login.`;
    case "unreachable":
      return `The origins could not be reached from here: check --origin-port (default 443) and that this machine (or CI runner) can reach their addresses, ${noProbes}.`;
    case "unhealthy":
      return "The candidate is not healthy before it gets any traffic: fix it, then run this again.";
  }
}

/** Which certificate the origins want, by lockdown, and how a probe gets one. */
function clientCertificateAdvice(cfg: AppConfig): string {
  if (cfg.edge.originLockdown !== "authenticated-origin-pulls")
    return "pass one they accept (your own Authenticated Origin Pulls or mTLS certificate) with --client-cert FILE --client-key FILE";
  if (cfg.edge.originPullCertificate === undefined)
    return 'edge.originLockdown is authenticated-origin-pulls without edge.originPullCertificate, so Cloudflare presents its global origin-pull certificate, which every Cloudflare account shares and whose key only Cloudflare holds; no direct probe can present it. Set edge.originPullCertificate (runbooks/deploy.md, "Origin lockdown"), deploy the edge stack, make the origins trust its CA instead, then pass a certificate of that CA with --client-cert FILE --client-key FILE';
  return "edge.originLockdown is authenticated-origin-pulls, so Cloudflare presents edge.originPullCertificate and the origins trust the CA that signed it. Pass a certificate of that CA with --client-cert FILE --client-key FILE (best a probe certificate the CA signs, so the zone's key stays in the ORIGIN_PULL_PRIVATE_KEY secret)";
}

/**
 * One probe of each candidate origin before any weight moves: a candidate that cannot be probed (an
 * origin lockdown, a wrong port or CA) would otherwise fail its first step and be rolled back, though
 * healthy; one that is broken at 0% should get no traffic at all.
 */
export async function preflightProbes(
  prober: CandidateProber,
  origins: readonly { readonly name: string; readonly address: string }[],
  context: { readonly cfg: AppConfig; readonly colour: Colour; readonly percent: number; readonly sentClientCert: boolean },
): Promise<Preflight> {
  const samples: ProbeSample[] = [];
  for (const o of origins) samples.push(await prober.probe(o.name, o.address));
  const results = samples.map((s) => ({ sample: s, cause: probeFailureCause(s, context.sentClientCert) }));
  const lines = results.map(({ sample: s, cause }) =>
    cause === undefined ? `    ${s.origin}: HTTP ${s.status} in ${Math.round(s.elapsedMs)} ms` : `    ${probeFailureText(s, cause)}`,
  );
  const json = {
    percent: context.percent,
    samples: results.map(({ sample: s, cause }) => ({
      origin: s.origin,
      status: s.status ?? null,
      error: s.error ?? null,
      elapsedMs: Math.round(s.elapsedMs),
      ...(cause ? { cause } : {}),
    })),
  };
  const causes = [...new Set(results.flatMap((r) => (r.cause ? [r.cause] : [])))];
  if (causes.length === 0) return { passed: true, lines, json: { ...json, passed: true } };
  const failed = results.flatMap(({ sample, cause }) => (cause ? [probeFailureText(sample, cause)] : []));
  const message =
    `pre-flight probe of ${context.colour} at ${context.percent}% failed, so nothing changed (no weight moved, no pool changed, config untouched): ` +
    `${failed.join("; ")}. ${causes.map((c) => advice(c, context.cfg)).join(" ")}`;
  return { passed: false, lines, message, json: { ...json, passed: false, causes } };
}

/**
 * The last lines of a run that wrote the config: what a deploy of the traffic stack would still
 * change. The API path set the steering (and a pool's `enabled`); a pool's description (the build)
 * is left to the deploy, so after a `start` it is not "no change".
 */
export function deployLines(
  cfg: AppConfig,
  release: ReleaseConfig,
  listed: (colour: Colour) => ListedPool,
  env: string,
): { lines: string[]; changes: string[] } {
  const view = (c: Colour): PoolView => {
    try {
      return listed(c);
    } catch {
      return {}; // a pool the API did not list: the deploy creates it
    }
  };
  const changes = poolChangesOnDeploy(cfg, release, view);
  const lines =
    changes.length === 0
      ? [`deploying it plans no change to the steering or the pools: ${deployCommand(env)}`]
      : [
          "deploying it changes no weight, but still updates what the API path leaves to the deploy:",
          ...changes.map((c) => `  ${c}`),
          `  ${deployCommand(env)}`,
        ];
  return { lines, changes };
}
