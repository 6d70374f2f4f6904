import type { ChangeView } from "../../../core/plan/changes";
import { isRecord } from "../../../core/json";
import { bool } from "../../../core/json";
import { afterOf, at, num, type RiskRule, show, str } from "../../../platform/risks";
import { configRuleLowerings, SSL_RANK } from "./config-rules";
import { templateText } from "./template";

function settingId(change: ChangeView): string | undefined {
  return str(at(change.before, "setting_id")) ?? str(at(change.after, "setting_id"));
}

function gone(id: string): string[] {
  return [`${id} deleted from the config: no longer enforced, anyone can lower it in the dashboard unnoticed`];
}

function tlsLowerings(change: ChangeView): string[] {
  if (change.type === "cloudflare_ruleset") return configRuleLowerings(change);
  const id = settingId(change);
  if (id !== "ssl" && id !== "min_tls_version") return [];
  const before = at(change.before, "value");
  if (afterOf(change) === null) return before === undefined ? [] : gone(id);
  const after = at(change.after, "value");
  const template = templateText(after);
  if (template !== undefined && after !== before) return [`${id} set by the expression ${template}: may be lowered`];
  if (id === "ssl") {
    const b = SSL_RANK[str(before) ?? ""];
    const a = SSL_RANK[str(after) ?? ""];
    return b !== undefined && a !== undefined && a < b ? [`ssl lowered: ${show(before)} -> ${show(after)}`] : [];
  }
  const b = num(before);
  const a = num(after);
  return b !== undefined && a !== undefined && a < b ? [`min_tls_version lowered: ${show(before)} -> ${show(after)}`] : [];
}

export const tlsLowered: RiskRule = {
  id: "tls-lowered",
  title: "SSL mode or minimum TLS lowered",
  explanation:
    "A lower SSL mode exposes origin traffic; a lower minimum TLS version re-enables broken protocols; a configuration rule's ssl or security_level below the zone's lowers them for the requests it matches.",
  types: ["cloudflare_zone_setting", "cloudflare_ruleset"],
  check: tlsLowerings,
};

function hstsWeakenings(change: ChangeView): string[] {
  if (settingId(change) !== "security_header") return [];
  const b = at(change.before, "value", "strict_transport_security");
  if (b === undefined || bool(at(b, "enabled")) !== true) return [];
  if (afterOf(change) === null) return gone("security_header (HSTS)");
  const value = at(change.after, "value");
  const template = templateText(value);
  if (template !== undefined) return [`security_header set by the expression ${template}: may turn HSTS off`];
  if (!isRecord(value)) return []; // unknown until apply or sensitive: nothing to compare
  const a = value.strict_transport_security;
  // "false" is false to Terraform; a template (`"${false}"`) may be.
  if (a === undefined || a === null || bool(at(a, "enabled")) === false) return ["HSTS turned off"];
  const enabled = templateText(at(a, "enabled"));
  if (enabled !== undefined) return [`HSTS enabled set by the expression ${enabled}: may turn it off`];
  const out: string[] = [];
  const bAge = num(at(b, "max_age"));
  const aAge = num(at(a, "max_age"));
  if (bAge !== undefined && aAge !== undefined && aAge < bAge) out.push(`HSTS max_age lowered: ${bAge} -> ${aAge}`);
  if (bool(at(b, "include_subdomains")) === true && bool(at(a, "include_subdomains")) === false)
    out.push("HSTS include_subdomains turned off");
  return out;
}

export const hstsOff: RiskRule = {
  id: "hsts-off",
  title: "HSTS off or weakened",
  explanation: "Without HSTS, browsers accept a first plain-HTTP request that an attacker can intercept.",
  types: ["cloudflare_zone_setting"],
  check: hstsWeakenings,
};
