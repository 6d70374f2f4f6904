/**
 * Which values hidden by Terraform's sensitivity marks a risk rule read. A rule sees a sensitive value
 * as SENSITIVE (values.ts), which is no number or string: an alarm whose `evaluation_periods` is marked
 * sensitive has no detection time, so "fires after 120s -> 1800s" would silently become no flag. A rule
 * cannot judge what it cannot read, so the report says so instead (risks.ts): the reads are noted while
 * the rule runs, on the masked values it is given, never on the values themselves.
 */
import type { ChangeView } from "../../core/plan/changes";
import { isRecord } from "../../core/json";
import { SENSITIVE } from "../../core/plan/values";

/** True when a masked value holds SENSITIVE anywhere (most do not: they are read as they are). */
function holdsSensitive(value: unknown): boolean {
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (v === SENSITIVE) return true;
    if (Array.isArray(v)) for (const item of v) todo.push(item);
    else if (isRecord(v)) for (const k in v) todo.push(v[k]);
  }
  return false;
}

/** `path.key`, `path[0]`, or `path["a key"]` for a key that is no identifier. */
function pathOf(path: string, key: string, inList: boolean): string {
  if (inList && /^\d+$/.test(key)) return `${path}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * `value` as a rule reads it: the same data, each read of a SENSITIVE below it noted in `into` as
 * `path (side)`. Objects are wrapped once, so a value read twice is the same object both times.
 */
function tracked(value: object, path: string, side: string, into: Set<string>, seen: WeakMap<object, object>): object {
  const known = seen.get(value);
  if (known) return known;
  const inList = Array.isArray(value);
  const proxy = new Proxy(value, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== "string") return v;
      if (v === SENSITIVE) into.add(`${pathOf(path, key, inList)} (${side})`);
      else if (typeof v === "object" && v !== null && !Object.isFrozen(target))
        return tracked(v, pathOf(path, key, inList), side, into, seen);
      return v;
    },
  });
  seen.set(value, proxy);
  return proxy;
}

/** One side of a change as a rule reads it; a value hidden whole is noted as soon as the rule is given it. */
function side(value: unknown, name: string, into: Set<string>): unknown {
  if (value === SENSITIVE) {
    into.add(`the whole value (${name})`);
    return value;
  }
  return typeof value === "object" && value !== null && holdsSensitive(value) ? tracked(value, "", name, into, new WeakMap()) : value;
}

/**
 * What `read` returns for this change, and the values hidden by sensitivity it read on the way
 * (`evaluation_periods (after)`), in the order first read. A change without sensitive values is read as
 * it is.
 */
export function readingHidden<T>(
  change: ChangeView,
  read: (view: ChangeView) => T,
): { readonly result: T; readonly hidden: readonly string[] } {
  const hidden = new Set<string>();
  const before = side(change.before, "before", hidden);
  const after = side(change.after, "after", hidden);
  const view = before === change.before && after === change.after ? change : { ...change, before, after };
  return { result: read(view), hidden: [...hidden] };
}
