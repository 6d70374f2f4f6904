/**
 * Narrowing helpers for synthesized Terraform JSON, which enters as `unknown`. Rules read attributes
 * through these so a missing or oddly typed attribute is "absent", never a crash or a cast.
 */
import { isRecord } from "../json";

export { at, isRecord, str, type JsonRecord } from "../json";

export function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
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

export function records(value: unknown): readonly Readonly<Record<string, unknown>>[] {
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
