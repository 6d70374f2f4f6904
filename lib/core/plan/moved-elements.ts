/**
 * Which blocks of a list were removed and added, matched by content, for the attribute diff
 * (attribute-diff.ts): a question of its own, apart from walking the values side by side.
 */
import { isRecord } from "../json";
import { exactJson } from "./exact-numbers";
import { type Mask, marksNothing, subMask } from "./marks";

/**
 * Of the elements found on both sides (`kept`: [before index, after index], in before order), those
 * whose order relative to the others changed: all but a longest run whose after indices rise (patience
 * sorting, O(n log n)). Of runs as long, the one ending at the smallest after index stays, as Terraform
 * shows a list: [block, skip] -> [skip, block] reads as the block rule moved after skip.
 */
function reordered(kept: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const to = (i: number | undefined): number => (i === undefined ? -1 : (kept[i]?.[1] ?? -1));
  /** tails[k]: the element of `kept` ending a rising run of length k + 1 at the smallest after index. */
  const tails: number[] = [];
  const previous: (number | undefined)[] = [];
  kept.forEach(([, after], i) => {
    let [lo, hi] = [0, tails.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (to(tails[mid]) < after) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = tails[lo - 1];
    tails[lo] = i;
  });
  const stay = new Set<number>();
  for (let i = tails.at(-1); i !== undefined; i = previous[i]) stay.add(i);
  return kept.filter((_, i) => !stay.has(i));
}

/** A value that says nothing of a block: null, "", [] or {}. */
function empty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (isRecord(value) && Object.keys(value).length === 0)
  );
}

/**
 * True when two blocks read as one block changed in place: no more of their values differ than stay
 * (empty ones aside). A ruleset rule whose action changed is; an https rule and an ssh rule (ports,
 * ranges and description all differ, the protocol alike) are not.
 */
function alike(before: unknown, after: unknown): boolean {
  if (!isRecord(before) || !isRecord(after)) return false;
  let [same, differ] = [0, 0];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [b, a] = [before[key], after[key]];
    if (exactJson(b ?? null) !== exactJson(a ?? null)) differ++;
    else if (!empty(b)) same++;
  }
  return differ <= same;
}

/**
 * For two lists of blocks (objects) whose elements moved, the positions removed and added by content:
 * Terraform shows a set of blocks (`ingress`) as elements removed and added, and comparing by position
 * would read as if the https rule became the ssh one. A block found on both sides whose order relative to
 * the others changed counts as removed from its place and added at its new one, as Terraform shows a
 * list: in an ordered list (a ruleset's rules, evaluated in order) the move is the change. Undefined when
 * comparing by position says the same (elements changed in place, among blocks found unchanged or each
 * alike the one in its place), or when sensitive marks hide what the elements hold. When no block is
 * found unchanged, blocks unlike the one in their place are removed and added: a set's blocks (ingress
 * rules) that all changed are other blocks, not the https rule turned into the ssh one; those alike the
 * one in their place are `changed`, compared in place, as Terraform shows a list's blocks.
 */
export function movedElements(
  before: readonly unknown[],
  after: readonly unknown[],
  bs: Mask,
  as: Mask,
  au: Mask,
): { removed: number[]; added: number[]; changed?: number[] } | undefined {
  if (before.length + after.length < 3 || !before.every(isRecord) || !after.every(isRecord)) return undefined;
  if (!marksNothing(bs) || !marksNothing(as)) return undefined;
  const unmatched = new Map<string, number[]>();
  before.forEach((v, i) => {
    const text = exactJson(v) ?? "null";
    unmatched.set(text, [...(unmatched.get(text) ?? []), i]);
  });
  const added: number[] = [];
  const kept: [number, number][] = [];
  after.forEach((v, i) => {
    // An element with values known only after apply equals nothing yet.
    const from = marksNothing(subMask(au, i)) ? unmatched.get(exactJson(v) ?? "null")?.shift() : undefined;
    if (from === undefined) added.push(i);
    else kept.push([from, i]);
  });
  const removed = [...unmatched.values()].flat();
  const moved = reordered(kept.sort(([a], [b]) => a - b));
  for (const [from, to] of moved) {
    removed.push(from);
    added.push(to);
  }
  removed.sort((x, y) => x - y);
  added.sort((x, y) => x - y);
  const inPlace = moved.length === 0 && removed.length === added.length && removed.every((i, n) => added[n] === i);
  if (!inPlace) return { removed, added };
  // Changed in place, unless nothing around them was found unchanged: then only blocks alike the one in
  // their place are (a lifecycle rule whose days changed), the others removed and added.
  const changed = kept.length > 0 ? removed : removed.filter((i) => alike(before[i], after[i]));
  if (changed.length === removed.length) return undefined;
  const apart = removed.filter((i) => !changed.includes(i));
  return { removed: apart, added: apart, ...(changed.length > 0 ? { changed } : {}) };
}
