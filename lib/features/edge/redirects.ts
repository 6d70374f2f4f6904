import type { AppConfig } from "../../config/schema";
import { type EdgeRule, exprString, lowerPath, pathPrefixExpr } from "./edge-rule";
import { shortHash, slug, wholeSlug } from "../../core/names";

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

/**
 * Whether a redirect to `to` keeps the request's query string: yes, unless `to` has its own query or
 * fragment. Cloudflare refuses a rule that keeps the query and names a target with one (error 10055,
 * "you enable the Preserve query string option of a URL redirect, but also provide a query string in
 * the redirect target URL"); where it would put a kept query beside a fragment is not documented, so a
 * fragment is treated the same way: such a target is sent as written. Only `preservePath: false` gets
 * here (validateRedirects refuses `?` and `#` in a kept-path `to`), so `to` is then the whole Location.
 */
export function preservesQuery(to: string): boolean {
  // The text, not URL.search: a bare `?` has an empty search but is still a query in the target.
  return !/[?#]/.test(to);
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

/**
 * A redirect rule's ref: `redirect_` and the slug of its source. slug() keeps 60 characters, so two long
 * sources that share them (`.../installation-guide-linux`, `...-macos`) would be one ref, which
 * validateRedirects refuses; a source cut there gets a short hash of the whole source after them. One
 * that fits keeps its ref byte for byte: a ref is the rule's identity, and a new one re-creates the rule.
 */
function redirectRef(r: Redirect): string {
  const source = `${r.fromHost}${r.fromPath}`;
  const kept = slug(source);
  const ref = wholeSlug(source) === kept ? kept : `${kept.replace(/-+$/, "")}-${shortHash(source)}`;
  return `redirect_${ref.replace(/-/g, "_")}`;
}

/** Single Redirect rules: path (below the matched prefix) preserved unless configured otherwise, query string unless `to` has its own (preservesQuery). */
export function redirectRules(redirects: readonly Redirect[]): EdgeRule[] {
  return redirects.map((r) => {
    const hostExpr = `http.host eq ${exprString(r.fromHost)}`;
    const pathExpr = pathPrefixExpr(r.fromPath);
    return {
      ref: redirectRef(r),
      description: `Redirect ${r.fromHost}${r.fromPath === "/" ? "" : r.fromPath} to ${r.to}`,
      expression: pathExpr === "true" ? `(${hostExpr})` : `(${hostExpr} and ${pathExpr})`,
      action: "redirect",
      enabled: true,
      actionParameters: {
        fromValue: {
          statusCode: r.status,
          targetUrl: r.preservePath ? { expression: targetExpression(r) } : { value: r.to },
          preserveQueryString: preservesQuery(r.to),
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

/**
 * One host's redirects as a tree of lower-cased path segments: a node holds the first redirect (in rule
 * order) whose prefix ends there. Finding a request's first matching rule then reads its path once,
 * instead of lower-casing and comparing every redirect's prefix at every step of every chain.
 */
interface PrefixNode {
  first: number | undefined;
  readonly children: Map<string, PrefixNode>;
}

const newNode = (): PrefixNode => ({ first: undefined, children: new Map() });

/** The segments a path prefix matches on: `/docs/v2` is ["", "docs", "v2"]; the whole host (`""`) none. */
function segmentsOf(prefix: string): string[] {
  return prefix === "" ? [] : lowerPath(prefix).split("/");
}

function indexByHost(redirects: readonly Redirect[]): Map<string, PrefixNode> {
  const hosts = new Map<string, PrefixNode>();
  redirects.forEach((r, i) => {
    let node = hosts.get(r.fromHost) ?? newNode();
    hosts.set(r.fromHost, node);
    for (const segment of segmentsOf(prefixOf(r))) {
      const child = node.children.get(segment) ?? newNode();
      node.children.set(segment, child);
      node = child;
    }
    node.first ??= i;
  });
  return hosts;
}

/**
 * The first redirect matching `loc` as the edge matches (pathPrefixExpr): the path ignoring case, at a
 * segment boundary (a prefix's segments are the first segments of the path); -1 when none does.
 */
function firstMatch(hosts: ReadonlyMap<string, PrefixNode>, loc: Location): number {
  let node = hosts.get(loc.host);
  let best = -1;
  for (const segment of lowerPath(loc.path).split("/")) {
    if (node === undefined) break;
    if (node.first !== undefined && (best === -1 || node.first < best)) best = node.first;
    node = node.children.get(segment);
  }
  if (node?.first !== undefined && (best === -1 || node.first < best)) best = node.first;
  return best;
}

/** A probe path below a redirect's prefix, to follow a request through the chain. */
const PROBE = "/golive-loop-probe";

/**
 * Cloudflare refuses a URL longer than 16 KB (its URL size limit; 414 URI Too Long), so a chain whose
 * kept paths grow past it ends there, and each walk stays bounded in memory.
 */
const MAX_URL = 16 * 1024;

/** A step of a walk: the redirect that answers a URL and the URL it sends to; undefined: none answers. */
type Step = { readonly next: number; readonly url: string } | undefined;

/**
 * Redirect chains that come back to a redirect already taken (a -> b -> a, or a host into itself while
 * keeping the path), as lists of redirect indexes. The first matching rule wins, as at the edge. Walks
 * from different starts pass through the same URLs, so each URL's step is worked out once (and costs the
 * length of its path, indexByHost): 300 chained redirects of 900-character paths take milliseconds, not
 * the ~45 s of scanning and lower-casing every redirect at every step of every walk.
 */
export function findRedirectLoops(redirects: readonly Redirect[]): number[][] {
  const hosts = indexByHost(redirects);
  const steps = new Map<string, Step>();
  const stepFrom = (url: string): Step => {
    if (steps.has(url)) return steps.get(url);
    const loc = targetOf(url);
    const next = firstMatch(hosts, loc);
    const step = next === -1 ? undefined : { next, url: redirectLocation(redirects[next] as Redirect, loc.path) };
    steps.set(url, step);
    return step;
  };
  const loops: number[][] = [];
  const seen = new Set<string>();
  redirects.forEach((start, startIndex) => {
    const chain: number[] = [startIndex];
    const at = new Map<number, number>([[startIndex, 0]]);
    let url = redirectLocation(start, `${prefixOf(start)}${PROBE}`);
    // Bounded walk: a chain can be at most as long as the redirect list.
    for (let step = 0; step <= redirects.length && url.length <= MAX_URL; step++) {
      const taken = stepFrom(url);
      if (taken === undefined) return;
      const from = at.get(taken.next);
      if (from !== undefined) {
        const cycle = chain.slice(from);
        const id = [...cycle].sort((a, b) => a - b).join(",");
        if (!seen.has(id)) {
          seen.add(id);
          loops.push(cycle);
        }
        return;
      }
      at.set(taken.next, chain.length);
      chain.push(taken.next);
      url = taken.url;
    }
  });
  return loops;
}
