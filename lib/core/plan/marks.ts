/**
 * How to read Terraform's sensitivity and unknown marks (`before_sensitive`, `after_sensitive`,
 * `after_unknown`): what a mark covers, and what it leaves shown. Kept apart from the walks that use
 * them (values.ts, attribute-diff.ts, sensitive-strings.ts) so every walk reads a mark the same way,
 * failing closed on a mark Terraform never writes.
 */
import { isRecord } from "../json";

export type Mask = unknown;

/** True for an object or a list: a value with parts a mark may cover one by one. */
export function isContainer(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

/** True when a mark (or a record) has no parts: `[]`, `{}`, or no container at all. */
export function isEmptyMark(mask: Mask): boolean {
  if (Array.isArray(mask)) return mask.length === 0;
  if (!isRecord(mask)) return true;
  // Called for every value walked: no array of keys built just to count them.
  for (const k in mask) if (Object.hasOwn(mask, k)) return false;
  return true;
}

/**
 * True when a mark covers everything below it. Terraform writes `true`, `false` or a container that
 * mirrors the value, never `null` (jsonstate SensitiveAsBool, jsonplan unknownAsBool); a mark it never
 * writes (`"true"`, `1`, `null`) cannot be read, so it covers everything: an unreadable sensitivity mark
 * hides the value instead of showing it (fails closed). Absent is no mark: plans before Terraform 0.15
 * have none.
 */
export function coversAll(mask: Mask): boolean {
  if (mask === undefined || mask === false) return false;
  return mask === true || mask === null || typeof mask !== "object";
}

/** True for a value a mark can hide: absent and null values show nothing. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * True when a container mark is shaped unlike a present value: by position on an object or a string,
 * by name on a list or a string. Terraform marks an object or map with an object, a list, set or tuple
 * with an array and anything else with a boolean (jsonstate SensitiveAsBool), so `[]` on an object is
 * no "nothing sensitive" it ever wrote.
 */
function shapedUnlike(value: unknown, mask: Mask): boolean {
  if (!isPresent(value)) return false;
  if (Array.isArray(mask)) return !Array.isArray(value);
  return isRecord(mask) && !isRecord(value);
}

/**
 * True when a sensitivity mark hides this value: it covers all (`null` only a present value: a null
 * value shows nothing), it is shaped unlike the value, or it marks parts of a value that has no parts.
 */
export function marksLeaf(value: unknown, mask: Mask): boolean {
  if (mask === null) return isPresent(value);
  return coversAll(mask) || shapedUnlike(value, mask) || (!isContainer(value) && !isEmptyMark(mask));
}

/**
 * True when an output's sensitivity mark hides its whole value. Terraform writes an output's mark as
 * one boolean (jsonplan MarshalOutputChanges: "either false or true"), so a container with a `true` or
 * unreadable leaf covers the whole output, not the parts it names; a container that marks nothing and
 * has the value's shape (`{}`, as golive's config diff marks an output block) leaves it shown.
 */
export function hidesOutput(value: unknown, mask: Mask): boolean {
  return marksLeaf(value, mask) || (mask !== null && !marksNothing(mask));
}

/**
 * The part of a mask (sensitive or unknown) that covers `key`; `true` covers everything below it. A
 * mark shaped unlike its value (marks by name on a list, by position on an object) covers all of it.
 */
export function subMask(mask: Mask, key: string | number): Mask {
  if (coversAll(mask)) return true;
  if (Array.isArray(mask) && typeof key === "number") return mask[key];
  if (isRecord(mask) && typeof key === "string") return mask[key];
  return isEmptyMark(mask) ? undefined : true;
}

/**
 * True when a mask marks nothing below it: absent, false, or containers of those (Terraform writes
 * `[{"a": [false]}]`); `null`, never written, marks (coversAll). Iterative: a mask mirrors its value,
 * at any depth.
 */
export function marksNothing(mask: Mask): boolean {
  const todo: Mask[] = [mask];
  while (todo.length > 0) {
    const m = todo.pop();
    if (m === undefined || m === false) continue;
    if (Array.isArray(m)) for (const item of m) todo.push(item);
    else if (isRecord(m)) {
      for (const k in m) if (Object.hasOwn(m, k)) todo.push(m[k]);
    } else return false;
  }
  return true;
}

/** What a value is, for a message about a mark shaped unlike it. */
export function kindName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "an object";
  return typeof value === "string" ? "a string" : typeof value === "number" ? "a number" : `a ${typeof value}`;
}

/** A part of a mark or a value by key or position; undefined where there is none. */
function partOf(container: unknown, key: string | number): unknown {
  if (Array.isArray(container)) return typeof key === "number" ? container[key] : undefined;
  return isRecord(container) && typeof key === "string" ? container[key] : undefined;
}

/**
 * The first part of an `after_unknown` mark shaped unlike its value (its path below the mark, and what
 * is wrong), or undefined. Terraform writes the mark from the value `after` is written from (jsonplan
 * unknownAsBool next to omitUnknowns): `true` where a value is unknown, an object for an object or map,
 * an array for a list, set or tuple, never another scalar or null. Read as a sensitivity mark is read,
 * such a mark hides the value (`{"policy": {}}` on a policy string shows no attribute, `1` shows
 * "(known after apply)") from the review and the risk rules alike: the plan is refused rather than
 * guessed at, so no edited mark hides a change. `true` on a present value is let through: Terraform
 * versions whose omitUnknowns kept a null in place of an unknown only in lists dropped a set's unknown
 * elements from `after` while their marks kept their places, so a real plan can put `true` on a known
 * element (shown as known after apply, as before). Iterative, the path kept as the walk goes
 * (misread-keys.ts): a mark nests as deep as a hostile file likes.
 */
export function unknownMarkMismatch(value: unknown, mark: Mask): { path: (string | number)[]; problem: string } | undefined {
  const pending: { v: unknown; m: Mask; depth: number; name: string | number }[] = [{ v: value, m: mark, depth: 0, name: "" }];
  const path: (string | number)[] = [];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { v, m, depth, name } = next;
    if (depth > 0) {
      path.length = depth - 1;
      path.push(name);
    }
    if (m === undefined || typeof m === "boolean") continue;
    const list = Array.isArray(m);
    if (!list && !isRecord(m)) return { path, problem: `${kindName(m)} is no mark (Terraform writes true, false, an object or an array)` };
    if (isPresent(v) && (list ? !Array.isArray(v) : !isRecord(v)))
      return { path, problem: `${list ? "an array" : "an object"} marks ${kindName(v)}` };
    // for-in, not Object.keys: no array of keys per mark; an array's holes are no mark.
    for (const key in m) {
      if (!Object.hasOwn(m, key)) continue;
      const k = list ? Number(key) : key;
      pending.push({ v: partOf(v, k), m: partOf(m, k), depth: depth + 1, name: k });
    }
  }
  return undefined;
}
