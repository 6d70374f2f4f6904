import { X509Certificate } from "node:crypto";
import { rootCertificates } from "node:tls";

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

function anchorsOf(pems: readonly string[]): ReadonlyMap<string, TrustAnchor> {
  const out = new Map<string, TrustAnchor>();
  for (const pem of pems) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch {
      continue; // a PEM Node cannot read anchors nothing for it either
    }
    const spki = cert.publicKey.export({ type: "spki", format: "der" });
    const name = /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? /^O=(.*)$/m.exec(cert.subject)?.[1] ?? "(no name)";
    out.set(anchorKey(cert.subject, spki), {
      name,
      validTo: new Date(cert.validTo).toISOString(),
      selfIssued: cert.subject === cert.issuer,
    });
  }
  return out;
}

// Parsing ~140 roots takes tens of ms: once per CA list (a run hands the same list to every probe).
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
