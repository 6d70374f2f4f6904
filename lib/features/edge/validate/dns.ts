import type { AppConfig } from "../../../config/schema";
import { isIpv4, isIpv6 } from "../../../core/fields";
import { type DesiredRecord, desiredEdgeRecords, parseCaa } from "../dns-records";
import { formatPath, type ConfigIssue } from "../../../core/issues";
import { TXT_MAX_CONTENT } from "../../../core/txt";
import { groupBy } from "../../../core/group-by";

const HOST_RE = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/;

/** Per-record content rules. */
function validateContent(cfg: AppConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  cfg.edge.dns.forEach((r, i) => {
    const at = (field: string) => ["edge", "dns", i, field];
    const bad = (allowed: string) =>
      issues.push({ path: at("content"), message: `got "${r.content}" for a ${r.type} record; allowed: ${allowed}` });
    if (r.type === "A" && !isIpv4(r.content)) bad("an IPv4 address such as 192.0.2.10");
    if (r.type === "AAAA" && !isIpv6(r.content)) bad("an IPv6 address such as 2001:db8::10");
    if ((r.type === "CNAME" || r.type === "MX") && !HOST_RE.test(r.content)) bad("a lower-case hostname");
    if (r.type === "CAA" && !parseCaa(r.content)) bad('flags tag "value", such as 0 issue "letsencrypt.org"');
    if (r.type === "TXT" && r.content.length > TXT_MAX_CONTENT) {
      issues.push({
        path: at("content"),
        message: `TXT value is ${r.content.length} characters; allowed: at most ${TXT_MAX_CONTENT} (it is split into 255-character strings automatically)`,
      });
    }
    if (r.type === "MX" && r.priority === undefined)
      issues.push({ path: at("priority"), message: "an MX record needs a priority (0-65535)" });
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

/** Duplicates and CNAMEs that share a name with other records (RFC 1034 3.6.2). */
export function validateRecordSet(records: readonly DesiredRecord[]): ConfigIssue[] {
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
    const other = group.find((r) => r !== cname && identity(r) !== identity(cname ?? r));
    if (cname && other) {
      issues.push({
        path: cname.source,
        message: `a CNAME at ${name} cannot share the name with other records (${other.type} at ${formatPath(other.source)}); use A/AAAA records or another name`,
      });
    }
  }
  return issues;
}

export function validateDns(cfg: AppConfig): ConfigIssue[] {
  const content = validateContent(cfg);
  return content.length > 0 ? content : validateRecordSet(desiredEdgeRecords(cfg));
}
