import type { AddressInfo } from "node:net";
import { createServer } from "node:tls";
import { probeTls } from "../../lib/engines/verify/probe/tls";
import { evaluateTls } from "../../lib/features/edge/probes/tls";
import { createTestCa, issueLeaf } from "../helpers/test-ca";

// A trusted certificate issued for other names is named as such, with the edge's causes, not as "not trusted".

const want = { minDaysLeft: 21, now: new Date("2026-01-01T00:00:00Z") };
const handshake = { protocol: "TLSv1.3", validTo: "2026-06-01T00:00:00.000Z", issuer: "Google Trust Services", authorized: false };

test("fails tls.chain for a certificate of other names as 'not valid for <host>', saying what makes the edge serve one", () => {
  const chain = evaluateTls({ host: "api.eu.example.com", ...handshake, authorizationError: "ERR_TLS_CERT_ALTNAME_INVALID" }, want).find(
    (r) => r.check === "tls.chain",
  );
  expect(chain).toMatchObject({
    status: "fail",
    detail: expect.stringMatching(
      /^certificate not valid for api\.eu\.example\.com: trusted \(issuer Google Trust Services\) but issued for other names \(ERR_TLS_CERT_ALTNAME_INVALID\); .*edge\.advancedCertificate/,
    ),
  });
  expect(chain?.detail).not.toMatch(/not trusted/);
});

test("fails any other verification error as not trusted, naming it", () => {
  const chain = evaluateTls({ host: "example.com", ...handshake, authorizationError: "SELF_SIGNED_CERT_IN_CHAIN" }, want).find(
    (r) => r.check === "tls.chain",
  );
  expect(chain?.detail).toBe("certificate not trusted: SELF_SIGNED_CERT_IN_CHAIN (issuer Google Trust Services)");
});

test("names what the certificate was issued for: up to five of its DNS names, the rest counted", () => {
  const names = ["example.com", "*.example.com", "a.example.com", "b.example.com", "c.example.com", "d.example.com", "e.example.com"];
  const chain = evaluateTls(
    { host: "api.eu.example.com", ...handshake, authorizationError: "ERR_TLS_CERT_ALTNAME_INVALID", names },
    want,
  ).find((r) => r.check === "tls.chain");
  expect(chain?.detail).toContain(
    "but issued for other names (example.com, *.example.com, a.example.com, b.example.com, c.example.com and 2 more; ERR_TLS_CERT_ALTNAME_INVALID)",
  );
});

test("a real handshake with a certificate for other names reads its DNS names", async () => {
  const ca = createTestCa("cert-name CA");
  const leaf = issueLeaf(ca, { hosts: ["chat.example.com", "www.example.com"], notAfterDays: 90 });
  const server = createServer({ key: leaf.keyPem, cert: leaf.certPem });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const obs = await probeTls({ host: "api.example.com", address: "127.0.0.1", port, ca: [ca.certPem], timeoutMs: 2000 });
    expect(obs).toMatchObject({
      authorized: false,
      authorizationError: "ERR_TLS_CERT_ALTNAME_INVALID",
      names: ["chat.example.com", "www.example.com"],
    });
    const chain = evaluateTls(obs, { minDaysLeft: 21, now: new Date() }).find((r) => r.check === "tls.chain");
    expect(chain?.detail).toContain("issued for other names (chat.example.com, www.example.com; ERR_TLS_CERT_ALTNAME_INVALID)");
  } finally {
    server.close();
  }
});
