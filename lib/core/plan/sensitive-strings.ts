/**
 * The strings a value holds under a sensitivity mark, gathered to scrub rendered text with: Terraform
 * does not always carry a mark along (secrets.ts), so a secret is hidden wherever its text shows up.
 */
import { isRecord } from "../json";
import { exactDigits, isExactNumber } from "./exact-numbers";
import { type Mask, marksLeaf, subMask } from "./marks";

/**
 * Every string (>= 4 chars) and long number under a sensitive mask, for scrubbing rendered text, in
 * document order. Iterative: every secret is found, however deep.
 */
export function collectSensitive(value: unknown, sensitive: Mask, into: Set<string>): void {
  const todo: { readonly v: unknown; readonly s: Mask }[] = [{ v: value, s: sensitive }];
  while (todo.length > 0) {
    const { v, s } = todo.pop() as (typeof todo)[number];
    if (marksLeaf(v, s)) collectScrubbable(v, into);
    else if (s === undefined || s === false || s === null) continue;
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) todo.push({ v: v[i], s: subMask(s, i) });
    else if (isRecord(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string;
        todo.push({ v: v[k], s: subMask(s, k) });
      }
    }
  }
}

/** Strings a sensitive value may hold that say nothing (a flag as text): never searched for elsewhere. */
const ORDINARY_WORDS: ReadonlySet<string> = new Set(["true", "false", "null", "none"]);

/** Every string (>= 4 chars, not an ORDINARY_WORDS one) and long number in a value, in document order; iterative, like collectSensitive. */
export function collectScrubbable(value: unknown, into: Set<string>): void {
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    // Short strings, JSON's words and small numbers would blank out ordinary text ("true", counts)
    // across the whole review; they are still masked wherever Terraform marks them, which is the
    // primary protection.
    if (typeof v === "string" && v.length >= 4 && !ORDINARY_WORDS.has(v.toLowerCase())) into.add(v);
    else if (typeof v === "number" && String(v).length >= 6) into.add(String(v));
    // A number with more digits than a double keeps shows with all of them (exact-numbers.ts).
    else if (isExactNumber(v) && exactDigits(v).length >= 6) into.add(exactDigits(v));
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) todo.push(v[i]);
    else if (isRecord(v)) {
      const values = Object.values(v);
      for (let i = values.length - 1; i >= 0; i--) todo.push(values[i]);
    }
  }
}
