/**
 * Narrowing helpers for synthesized Terraform JSON, which enters as `unknown`. Rules read attributes
 * through these so a missing or oddly typed attribute is "absent", never a crash or a cast.
 */
export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** Follows a path of keys: `at(attrs, "value", "strict_transport_security", "max_age")`. */
export function at(value: unknown, ...keys: readonly string[]): unknown {
  let node = value;
  for (const key of keys) node = field(node, key);
  return node;
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** Terraform JSON booleans may be written as strings ("true") by escape hatches. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

/** An array attribute; a single block written as an object counts as a one-element list. */
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

/** A whole-value Terraform reference such as `${aws_kms_key.Key_1234.arn}`. */
export function isReference(value: string): boolean {
  return value.startsWith("${") && value.endsWith("}");
}

/** Every string inside a value (depth first), for reference searches. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (isRecord(value)) for (const key in value) collectStrings(value[key], out);
  return out;
}
