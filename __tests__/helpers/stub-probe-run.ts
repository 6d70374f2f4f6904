import type { HttpObservation } from "../../lib/core/verify/types";
import type { ProbeRun, RequestSpec } from "../../lib/platform/probes";

/** One request's answer, as a stubbed run's `get` gives it. */
export type StubGet = (host: string, address: string, spec: RequestSpec) => Promise<HttpObservation>;

/**
 * A verify run whose every host resolves to 127.0.0.1 and whose requests (one-off or over a kept
 * connection) all go to `get`; DNS records and TLS handshakes are not for the probe under test and fail.
 */
export function stubProbeRun(get: StubGet, extra: Partial<ProbeRun> = {}): ProbeRun {
  const unused = () => Promise.reject(new Error("not used by the probe under test"));
  return {
    resolve: async () => ({ address: "127.0.0.1" }),
    records: unused,
    get,
    connection: () => ({ get, close: () => {} }),
    tls: unused,
    legacyTls: unused,
    minCertDays: 21,
    now: new Date(),
    ignorePort: true,
    ...extra,
  };
}
