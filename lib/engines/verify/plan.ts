import type { PathProbe, RedirectProbe } from "../../core/verify/types";

export type { PathProbe, RedirectProbe } from "../../core/verify/types";
import type { AppConfig } from "../../config/schema";
import { protectedHostnames } from "../../features/edge/access";
import { desiredRateLimits } from "../../features/edge/rate-limits";
import { desiredRedirects, redirectLocation } from "../../features/edge/redirects";
import { type OriginTarget, originTargets } from "../../features/edge/origin-lockdown";
import { latencyPath, latencyPathProblem } from "../../features/monitoring/latency-path";

/** A hostname users reach: app hostnames serve the app, redirect hostnames only redirect. */
export interface PlannedHost {
  readonly name: string;
  readonly role: "app" | "redirect";
  /** Behind Cloudflare Access: every unauthenticated request must be refused or sent to a login. */
  readonly protected: boolean;
}

/** The timed request: which host and path, and whether Access stands in front of it. */
export interface LatencyProbe {
  readonly host: string;
  readonly path: string;
  /** Behind Cloudflare Access: only a service token reaches the app; without one the edge answers the login. */
  readonly protected: boolean;
  /** `monitoring.latency.target` when the config names the latency hostname. */
  readonly target?: "edge" | "origin";
  /** Behind Access, and no service token is admitted at `path`: why even a token only reaches the login there. */
  readonly unreachable?: string;
}

/** Everything `golive verify` will request for one environment, derived from config only. */
export interface VerifyPlan {
  readonly zone: string;
  readonly hosts: readonly PlannedHost[];
  readonly redirects: readonly RedirectProbe[];
  /** Unauthenticated requests that must not get data. */
  readonly auth: readonly PathProbe[];
  /** Cross-origin requests from a foreign origin that must not be allowed. */
  readonly cors: readonly PathProbe[];
  readonly latency: LatencyProbe;
  /** Origins requested directly, without Cloudflare's client certificate: they must refuse. */
  readonly origins: readonly OriginTarget[];
}

/** A path segment no app serves, appended to redirect sources to prove the path is kept. */
export const PROBE_SUFFIX = "golive-verify";

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

/**
 * Everything verify will request. `healthPath` (`--health-path`) replaces the timed path, which is
 * otherwise `monitoring.latency.path` or the one derived from the service tokens (latency-path.ts).
 */
export function buildVerifyPlan(cfg: AppConfig, healthPath?: string): VerifyPlan {
  const guarded = new Set(protectedHostnames(cfg));
  const redirects = desiredRedirects(cfg);
  const appNames = cfg.edge.hostnames.map((h) => h.name);
  const redirectNames = unique(redirects.map((r) => r.fromHost)).filter((n) => !appNames.includes(n));
  // The load-balanced release hostname is an app hostname too, behind Access like the others.
  const released = cfg.release && !appNames.includes(cfg.release.hostname) ? [cfg.release.hostname] : [];
  const hosts: PlannedHost[] = [
    ...appNames.map((name) => ({ name, role: "app" as const, protected: guarded.has(name) })),
    ...released.map((name) => ({ name, role: "app" as const, protected: guarded.has(name) })),
    ...redirectNames.map((name) => ({ name, role: "redirect" as const, protected: false })),
  ];
  const redirectProbes: RedirectProbe[] = redirects.map((r) => {
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
  const chatHost = apps.find((h) => h.protected) ?? apps[0];
  const configured = cfg.monitoring?.latency;
  const latencyHost = configured?.hostname ?? chatHost?.name ?? cfg.cloudflare.zone.name;
  const timedPath = healthPath ?? latencyPath(cfg, latencyHost);
  const unreachable = latencyPathProblem(cfg, latencyHost, timedPath);
  return {
    zone: cfg.cloudflare.zone.name,
    hosts,
    redirects: redirectProbes,
    auth,
    cors,
    latency: {
      host: latencyHost,
      path: timedPath,
      protected: guarded.has(latencyHost),
      ...(configured === undefined ? {} : { target: configured.target }),
      ...(unreachable === undefined ? {} : { unreachable }),
    },
    origins: originTargets(cfg),
  };
}
