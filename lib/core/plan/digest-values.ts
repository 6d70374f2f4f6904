import { isRecord } from "../json";
import { exactDigits, isExactNumber } from "./exact-numbers";
import { canonicalJson } from "./json-attributes";
import { coversAll, marksLeaf } from "./marks";
import type { PlanChange } from "./schema";

/**
 * What a change's values put into its digest (digest.ts): the object before it as canonical JSON with
 * sensitive values masked, the attributes it sets, and the paths Terraform marks sensitive. The walks
 * are iterative: a plan's values have no depth limit.
 */

const SENSITIVE = { sensitive: true };
const UNKNOWN = { unknown: true };

function child(mask: unknown, key: string | number): unknown {
  if (coversAll(mask)) return true;
  if (Array.isArray(mask) && typeof key === "number") return mask[key];
  if (isRecord(mask) && typeof key === "string") return mask[key];
  return undefined;
}

function pick(v: unknown, k: string | number): unknown {
  return Array.isArray(v) && typeof k === "number" ? v[k] : isRecord(v) ? v[String(k)] : undefined;
}

function same(a: unknown, b: unknown): boolean {
  if ((typeof a !== "object" || a === null) && (typeof b !== "object" || b === null)) return (a ?? null) === (b ?? null);
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** A path one key deeper: `/"name"` or `/0`, so a key holding `/` or digits reads as one key. */
function segment(path: string, key: string | number): string {
  return `${path}/${JSON.stringify(key)}`;
}

/** Stands for a sensitive value in maskedJson: raw NUL never occurs in JSON text, so no value reads as it. */
const SENSITIVE_TEXT = "\u0000sensitive";

/**
 * An object as canonical JSON (keys sorted), sensitive values as a marker, a number as the plan wrote
 * it (exact-numbers.ts): what the review reads of it before a change (its risk rules look at unchanged
 * values too: a record's name, a policy's other statements). Iterative, so no depth limit; written as
 * text, not leaves, as it runs for every change.
 */
export function maskedJson(value: unknown, sensitive: unknown): string {
  const out: string[] = [];
  const todo: (string | { v: unknown; s: unknown })[] = [{ v: value, s: sensitive }];
  while (todo.length > 0) {
    const task = todo.pop() as (typeof todo)[number];
    if (typeof task === "string") {
      out.push(task);
      continue;
    }
    const { v, s } = task;
    if (marksLeaf(v, s) && v !== null && v !== undefined) out.push(SENSITIVE_TEXT);
    else if (Array.isArray(v)) {
      out.push("[");
      todo.push("]");
      for (let i = v.length - 1; i >= 0; i--) {
        todo.push({ v: v[i], s: child(s, i) });
        if (i > 0) todo.push(",");
      }
    } else if (isRecord(v)) {
      const keys = Object.keys(v).sort();
      out.push("{");
      todo.push("}");
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] ?? "";
        todo.push({ v: v[k], s: child(s, k) }, `${JSON.stringify(k)}:`);
        if (i > 0) todo.push(",");
      }
    } else out.push(isExactNumber(v) ? exactDigits(v) : JSON.stringify(v ?? null));
  }
  return out.join("");
}

/**
 * The attributes a change sets: `[path, value]` for every leaf whose value differs from before (all
 * leaves for a create), with sensitive and unknown values as markers. Iterative: no depth limit.
 */
export function setLeaves(change: PlanChange, creates: boolean): [string, unknown][] {
  const out: [string, unknown][] = [];
  const todo: { b: unknown; a: unknown; as: unknown; au: unknown; path: string }[] = [
    { b: creates ? null : change.before, a: change.after, as: change.after_sensitive, au: change.after_unknown, path: "" },
  ];
  while (todo.length > 0) {
    const { b, a, as, au, path } = todo.pop() as (typeof todo)[number];
    if (coversAll(au)) out.push([path, UNKNOWN]);
    else if (marksLeaf(a, as)) {
      if (!same(b, a)) out.push([path, SENSITIVE]);
    } else if (Array.isArray(a) || isRecord(a) || Array.isArray(au) || isRecord(au)) {
      const keys = new Set<string | number>();
      for (const v of [a, au, b])
        if (Array.isArray(v)) for (let i = 0; i < v.length; i++) keys.add(i);
        else if (isRecord(v)) for (const k of Object.keys(v)) keys.add(k);
      for (const k of keys) todo.push({ b: pick(b, k), a: pick(a, k), as: child(as, k), au: child(au, k), path: segment(path, k) });
    } else if (!same(b, a)) out.push([path, a ?? null]);
  }
  return out.sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
}

/**
 * The paths of the values a mask hides (`/"evaluation_periods"`), present values only: what the review
 * shows as "(sensitive)" and a rule cannot read, unchanged values too (setLeaves lists changed ones).
 * Walks the mask, not the value: masks are small. A mask shaped unlike its value hides all of it
 * (marks.ts, subMask).
 */
function sensitivePaths(value: unknown, mask: unknown): string[] {
  const out: string[] = [];
  const todo: { v: unknown; s: unknown; path: string }[] = [{ v: value, s: mask, path: "" }];
  while (todo.length > 0) {
    const { v, s, path } = todo.pop() as (typeof todo)[number];
    if (v === null || v === undefined) continue;
    if (marksLeaf(v, s)) out.push(path);
    else if (Array.isArray(s) && Array.isArray(v))
      for (let i = 0; i < s.length; i++) todo.push({ v: v[i], s: s[i], path: segment(path, i) });
    else if (isRecord(s) && isRecord(v)) for (const k of Object.keys(s)) todo.push({ v: v[k], s: s[k], path: segment(path, k) });
    else if (Array.isArray(s) ? s.length > 0 : isRecord(s) && Object.keys(s).length > 0) out.push(path);
  }
  return out.sort();
}

/** Which values of a change are sensitive, before and after it. */
export function sensitivity(change: PlanChange, creates: boolean, removes: boolean): { before: string[]; after: string[] } {
  return {
    before: creates ? [] : sensitivePaths(change.before, change.before_sensitive),
    after: removes ? [] : sensitivePaths(change.after, change.after_sensitive),
  };
}
