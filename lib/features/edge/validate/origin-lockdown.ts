import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { isTunnelTarget } from "../origin-lockdown";

const TUNNEL_ONLY = 'must be a Cloudflare Tunnel name (<tunnel id>.cfargotunnel.com) when edge.originLockdown is "tunnel"';

/**
 * `edge.originPullCertificate` belongs to `authenticated-origin-pulls`. `edge.originLockdown: tunnel`
 * promises that no origin has an address anyone can call: every proxied hostname's origin and every
 * release pool origin must then be a tunnel.
 */
export function validateOriginLockdown(cfg: AppConfig): ConfigIssue[] {
  // Only origin pulls present the certificate: under another lockdown it would be declared for nothing.
  if (cfg.edge.originPullCertificate !== undefined && cfg.edge.originLockdown !== "authenticated-origin-pulls")
    return [
      {
        path: ["edge", "originPullCertificate"],
        message: `is only used when edge.originLockdown is "authenticated-origin-pulls" (here "${cfg.edge.originLockdown}"); remove it or change the lockdown`,
      },
    ];
  if (cfg.edge.originLockdown !== "tunnel") return [];
  const issues: ConfigIssue[] = [];
  cfg.edge.hostnames.forEach((h, i) => {
    if (h.proxied && !isTunnelTarget(h.origin))
      issues.push({ path: ["edge", "hostnames", i, "origin"], message: `${TUNNEL_ONLY}; got ${JSON.stringify(h.origin)}` });
  });
  for (const colour of ["blue", "green"] as const) {
    cfg.release?.pools[colour].origins.forEach((o, j) => {
      if (!isTunnelTarget(o.address))
        issues.push({
          path: ["release", "pools", colour, "origins", j, "address"],
          message: `${TUNNEL_ONLY}; got ${JSON.stringify(o.address)}`,
        });
    });
  }
  return issues;
}
