import { CUSTOM_PHASE, phaseRules, type RulesetRule } from "./rulesets";
import { appHostnames } from "./resources";
import { matchMayHit, readMatch } from "./expression-match";
import type { EnvView } from "../../core/readiness/model";
import { at, isRecord, str, strings } from "../../core/readiness/values";

/**
 * Skip rules: what stops a protective rule from running for some requests. A rule with action `skip`
 * (ruleset schema.go:967-1063 @ v5.14.0; developers.cloudflare.com/waf/custom-rules/skip/options/) can
 * - in http_request_firewall_custom, skip whole later phases (`phases`: http_ratelimit,
 *   http_request_firewall_managed, http_request_sbfm), which run after it;
 * - skip the rest of its own ruleset (`ruleset: "current"`): the rules after it;
 * - in http_request_firewall_managed (WAF exceptions), skip executions of managed rulesets
 *   (`rulesets`) or single rules of them (`rules`: ruleset id -> rule ids).
 * `products` skips only the previous versions of the WAF and rate limiting, which golive does not use.
 */
export interface SkipRule extends RulesetRule {
  readonly expression: string;
}

/** Enabled skip rules of a phase. */
function skipRules(view: EnvView, phase: string): SkipRule[] {
  return phaseRules(view, phase)
    .filter(({ rule }) => rule.action === "skip")
    .map((rr) => ({ ...rr, expression: str(rr.rule.expression) ?? "" }));
}

/** True when `skip` runs before `target`: earlier in the same ruleset, or in another ruleset of the phase (order unknown: assume before). */
function before(skip: RulesetRule, target: RulesetRule): boolean {
  return skip.ruleset.address !== target.ruleset.address || skip.index < target.index;
}

function lowerAll(value: unknown): string[] {
  return strings(value).map((s) => s.toLowerCase());
}

/**
 * Skip rules that can keep `target` (a rule of `phase`) from running: a custom rule skipping the whole
 * phase, or a rule before it in the phase skipping the rest of its ruleset or (for an execute rule) the
 * managed ruleset it runs, whole or single rules of it (`rules`: ruleset id -> rule ids; any exception
 * is a finding). `also` adds phase-specific reasons (OWASP's score rule skipped by id).
 */
export function skipsOf(view: EnvView, phase: string, target: RulesetRule, also?: (skip: SkipRule) => boolean): SkipRule[] {
  const out: SkipRule[] = [];
  if (phase !== CUSTOM_PHASE)
    for (const s of skipRules(view, CUSTOM_PHASE)) if (lowerAll(at(s.rule, "action_parameters", "phases")).includes(phase)) out.push(s);
  const executed = str(at(target.rule, "action_parameters", "id"));
  for (const s of skipRules(view, phase)) {
    if (!before(s, target)) continue;
    const params = at(s.rule, "action_parameters");
    const current = (str(at(params, "ruleset")) ?? "").toLowerCase() === "current" && s.ruleset.address === target.ruleset.address;
    const ruleset = executed !== undefined && strings(at(params, "rulesets")).includes(executed);
    const rules = at(params, "rules");
    const single = executed !== undefined && isRecord(rules) && Object.hasOwn(rules, executed);
    if (current || ruleset || single || also?.(s)) out.push(s);
  }
  return out;
}

/** The skip rules among `skips` whose expression may match a request to `path` (undefined: any path) on an app hostname. */
export function skipsHitting(view: EnvView, skips: readonly SkipRule[], path?: string): SkipRule[] {
  const hosts = appHostnames(view).map((h) => h.host);
  return skips.filter((s) => matchMayHit(readMatch(s.expression), path, hosts));
}

/** `rules[2] (ref) of cloudflare_ruleset.X`: how a finding names a rule. */
export function ruleName({ ruleset, rule, index }: RulesetRule): string {
  const ref = str(rule.ref);
  return `rules[${index}]${ref ? ` (${ref})` : ""} of ${ruleset.address}`;
}

/** "skipped for requests matching <expr> by rules[0] (x) of cloudflare_ruleset.Y": one clause per skip rule. */
export function skippedBy(skips: readonly SkipRule[]): string {
  return skips.map((s) => `skipped for requests matching \`${s.expression}\` by ${ruleName(s)}`).join("; ");
}
