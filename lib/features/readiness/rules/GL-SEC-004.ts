import { resourceFinding, type SynthStack } from "../../../core/readiness/model";
import type { EnvView } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { isRecord, isReference } from "../../../core/readiness/values";

/** Credential shapes recognised anywhere in a string. The matched value is never printed. */
const PATTERNS: readonly { readonly kind: string; readonly re: RegExp }[] = [
  { kind: "an AWS access key id", re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: "a private key", re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { kind: "an API key (sk-...)", re: /\b(sk|rk)-(proj-|live_|test_|ant-)?(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/ },
  { kind: "a Slack webhook URL", re: /https:\/\/hooks\.slack\.com\/(services|workflows)\/[A-Za-z0-9/_-]+/ },
  { kind: "a PagerDuty integration URL", re: /https:\/\/events\.pagerduty\.com\/integration\/[a-z0-9]{20,}/i },
  { kind: "a password in a URL", re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"]+:[^\s/@"]+@/i },
  { kind: "a GitHub token", re: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/ },
];

/** Attributes whose value is a secret: a literal (anything but a `${...}` reference or empty) is a leak. */
const SECRET_KEYS = new Set([
  "secret_string",
  "secret_string_wo",
  "secret_binary",
  "password",
  "master_password",
  "client_secret",
  "api_key",
  "api_token",
  "private_key",
  "secret_key",
  "access_key",
  "secret_access_key",
  "token",
  "routing_key",
  "integration_key",
  "webhook_secret",
  "domain_signing_private_key",
]);

function isLiteral(value: string): boolean {
  return value.trim() !== "" && !isReference(value);
}

function kindOf(key: string | undefined, value: string): string | undefined {
  if (key !== undefined && SECRET_KEYS.has(key) && isLiteral(value)) return `a literal value for "${key}"`;
  if (value.length < 20) return undefined;
  return PATTERNS.find((p) => p.re.test(value))?.kind;
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
    const last = path[path.length - 1];
    const kind = kindOf(typeof last === "string" ? last : undefined, value);
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
