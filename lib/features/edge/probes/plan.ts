import type { AppConfig } from "../../../config/schema";
import type { PathProbe, RedirectProbe } from "../../../core/verify/types";
import { protectedHostnames } from "../access";
import { type OriginTarget, originTargets } from "../origin-lockdown";
import { desiredRateLimits } from "../rate-limits";
import { desiredRedirects, redirectLocation } from "../redirects";

/** A hostname users reach: app hostnames serve the app, redirect hostnames only redirect. */
export interface PlannedHost {
  readonly name: string;
  readonly role: "app" | "redirect";
  /** Behind Cloudflare Access: every unauthenticated request must be refused or sent to a login. */
  readonly protected: boolean;
}

/** Everything `golive verify` requests of the edge for one environment, derived from config only. */
export interface EdgeProbePlan {
  readonly hosts: readonly PlannedHost[];
  readonly redirects: readonly RedirectProbe[];
  /** Unauthenticated requests that must not get data. */
  readonly auth: readonly PathProbe[];
  /** Cross-origin requests from a foreign origin that must not be allowed. */
  readonly cors: readonly PathProbe[];
  /** Origins requested directly, without Cloudflare's client certificate: they must refuse. */
  readonly origins: readonly OriginTarget[];
}

/** A path segment no app serves, appended to redirect sources to prove the path is kept. */
const PROBE_SUFFIX = "golive-verify";

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function joinPath(prefix: string, rest: string): string {
  return `${prefix.replace(/\/+$/, "")}/${rest}`;
}

/** Paths an unauthenticated caller must never read: rate-limited (API), Access, admin, service-token paths. */
export function protectedPaths(cfg: AppConfig): string[] {
  return unique([
    ...desiredRateLimits(cfg).flatMap((r) => r.paths),
    ...cfg.edge.access.paths.map((p) => p.path),
    ...(cfg.edge.waf.admin?.paths ?? []),
    ...cfg.edge.access.serviceTokens.flatMap((t) => t.paths),
  ]);
}

/** The hostnames verify probes: app hostnames, the release hostname, then names that only redirect. */
export function verifiedHosts(cfg: AppConfig): PlannedHost[] {
  const guarded = new Set(protectedHostnames(cfg));
  const appNames = cfg.edge.hostnames.map((h) => h.name);
  const redirectNames = unique(desiredRedirects(cfg).map((r) => r.fromHost)).filter((n) => !appNames.includes(n));
  // The load-balanced release hostname is an app hostname too, behind Access like the others. These
  // probes carry no token, so there they see the Access login, never a pool: whether the pools answer
  // is release.reachable's (lib/features/release/reach-probe.ts).
  const released = cfg.release && !appNames.includes(cfg.release.hostname) ? [cfg.release.hostname] : [];
  return [
    ...appNames.map((name) => ({ name, role: "app" as const, protected: guarded.has(name) })),
    ...released.map((name) => ({ name, role: "app" as const, protected: guarded.has(name) })),
    ...redirectNames.map((name) => ({ name, role: "redirect" as const, protected: false })),
  ];
}

/** Everything verify requests of the edge. */
export function edgeProbePlan(cfg: AppConfig): EdgeProbePlan {
  const hosts = verifiedHosts(cfg);
  const redirects: RedirectProbe[] = desiredRedirects(cfg).map((r) => {
    const path = joinPath(r.fromPath, PROBE_SUFFIX);
    return {
      check: r.source[1] === "canonicalHost" ? "redirect.canonical" : "redirect.config",
      host: r.fromHost,
      path,
      expectedStatus: r.status,
      expectedLocation: redirectLocation(r, path),
    };
  });
  const paths = protectedPaths(cfg);
  const apps = hosts.filter((h) => h.role === "app");
  // A public hostname is open by design at `/`; its API and admin paths must still not answer with data.
  const auth = apps.flatMap((h) =>
    paths.filter((p) => h.protected || p !== "/").map((path) => ({ host: h.name, path, protected: h.protected })),
  );
  const apiPath = desiredRateLimits(cfg)[0]?.paths[0] ?? "/";
  const cors = apps.map((h) => ({ host: h.name, path: apiPath, protected: h.protected }));
  return { hosts, redirects, auth, cors, origins: originTargets(cfg) };
}
