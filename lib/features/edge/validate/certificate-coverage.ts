import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { certificatePackHosts, edgeProxiedNames, MAX_PACK_HOSTS, universalSslProblem } from "../certificate-coverage";

/**
 * Every proxied edge name has a certificate: a first-level name (Universal SSL), or one below it with
 * `edge.advancedCertificate`, whose one pack holds at most MAX_PACK_HOSTS hosts. The load-balanced
 * hostname is release/validate.ts's.
 */
export function validateCertificateCoverage(cfg: AppConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = edgeProxiedNames(cfg).flatMap((n) => {
    const message = universalSslProblem(cfg, n.name);
    return message === undefined ? [] : [{ path: n.path, message }];
  });
  const hosts = cfg.edge.advancedCertificate ? certificatePackHosts(cfg) : [];
  if (hosts.length > MAX_PACK_HOSTS)
    issues.push({
      path: ["edge", "advancedCertificate"],
      message: `the proxied names below the first level need ${hosts.length} hosts on the certificate pack (the zone and ${hosts.length - 1} parent wildcards such as ${hosts[1]}); Cloudflare allows at most ${MAX_PACK_HOSTS} per pack; allowed: names under at most ${MAX_PACK_HOSTS - 1} distinct parents`,
    });
  return issues;
}
