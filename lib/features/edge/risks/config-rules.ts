import type { ChangeView } from "../../../core/plan/changes";
import { bool } from "../../../core/json";
import { afterOf, at, items, show, str } from "../../../platform/risks";
import { ruleKey, ruleName } from "./firewall";
import { templateText } from "./template";
import { ZONE_SSL_MODE } from "../zone-settings";

/** SSL modes, weakest first (the zone setting `ssl` and a configuration rule's `ssl`). */
export const SSL_RANK: Readonly<Record<string, number>> = { off: 0, flexible: 1, full: 2, strict: 3, origin_pull: 3 };

/** Cloudflare's security levels, weakest first; unset is the zone's, medium by default. */
const SECURITY_RANK: Readonly<Record<string, number>> = { off: 0, essentially_off: 1, low: 2, medium: 3, high: 4, under_attack: 5 };
const ZONE_SECURITY = "medium";

function lowered(
  name: string,
  key: string,
  rank: Readonly<Record<string, number>>,
  fallback: string,
  before: unknown,
  after: unknown,
): string[] {
  const [b, a] = [at(before, "action_parameters", key), at(after, "action_parameters", key)];
  if (a === undefined || a === null || a === b) return [];
  const template = templateText(a);
  if (template !== undefined) return [`${name} ${key} set by the expression ${template}: may be lowered`];
  const was = rank[str(b) ?? fallback];
  const now = rank[str(a) ?? ""];
  if (was === undefined || now === undefined || now >= was) return [];
  const from = b === undefined || b === null ? `the zone's ${fallback}` : show(b);
  return [`${name} ${key} lowered: ${from} -> ${show(a)} for the requests it matches`];
}

/**
 * A configuration rule (phase http_config_settings) overrides zone settings for the requests it matches:
 * `ssl` below the zone's strict, or a lower `security_level`, lowers them there as the zone setting would.
 */
export function configRuleLowerings(change: ChangeView): string[] {
  const after = afterOf(change);
  if (after === null || str(at(after, "phase")) !== "http_config_settings") return [];
  const was = new Map(items(at(change.before, "rules")).map((r, i) => [ruleKey(r, i), r]));
  return items(at(after, "rules")).flatMap((rule, i) => {
    if (bool(at(rule, "enabled")) === false) return [];
    // A rule that was off lowered nothing before: compare with the zone's values.
    const old = was.get(ruleKey(rule, i));
    const before = old !== undefined && bool(at(old, "enabled")) !== false ? old : undefined;
    const name = `http_config_settings: ${ruleName(rule, i)}`;
    return [
      // golive pins the zone's SSL mode: a configuration rule's `ssl` below it lowers it for what it matches.
      ...lowered(name, "ssl", SSL_RANK, ZONE_SSL_MODE, before, rule),
      ...lowered(name, "security_level", SECURITY_RANK, ZONE_SECURITY, before, rule),
    ];
  });
}
