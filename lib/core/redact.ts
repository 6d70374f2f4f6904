/**
 * Last line of defence for anything we print: masks values that look like credentials even if a
 * command forgot to. Commands must still avoid handling secrets in messages at all.
 *
 * It hides what the secret scan fails (lib/core/secret-patterns.json, its shapes and the copies of its
 * preset rules' patterns, compiled once in credential-shapes.ts, as GL-SEC-004 and the plan review
 * use them), then the shapes below that golive's own messages may carry.
 */
import { hideCredentialShapesInText, JWT, WEBHOOK_URLS } from "./credential-shapes";

/** Shapes within one line; the set's prefilter (mayHoldCredential) covers them too. */
const PATTERNS: readonly RegExp[] = [
  ...WEBHOOK_URLS,
  // Cloudflare Access JWTs: in a body verify quotes (`token=<JWT>`), a cookie or a header echoed back.
  JWT,
  // An Access service token's secret (64 hex digits) after its header's name: `CF-Access-Client-Secret: <secret>`,
  // or as a JSON key, its quotes escaped once or more (a quoted body in --json); the value alone goes,
  // up to a quote, backslash, comma, ampersand or space.
  /(?<=\bcf-access-client-secret(?:\\*["'])?\s*[:=]\s*(?:\\*["'])?)[^\s"',;&\\]+/gi,
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{16,}\b/g, // model-provider style API keys
  /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g,
  /\b[A-Za-z0-9_-]{40}\b(?=.*token)/gi, // Cloudflare API tokens named as such on the same line
];

export const REDACTED = "[REDACTED]";

export function redact(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return hideCredentialShapesInText(out, REDACTED, PATTERNS);
}
