/**
 * Credential redaction for everything plan-report prints, failing closed: a value that looks like a
 * credential, or that cannot be classified (a private key block without its end, an encoded blob too
 * long to read, a value under a secret-named attribute Terraform forgot to mark), is replaced, never
 * printed. Terraform's sensitivity marks remain the first protection (values.ts); this catches what
 * reaches a plan unmarked (TXT contents, Lambda environment variables, outputs, addresses).
 *
 * The credential shapes come first from lib/core/secret-patterns.json (the set the secret scan and
 * GL-SEC-004 use, and copies of the patterns of the scan's preset rules), compiled once in
 * lib/core/credential-shapes.ts, then the shapes below that a plan carries and source files do not.
 */
import { hideCredentialShapes, mayHoldCredential, SECRET_KEYS, WEBHOOK_URLS } from "../credential-shapes";
import { isRecord } from "../json";
import { decodeJsonString } from "./json-attributes";

export { mayHoldCredential };

/** What a redacted value reads as; parentheses, not brackets: `[x](url)` after it could form a link. */
export const REDACTED_VALUE = "(redacted)";

/**
 * A run of exactly `n` characters of `alphabet` (or `n` or more with `more`), with upper case, lower case
 * and at least three digits: random, not a word or a path. Two alphabets, base64 (`+/`) and base64url or
 * token (`-_`), so a construct path (`edge-production/Zone/Resource`), which mixes `/` and `-`, never
 * reads as one long run.
 */
function randomRun(alphabet: string, n: number, more = false, not = ""): RegExp {
  const c = `[${alphabet}]`;
  return new RegExp(
    `(?<![${alphabet}=])${not}(?=${c}*?[A-Z])(?=${c}*?[a-z])(?=(?:${c}*?[0-9]){3})${c}{${n}${more ? "," : ""}}${more ? "={0,2}" : ""}(?![${alphabet}=])`,
    "g",
  );
}
const B64 = "A-Za-z0-9+\\/";
const TOKEN = "A-Za-z0-9_\\-";

/** Credential shapes plans carry (issue #14: 15 kinds seen leaking through TXT records, outputs and Lambda env). */
const PLAN_SHAPES: readonly RegExp[] = [
  // AWS session tokens (STS), by their fixed base64 prefix.
  /(?:FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj)[A-Za-z0-9/+=]{20,}/g,
  randomRun(B64, 40), // AWS secret access keys
  randomRun(TOKEN, 40, false, `(?!${"[A-Za-z0-9_-]"}{31}_[0-9A-F]{8}(?![A-Za-z0-9_-]))`), // Cloudflare tokens, not a cdktf logical id
  // An encoded value too long to classify (session tokens, keys, blobs): it is not shown.
  randomRun(B64, 100, true),
  randomRun(TOKEN, 100, true),
  /\bxox[abposre]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bxapp-\d-[A-Za-z0-9-]{10,}/g, // Slack app tokens
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google API keys
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, // JWTs
  /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/g, // Discord webhooks
  /\bnpm_[A-Za-z0-9]{36}\b/g, // npm tokens
  /\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)=[^;"'\s\\]+/g, // Azure connection strings
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]{12,}=*/g,
  ...WEBHOOK_URLS,
];

/** Names of attributes, variables and keys whose value is a secret (`DB_PASSWORD`, `DB_PASS`, `api_key`, `client_secret`). */
const SECRET_NAME =
  /(?:password|passwd|pwd|(?<![a-z])pass|secret|token|api[_-]?key|app[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|signing[_-]?key|credentials?|connection[_-]?string)$/i;
/** `dbPass`: a camel-case name ending in Pass (`bypass` is a word, not a name). */
const CAMEL_PASS = /[a-z0-9]Pass$/;

/** True when a value stored under this name is a secret whatever it looks like. */
export function isSecretName(name: string | number | undefined): boolean {
  return typeof name === "string" && (SECRET_KEYS.has(name) || SECRET_NAME.test(name) || CAMEL_PASS.test(name));
}

/** Names that call their value a key, token or secret (`DATADOG_KEY`, `cloudflare_global_key`, `X-Auth-Key`). */
const KEY_NAME = /(?:key|token|secret)$/i;
/** A bare hex key: Datadog API (32) and application (40) keys, Cloudflare's global API key (37). */
const HEX_KEY = /^[0-9a-f]{32,64}$/i;

/**
 * True when a value under this name is not shown: a secret name, or a bare hex key under a name that
 * says key, token or secret. A hex value elsewhere (an etag, a commit id, a pool id) is an ordinary hash.
 */
export function isSecretValue(name: string | number | undefined, value: string): boolean {
  return isSecretName(name) || (typeof name === "string" && KEY_NAME.test(name) && HEX_KEY.test(value));
}

/**
 * Where a name starts that is a segment of a colon path, not the name of an assignment: after `:` and
 * followed by `:` and more (`arn:aws:secretsmanager:us-east-1:111111111111:secret:db-a1B2c3`, a
 * `service:resource-type:name` form). `secret:abc123` and `secret: abc123` stay assignments.
 */
const NOT_A_PATH_SEGMENT = String.raw`(?!(?<=:)[A-Za-z0-9_.-]*:[^\s:])`;

/**
 * `name=value`, `name: value`, `"name":"value"` (also JSON-escaped) with a secret-looking name: the
 * value goes. true, false, null and numbers stay (`require_password: true` is a setting, not a secret).
 */
const ASSIGNMENT = new RegExp(
  String.raw`((?<![A-Za-z0-9_.-])${NOT_A_PATH_SEGMENT}[A-Za-z0-9_.-]*?(?:password|passwd|pwd|(?<![a-z])pass|secret|token|api[_-]?key|app[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?)(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)(?!(?:true|false|null)\b|\d+\b|\(sensitive\)|\(redacted\))[^\s"'\\;&,}` +
    "`]{4,}",
  "gi",
);

/** A bare hex key after a name that says key, token or secret (`DATADOG_KEY=…`, `X-Auth-Key: …`). */
const HEX_KEY_ASSIGNMENT = new RegExp(
  String.raw`((?<![A-Za-z0-9_.-])${NOT_A_PATH_SEGMENT}[A-Za-z0-9_.-]*?(?:key|token|secret)(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)[0-9a-f]{32,64}(?![0-9A-Za-z])`,
  "gi",
);

/**
 * A 40-character base64 value after a name holding "secret", also without `=` (`aws configure set
 * aws_secret_access_key …`): an AWS secret access key, including AWS's documented example, whose few
 * digits the shape of a random run (three or more) misses.
 */
const SECRET_KEY_CONTEXT = new RegExp(
  String.raw`((?<![A-Za-z0-9_.-])${NOT_A_PATH_SEGMENT}[A-Za-z0-9_.-]*?secret[A-Za-z0-9_.-]*(?:\\?["'])?(?:\s*[:=]\s*|\s+)(?:\\?["'])?)(?=[A-Za-z0-9+/]{0,39}[A-Z])(?=[A-Za-z0-9+/]{0,39}[a-z])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])`,
  "gi",
);

/** A command-line flag carrying a secret: `--password X`, `--api-key=X`. */
const CLI_SECRET_FLAG = /((?<![A-Za-z0-9_-])--?(?:password|passwd|pass|token|secret|api[_-]?key)(?:\s+|=))(?!-)[^\s"'\\]{4,}/gi;

/**
 * The MySQL and MariaDB clients' `-pSECRET`: the password glued to `-p`
 * (dev.mysql.com/doc/refman/8.4/en/connection-options.html#option_general_password). Only on a line
 * that runs one of them: elsewhere `-p` is a port, a path or `mkdir -p`.
 */
const MYSQL_PASSWORD_FLAG =
  /(\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mariadb|mariadb-dump)\b[^\n]*?\s-p)(?![\s'"-])[^\s"'\\]+/gi;

function apply(text: string, perLine: boolean): string {
  if (!mayHoldCredential(text)) return text;
  let out = hideCredentialShapes(text, REDACTED_VALUE, perLine);
  for (const re of PLAN_SHAPES) out = out.replace(re, REDACTED_VALUE);
  return out
    .replace(SECRET_KEY_CONTEXT, `$1${REDACTED_VALUE}`)
    .replace(HEX_KEY_ASSIGNMENT, `$1${REDACTED_VALUE}`)
    .replace(ASSIGNMENT, `$1${REDACTED_VALUE}`)
    .replace(CLI_SECRET_FLAG, `$1${REDACTED_VALUE}`)
    .replace(MYSQL_PASSWORD_FLAG, `$1${REDACTED_VALUE}`);
}

/** A value or message with every credential-shaped part replaced; a value that cannot be scanned is replaced whole. */
export function redactCredentials(text: string): string {
  try {
    return apply(text, false);
  } catch {
    return REDACTED_VALUE;
  }
}

/** A whole rendered report (one value per line), line by line; a report that cannot be scanned is not printed. */
export function redactReportText(text: string): string {
  try {
    return text
      .split("\n")
      .map((line) => apply(line, true))
      .join("\n");
  } catch {
    return `${REDACTED_VALUE}\n`;
  }
}

/** Keys naming the value of a `{name: "DB_PASSWORD", value: "…"}` pair (ECS and Lambda environments, SSM, tags). */
const PAIR_NAMES = ["name", "Name", "key", "Key"] as const;
const PAIR_VALUES: ReadonlySet<string> = new Set(["value", "Value"]);

/**
 * The name a value is stored under: its key, or for the value of a name/value pair the pair's name, so
 * `{name: "DB_PASSWORD", value: X}` hides X as `{DB_PASSWORD: X}` does. `others` are more versions of
 * the same object (before and after a change): a secret name in any of them counts.
 */
export function pairedName(record: Readonly<Record<string, unknown>>, key: string, others: readonly unknown[] = []): string {
  if (!PAIR_VALUES.has(key)) return key;
  for (const r of [record, ...others])
    if (isRecord(r))
      for (const n of PAIR_NAMES) {
        const name = r[n];
        if (typeof name === "string" && isSecretName(name)) return name;
      }
  return key;
}

/** JSON documents inside JSON strings decoded at most this deep (a task definition's env holding JSON). */
const MAX_JSON_DEPTH = 4;
/** A text that may hold a secret-named key: worth walking; most values do not. */
const MAY_NAME_SECRET = /pass|pwd|secret|token|key|credential|connection/i;

/**
 * `value` with every string under a secret-named key (or name/value pair) replaced, also inside JSON
 * documents held in strings, nested up to MAX_JSON_DEPTH: a string holding one is re-encoded only when
 * something in it was replaced. The same object back when nothing was (most values: one regex test).
 */
export function redactSecretNamed(value: unknown, name?: string | number, depth = 0): unknown {
  if (typeof value === "string") {
    if (value !== "" && name !== undefined && isSecretValue(name, value)) return REDACTED_VALUE;
    if (depth >= MAX_JSON_DEPTH || !MAY_NAME_SECRET.test(value)) return value;
    const doc = decodeJsonString(value);
    if (doc === undefined) return value;
    const scrubbed = redactSecretNamed(doc, undefined, depth + 1);
    return scrubbed === doc ? value : JSON.stringify(scrubbed);
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const r = redactSecretNamed(v, name, depth);
      if (r !== v) {
        out ??= [...value];
        out[i] = r;
      }
    });
    return out ?? value;
  }
  if (isRecord(value)) {
    const record = value;
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(record)) {
      const r = redactSecretNamed(v, pairedName(record, k), depth);
      if (r !== v) {
        out ??= { ...record };
        out[k] = r;
      }
    }
    return out ?? value;
  }
  return value;
}

/** False when a text (a value as JSON) names no secret: redactSecretNamed would return it as it is. */
export function mayNameSecret(text: string): boolean {
  return MAY_NAME_SECRET.test(text);
}
