/**
 * Narrowing helpers for JSON that enters as `unknown` (synthesized Terraform, plan JSON): a missing or
 * oddly typed value reads as absent, never a crash or a cast. Shared by the readiness checks and the
 * plan report.
 */
export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Follows object keys and array indexes: `at(attrs, "value", "strict_transport_security", "max_age")`. */
export function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  let node: unknown = value;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === "number") node = node[key];
    else if (isRecord(node) && typeof key === "string") node = node[key];
    else return undefined;
  }
  return node;
}

export function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** A number, or a string that is exactly one (Terraform JSON may quote numbers). */
export function num(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Terraform JSON booleans may be written as strings ("true") by escape hatches. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

/** An array value, else empty: for plan JSON, where a list attribute is always an array. */
export function items(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A block list: a single block written as an object counts as a one-element list (synthesized JSON). */
export function list(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

export function records(value: unknown): readonly JsonRecord[] {
  return list(value).filter(isRecord);
}

export function strings(value: unknown): readonly string[] {
  return list(value).filter((v): v is string => typeof v === "string");
}

/** Every string inside a value (depth first), for reference searches. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (isRecord(value)) for (const key in value) collectStrings(value[key], out);
  return out;
}
