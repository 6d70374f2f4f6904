/**
 * Which names call their value a secret (`DB_PASSWORD`, `clientSecret`, `--auth-token`), and which
 * values are settings under any name (`true`, `3600`, an ARN): the one judgement of names every
 * redaction asks, in text (secret-assignments.ts) and in structured values (secret-named.ts) alike.
 */
import { SECRET_KEYS } from "../credential-shapes";

/**
 * A secret word as a whole segment of a name split at `_`, `-`, `.` and camel case (`DB_PASSWORD`,
 * `dbPass`, `STRIPE_SECRET_LIVE`, `SECRET_KEY_BASE`, `api_key`, `clientSecret`, `PASSPHRASE`,
 * `ENCRYPTION_KEY`, `MASTER_KEY`, `JWT_SIGNING`, `SESSION_COOKIE`, a pre-shared key's `PSK`). The long
 * words may also end a segment (`DBPASSWORD`); `pass` and `psk` must be one (`bypass` is a word).
 * `key` alone is not (`KEY_ID`, `key_name`, a map's `key`): only with the word that says which secret.
 */
const SECRET_WORD =
  /(?:^|_)(?:pass|psk)(?=_|$)|(?:password|passwd|passphrase|pwd|secret|token|credentials?|(?:api|app|access|private|signing|auth|encryption|master|jwt)_?key|jwt_?signing|session_?cookie|connection_?string)(?=_|$)/g;
/**
 * Segments after the secret word that make the name one of a setting about the secret, whose value is
 * not it: `password_policy`, `secret_arn`, `token_url`, `secret_id`, `access_key_id`, `password_length`,
 * `--password-stdin` (the next word is a registry, not the password), a KMS key's
 * `customer_master_key_spec`, a cookie's `SESSION_COOKIE_DOMAIN`, `_SAMESITE`, `_SECURE`, `_HTTPONLY`.
 */
const ABOUT_THE_SECRET: ReadonlySet<string> = new Set(
  (
    "age algorithm arn arns count days description disabled domain duration enabled encoding endpoint endpoints expiration expire " +
    "expires expiry field file format header hint hours httponly id ids interval kms label length lifetime location manager max " +
    "maximum min minimum minutes mode name names param parameter path paths period policies policy prefix provider ref reference " +
    "required reset rotate rotated rotation samesite seconds secure size source spec stage stdin strategy suffix through timeout " +
    "ttl type types uri url urls validity version versions"
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
export const NOT_A_SECRET_VALUE = /^(?:true|false|arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:[^\s]+)$/;

/** A value that is a setting, not a secret, after a flag or a name (`--password-reset true`, `token=3600`). */
export const SETTING = /^(?:true|false|null|\d+|\(sensitive\)|\(redacted\))$/;

/** `name`/flag text without its dashes, judged as a name. */
export const secretFlag = (flag: string): boolean => isSecretName(flag.replace(/^-+/, ""));
