import { UsageError } from "./types";

/**
 * Credentials golive sends in an HTTP header (an Access service token as CF-Access-Client-Id/-Secret, AWS
 * keys in the signed Authorization and X-Amz-Security-Token headers) come from environment variables. A
 * value Node cannot put in a header as it is (a line break kept from `read` or a CI secret pasted with
 * one, a pasted curly quote) makes Node refuse the request after the command has done its other work; a
 * space or other character no such credential holds fails later as a wrong key. Checked before any work
 * instead: printable ASCII with no spaces, as every one of these credentials is.
 */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** What in `value` a header credential may not hold, in words that never quote it. */
function unsafePart(value: string): string {
  if (/[\r\n]/.test(value)) return "a line break";
  if (/[ \t]/.test(value)) return "a space or tab";
  if (/\p{Cc}/u.test(value)) return "a control character";
  return "a non-ASCII character";
}

/**
 * Refuses (exit 2) the first of `variables` set in `env` (an empty one counts as unset, as the commands
 * read them) to a value a header cannot carry: `NAME: holds <what> (the value is not shown); allowed: ...`.
 * The value is never printed: it is a credential.
 */
export function checkHeaderSafeEnv(env: NodeJS.ProcessEnv, variables: readonly string[], allowed: string): void {
  for (const name of variables) {
    const value = env[name];
    if (value === undefined || value === "" || HEADER_SAFE.test(value)) continue;
    throw new UsageError(
      `${name}: holds ${unsafePart(value)} (the value is not shown); allowed: ${allowed}, printable ASCII with no spaces`,
    );
  }
}
