import { createPublicKey } from "node:crypto";
import { error, parseTagList, type EmailFinding } from "./findings";

/** Below this many bits an RSA DKIM key is a finding (1024-bit keys are factorable by well-funded attackers). */
export const DKIM_MIN_RSA_BITS = 2048;

/** Selectors are one or more DNS labels (RFC 6376 3.1); `_` is allowed as in SES-style tokens. */
export function checkDkimSelector(selector: string): EmailFinding[] {
  const ok = selector.length <= 63 * 4 && selector.split(".").every((l) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(l));
  return ok ? [] : [error("dkim-selector", `selector "${selector}" is not made of DNS labels (letters, digits, - and _)`)];
}

export interface DkimKey {
  readonly keyType: string;
  /** RSA modulus length; undefined for ed25519 or an unreadable key. */
  readonly bits?: number;
  readonly revoked: boolean;
}

/** Parses a published DKIM key record (`v=DKIM1; k=rsa; p=<base64 SPKI>`). */
export function parseDkimKey(txt: string): { key?: DkimKey; findings: EmailFinding[] } {
  const { tags, findings } = parseTagList(txt, "dkim");
  const v = tags.get("v");
  if (v !== undefined && v !== "DKIM1") findings.push(error("dkim-version", `v: got "${v}"; allowed: DKIM1`));
  const keyType = tags.get("k") ?? "rsa";
  if (keyType !== "rsa" && keyType !== "ed25519") findings.push(error("dkim-key-type", `k: got "${keyType}"; allowed: rsa, ed25519`));
  const p = tags.get("p");
  if (p === undefined) return { findings: [...findings, error("dkim-no-key", "the p= tag (public key) is required")] };
  const b64 = p.replace(/\s+/g, "");
  if (b64 === "") return { key: { keyType, revoked: true }, findings };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { findings: [...findings, error("dkim-key-syntax", "p= is not base64")] };
  if (keyType !== "rsa") return { key: { keyType, revoked: false }, findings };
  const bits = rsaModulusBits(b64);
  if (bits === null) return { findings: [...findings, error("dkim-key-syntax", "p= is not a DER-encoded RSA public key")] };
  return { key: { keyType, revoked: false, ...(bits !== undefined ? { bits } : {}) }, findings };
}

/** Parsed keys by their base64 text: validation and synth read the same few keys many times, and parsing costs ~1 ms. */
const modulusBitsByKey = new Map<string, number | undefined | null>();
const MAX_REMEMBERED_KEYS = 64;

/** The RSA modulus length of a base64 SPKI key; null when it does not parse. */
function rsaModulusBits(b64: string): number | undefined | null {
  if (modulusBitsByKey.has(b64)) return modulusBitsByKey.get(b64);
  let bits: number | undefined | null;
  try {
    bits = createPublicKey({ key: Buffer.from(b64, "base64"), format: "der", type: "spki" }).asymmetricKeyDetails?.modulusLength;
  } catch {
    bits = null;
  }
  if (modulusBitsByKey.size >= MAX_REMEMBERED_KEYS) modulusBitsByKey.clear();
  modulusBitsByKey.set(b64, bits);
  return bits;
}

/** Selector and key rules together: well-formed selector, readable key, RSA >= 2048 bits. */
export function checkDkimRecord(selector: string, txt: string): EmailFinding[] {
  const { key, findings } = parseDkimKey(txt);
  const out = [...checkDkimSelector(selector), ...findings];
  if (key?.revoked)
    out.push(error("dkim-revoked", `selector ${selector} publishes an empty key (revoked); remove the record or publish a key`));
  if (key?.bits !== undefined && key.bits < DKIM_MIN_RSA_BITS) {
    out.push(error("dkim-weak-key", `selector ${selector} has a ${key.bits}-bit RSA key; allowed: at least ${DKIM_MIN_RSA_BITS} bits`));
  }
  return out;
}
