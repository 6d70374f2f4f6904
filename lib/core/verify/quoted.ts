import { redact } from "../redact";

/**
 * Text a server controls (a body's first bytes, a Location, a certificate's name, a DNS record's value)
 * as a finding quotes it: credentials masked first, then quoted as a JSON string. Masked after quoting,
 * the escaped form (`{\"aws_secret_access_key\":\"...\"}`) no longer reads as the credential it holds,
 * and was printed.
 */
export function quoted(text: string): string {
  return JSON.stringify(redact(text));
}
