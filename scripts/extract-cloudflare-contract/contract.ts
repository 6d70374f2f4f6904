/**
 * The shape of the provider contract (__tests__/fixtures/cloudflare-contract.json): what the extractor
 * writes and the provider-contract test reads. One zod schema for both, so the file is checked when read.
 */
import { z } from "zod";

/**
 * A path expression of terraform-plugin-framework, written like a file path: `/zone_id` is
 * `path.MatchRoot("zone_id")`, `../../action` is `path.MatchRelative().AtParent().AtParent().AtName("action")`,
 * `*` any list element. Relative paths start from the attribute the validator sits on.
 */
export type PathExpression = string;

/** Bounds, both inclusive, as the validators declare them. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/** A value check of the framework's or the provider's validators, on an attribute or on its elements. */
export interface Constraints {
  /** stringvalidator.OneOf / OneOfCaseInsensitive, int64validator.OneOf. */
  readonly oneOf?: readonly (string | number)[];
  readonly caseInsensitive?: boolean;
  /** int64validator / float64validator Between, AtLeast, AtMost. */
  readonly range?: Bounds;
  /** stringvalidator.LengthBetween / LengthAtLeast / LengthAtMost (characters). */
  readonly length?: Bounds;
  /** list/set/map validator SizeBetween / SizeAtLeast / SizeAtMost. */
  readonly size?: Bounds;
  /** stringvalidator.RegexMatches, translated to JavaScript (only patterns that mean the same in both). */
  readonly patterns?: readonly { readonly regex: string; readonly flags?: string; readonly message: string }[];
  /** boolvalidator.Equals. */
  readonly equals?: string | number | boolean;
  /** ValueStringsAre / ValueListsAre / ...: checks on each element of a list, set or map. */
  readonly elements?: Constraints;
  /** customvalidator.AllowedSubtypes on a dynamic attribute: the Terraform types its value may have. */
  readonly allowedTypes?: readonly string[];
  /** customvalidator.ObjectSizeAtMost: how many attributes of the object may be set. */
  readonly maxSetAttributes?: number;
  readonly conflictsWith?: readonly PathExpression[];
  readonly alsoRequires?: readonly PathExpression[];
  readonly exactlyOneOf?: readonly PathExpression[];
  readonly atLeastOneOf?: readonly PathExpression[];
  /** customvalidator.RequiresOtherStringAttributeTo(Null|)Be(OneOf): set only while another attribute holds one of these. */
  readonly requiresOther?: readonly { readonly path: PathExpression; readonly oneOf: readonly string[]; readonly orNull?: boolean }[];
  /** customvalidator.RequiredWhenOtherStringIsOneOf: must be set while another attribute holds one of these. */
  readonly requiredWhen?: readonly { readonly path: PathExpression; readonly oneOf: readonly string[] }[];
  /** Validators the extractor does not model (named, so a reader knows what the contract leaves out). */
  readonly unmodelled?: readonly string[];
}

/** A Terraform type of a non-nested collection's elements: `"string"`, or a collection / object of them. */
export type TypeSpec =
  | string
  | { readonly type: "list" | "set" | "map"; readonly element: TypeSpec }
  | { readonly type: "object"; readonly attributeTypes: Readonly<Record<string, TypeSpec>> };

export const ATTRIBUTE_TYPES = [
  "string",
  "bool",
  "int64",
  "int32",
  "float64",
  "float32",
  "number",
  "list",
  "set",
  "map",
  "object",
  "dynamic",
] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface AttributeSpec extends Constraints {
  readonly type: AttributeType;
  readonly required?: boolean;
  readonly optional?: boolean;
  /** Alone (without optional): read-only, setting it in configuration is an error. */
  readonly computed?: boolean;
  readonly deprecated?: boolean;
  /** Elements of a list, set or map attribute without nested attributes. */
  readonly element?: TypeSpec;
  /** Attributes of a single nested object, or of each element of a nested list, set or map. */
  readonly attributes?: Readonly<Record<string, AttributeSpec>>;
  /** Line of the attribute in the schema file, for citing. */
  readonly line: number;
}

/** Whole-configuration validators (resourcevalidator / datasourcevalidator) over root attributes. */
export interface SchemaRule {
  readonly kind: "atLeastOneOf" | "conflicting" | "exactlyOneOf" | "requiredTogether";
  readonly paths: readonly PathExpression[];
}

export interface SchemaSpec {
  /** Path of the schema file in the provider repository. */
  readonly file: string;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  readonly rules?: readonly SchemaRule[];
}

export interface ContractFile {
  readonly provider: string;
  readonly version: string;
  readonly tag: string;
  readonly commit: string;
  readonly source: string;
  readonly generatedBy: string;
  readonly resources: Readonly<Record<string, SchemaSpec>>;
  readonly dataSources: Readonly<Record<string, SchemaSpec>>;
}

const bounds = z.strictObject({ min: z.number().optional(), max: z.number().optional() });
const paths = z.array(z.string()).optional();

const typeSpec: z.ZodType<TypeSpec> = z.lazy(() =>
  z.union([
    z.string(),
    z.strictObject({ type: z.enum(["list", "set", "map"]), element: typeSpec }),
    z.strictObject({ type: z.literal("object"), attributeTypes: z.record(z.string(), typeSpec) }),
  ]),
);

const constraintShape = {
  oneOf: z.array(z.union([z.string(), z.number()])).optional(),
  caseInsensitive: z.boolean().optional(),
  range: bounds.optional(),
  length: bounds.optional(),
  size: bounds.optional(),
  patterns: z.array(z.strictObject({ regex: z.string(), flags: z.string().optional(), message: z.string() })).optional(),
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  allowedTypes: z.array(z.string()).optional(),
  maxSetAttributes: z.number().optional(),
  conflictsWith: paths,
  alsoRequires: paths,
  exactlyOneOf: paths,
  atLeastOneOf: paths,
  requiresOther: z.array(z.strictObject({ path: z.string(), oneOf: z.array(z.string()), orNull: z.boolean().optional() })).optional(),
  requiredWhen: z.array(z.strictObject({ path: z.string(), oneOf: z.array(z.string()) })).optional(),
  unmodelled: z.array(z.string()).optional(),
};

const constraints: z.ZodType<Constraints> = z.lazy(() => z.strictObject({ ...constraintShape, elements: constraints.optional() }));

const attributeSpec: z.ZodType<AttributeSpec> = z.lazy(() =>
  z.strictObject({
    ...constraintShape,
    elements: constraints.optional(),
    type: z.enum(ATTRIBUTE_TYPES),
    required: z.boolean().optional(),
    optional: z.boolean().optional(),
    computed: z.boolean().optional(),
    deprecated: z.boolean().optional(),
    element: typeSpec.optional(),
    attributes: z.record(z.string(), attributeSpec).optional(),
    line: z.number(),
  }),
);

const schemaSpec = z.strictObject({
  file: z.string(),
  attributes: z.record(z.string(), attributeSpec),
  rules: z
    .array(
      z.strictObject({ kind: z.enum(["atLeastOneOf", "conflicting", "exactlyOneOf", "requiredTogether"]), paths: z.array(z.string()) }),
    )
    .optional(),
});

export const ContractFileSchema: z.ZodType<ContractFile> = z.strictObject({
  provider: z.string(),
  version: z.string(),
  tag: z.string(),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  source: z.string(),
  generatedBy: z.string(),
  resources: z.record(z.string(), schemaSpec),
  dataSources: z.record(z.string(), schemaSpec),
});
