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
export { isReference } from "./template-references";
