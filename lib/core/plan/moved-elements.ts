/**
 * Which blocks of a list were removed and added, matched by content, for the attribute diff
 * (attribute-diff.ts): a question of its own, apart from walking the values side by side.
 */
import { isRecord, jsonText } from "../json";
import { type Mask, marksNothing, subMask } from "./marks";

/**
 * For two lists of blocks (objects) whose elements moved, the positions removed and added by content:
 * Terraform shows a set of blocks (`ingress`) as elements removed and added, and comparing by position
 * would read as if the https rule became the ssh one. Undefined when comparing by position says the
 * same (elements changed in place), or when sensitive marks hide what the elements hold.
 */
export function movedElements(
  before: readonly unknown[],
  after: readonly unknown[],
  bs: Mask,
  as: Mask,
  au: Mask,
): { removed: number[]; added: number[] } | undefined {
  if (before.length + after.length < 3 || !before.every(isRecord) || !after.every(isRecord)) return undefined;
  if (!marksNothing(bs) || !marksNothing(as)) return undefined;
  const unmatched = new Map<string, number[]>();
  before.forEach((v, i) => {
    const text = jsonText(v) ?? "null";
    unmatched.set(text, [...(unmatched.get(text) ?? []), i]);
  });
  const added: number[] = [];
  after.forEach((v, i) => {
    // An element with values known only after apply equals nothing yet.
    const slots = marksNothing(subMask(au, i)) ? unmatched.get(jsonText(v) ?? "null") : undefined;
    if (slots && slots.length > 0) slots.shift();
    else added.push(i);
  });
  const removed = [...unmatched.values()].flat().sort((x, y) => x - y);
  const inPlace = removed.length === added.length && removed.every((i, n) => added[n] === i);
  return inPlace ? undefined : { removed, added };
}
