import type { ChangeView } from "../../../core/plan/changes";
import { bool, isRecord, strings } from "../../../core/json";
import { UNKNOWN } from "../../../core/plan/values";
import { afterOf, at, items, num, type RiskRule, str } from "../../../platform/risks";
import { expressionChange, managedChange, rateChange } from "./rule-changes";
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

export function ruleKey(rule: unknown, index: number): string {
  return str(at(rule, "ref")) ?? str(at(rule, "description")) ?? `#${index}`;
}

export function ruleName(rule: unknown, index: number): string {
  return JSON.stringify(str(at(rule, "description")) ?? str(at(rule, "ref")) ?? `rule ${index}`);
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
  out.push(...rateChange(b, a, name));
  const bt = num(at(b, "ratelimit", "mitigation_timeout"));
  const at_ = num(at(a, "ratelimit", "mitigation_timeout"));
  if (bt !== undefined && at_ !== undefined && at_ < bt) out.push(`${name} mitigation_timeout ${bt} -> ${at_}`);
  out.push(...managedChange(b, a, name));
  if (stops(b) && enabled(a)) out.push(...expressionChange(b, a, name));
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
  // A rule whose ref is known only after apply (`-> (known after apply)`) is not a removed rule: it is
  // matched by its description, the key ruleKey gives it.
  const refPending = new Map(afterRules.flatMap((r, i) => (at(r, "ref") === UNKNOWN ? [[ruleKey(r, i), r] as const] : [])));
  beforeRules.forEach((b, i) => {
    const name = ruleName(b, i);
    const a = afterByKey.get(ruleKey(b, i)) ?? refPending.get(str(at(b, "description")) ?? `#${i}`);
    if (a === undefined) out.push(`${phase}: ${name} removed`);
    else out.push(...compareRule(b, a, `${phase}: ${name}`));
  });
  out.push(...skipsAhead(phase, beforeRules, afterRules));
  return out;
}

const enabled = (rule: unknown): boolean => bool(at(rule, "enabled")) !== false;

/** An enabled rule that stops requests: block, a challenge, a managed ruleset's execution (an unknown action counts). */
function stops(rule: unknown): boolean {
  return enabled(rule) && (ACTION_STRENGTH[str(at(rule, "action")) ?? ""] ?? 4) > 0;
}

/**
 * Whether the skip rule `skip` keeps `target`, after it in the same ruleset, from running for the requests
 * it matches (lib/features/edge/skip-rules.ts): it skips the rest of the ruleset (`ruleset: "current"`),
 * or the managed ruleset `target` executes (`rulesets`, or single rules of it in `rules`). Parameters not
 * known yet (after apply, or an expression) may do either.
 */
function skipsPast(skip: unknown, target: unknown): boolean {
  if (!enabled(skip) || str(at(skip, "action")) !== "skip") return false;
  const params = at(skip, "action_parameters");
  if (!isRecord(params)) return params !== undefined && params !== null;
  const ruleset = params.ruleset;
  if (
    ruleset !== undefined &&
    ruleset !== null &&
    (typeof ruleset !== "string" || ruleset.toLowerCase() === "current" || templateText(ruleset))
  )
    return true;
  const executed = str(at(target, "action_parameters", "id"));
  return (
    executed !== undefined &&
    (strings(params.rulesets).includes(executed) || (isRecord(params.rules) && Object.hasOwn(params.rules, executed)))
  );
}

/** `"Skip the rest for the API" (api-skip)`: a rule by its description and ref, as far as it has them. */
function labelOf(rule: unknown, index: number): string {
  const [description, ref] = [str(at(rule, "description")), str(at(rule, "ref"))];
  if (description !== undefined && ref !== undefined && ref !== description) return `${JSON.stringify(description)} (${ref})`;
  return ruleName(rule, index);
}

const MAX_TARGETS = 3;

/**
 * Rules run in order: a skip rule now before a rule that stops requests, where it was not before (moved
 * ahead of it, new, turned into a skip or enabled), lets the requests it matches past that rule. Order
 * alone changes nothing else: protective rules or log rules reordered among themselves raise no flag, and
 * neither does a skip rule that skips only later phases (the phase's own flag, if any, is compareRule's).
 */
function skipsAhead(phase: string, beforeRules: readonly unknown[], afterRules: readonly unknown[]): string[] {
  const was = new Map(beforeRules.map((r, i) => [ruleKey(r, i), { rule: r, index: i }] as const));
  const out: string[] = [];
  afterRules.forEach((skip, i) => {
    const old = was.get(ruleKey(skip, i));
    const passed = afterRules.flatMap((target, j) => {
      const before = j > i ? was.get(ruleKey(target, j)) : undefined;
      if (before === undefined || before.rule === old?.rule || !stops(target) || !stops(before.rule) || !skipsPast(skip, target)) return [];
      const skippedBefore = old !== undefined && old.index < before.index && skipsPast(old.rule, before.rule);
      return skippedBefore ? [] : [`${str(at(target, "action")) ?? "?"} rule ${labelOf(target, j)}`];
    });
    if (passed.length === 0) return;
    const more = passed.length > MAX_TARGETS ? ` and ${passed.length - MAX_TARGETS} more` : "";
    const what = old === undefined ? `new skip rule ${labelOf(skip, i)} runs` : `skip rule ${labelOf(skip, i)} now runs`;
    out.push(
      `${phase}: ${what} before ${passed.slice(0, MAX_TARGETS).join(", ")}${more}: the requests it matches skip ${passed.length === 1 ? "it" : "them"}`,
    );
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
