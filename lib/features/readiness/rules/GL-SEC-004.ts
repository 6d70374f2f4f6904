import { resourceFinding, type SynthStack } from "../../../core/readiness/model";
import type { EnvView } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { isRecord, isReference } from "../../../core/readiness/values";
import { assignedCredentialKind, credentialKind, SECRET_KEYS } from "../../../core/credential-shapes";
import { isCommentHolder } from "../../../core/terraform-comments";
import { formatPath } from "../../../core/issues";
import { sensitiveAttributePaths } from "../sensitive-attributes";

function isLiteral(value: string): boolean {
  return value.trim() !== "" && !isReference(value);
}

/**
 * What a value holds: a literal under a secret attribute, a credential of the secret scan's set
 * (lib/core/secret-patterns.json: its shapes and the copies of its preset rules' patterns, the ones
 * that apply to any file or to Terraform JSON), or one assigned to a name its path spells. The scan's
 * documented placeholders are not exempt: a placeholder in synthesized output is a mistake too.
 * `sensitive` holds the `type.name.attribute` of the provider-sensitive attributes of the stack's
 * resources (../sensitive-attributes.ts), whose literals fail whatever their name.
 */
function kindOf(path: readonly (string | number)[], value: string, sensitive: ReadonlySet<string>): string | undefined {
  const key = path[path.length - 1];
  if (typeof key === "string" && SECRET_KEYS.has(key) && isLiteral(value)) return `a literal value for "${key}"`;
  if (path.length === 4 && path[0] === "resource" && sensitive.has(path.slice(1).join(".")) && isLiteral(value))
    return `a literal value for "${String(key)}", which the AWS provider marks sensitive`;
  return credentialKind(value) ?? assignedCredentialKind(path.join("."), value);
}

/**
 * Walks every value of a stack document; `hit` gets the path and kind of each secret-looking string.
 * cdktf's comments are skipped (lib/core/terraform-comments.ts); a `//` key anywhere else is a value
 * Terraform sends.
 */
function scan(
  value: unknown,
  path: (string | number)[],
  sensitive: ReadonlySet<string>,
  hit: (path: readonly (string | number)[], kind: string) => void,
): void {
  if (typeof value === "string") {
    const kind = kindOf(path, value, sensitive);
    if (kind) hit(path, kind);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      scan(value[i], path, sensitive, hit);
      path.pop();
    }
  } else if (isRecord(value)) {
    const comments = isCommentHolder(path);
    for (const key in value) {
      if (key === "//" && comments) continue;
      path.push(key);
      scan(value[key], path, sensitive, hit);
      path.pop();
    }
  }
}

function stackFindings(env: EnvView, stack: SynthStack): Finding[] {
  const findings: Finding[] = [];
  scan(stack.json, [], sensitiveAttributePaths(stack.json), (path, kind) => {
    const [section, type, name, ...rest] = path;
    const address = section === "data" ? `data.${String(type)}.${String(name)}` : `${String(type)}.${String(name)}`;
    const resource = section === "resource" || section === "data" ? env.byAddress(address) : undefined;
    if (resource) findings.push(resourceFinding(resource, `${formatPath(rest)} holds ${kind} (value not shown)`));
    else
      findings.push({
        message: `${formatPath(path)} holds ${kind} (value not shown)`,
        location: { kind: "stack", stack: stack.name, file: stack.file },
      });
  });
  return findings;
}

export const noSecretLiterals: Rule = {
  id: "GL-SEC-004",
  title: "No secret literal anywhere in the synthesized output",
  severity: "blocker",
  row: "secrets",
  explanation:
    "cdk.tf.json can be committed or uploaded as a CI artifact, and is copied into Terraform state; a key written into it is leaked. Secrets are written out of band (golive secrets put) or passed as variables.",
  fix: "Remove the literal from config and code; reference a variable or Secrets Manager instead, and rotate the leaked credential.",
  check: ({ env }) => outcome(env.stacks.flatMap((s) => stackFindings(env, s))),
};
