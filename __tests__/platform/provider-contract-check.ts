/**
 * Checks a synthesized Terraform block (a resource's or data source's JSON body) against the provider
 * contract (__tests__/fixtures/cloudflare-contract.json), the way terraform-plugin-framework validates
 * configuration: unknown and read-only attributes, required ones, value types, the validators'
 * allowed values, ranges, lengths, sizes and patterns, and the cross-attribute validators, recursively
 * through nested attributes. Values only known after apply (`${...}` references, `%{...}` templates)
 * count as set but are never value-checked, as the framework skips unknown values.
 */
import { at, isRecord, type JsonRecord } from "../../lib/core/json";
import type {
  AttributeSpec,
  Constraints,
  PathExpression,
  SchemaRule,
  SchemaSpec,
  TypeSpec,
} from "../../scripts/extract-cloudflare-contract/contract";

export interface ContractProblem {
  /** `edge-production: cloudflare_ruleset.RateLimits_2BA5B3CC`. */
  readonly address: string;
  /** `rules[0].ratelimit.period`. */
  readonly attribute: string;
  readonly problem: string;
  /** `internal/services/ruleset/schema.go:1043`: the provider line that says so. */
  readonly source: string;
}

/** Terraform meta-arguments and cdktf's metadata: not attributes of the provider's schema. */
const META_ARGUMENTS = new Set(["//", "count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);

type Step = string | number;

interface Context {
  readonly address: string;
  readonly file: string;
  readonly root: JsonRecord;
  readonly problems: ContractProblem[];
}

/** A value Terraform only knows at plan or apply time: a reference or template in JSON syntax. */
export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && /\$\{|%\{/.test(value.replace(/\$\$\{|%%\{/g, ""));
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function pathText(steps: readonly Step[]): string {
  return steps.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

function report(ctx: Context, steps: readonly Step[], line: number | undefined, problem: string): void {
  ctx.problems.push({
    address: ctx.address,
    attribute: pathText(steps) || "(block)",
    problem,
    source: line ? `${ctx.file}:${line}` : ctx.file,
  });
}

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function boundsText(b: { readonly min?: number; readonly max?: number }): string {
  return b.min !== undefined && b.max !== undefined ? `${b.min}..${b.max}` : b.min !== undefined ? `at least ${b.min}` : `at most ${b.max}`;
}

function outside(n: number, b: { readonly min?: number; readonly max?: number } | undefined): boolean {
  return b !== undefined && ((b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max));
}

/** Values a framework path expression matches, from the attribute at `from` (see PathExpression). */
function resolve(root: JsonRecord, from: readonly Step[], expr: PathExpression): unknown[] {
  let paths: Step[][] = [expr.startsWith("/") ? [] : [...from]];
  for (const segment of expr.split("/").filter((s) => s !== "" && s !== ".")) {
    if (segment === "..") paths = paths.map((p) => p.slice(0, -1));
    else if (segment === "*")
      paths = paths.flatMap((p) => {
        const v = at(root, ...p);
        return Array.isArray(v) ? v.map((_, i) => [...p, i]) : isRecord(v) ? Object.keys(v).map((k) => [...p, k]) : [];
      });
    else paths = paths.map((p) => [...p, segment]);
  }
  const own = pathText(from);
  return paths.filter((p) => pathText(p) !== own).map((p) => at(root, ...p));
}

/** Allowed values, ranges, lengths and patterns of one scalar. */
function checkScalar(ctx: Context, c: Constraints, value: unknown, steps: readonly Step[], line: number): void {
  const text = String(value);
  if (c.oneOf) {
    const allowed = c.oneOf.map((v) => (c.caseInsensitive ? String(v).toLowerCase() : String(v)));
    if (!allowed.includes(c.caseInsensitive ? text.toLowerCase() : text))
      report(ctx, steps, line, `${JSON.stringify(value)} is not allowed; one of: ${list(c.oneOf)}`);
  }
  if (typeof value === "number" && outside(value, c.range))
    report(ctx, steps, line, `${value} is out of range; allowed ${boundsText(c.range ?? {})}`);
  // stringvalidator.Length* count UTF-8 bytes (Go's len).
  if (typeof value === "string" && outside(Buffer.byteLength(value), c.length))
    report(ctx, steps, line, `length ${Buffer.byteLength(value)} is outside ${boundsText(c.length ?? {})}`);
  for (const p of c.patterns ?? []) {
    if (!new RegExp(p.regex, `${p.flags ?? ""}u`).test(text))
      report(ctx, steps, line, `${JSON.stringify(value)} does not match /${p.regex}/ (${p.message})`);
  }
  if (c.equals !== undefined && value !== c.equals) report(ctx, steps, line, `must be ${JSON.stringify(c.equals)}`);
}

/** Terraform's conversions from a JSON value to a primitive type (numbers and bools convert to strings, numeric strings to numbers). */
function primitiveMismatch(type: string, value: unknown, c: Constraints): string | undefined {
  switch (type) {
    case "string":
      return typeof value === "object" ? "expected a string" : undefined;
    case "bool":
      return typeof value === "boolean" || value === "true" || value === "false" ? undefined : "expected a bool";
    case "int64":
    case "int32":
      return Number.isInteger(typeof value === "string" ? Number(value) : value) ? undefined : "expected a whole number";
    case "float64":
    case "float32":
    case "number":
      return typeof value === "number" || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
        ? undefined
        : "expected a number";
    case "dynamic": {
      if (!c.allowedTypes) return undefined;
      const actual =
        typeof value === "number"
          ? ["number", "float64", "float32", "int64", "int32"]
          : typeof value === "string"
            ? ["string"]
            : typeof value === "boolean"
              ? ["bool"]
              : [];
      return actual.some((t) => c.allowedTypes?.includes(t)) ? undefined : `expected one of the types ${c.allowedTypes.join(", ")}`;
    }
    default:
      return `unsupported type ${type}`;
  }
}

/** A value of a Terraform type (primitive or collection of them) with the constraints on it and its elements. */
function checkTyped(ctx: Context, type: TypeSpec, c: Constraints, value: unknown, steps: readonly Step[], line: number): void {
  if (isUnknown(value) || !isSet(value)) return;
  if (typeof type === "string") {
    const mismatch = primitiveMismatch(type, value, c);
    if (mismatch) report(ctx, steps, line, `${mismatch}, got ${JSON.stringify(value)}`);
    else if (typeof value !== "object")
      checkScalar(ctx, c, type.startsWith("int") || type.startsWith("float") || type === "number" ? Number(value) : value, steps, line);
    return;
  }
  if (type.type === "object") {
    if (!isRecord(value)) return report(ctx, steps, line, `expected an object, got ${JSON.stringify(value)}`);
    for (const [k, v] of Object.entries(value)) {
      const t = type.attributeTypes[k];
      if (t === undefined)
        report(ctx, [...steps, k], line, `unknown attribute; the object type has: ${Object.keys(type.attributeTypes).join(", ")}`);
      else checkTyped(ctx, t, {}, v, [...steps, k], line);
    }
    return;
  }
  const entries = collectionEntries(ctx, type.type, c, value, steps, line);
  for (const [key, v] of entries) checkTyped(ctx, type.element, c.elements ?? {}, v, [...steps, key], line);
}

/** The elements of a list, set or map value, after checking its shape and size. */
function collectionEntries(
  ctx: Context,
  kind: string,
  c: Constraints,
  value: unknown,
  steps: readonly Step[],
  line: number,
): [Step, unknown][] {
  const entries: [Step, unknown][] | undefined =
    kind === "map" ? (isRecord(value) ? Object.entries(value) : undefined) : Array.isArray(value) ? value.map((v, i) => [i, v]) : undefined;
  if (!entries) {
    report(ctx, steps, line, `expected a ${kind}, got ${JSON.stringify(value)}`);
    return [];
  }
  if (outside(entries.length, c.size)) report(ctx, steps, line, `${entries.length} elements; allowed ${boundsText(c.size ?? {})}`);
  return entries;
}

function typeOf(spec: AttributeSpec): TypeSpec {
  if (spec.type === "list" || spec.type === "set" || spec.type === "map") return { type: spec.type, element: spec.element ?? "dynamic" };
  if (spec.type === "object") return spec.element ?? { type: "object", attributeTypes: {} };
  return spec.type;
}

function checkAttribute(ctx: Context, spec: AttributeSpec, value: unknown, steps: readonly Step[]): void {
  if (isUnknown(value) || !isSet(value)) return;
  const nested = spec.attributes;
  if (!nested) return checkTyped(ctx, typeOf(spec), spec, value, steps, spec.line);
  if (spec.type === "object") return checkObject(ctx, nested, value, steps, spec);
  for (const [key, element] of collectionEntries(ctx, spec.type, spec, value, steps, spec.line)) {
    if (!isUnknown(element)) checkObject(ctx, nested, element, [...steps, key], spec);
  }
}

/** An object of nested attributes (or the block itself): names, required ones, values, relations. */
function checkObject(
  ctx: Context,
  attributes: Readonly<Record<string, AttributeSpec>>,
  value: unknown,
  steps: readonly Step[],
  parent?: AttributeSpec,
): void {
  if (!isRecord(value)) return report(ctx, steps, parent?.line, `expected an object, got ${JSON.stringify(value)}`);
  const settable = Object.entries(attributes).filter(([, a]) => a.required || a.optional);
  for (const [name, v] of Object.entries(value)) {
    const spec = attributes[name];
    if (!spec)
      report(ctx, [...steps, name], parent?.line, `unknown attribute; the provider accepts: ${settable.map(([n]) => n).join(", ")}`);
    else if (!spec.required && !spec.optional) report(ctx, [...steps, name], spec.line, "read-only (computed) attribute: it cannot be set");
    else checkAttribute(ctx, spec, v, [...steps, name]);
  }
  for (const [name, spec] of settable) {
    if (spec.required && !isSet(value[name])) report(ctx, [...steps, name], spec.line, "required attribute is missing");
    checkRelations(ctx, spec, value[name], [...steps, name]);
  }
  if (parent?.maxSetAttributes !== undefined) {
    const set = Object.values(value).filter((v) => isSet(v) && !isUnknown(v)).length;
    if (set > parent.maxSetAttributes) report(ctx, steps, parent.line, `${set} attributes set; at most ${parent.maxSetAttributes} allowed`);
  }
}

/** The framework's cross-attribute validators, with its handling of null and unknown values. */
function checkRelations(ctx: Context, spec: AttributeSpec, value: unknown, steps: readonly Step[]): void {
  const others = (paths: readonly PathExpression[]) => paths.flatMap((p) => resolve(ctx.root, steps, p));
  const self = isSet(value);
  const say = (problem: string) => report(ctx, steps, spec.line, problem);
  if (self && spec.conflictsWith && others(spec.conflictsWith).some(isSet)) say(`conflicts with ${spec.conflictsWith.join(", ")}`);
  if (self && spec.alsoRequires && !others(spec.alsoRequires).every(isSet)) say(`also requires ${spec.alsoRequires.join(", ")}`);
  if (!self && spec.atLeastOneOf && !others(spec.atLeastOneOf).some(isSet))
    say(`this or one of ${spec.atLeastOneOf.join(", ")} must be set`);
  if (spec.exactlyOneOf && !isUnknown(value)) {
    const group = [value, ...others(spec.exactlyOneOf)];
    const count = group.filter(isSet).length;
    if (!group.some(isUnknown) && count !== 1) say(`exactly one of this and ${spec.exactlyOneOf.join(", ")} must be set (${count} are)`);
  }
  for (const rule of spec.requiresOther ?? []) {
    if (!self || isUnknown(value)) break;
    for (const other of others([rule.path])) {
      const ok = isUnknown(other) || (isSet(other) ? rule.oneOf.includes(String(other)) : rule.orNull === true);
      if (!ok)
        say(
          `can only be set while ${rule.path} is one of ${list(rule.oneOf)}${rule.orNull ? " or unset" : ""}; it is ${JSON.stringify(other ?? null)}`,
        );
    }
  }
  for (const rule of spec.requiredWhen ?? []) {
    if (self) break;
    for (const other of others([rule.path])) {
      if (!isUnknown(other) && isSet(other) && rule.oneOf.includes(String(other)))
        say(`required while ${rule.path} is ${JSON.stringify(other)}`);
    }
  }
}

/** Whole-block validators (resourcevalidator / datasourcevalidator) over root attributes. */
function checkRules(ctx: Context, rules: readonly SchemaRule[]): void {
  for (const rule of rules) {
    const values = rule.paths.map((p) => at(ctx.root, ...p.split("/").filter(Boolean)));
    const count = values.filter(isSet).length;
    const names = rule.paths.join(", ");
    const broken =
      rule.kind === "atLeastOneOf"
        ? count === 0
        : rule.kind === "conflicting"
          ? count > 1
          : rule.kind === "exactlyOneOf"
            ? !values.some(isUnknown) && count !== 1
            : count > 0 && count < values.length;
    if (broken) report(ctx, [], undefined, `${rule.kind} ${names}: ${count} set`);
  }
}

/** Every problem the provider would report for one block's configuration. */
export function checkBlock(spec: SchemaSpec, address: string, body: Readonly<Record<string, unknown>>): ContractProblem[] {
  const root = Object.fromEntries(Object.entries(body).filter(([k]) => !META_ARGUMENTS.has(k)));
  const ctx: Context = { address, file: spec.file, root, problems: [] };
  checkObject(ctx, spec.attributes, root, []);
  checkRules(ctx, spec.rules ?? []);
  return ctx.problems;
}
