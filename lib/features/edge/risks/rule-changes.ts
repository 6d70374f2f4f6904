import { bool, isRecord } from "../../../core/json";
import { UNKNOWN } from "../../../core/plan/values";
import { at, items, num, show, str } from "../../../platform/risks";
import { templateText } from "./template";

/** Expressions that match no request: a rule with one stops nothing. */
const NEVER = new Set(["false", "not true", "(false)"]);

/**
 * A protective rule's expression says which requests it stops: any change can let some through, and
 * whether the new one matches what the old did is for a reviewer to read. `false` matches nothing.
 */
export function expressionChange(b: unknown, a: unknown, name: string): string[] {
  const [was, now] = [at(b, "expression"), at(a, "expression")];
  if (was === now || now === UNKNOWN || now === undefined) return [];
  const text = str(now);
  if (text !== undefined && NEVER.has(text.trim().toLowerCase())) return [`${name} expression now ${show(now)}: it matches no request`];
  const template = templateText(now);
  if (template !== undefined) return [`${name} expression set by the expression ${template}: may match nothing`];
  return [`${name} expression changed: review it matches what it did (was ${show(was)})`];
}

/** Each override of a managed ruleset, by rule or category id (else its place), with its values. */
function overrides(rule: unknown): Map<string, unknown> {
  const params = at(rule, "action_parameters", "overrides");
  const out = new Map<string, unknown>([["(ruleset)", params]]);
  for (const key of ["rules", "categories"])
    for (const [i, o] of items(at(params, key)).entries()) out.set(`${key} ${str(at(o, "id")) ?? str(at(o, "category")) ?? `#${i}`}`, o);
  return out;
}

/** Disabled ("false" is false, as Terraform reads it) or log-only overrides of a managed ruleset. */
function looseness(rule: unknown): number {
  let n = 0;
  for (const o of overrides(rule).values()) {
    if (!isRecord(o)) continue;
    if (bool(o.enabled) === false) n++;
    if (str(o.action) === "log") n++;
  }
  return n;
}

/**
 * A managed ruleset's execution: another ruleset run (`action_parameters.id`), a higher anomaly score
 * threshold (OWASP blocks only at a higher score: fewer requests), more overrides disabled or log-only.
 */
export function managedChange(b: unknown, a: unknown, name: string): string[] {
  const out: string[] = [];
  const [was, now] = [at(b, "action_parameters", "id"), at(a, "action_parameters", "id")];
  if (str(was) !== undefined && now !== UNKNOWN && now !== was)
    out.push(`${name} runs another managed ruleset: id ${show(was)} -> ${show(now)}`);
  const before = overrides(b);
  for (const [key, o] of overrides(a)) {
    const [t0, t1] = [num(at(before.get(key), "score_threshold")), num(at(o, "score_threshold"))];
    if (t0 !== undefined && t1 !== undefined && t1 > t0)
      out.push(`${name} ${key} score_threshold raised: ${t0} -> ${t1} (blocks fewer requests)`);
  }
  if (looseness(a) > looseness(b)) out.push(`${name} managed ruleset overrides now disable or only log more rules`);
  return out;
}

function rate(rule: unknown): number | undefined {
  const requests = num(at(rule, "ratelimit", "requests_per_period"));
  const period = num(at(rule, "ratelimit", "period"));
  return requests !== undefined && period !== undefined && period > 0 ? requests / period : undefined;
}

const perPeriod = (rule: unknown) => `${show(at(rule, "ratelimit", "requests_per_period"))}/${show(at(rule, "ratelimit", "period"))}s`;

/**
 * A rate limit allows more when its rate (requests per second) goes up, whatever the count does: 30 per
 * 60s -> 60 per 3600s is 30 times stricter. Counted per other characteristics (per colo instead of per
 * IP), or only for requests a new counting_expression matches, it may let more through.
 */
export function rateChange(b: unknown, a: unknown, name: string): string[] {
  const out: string[] = [];
  const [bRate, aRate] = [rate(b), rate(a)];
  const [br, ar] = [num(at(b, "ratelimit", "requests_per_period")), num(at(a, "ratelimit", "requests_per_period"))];
  if (bRate !== undefined && aRate !== undefined) {
    if (aRate > bRate) {
      const samePeriod = num(at(b, "ratelimit", "period")) === num(at(a, "ratelimit", "period"));
      out.push(samePeriod ? `${name} requests_per_period ${br} -> ${ar}` : `${name} allowed rate up: ${perPeriod(b)} -> ${perPeriod(a)}`);
    }
  } else if (br !== undefined && ar !== undefined && ar > br) out.push(`${name} requests_per_period ${br} -> ${ar}`);
  const [bc, ac] = [at(b, "ratelimit", "characteristics"), at(a, "ratelimit", "characteristics")];
  const key = (v: unknown) => JSON.stringify(items(v).map(String).sort());
  if (Array.isArray(bc) && Array.isArray(ac) && key(bc) !== key(ac))
    out.push(`${name} characteristics ${JSON.stringify(bc)} -> ${JSON.stringify(ac)}: requests are counted per another key`);
  const [bx, ax] = [at(b, "ratelimit", "counting_expression"), at(a, "ratelimit", "counting_expression")];
  if (str(ax) !== undefined && str(ax) !== "" && ax !== bx)
    out.push(`${name} counting_expression ${show(bx)} -> ${show(ax)}: only the requests it matches count`);
  return out;
}
