import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { isInZone } from "../../../core/names";
import { desiredRedirects, findRedirectLoops } from "../redirects";
import { formatPath } from "../../../core/issues";

export function validateRedirects(cfg: AppConfig): ConfigIssue[] {
  const zone = cfg.cloudflare.zone.name;
  const issues: ConfigIssue[] = [];
  cfg.edge.redirects.forEach((r, i) => {
    const host = r.from.split("/")[0] as string;
    if (!isInZone(host, zone)) {
      issues.push({
        path: ["edge", "redirects", i, "from"],
        message: `"${host}" is outside the zone ${zone}; redirect rules run per zone, so a legacy domain needs its own zone and config`,
      });
    }
  });
  if (issues.length > 0) return issues;
  const redirects = desiredRedirects(cfg);
  for (const loop of findRedirectLoops(redirects)) {
    const steps = loop.map((i) => redirects[i]).filter((r) => r !== undefined);
    const chain = steps.map((r) => `${r.fromHost}${r.fromPath === "/" ? "" : r.fromPath} -> ${r.to}`).join(", ");
    const head = steps[0];
    if (head)
      issues.push({
        path: head.source,
        message: `redirect loop: ${chain} (also ${
          steps
            .slice(1)
            .map((r) => formatPath(r.source))
            .join(", ") || "itself"
        })`,
      });
  }
  return issues;
}
