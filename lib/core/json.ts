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

/**
 * True for a string Terraform evaluates: an interpolation (`${...}`) or a directive (`%{...}`) makes a
 * JSON string a template, and a string that is only `"${expr}"` becomes the expression's value, of any
 * type (developer.hashicorp.com/terraform/language/syntax/json). `$${` and `%%{` are its escapes for a
 * literal `${` and `%{`.
 */
export function isTemplate(value: string): boolean {
  return /[$%]\{/.test(value.replace(/\$\$\{|%%\{/g, ""));
}

/**
 * A value as a literal of one type: its value, absent (missing or null: Terraform's unset), or unknown,
 * with how it reads (`the expression ${false}`, `the number 1, not a boolean`), when only running
 * Terraform would tell. A security check must treat unknown as neither value: the lenient readers above
 * (bool, str) answer undefined or the template's text, and a check reading undefined as "not false"
 * fails open.
 */
export type Literal<T> =
  | { readonly kind: "value"; readonly value: T }
  | { readonly kind: "absent" }
  | { readonly kind: "unknown"; readonly shown: string };

const ABSENT: Literal<never> = { kind: "absent" };

function unknownLiteral(value: unknown, want: string): { readonly kind: "unknown"; readonly shown: string } {
  if (typeof value === "string")
    return { kind: "unknown", shown: isTemplate(value) ? `the expression ${value}` : `${JSON.stringify(value)}, not ${want}` };
  const kind = Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : `the ${typeof value} ${JSON.stringify(value)}`;
  return { kind: "unknown", shown: `${kind}, not ${want}` };
}

/** A boolean literal (`true`, or a string "true"/"false" as escape hatches write it). */
export function literalBool(value: unknown): Literal<boolean> {
  if (value === undefined || value === null) return ABSENT;
  const known = bool(value);
  return known === undefined ? unknownLiteral(value, "a boolean") : { kind: "value", value: known };
}

/** A string literal: not a template (isTemplate), not another type. */
export function literalStr(value: unknown): Literal<string> {
  if (value === undefined || value === null) return ABSENT;
  return typeof value === "string" && !isTemplate(value) ? { kind: "value", value } : unknownLiteral(value, "a string");
}

/** A template string found inside a value, with its path (`action_parameters.overrides.enabled`). */
export interface FoundTemplate {
  readonly path: string;
  readonly value: string;
}

/** Every template string inside a value (depth first), with its path below `path`. */
export function templatesIn(value: unknown, path = "", out: FoundTemplate[] = []): FoundTemplate[] {
  if (typeof value === "string") {
    if (isTemplate(value)) out.push({ path, value });
  } else if (Array.isArray(value)) for (const [i, v] of value.entries()) templatesIn(v, `${path}[${i}]`, out);
  else if (isRecord(value)) for (const k in value) templatesIn(value[k], path === "" ? k : `${path}.${k}`, out);
  return out;
}

/** The first template string inside a value (templatesIn), or undefined. */
export function templateIn(value: unknown, path = ""): FoundTemplate | undefined {
  return templatesIn(value, path)[0];
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

/**
 * How deep golive walks JSON it did not write (plan values, synthesized stacks) with recursive code.
 * Terraform values and cdktf stacks nest about ten levels; a value thousands deep (`jsondecode` of a
 * hostile file) would overflow the call stack of a recursive walk, while JSON.parse reads any depth.
 */
export const MAX_NESTING = 64;

/**
 * The path of the first object or array (depth first) nested `limit` levels below the top of `value`,
 * or undefined when none is. Iterative: safe at any depth.
 */
export function tooDeepAt(value: unknown, limit: number = MAX_NESTING): (string | number)[] | undefined {
  interface Node {
    readonly value: unknown;
    readonly depth: number;
    readonly parent?: Node;
    readonly key?: string | number;
  }
  const todo: Node[] = [{ value, depth: 0 }];
  while (todo.length > 0) {
    const node = todo.pop() as Node;
    const v = node.value;
    if (typeof v !== "object" || v === null) continue;
    if (node.depth >= limit) {
      const path: (string | number)[] = [];
      for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.unshift(n.key);
      return path;
    }
    const depth = node.depth + 1;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) todo.push({ value: v[i], depth, parent: node, key: i });
    else {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        todo.push({ value: record[key], depth, parent: node, key });
      }
    }
  }
  return undefined;
}

/**
 * `value` with every object or array `limit` levels below its top replaced by `placeholder`, so a
 * recursive walk of the result stays shallow; the same value back when nothing lies that deep.
 */
export function withDepthCap(value: unknown, placeholder: string, limit: number = MAX_NESTING): unknown {
  if (tooDeepAt(value, limit) === undefined) return value;
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v !== "object" || v === null) return v;
    if (depth >= limit) return placeholder;
    if (Array.isArray(v)) return v.map((item) => copy(item, depth + 1));
    // fromEntries, not assignment: a `__proto__` key stays a key.
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, copy(item, depth + 1)]));
  };
  return copy(value, 0);
}

/** True for what JSON.stringify leaves out of an object (and writes as null in a list). */
function unwritable(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/**
 * JSON text of a value as JSON.parse makes them, without recursion, so a value thousands deep is
 * written too: JSON.stringify's text, or with `canonical` object keys sorted and an absent member
 * written as null (canonicalJson in plan/json-attributes.ts). Undefined where JSON.stringify gives it
 * (undefined, a function or a symbol at the top), unless canonical.
 */
export function jsonText(value: unknown, canonical = false): string | undefined {
  if (typeof value !== "object" || value === null) return canonical ? JSON.stringify(value ?? null) : JSON.stringify(value);
  if (!canonical) {
    // JSON.stringify first: several times faster, and only a value nested thousands deep overflows it.
    try {
      return JSON.stringify(value);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
    }
  }
  const out: string[] = [];
  // Each task is text to write as it is, or a value to write; last pushed is written first.
  const todo: (string | { readonly v: unknown })[] = [{ v: value }];
  while (todo.length > 0) {
    const task = todo.pop() as string | { readonly v: unknown };
    if (typeof task === "string") {
      out.push(task);
      continue;
    }
    const v = task.v;
    if (Array.isArray(v)) {
      out.push("[");
      todo.push("]");
      for (let i = v.length - 1; i >= 0; i--) {
        todo.push({ v: v[i] });
        if (i > 0) todo.push(",");
      }
    } else if (typeof v === "object" && v !== null) {
      const record = v as Record<string, unknown>;
      const all = Object.keys(record);
      const keys = canonical ? all.sort() : all.filter((k) => !unwritable(record[k]));
      out.push("{");
      todo.push("}");
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string;
        todo.push({ v: record[k] }, `${JSON.stringify(k)}:`);
        if (i > 0) todo.push(",");
      }
    } else out.push(unwritable(v) ? "null" : (JSON.stringify(canonical ? (v ?? null) : v) ?? "null"));
  }
  return out.join("");
}
