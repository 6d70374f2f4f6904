import { z } from "zod";
import { NAMED_RECORD_VALUES } from "./fields";

/**
 * What a field allows, in words, read from its zod schema, for the problems zod words itself ("Invalid
 * input: expected string"): those name neither the keys a section needs nor the values a field takes.
 * zod drops the schema from its issues once they are finished, so the field is found again by its path
 * from the root schema. A field's own messages already say what it allows (`must be a 32-character
 * lower-case hex id`), so they are reused; an enum lists its values, a number its range, a mapping its
 * required keys, a list its bounds and its entries. Undefined whenever the schema cannot tell (a
 * transform, a custom check, options that disagree), so the caller keeps zod's own text.
 */

type Schema = z.core.$ZodType;

/** The schema a wrapper stands for: defaults, optional and readonly take the same input; a pipe its first stage's. */
function unwrapped(schema: Schema): Schema {
  let at = schema;
  while (!NAMED_RECORD_VALUES.has(at)) {
    if (
      at instanceof z.core.$ZodOptional ||
      at instanceof z.core.$ZodNullable ||
      at instanceof z.core.$ZodDefault ||
      at instanceof z.core.$ZodPrefault ||
      at instanceof z.core.$ZodNonOptional ||
      at instanceof z.core.$ZodReadonly ||
      at instanceof z.core.$ZodCatch
    )
      at = at._zod.def.innerType;
    else if (at instanceof z.core.$ZodPipe) at = at._zod.def.in;
    else break;
  }
  return at;
}

/** The schemas one step below `schema` at `key`: several where a union's options all have the key. */
function children(schema: Schema, key: string | number): Schema[] {
  const named = NAMED_RECORD_VALUES.get(schema);
  if (named) return typeof key === "string" ? [named] : [];
  if (schema instanceof z.core.$ZodObject) {
    const child = typeof key === "string" && Object.hasOwn(schema._zod.def.shape, key) ? schema._zod.def.shape[key] : undefined;
    return child ? [child] : [];
  }
  if (schema instanceof z.core.$ZodArray) return typeof key === "number" ? [schema._zod.def.element] : [];
  if (schema instanceof z.core.$ZodRecord) return typeof key === "string" ? [schema._zod.def.valueType] : [];
  if (schema instanceof z.core.$ZodUnion) return schema._zod.def.options.flatMap((option) => children(unwrapped(option), key));
  return [];
}

/** Every schema `path` can lead to from `root`, each unwrapped; none when the path leaves the schema. */
function schemasAt(root: Schema, path: readonly (string | number)[]): Schema[] {
  let at = [unwrapped(root)];
  for (const key of path) at = at.flatMap((schema) => children(schema, key).map(unwrapped));
  return at;
}

/**
 * What the field at `path` below `root` allows; through a union, what any of its options allows there
 * (a discriminator: the options' values).
 */
export function allowedAt(root: Schema, path: readonly (string | number)[]): string | undefined {
  const found = schemasAt(root, path);
  return found.length > 0 ? describeUnion(found) : undefined;
}

/** The option of the union at `path` below `root` that zod's `index`-th list of union errors belongs to. */
export function unionOptionAt(root: Schema, path: readonly (string | number)[], index: number): Schema | undefined {
  const [union, other] = schemasAt(root, path);
  return other === undefined && union instanceof z.core.$ZodUnion ? union._zod.def.options[index] : undefined;
}

/** Values as zod's own messages list them: `"free"|"pro"`, `301|308`. */
export function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v)));
  return shown.length === 1 ? (shown[0] as string) : `one of ${shown.join("|")}`;
}

const described = new WeakMap<Schema, string | undefined>();

/** What `schema` allows, in words (remembered per schema: a file with many problems asks often). */
export function describeAllowed(schema: Schema): string | undefined {
  if (!described.has(schema)) described.set(schema, describe(unwrapped(schema)));
  return described.get(schema);
}

function describe(schema: Schema): string | undefined {
  const named = NAMED_RECORD_VALUES.get(schema);
  if (named) return mappingOf(named);
  if (schema instanceof z.core.$ZodRecord) return mappingOf(schema._zod.def.valueType);
  if (schema instanceof z.core.$ZodString) return describeText(schema);
  if (schema instanceof z.core.$ZodNumber) return describeNumber(schema);
  if (schema instanceof z.core.$ZodBoolean) return "true or false";
  if (schema instanceof z.core.$ZodEnum) return oneOf(Object.values(schema._zod.def.entries));
  if (schema instanceof z.core.$ZodLiteral) return oneOf(schema._zod.def.values);
  if (schema instanceof z.core.$ZodObject) return describeMapping(schema._zod.def.shape);
  if (schema instanceof z.core.$ZodArray) return describeList(schema);
  if (schema instanceof z.core.$ZodDiscriminatedUnion) {
    const key = schema._zod.def.discriminator;
    const values = schema._zod.propValues?.[key];
    return values ? `a mapping whose ${key} is ${oneOf([...values])}` : undefined;
  }
  if (schema instanceof z.core.$ZodUnion) return describeUnion(schema._zod.def.options.map(unwrapped));
  return undefined;
}

function mappingOf(value: Schema): string {
  const each = describeAllowed(value);
  return `a mapping of names${each ? `, each ${each}` : ""}`;
}

/** `301|308` for literals; otherwise each option's words, when every option has some. */
function describeUnion(options: readonly Schema[]): string | undefined {
  const literals = options.flatMap((o) => (o instanceof z.core.$ZodLiteral ? o._zod.def.values : []));
  if (options.every((o) => o instanceof z.core.$ZodLiteral)) return oneOf(literals);
  const each = options.map(describeAllowed);
  return each.every((d) => d !== undefined) ? [...new Set(each)].join(" or ") : undefined;
}

/** Required keys (those a missing value fails, required sections included), else every key. */
function describeMapping(shape: z.core.$ZodShape): string {
  const keys = Object.keys(shape);
  const required = keys.filter((key) => {
    const field = shape[key];
    return field !== undefined && !z.safeParse(field, undefined).success;
  });
  if (required.length > 0) return `a mapping with ${required.join(", ")}`;
  return keys.length > 0 ? `a mapping (every key optional: ${keys.join(", ")})` : "a mapping";
}

/** The message a check was given (`.regex(re, "must be ...")`), or undefined when it has zod's own. */
function ownMessage(check: z.core.$ZodCheck<never> | z.core.$ZodType): string | undefined {
  const error = check._zod.def.error;
  if (typeof error !== "function") return undefined;
  try {
    // A message given as text is kept as `() => text`, which takes no issue: zod's types say it takes
    // one, of a type nothing can be (never), hence Reflect. One that reads its issue throws here and counts as none.
    const out: unknown = Reflect.apply(error, undefined, []);
    if (typeof out === "string") return out;
    return typeof out === "object" && out !== null && "message" in out && typeof out.message === "string" ? out.message : undefined;
  } catch {
    return undefined;
  }
}

/** A field's "must be X" as what is allowed: `X`; other wordings kept whole. */
function fromMessage(message: string): string {
  if (message.startsWith("must be ")) return message.slice("must be ".length);
  return /^(must|may) /.test(message) ? `text that ${message}` : `text (${message})`;
}

type Bounds = { min?: number; max?: number };

/** ` of 1-20 entries`, ` of at least 1 entry`, `` without bounds. */
function counted({ min, max }: Bounds, unit: string, units: string): string {
  const noun = (max ?? min) === 1 ? unit : units;
  if (min !== undefined && max !== undefined) return min === max ? ` of ${min} ${noun}` : ` of ${min}-${max} ${noun}`;
  if (min !== undefined) return ` of at least ${min} ${noun}`;
  return max !== undefined ? ` of at most ${max} ${noun}` : "";
}

/** The length bounds of a string or list. */
function lengthBounds(checks: readonly z.core.$ZodCheck<never>[]): Bounds {
  const bounds: Bounds = {};
  for (const check of checks) {
    if (check instanceof z.core.$ZodCheckMinLength) bounds.min = Math.max(bounds.min ?? 0, check._zod.def.minimum);
    if (check instanceof z.core.$ZodCheckMaxLength) bounds.max = Math.min(bounds.max ?? Infinity, check._zod.def.maximum);
    if (check instanceof z.core.$ZodCheckLengthEquals) bounds.min = bounds.max = check._zod.def.length;
  }
  return bounds;
}

/** A pattern's own message (the first one given), else its pattern or format; else text of so many characters. */
function describeText(schema: z.core.$ZodString): string {
  const checks = schema._zod.def.checks ?? [];
  const formats = [schema, ...checks].filter((c) => c instanceof z.core.$ZodCheckStringFormat);
  for (const format of formats) {
    const message = ownMessage(format);
    if (message !== undefined) return fromMessage(message);
  }
  const [first] = formats;
  if (first)
    return first._zod.def.format === "regex" ? `text matching ${first._zod.def.pattern}` : `text in ${first._zod.def.format} format`;
  return `text${counted(lengthBounds(checks), "character", "characters")}`;
}

/** `a whole number from 50 to 10000`, `a number of at least 0`, `a whole number above 0 and below 9`. */
function describeNumber(schema: z.core.$ZodNumber): string {
  const checks = [schema, ...(schema._zod.def.checks ?? [])];
  const whole = checks.some((c) => c instanceof z.core.$ZodCheckNumberFormat && /int/.test(c._zod.def.format));
  const noun = whole ? "a whole number" : "a number";
  let low: { value: string; inclusive: boolean } | undefined;
  let high: { value: string; inclusive: boolean } | undefined;
  for (const check of checks) {
    if (check instanceof z.core.$ZodCheckGreaterThan) low = { value: String(check._zod.def.value), inclusive: check._zod.def.inclusive };
    if (check instanceof z.core.$ZodCheckLessThan) high = { value: String(check._zod.def.value), inclusive: check._zod.def.inclusive };
  }
  if (low?.inclusive && high?.inclusive) return `${noun} from ${low.value} to ${high.value}`;
  const parts = [
    low && `${low.inclusive ? "at least" : "above"} ${low.value}`,
    high && `${high.inclusive ? "at most" : "below"} ${high.value}`,
  ].filter((p) => p !== undefined);
  const range = parts.join(" and ");
  return range === "" ? noun : `${noun} ${range.startsWith("at ") ? "of " : ""}${range}`;
}

/** `a list of 1-20 entries, each <what an entry allows>`. */
function describeList(schema: z.core.$ZodArray): string {
  const each = describeAllowed(schema._zod.def.element);
  return `a list${counted(lengthBounds(schema._zod.def.checks ?? []), "entry", "entries")}${each ? `, each ${each}` : ""}`;
}
