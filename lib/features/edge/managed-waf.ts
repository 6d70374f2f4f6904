import { phaseFinding, phaseProblems, phaseRules, type RulesetRule } from "./rulesets";
import { appHostnames } from "./resources";
import { matchCovers, readMatch } from "./expression-match";
import { ruleName, type SkipRule, skippedBy, skipsHitting, skipsOf } from "./skip-rules";
import { type EnvView, resourceFinding } from "../../core/readiness/model";
import { outcome, type RuleOutcome } from "../../platform/readiness";
import { at, bool, records, str, strings } from "../../core/readiness/values";

export const MANAGED_PHASE = "http_request_firewall_managed";

/** Actions that stop a request; `log` (and anything else) only watches it pass. */
export const ENFORCING_ACTIONS: readonly string[] = ["block", "managed_challenge", "js_challenge", "challenge"];

/** What a rule- or category-level override does to the rules it reaches (undefined: they still run and block). */
function weakened(override: Readonly<Record<string, unknown>>, what: string, where: string): string | undefined {
  if (bool(override.enabled) === false) return `turns ${what} off (${where}.enabled = false)`;
  const action = str(override.action)?.toLowerCase();
  if (action !== undefined && !ENFORCING_ACTIONS.includes(action))
    return `gives ${what} action ${JSON.stringify(action)}, so they do not block`;
  return undefined;
}

/**
 * Category and rule overrides that switch rules off or keep them from blocking: they take precedence
 * over the ruleset-level override (rules over categories over the ruleset: ruleset schema.go:298-330
 * @ v5.14.0), and an override disabling a rule is the same exception as a skip rule skipping it
 * (skip-rules.ts), so any one is a finding. Turning the paranoia-level categories of OWASP off is how
 * a paranoia level is set (developers.cloudflare.com/waf/managed-rules/reference/owasp-core-ruleset/
 * configure-api/): with all four off nothing scores. golive writes none of these but OWASP's score rule
 * (blocking), whose override `judged` names so its own reader words it.
 */
function overrideProblems(overrides: unknown, judged: readonly string[]): string[] {
  const problems: string[] = [];
  for (const c of records(at(overrides, "categories"))) {
    const why = weakened(c, `the rules of category ${JSON.stringify(c.category ?? null)}`, "overrides.categories[]");
    if (why !== undefined) problems.push(why);
  }
  for (const r of records(at(overrides, "rules"))) {
    if (judged.includes(str(r.id) ?? "")) continue;
    const why = weakened(r, `rule ${JSON.stringify(r.id ?? null)}`, "overrides.rules[]");
    if (why !== undefined) problems.push(why);
  }
  return problems;
}

/** One `execute` of a managed ruleset and what keeps it from protecting every request ([] when nothing does). */
export interface ManagedExecution {
  readonly rule: RulesetRule;
  readonly problems: readonly string[];
}

/**
 * What keeps an `execute` rule from running its ruleset on every request to the app:
 * - an expression that does not provably match every request on every app hostname (`true`, or an
 *   http.host clause naming them all: expression-match.ts);
 * - `overrides.enabled = false` (every rule of the ruleset off; rule and category overrides that turn
 *   single rules back on leave the rest off) or an `overrides.action` that does not block, e.g. "log"
 *   (ruleset schema.go:282-430 @ v5.14.0: ruleset-level overrides have the lowest precedence, so they
 *   apply to every rule not overridden one by one);
 * - a category or rule override that turns rules off or to log (overrideProblems);
 * - a skip rule that may match requests to an app hostname (skip-rules.ts). A skip rule is how a WAF
 *   exception is written; any exception is a finding here, and a deliberate one is exempted with its reason.
 * `extra` adds ruleset-specific problems (OWASP's score rule), and names the rules whose overrides it judges.
 */
export function managedExecutions(
  view: EnvView,
  rulesetIds: readonly string[],
  extra: (rule: RulesetRule) => {
    problems: string[];
    skips?: (skip: SkipRule) => boolean;
    judged?: readonly string[];
  } = () => ({ problems: [] }),
): ManagedExecution[] {
  const hosts = appHostnames(view).map((h) => h.host);
  return phaseRules(view, MANAGED_PHASE)
    .filter(({ rule }) => rule.action === "execute" && rulesetIds.includes(str(at(rule, "action_parameters", "id")) ?? ""))
    .map((rr) => {
      const problems: string[] = [];
      const expression = str(rr.rule.expression) ?? "";
      if (!matchCovers(readMatch(expression), undefined, hosts))
        problems.push(
          `runs only for requests matching \`${expression}\`, which could not be verified to match every request to every app hostname`,
        );
      const overrides = at(rr.rule, "action_parameters", "overrides");
      if (bool(at(overrides, "enabled")) === false) problems.push("has overrides.enabled = false, which turns its rules off");
      const action = str(at(overrides, "action"));
      if (action !== undefined && !ENFORCING_ACTIONS.includes(action))
        problems.push(`has overrides.action = ${JSON.stringify(action)}, so its rules do not block`);
      const more = extra(rr);
      problems.push(...overrideProblems(overrides, more.judged ?? []), ...more.problems);
      const skips = skipsHitting(view, skipsOf(view, MANAGED_PHASE, rr, more.skips));
      if (skips.length > 0) problems.push(`is ${skippedBy(skips)}`);
      return { rule: rr, problems };
    });
}

/** The override of one rule of an executed ruleset (`overrides.rules[]` entry with that id). */
export function ruleOverride(rr: RulesetRule, ruleId: string): Readonly<Record<string, unknown>> | undefined {
  return records(at(rr.rule, "action_parameters", "overrides", "rules")).find((o) => o.id === ruleId);
}

/** A skip rule that skips `ruleId` of `rulesetId` (`action_parameters.rules`: ruleset id -> rule ids). */
export function skipsRule(skip: SkipRule, rulesetId: string, ruleId: string): boolean {
  return strings(at(skip.rule, "action_parameters", "rules", rulesetId)).includes(ruleId);
}

/** `rules[0] (managed_owasp) of cloudflare_ruleset.X runs the <what> but <problems>`. */
function executionMessage(execution: ManagedExecution, what: string): string {
  return `${ruleName(execution.rule)} runs the ${what} but ${execution.problems.join("; ")}`;
}

/**
 * GL-EDGE-006/007: compliant when one execution protects every request, and no rule of the managed
 * phase (or custom skip rule) is unreadable or in another zone (phaseProblems); else every reason.
 */
export function managedOutcome(view: EnvView, executions: readonly ManagedExecution[], what: string, missing: string): RuleOutcome {
  const problems = phaseProblems(view, MANAGED_PHASE);
  if (executions.some((e) => e.problems.length === 0)) return outcome(problems);
  if (executions.length === 0) return outcome([...problems, phaseFinding(view, MANAGED_PHASE, missing)]);
  return outcome([...problems, ...executions.map((e) => resourceFinding(e.rule.ruleset, executionMessage(e, what)))]);
}
