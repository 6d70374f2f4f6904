import { createPrivateKey, sign } from "node:crypto";
import { createServer, type Server } from "node:tls";
import type { AddressInfo } from "node:net";
import forge from "node-forge";
import { probeTls } from "../../lib/engines/verify/probe/tls";
import { evaluateTls } from "../../lib/features/edge/probes/tls";
import { createTestCa, issueIntermediate, issueLeaf, type TestCa } from "../helpers/test-ca";

// Let's Encrypt's chain until 2024: leaf, R3, and ISRG Root X1 cross-signed by DST Root CA X3, which
// expired in 2021. Clients trusting ISRG Root X1 stop there; the expired copy is never verified.

const DAY_MS = 86_400_000;

/** `root` cross-signed by `by`: the root's subject and key, `by` as issuer, expired `daysAgo` days ago. */
function crossSigned(root: TestCa, by: TestCa, daysAgo: number): string {
  const rootCert = forge.pki.certificateFromPem(root.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = rootCert.publicKey;
  cert.serialNumber = "7e57";
  cert.validity.notBefore = new Date(Date.now() - 400 * DAY_MS);
  cert.validity.notAfter = new Date(Date.now() - daysAgo * DAY_MS);
  cert.setSubject(rootCert.subject.attributes);
  cert.setIssuer(forge.pki.certificateFromPem(by.certPem).subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
  ]);
  // Signed with Node's RSA (forge's pure-JS one takes seconds): forge only calls `sign` of the key.
  const tbs = () => Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), "binary");
  const signer = { sign: () => sign("sha256", tbs(), createPrivateKey(by.keyPem)).toString("binary") };
  cert.sign(signer as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

let server: Server | undefined;

afterEach(() => server?.close());

async function serve(key: string, cert: string): Promise<number> {
  server = createServer({ key, cert });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

test("tls.expiry judges the chain up to the trusted root: an expired cross-signed copy the server also sends is not judged", async () => {
  const root = createTestCa("anchor root");
  const oldRoot = createTestCa("old root");
  const intermediate = issueIntermediate(root, "anchor intermediate", 200);
  const leaf = issueLeaf(intermediate, { hosts: ["chat.example.com"], notAfterDays: 90 });
  const port = await serve(leaf.keyPem, `${leaf.certPem}${intermediate.certPem}${crossSigned(root, oldRoot, 30)}`);
  const obs = await probeTls({ host: "chat.example.com", address: "127.0.0.1", port, ca: [root.certPem], timeoutMs: 2000 });
  expect(obs).toMatchObject({ authorized: true });
  expect(obs.chain?.map((c) => c.name)).toEqual([
    "chat.example.com",
    expect.stringMatching(/^anchor intermediate #/),
    expect.stringMatching(/^anchor root #/),
  ]);
  // The root as trusted (self-issued, valid for a year), not the expired copy.
  expect(obs.chain?.[2]).toMatchObject({ selfIssued: true });
  const [, , expiry] = evaluateTls(obs, { minDaysLeft: 21, now: new Date() });
  expect(expiry).toMatchObject({ check: "tls.expiry", status: "pass" });
});

test("an intermediate below the trusted root still expires the chain", async () => {
  const root = createTestCa("anchor root");
  const intermediate = issueIntermediate(root, "short intermediate", 5);
  const leaf = issueLeaf(intermediate, { hosts: ["chat.example.com"], notAfterDays: 90 });
  const port = await serve(leaf.keyPem, `${leaf.certPem}${intermediate.certPem}`);
  const obs = await probeTls({ host: "chat.example.com", address: "127.0.0.1", port, ca: [root.certPem], timeoutMs: 2000 });
  const [, , expiry] = evaluateTls(obs, { minDaysLeft: 21, now: new Date() });
  expect(expiry).toMatchObject({ status: "fail", detail: expect.stringMatching(/^intermediate certificate "short intermediate #/) });
});

test("a trusted intermediate does not end the chain: the root beyond it is judged too, as OpenSSL builds to it", async () => {
  const root = createTestCa("anchor root");
  const intermediate = issueIntermediate(root, "trusted intermediate", 400);
  const leaf = issueLeaf(intermediate, { hosts: ["chat.example.com"], notAfterDays: 500 });
  const port = await serve(leaf.keyPem, `${leaf.certPem}${intermediate.certPem}`);
  const ca = [root.certPem, intermediate.certPem];
  const obs = await probeTls({ host: "chat.example.com", address: "127.0.0.1", port, ca, timeoutMs: 2000 });
  expect(obs.chain?.map((c) => c.name)).toEqual([
    "chat.example.com",
    expect.stringMatching(/^trusted intermediate #/),
    expect.stringMatching(/^anchor root #/),
  ]);
  // The root (a year) expires before --min-cert-days 380, the intermediate and the leaf after.
  const [, , expiry] = evaluateTls(obs, { minDaysLeft: 380, now: new Date() });
  expect(expiry).toMatchObject({ status: "fail", detail: expect.stringContaining("anchor root #") });
});
