// Base64 inside a text file, decoded for the secret gate (scripts/secret-scan-text.mjs): a credential
// committed base64-encoded (a Kubernetes Secret's data, `base64 -w0 ~/.aws/credentials` pasted as a
// value, a PEM key as `tls.key: LS0tLS1CRUdJTi...`) matched none of the rules, which read text. Each run
// of 40+ base64 or base64url characters on a line, and each block of lines holding nothing but base64
// (`base64` wraps at 76, `openssl base64` at 64), is decoded; what decodes to text is scanned as text.
// What decodes to bytes (a digest, a DER body, a random token, an integrity hash) is dropped: random
// runs of 30 bytes or more are almost never 95% printable, so no rule ever sees them.

const RUN = /[A-Za-z0-9+/_-]{40,}={0,2}/g;
const BLOCK = /(?:^[ \t]*[A-Za-z0-9+/]{16,}={0,2}[ \t]*\r?\n){2,}/gm;
/** Below this share of printable ASCII (tab, line ends and space to ~), decoded bytes are not text. */
const PRINTABLE = 0.95;
const MIN_BYTES = 24;

/** The text `b64` decodes to, or undefined when it decodes to bytes rather than text. */
function asText(b64) {
  const bytes = Buffer.from(b64, b64.includes("-") || b64.includes("_") ? "base64url" : "base64");
  if (bytes.length < MIN_BYTES) return undefined;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
  return printable >= PRINTABLE * bytes.length ? bytes.toString("latin1") : undefined;
}

/**
 * A run's text, read from each of its first four characters in turn: a run glued to base64 characters
 * that are not its own (`secrets/app/LS0tLS1C...`) is read from its real start too.
 */
function runText(run) {
  for (let skip = 0; skip < 4 && run.length - skip >= 40; skip++) {
    const text = asText(run.slice(skip));
    if (text !== undefined) return text;
  }
  return undefined;
}

/** The text that the base64 in `text` decodes to, one decoded value after another; "" when there is none. */
export function base64Text(text) {
  if (!/[A-Za-z0-9+/_-]{40}|[A-Za-z0-9+/]{16}={0,2}[ \t]*\r?\n[ \t]*[A-Za-z0-9+/]{16}/.test(text)) return "";
  const found = [];
  for (const [run] of text.matchAll(RUN)) {
    const decoded = runText(run);
    if (decoded !== undefined) found.push(decoded);
  }
  for (const [block] of text.matchAll(BLOCK)) {
    const decoded = asText(block.replace(/\s+/g, ""));
    if (decoded !== undefined) found.push(decoded);
  }
  return found.join("\n");
}
