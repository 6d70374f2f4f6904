/**
 * Credential shapes a plan carries and source files do not (issue #14): STS session tokens, keys of AWS
 * and Cloudflare lengths without a fixed part, encoded values too long to classify, chat and npm tokens,
 * GitLab's session cookie, JWTs, Azure connection strings, Authorization headers, webhook URLs. Those the secret
 * scan shares come first, from lib/core/credential-shapes.ts; these run after them (redact-values.ts).
 */
import { hideKeyShapedRuns, JWT, WEBHOOK_URLS } from "../credential-shapes";
import { REDACTED_VALUE } from "./redacted-value";

/**
 * A run of `n` or more characters of `alphabet`, with upper case, lower case and at least three digits:
 * random, not a word or a path. Two alphabets, base64 (`+/`) and base64url or token (`-_`), so a
 * construct path (`edge-production/Zone/Resource`), which mixes `/` and `-`, never reads as one long run.
 */
function randomRun(alphabet: string, n: number): RegExp {
  const c = `[${alphabet}]`;
  return new RegExp(`(?<![${alphabet}=])(?=${c}*?[A-Z])(?=${c}*?[a-z])(?=(?:${c}*?[0-9]){3})${c}{${n},}={0,2}(?![${alphabet}=])`, "g");
}
const B64 = "A-Za-z0-9+\\/";
const TOKEN = "A-Za-z0-9_\\-";

/** Credential shapes plans carry (issue #14: 15 kinds seen leaking through TXT records, outputs and Lambda env). */
const PLAN_SHAPES: readonly RegExp[] = [
  // Webhook URLs first: whole, before a run inside one (a Discord token) is cut out of it.
  ...WEBHOOK_URLS,
  // AWS session tokens (STS), by their fixed base64 prefix.
  /(?:FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj)[A-Za-z0-9/+=]{20,}/g,
  // JWTs, also glued to a word (GitHub's installation tokens, `ghs_<app id>_<JWT>`), and before the long
  // runs: a payload of 100 or more characters taken first would leave the signature shown.
  JWT,
  // GitLab's session cookie's value (its tokens are in the shared set).
  /(?<=_gitlab_session=)[0-9a-z]{32,}/g,
  // An encoded value too long to classify (session tokens, keys, blobs): it is not shown.
  randomRun(B64, 100),
  randomRun(TOKEN, 100),
  /\bxox[abposre]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bxapp-\d-[A-Za-z0-9-]{10,}/g, // Slack app tokens
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google API keys
  /\bnpm_[A-Za-z0-9]{36}\b/g, // npm tokens
  /\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)=[^;"'\s\\]+/g, // Azure connection strings
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]{12,}=*/g,
];

/** `text` with every plan credential shape replaced, then the keys of AWS and Cloudflare lengths (hideKeyShapedRuns). */
export function hidePlanCredentialShapes(text: string): string {
  let out = text;
  for (const re of PLAN_SHAPES) out = out.replace(re, REDACTED_VALUE);
  return hideKeyShapedRuns(out, REDACTED_VALUE);
}
