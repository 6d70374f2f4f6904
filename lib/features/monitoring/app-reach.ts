import { appHostnames, destinationsFor, proxiedHostRecords, recordName } from "../edge/resources";
import { type EnvView, perView, referencedAddresses, type SynthResource } from "../../core/readiness/model";
import { records, str } from "../../core/readiness/values";
import { originKey } from "../../core/origin-address";
import { groupBy } from "../../core/group-by";

/**
 * Which uptime checks of a hostname can see its app down, for GL-MON-001. Route 53 counts a 2xx or 3xx
 * answer as healthy (HealthCheckConfig), and Cloudflare Access answers every request to a path it
 * covers with a redirect to its login before any origin is contacted: a check through the edge (the
 * hostname resolved, no `ip_address`) at such a path stays healthy while every app server is down. It
 * proves edge + Access + TLS; a check that connects to an origin (an `ip_address`, or the origin's own
 * hostname) or asks a path no Access application covers proves the app (docs/monitoring.md).
 */

/** The path a check requests, without its query. */
function checkPath(check: SynthResource): string {
  const path = str(check.attrs.resource_path) ?? "/";
  const query = path.indexOf("?");
  return query === -1 ? path : path.slice(0, query);
}

/**
 * True when a gating Access application covers `path` on `host`: its destination names the host (or a
 * `*.` pattern of it) and the whole host, or the path or a parent of it at a segment boundary.
 */
export function accessCovers(view: EnvView, host: string, path: string): boolean {
  return destinationsFor(view, host).some((d) => d.path === "" || path === d.path || path.startsWith(`${d.path}/`));
}

/** True when the check goes through Cloudflare to `host` at a path Access covers: it only ever sees the login. */
export function onlySeesAccess(view: EnvView, host: string, check: SynthResource): boolean {
  return (
    str(check.attrs.ip_address) === undefined &&
    (str(check.attrs.fqdn) ?? "").toLowerCase() === host &&
    accessCovers(view, host, checkPath(check))
  );
}

/**
 * The origin hostnames behind a public hostname, checked by their own name: its DNS record's content,
 * or each origin address of the pools its load balancer names that is a name, not an IP (a pool origin
 * at an IP is checked at its address, under the public hostname). Lower case, without a final dot.
 */
export function originNames(view: EnvView, record: SynthResource): string[] {
  return [...new Set(originsOf(view, record).flatMap((a) => (a && !/^[0-9.]+$|:/.test(a) ? [originKey(a)] : [])))];
}

/** What a record sends its users to as written: its content, or each origin address of the pools its load balancer names. */
function originsOf(view: EnvView, record: SynthResource): (string | undefined)[] {
  return record.type === "cloudflare_load_balancer"
    ? [...referencedAddresses(record.attrs)]
        .map((address) => view.byAddress(address))
        .filter((pool) => pool?.type === "cloudflare_load_balancer_pool")
        .flatMap((pool) => records(pool?.attrs.origins).map((o) => str(o.address)))
    : [str(record.attrs.content)];
}

/** The proxied host records by name, once per view: a scan per check was quadratic (bench: 50,000 resources). */
const proxiedRecordsByName = perView(
  (view: EnvView): ReadonlyMap<string, SynthResource[]> => groupBy(proxiedHostRecords(view), recordName),
);

/** Names Cloudflare's proxy answers for: proxied records, and proxied load balancers (appHostnames). */
const proxiedNames = perView(
  (view: EnvView): ReadonlySet<string> => new Set([...proxiedRecordsByName(view).keys(), ...appHostnames(view).map((h) => h.host)]),
);

/** True when the check resolves a name the proxy answers for (no `ip_address`): it talks to Cloudflare, not to an origin. */
export function throughEdge(view: EnvView, check: SynthResource): boolean {
  return str(check.attrs.ip_address) === undefined && proxiedNames(view).has((str(check.attrs.fqdn) ?? "").toLowerCase());
}

/**
 * Why a check of `host` that connects to an `ip_address` does not probe the app, or undefined: the
 * address is none of the host's origins (the content of its proxied records, or its load balancer's pool
 * origins), so the check can stay healthy while every server of the host is down. An origin golive
 * cannot read (an expression) matches nothing: such a check does not count (fail closed).
 */
export function probesAnotherAddress(view: EnvView, host: string, record: SynthResource, check: SynthResource): string | undefined {
  const ip = str(check.attrs.ip_address);
  if (ip === undefined) return undefined;
  const hostRecords = [record, ...(proxiedRecordsByName(view).get(host) ?? []).filter((r) => r !== record)];
  const origins = [...new Set(hostRecords.flatMap((r) => originsOf(view, r)).flatMap((a) => (a ? [originKey(a)] : [])))];
  if (origins.includes(originKey(ip))) return undefined;
  return `probes ${ip}, which is none of the origins of ${host} (${origins.join(", ") || "none golive can read"}): it stays healthy while they are down`;
}
