/**
 * Last line of defence for anything we print: masks values that look like credentials even if a
 * command forgot to. Commands must still avoid handling secrets in messages at all.
 */
const PATTERNS: readonly RegExp[] = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bhttps:\/\/hooks\.slack\.com\/[^\s"']+/g, // Slack webhook URLs carry their secret in the path
  /\bhttps:\/\/events\.pagerduty\.com\/[^\s"']+/g,
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
  for (const pattern of PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}
