import { X509Certificate } from "node:crypto";
import { rootCertificates } from "node:tls";
import { BoundedCache } from "../../../core/bounded-cache";

/** A trusted CA as a chain walk meets it: its name (subject and key) and its own validity. */
export interface TrustAnchor {
  readonly name: string;
  readonly validTo: string;
  readonly selfIssued: boolean;
}

/**
 * A certificate's identity as a verifier matches an anchor: its subject and public key, not its
 * fingerprint. A cross-signed copy of a root (Let's Encrypt's ISRG Root X1 signed by DST Root CA X3)
 * has the root's subject and key but another issuer and expiry; the verifier stops at the root it
 * trusts and never reads the copy's dates.
 */
export function anchorKey(subject: string, spkiDer: Buffer): string {
  return `${subject}\n${spkiDer.toString("base64")}`;
}

/** One CA certificate as an anchor, with its key; undefined for a PEM Node cannot read (it anchors nothing for Node either). */
function anchorOf(pem: string): { readonly key: string; readonly anchor: TrustAnchor } | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return undefined;
  }
  const spki = cert.publicKey.export({ type: "spki", format: "der" });
  const name = /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? /^O=(.*)$/m.exec(cert.subject)?.[1] ?? "(no name)";
  const anchor = { name, validTo: new Date(cert.validTo).toISOString(), selfIssued: cert.subject === cert.issuer };
  return { key: anchorKey(cert.subject, spki), anchor };
}

// Parsing ~140 roots takes tens of ms, and every probe's CA list is the system roots plus at most a
// --ca-file: each PEM is parsed once per process, whichever list holds it.
const byPem = new BoundedCache<string, ReturnType<typeof anchorOf>>(1024);

function anchorsOf(pems: readonly string[]): ReadonlyMap<string, TrustAnchor> {
  const out = new Map<string, TrustAnchor>();
  for (const pem of pems) {
    const parsed = byPem.get(pem, () => anchorOf(pem));
    if (parsed) out.set(parsed.key, parsed.anchor);
  }
  return out;
}

// A run hands the same list to every probe: its map is built once.
const byList = new WeakMap<readonly string[], ReadonlyMap<string, TrustAnchor>>();

/** The anchors of the CA set a handshake trusted: `ca` when given (system roots plus --ca-file), else Node's root store. */
export function trustAnchors(ca: readonly string[] | undefined): ReadonlyMap<string, TrustAnchor> {
  const list = ca ?? rootCertificates;
  let anchors = byList.get(list);
  if (anchors === undefined) {
    anchors = anchorsOf(list);
    byList.set(list, anchors);
  }
  return anchors;
}
