/**
 * Narrowing helpers for synthesized Terraform JSON, which enters as `unknown`. Rules read attributes
 * through these so a missing or oddly typed attribute is "absent", never a crash or a cast.
 */
export {
  at,
  bool,
  collectStrings,
  field,
  isRecord,
  isTemplate,
  list,
  type Literal,
  literalBool,
  literalStr,
  num,
  records,
  str,
  strings,
  templateIn,
  templatesIn,
  type JsonRecord,
} from "../json";

/** A whole-value Terraform reference such as `${aws_kms_key.Key_1234.arn}`. */
export function isReference(value: string): boolean {
  return value.startsWith("${") && value.endsWith("}");
}
