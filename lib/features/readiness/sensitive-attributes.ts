import { isRecord, type JsonRecord, literalStr } from "../../core/readiness/values";

/**
 * Attributes the AWS provider marks `Sensitive: true` (hashicorp/terraform-provider-aws, the file named
 * in `source`): a value meant to be secret, so GL-SEC-004 fails any literal there even when the
 * attribute's name is none of the secret scan's `secretKeys` (lib/core/secret-patterns.json), such as an
 * SSM parameter's `value`. Only attributes checked in the provider's source are listed; a name that is
 * in secretKeys (`password`, `master_password`) is already failed on every resource type.
 */
interface SensitiveAttribute {
  readonly type: string;
  readonly attribute: string;
  /** The provider file whose schema marks it sensitive. */
  readonly source: string;
  /**
   * When the attribute holds a secret, given the resource's attributes.
   * @default always
   */
  readonly holdsSecret?: (attrs: JsonRecord) => boolean;
}

/**
 * An SSM parameter's `value` is sensitive for every type in the provider's schema, but only a SecureString
 * is declared secret by its author: a String or StringList is plain configuration that anyone allowed
 * ssm:GetParameter reads in clear. A type that is no literal (an expression) may be SecureString, so it
 * counts as one (fail closed).
 */
function secureStringParameter(attrs: JsonRecord): boolean {
  const type = literalStr(attrs.type);
  return !(type.kind === "value" && (type.value === "String" || type.value === "StringList"));
}

const SENSITIVE_ATTRIBUTES: readonly SensitiveAttribute[] = [
  { type: "aws_ssm_parameter", attribute: "value", source: "internal/service/ssm/parameter.go", holdsSecret: secureStringParameter },
  { type: "aws_secretsmanager_secret_version", attribute: "secret_string", source: "internal/service/secretsmanager/secret_version.go" },
  { type: "aws_secretsmanager_secret_version", attribute: "secret_binary", source: "internal/service/secretsmanager/secret_version.go" },
];

/**
 * The `type.name.attribute` of every provider-sensitive attribute that holds a secret in a stack
 * document's `resource` section (its value unread: GL-SEC-004 decides what is a literal).
 */
export function sensitiveAttributePaths(stack: unknown): ReadonlySet<string> {
  const out = new Set<string>();
  const resources = isRecord(stack) ? stack.resource : undefined;
  if (!isRecord(resources)) return out;
  for (const entry of SENSITIVE_ATTRIBUTES) {
    const blocks = resources[entry.type];
    if (!isRecord(blocks)) continue;
    for (const [name, attrs] of Object.entries(blocks))
      if (isRecord(attrs) && attrs[entry.attribute] !== undefined && (entry.holdsSecret?.(attrs) ?? true))
        out.add(`${entry.type}.${name}.${entry.attribute}`);
  }
  return out;
}
