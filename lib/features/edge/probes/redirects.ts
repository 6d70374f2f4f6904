import type { CheckResult, HttpObservation, RedirectProbe } from "../../../core/verify/types";
import { describeResponse, fail, noAnswer, pass } from "../../../core/verify/result";

/** Status codes that keep the method and are cacheable: what the edge answers for permanent moves. */
export const PERMANENT_REDIRECTS: readonly number[] = [301, 308];

export interface LocationOptions {
  /** Tests serve HTTPS on a random port: then the Location's port is not compared. */
  readonly ignorePort: boolean;
}

/** Same scheme, host and path (and port unless ignored); the query string is not compared. */
export function sameLocation(actual: string, expected: string, opts: LocationOptions): boolean {
  let a: URL;
  let e: URL;
  try {
    e = new URL(expected);
    a = new URL(actual, expected);
  } catch {
    return false;
  }
  const portOk = opts.ignorePort || a.port === e.port;
  return a.protocol === e.protocol && a.hostname === e.hostname && a.pathname === e.pathname && portOk;
}

function checkRedirect(
  check: string,
  obs: HttpObservation,
  statuses: readonly number[],
  expectedLocation: string,
  opts: LocationOptions,
): CheckResult {
  const missing = noAnswer(check, obs);
  if (missing) return missing;
  const target = `${obs.method} ${obs.url}`;
  const location = obs.headers.location;
  const want = `${statuses.join("/")} to ${expectedLocation}`;
  if (obs.status === undefined || !statuses.includes(obs.status) || location === undefined) {
    return fail(check, target, `answered ${describeResponse(obs)}; expected ${want}`);
  }
  if (!sameLocation(location, expectedLocation, opts)) {
    return fail(check, target, `redirects to ${location}; expected ${expectedLocation}`);
  }
  return pass(check, target, `${obs.status} -> ${location}`);
}

/** http://host/ must answer a permanent redirect to https://host/. */
export function evaluateHttpsRedirect(host: string, obs: HttpObservation, opts: LocationOptions): CheckResult {
  return checkRedirect("http.https-redirect", obs, PERMANENT_REDIRECTS, `https://${host}/`, opts);
}

/** A canonical (www <-> apex) or configured redirect, with its exact status and the path preserved. */
export function evaluateRedirect(probe: RedirectProbe, obs: HttpObservation, opts: LocationOptions): CheckResult {
  return checkRedirect(probe.check, obs, [probe.expectedStatus], probe.expectedLocation, opts);
}
