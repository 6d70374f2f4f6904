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
