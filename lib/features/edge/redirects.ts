import type { AppConfig } from "../../config/schema";
import { type EdgeRule, exprString, lowerPath, pathPrefixExpr } from "./edge-rule";
import { slug } from "../../core/names";

/** A redirect after defaults: from host (+ optional path prefix) to an https URL. */
export interface Redirect {
  readonly fromHost: string;
  readonly fromPath: string;
  readonly to: string;
  readonly status: 301 | 308;
  readonly preservePath: boolean;
  readonly source: readonly (string | number)[];
}

/**
 * Config redirects plus the www <-> apex one implied by `edge.canonicalHost`, in the order of their
 * rules (mostSpecificFirst).
 */
export function desiredRedirects(cfg: AppConfig): Redirect[] {
  const zone = cfg.cloudflare.zone.name;
  const out: Redirect[] = [];
  if (cfg.edge.canonicalHost !== "none") {
    const [from, to] = cfg.edge.canonicalHost === "apex" ? [`www.${zone}`, zone] : [zone, `www.${zone}`];
    out.push({ fromHost: from, fromPath: "/", to: `https://${to}`, status: 301, preservePath: true, source: ["edge", "canonicalHost"] });
  }
  cfg.edge.redirects.forEach((r, i) => {
    const slash = r.from.indexOf("/");
    const fromHost = slash === -1 ? r.from : r.from.slice(0, slash);
    const fromPath = slash === -1 ? "/" : r.from.slice(slash);
    out.push({
      fromHost,
      fromPath,
      to: locationUrl(r.to),
      status: r.status,
      preservePath: r.preservePath,
      source: ["edge", "redirects", i],
    });
  });
  return mostSpecificFirst(out);
}

/**
 * At the edge the first matching redirect rule wins ("Cloudflare will always use the URL redirect of
 * the first rule that matches", Single Redirects' execution order), so among one host's redirects the
 * longer prefix goes first: `/docs/v2` before `/docs`, any path before the whole host (the
 * canonicalHost redirect included), whatever their order in config. One host's prefixes never match
 * another host's requests, so each host's redirects take the slots they had and no other rule moves.
 */
function mostSpecificFirst(redirects: readonly Redirect[]): Redirect[] {
  const slots = new Map<string, number[]>();
  redirects.forEach((r, i) => {
    slots.set(r.fromHost, [...(slots.get(r.fromHost) ?? []), i]);
  });
  const out = [...redirects];
  for (const at of slots.values()) {
    // Array.prototype.sort is stable: equal lengths (never one inside the other) keep config order.
    const ordered = at.map((i) => redirects[i] as Redirect).sort((a, b) => prefixOf(b).length - prefixOf(a).length);
    at.forEach((slot, k) => {
      out[slot] = ordered[k] as Redirect;
    });
  }
  return out;
}

/**
 * `to` as a Location header may carry it: percent-encoded (a URI is ASCII: RFC 3986 2.1; the config
 * takes `/über` as typed), as the kept-path form already was through URL, and without the path's
 * trailing slash, which the kept path replaces. A query or fragment is kept whole: `?next=/` lost its
 * `/` when the last character of the whole URL was cut.
 */
function locationUrl(to: string): string {
  const url = new URL(to);
  return url.search === "" && url.hash === "" ? url.href.replace(/\/$/, "") : url.href;
}

/** The path prefix a redirect matches, without a trailing slash: "" for a whole host. */
function prefixOf(r: Redirect): string {
  return r.fromPath === "/" ? "" : r.fromPath.replace(/\/+$/, "");
}

/**
 * Where a request for `requestPath` is sent: with preservePath the matched prefix is replaced by the
 * target's path and the rest kept (`example.com/docs/a` -> `https://chat.example.com/help/a`).
 */
export function redirectLocation(r: Redirect, requestPath: string): string {
  return r.preservePath ? `${r.to}${requestPath.slice(prefixOf(r).length)}` : r.to;
}

/** The target-URL expression that implements redirectLocation at the edge. */
function targetExpression(r: Redirect): string {
  const prefix = prefixOf(r);
  if (prefix === "") return `concat(${exprString(r.to)}, http.request.uri.path)`;
  const target = new URL(r.to);
  const origin = `${target.protocol}//${target.host}`;
  // In wildcard_replace's replacement a literal `$` is written `$$` ("To enter a literal $ character in
  // the replacement parameter, you must escape it using $$"): a `$` of the target path left bare would
  // read `$${1}` below as a literal `${1}`. Terraform keeps a `$` not followed by `{` as it is.
  const targetPath = (target.pathname === "/" ? "" : target.pathname).replaceAll("$", () => "$$");
  // `$${1}` is Terraform's escape for a literal `${1}`, wildcard_replace's first captured segment.
  // wildcard_replace matches case-insensitively by default (no "s" flag), as the rule's lower() match
  // does, so /DOCS/a goes to /help/a (developers.cloudflare.com/ruleset-engine/rules-language/functions/#wildcard_replace).
  return `concat(${exprString(origin)}, wildcard_replace(http.request.uri.path, ${exprString(`${prefix}*`)}, ${exprString(`${targetPath}$\${1}`)}))`;
}

/** Single Redirect rules: path (below the matched prefix) and query string preserved unless configured otherwise. */
export function redirectRules(redirects: readonly Redirect[]): EdgeRule[] {
  return redirects.map((r) => {
    const hostExpr = `http.host eq ${exprString(r.fromHost)}`;
    const pathExpr = pathPrefixExpr(r.fromPath);
    return {
      ref: `redirect_${slug(`${r.fromHost}${r.fromPath}`).replace(/-/g, "_")}`,
      description: `Redirect ${r.fromHost}${r.fromPath === "/" ? "" : r.fromPath} to ${r.to}`,
      expression: pathExpr === "true" ? `(${hostExpr})` : `(${hostExpr} and ${pathExpr})`,
      action: "redirect",
      enabled: true,
      actionParameters: {
        fromValue: {
          statusCode: r.status,
          targetUrl: r.preservePath ? { expression: targetExpression(r) } : { value: r.to },
          preserveQueryString: true,
        },
      },
    };
  });
}

interface Location {
  readonly host: string;
  readonly path: string;
}

function targetOf(url: string): Location {
  const u = new URL(url);
  return { host: u.hostname, path: u.pathname === "" ? "/" : u.pathname };
}

/** As the edge matches (pathPrefixExpr): the path ignoring case, at a segment boundary. */
function matches(r: Redirect, loc: Location): boolean {
  if (r.fromHost !== loc.host) return false;
  const prefix = lowerPath(prefixOf(r));
  const path = lowerPath(loc.path);
  return prefix === "" || path === prefix || path.startsWith(`${prefix}/`);
}

/** A probe path below a redirect's prefix, to follow a request through the chain. */
const PROBE = "/golive-loop-probe";

/**
 * Redirect chains that come back to a redirect already taken (a -> b -> a, or a host into itself while
 * keeping the path), as lists of redirect indexes. The first matching rule wins, as at the edge.
 */
export function findRedirectLoops(redirects: readonly Redirect[]): number[][] {
  const loops: number[][] = [];
  const seen = new Set<string>();
  redirects.forEach((start, startIndex) => {
    const chain: number[] = [startIndex];
    let loc = targetOf(redirectLocation(start, `${prefixOf(start)}${PROBE}`));
    // Bounded walk: a chain can be at most as long as the redirect list.
    for (let step = 0; step <= redirects.length; step++) {
      const next = redirects.findIndex((r) => matches(r, loc));
      if (next === -1) return;
      if (chain.includes(next)) {
        const cycle = chain.slice(chain.indexOf(next));
        const id = [...cycle].sort((a, b) => a - b).join(",");
        if (!seen.has(id)) {
          seen.add(id);
          loops.push(cycle);
        }
        return;
      }
      chain.push(next);
      loc = targetOf(redirectLocation(redirects[next] as Redirect, loc.path));
    }
  });
  return loops;
}
