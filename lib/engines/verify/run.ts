import type { AppConfig } from "../../config/schema";
import { evaluateUnauthenticated } from "../../features/edge/probes/auth";
import { evaluateCors, FOREIGN_ORIGIN } from "../../features/edge/probes/cors";
import { evaluateRecord } from "../../features/email/probes";
import { evaluateSecurityHeaders } from "../../features/edge/probes/headers";
import { securityHeaders } from "../../features/edge/security-headers";
import { checkOriginLockdown, checkOriginPlainHttp } from "../../features/edge/probes/origin";
import type { LatencySummary } from "../../features/monitoring/probes";
import { evaluateHttpsRedirect, evaluateRedirect, type LocationOptions } from "../../features/edge/probes/redirects";
import { fail } from "../../core/verify/result";
import { evaluateLegacyTls, evaluateTls } from "../../features/edge/probes/tls";
import { buildVerifyPlan, type PlannedHost, type VerifyPlan } from "./plan";
import type { HostResolver } from "./probe/resolve";
import { probeLegacyTls, probeTls } from "./probe/tls";
import { pendingValues } from "./synth-records";
import { type AccessServiceToken, sampleLatency } from "./latency";
import { keptAlive, type Requester, requester } from "./requester";
import type { CheckResult, DnsObservation, ExpectedRecord } from "../../core/verify/types";

export { MAX_SAMPLES } from "./latency";

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
  /** Path of the chat-like request timed for latency (`--health-path`). @default monitoring.latency.path, else derived (latency-path.ts) */
  readonly healthPath?: string;
  /** p95 bar for the timed request. @default P95_BAR_MS (500) */
  readonly p95BarMs: number;
  /** Sent with the latency probe when its hostname is behind Access; without it that probe is skipped. */
  readonly accessToken?: AccessServiceToken;
  readonly now: Date;
}

export interface VerifyReport {
  readonly environment: string;
  readonly ok: boolean;
  readonly results: readonly CheckResult[];
  readonly latency: LatencySummary;
}

/** Every probe of one host, one request at a time over one kept-alive HTTPS connection. */
async function probeHost(host: PlannedHost, address: string, plan: VerifyPlan, o: VerifyOptions): Promise<CheckResult[]> {
  const agent = keptAlive();
  try {
    return await probeHostWith(requester(o, agent), host, address, plan, o);
  } finally {
    agent.destroy();
  }
}

async function probeHostWith(
  get: Requester,
  host: PlannedHost,
  address: string,
  plan: VerifyPlan,
  o: VerifyOptions,
): Promise<CheckResult[]> {
  const where: LocationOptions = { ignorePort: o.httpsPort !== 443 };
  const tlsTarget = { host: host.name, address, port: o.httpsPort, timeoutMs: o.timeoutMs, ...(o.ca === undefined ? {} : { ca: o.ca }) };
  const out: CheckResult[] = [];
  out.push(...evaluateTls(await probeTls(tlsTarget), { minDaysLeft: o.minCertDays, now: o.now }));
  out.push(evaluateLegacyTls(await probeLegacyTls(tlsTarget)));
  out.push(evaluateHttpsRedirect(host.name, await get(host.name, address, { scheme: "http", path: "/" }), where));
  for (const r of plan.redirects.filter((p) => p.host === host.name)) {
    out.push(evaluateRedirect(r, await get(host.name, address, { scheme: "https", path: r.path }), where));
  }
  if (host.role === "app")
    out.push(
      ...evaluateSecurityHeaders(
        await get(host.name, address, { scheme: "https", path: "/" }),
        o.cfg.edge.hsts,
        securityHeaders(o.cfg)["Content-Security-Policy"],
      ),
    );
  for (const p of plan.auth.filter((a) => a.host === host.name)) {
    out.push(evaluateUnauthenticated(p, await get(host.name, address, { scheme: "https", path: p.path })));
  }
  for (const c of plan.cors.filter((a) => a.host === host.name)) {
    const preflight = { Origin: FOREIGN_ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" };
    out.push(
      evaluateCors(
        "cors.preflight",
        await get(host.name, address, { scheme: "https", path: c.path, method: "OPTIONS", headers: preflight }),
      ),
    );
    out.push(
      evaluateCors("cors.get", await get(host.name, address, { scheme: "https", path: c.path, headers: { Origin: FOREIGN_ORIGIN } })),
    );
  }
  return out;
}

async function checkRecords(o: VerifyOptions): Promise<CheckResult[]> {
  const queries = new Map<string, Promise<DnsObservation>>();
  for (const r of o.expected) {
    const key = `${r.type} ${r.name}`;
    if (r.value !== undefined && !queries.has(key)) queries.set(key, o.resolver.records(r.name, r.type));
  }
  const answers = new Map<string, DnsObservation>();
  for (const [key, q] of queries) answers.set(key, await q);
  return o.expected.map((r) => evaluateRecord(r, answers.get(`${r.type} ${r.name}`), pendingValues(r)));
}

/** Probes every planned host (hosts in parallel, each host's requests in sequence), the records, then latency. */
export async function verifyDeployment(o: VerifyOptions): Promise<VerifyReport> {
  const plan = buildVerifyPlan(o.cfg, o.healthPath);
  const perHost = await Promise.all(
    plan.hosts.map(async (host) => {
      const resolved = await o.resolver.resolve(host.name);
      if ("error" in resolved) return [fail("resolve", host.name, resolved.error)];
      return probeHost(host, resolved.address, plan, o);
    }),
  );
  // Each origin called directly, without Cloudflare's client certificate (it must refuse), and over
  // plain HTTP (it must not serve the app: refused, or a redirect to https).
  const resolve = (name: string) => o.resolver.resolve(name);
  const direct = (scheme: "https" | "http") => (hostname: string, address: string) =>
    requester(o)(hostname, address, { scheme, path: "/" });
  const [locked, plain] = await Promise.all([
    checkOriginLockdown(plan.origins, { resolve, get: direct("https") }),
    checkOriginPlainHttp(plan.origins, { resolve, get: direct("http") }),
  ]);
  const origins = [...locked, ...plain];
  const records = await checkRecords(o);
  // Timed last and alone, so the other probes do not skew it.
  const latency = await sampleLatency(plan.latency, o);
  const results = [...perHost.flat(), ...origins, ...records, latency.result];
  return { environment: o.cfg.environment, ok: results.every((r) => r.status !== "fail"), results, latency: latency.summary };
}
