/**
 * A plan-shape problem as one line: the field, what it holds and what is allowed there
 * (`format_version: missing; allowed: a string, the plan format's version such as "1.2"`), instead of
 * zod's wording (`Invalid input: expected string, received undefined`).
 */
import type { z } from "zod";
import { formatPath } from "../issues";

type Issue = z.ZodError["issues"][number];

/** What some fields hold, said where a type alone ("a string") does not tell a reader what to fix. */
const FIELD_MEANING: Readonly<Record<string, string>> = {
  format_version: 'the plan format\'s version, such as "1.2" (terraform show -json <planfile>)',
  resource_changes: "the list of resource changes",
  output_changes: "an object of output changes by name",
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object",
  null: "null",
};

/** What a value is, shortly: `null`, `a number (3)`, `a list`, `"text"`. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return value.length <= 40 ? JSON.stringify(value) : "a long string";
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value === "number" ? "a number" : "a boolean"} (${value})`;
  return typeof value === "object" ? "an object" : typeof value;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at = data;
  for (const key of path) {
    if (at === null || typeof at !== "object" || typeof key === "symbol") return undefined;
    at = Object.hasOwn(at, key) ? (at as Record<string | number, unknown>)[key] : undefined;
  }
  return at;
}

/** What is allowed where the issue is, from the issue itself. */
function allowed(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return TYPE_NAMES[issue.expected] ?? issue.expected;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `none of the keys ${issue.keys.join(", ")}`;
    case "invalid_union":
      return "one of the shapes terraform show -json writes there";
    default:
      // too_small, too_big, invalid_format and custom checks: zod's message says the bound.
      return issue.message;
  }
}

export function shapeIssueLine(issue: Issue, data: unknown): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const field = formatPath(path);
  // golive's own checks (refine) already say what was given and what is allowed.
  if (issue.code === "custom") return `${field}: ${issue.message}`;
  const meaning = path.length === 1 ? FIELD_MEANING[String(path[0])] : undefined;
  const value = valueAt(data, path);
  const got = issue.code === "unrecognized_keys" ? "has unknown keys" : value === undefined ? "missing" : `got ${describe(value)}`;
  return `${field}: ${got}; allowed: ${allowed(issue)}${meaning ? `, ${meaning}` : ""}`;
}
