import type { AppConfig } from "../../config/schema";
import type { CheckResult, ExpectedRecord } from "../../core/verify/types";
import { type AccessServiceToken, type LatencySummary, NO_LATENCY, type ProbeRun } from "../../platform/probes";
import { probeSets } from "./plan";
import type { HostResolver } from "./probe/resolve";
import { probeLegacyTls, probeOpenHandshake, probeTls, type TlsTarget } from "./probe/tls";
import { keptAlive, requester } from "./requester";

export { ACCESS_TOKEN_ENV, type AccessServiceToken, MAX_SAMPLES, P95_BAR_MS } from "../../platform/probes";

export interface VerifyOptions {
  readonly cfg: AppConfig;
  /** Records of the synthesized stacks, compared with what the resolver returns. */
  readonly expected: readonly ExpectedRecord[];
  readonly resolver: HostResolver;
  /** @default 443 */
  readonly httpsPort: number;
  /** @default 80 */
  readonly httpPort: number;
  /** Extra trusted CAs plus the system roots; system roots only when absent. */
  readonly ca?: readonly string[];
  readonly timeoutMs: number;
  /** Latency samples, 1..MAX_SAMPLES. */
  readonly samples: number;
  readonly minCertDays: number;
  /** Path of the chat-like request timed for latency (`--health-path`). @default monitoring.latency.path, else derived (features/monitoring/latency-path.ts) */
  readonly healthPath?: string;
  /** p95 bar for the timed request. @default P95_BAR_MS (500) */
  readonly p95BarMs: number;
  /**
   * Sent by the latency probe and release.reachable, each to its hostname when that is behind Access,
   * over a verified certificate only; without it, such a probe is skipped.
   */
  readonly accessToken?: AccessServiceToken;
  readonly now: Date;
}

export interface VerifyReport {
  readonly environment: string;
  readonly ok: boolean;
  readonly results: readonly CheckResult[];
  readonly latency: LatencySummary;
}

/** The network and settings the probes use: ports, timeout, trusted CAs and the resolver of this run. */
function probeRun(o: VerifyOptions): ProbeRun {
  const tlsTarget = (host: string, address: string): TlsTarget => ({
    host,
    address,
    port: o.httpsPort,
    timeoutMs: o.timeoutMs,
    ...(o.ca === undefined ? {} : { ca: o.ca }),
  });
  return {
    resolve: (name) => o.resolver.resolve(name),
    records: (name, type) => o.resolver.records(name, type),
    get: requester(o),
    connection() {
      const agent = keptAlive();
      return { get: requester(o, agent), close: () => agent.destroy() };
    },
    tls: (host, address) => probeTls(tlsTarget(host, address)),
    legacyTls: (host, address) => probeLegacyTls(tlsTarget(host, address)),
    openHandshake: (host, address) => probeOpenHandshake(tlsTarget(host, address)),
    minCertDays: o.minCertDays,
    now: o.now,
    ignorePort: o.httpsPort !== 443,
    ...(o.ca === undefined ? {} : { ca: o.ca }),
    ...(o.accessToken === undefined ? {} : { accessToken: o.accessToken }),
  };
}

/** Runs every concern's probe sets one after another (registry order, the timed one last and alone). */
export async function verifyDeployment(o: VerifyOptions): Promise<VerifyReport> {
  const sets = probeSets(o.cfg, {
    ...(o.healthPath === undefined ? {} : { healthPath: o.healthPath }),
    expected: o.expected,
    samples: o.samples,
    p95BarMs: o.p95BarMs,
    hasAccessToken: o.accessToken !== undefined,
  });
  const net = probeRun(o);
  const results: CheckResult[] = [];
  let latency = NO_LATENCY;
  for (const set of sets) {
    const outcome = await set.run(net);
    results.push(...outcome.results);
    latency = outcome.latency ?? latency;
  }
  return { environment: o.cfg.environment, ok: results.every((r) => r.status !== "fail"), results, latency };
}
