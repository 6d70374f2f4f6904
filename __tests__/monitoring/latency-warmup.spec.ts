import type { HttpObservation } from "../../lib/core/verify/types";
import { sampleLatency } from "../../lib/features/monitoring/latency-sample";
import type { ProbeRun, RequestSpec } from "../../lib/platform/probes";
import { stubProbeRun } from "../helpers/stub-probe-run";

// The untimed warm-up request of a token-carrying latency probe: only a failed handshake or
// certificate check means the token was not sent; a slow or reset answer came after it was.

const probe = { host: "chat.example.com", path: "/hooks/health", protected: true };
const token = { clientId: "0123abcd.access", clientSecret: "not-a-real-secret" };

/** A run whose requests answer in turn from `answers` (the last one repeated), recording each request. */
function runAnswering(answers: readonly Partial<HttpObservation>[]): { net: ProbeRun; sent: RequestSpec[] } {
  const sent: RequestSpec[] = [];
  const get = async (_host: string, _address: string, spec: RequestSpec): Promise<HttpObservation> => {
    const answer = answers[Math.min(sent.length, answers.length - 1)] ?? {};
    sent.push(spec);
    return {
      url: "https://chat.example.com/hooks/health",
      method: "GET",
      headers: {},
      bodyBytes: 0,
      bodySnippet: "",
      elapsedMs: 40,
      ...answer,
    };
  };
  const net = stubProbeRun(get, { accessToken: token });
  return { net, sent };
}

test("a warm-up that timed out is not reported as an unverified connection: the timed samples follow", async () => {
  const { net, sent } = runAnswering([{ error: "timeout after 1500 ms" }, { status: 200 }]);
  const { result, summary } = await sampleLatency(probe, net, { samples: 3, p95BarMs: 500 });
  expect(result.detail).not.toMatch(/no verified TLS connection|the service token was not sent/);
  expect(result).toMatchObject({ check: "latency.p95", status: "pass" });
  expect(summary).toMatchObject({ samples: 3, errors: 0 });
  expect(sent).toHaveLength(4);
});

test("a warm-up reset after the request is a failed untimed request, not a certificate problem", async () => {
  const { net } = runAnswering([{ error: "ECONNRESET" }, { status: 200 }]);
  const { result } = await sampleLatency(probe, net, { samples: 2, p95BarMs: 500 });
  expect(result.status).toBe("pass");
});

test("a certificate the client refuses stops the probe before any token is sent", async () => {
  const { net, sent } = runAnswering([{ error: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }]);
  const { result } = await sampleLatency(probe, net, { samples: 3, p95BarMs: 500 });
  expect(result).toMatchObject({
    status: "fail",
    detail: "no verified TLS connection to chat.example.com at 127.0.0.1 (UNABLE_TO_VERIFY_LEAF_SIGNATURE): the service token was not sent",
  });
  expect(sent).toHaveLength(1);
});

test("the warm-up is judged by its error's exact code, not by words in a message", async () => {
  // Codes of a connection that never carried a request: the probe stops, the token unsent.
  for (const error of ["ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED", "HOSTNAME_MISMATCH", "EPROTO", "ERR_SSL_WRONG_VERSION_NUMBER"]) {
    const { result } = await sampleLatency(probe, runAnswering([{ error }]).net, { samples: 2, p95BarMs: 500 });
    expect(result.detail).toMatch(/the service token was not sent$/);
  }
  // A message without a code, naming a certificate or a host name: only a failed untimed request.
  for (const error of ["socket hang up reading certs.example.com", "HOSTNAME lookup slow, retried"]) {
    const { result } = await sampleLatency(probe, runAnswering([{ error }, { status: 200 }]).net, { samples: 2, p95BarMs: 500 });
    expect(result).toMatchObject({ status: "pass" });
  }
});
