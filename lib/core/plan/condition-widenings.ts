/**
 * How one statement's conditions let more through after a change than before: a condition an Allow no
 * longer requires or a Deny now needs, values that let more requests match an Allow or fewer a Deny.
 * policy.ts pairs the statements; this reads one pair.
 */
import { largest, smallest } from "./extremes";
import { unmatched, valueCounterpart } from "./condition-values";
import { type Statement, statementLabel } from "./policy-statements";

/** A condition's operator without its set qualifier and IfExists (`ForAnyValue:StringLikeIfExists k` -> `StringLike`). */
function baseOperator(opKey: string): string {
  return opKey
    .slice(0, opKey.indexOf(" "))
    .replace(/^For(?:Any|All)Value:/, "")
    .replace(/IfExists$/, "");
}

/** Condition operators whose values are a set to match (`StringEquals`, `ArnLike`, `IpAddress`, with ForAnyValue: or IfExists). */
export function matchOperator(opKey: string): { readonly negated: boolean } | undefined {
  const op = baseOperator(opKey);
  return /^(?:String|Arn|IpAddress|NotIpAddress)/.test(op) ? { negated: op.includes("Not") } : undefined;
}

/**
 * How a Bool, Numeric or Date condition's new values let more through (undefined: no wider, or not such
 * an operator). Values of one key are alternatives, so a `LessThan` test holds below the largest and a
 * `GreaterThan` above the smallest: a larger bound lets more requests match an Allow, a smaller one lets
 * fewer match a Deny (the reverse for GreaterThan). A changed Bool or Equals value matches other
 * requests than before: wider either way.
 */
function comparisonWidening(opKey: string, before: readonly string[], now: readonly string[], allow: boolean): string | undefined {
  const op = baseOperator(opKey);
  if (!/^(?:Bool|Numeric|Date)/.test(op)) return undefined;
  const same = before.length === now.length && before.every((v) => now.includes(v));
  if (same) return undefined;
  const asNumber = (v: string) => (op.startsWith("Date") ? Date.parse(v) : Number(v));
  const [was, is] = [before.map(asNumber), now.map(asNumber)];
  const less = /LessThan/.test(op);
  const greater = /GreaterThan/.test(op);
  if ((!less && !greater) || [...was, ...is].some(Number.isNaN)) return "matches other requests than before";
  // The bound the test holds against: the loosest alternative.
  const bound = (xs: number[]) => (less ? largest(xs) : smallest(xs));
  if (bound(is) === bound(was)) return undefined;
  const matchesMore = less ? bound(is) > bound(was) : bound(is) < bound(was);
  return matchesMore === allow ? (allow ? "lets more requests in" : "denies fewer requests") : undefined;
}

/**
 * How `now` lets more through than `was` by its conditions alone (they are one statement before and
 * after a change): an Allow requires a condition key no more, a Deny needs one more; values that let
 * more requests match an Allow or fewer match a Deny.
 */
export function conditionWidenings(was: Statement, now: Statement, skip: ReadonlySet<string>): string[] {
  const allow = now.effect === "Allow";
  const out: string[] = [];
  const [from, to] = allow ? [was, now] : [now, was];
  // A Deny's key moved between StringEquals and StringLike is compared by the strings it matches (below), not
  // read as a new condition. An Allow's is read as lifted, as before: its new values are flagged as lifted
  // requirements (and a `:sub` as new OIDC subjects), which says more than the values it adds.
  const moved = (k: string, own: Statement, other: Statement) =>
    allow ? undefined : valueCounterpart(k, own.conditions, other.conditions);
  const dropped = [...from.conditions.keys()].filter(
    (k) => !to.conditions.has(k) && !moved(k, from, to) && !skip.has(k.slice(k.indexOf(" ") + 1).toLowerCase()),
  );
  if (dropped.length > 0) {
    const list = dropped.join(", ");
    if (!allow) out.push(`${statementLabel(now)} now applies only when ${list}`);
    else
      out.push(
        now.conditions.size === 0
          ? `${statementLabel(now)} lost its whole Condition (${list})`
          : `${statementLabel(now)} no longer requires ${list}`,
      );
  }
  for (const [opKey, values] of now.conditions) {
    const wasKey = moved(opKey, now, was);
    if (wasKey) {
      const lost = unmatched(wasKey, was.conditions.get(wasKey) ?? [], opKey, values);
      if (lost.length > 0)
        out.push(`${statementLabel(now)}: ${opKey} (was ${wasKey.slice(0, wasKey.indexOf(" "))}) no longer matches ${lost.join(", ")}`);
      continue;
    }
    const before = was.conditions.get(opKey);
    if (!before) continue;
    const compared = comparisonWidening(opKey, before, values, allow);
    if (compared) out.push(`${statementLabel(now)}: ${opKey} ${before.join(", ")} -> ${values.join(", ")}: ${compared}`);
    const op = matchOperator(opKey);
    if (!op) continue;
    // More values match more requests: wider for an Allow, narrower for a Deny; the reverse for Not operators.
    const wider = allow !== op.negated ? values.filter((v) => !before.includes(v)) : before.filter((v) => !values.includes(v));
    const subjects = allow && !op.negated && opKey.toLowerCase().endsWith(":sub"); // named as new OIDC subjects already
    if (wider.length > 0 && !subjects)
      out.push(`${statementLabel(now)}: ${opKey} ${allow !== op.negated ? "adds" : "drops"} ${wider.join(", ")}`);
  }
  return out;
}
