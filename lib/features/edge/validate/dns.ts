import { idCollisions } from "../../../core/collisions";
import type { AppConfig } from "../../../config/schema";
import { isIpv4, isIpv6, mappedIpv4 } from "../../../core/ip-addresses";
import { type DesiredRecord, desiredEdgeRecords } from "../dns-records";
import { readCaa } from "../caa";
import { formatPath, type ConfigIssue } from "../../../core/issues";
import { txtContentProblem } from "../../../core/txt";
import { groupBy } from "../../../core/group-by";
import { punycodeProblem } from "../../../core/dns-names";
import { validateProxiedNames } from "./proxied-names";
import { dnsTextProblem } from "./dns-text";

const TLD = "([a-z]{2,63}|xn--[a-z0-9-]{1,59})";
/**
 * CNAME, MX and SRV targets may end in a dot, as zone files and registrars write them; the record is
 * declared without it (dns-records.ts, storedContent), the form Cloudflare stores, or every plan would
 * show `~ content = "mx.example.net" -> "mx.example.net."`.
 */
const HOST_RE = new RegExp(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+${TLD}\\.?$`);
/** CNAME targets may have `_` labels (`s1._domainkey.example.net`, `_acme-challenge` delegations). */
const CNAME_TARGET_RE = new RegExp(`^(_?[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?\\.)+${TLD}\\.?$`);
/** `_service._proto.<name>` (RFC 2782). */
const SRV_NAME_RE = /^_[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\._(tcp|udp|tls|sctp)\./;
/** SRV content as config writes it (and the API reads it back): `<weight> <port> <target>`, the priority its own field. */
const SRV_CONTENT_RE = /^(\d{1,5}) (\d{1,5}) (\S+)$/;
/** Record types whose names may hold `_` labels (RFC 8552 attribute leaves and their delegations). */
const UNDERSCORE_TYPES: readonly string[] = ["TXT", "SRV", "CNAME"];

function hasUnderscoreLabel(name: string): boolean {
  return name.includes("_");
}

function srvContentOk(content: string): boolean {
  const m = SRV_CONTENT_RE.exec(content);
  if (!m) return false;
  const target = m[3] as string;
  return Number(m[1]) <= 65535 && Number(m[2]) <= 65535 && (target === "." || HOST_RE.test(target));
}

/** Per-record content rules. */
function validateContent(cfg: AppConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  cfg.edge.dns.forEach((r, i) => {
    const at = (field: string) => ["edge", "dns", i, field];
    const bad = (allowed: string) =>
      issues.push({ path: at("content"), message: `got "${r.content}" for a ${r.type} record; allowed: ${allowed}` });
    const hidden = dnsTextProblem(r.content);
    if (hidden !== undefined) {
      issues.push({ path: at("content"), message: `a ${r.type} record's content ${hidden}` });
      return;
    }
    if (r.type === "A" && !isIpv4(r.content)) bad("an IPv4 address such as 192.0.2.10");
    if (r.type === "AAAA" && !isIpv6(r.content)) bad("an IPv6 address such as 2001:db8::10");
    const v4 = r.type === "AAAA" ? mappedIpv4(r.content) : undefined;
    if (v4 !== undefined) bad(`a native IPv6 address, not an IPv4-mapped one (its IPv4 address ${v4} goes in an A record)`);
    const punycode = ["CNAME", "MX", "SRV"].includes(r.type) ? punycodeProblem(r.content.split(" ").at(-1) ?? "") : undefined;
    if (punycode !== undefined) issues.push({ path: at("content"), message: `got "${r.content}" for a ${r.type} record: ${punycode}` });
    if (r.type === "CNAME" && !CNAME_TARGET_RE.test(r.content)) bad("a lower-case hostname");
    // A name that is its own alias never resolves (resolvers stop at the loop): RFC 1034 3.6.2.
    else if (r.type === "CNAME" && r.content.replace(/\.$/, "") === r.name)
      issues.push({
        path: at("content"),
        message: `CNAME target "${r.content}" is the record's name itself; give the hostname it is an alias of`,
      });
    if (r.type === "MX" && !HOST_RE.test(r.content)) bad("a lower-case hostname");
    if (r.type === "SRV" && !srvContentOk(r.content))
      bad('"<weight> <port> <target>" such as "5 5060 sip.example.com" (weight and port 0-65535; the priority goes in priority)');
    if (r.type === "SRV" && !SRV_NAME_RE.test(r.name))
      issues.push({
        path: at("name"),
        message: `got "${r.name}" for a SRV record; allowed: _service._proto.<name> such as _sip._tcp.${cfg.cloudflare.zone.name}`,
      });
    else if (hasUnderscoreLabel(r.name) && !UNDERSCORE_TYPES.includes(r.type))
      issues.push({
        path: at("name"),
        message: `"${r.name}" has a _ label, which only TXT, SRV and CNAME records may have, not ${r.type}`,
      });
    else if (hasUnderscoreLabel(r.name) && r.proxied)
      issues.push({
        path: at("proxied"),
        message: `"${r.name}" has a _ label and cannot be proxied (no certificate covers it); allowed: false`,
      });
    const hiddenInComment = r.comment === undefined ? undefined : dnsTextProblem(r.comment);
    if (hiddenInComment !== undefined) issues.push({ path: at("comment"), message: `the comment ${hiddenInComment}` });
    const caa = r.type === "CAA" ? readCaa(r.content) : undefined;
    if (caa && "problem" in caa)
      issues.push({
        path: at("content"),
        message: `got "${r.content}" for a CAA record: ${caa.problem}; allowed: flags tag "value" (RFC 8659) such as 0 issue "letsencrypt.org" or 0 iodef "mailto:security@${cfg.cloudflare.zone.name}"`,
      });
    const txtProblem = r.type === "TXT" ? txtContentProblem(r.content) : undefined;
    if (txtProblem !== undefined) issues.push({ path: at("content"), message: txtProblem });
    if ((r.type === "MX" || r.type === "SRV") && r.priority === undefined)
      issues.push({ path: at("priority"), message: `an ${r.type} record needs a priority (0-65535)` });
    if (r.type !== "MX" && r.type !== "SRV" && r.priority !== undefined)
      issues.push({ path: at("priority"), message: `priority is only allowed on MX and SRV records, not ${r.type}` });
    if (r.proxied && !["A", "AAAA", "CNAME"].includes(r.type))
      issues.push({ path: at("proxied"), message: `only A, AAAA and CNAME records can be proxied, not ${r.type}` });
  });
  return issues;
}

function identity(r: DesiredRecord): string {
  return `${r.name} ${r.type} ${r.content ?? JSON.stringify(r.caa)}`;
}

/** Record types a CNAME may never share a name with, even at the zone apex. */
const ADDRESS_TYPES: readonly string[] = ["A", "AAAA", "CNAME"];

/**
 * Duplicates and CNAMEs that share a name with other records (RFC 1034 3.6.2). At the zone `apex`
 * Cloudflare flattens the CNAME (developers.cloudflare.com/dns/cname-flattening/set-up-cname-flattening/:
 * "CNAME flattening occurs by default for all plans when your domain uses a CNAME record for its zone
 * apex") and answers A/AAAA, so it may sit beside TXT, MX, CAA... (the apex always holds golive's CAA);
 * only A, AAAA or another CNAME of the name are refused there
 * (developers.cloudflare.com/dns/manage-dns-records/troubleshooting/records-with-same-name/).
 * Without `apex` every name is held to the strict rule.
 */
export function validateRecordSet(records: readonly DesiredRecord[], apex?: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const first = new Map<string, DesiredRecord>();
  for (const r of records) {
    const prev = first.get(identity(r));
    if (prev) issues.push({ path: r.source, message: `duplicate ${r.type} record for ${r.name} (also at ${formatPath(prev.source)})` });
    else first.set(identity(r), r);
  }
  const byName = groupBy(records, (r) => r.name);
  for (const [name, group] of byName) {
    const cname = group.find((r) => r.type === "CNAME");
    const clashes = (r: DesiredRecord) => name !== apex || ADDRESS_TYPES.includes(r.type);
    const other = group.find((r) => r !== cname && identity(r) !== identity(cname ?? r) && clashes(r));
    if (cname && other) {
      const atApex = name === apex;
      const shared = atApex ? "address records" : "other records";
      const allowed = atApex
        ? "allowed: A/AAAA records alone, the CNAME alone (Cloudflare flattens it at the apex), or another name"
        : "use A/AAAA records or another name";
      issues.push({
        path: cname.source,
        message: `a CNAME at ${name} cannot share the name with ${shared} (${other.type} at ${formatPath(other.source)}); ${allowed}`,
      });
    }
  }
  return issues;
}

/**
 * Records of one stack are constructs with the id `record.key`; two keys alike (hostnames `a-b.example.com`
 * and `a.b.example.com` are both `host-a-b-example-com`) would stop synth. Exact duplicates are
 * validateRecordSet's to report.
 */
export function validateRecordKeys(records: readonly DesiredRecord[]): ConfigIssue[] {
  // One record per key and name: the same name twice is a duplicate, which other rules name better.
  const distinct = new Map<string, DesiredRecord>();
  for (const r of records) if (!distinct.has(`${r.key} ${r.name}`)) distinct.set(`${r.key} ${r.name}`, r);
  return idCollisions(
    [...distinct.values()].map((r) => ({ id: r.key, path: r.source, value: r.name })),
    (id) => `the DNS record id ${id}`,
  );
}

export function validateDns(cfg: AppConfig): ConfigIssue[] {
  const content = validateContent(cfg);
  if (content.length > 0) return content;
  const records = desiredEdgeRecords(cfg);
  return [...validateProxiedNames(cfg), ...validateRecordSet(records, cfg.cloudflare.zone.name), ...validateRecordKeys(records)];
}
