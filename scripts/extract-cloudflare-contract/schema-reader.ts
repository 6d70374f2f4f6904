/**
 * Turns a provider schema function's parsed return value (`schema.Schema{Attributes: ...}`) into the
 * contract's attribute specs. Attribute kinds and validators are those of terraform-plugin-framework
 * (https://developer.hashicorp.com/terraform/plugin/framework/handling-data/attributes), its
 * terraform-plugin-framework-validators module, and the provider's internal/customvalidator package.
 */
import type { AttributeSpec, AttributeType, SchemaRule, SchemaSpec } from "./contract";
import { calleeName, constant, type GoExpr, returnedExpression } from "./go-expr";
import { packageValues, substitute } from "./go-package";
import { tokenize } from "./go-tokens";
import { constString, fields, lastSegment, objectType, SchemaReadError, typeSpec } from "./literals";
import { constraintsOf, pathArgs } from "./validators";

/** `schema.StringAttribute` -> its contract type; nested kinds carry attributes instead of an element type. */
const ATTRIBUTE_KINDS: Record<string, { readonly type: AttributeType; readonly nested?: boolean }> = {
  StringAttribute: { type: "string" },
  BoolAttribute: { type: "bool" },
  Int64Attribute: { type: "int64" },
  Int32Attribute: { type: "int32" },
  Float64Attribute: { type: "float64" },
  Float32Attribute: { type: "float32" },
  NumberAttribute: { type: "number" },
  DynamicAttribute: { type: "dynamic" },
  ListAttribute: { type: "list" },
  SetAttribute: { type: "set" },
  MapAttribute: { type: "map" },
  ObjectAttribute: { type: "object" },
  SingleNestedAttribute: { type: "object", nested: true },
  ListNestedAttribute: { type: "list", nested: true },
  SetNestedAttribute: { type: "set", nested: true },
  MapNestedAttribute: { type: "map", nested: true },
};

function isTrue(expr: GoExpr | undefined): boolean {
  return expr !== undefined && constant(expr) === true;
}

/** One attribute literal (`schema.StringAttribute{...}`). */
export function readAttribute(expr: GoExpr): AttributeSpec {
  if (expr.kind !== "composite") throw new SchemaReadError(`line ${expr.line}: attribute is not a composite literal`);
  const kind = ATTRIBUTE_KINDS[lastSegment(expr.type)];
  if (!kind) throw new SchemaReadError(`line ${expr.line}: unsupported attribute kind ${expr.type}`);
  const f = fields(expr, expr.type);
  const required = isTrue(f.get("Required"));
  const optional = isTrue(f.get("Optional"));
  const computed = isTrue(f.get("Computed"));
  const flags = { ...(required ? { required } : {}), ...(optional ? { optional } : {}), ...(computed ? { computed } : {}) };
  const deprecated = f.has("DeprecationMessage") ? { deprecated: true } : {};
  // A read-only attribute cannot be configured at all: its element types and validators never apply.
  if (!required && !optional) return { type: kind.type, ...flags, ...deprecated, line: expr.line };
  const nestedSource = kind.type === "object" ? f.get("Attributes") : f.get("NestedObject");
  const nested = kind.nested
    ? readAttributes(kind.type === "object" ? nestedSource : nestedSource && fields(nestedSource, "NestedObject").get("Attributes"))
    : undefined;
  const elementType = f.get("ElementType");
  const attributeTypes = f.get("AttributeTypes");
  const element = elementType ? { element: typeSpec(elementType) } : {};
  // An ObjectAttribute (not nested) declares its attributes' types only: checked like an element type.
  const objectTypes = attributeTypes ? { element: objectType(attributeTypes) } : {};
  return {
    type: kind.type,
    ...flags,
    ...deprecated,
    ...element,
    ...objectTypes,
    ...(nested ? { attributes: nested } : {}),
    ...constraintsOf(f.get("Validators")),
    line: expr.line,
  };
}

/** `map[string]schema.Attribute{"name": ..., ...}`. */
export function readAttributes(expr: GoExpr | undefined): Record<string, AttributeSpec> {
  if (expr?.kind !== "composite") throw new SchemaReadError(`line ${expr?.line ?? "?"}: Attributes is not a map literal`);
  const out: Record<string, AttributeSpec> = {};
  for (const el of expr.elements) {
    if (!el.key) throw new SchemaReadError(`line ${el.value.line}: attribute without a name`);
    out[constString(el.key, "attribute name")] = readAttribute(el.value);
  }
  return out;
}

/** The attributes of `schema.Schema{Attributes: ...}`. Blocks do not occur in v5's generated schemas: refuse them. */
export function readSchema(expr: GoExpr): Record<string, AttributeSpec> {
  const f = fields(expr, "schema.Schema");
  if (f.has("Blocks")) throw new SchemaReadError(`line ${expr.line}: schema blocks are not supported`);
  return readAttributes(f.get("Attributes"));
}

const RULE_KINDS: Record<string, SchemaRule["kind"]> = {
  AtLeastOneOf: "atLeastOneOf",
  Conflicting: "conflicting",
  ExactlyOneOf: "exactlyOneOf",
  RequiredTogether: "requiredTogether",
};

/** `[]resource.ConfigValidator{resourcevalidator.Conflicting(path.MatchRoot("a"), ...), ...}`. */
export function readConfigValidators(expr: GoExpr | undefined): { rules: SchemaRule[]; unmodelled: string[] } {
  const rules: SchemaRule[] = [];
  const unmodelled: string[] = [];
  for (const el of expr?.kind === "composite" ? expr.elements : []) {
    const name = calleeName(el.value);
    const kind = RULE_KINDS[lastSegment(name)];
    if (kind && el.value.kind === "call") rules.push({ kind, paths: pathArgs(el.value.args) });
    else unmodelled.push(name || (el.value.kind === "composite" ? el.value.type : el.value.kind));
  }
  return { rules, unmodelled };
}

/**
 * The contract of the schema function `fn` in `file`, one of a Go package's sources (name -> text, tests
 * left out). Package-level values the schema names (`selfHostedAppTypes...`) are bound from all of them.
 * Also returns the names of whole-block validators it does not model.
 */
export function readSchemaSource(
  sources: ReadonlyMap<string, string>,
  file: string,
  fn: string,
): { spec: Omit<SchemaSpec, "file">; unmodelled: string[] } {
  const tokens = new Map([...sources].map(([name, text]) => [name, tokenize(text)]));
  const own = tokens.get(file);
  if (!own) throw new SchemaReadError(`no source ${file}`);
  const values = packageValues([...tokens.values()]);
  const returned = (name: string) => {
    const expr = returnedExpression(own, name);
    return expr && substitute(expr, values);
  };
  const schema = returned(fn);
  if (!schema) throw new SchemaReadError(`no func ${fn}`);
  const { rules, unmodelled } = readConfigValidators(returned("ConfigValidators"));
  return { spec: { attributes: readSchema(schema), ...(rules.length ? { rules } : {}) }, unmodelled };
}
