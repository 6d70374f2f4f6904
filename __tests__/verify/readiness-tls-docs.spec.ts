import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateLegacyTls } from "../../lib/features/edge/probes/tls";

// docs/readiness.md's "Verifying a deploy" must describe tls.legacy-refused and tls.expiry as they judge
// (34e4fd2: only a refusal of the version passes; 63c67b1: the chain ends at the first trust anchor).

const readiness = readFileSync(join(__dirname, "../../docs/readiness.md"), "utf8").replace(/\s+/g, " ");

test("docs/readiness.md says TLS 1.0/1.1 pass only on a refusal of the version, as tls.legacy-refused judges", () => {
  const host = "chat.example.com";
  expect(evaluateLegacyTls({ host, accepted: false, error: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION" }).status).toBe("pass");
  expect(evaluateLegacyTls({ host, accepted: false, error: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE" }).status).toBe("skip");
  expect(readiness).toContain(
    "a handshake offering only TLS 1.0-1.1 and every cipher (`ALL:COMPLEMENTOFALL@SECLEVEL=0`) must end in a refusal of the version",
  );
  expect(readiness).toContain(
    "any other TLS error (`handshake_failure`: the server may speak TLS 1.0 with a cipher this client lacks) is skipped, refusal not proven",
  );
});

test("docs/readiness.md says the chain is judged up to the first trusted certificate, not every certificate sent", () => {
  expect(readiness).not.toContain("every certificate of it (the leaf, the intermediates the server sends, the root)");
  expect(readiness).toContain("every certificate of it up to the first self-issued root the client trusts");
  expect(readiness).toContain("an intermediate in `--ca-file` does not end the path");
  expect(readiness).toContain(
    "A certificate the server sends beyond the trusted root, such as an expired cross-signed copy of it, is not judged",
  );
});
