import type { AppConfig } from "../../config/schema";
import { serviceTokenPaths, serviceTokensAt } from "../edge/access";

/**
 * Why `golive verify` cannot time `path` on `host`, or undefined when it can: behind Cloudflare Access
 * only a service token gets a machine past the login, and Access admits a token only on the paths
 * `edge.access.serviceTokens` gives it (a token on `/` is refused: lib/features/edge/validate/access.ts).
 * A hostname marked public has no Access application, so every path of it can be timed.
 */
export function latencyPathProblem(cfg: AppConfig, host: string, path: string): string | undefined {
  const tokens = serviceTokensAt(cfg, host, path);
  if (tokens === undefined || tokens.length > 0) return undefined;
  const paths = serviceTokenPaths(cfg);
  const allowed =
    paths.length > 0
      ? `a path at or below a service token's path (${paths.join(", ")}) that the app answers GET on, such as ${paths[0]?.replace(/\/+$/, "")}/healthz`
      : "a path of a service token (add one under edge.access.serviceTokens, such as {name: monitor, paths: [/monitor]})";
  return `${path} on ${host} is behind Cloudflare Access and no service token is allowed there, so a latency probe only reaches the Access login; allowed: ${allowed}, or a hostname marked public`;
}

/**
 * The path `golive verify` times on the latency hostname `host`: `monitoring.latency.path` when set;
 * else, behind Access, the first service-token path Access admits a token on (the one place a probe gets
 * past the login); else `/`.
 */
export function latencyPath(cfg: AppConfig, host: string): string {
  const configured = cfg.monitoring?.latency.path;
  if (configured !== undefined) return configured;
  if (serviceTokensAt(cfg, host, "/") === undefined) return "/";
  return serviceTokenPaths(cfg).find((p) => latencyPathProblem(cfg, host, p) === undefined) ?? "/";
}
