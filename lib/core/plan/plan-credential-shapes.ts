/**
 * Credential shapes a plan carries and source files do not (issue #14): STS session tokens, random runs
 * of AWS and Cloudflare key lengths, encoded values too long to classify, chat and npm tokens, JWTs,
 * Azure connection strings, Authorization headers. Those the secret scan shares come first, from
 * lib/core/credential-shapes.ts; these run after them (redact-values.ts).
 */
import { WEBHOOK_URLS } from "../credential-shapes";
import { REDACTED_VALUE } from "./redacted-value";

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

/** `text` with every plan credential shape replaced. */
export function hidePlanCredentialShapes(text: string): string {
  let out = text;
  for (const re of PLAN_SHAPES) out = out.replace(re, REDACTED_VALUE);
  return out;
}
