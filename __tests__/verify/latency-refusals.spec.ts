import type { HttpObservation } from "../../lib/core/verify/types";
import { sampleLatency } from "../../lib/features/monitoring/latency-sample";
import type { ProbeRun } from "../../lib/platform/probes";
import { stubProbeRun } from "../helpers/stub-probe-run";

// A timed request answered with a status other than 2xx is a failed sample, as a timeout is, but the
// finding names the status and the fix: "no answer" is kept for requests that got none.

const SET_PATH =
  "set monitoring.latency.path (or --health-path) to an endpoint the app answers with 2xx, without a login, such as /hooks/healthz";

/** A run whose timed requests answer in turn from `answers` (a status, or an error), the warm-up answering 200. */
function runAnswering(answers: readonly (number | string)[], token = false): ProbeRun {
  let sent = 0;
  const get = async (): Promise<HttpObservation> => {
    const answer = sent === 0 ? 200 : (answers[(sent - 1) % answers.length] ?? 200);
    sent++;
    const base = { url: "https://example.com/hooks/healthz", method: "GET", headers: {}, bodyBytes: 0, bodySnippet: "", elapsedMs: 40 };
    return typeof answer === "number" ? { ...base, status: answer } : { ...base, error: answer };
  };
  return stubProbeRun(get, token ? { accessToken: { clientId: "0123abcd.access", clientSecret: "not-a-real-secret" } } : {});
}

async function latencyDetail(answers: readonly (number | string)[], samples: number): Promise<string> {
  const probe = { host: "example.com", path: "/hooks/healthz", protected: false };
  const { result } = await sampleLatency(probe, runAnswering(answers), { samples, p95BarMs: 500 });
  expect(result.status).toBe("fail");
  return result.detail;
}

describe("latency.p95 names the statuses that were not 2xx", () => {
  test("fails a path answering 404 as '20 answered 404 (not 2xx)', saying to set monitoring.latency.path, never 'no answer'", async () => {
    expect(await latencyDetail([404], 20)).toBe(`no 2xx answer over 20 requests: 20 answered 404 (not 2xx); ${SET_PATH}`);
  });

  test("fails a 503 saying the app fails there", async () => {
    expect(await latencyDetail([503], 4)).toBe(
      `no 2xx answer over 4 requests: 4 answered 503 (not 2xx); a 5xx is the app, or the edge in front of it, failing on that path; ${SET_PATH}`,
    );
  });

  test("keeps 'no answer' for timeouts beside the answered statuses, each counted", async () => {
    expect(await latencyDetail([200, 404, "timeout after 3000 ms", 503], 8)).toBe(
      `p50 failed, p95 failed, max failed over 8 requests (6 failed: 2 answered 404, 2 answered 503 (not 2xx), 2 no answer); p95 must be <= 500 ms; a 5xx is the app, or the edge in front of it, failing on that path; ${SET_PATH}`,
    );
    expect(await latencyDetail(["ECONNRESET"], 3)).toBe(
      "p50 no answer, p95 no answer, max no answer over 3 requests (3 failed); p95 must be <= 500 ms",
    );
  });

  test("a 403 to the service token names the Access policy; without a token it does not", async () => {
    const probe = { host: "chat.example.com", path: "/hooks/healthz", protected: true };
    const { result } = await sampleLatency(probe, runAnswering([403], true), { samples: 2, p95BarMs: 500 });
    expect(result.detail).toMatch(
      /^no 2xx answer over 2 requests: 2 answered 403 \(not 2xx\); a 403 to the service token is Access refusing it/,
    );
    expect(await latencyDetail([403], 2)).toBe(`no 2xx answer over 2 requests: 2 answered 403 (not 2xx); ${SET_PATH}`);
  });
});
