import type { ChangeView } from "../../../core/plan/changes";
import { bool } from "../../../core/json";
import { afterOf, at, items, num, type RiskRule, show, str } from "../../../platform/risks";
import { templateText } from "./template";

/** Phases whose rules protect the app; other rulesets (redirects, headers) are not security controls. */
export const PROTECTIVE_PHASES: ReadonlySet<string> = new Set([
  "http_request_firewall_managed",
  "http_request_firewall_custom",
  "http_ratelimit",
]);

/** How strongly an action stops a request; a lower number after the change is a loosening. */
const ACTION_STRENGTH: Readonly<Record<string, number>> = {
  block: 4,
  managed_challenge: 3,
  challenge: 3,
  js_challenge: 2,
  execute: 4,
  log: 0,
  skip: 0,
};

function ruleKey(rule: unknown, index: number): string {
  return str(at(rule, "ref")) ?? str(at(rule, "description")) ?? `#${index}`;
}

function ruleName(rule: unknown, index: number): string {
  return JSON.stringify(str(at(rule, "description")) ?? str(at(rule, "ref")) ?? `rule ${index}`);
}

/** Disabled overrides and log actions inside a managed ruleset's overrides. */
function overrideLooseness(rule: unknown): number {
  const text = JSON.stringify(at(rule, "action_parameters", "overrides") ?? null) ?? "";
  return (text.match(/"enabled":false/g) ?? []).length + (text.match(/"action":"log"/g) ?? []).length;
}

function rate(rule: unknown): number | undefined {
  const requests = num(at(rule, "ratelimit", "requests_per_period"));
  const period = num(at(rule, "ratelimit", "period"));
  return requests !== undefined && period !== undefined && period > 0 ? requests / period : undefined;
}

function compareRule(b: unknown, a: unknown, name: string): string[] {
  const out: string[] = [];
  // "false" is false to Terraform; a template (`"${false}"`) may be.
  const [wasEnabled, isEnabled] = [at(b, "enabled"), at(a, "enabled")];
  if (bool(wasEnabled) !== false && bool(isEnabled) === false) out.push(`${name} disabled`);
  else if (bool(wasEnabled) !== false && templateText(isEnabled) !== undefined && isEnabled !== wasEnabled)
    out.push(`${name} enabled set by the expression ${templateText(isEnabled)}: may disable it`);
  const ba = str(at(b, "action"));
  const aa = str(at(a, "action"));
  if (ba && aa && (ACTION_STRENGTH[aa] ?? 4) < (ACTION_STRENGTH[ba] ?? 4)) out.push(`${name} action ${ba} -> ${aa}`);
  const br = num(at(b, "ratelimit", "requests_per_period"));
  const ar = num(at(a, "ratelimit", "requests_per_period"));
  const bRate = rate(b);
  const aRate = rate(a);
  if (br !== undefined && ar !== undefined && ar > br) out.push(`${name} requests_per_period ${br} -> ${ar}`);
  else if (bRate !== undefined && aRate !== undefined && aRate > bRate) {
    out.push(
      `${name} allowed rate up: ${show(at(b, "ratelimit", "requests_per_period"))}/${show(at(b, "ratelimit", "period"))}s -> ${show(at(a, "ratelimit", "requests_per_period"))}/${show(at(a, "ratelimit", "period"))}s`,
    );
  }
  const bt = num(at(b, "ratelimit", "mitigation_timeout"));
  const at_ = num(at(a, "ratelimit", "mitigation_timeout"));
  if (bt !== undefined && at_ !== undefined && at_ < bt) out.push(`${name} mitigation_timeout ${bt} -> ${at_}`);
  if (overrideLooseness(a) > overrideLooseness(b)) out.push(`${name} managed ruleset overrides now disable or only log more rules`);
  return out;
}

function firewallLoosenings(change: ChangeView): string[] {
  const phase = str(at(change.before, "phase"));
  if (phase === undefined || !PROTECTIVE_PHASES.has(phase)) return [];
  const beforeRules = items(at(change.before, "rules"));
  const after = afterOf(change);
  if (after === null) return [`${phase} ruleset deleted: ${beforeRules.length} rule${beforeRules.length === 1 ? "" : "s"} gone`];
  const afterValue = at(after, "rules");
  const template = templateText(afterValue);
  if (template !== undefined && beforeRules.length > 0 && afterValue !== at(change.before, "rules"))
    return [`${phase}: rules set by the expression ${template}: the ${beforeRules.length} rule(s) may be gone`];
  if (afterValue !== undefined && !Array.isArray(afterValue)) return []; // unknown until apply
  const afterRules = items(afterValue);
  const out: string[] = [];
  if (afterRules.length < beforeRules.length) out.push(`${phase}: rule count ${beforeRules.length} -> ${afterRules.length}`);
  const afterByKey = new Map(afterRules.map((r, i) => [ruleKey(r, i), r]));
  beforeRules.forEach((b, i) => {
    const name = ruleName(b, i);
    const a = afterByKey.get(ruleKey(b, i));
    if (a === undefined) out.push(`${phase}: ${name} removed`);
    else out.push(...compareRule(b, a, `${phase}: ${name}`));
  });
  return out;
}

export const firewallLoosened: RiskRule = {
  id: "waf-loosened",
  title: "WAF or rate-limit rule removed or loosened",
  explanation: "Removed, disabled or log-only rules and higher rate limits let attacks and abuse reach the app.",
  types: ["cloudflare_ruleset"],
  check: firewallLoosenings,
};
