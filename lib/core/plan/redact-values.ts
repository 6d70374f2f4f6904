/**
 * Credential redaction for everything plan-report prints, failing closed: a value that looks like a
 * credential, or that cannot be classified (a private key block without its end, an encoded blob too
 * long to read, a value under a secret-named attribute Terraform forgot to mark), is replaced, never
 * printed. Terraform's sensitivity marks remain the first protection (values.ts); this catches what
 * reaches a plan unmarked (TXT contents, Lambda environment variables, outputs, addresses).
 *
 * The credential shapes come first from lib/core/secret-patterns.json (the set the secret scan and
 * GL-SEC-004 use, and copies of the patterns of the scan's preset rules), then the shapes below that a
 * plan carries and source files do not.
 */
import patterns from "../secret-patterns.json";

/** What a redacted value reads as; parentheses, not brackets: `[x](url)` after it could form a link. */
export const REDACTED_VALUE = "(redacted)";

/** A RegExp-like string (`/source/flags`) as a global, unicode RegExp. */
function compile(literal: string): RegExp {
  const m = /^\/(.+)\/([a-z]*)$/s.exec(literal);
  if (!m) throw new Error(`lib/core/secret-patterns.json: not a /pattern/: ${literal}`);
  return new RegExp(m[1] ?? "", `${(m[2] ?? "").replace(/[gu]/g, "")}gu`);
}

const SHARED: readonly RegExp[] = patterns.values.filter((p) => p.in === "any" || p.in === "terraform-json").map((p) => compile(p.pattern));

/**
 * The patterns of the secret scan's preset rules (@secretlint/secretlint-rule-preset-recommend), copied
 * into secret-patterns.json since the rules do not export them, as one RegExp: one pass per string.
 */
const PRESET: RegExp = new RegExp(
  patterns.presetRecommend
    .flatMap((p) => ("pattern" in p && p.pattern ? [compile(p.pattern).source] : []))
    .map((source) => `(?:${source})`)
    .join("|"),
  "gu",
);

/** The match replaced; of a pattern with a group named value (a credential in its context), only that group. */
function hideMatch(match: string, ...rest: unknown[]): string {
  const groups = rest.at(-1);
  const value = typeof groups === "object" && groups !== null && "value" in groups ? groups.value : undefined;
  return typeof value === "string" && value !== "" && match.endsWith(value)
    ? `${match.slice(0, -value.length)}${REDACTED_VALUE}`
    : REDACTED_VALUE;
}

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
  /https:\/\/hooks\.slack\.com\/[^\s"'\\`]+/g, // any Slack hook path (the shared pattern knows two)
  /https:\/\/events\.pagerduty\.com\/[^\s"'\\`]+/g,
];

/** Names of attributes, variables and keys whose value is a secret (`DB_PASSWORD`, `DB_PASS`, `api_key`, `client_secret`). */
const SECRET_NAME =
  /(?:password|passwd|pwd|(?<![a-z])pass|secret|token|api[_-]?key|app[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|signing[_-]?key|credentials?|connection[_-]?string)$/i;
/** `dbPass`: a camel-case name ending in Pass (`bypass` is a word, not a name). */
const CAMEL_PASS = /[a-z0-9]Pass$/;
const SECRET_KEYS: ReadonlySet<string> = new Set(patterns.secretKeys);

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

/** A private key block: to its end line, or (no end line: it cannot be told where the key ends) to the end. */
const PRIVATE_KEY = /-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----|$)/g;
/** The same for a whole report: an unterminated block ends at its line (values never span lines there). */
const PRIVATE_KEY_LINE = /-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----[^\n]*?(?:-----END[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----|(?=\n)|$)/g;

/**
 * What every pattern here (and each of lib/core/redact.ts) needs somewhere in a text to match, in lower
 * case: a fixed part or a secret-looking name; or else a run of 40 token characters. One cheap test per
 * string, so the half million strings of a large report (addresses, paths, settings) skip the full set
 * of replacements. __tests__/plan/redaction.spec.ts holds an example per pattern and fails when this
 * misses one, or when lib/core/secret-patterns.json gains a pattern without an example there;
 * __tests__/plan/redact-preset.spec.ts does the same for the scan's preset rules. Alternatives share
 * their first letter (a(?:kia|sia|...)): as many plain alternatives cost a quarter more per string.
 */
const TRIGGER =
  /-----begin|:\/\/[^\s/@"]*@|_(?:live|test)_|[sprk]k-|a(?:[ks]ia|3t|gpa|ida|roa|ipa|npa|nva|ccountkey|iza)|b(?:earer|asic\s)|c(?:f(?:k|ut|at)_|redential|onnection)|d(?:iscord|api|ckr_pat_)|eyj|f(?:igd_|wogzx)|g(?:h[pousr]_|ithub_pat_|l(?:pat-|c_|sa_)|sk_)|h(?:ooks\.slack|f_|v[sbr]\.)|iqojb3|key|lin_api_|n(?:pm_|tn_)|ops_ey|p(?:a(?:ss|gerduty)|wd)|s(?:ecret|haredaccess|k[0-9a-f]{32}|g\.|hp(?:pa|ca|at|ss)_)|t(?:oken|skey-)|vc[piark]_|x(?:ox[a-z]-|app-)/;

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 95 || c === 45;
}

/** A run of 40 or more base64 or token characters: what the shapes without a fixed part need. */
function hasLongRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isTokenChar(text.charCodeAt(i))) run = 0;
    else if (++run >= 40) return true;
  }
  return false;
}

/** False only when no pattern can match: the text is certainly free of credential shapes. */
export function mayHoldCredential(text: string): boolean {
  return TRIGGER.test(text.toLowerCase()) || hasLongRun(text);
}

function apply(text: string, privateKey: RegExp): string {
  if (!mayHoldCredential(text)) return text;
  let out = text.replace(privateKey, REDACTED_VALUE);
  for (const re of SHARED) out = out.replace(re, hideMatch);
  out = out.replace(PRESET, REDACTED_VALUE);
  for (const re of PLAN_SHAPES) out = out.replace(re, REDACTED_VALUE);
  return out
    .replace(SECRET_KEY_CONTEXT, `$1${REDACTED_VALUE}`)
    .replace(HEX_KEY_ASSIGNMENT, `$1${REDACTED_VALUE}`)
    .replace(ASSIGNMENT, `$1${REDACTED_VALUE}`);
}

/** A value or message with every credential-shaped part replaced; a value that cannot be scanned is replaced whole. */
export function redactCredentials(text: string): string {
  try {
    return apply(text, PRIVATE_KEY);
  } catch {
    return REDACTED_VALUE;
  }
}

/** A whole rendered report (one value per line), line by line; a report that cannot be scanned is not printed. */
export function redactReportText(text: string): string {
  try {
    return text
      .split("\n")
      .map((line) => apply(line, PRIVATE_KEY_LINE))
      .join("\n");
  } catch {
    return `${REDACTED_VALUE}\n`;
  }
}
