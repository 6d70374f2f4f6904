import type { AppConfig } from "../../../config/schema";
import { fail } from "../../../core/verify/result";
import type { CheckResult } from "../../../core/verify/types";
import type { ProbeRun, ProbeSet, PlannedProbe, Requester } from "../../../platform/probes";
import { securityHeaders } from "../security-headers";
import { evaluateUnauthenticated } from "./auth";
import { evaluateCors, FOREIGN_ORIGIN } from "./cors";
import { evaluateSecurityHeaders, type HstsExpectation } from "./headers";
import { isTunnelTarget, type OriginTarget } from "../origin-lockdown";
import type { OriginLockdown } from "../schema";
import { checkOriginLockdown, checkOriginPlainHttp, LOCKDOWN_WORDING } from "./origin";
import { type EdgeProbePlan, edgeProbePlan, type PlannedHost } from "./plan";
import { evaluateHttpsRedirect, evaluateRedirect, type LocationOptions, probedPath } from "./redirects";
import { evaluateAppRoot, headersOfRoot, ROOT_CHECK } from "./root";
import { desiredRedirects, preservesQuery, type Redirect } from "../redirects";
import { evaluateLegacyTls, evaluateTls } from "./tls";

/** The plan, the headers the app hostnames must answer with, and how origins refuse direct callers. */
interface EdgeChecks extends EdgeProbePlan {
  /** The configured redirects in rule order (edge.canonicalHost's among them): where the edge sends each URL. */
  readonly configured: readonly Redirect[];
  readonly hsts?: HstsExpectation;
  readonly csp?: string;
  readonly lockdown: OriginLockdown;
}

/** What verify sends to one host, in order. */
function plannedForHost(host: PlannedHost, plan: EdgeChecks): PlannedProbe[] {
  const out: PlannedProbe[] = [];
  out.push({
    check: "tls",
    target: `${host.name}:443`,
    proves: "TLS 1.2+, a trusted certificate for the name, no certificate of its chain about to expire",
  });
  out.push({ check: "tls.legacy-refused", target: `${host.name}:443`, proves: "TLS 1.0 and 1.1 are refused" });
  out.push({ check: "http.https-redirect", target: `GET http://${host.name}/`, proves: "plain HTTP redirects to HTTPS" });
  for (const r of plan.redirects.filter((p) => p.host === host.name)) {
    out.push({
      check: r.check,
      target: `GET https://${host.name}${probedPath(r)}`,
      proves: `${r.expectedStatus} to ${r.expectedLocation}, ${preservesQuery(r.expectedLocation) ? "the query kept" : "its own query in place of the request's"}`,
    });
  }
  if (host.role === "app") {
    out.push({
      check: ROOT_CHECK,
      target: `GET https://${host.name}/`,
      proves: host.protected
        ? "the app's hostname answers: no 5xx, no redirect to itself, back through a configured redirect or to plain http (behind Access: the login redirect)"
        : "the app's hostname answers: no 5xx, no redirect to itself, back through a configured redirect or to plain http",
    });
    out.push({
      check: "headers",
      target: `GET https://${host.name}/`,
      proves: "on that same answer: HSTS, nosniff, frame and referrer policies, the Content-Security-Policy as configured",
    });
  }
  for (const p of plan.auth.filter((a) => a.host === host.name)) {
    out.push({
      check: "auth.unauthenticated",
      target: `GET https://${host.name}${p.path}`,
      proves: p.protected
        ? "no data without a login (401/403 or a redirect to the Cloudflare Access login)"
        : "no data without a login (401/403 or a login redirect)",
    });
  }
  for (const c of plan.cors.filter((a) => a.host === host.name)) {
    out.push({ check: "cors.preflight", target: `OPTIONS https://${host.name}${c.path}`, proves: "a foreign origin is not allowed" });
    out.push({ check: "cors.get", target: `GET https://${host.name}${c.path}`, proves: "a foreign origin gets no credentials" });
  }
  return out;
}

/** Every probe of one host, one request at a time over one connection (the requests `plannedForHost` lists). */
async function probeHost(get: Requester, host: PlannedHost, address: string, plan: EdgeChecks, net: ProbeRun): Promise<CheckResult[]> {
  const where: LocationOptions = { ignorePort: net.ignorePort };
  const out: CheckResult[] = [];
  out.push(...evaluateTls(await net.tls(host.name, address), { minDaysLeft: net.minCertDays, now: net.now }));
  out.push(evaluateLegacyTls(await net.legacyTls(host.name, address)));
  out.push(evaluateHttpsRedirect(host.name, await get(host.name, address, { scheme: "http", path: "/" }), where));
  for (const r of plan.redirects.filter((p) => p.host === host.name)) {
    out.push(evaluateRedirect(r, await get(host.name, address, { scheme: "https", path: probedPath(r) }), where));
  }
  if (host.role === "app") {
    const answer = await get(host.name, address, { scheme: "https", path: "/" });
    const root = evaluateAppRoot(answer, where, plan.configured);
    out.push(root, ...headersOfRoot(root, evaluateSecurityHeaders(answer, plan.hsts, plan.csp)));
  }
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

/** The hosts' probes: hosts in parallel, each host's requests in sequence over one kept-alive connection. */
function hostProbes(plan: EdgeChecks): ProbeSet {
  return {
    planned: plan.hosts.flatMap((host) => plannedForHost(host, plan)),
    async run(net) {
      const perHost = await Promise.all(
        plan.hosts.map(async (host) => {
          const resolved = await net.resolve(host.name);
          if ("error" in resolved) return [fail("resolve", host.name, resolved.error)];
          const connection = net.connection();
          try {
            return await probeHost(connection.get, host, resolved.address, plan, net);
          } finally {
            connection.close();
          }
        }),
      );
      return { results: perHost.flat() };
    },
  };
}

/** What the direct HTTPS request to one origin proves under `lockdown`; a tunnel is not called (checkOriginLockdown skips it). */
function lockdownProves(t: OriginTarget, lockdown: OriginLockdown): string {
  if (isTunnelTarget(t.origin)) return `SKIPPED: the origin of ${t.hostname} is a Cloudflare Tunnel, which has no address to call directly`;
  return `the origin of ${t.hostname} refuses a direct request ${LOCKDOWN_WORDING[lockdown].request}`;
}

/**
 * Each origin called directly, with neither Cloudflare's client certificate nor an Access token (it must
 * refuse, as edge.originLockdown has it), and over plain HTTP (it must not serve the app: refused, or a
 * redirect to https).
 */
function originProbes(plan: EdgeChecks): ProbeSet {
  const { origins, lockdown } = plan;
  return {
    planned: [
      ...origins.map((t) => ({ check: "origin.lockdown", target: `GET https://${t.origin}/`, proves: lockdownProves(t, lockdown) })),
      ...origins.map((t) => ({
        check: "origin.plain-http",
        target: `GET http://${t.origin}/`,
        proves: `the origin of ${t.hostname} serves nothing over plain HTTP (refused, or only a redirect to https on the same host)`,
      })),
    ],
    async run(net) {
      const resolve = (name: string) => net.resolve(name);
      const direct = (scheme: "https" | "http") => (hostname: string, address: string) =>
        net.get(hostname, address, { scheme, path: "/", ...(scheme === "https" ? { anyTls: true } : {}) });
      const handshake = net.openHandshake?.bind(net);
      const [locked, plain] = await Promise.all([
        checkOriginLockdown(origins, { resolve, get: direct("https"), ...(handshake === undefined ? {} : { handshake }) }, lockdown),
        checkOriginPlainHttp(origins, { resolve, get: direct("http") }),
      ]);
      return { results: [...locked, ...plain] };
    },
  };
}

/** The edge's live checks: every hostname users reach, then every origin directly. */
export function edgeProbes(cfg: AppConfig): ProbeSet[] {
  const plan: EdgeChecks = {
    ...edgeProbePlan(cfg),
    configured: desiredRedirects(cfg),
    hsts: cfg.edge.hsts,
    csp: securityHeaders(cfg)["Content-Security-Policy"],
    lockdown: cfg.edge.originLockdown,
  };
  return [hostProbes(plan), originProbes(plan)];
}
