import { Agent } from "node:https";
import type { AppConfig } from "../../config/schema";
import { evaluateUnauthenticated } from "../../features/edge/probes/auth";
import { evaluateCors, FOREIGN_ORIGIN } from "../../features/edge/probes/cors";
import { evaluateRecord } from "../../features/email/probes";
import { evaluateSecurityHeaders } from "../../features/edge/probes/headers";
import { checkOriginLockdown } from "../../features/edge/probes/origin";
import { evaluateLatency, summarizeLatency, type LatencySummary } from "../../features/monitoring/probes";
import { evaluateHttpsRedirect, evaluateRedirect, type LocationOptions } from "../../features/edge/probes/redirects";
import { fail } from "../../core/verify/result";
import { evaluateLegacyTls, evaluateTls } from "../../features/edge/probes/tls";
import { buildVerifyPlan, type PlannedHost, type VerifyPlan } from "./plan";
import { probeHttp, type HttpTarget } from "./probe/http";
import type { HostResolver } from "./probe/resolve";
import { probeLegacyTls, probeTls } from "./probe/tls";
import { pendingValues } from "./synth-records";
import type { CheckResult, DnsObservation, ExpectedRecord } from "../../core/verify/types";

/** Upper bound on latency samples: verify is a probe, not a load test. */
export const MAX_SAMPLES = 200;

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
  /** Path of the chat-like request timed for latency. @default "/" */
  readonly healthPath: string;
  /** p95 bar for the timed request. @default P95_BAR_MS (500) */
  readonly p95BarMs: number;
  readonly now: Date;
}

export interface VerifyReport {
  readonly environment: string;
  readonly ok: boolean;
  readonly results: readonly CheckResult[];
  readonly latency: LatencySummary;
}

/** What varies per request; everything else comes from the options. */
type RequestSpec = Pick<HttpTarget, "scheme" | "path"> & Partial<Pick<HttpTarget, "method" | "headers">>;
type Requester = (host: string, address: string, spec: RequestSpec) => ReturnType<typeof probeHttp>;

function requester(o: VerifyOptions, agent?: Agent): Requester {
  return (host, address, spec) =>
    probeHttp({
      ...(agent === undefined ? {} : { agent }),
      ...spec,
      host,
      address,
      port: spec.scheme === "https" ? o.httpsPort : o.httpPort,
      timeoutMs: o.timeoutMs,
    });
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

function keptAlive(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
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
    out.push(...evaluateSecurityHeaders(await get(host.name, address, { scheme: "https", path: "/" }), o.cfg.edge.hsts));
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

/** Sequential timed requests over one kept-alive connection, as a chat client makes them. */
async function sampleLatency(plan: VerifyPlan, o: VerifyOptions): Promise<{ result: CheckResult; summary: LatencySummary }> {
  const { host, path } = plan.latency;
  const target = `GET https://${host}${path}`;
  const resolved = await o.resolver.resolve(host);
  if ("error" in resolved) {
    const summary = summarizeLatency([]);
    return { result: fail("latency.p95", target, resolved.error), summary };
  }
  const agent = keptAlive();
  const get = requester(o, agent);
  const samples: (number | undefined)[] = [];
  try {
    // One untimed warm-up request opens the connection, as a chat client's first page load does.
    await get(host, resolved.address, { scheme: "https", path });
    for (let i = 0; i < Math.min(o.samples, MAX_SAMPLES); i++) {
      const obs = await get(host, resolved.address, { scheme: "https", path });
      samples.push(obs.status === undefined ? undefined : obs.elapsedMs);
    }
  } finally {
    agent.destroy();
  }
  const summary = summarizeLatency(samples);
  return { result: evaluateLatency(target, summary, o.p95BarMs), summary };
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
  // Each origin called directly, without Cloudflare's client certificate: it must refuse.
  const origins = await checkOriginLockdown(plan.origins, {
    resolve: (name) => o.resolver.resolve(name),
    get: (hostname, address) => requester(o)(hostname, address, { scheme: "https", path: "/" }),
  });
  const records = await checkRecords(o);
  // Timed last and alone, so the other probes do not skew it.
  const latency = await sampleLatency(plan, o);
  const results = [...perHost.flat(), ...origins, ...records, latency.result];
  return { environment: o.cfg.environment, ok: results.every((r) => r.status !== "fail"), results, latency: latency.summary };
}
