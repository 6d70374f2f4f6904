/**
 * Reading Go literals of the provider's schema files as contract values: struct fields, constants, and
 * Terraform element types (`types.StringType`, `types.ListType{ElemType: ...}`).
 */
import type { TypeSpec } from "./contract";
import { constant, type GoExpr } from "./go-expr";

export class SchemaReadError extends Error {}

export function fields(expr: GoExpr, what: string): Map<string, GoExpr> {
  if (expr.kind !== "composite") throw new SchemaReadError(`line ${expr.line}: ${what} is not a composite literal`);
  const out = new Map<string, GoExpr>();
  for (const el of expr.elements) if (el.key?.kind === "name") out.set(el.key.name, el.value);
  return out;
}

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

export function constString(expr: GoExpr, where: string): string {
  const v = constant(expr);
  if (typeof v !== "string") throw new SchemaReadError(`line ${expr.line}: ${where}: expected a string constant`);
  return v;
}

export function constNumber(expr: GoExpr | undefined, where: string): number {
  const v = expr ? constant(expr) : undefined;
  if (typeof v !== "number") throw new SchemaReadError(`line ${expr?.line ?? "?"}: ${where}: expected a number constant`);
  return v;
}

/** `types.StringType` / `basetypes.StringType{}` -> Terraform type name. */
const PRIMITIVE_TYPES: Record<string, string> = {
  StringType: "string",
  BoolType: "bool",
  Int64Type: "int64",
  Int32Type: "int32",
  Float64Type: "float64",
  Float32Type: "float32",
  NumberType: "number",
  DynamicType: "dynamic",
};

const COLLECTION_TYPES: Record<string, "list" | "set" | "map"> = { ListType: "list", SetType: "set", MapType: "map" };

/** `map[string]attr.Type{"a": types.StringType, ...}` (ObjectType's AttrTypes, ObjectAttribute's AttributeTypes). */
export function objectType(attrTypes: GoExpr | undefined): TypeSpec {
  const attributeTypes: Record<string, TypeSpec> = {};
  for (const el of attrTypes?.kind === "composite" ? attrTypes.elements : []) {
    if (el.key) attributeTypes[constString(el.key, "attribute type name")] = typeSpec(el.value);
  }
  return { type: "object", attributeTypes };
}

/** Arguments with a spread slice (`selfHostedAppTypes...`, bound to `[]string{...}`) replaced by its elements. */
export function spread(args: readonly GoExpr[]): GoExpr[] {
  return args.flatMap((a) => (a.kind === "composite" ? a.elements.map((el) => el.value) : [a]));
}

/** Element type of a ListAttribute / SetAttribute / MapAttribute. */
export function typeSpec(expr: GoExpr): TypeSpec {
  const name = expr.kind === "name" ? expr.name : expr.kind === "composite" ? expr.type : "";
  const primitive = PRIMITIVE_TYPES[lastSegment(name)];
  if (primitive) return primitive;
  const kind = COLLECTION_TYPES[lastSegment(name)];
  if (kind) {
    const elem = fields(expr, name).get("ElemType");
    if (!elem) throw new SchemaReadError(`line ${expr.line}: ${name} without ElemType`);
    return { type: kind, element: typeSpec(elem) };
  }
  if (lastSegment(name) === "ObjectType") return objectType(fields(expr, name).get("AttrTypes"));
  // A provider type embedding a framework one (snippet's `snippetFileType{ObjectType: types.ObjectType{...}}`).
  const embedded =
    expr.kind === "composite"
      ? expr.elements.find((el) => el.key?.kind === "name" && /^(Object|List|Set|Map)Type$/.test(el.key.name))
      : undefined;
  if (embedded) return typeSpec(embedded.value);
  throw new SchemaReadError(`line ${expr.line}: unsupported element type ${name || expr.kind}`);
}
