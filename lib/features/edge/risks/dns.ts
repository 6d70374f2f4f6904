import type { ChangeView } from "../../../core/plan/changes";
import type { ResourceChange } from "../../../core/plan/schema";
import { bool } from "../../../core/json";
import { maskValue } from "../../../core/plan/values";
import { afterOf, at, type RiskRule, show, str } from "../../../platform/risks";
import { templateText } from "./template";

const ADDRESS_TYPES: ReadonlySet<string> = new Set(["A", "AAAA", "CNAME"]);
const ISSUER_TAGS: ReadonlySet<string> = new Set(["issue", "issuewild"]);
const DNS_ONLY = ": DNS-only, the origin ";

function caaText(value: unknown): string {
  return `${str(at(value, "data", "tag")) ?? "?"} ${show(at(value, "data", "value"))}`;
}

/**
 * A proxied record that stops being proxied publishes its origin's address and lets requests reach it
 * past the WAF and Access; a new DNS-only address record does the same for whatever it points at.
 * A deleted CAA record, or a new issuer, lets one more CA (or any, when none remain) issue certificates.
 */
function dnsExposures(change: ChangeView): string[] {
  const after = afterOf(change);
  const value = after ?? change.before;
  const type = str(at(value, "type"));
  const name = str(at(value, "name")) ?? change.address;
  if (type === "CAA") {
    if (after === null) return [`CAA record ${name} ${caaText(change.before)} deleted: without it another CA may issue certificates`];
    const issuer = ISSUER_TAGS.has(str(at(after, "data", "tag")) ?? "");
    const same = change.kind !== "create" && caaText(change.before) === caaText(after);
    return issuer && !same ? [`CAA record ${name} now allows ${caaText(after)}: one more CA may issue certificates`] : [];
  }
  if (after === null || type === undefined || !ADDRESS_TYPES.has(type)) return [];
  const proxied = at(after, "proxied");
  const content = show(at(after, "content"));
  if (change.kind === "create")
    return bool(proxied) === true || templateText(proxied) !== undefined
      ? []
      : [`new ${type} record ${name}${DNS_ONLY}${content} is public and requests to it skip the WAF and Access`];
  if (bool(at(change.before, "proxied")) !== true) return [];
  if (bool(proxied) === false || proxied === undefined || proxied === null)
    return [`${type} record ${name}: proxied true -> false${DNS_ONLY}${content} is public and requests to it skip the WAF and Access`];
  const template = templateText(proxied);
  return template !== undefined ? [`${type} record ${name}: proxied set by the expression ${template}: may expose the origin`] : [];
}

/** Proxied records of the plan after it, by content: the hostnames an exposed address also serves. */
function proxiedByContent(changes: readonly ResourceChange[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rc of changes) {
    if (rc.type !== "cloudflare_dns_record" || rc.change.actions.join(",") === "delete") continue;
    const after = maskValue(rc.change.after ?? null, rc.change.after_sensitive, rc.change.after_unknown);
    const [content, name] = [str(at(after, "content")), str(at(after, "name"))];
    if (bool(at(after, "proxied")) === true && content !== undefined && name !== undefined)
      out.set(JSON.stringify(content), [...(out.get(JSON.stringify(content)) ?? []), name]);
  }
  return out;
}

export const dnsExposed: RiskRule = {
  id: "dns-exposed",
  title: "Origin exposed by DNS, or CAA loosened",
  explanation:
    "A record that is no longer proxied, or a new DNS-only one, publishes an address that answers without the WAF, rate limits or Access in front; a deleted CAA record or a new issuer lets more CAs issue certificates for the zone.",
  types: ["cloudflare_dns_record"],
  check: dnsExposures,
  relabel: (changes) => {
    const proxied = proxiedByContent(changes);
    return (detail) => {
      const i = detail.indexOf(DNS_ONLY);
      if (i < 0) return detail;
      const content = detail.slice(i + DNS_ONLY.length).split(" ")[0] ?? "";
      const names = proxied.get(content) ?? [];
      return names.length > 0 ? `${detail}; it is also the origin of proxied ${names.join(", ")}, which this bypasses` : detail;
    };
  },
};
