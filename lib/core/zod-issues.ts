import type { z } from "zod";
import type { ConfigIssue } from "./issues";
import { isValueNotShown } from "./fields";
import { field, isRecord } from "./json";
import { shownRoot, shownValue } from "./shown-input";
import { allowedAt, oneOf, unionOptionAt } from "./zod-allowed";

/** zod's own wording (its English locale) of a wrong type or value: it names no keys, no range, no pattern. */
const ZOD_DEFAULT_TEXT = /^Invalid (input|option): expected /;

/** The kinds zod expects, as a config file's reader names them. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

/**
 * What a problem zod worded itself allows (`a whole number from 50 to 10000`, `a mapping with mode, mx`):
 * a value's list from the issue, anything else from `schema` at the issue's path.
 */
function allowedFor(issue: z.core.$ZodIssue, path: readonly (string | number)[], schema: z.core.$ZodType | undefined): string | undefined {
  if (!ZOD_DEFAULT_TEXT.test(issue.message)) return undefined;
  if (issue.code === "invalid_value") return oneOf(issue.values);
  return issue.code === "invalid_type" && schema ? allowedAt(schema, path) : undefined;
}

/**
 * Turns zod's issues into `what was given, what is allowed` messages. `schema` is what the issues'
 * paths lead into: with it, what zod words itself (a missing key, a wrong type) says what the field
 * allows. `base` is the path the issues' paths are relative to (inside a union), so the file's root is
 * told apart from a union's.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  schema?: z.core.$ZodType,
  base: readonly PropertyKey[] = [],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const atRoot = base.length + path.length === 0;
    // z.int()'s own bound (|n| < 2^53, in zod's words): dropped where the field has a range of its own,
    // which the field's own issue says; otherwise said as a range.
    if (isSafeIntegerBound(issue)) {
      if (issues.some((other) => other !== issue && samePath(other.path, issue.path))) continue;
      out.push({
        path,
        message: `must be a whole number from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}; got ${shownValue(issue.input)}`,
      });
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: "unknown key (check spelling; see config/golive.schema.json)" });
      }
      continue;
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const literals = issue.errors.flat().flatMap((e) => (e.code === "invalid_value" ? e.values : [undefined]));
      if (literals.every((v) => v !== undefined)) {
        const missing = "input" in issue && issue.input === undefined && !atRoot;
        out.push({
          path,
          message: missing
            ? `is required; allowed: ${oneOf(literals)}`
            : `expected one of ${literals.map((v) => JSON.stringify(v)).join("|")}; got ${shownValue(issue.input)}`,
        });
        continue;
      }
      // Otherwise report the branch that got furthest; its paths are relative to the union.
      const depths = issue.errors.map(maxDepth);
      const best = depths.indexOf(Math.max(...depths));
      const option = schema && unionOptionAt(schema, path, best);
      const inner = fromZodIssues(issue.errors[best] ?? [], option, [...base, ...path]);
      out.push(...inner.map((i) => ({ path: [...path, ...i.path], message: i.message })));
      continue;
    }
    // A discriminated union's key left out: its own message quotes the whole mapping instead.
    if (issue.code === "invalid_union" && issue.discriminator !== undefined && schema && isRecord(issue.input)) {
      const allowed = field(issue.input, issue.discriminator) === undefined ? allowedAt(schema, path) : undefined;
      if (allowed !== undefined) {
        out.push({ path, message: `is required; allowed: ${allowed}` });
        continue;
      }
    }
    // YAML's .inf and .nan, and 1e400 (Infinity once parsed), are numbers zod refuses as "received number"
    // where a number belongs; where text or a list belongs, the field's own allowed text says more.
    if (
      issue.code === "invalid_type" &&
      (issue.expected === "number" || issue.expected === "int") &&
      typeof issue.input === "number" &&
      !Number.isFinite(issue.input)
    ) {
      out.push({ path, message: `expected a finite number; got ${issue.input} (.inf, .nan or a value too large)` });
      continue;
    }
    // The whole file is never quoted: one that is no config (a .env) parses as one long string. Nor is a
    // value its check marks as not to be shown (VALUE_NOT_SHOWN: a pasted webhook URL).
    const hidden = issue.code === "custom" && isValueNotShown(issue.params);
    const shown = "input" in issue && !hidden ? (atRoot ? shownRoot(issue.input) : shownValue(issue.input)) : undefined;
    out.push({ path, message: messageOf(issue, shown, allowedFor(issue, path, schema)) });
  }
  return out;
}

/**
 * The message of one issue: a missing key `is required; allowed: ...`, a wrong type `expected ..., got
 * ...; allowed: ...`, where zod's own words are replaced; otherwise the check's message and what was given.
 */
function messageOf(issue: z.core.$ZodIssue, shown: string | undefined, allowed: string | undefined): string {
  if (shown === "nothing") {
    if (allowed !== undefined) return `is required; allowed: ${allowed}`;
    // A field's own message for a missing value says what it allows (`must be a mapping of roles ...`).
    if (issue.message.startsWith("must be ")) return `is required; allowed: ${issue.message.slice("must be ".length)}`;
    return `${issue.message.replace(/, received undefined$/, "")} (missing)`;
  }
  if (allowed !== undefined && issue.code === "invalid_type")
    return `expected ${KIND_WORDS[issue.expected] ?? issue.expected}, got ${shown}; allowed: ${allowed}`;
  return `${issue.message}${shown !== undefined ? `; got ${shown}` : ""}`;
}

/** zod's safe-integer bound of an int: too_big below 2^53, too_small above -2^53. */
function isSafeIntegerBound(issue: z.core.$ZodIssue): boolean {
  if (issue.code === "too_big") return issue.origin === "int" && issue.maximum === Number.MAX_SAFE_INTEGER;
  if (issue.code === "too_small") return issue.origin === "int" && issue.minimum === Number.MIN_SAFE_INTEGER;
  return false;
}

function samePath(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

function maxDepth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}
