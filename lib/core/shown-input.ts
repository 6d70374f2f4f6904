import { hideKeyShapedRuns } from "./credential-shapes";
import { redact, REDACTED } from "./redact";

/**
 * How config errors quote what a file holds. A file that is not a config at all (a .env, a password
 * file, a key saved under config/qa.yaml by mistake) still parses as YAML: its lines become keys or one
 * long string, and an error quoting them in full would print the secret to the terminal and the CI
 * log. So quoted text is masked (redact's credential shapes, keys that have no fixed part, the
 * credentials inside URLs, then `NAME=value` and `password: value` assignments), cut short, and a key
 * that is no key a config holds is shown by a short prefix only.
 */

/** Longest quoted value, as before: enough to recognise a typo, too short for a pasted file. */
const MAX_VALUE = 60;
/** Longest prefix of a key that is not a config key. */
const MAX_KEY_PREFIX = 12;

/** Names of settings that hold credentials: their assigned value is never quoted. */
const SECRET_NAME = /pass|pwd|secret|token|key|auth|credential|private/i;

/**
 * `NAME=value` (a .env line, a query string), `NAME: value` and `"name":"value"`: the value masked
 * when the name is a credential's, or (`=`) an environment variable's (UPPER_SNAKE).
 */
function maskAssignments(text: string): string {
  return text
    .replace(/"([^"\\]{1,64})"\s*:\s*"((?:[^"\\]|\\.)*)"/g, (all, name: string) =>
      SECRET_NAME.test(name) ? `"${name}":"${REDACTED}"` : all,
    )
    .replace(
      /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]{0,63})(\s*)([=:])(\s*)([^\s,;&"'}\]]+)/g,
      (all, name: string, s1: string, op: string, s2: string, value: string) => {
        if (value.startsWith(REDACTED.slice(0, -1))) return all; // masked already (maskUrls), up to its `]`
        const envStyle = op === "=" && /^[A-Z][A-Z0-9_]*$/.test(name);
        // `https://host` is a URL, not an assignment: a `:` counts only with a credential's name.
        return envStyle || SECRET_NAME.test(name) ? `${name}${s1}${op}${s2}${REDACTED}` : all;
      },
    );
}

/** Query (and fragment) parameters that carry a credential: a token, a key, a signature, an OAuth code. */
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|credential|private|sig|code|session|jwt|otp|ticket/i;

/** A URL in quoted text, up to what ends a quoted value. */
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'`<>]*)/gi;

/**
 * URLs with their credentials masked: the user and password before the host, and the values of
 * credential-named query and fragment parameters (`?token=...`, `#access_token=...`). Done before
 * maskAssignments, which reads `https:` as a name and the rest of the URL as its value.
 */
function maskUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (_all, scheme: string, rest: string) => {
    const end = rest.search(/[/?#]/);
    const authority = end === -1 ? rest : rest.slice(0, end);
    const at = authority.lastIndexOf("@");
    const host = at === -1 ? authority : `${REDACTED}@${authority.slice(at + 1)}`;
    const tail = (end === -1 ? "" : rest.slice(end)).replace(/([?&;#])([^=&;#]*)=([^&;#]*)/g, (all, sep: string, name: string) =>
      SECRET_PARAM.test(name) ? `${sep}${name}=${REDACTED}` : all,
    );
    return `${scheme}${host}${tail}`;
  });
}

/**
 * `text` with redact's credential shapes masked, and the keys without a fixed part: a token pasted into
 * an id field (`cloudflare.accountId`) is a 40-character Cloudflare token or a 37-hex Global API key,
 * where a real id is 32 hex digits and shown as given.
 */
function maskedShapes(text: string): string {
  return hideKeyShapedRuns(redact(text), REDACTED);
}

/** `text` with every credential shape, URL credential and secret assignment masked, cut to `max` characters. */
export function maskedText(text: string, max = MAX_VALUE): string {
  const masked = maskAssignments(maskUrls(maskedShapes(text)));
  return masked.length > max ? `${masked.slice(0, max - 3)}...` : masked;
}

/** A given value as an error quotes it: strings quoted, masked, cut short; `nothing` when absent. */
export function shownValue(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON.stringify writes NaN and Infinity (YAML's .nan, .inf) as null, which the file did not say.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return maskedText(text);
}

/**
 * What the whole file turned out to be when it is not a mapping, never its text: a file that is no
 * config (a .env, a password file) parses as one long string.
 */
export function shownRoot(value: unknown): string {
  if (typeof value === "string") return `a text of ${value.length} characters (not shown: is this a config file?)`;
  if (Array.isArray(value)) return `a list of ${value.length} entries`;
  if (value === null || value === undefined) return "nothing (an empty file)";
  return `a ${typeof value}`;
}

/**
 * What no key of a config holds but a line of another file does: white space, `=` (`API_KEY=...`),
 * `:` and `$` (`root:$6$...` of a password file), quotes.
 */
const NOT_A_KEY = /[\s=:$"'`]/;

/**
 * A key as error paths name it: in full when it could be a config key (a typo is shown as typed);
 * otherwise (a whole line of some other file, a credential) only the start of it, up to the first
 * character a key would not hold, and its length.
 */
export function shownKey(key: string): string {
  if (!NOT_A_KEY.test(key) && maskedShapes(key) === key) return key;
  const prefix = /^[A-Za-z0-9_-]*/.exec(key)?.[0].slice(0, MAX_KEY_PREFIX) ?? "";
  return `${JSON.stringify(`${prefix}...`)} (a key of ${key.length} characters, not shown)`;
}

/**
 * A JSON syntax error's first line without the text it quotes (Node 20 echoes the start of the input:
 * `Unexpected token 'D', "DATABASE_PASSWORD=..." is not valid JSON`).
 */
export function jsonSyntaxMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split("\n")[0] ?? message;
  return first.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, "");
}
