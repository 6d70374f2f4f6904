import type { AppConfig } from "../../config/schema";
import { EdgeRule, exprString, pathPrefixExpr } from "./edge-rule";
import { slug } from "./names";

/** A redirect after defaults: from host (+ optional path prefix) to an https URL. */
export interface Redirect {
  readonly fromHost: string;
  readonly fromPath: string;
  readonly to: string;
  readonly status: 301 | 308;
  readonly preservePath: boolean;
  readonly source: readonly (string | number)[];
}

/** Config redirects plus the www <-> apex one implied by `edge.canonicalHost`. */
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
    out.push({ fromHost, fromPath, to: r.to.replace(/\/$/, ""), status: r.status, preservePath: r.preservePath, source: ["edge", "redirects", i] });
  });
  return out;
}

/** Single Redirect rules: path and query string preserved unless the config says otherwise. */
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
          targetUrl: r.preservePath ? { expression: `concat(${exprString(r.to)}, http.request.uri.path)` } : { value: r.to },
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

function matches(r: Redirect, loc: Location): boolean {
  if (r.fromHost !== loc.host) return false;
  if (r.fromPath === "/") return true;
  const base = r.fromPath.replace(/\/+$/, "");
  return loc.path === base || loc.path.startsWith(`${base}/`);
}

/** Redirect chains that come back to where they started (a -> b -> a), as lists of redirect indexes. */
export function findRedirectLoops(redirects: readonly Redirect[]): number[][] {
  const loops: number[][] = [];
  const seen = new Set<string>();
  redirects.forEach((start, startIndex) => {
    const chain: number[] = [startIndex];
    let loc = targetOf(start.to);
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
      const n = redirects[next] as Redirect;
      loc = n.preservePath && n.fromPath === "/" ? { ...targetOf(n.to), path: loc.path } : targetOf(n.to);
    }
  });
  return loops;
}
