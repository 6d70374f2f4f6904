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
import { hideCredentialShapes, isBase64Char, isTokenChar, mayHoldCredential, SECRET_KEYS, WEBHOOK_URLS } from "../credential-shapes";
import { isRecord, type JsonRecord, tooDeepAt } from "../json";
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

/**
 * A secret word as a whole segment of a name split at `_`, `-`, `.` and camel case (`DB_PASSWORD`,
 * `dbPass`, `STRIPE_SECRET_LIVE`, `SECRET_KEY_BASE`, `api_key`, `clientSecret`). The long words may
 * also end a segment (`DBPASSWORD`); `pass` must be one (`bypass` is a word).
 */
const SECRET_WORD =
  /(?:^|_)pass(?=_|$)|(?:password|passwd|pwd|secret|token|credentials?|(?:api|app|access|private|signing|auth)_?key|connection_?string)(?=_|$)/g;
/**
 * Segments after the secret word that make the name one of a setting about the secret, whose value is
 * not it: `password_policy`, `secret_arn`, `token_url`, `secret_id`, `access_key_id`, `password_length`.
 */
const ABOUT_THE_SECRET: ReadonlySet<string> = new Set(
  (
    "age algorithm arn arns count days description disabled duration enabled encoding endpoint endpoints expiration expire " +
    "expires expiry field file format header hint hours id ids interval kms label length lifetime location manager max maximum " +
    "min minimum minutes mode name names param parameter path paths period policies policy prefix provider ref reference required " +
    "reset rotate rotated rotation seconds size source stage strategy suffix through timeout ttl type types uri url urls validity " +
    "version versions"
  ).split(" "),
);

const IDENTIFIER = /^[A-Za-z0-9_.-]+$/;
const SECRET_WORD_AT_END = new RegExp(`(?:${SECRET_WORD.source})$`);

/** `dbPassword` -> `db_password`, `DB-PASSWORD.primary` -> `db_password_primary`. */
function nameSegments(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** A name with a secret word not followed by a segment that says the value is about the secret. */
function namesSecretWord(name: string): boolean {
  const n = nameSegments(name);
  // A key that is no identifier (an ARN or a path as a set's member, a header line) names a secret only by its end.
  if (!IDENTIFIER.test(name)) return SECRET_WORD_AT_END.test(n);
  for (const m of n.matchAll(SECRET_WORD)) {
    const rest = n.slice((m.index ?? 0) + m[0].length).split("_");
    if (!rest.some((segment) => ABOUT_THE_SECRET.has(segment))) return true;
  }
  return false;
}

/** True when a value stored under this name is a secret whatever it looks like (`--password` too: a flag names its value). */
export function isSecretName(name: string | number | undefined): boolean {
  return typeof name === "string" && name.length <= 200 && (SECRET_KEYS.has(name) || namesSecretWord(name));
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
  if (NOT_A_SECRET_VALUE.test(value)) return false;
  return isSecretName(name) || (typeof name === "string" && KEY_NAME.test(name) && HEX_KEY.test(value));
}

/** A setting or a reference, not a secret, under any name: `"true"`, `"false"`, an ARN (`valueFrom` of an ECS secret). */
const NOT_A_SECRET_VALUE = /^(?:true|false|arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:[^\s]+)$/;

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
  String.raw`((?<![A-Za-z0-9_.-])${NOT_A_PATH_SEGMENT}([A-Za-z0-9_.-]*?(?:password|passwd|pwd|(?<![a-z])pass|secret|token|api[_-]?key|app[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?)((?:_[A-Za-z0-9]+){1,4})?)(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)(?!(?:true|false|null)\b|\d+\b|\(sensitive\)|\(redacted\))[^\s"'\\;&,}` +
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

/** Between a flag and its value: blanks, `=`, or the end of one JSON string in a list and the start of the next (`"--password","X"`). */
const FLAG_GAP = String.raw`(?:\s+|=|\\?"\s*,\s*\\?")`;

/**
 * A command-line flag and its value: `--password X`, `--db-password=X`, `-token X`, also as two items of
 * a JSON list (`["app","--password","X"]`). The value goes when the flag's name is a secret name
 * (isSecretName: `--auth-token`, `--client-secret`; not `--token-ttl` or `--secret-arn`).
 */
const CLI_FLAG = new RegExp(String.raw`((?<![A-Za-z0-9_-])--?([A-Za-z][A-Za-z0-9_-]{0,60})${FLAG_GAP})(?!-)([^\s"'\\]{4,})`, "g");

/** The MySQL and MariaDB clients, as a word of a command line or as a list's program (`/usr/bin/mysql`). */
const MYSQL_CLIENTS = "mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mariadb|mariadb-dump";
const MYSQL_PROGRAM = new RegExp(`(?:^|/)(?:${MYSQL_CLIENTS})$`);

/**
 * The MySQL and MariaDB clients' `-pSECRET`: the password glued to `-p`
 * (dev.mysql.com/doc/refman/8.4/en/connection-options.html#option_general_password), in a command line
 * or a JSON list of its words (`["mysql","-u","root","-pX"]`). Only after one of them: elsewhere `-p` is
 * a port, a path or `mkdir -p`.
 */
const MYSQL_PASSWORD_FLAG = new RegExp(String.raw`(\b(?:${MYSQL_CLIENTS})\b[^\n]*?(?:\s|\\?"\s*,\s*\\?")-p)(?![\s'"\\-])[^\s"'\\]+`, "gi");

/** Query parameters of a URL that carry a signature or a credential, whatever isSecretName says (`?sv=…&sig=…` of an Azure SAS). */
const SIGNATURE_PARAMS: ReadonlySet<string> = new Set([
  "sig",
  "signature",
  "key",
  "apikey",
  "auth",
  "x-amz-signature",
  "x-amz-credential",
  "x-amz-security-token",
  "x-goog-signature",
  "x-goog-credential",
]);
/** `?name=value` or `&name=value` (also `&amp;`): the value goes when the name is a signature or a secret name. */
const QUERY_PARAM = /([?&](?:amp;)?([A-Za-z][A-Za-z0-9_.-]{0,60})=)([^&#\s"'\\<>`]+)/g;

/**
 * A name/value pair in YAML held in a string (Helm values, a Kubernetes env list):
 * `- name: DB_PASSWORD\n  value: X`, line breaks real or escaped (`\n` in a JSON string), either order.
 */
const BREAK = String.raw`(?:\r?\n|(?:\\r)?\\n)`;
const YAML_NAME_VALUE = new RegExp(
  String.raw`((?:^"?|${BREAK})[ \t]*(?:-[ \t]+)?name:[ \t]*(?:\\?["'])?([A-Za-z0-9_.-]{1,100})(?:\\?["'])?[ \t]*${BREAK}[ \t]*value:[ \t]*(?:\\?["'])?)([^\n"'\\]+)`,
  "g",
);
const YAML_VALUE_NAME = new RegExp(
  String.raw`((?:^"?|${BREAK})[ \t]*(?:-[ \t]+)?value:[ \t]*(?:\\?["'])?)([^\n"'\\]+)((?:\\?["'])?[ \t]*${BREAK}[ \t]*name:[ \t]*(?:\\?["'])?([A-Za-z0-9_.-]{1,100}))`,
  "g",
);

/** A value that is a setting, not a secret, after a flag or a name (`--password-reset true`, `token=3600`). */
const SETTING = /^(?:true|false|null|\d+|\(sensitive\)|\(redacted\))$/;

/** `name`/flag text without its dashes, judged as a name. */
const secretFlag = (flag: string): boolean => isSecretName(flag.replace(/^-+/, ""));

/**
 * Base64 inside a text (`base64encode(jsonencode({db_password = …}))`, user data): runs of 20 to 65,536
 * characters of the standard alphabet whose length with padding is a multiple of four, decoded only when
 * that gives printable UTF-8 text; a run whose text holds a credential or a secret-named key goes whole.
 */
const MIN_B64 = 20;
const MAX_B64 = 65_536;
/** Decoded texts are read at most this deep (base64 in base64). */
const MAX_B64_DEPTH = 2;
/** What base64Runs needs: one cheap test, so most texts are not walked character by character. */
const B64_RUN = /[A-Za-z0-9+/]{20}/;
const PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\ufffc]*$/;

function isTokenCharOrPad(c: number): boolean {
  return isTokenChar(c) || c === 61;
}

/** Where base64 of plausible length stands in a text: [start, end) pairs, padding included. */
function base64Runs(text: string): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c !== -1 && isBase64Char(c)) {
      if (start === -1) start = i;
      continue;
    }
    if (start !== -1) {
      let end = i;
      while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++;
      const len = end - start;
      const before = start > 0 ? text.charCodeAt(start - 1) : -1;
      const after = end < text.length ? text.charCodeAt(end) : -1;
      if (len >= MIN_B64 && len <= MAX_B64 && len % 4 === 0 && !isTokenCharOrPad(before) && !isTokenCharOrPad(after))
        runs.push([start, end]);
      start = -1;
      i = end > i ? end - 1 : i;
    }
  }
  return runs;
}

/** The printable text a base64 run decodes to, or undefined (binary: a hash, a key, not words). */
function decodedText(run: string): string | undefined {
  const text = Buffer.from(run, "base64").toString("utf8");
  return text.length > 0 && PRINTABLE.test(text) ? text : undefined;
}

/** True when a decoded text shows something the review hides: a credential, an assignment, a secret-named key. */
function holdsSecret(text: string, depth: number): boolean {
  if (apply(text, false, depth + 1) !== text) return true;
  const doc = decodeJsonString(text);
  // A document too deep to walk cannot be read for secret names: it counts as holding one (fails closed).
  return doc !== undefined && (tooDeepAt(doc) !== undefined || redactSecretNamed(doc) !== doc);
}

/** `text` with every base64 run that decodes to text holding a secret replaced whole. */
function hideEncodedSecrets(text: string, depth: number): string {
  if (depth >= MAX_B64_DEPTH || text.length < MIN_B64 || !B64_RUN.test(text)) return text;
  const runs = base64Runs(text);
  if (runs.length === 0) return text;
  let out = "";
  let from = 0;
  for (const [start, end] of runs) {
    const decoded = decodedText(text.slice(start, end));
    if (decoded === undefined || !holdsSecret(decoded, depth)) continue;
    out += `${text.slice(from, start)}${REDACTED_VALUE}`;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * An ASSIGNMENT match: its value goes when the name is a secret name; a name with `_` words after the
 * secret word (`DB_PASSWORD_PRIMARY`; not `secret-gQgRvQ`, the end of a secret's ARN) only when
 * isSecretName says so (`token_url=…` stays), and then what its value holds is read again
 * (`token_url=https://h/cb?token=…`).
 */
function hideAssignment(match: string, prefix: string, name: string, suffix: string | undefined): string {
  if (!suffix || isSecretName(name)) return `${prefix}${REDACTED_VALUE}`;
  return `${prefix}${match.slice(prefix.length).replace(ASSIGNMENT, hideAssignment)}`;
}

function apply(text: string, perLine: boolean, depth = 0): string {
  const decoded = hideEncodedSecrets(text, depth);
  if (!mayHoldCredential(decoded)) return decoded;
  let out = hideCredentialShapes(decoded, REDACTED_VALUE, perLine);
  for (const re of PLAN_SHAPES) out = out.replace(re, REDACTED_VALUE);
  return out
    .replace(SECRET_KEY_CONTEXT, `$1${REDACTED_VALUE}`)
    .replace(HEX_KEY_ASSIGNMENT, `$1${REDACTED_VALUE}`)
    .replace(ASSIGNMENT, hideAssignment)
    .replace(CLI_FLAG, (match: string, prefix: string, flag: string, value: string) =>
      secretFlag(flag) && !SETTING.test(value) && !NOT_A_SECRET_VALUE.test(value) ? `${prefix}${REDACTED_VALUE}` : match,
    )
    .replace(MYSQL_PASSWORD_FLAG, `$1${REDACTED_VALUE}`)
    .replace(QUERY_PARAM, (match: string, prefix: string, name: string) =>
      SIGNATURE_PARAMS.has(name.toLowerCase()) || isSecretName(name) ? `${prefix}${REDACTED_VALUE}` : match,
    )
    .replace(YAML_NAME_VALUE, (match: string, prefix: string, name: string, value: string) =>
      isSecretName(name) && !SETTING.test(value.trim()) ? `${prefix}${REDACTED_VALUE}` : match,
    )
    .replace(YAML_VALUE_NAME, (match: string, prefix: string, value: string, rest: string, name: string) =>
      isSecretName(name) && !SETTING.test(value.trim()) ? `${prefix}${REDACTED_VALUE}${rest}` : match,
    );
}

/** `list` with each item replaced by `each(item, index)`: the same array back when nothing changed. */
function mapItems(list: readonly unknown[], each: (item: unknown, index: number) => unknown): readonly unknown[] {
  let out: unknown[] | undefined;
  list.forEach((v, i) => {
    const r = each(v, i);
    if (r !== v) {
      out ??= [...list];
      out[i] = r;
    }
  });
  return out ?? list;
}

/** `record` with each member replaced by `each(value, key)`: the same object back when nothing changed. */
function mapMembers(record: JsonRecord, each: (value: unknown, key: string) => unknown): JsonRecord {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(record)) {
    const r = each(v, k);
    if (r !== v) {
      out ??= { ...record };
      out[k] = r;
    }
  }
  return out ?? record;
}

/** A private key block's first and last lines, as credential-shapes.ts's PRIVATE_KEY reads them. */
const KEY_BLOCK_HEADER = /-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----/;
const KEY_BLOCK_FOOTER = /-----END[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----/;
/** What the items of a private key block split across a list stand under: a secret name. */
const KEY_BLOCK_ITEM = "private_key";

/**
 * Where a private key block that starts in item `i` of a list and does not end there ends: the item
 * holding its last line, or (none: where the key ends cannot be told) the list's last item. Undefined
 * when item `i` starts no such block (a block within one item is hidden by the credential shapes).
 */
function keyBlockEnd(list: readonly unknown[], i: number): number | undefined {
  const v = list[i];
  if (typeof v !== "string" || !v.includes("PRIVATE KEY")) return undefined;
  const header = v.search(KEY_BLOCK_HEADER);
  if (header === -1 || KEY_BLOCK_FOOTER.test(v.slice(header))) return undefined;
  for (let j = i + 1; j < list.length; j++) {
    const w = list[j];
    if (typeof w === "string" && KEY_BLOCK_FOOTER.test(w)) return j;
  }
  return list.length - 1;
}

/**
 * The names the items of a list stand under, where an item is a secret because of the ones before it:
 * the item after a secret flag (`["app", "--password", X]`: X stands under `--password`), a MySQL
 * client's `-pX` (`["mysql", "-u", "root", "-pX"]`), and every item of a private key block split across
 * items (`["-----BEGIN … PRIVATE KEY-----", body, "-----END … PRIVATE KEY-----"]`, its header to its
 * end line, as the block is hidden in one text). Undefined when none does (most lists: one test per item).
 */
export function flaggedItemNames(list: readonly unknown[]): readonly (string | undefined)[] | undefined {
  let names: (string | undefined)[] | undefined;
  let mysql: boolean | undefined;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "string") continue;
    const blockEnd = keyBlockEnd(list, i);
    if (blockEnd !== undefined) {
      names ??= [];
      for (let j = i; j <= blockEnd; j++) names[j] = KEY_BLOCK_ITEM;
      i = blockEnd;
      continue;
    }
    if (v.charCodeAt(0) !== 45 /* - */) continue;
    const next = list[i + 1];
    if (typeof next === "string" && !v.includes("=") && /^--?[A-Za-z]/.test(v) && secretFlag(v)) {
      names ??= [];
      names[i + 1] = v;
    }
    if (/^-p[^\s]/.test(v)) {
      mysql ??= list.some((w) => typeof w === "string" && MYSQL_PROGRAM.test(w));
      if (mysql) {
        names ??= [];
        names[i] = "password";
      }
    }
  }
  return names;
}

/** What a hidden item of a list reads as after a change when it differs from the item before it. */
const REDACTED_CHANGED = "(redacted, changed)";

/**
 * A JSON document (decoded from a string) with each item a secret flag names (flaggedItemNames)
 * replaced: by REDACTED_VALUE, or in the after side (`other` is the before side) by REDACTED_CHANGED
 * when it differs from the before side's item at the same place, so a document compared as sets of
 * strings still shows that the secret changed. The same object back when nothing was replaced.
 */
export function hideFlaggedItems(doc: unknown, other?: unknown, after = false): unknown {
  if (Array.isArray(doc)) {
    const names = flaggedItemNames(doc);
    return mapItems(doc, (v, i) => {
      const was = Array.isArray(other) ? other[i] : undefined;
      if (names?.[i] === undefined || typeof v !== "string" || SETTING.test(v)) return hideFlaggedItems(v, was, after);
      return after && was !== v ? REDACTED_CHANGED : REDACTED_VALUE;
    });
  }
  if (isRecord(doc)) return mapMembers(doc, (v, k) => hideFlaggedItems(v, isRecord(other) ? other[k] : undefined, after));
  return doc;
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
const PAIR_NAMES = ["name", "Name", "key", "Key", "ParameterKey", "header"] as const;
/** `valueFrom` (ECS secrets: an ARN, which stays) and CloudFormation's `ParameterValue` too. */
const PAIR_VALUES: ReadonlySet<string> = new Set(["value", "Value", "valueFrom", "ParameterValue"]);
/** Headers whose value is a credential (`{header: "Authorization", value: …}`). */
const CREDENTIAL_HEADER = /^(?:proxy-)?authorization$|^cookie$/i;
/** The secret name such a header's value stands under (`authorization` alone is no secret name: API Gateway's `authorization = "NONE"`). */
const CREDENTIAL_HEADER_NAME = "header credential";

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
        if (typeof name === "string" && CREDENTIAL_HEADER.test(name)) return CREDENTIAL_HEADER_NAME;
      }
  return key;
}

/** JSON documents inside JSON strings decoded at most this deep (a task definition's env holding JSON). */
const MAX_JSON_DEPTH = 4;
/** A text that may hold a secret-named key: worth walking; most values do not. */
const MAY_NAME_SECRET = /pass|pwd|secret|token|key|credential|connection|authorization|cookie|mysql|mariadb/i;

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
    // A document too deep to walk cannot be read for secret names: hidden whole (fails closed).
    if (tooDeepAt(doc) !== undefined) return REDACTED_VALUE;
    const scrubbed = redactSecretNamed(doc, undefined, depth + 1);
    return scrubbed === doc ? value : JSON.stringify(scrubbed);
  }
  if (Array.isArray(value)) {
    const flagged = flaggedItemNames(value);
    return mapItems(value, (v, i) => redactSecretNamed(v, flagged?.[i] ?? name, depth));
  }
  if (isRecord(value)) return mapMembers(value, (v, k) => redactSecretNamed(v, pairedName(value, k), depth));
  return value;
}

/** False when a text (a value as JSON) names no secret: redactSecretNamed would return it as it is. */
export function mayNameSecret(text: string): boolean {
  return MAY_NAME_SECRET.test(text);
}
