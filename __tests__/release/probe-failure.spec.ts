import type { ProbeSample } from "../../lib/features/release/analysis";
import { type PoolView, poolChangesOnDeploy } from "../../lib/features/release/pool-drift";
import { probeFailureCause, probeFailureText } from "../../lib/features/release/probe-failure";
import { desiredTraffic } from "../../lib/features/release/traffic";
import { exampleConfig } from "../helpers/example-config";

const sample = (answer: { status?: number; error?: string }): ProbeSample => ({
  origin: "green-1",
  startedAt: 0,
  elapsedMs: 12,
  ...answer,
});

describe("why a pre-flight probe failed", () => {
  test.each([
    [{ status: 200 }, false, undefined],
    [{ status: 302 }, false, undefined],
    [{ error: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" }, false, "client-certificate-required"],
    [{ error: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE" }, false, "client-certificate-required"],
    // OpenSSL 3.2+ (Node 22, 24) names the same alert SSL/TLS_ALERT.
    [{ error: "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE" }, false, "client-certificate-required"],
    [{ error: "ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE" }, true, "client-certificate-refused"],
    [{ error: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA" }, true, "client-certificate-refused"],
    [{ error: "ECONNRESET" }, true, "client-certificate-refused"],
    [{ error: "ECONNRESET" }, false, "unreachable"],
    [{ error: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }, false, "server-certificate"],
    [{ error: "ERR_TLS_CERT_ALTNAME_INVALID" }, true, "server-certificate"],
    [{ status: 400 }, false, "refused"],
    [{ status: 403 }, true, "refused"],
    [{ error: "ECONNREFUSED" }, false, "unreachable"],
    [{ error: "timeout after 2000 ms" }, false, "unreachable"],
    [{ status: 503 }, false, "unhealthy"],
  ])("%j (client certificate sent: %s) -> %s", (answer, sent, cause) => {
    expect(probeFailureCause(sample(answer), sent)).toBe(cause);
  });

  test("the report line names the origin, what came back and what it means", () => {
    const s = sample({ error: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" });
    expect(probeFailureText(s, "client-certificate-required")).toBe(
      "green-1: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED (the origin requires a TLS client certificate)",
    );
    expect(probeFailureText(sample({ status: 400 }), "refused")).toMatch(
      /^green-1: HTTP 400 \(the origin refused the request; .*nginx with 400\)$/,
    );
  });
});

describe("what a deploy would still change on the pools after the API path", () => {
  const cfg = exampleConfig();
  const release = cfg.release;
  if (!release) throw new Error("example has no release section");
  const declared = desiredTraffic(cfg, release).pools;
  const asDeclared = (c: string): PoolView => declared.find((p) => p.colour === c) ?? {};

  test("nothing when the pools carry the declared description and enabled", () => {
    expect(poolChangesOnDeploy(cfg, release, asDeclared)).toEqual([]);
  });

  test("a new build's description and a drained pool's enabled, one line each", () => {
    const started = { ...release, builds: { green: "v2" } };
    const listed = (c: string): PoolView =>
      c === "green" ? { enabled: false, description: asDeclared("green").description } : asDeclared(c);
    expect(poolChangesOnDeploy(cfg, started, listed)).toEqual([
      'pool opsbot-production-green: description "golive opsbot production green origins" -> "golive opsbot production green origins (build v2)"',
      "pool opsbot-production-green: enabled false -> true",
    ]);
  });
});
