/**
 * Secrets named in running text, next to their value: `name=value` and `"name": "value"`, a bare hex
 * key after a key name, an AWS secret key after `secret`, command-line flags (`--password X`, MySQL's
 * `-pX`), signed URL query parameters and YAML name/value pairs. The name decides (secret-names.ts); the
 * value goes, the name stays so a reader sees what was hidden.
 */
import { REDACTED_VALUE } from "./redacted-value";
import { isSecretName, NOT_A_SECRET_VALUE, SETTING, secretFlag } from "./secret-names";
import { wordRest } from "./tool-passwords";

/**
 * Where a name starts that is a segment of a colon path, not the name of an assignment: after `:` and
 * followed by `:` and more (`arn:aws:secretsmanager:us-east-1:111111111111:secret:db-a1B2c3`, a
 * `service:resource-type:name` form). `secret:abc123` and `secret: abc123` stay assignments.
 */
const NOT_A_PATH_SEGMENT = String.raw`(?!(?<=:)[A-Za-z0-9_.-]*:[^\s:])`;

/**
 * Where an assigned value ends. Quoted, at its closing quote, whatever it holds (`password="correct horse
 * battery staple"`): a `\"` opened value (JSON-escaped) at the next `\"` (its own escaped quotes,
 * `\\\"`, stay inside), a `"` opened one at the next unescaped `"`, a `'` opened one at the next `'`; a
 * quote never closed, at the end of the line. Unquoted, at white space, a quote, a backslash or a
 * backtick (`password=Tr0ub4dor&3horse` goes whole), except in a list of pairs: after `?` or `&` (a URL's
 * query, also `&amp;`) at `&` or `#`, after `;` (a connection string: `Server=db;Password=…;Database=app`)
 * at `;`. At least 4 characters: a shorter value is no secret worth the noise.
 */
const VALUE_END = String.raw`\s"'\\\x60`;
const ASSIGNED_VALUE = [
  String.raw`(?<=\\")(?:\\\\\\"|\\[^"\n]|[^"\\\n]){4,}`,
  String.raw`(?<=[^\\]")(?:\\.|[^"\\\n]){4,}`,
  String.raw`(?<=')(?:\\[^'\n]|[^'\\\n]){4,}`,
  `(?<=[?&](?:amp;)?[A-Za-z0-9_.-]+=)[^${VALUE_END}&#]{4,}`,
  `(?<=;[A-Za-z0-9_.-]+=)[^${VALUE_END};]{4,}`,
  `(?<![?&;][A-Za-z0-9_.-]+=)(?<!["'])[^${VALUE_END}]{4,}`,
].join("|");

/** true, false, null or a number, the whole value: quoted, up to its closing quote; bare, up to its end. */
const SETTING_VALUE = String.raw`(?:(?<=["'])(?:true|false|null|\d+)\\?["']|(?<!["'])(?:true|false|null|\d+)(?![^${VALUE_END};&,}]))`;

/**
 * Words the report itself writes where a value would be: what Terraform hides or knows later, and how
 * a policy diff reads a set member (`Action."secretsmanager:GetSecretValue": absent -> listed`,
 * json-attributes.ts showLeaf), whole words only.
 */
const REPORT_MARKER = String.raw`(?:\(sensitive\)|\(redacted\)|(?:absent|listed)(?![^${VALUE_END}]))`;

/**
 * The words golive's own risk flags write right after a resource's name and a colon (`secret rp-secret:
 * recovery_window_in_days 30 -> 0`, `alarm db-password: threshold 1 -> 5`): the report's wording, not
 * the value of a name that ends in a secret word. Only these exact words, bare and whole (a quoted or
 * longer value is still an assigned value), so nothing a plan holds is shown but one of these words.
 */
const FLAG_WORDING = [
  "recovery_window_in_days",
  "deletion_window_in_days",
  "versioning",
  "policy",
  "policies",
  "public",
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
  "server-side",
  "fires",
  "threshold",
  "comparison",
  "needs",
  "treat_missing_data",
  "statistic",
  "actions",
  "actions_enabled",
  "principal",
  "function",
  "statement",
  "managed",
  "permissions",
  "decision",
  "destinations",
  "rules",
  "rule",
  "include",
  "DKIM",
  // A weakened uptime check (lib/features/monitoring/health-check-risks.ts), after its Name tag.
  "disabled",
  "inverted",
  "failure_threshold",
  "request_interval",
  "type",
  "fqdn",
  "ip_address",
  "port",
  "resource_path",
  "search_string",
  // An alarm moved to another metric (lib/features/monitoring/delivery-risks.ts), after its name.
  "namespace",
  "metric_name",
  "dimension",
  "dimensions",
  // The state bucket's encryption and ownership (lib/features/state/risks.ts), after its name.
  "sse_algorithm",
  "kms_master_key_id",
  "object_ownership",
  "ownership",
];
const FLAG_WORD = `(?<!["'])(?:${FLAG_WORDING.join("|")})(?![^${VALUE_END}])`;

/**
 * `name=value`, `name: value`, `"name":"value"` (also JSON-escaped) with a secret-looking name (the
 * words of secret-names.ts: `PASSPHRASE=`, `ENCRYPTION_KEY=`, `JWT_SIGNING=`, `SESSION_COOKIE=`, `PSK=`; and the
 * environment variables programs read a password from: sshpass -e's SSHPASS, redis-cli's REDISCLI_AUTH): the
 * value goes (ASSIGNED_VALUE says where it ends). A setting stays (SETTING_VALUE: `require_password:
 * true`, `password_length: 16`), and so does a word of the report's own (REPORT_MARKER, FLAG_WORD).
 */
const ASSIGNMENT = new RegExp(
  String.raw`((?<![A-Za-z0-9_.-])${NOT_A_PATH_SEGMENT}([A-Za-z0-9_.-]*?(?:password|passwd|passphrase|pwd|(?<![a-z])pass|(?<![a-z])psk|sshpass|rediscli_auth|secret|token|api[_-]?key|app[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|encryption[_-]?key|master[_-]?key|jwt[_-]?signing(?:[_-]?key)?|jwt[_-]?key|session[_-]?cookie|client[_-]?secret|credentials?)((?:_[A-Za-z0-9]+){1,4})?)(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)(?!${SETTING_VALUE}|${REPORT_MARKER}|${FLAG_WORD})(?:${ASSIGNED_VALUE})`,
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
 * A command-line flag and its value: `--password X`, `--db-password=X`, `-token X`, `--password 'X Y'`
 * (a quoted value to its closing quote), also as two items of a JSON list (`["app","--password","X"]`).
 * The value goes when the flag's name is a secret name (isSecretName: `--auth-token`, `--client-secret`;
 * not `--token-ttl` or `--secret-arn`).
 */
const CLI_FLAG = new RegExp(
  String.raw`((?<![A-Za-z0-9_-])--?([A-Za-z][A-Za-z0-9_-]{0,60})${FLAG_GAP}(?:\\?["'])?)(?!-)(${wordRest("", 4)})`,
  "g",
);

/** The MySQL and MariaDB clients, as a word of a command line or as a list's program (`/usr/bin/mysql`). */
const MYSQL_CLIENTS = "mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mariadb|mariadb-dump";
export const MYSQL_PROGRAM = new RegExp(`(?:^|/)(?:${MYSQL_CLIENTS})$`);

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

/** `text` with the value of every secret it names replaced. */
export function hideNamedSecrets(text: string): string {
  return text
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
