import { NAMED_RECORD_VALUES } from "../../../lib/core/fields";
import { z } from "zod";

/** Wrappers that do not change which fields exist. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    if (NAMED_RECORD_VALUES.has(s)) return s; // a record of names: walk its value schema, not its input
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap();
    else if (s instanceof z.ZodPipe) s = s.in;
    else return s;
  }
  return s;
}

/** `edge.hostnames[].name` / `edge.hostnames[0].name` -> ["edge", "hostnames", "[]", "name"]. */
export function splitFieldPath(path: string): string[] {
  return path
    .split(/\.|(?=\[)/)
    .map((seg) => (/^\[\d*\]$/.test(seg) ? "[]" : seg))
    .filter((seg) => seg !== "");
}

/**
 * Whether a dotted field path exists in the schema: object keys by name, array items as `[]` or `[n]`
 * (an index may also be left out: `edge.hostnames.name`), record keys by any name, unions if any
 * option has the path.
 */
export function hasFieldPath(schema: z.core.$ZodType, path: string): boolean {
  return walk(schema, splitFieldPath(path));
}

function walk(schema: z.core.$ZodType, segments: readonly string[]): boolean {
  const s = unwrap(schema);
  const head = segments[0];
  if (head === undefined) return true;
  const rest = segments.slice(1);
  const named = NAMED_RECORD_VALUES.get(s);
  if (named) return walk(named, rest);
  if (s instanceof z.ZodUnion) return s.options.some((o) => walk(o, segments));
  if (s instanceof z.ZodArray) return walk(s.element, head === "[]" ? rest : segments);
  if (head === "[]") return false;
  if (s instanceof z.ZodObject) {
    const field: unknown = s.shape[head];
    return field instanceof z.core.$ZodType && walk(field, rest);
  }
  if (s instanceof z.ZodRecord) return walk(s.valueType, rest);
  return false;
}

/** Top-level keys of an object schema: only backticked paths starting with one of them are checked. */
export function topLevelKeys(schema: z.core.$ZodType): string[] {
  const s = unwrap(schema);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}
