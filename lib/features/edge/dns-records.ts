import type { AppConfig } from "../../config/schema";
import { canonicalIpv6, isIpv4, isIpv6 } from "../../core/ip-addresses";
import { longHash, shortHash, slug } from "../../core/names";
import { quoteTxt } from "../../core/txt";
import { type CaaData, CLOUDFLARE_CAS, parseCaa } from "./caa";

export type RecordType = "A" | "AAAA" | "CNAME" | "TXT" | "MX" | "CAA" | "SRV";

/**
 * An SRV record's parts, as the API takes them: `data` {priority, weight, port, target}. Its `content` is
 * read-only ("Priority, weight, port, and SRV target. See 'data' for setting the individual component
 * values": dns-records_SRVRecord, cloudflare/api-schemas openapi.json), and a create without `data` fails
 * with error 9101 "weight is a required data field." (5aaee9/Dnsflare#42).
 */
export interface SrvData {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly target: string;
}

/** A DNS record as the edge stack should declare it. `source` is the config path that asked for it. */
export interface DesiredRecord {
  /** Construct id: part of the Terraform address, so stable across unrelated edits. */
  readonly key: string;
  readonly name: string;
  readonly type: RecordType;
  /**
   * Rendered content (TXT quoted and split); absent for CAA, which uses `caa`. For SRV the content the
   * API reads back (`<weight> <port> <target>`, what preflight compares), declared as `srv`.
   */
  readonly content?: string;
  readonly caa?: CaaData;
  readonly srv?: SrvData;
  readonly priority?: number;
  readonly proxied: boolean;
  /** 1 means automatic (required for proxied records). */
  readonly ttl: number;
  readonly comment?: string;
  readonly source: readonly (string | number)[];
}

/** Stand-in address for redirect-only names: the proxy answers, nothing behind it is reached. */
export const REDIRECT_ONLY_ADDRESS = "100::";

const DNS_ONLY_TTL = 300;

export function originRecordType(origin: string): "A" | "AAAA" | "CNAME" {
  if (isIpv4(origin)) return "A";
  if (isIpv6(origin)) return "AAAA";
  return "CNAME";
}

/** `mx.example.net.` -> `mx.example.net`; the root `.` (a null MX, an SRV "no service") stays. */
function withoutTrailingDot(target: string): string {
  return target.length > 1 ? target.replace(/\.$/, "") : target;
}

/**
 * Content as the Cloudflare API stores it and the provider reads it back, so the plan settles: the
 * provider compares content exactly on update, forgiving only a CNAME's letter case
 * (internal/services/dns_record/resource.go, v5.14.0), and the API drops a target's trailing dot and
 * writes an IPv6 address in RFC 5952 form; any other spelling plans `~ content` on every run
 * (terraform-provider-cloudflare#7286, #3354). Config may still write the dot, as zone files and
 * registrars do (validate/dns.ts accepts it).
 */
function storedContent(type: RecordType, content: string): string {
  switch (type) {
    case "AAAA":
      return canonicalIpv6(content);
    case "CNAME":
    case "MX":
      return withoutTrailingDot(content);
    case "SRV": {
      // `<weight> <port> <target>`: only the target is a name.
      const space = content.lastIndexOf(" ");
      return `${content.slice(0, space + 1)}${withoutTrailingDot(content.slice(space + 1))}`;
    }
    default:
      return content;
  }
}

/** `<weight> <port> <target>` (validate/dns.ts checked the form) and the priority, as SRV `data`. */
function srvData(content: string, priority: number): SrvData {
  const [weight = "", port = "", target = ""] = content.split(" ");
  return { priority, weight: Number(weight), port: Number(port), target };
}

function hostnameRecords(cfg: AppConfig): DesiredRecord[] {
  return cfg.edge.hostnames.map((h, i) => {
    const type = originRecordType(h.origin);
    return {
      key: `host-${slug(h.name)}`,
      name: h.name,
      type,
      content: storedContent(type, h.origin),
      proxied: h.proxied,
      ttl: h.proxied ? 1 : DNS_ONLY_TTL,
      comment: "golive: app hostname",
      source: ["edge", "hostnames", i, "name"],
    };
  });
}

type ExtraRecord = AppConfig["edge"]["dns"][number];

const recordKey = (r: ExtraRecord, hash: (text: string) => string) => `${r.type.toLowerCase()}-${slug(r.name)}-${hash(r.content)}`;

/**
 * Each config record's construct id: `<type>-<name>-<shortHash(content)>`, of the content as written in
 * config (not storedContent), so a record keeps the address it has always had. Two contents whose 32-bit
 * hashes agree would share one id (synth refuses a second construct of that name), so those records,
 * whatever their order, take a 64-bit hash instead; every other record keeps the id it has always had,
 * since the id is its Terraform state address.
 */
function extraRecordKeys(records: readonly ExtraRecord[]): string[] {
  const contents = new Map<string, Set<string>>();
  for (const r of records) {
    const key = recordKey(r, shortHash);
    contents.set(key, (contents.get(key) ?? new Set<string>()).add(r.content));
  }
  return records.map((r) => {
    const key = recordKey(r, shortHash);
    return (contents.get(key)?.size ?? 0) > 1 ? recordKey(r, longHash) : key;
  });
}

function extraRecords(cfg: AppConfig): DesiredRecord[] {
  const keys = extraRecordKeys(cfg.edge.dns);
  return cfg.edge.dns.map((r, i) => {
    const base = {
      key: keys[i] as string,
      name: r.name,
      type: r.type,
      proxied: r.proxied,
      ttl: r.proxied ? 1 : DNS_ONLY_TTL,
      comment: r.comment ?? "golive: from config",
      source: ["edge", "dns", i],
    } as const;
    if (r.type === "CAA") return { ...base, caa: parseCaa(r.content) ?? { flags: 0, tag: "issue", value: r.content } };
    const content = r.type === "TXT" ? quoteTxt(r.content) : storedContent(r.type, r.content);
    const srv = r.type === "SRV" ? { srv: srvData(content, r.priority ?? 0) } : {};
    return r.priority === undefined ? { ...base, content, ...srv } : { ...base, content, priority: r.priority, ...srv };
  });
}

function caaRecords(cfg: AppConfig): DesiredRecord[] {
  const zone = cfg.cloudflare.zone.name;
  const caa = (tag: "issue" | "issuewild" | "iodef", value: string): DesiredRecord => ({
    key: `caa-${tag}-${slug(value)}`,
    name: zone,
    type: "CAA",
    caa: { flags: 0, tag, value },
    proxied: false,
    ttl: 3600,
    comment: "golive: only Cloudflare's CAs may issue",
    source: ["cloudflare", "zone", "name"],
  });
  return [
    ...CLOUDFLARE_CAS.map((ca) => caa("issue", ca)),
    ...CLOUDFLARE_CAS.map((ca) => caa("issuewild", ca)),
    caa("iodef", `mailto:${cfg.edge.securityContact}`),
  ];
}

/** Names that only redirect (canonical www/apex, redirect sources) need a proxied record to be reached. */
function redirectOnlyRecords(cfg: AppConfig, existing: readonly DesiredRecord[]): DesiredRecord[] {
  const zone = cfg.cloudflare.zone.name;
  const wanted: { name: string; source: (string | number)[] }[] = [];
  if (cfg.edge.canonicalHost === "apex") wanted.push({ name: `www.${zone}`, source: ["edge", "canonicalHost"] });
  if (cfg.edge.canonicalHost === "www") wanted.push({ name: zone, source: ["edge", "canonicalHost"] });
  for (const [i, r] of cfg.edge.redirects.entries())
    wanted.push({ name: r.from.split("/")[0] as string, source: ["edge", "redirects", i, "from"] });
  const have = new Set(existing.filter((r) => r.type !== "CAA" && r.type !== "TXT" && r.type !== "MX").map((r) => r.name));
  const out: DesiredRecord[] = [];
  for (const w of wanted) {
    if (have.has(w.name)) continue;
    have.add(w.name);
    out.push({
      key: `redirect-${slug(w.name)}`,
      name: w.name,
      type: "AAAA",
      content: REDIRECT_ONLY_ADDRESS,
      proxied: true,
      ttl: 1,
      comment: "golive: redirect-only name",
      source: w.source,
    });
  }
  return out;
}

/** Every DNS record the edge stack declares, in a stable order. */
export function desiredEdgeRecords(cfg: AppConfig): DesiredRecord[] {
  const base = [...hostnameRecords(cfg), ...extraRecords(cfg)];
  return [...base, ...redirectOnlyRecords(cfg, base), ...caaRecords(cfg)];
}
