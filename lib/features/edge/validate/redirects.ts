import { crossCollisions, idCollisions } from "../../../core/collisions";
import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { isInZone } from "../../../core/names";
import { lowerPath } from "../edge-rule";
import { desiredRedirects, findRedirectLoops, type Redirect, redirectRules } from "../redirects";
import { TIER_LIMITS } from "../tiers";
import { formatPath } from "../../../core/issues";
import { clip } from "../../../core/clip";

/** Characters of a loop's chain, and of the entries it runs through, a message shows. */
const LOOP_SHOWN = 1_000;

/** A field of a configured redirect (`edge.redirects[i].<key>`), or `edge.canonicalHost` for the implied one. */
function redirectField(r: Redirect, key: "from" | "to"): readonly (string | number)[] {
  return r.source[1] === "redirects" ? [...r.source, key] : r.source;
}

/** The field a redirect comes from: `edge.redirects[i].from`, or `edge.canonicalHost` for the implied one. */
export const fromField = (r: Redirect) => redirectField(r, "from");

/** The field a redirect goes to: `edge.redirects[i].to`, or `edge.canonicalHost` for the implied one. */
export const toField = (r: Redirect) => redirectField(r, "to");

function shown(r: Redirect): string {
  return `${r.fromHost}${r.fromPath === "/" ? "" : r.fromPath}`;
}

/**
 * Two redirects from one source (the first would always win, the second never run), and two sources
 * that become one rule ref (`/a-b` and `/a/b` are both `redirect_..._a_b`), each naming both fields.
 */
function sourceIssues(redirects: readonly Redirect[]): ConfigIssue[] {
  const same = idCollisions(
    // The edge matches paths ignoring case (pathPrefixExpr), so /Docs and /docs are one source.
    redirects.map((r) => ({ id: `${r.fromHost}${lowerPath(r.fromPath.replace(/\/+$/, ""))}`, path: fromField(r), value: shown(r) })),
    (id) => `the same redirect source ${id}`,
  );
  if (same.length > 0) return same;
  return idCollisions(
    redirectRules(redirects).map((rule, i) => {
      const r = redirects[i] as Redirect;
      return { id: rule.ref, path: fromField(r), value: shown(r) };
    }),
    (id) => `the redirect rule id ${id}`,
  );
}

/**
 * A redirect from a whole host answers every request to it (redirect rules run before the WAF and
 * before the origin), so an app hostname that is also such a source would never serve the app.
 */
function appHostIssues(cfg: AppConfig, redirects: readonly Redirect[]): ConfigIssue[] {
  // release.hostname is not here: its own rule already refuses any record, a redirect's included, at its name.
  const apps = cfg.edge.hostnames.map((h, i) => ({ id: h.name, path: ["edge", "hostnames", i, "name"], value: h.name }));
  const wholeHost = redirects.filter((r) => r.fromPath === "/").map((r) => ({ id: r.fromHost, path: fromField(r), value: r.fromHost }));
  return crossCollisions(
    apps,
    wholeHost,
    "a redirect from the whole host answers every request to it, so the app there would never be served; remove the redirect or the hostname",
  );
}

/**
 * With preservePath the rest of the request path is appended to `to` (concat at the edge), so a query
 * or fragment in `to` would end up before the path: `/help?x=1#top` + `/a` is `/help?x=1#top/a`.
 */
function targetIssues(cfg: AppConfig): ConfigIssue[] {
  return cfg.edge.redirects.flatMap((r, i) => {
    const at = r.to.search(/[?#]/);
    if (!r.preservePath || at === -1) return [];
    return [
      {
        path: ["edge", "redirects", i, "to"],
        message: `has a query or fragment (${JSON.stringify(r.to.slice(at))}), which the preserved path would be appended after; allowed: a target without ? or # (the request's query string is kept), or preservePath: false`,
      },
    ];
  });
}

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
  issues.push(...targetIssues(cfg));
  if (issues.length > 0) return issues;
  const redirects = desiredRedirects(cfg);
  const sources = sourceIssues(redirects);
  if (sources.length > 0) return sources;
  issues.push(...appHostIssues(cfg, redirects));
  // More rules than the plan takes: validateTier refuses the file, so no chain is followed (cheap
  // checks first, as config/limits promises: a file is refused in milliseconds).
  if (redirects.length > TIER_LIMITS[cfg.cloudflare.plan].redirectRules) return issues;
  for (const loop of findRedirectLoops(redirects)) {
    const steps = loop.map((i) => redirects[i]).filter((r) => r !== undefined);
    const chain = steps.map((r) => `${r.fromHost}${r.fromPath === "/" ? "" : r.fromPath} -> ${r.to}`).join(", ");
    const also = steps.slice(1).map((r) => formatPath(r.source));
    const head = steps[0];
    // A chain of 300 redirects with long paths is half a megabyte: the line names where it starts and
    // which entries it runs through, cut (a terminal line, a CI log).
    if (head)
      issues.push({
        path: head.source,
        message: `redirect loop: ${clip(chain, LOOP_SHOWN)} (also ${clip(also.join(", "), LOOP_SHOWN) || "itself"})`,
      });
  }
  return issues;
}
