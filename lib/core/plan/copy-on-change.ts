/**
 * Copies of lists and records with some members replaced, made only when one is: a redaction walk over a
 * value that holds no secret (most of a plan) returns the very same object, which callers compare by
 * identity to tell that nothing was hidden.
 */
import type { JsonRecord } from "../json";

/** `list` with each item replaced by `each(item, index)`: the same array back when nothing changed. */
export function mapItems(list: readonly unknown[], each: (item: unknown, index: number) => unknown): readonly unknown[] {
  let out: unknown[] | undefined;
  list.forEach((v, i) => {
    const r = each(v, i);
    if (r !== v) {
      out ??= [...list];
      out[i] = r;
    }
  });
  return out ?? list;
}

/** `record` with each member replaced by `each(value, key)`: the same object back when nothing changed. */
export function mapMembers(record: JsonRecord, each: (value: unknown, key: string) => unknown): JsonRecord {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(record)) {
    const r = each(v, k);
    if (r !== v) {
      out ??= { ...record };
      out[k] = r;
    }
  }
  return out ?? record;
}
