import { resourceFinding, type SynthStack } from "../../../core/readiness/model";
import type { EnvView } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { isRecord, isReference } from "../../../core/readiness/values";
import patterns from "../../../core/secret-patterns.json";

/**
 * Credential shapes and secret attribute names: the scanner's set (scripts/secret-scan.sh reads the same
 * file through .secretlintrc.js). Only the patterns for any file or for Terraform JSON apply here; the
 * scanner's documented placeholders do not, since a placeholder in synthesized output is a mistake too.
 */
const SCOPES: ReadonlySet<string> = new Set(["any", "terraform-json"]);

/** A RegExp-like string (`/source/flags`), compiled as secretlint compiles it (u flag; no g, for `test`). */
function regExp(literal: string): RegExp {
  const m = /^\/(.+)\/([a-z]*)$/s.exec(literal);
  if (!m) throw new Error(`lib/core/secret-patterns.json: not a /pattern/: ${literal}`);
  return new RegExp(m[1] ?? "", `${(m[2] ?? "").replace(/[gu]/g, "")}u`);
}

/** Credential shapes recognised anywhere in a string. The matched value is never printed. */
const VALUES: readonly { readonly kind: string; readonly re: RegExp }[] = patterns.values
  .filter((p) => SCOPES.has(p.in))
  .map((p) => ({ kind: p.kind, re: regExp(p.pattern) }));

/** A name and a value: the name is matched against the value's path (`variable.cloudflare_api_token.default`). */
const ASSIGNMENTS: readonly { readonly kind: string; readonly name: RegExp; readonly value: RegExp }[] = patterns.assignments
  .filter((a) => SCOPES.has(a.in))
  .map((a) => ({ kind: a.kind, name: new RegExp(a.key, `${a.flags}u`), value: new RegExp(`^["']?(?:${a.value})`, `${a.flags}u`) }));

/** Attributes whose value is a secret: a literal (anything but a `${...}` reference or empty) is a leak. */
const SECRET_KEYS: ReadonlySet<string> = new Set(patterns.secretKeys);

function isLiteral(value: string): boolean {
  return value.trim() !== "" && !isReference(value);
}

function kindOf(path: readonly (string | number)[], value: string): string | undefined {
  const key = path[path.length - 1];
  if (typeof key === "string" && SECRET_KEYS.has(key) && isLiteral(value)) return `a literal value for "${key}"`;
  const shape = VALUES.find((p) => p.re.test(value));
  if (shape) return shape.kind;
  // The value first: its pattern is anchored and fails at once on almost every string, while a name
  // pattern (unanchored, leading `[...]*`) costs the square of the path's length.
  return ASSIGNMENTS.find((a) => a.value.test(value) && a.name.test(path.join(".")))?.kind;
}

function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
}

/** Walks every value of a stack document; `hit` gets the path and kind of each secret-looking string. */
function scan(value: unknown, path: (string | number)[], hit: (path: readonly (string | number)[], kind: string) => void): void {
  if (typeof value === "string") {
    const kind = kindOf(path, value);
    if (kind) hit(path, kind);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      scan(value[i], path, hit);
      path.pop();
    }
  } else if (isRecord(value)) {
    for (const key in value) {
      if (key === "//") continue;
      path.push(key);
      scan(value[key], path, hit);
      path.pop();
    }
  }
}

function stackFindings(env: EnvView, stack: SynthStack): Finding[] {
  const findings: Finding[] = [];
  scan(stack.json, [], (path, kind) => {
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
    "cdk.tf.json is committed, uploaded as a CI artifact and copied into Terraform state; a key written into it is leaked. Secrets are set out of band (golive secrets set) or passed as variables.",
  fix: "Remove the literal from config and code; reference a variable or Secrets Manager instead, and rotate the leaked credential.",
  check: ({ env }) => outcome(env.stacks.flatMap((s) => stackFindings(env, s))),
};
