import { evaluateTls } from "../../lib/features/edge/probes/tls";

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
