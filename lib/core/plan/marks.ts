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
 * mirrors the value; a mark it never writes (`"true"`, `1`) cannot be read, so it covers everything:
 * an unreadable sensitivity mark hides the value instead of showing it (fails closed).
 */
export function coversAll(mask: Mask): boolean {
  if (mask === true) return true;
  if (mask === undefined || mask === null || mask === false) return false;
  return typeof mask !== "object";
}

/** True when a mark hides this value: it covers all, or it marks parts of a value that has no parts. */
export function marksLeaf(value: unknown, mask: Mask): boolean {
  return coversAll(mask) || (!isContainer(value) && !isEmptyMark(mask));
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
 * `[{"a": [false]}]`). Iterative: a mask mirrors its value, at any depth.
 */
export function marksNothing(mask: Mask): boolean {
  const todo: Mask[] = [mask];
  while (todo.length > 0) {
    const m = todo.pop();
    if (m === undefined || m === null || m === false) continue;
    if (Array.isArray(m)) for (const item of m) todo.push(item);
    else if (isRecord(m)) {
      for (const k in m) if (Object.hasOwn(m, k)) todo.push(m[k]);
    } else return false;
  }
  return true;
}
