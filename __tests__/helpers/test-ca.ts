import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

/** A throwaway certificate authority for tests: never trusted outside the test that made it. */
export interface TestCa {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface LeafOptions {
  /** Subject alternative names; the first is also the common name. */
  readonly hosts: readonly string[];
  /** Days from now the certificate becomes valid (negative: in the past). @default -1 */
  readonly notBeforeDays?: number;
  /** Days from now the certificate expires (negative: already expired). @default 90 */
  readonly notAfterDays?: number;
}

export interface TestCert {
  readonly certPem: string;
  readonly keyPem: string;
}

const DAY_MS = 86_400_000;

function newKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  // Node's generator is much faster than forge's pure-JS one; forge then reads the PEM.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem };
}

let serial = 1;

function baseCert(publicKey: forge.pki.rsa.PublicKey, notBeforeDays: number, notAfterDays: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = (0x1000 + serial++).toString(16);
  cert.validity.notBefore = new Date(Date.now() + notBeforeDays * DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + notAfterDays * DAY_MS);
  return cert;
}

export function createTestCa(name = "golive test CA"): TestCa {
  const keys = newKeys();
  const cert = baseCert(keys.publicKey, -1, 365);
  const subject = [
    { name: "commonName", value: name },
    { name: "organizationName", value: name },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

/** A server certificate for `hosts`, signed by `ca`. */
export function issueLeaf(ca: TestCa, options: LeafOptions): TestCert {
  const keys = newKeys();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = baseCert(keys.publicKey, options.notBeforeDays ?? -1, options.notAfterDays ?? 90);
  cert.setSubject([{ name: "commonName", value: options.hosts[0] ?? "localhost" }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: options.hosts.map((value) => ({ type: 2, value })) },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}
