/**
 * A lifecycle configuration on the state bucket that expires objects undoes what versioning keeps
 * (docs/state.md): `expiration` makes S3 put a delete marker over the current state, so Terraform finds
 * none and plans to create everything again; `noncurrent_version_expiration` deletes the old versions
 * that are state's undo. Judged as the versioning rule is, on any bucket (golive makes only the state
 * bucket). A rule is flagged when it newly expires, or expires sooner, than the same rule (by `id`) did:
 * new, enabled, its days shortened, its date or filter changed. A value known only after apply is shown
 * as such, never read as no expiry.
 */
import type { ChangeView } from "../../core/plan/changes";
import { UNKNOWN } from "../../core/plan/values";
import { afterOf, at, items, num, show, str } from "../../platform/risks";

export const LIFECYCLE_TYPE = "aws_s3_bucket_lifecycle_configuration";

/** A nested block: a list of one in a plan (`expiration[0]`), the object itself in a configuration diff. */
export function nested(value: unknown, key: string): unknown {
  const inner = at(value, key);
  return Array.isArray(inner) ? inner[0] : inner;
}

/** What each kind of expiry deletes, with the attribute holding its days. */
const EXPIRIES = [
  {
    key: "expiration",
    days: "days",
    does: "expires objects",
    effect: "S3 puts a delete marker over the current state, and Terraform then finds no state",
  },
  {
    key: "noncurrent_version_expiration",
    days: "noncurrent_days",
    does: "deletes noncurrent versions",
    effect: "overwritten state is gone after that: versioning is its undo",
  },
] as const;

/** `after 90 days`, `on 2030-01-01T00:00:00Z`, or undefined when the block sets no expiry. */
function when(expiry: unknown, days: string): string | undefined {
  const [d, date] = [at(expiry, days), at(expiry, "date")];
  if (d === UNKNOWN || date === UNKNOWN) return "(known after apply)";
  const n = num(d);
  if (n !== undefined && n !== 0) return `after ${n} ${n === 1 ? "day" : "days"}`;
  if (typeof date === "string" && date !== "") return `on ${date}`;
  return undefined;
}

/** True unless the rule says Disabled: a status known only after apply, or an expression, may enable it. */
function enabled(rule: unknown): boolean {
  return at(rule, "status") !== "Disabled";
}

/** The same rule before (by id, else by place), when it was enabled. */
function earlier(rule: unknown, index: number, before: readonly unknown[]): unknown {
  const id = str(at(rule, "id"));
  const was = id !== undefined && id !== "" ? before.find((b) => str(at(b, "id")) === id) : before[index];
  return was !== undefined && enabled(was) ? was : undefined;
}

/** The filter a rule applies to (the `filter` block, or the deprecated top-level `prefix`), as text. */
function scope(rule: unknown): string {
  return JSON.stringify([at(rule, "filter") ?? null, at(rule, "prefix") ?? null]);
}

/** True when the expiry `was` already deleted as much as `now`: the same scope, no later, the same date. */
function noSooner(now: unknown, was: unknown, days: string, sameScope: boolean): boolean {
  if (!sameScope || was === undefined) return false;
  const [dNow, dWas] = [num(at(now, days)), num(at(was, days))];
  const datesAlike = show(at(now, "date") ?? null) === show(at(was, "date") ?? null);
  return datesAlike && (dNow === dWas || (dNow !== undefined && dWas !== undefined && dWas > 0 && dNow >= dWas));
}

export function lifecycleExpires(change: ChangeView, bucket: string): string[] {
  const after = afterOf(change);
  if (after === null) return [];
  const before = change.kind === "create" ? [] : items(at(change.before, "rule"));
  const out: string[] = [];
  for (const [i, rule] of items(at(after, "rule")).entries()) {
    if (!enabled(rule)) continue;
    const was = earlier(rule, i, before);
    const name = str(at(rule, "id")) || `#${i + 1}`;
    for (const { key, days, does, effect } of EXPIRIES) {
      const expiry = nested(rule, key);
      const timing = when(expiry, days);
      if (timing === undefined || noSooner(expiry, nested(was, key), days, was !== undefined && scope(was) === scope(rule))) continue;
      out.push(`bucket ${bucket}: lifecycle rule ${name} ${does} ${timing}: ${effect}`);
    }
  }
  return out;
}
