import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  /** Also usable as a TLS client certificate (extended key usage clientAuth). @default false */
  readonly clientAuth?: boolean;
}

export interface TestCert {
  readonly certPem: string;
  readonly keyPem: string;
}

const DAY_MS = 86_400_000;

let caKeyPem: string | undefined;

/**
 * One key pair for every test CA of the jest run (0.3-0.8 s of CPU per RSA key, even with Node's
 * generator): the first jest worker that needs it writes it to the run's temporary folder
 * (temp-root.js), removed when the run ends, and the others read it. Two test CAs still never vouch for
 * each other's certificates: each has its own name (createTestCa: a counter and the process id), and a
 * certificate names its issuer (forge adds no authority key identifier), so a chain is only ever
 * built to the CA of that name.
 */
function newKeys(): { publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  caKeyPem ??= runKeyPem();
  return keysOf(caKeyPem);
}

function runKeyPem(): string {
  const root = process.env.GOLIVE_TEST_TEMP_ROOT;
  const file = root ? join(root, "test-ca-key.pem") : undefined;
  if (file && existsSync(file)) return readFileSync(file, "utf8");
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  if (file) {
    // Renamed into place whole: a worker reading at the same time sees no file or the whole key.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, pem, { mode: 0o600 });
    renameSync(partial, file);
  }
  return pem;
}

function keysOf(keyPem: string): { publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const spki = createPublicKey(keyPem).export({ type: "spki", format: "pem" }).toString();
  return { publicKey: forge.pki.publicKeyFromPem(spki), keyPem };
}

let serial = 1;

/**
 * Signs with Node's native RSA instead of forge's pure-JS one (~0.1 s per certificate): forge builds
 * the TBSCertificate and calls `sign(md)` of the key it is given; this one signs those same bytes.
 */
function signCert(cert: forge.pki.Certificate, keyPem: string): void {
  const nodeKey = createPrivateKey(keyPem);
  const signer = {
    sign: (): string => sign("sha256", Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), "binary"), nodeKey).toString("binary"),
  };
  // forge only calls `sign` of the key (node-forge x509.js, cert.sign).
  cert.sign(signer as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
}

function baseCert(publicKey: forge.pki.rsa.PublicKey, notBeforeDays: number, notAfterDays: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = (0x1000 + serial++).toString(16);
  cert.validity.notBefore = new Date(Date.now() + notBeforeDays * DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + notAfterDays * DAY_MS);
  return cert;
}

let caCount = 0;

/**
 * A CA named `<name> #<n> (<pid>)`: unique in the jest run, as newKeys requires; self-signed, or an
 * intermediate CA signed by `issuer`.
 */
function caCertificate(name: string, notAfterDays: number, issuer?: TestCa): TestCa {
  const keys = newKeys();
  const cert = baseCert(keys.publicKey, -1, notAfterDays);
  caCount += 1;
  const subject = [
    { name: "commonName", value: `${name} #${caCount} (${process.pid})` },
    { name: "organizationName", value: name },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer === undefined ? subject : forge.pki.certificateFromPem(issuer.certPem).subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  signCert(cert, issuer?.keyPem ?? keys.keyPem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

/** A self-signed root CA, valid for a year. */
export function createTestCa(name = "golive test CA"): TestCa {
  return caCertificate(name, 365);
}

/** An intermediate CA signed by `root`, expiring `notAfterDays` from now: serve its certPem after the leaf's. */
export function issueIntermediate(root: TestCa, name: string, notAfterDays: number): TestCa {
  return caCertificate(name, notAfterDays, root);
}

/**
 * A server certificate for `hosts`, signed by `ca`. It holds the CA's own key pair: what a probe
 * checks is the certificate (its chain, names and dates), never which key it holds, and a key costs
 * ~0.3 s of CPU to generate. Its issuer and subject differ, so it is no self-signed certificate.
 */
export function issueLeaf(ca: TestCa, options: LeafOptions): TestCert {
  const keys = keysOf(ca.keyPem);
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = baseCert(keys.publicKey, options.notBeforeDays ?? -1, options.notAfterDays ?? 90);
  cert.setSubject([{ name: "commonName", value: options.hosts[0] ?? "localhost" }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true, ...(options.clientAuth ? { clientAuth: true } : {}) },
    { name: "subjectAltName", altNames: options.hosts.map((value) => ({ type: 2, value })) },
  ]);
  signCert(cert, ca.keyPem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}
