/**
 * Credential redaction for everything plan-report prints, failing closed: a value that looks like a
 * credential, or that cannot be classified (a private key block without its end, an encoded blob too
 * long to read, a value under a secret-named attribute Terraform forgot to mark), is replaced, never
 * printed. Terraform's sensitivity marks remain the first protection (values.ts); this catches what
 * reaches a plan unmarked (TXT contents, Lambda environment variables, outputs, addresses).
 *
 * This file runs the passes over one text, in order: base64 that decodes to a secret
 * (base64-runs.ts), the credential shapes of lib/core/secret-patterns.json (the set the secret scan
 * and GL-SEC-004 use, compiled once in lib/core/credential-shapes.ts), the shapes only plans carry
 * (plan-credential-shapes.ts), then secrets named next to their value (secret-assignments.ts), then
 * passwords given to a program by an option that is no secret name (tool-passwords.ts: `curl -u`).
 */
import { hideCredentialShapes, mayHoldCredential } from "../credential-shapes";
import { tooDeepAt } from "../json";
import { replaceEncodedTexts } from "./base64-runs";
import { decodeJsonString } from "./json-attributes";
import { hidePlanCredentialShapes } from "./plan-credential-shapes";
import { REDACTED_VALUE } from "./redacted-value";
import { hideNamedSecrets } from "./secret-assignments";
import { redactSecretNamed } from "./secret-named";
import { hideToolPasswords } from "./tool-passwords";

/** Decoded texts are read at most this deep (base64 in base64). */
const MAX_B64_DEPTH = 2;

/** True when a decoded text shows something the review hides: a credential, an assignment, a secret-named key. */
function holdsSecret(text: string, depth: number): boolean {
  if (apply(text, false, depth + 1) !== text) return true;
  const doc = decodeJsonString(text);
  // A document too deep to walk cannot be read for secret names: it counts as holding one (fails closed).
  return doc !== undefined && (tooDeepAt(doc) !== undefined || redactSecretNamed(doc) !== doc);
}

/** `text` with every base64 run that decodes to text holding a secret replaced whole. */
function hideEncodedSecrets(text: string, depth: number): string {
  if (depth >= MAX_B64_DEPTH) return text;
  return replaceEncodedTexts(text, (decoded) => holdsSecret(decoded, depth), REDACTED_VALUE);
}

function apply(text: string, perLine: boolean, depth = 0): string {
  const decoded = hideEncodedSecrets(text, depth);
  const shown = mayHoldCredential(decoded)
    ? hideNamedSecrets(hidePlanCredentialShapes(hideCredentialShapes(decoded, REDACTED_VALUE, perLine)))
    : decoded;
  // Its own quick check (a program's name): `curl -u` holds no word the one above looks for.
  return hideToolPasswords(shown, REDACTED_VALUE);
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
