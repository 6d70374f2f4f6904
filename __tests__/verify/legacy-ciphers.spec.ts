import { createServer, type Server } from "node:tls";
import type { AddressInfo } from "node:net";
import { probeLegacyTls } from "../../lib/engines/verify/probe/tls";
import { evaluateLegacyTls } from "../../lib/features/edge/probes/tls";
import { createTestCa, issueLeaf } from "../helpers/test-ca";

// A server that accepts TLS 1.0 with a cipher outside OpenSSL's DEFAULT list
// (openssl s_server -tls1 -cipher CAMELLIA128-SHA) must not read as refusing TLS 1.0/1.1.

const leaf = issueLeaf(createTestCa("legacy CA"), { hosts: ["chat.example.com"] });
let server: Server | undefined;

afterEach(() => server?.close());

async function legacyAgainst(options: { minVersion: "TLSv1" | "TLSv1.2"; maxVersion?: "TLSv1"; ciphers?: string }) {
  server = createServer({ key: leaf.keyPem, cert: leaf.certPem, ...options });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return probeLegacyTls({ host: "chat.example.com", address: "127.0.0.1", port, timeoutMs: 2000 });
}

test("the legacy handshake offers every cipher: a TLS 1.0 server with only CAMELLIA128-SHA is caught accepting", async () => {
  const obs = await legacyAgainst({ minVersion: "TLSv1", maxVersion: "TLSv1", ciphers: "CAMELLIA128-SHA:@SECLEVEL=0" });
  expect(obs).toMatchObject({ accepted: true, protocol: "TLSv1" });
  expect(evaluateLegacyTls(obs)).toMatchObject({ status: "fail" });
});

test("a server on TLS 1.2 and later refuses with protocol_version: a pass", async () => {
  const obs = await legacyAgainst({ minVersion: "TLSv1.2" });
  // The code (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION) outside jest, whose realm hides it: the message here.
  expect(obs).toMatchObject({ accepted: false, error: expect.stringMatching(/PROTOCOL_VERSION|alert protocol version/) });
  expect(evaluateLegacyTls(obs)).toMatchObject({ status: "pass" });
});

test("a handshake_failure (no cipher in common) proves no refusal of the version: not a pass", () => {
  const r = evaluateLegacyTls({ host: "example.com", accepted: false, error: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE" });
  expect(r).toMatchObject({ status: "skip" });
  expect(r.detail).toMatch(/not with a protocol_version alert.*refusal not proven$/);
});
