import type { AppConfig } from "../../config/schema";
import { isWildcard } from "../../core/names";
import { desiredEdgeRecords } from "./dns-records";

/**
 * Which proxied names Cloudflare's edge serves a valid certificate for. In a full setup Universal SSL
 * covers only the zone and its first-level names: "Deeper subdomains — such as dev.www.example.com —
 * are not covered and will not serve a valid certificate" unless Advanced Certificate Manager (an
 * advanced certificate, or Total TLS) or a custom certificate covers them
 * (developers.cloudflare.com/ssl/edge-certificates/universal-ssl/limitations/, "Hostname coverage").
 * DNS-only records are not served by the edge's certificate, so only proxied names count.
 */

/** Hosts one certificate pack may hold, the zone apex included (`hosts`: "Must contain the zone apex, may not contain more than 50 hosts"). */
export const MAX_PACK_HOSTS = 50;

/** A proxied name golive declares, with the config field that puts it there. */
export interface ProxiedName {
  readonly name: string;
  readonly path: readonly (string | number)[];
}

/** Whether `name` lies two or more labels below `zone` (`api.eu.example.net` in example.net). */
function isBelowFirstLevel(name: string, zone: string): boolean {
  return name.endsWith(`.${zone}`) && name.slice(0, -zone.length - 1).includes(".");
}

/** Why a proxied `name` would serve no valid certificate (below the first level, without the opt-in), or undefined. */
export function universalSslProblem(cfg: AppConfig, name: string): string | undefined {
  const zone = cfg.cloudflare.zone.name;
  if (cfg.edge.advancedCertificate || isWildcard(name) || !isBelowFirstLevel(name, zone)) return undefined;
  const first = `${name.slice(0, name.indexOf("."))}.${zone}`;
  return `"${name}" is proxied two or more labels below the zone ${zone}, and Universal SSL covers only the zone and first-level names (no valid certificate would be served); allowed: a first-level name such as ${first}, or edge.advancedCertificate: true (Advanced Certificate Manager, a paid add-on) so golive declares a certificate pack covering it`;
}

/** The proxied names of the edge stack's records (app hostnames, proxied DNS records, redirect sources). */
export function edgeProxiedNames(cfg: AppConfig): ProxiedName[] {
  return desiredEdgeRecords(cfg)
    .filter((r) => r.proxied)
    .map((r) => ({ name: r.name, path: r.source[1] === "dns" ? [...r.source, "name"] : r.source }));
}

/** Every proxied name below the first level: the edge's, then the load-balanced hostname (always proxied). */
function deepProxiedNames(cfg: AppConfig): string[] {
  const zone = cfg.cloudflare.zone.name;
  const names = edgeProxiedNames(cfg).map((n) => n.name);
  if (cfg.release) names.push(cfg.release.hostname);
  return names.filter((name) => !isWildcard(name) && isBelowFirstLevel(name, zone));
}

/** The advanced certificate pack the edge stack orders (constructs/certificate-pack.ts renders it). */
export interface DesiredCertificatePack {
  /** The zone apex (required in every pack) and a wildcard of each deep name's parent, sorted. */
  readonly hosts: readonly string[];
  readonly certificateAuthority: "google";
  readonly validationMethod: "txt";
  readonly validityDays: 90;
}

/** The hosts a pack needs for the config's deep proxied names: the apex, then `*.<parent>` of each. */
export function certificatePackHosts(cfg: AppConfig): string[] {
  const parents = new Set(deepProxiedNames(cfg).map((name) => `*.${name.slice(name.indexOf(".") + 1)}`));
  return parents.size === 0 ? [] : [cfg.cloudflare.zone.name, ...[...parents].sort()];
}

/**
 * With `edge.advancedCertificate` and at least one deep proxied name: one pack covering them. Google
 * Trust Services (pki.goog, in the zone's CAA records, caa.ts) issues 90-day certificates; TXT
 * validation is the one Cloudflare completes itself in a full setup and works for wildcards.
 */
export function desiredCertificatePack(cfg: AppConfig): DesiredCertificatePack | undefined {
  if (!cfg.edge.advancedCertificate) return undefined;
  const hosts = certificatePackHosts(cfg);
  if (hosts.length === 0) return undefined;
  return { hosts, certificateAuthority: "google", validationMethod: "txt", validityDays: 90 };
}
