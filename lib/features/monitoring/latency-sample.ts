import { fail, malformedIn, skip } from "../../core/verify/result";
import type { CheckResult, HttpObservation } from "../../core/verify/types";
import { accessLoginTarget, isLoginRedirect } from "../edge/probes/auth";
import { type LatencySummary, MAX_SAMPLES, type ProbeRun } from "../../platform/probes";
import { SET_PATH } from "./latency-failures";
import { type LatencyProbe, latencySkipReason, SET_TOKEN, TOKEN_REFUSED, tokenNotSent, tokenRequest } from "./latency-probe";
import { evaluateLatency, summarizeLatency } from "./probes";

/**
 * The Access login URL (without its query) when `obs` is a 3xx to it (accessLoginTarget), else
 * undefined: the edge stopped the request, so its time says nothing about the app.
 */
export function accessLoginRedirect(obs: HttpObservation): string | undefined {
  const status = obs.status ?? 0;
  const location = obs.headers.location;
  if (status < 300 || status >= 400 || location === undefined) return undefined;
  const url = accessLoginTarget(location, obs.url);
  return url === undefined ? undefined : `${url.origin}${url.pathname}`;
}

function reachedLogin(login: string, status: number | undefined, withToken: boolean): string {
  const why = withToken ? TOKEN_REFUSED : `the host is behind Access though the config does not say so; ${SET_TOKEN}`;
  return `the probe reached the Cloudflare Access login instead of the app (${status} -> ${login}); not a latency sample: ${why}`;
}

/**
 * Why a 3xx answer is not the app answering, or undefined for any other status. A redirect times the
 * edge or the app's router, not the request a chat client makes: a login redirect means the path needs
 * a session the probe does not have, any other one that the path is not the endpoint.
 */
function notTheApp(obs: HttpObservation): string | undefined {
  const status = obs.status ?? 0;
  if (status < 300 || status >= 400) return undefined;
  const location = obs.headers.location;
  const to = location === undefined ? "no Location" : location.split("?")[0];
  if (location !== undefined && isLoginRedirect(location, obs.url))
    return `the path redirects to a login (${status} -> ${to}), so the probe would time the redirect, not the app; ${SET_PATH}`;
  return `the path answers a redirect (${status} -> ${to}), not the app; a redirect is never timed: ${SET_PATH}`;
}

export interface SampleOptions {
  /** 1..MAX_SAMPLES */
  readonly samples: number;
  readonly p95BarMs: number;
}

/**
 * Sequential timed requests over one kept-alive connection, as a chat client makes them. Only a 2xx is
 * a sample: a redirect (to the Access login, an app login or anywhere) stops the probe and fails the check.
 */
export async function sampleLatency(
  probe: LatencyProbe,
  net: ProbeRun,
  o: SampleOptions,
): Promise<{ result: CheckResult; summary: LatencySummary }> {
  const { host, path } = probe;
  const target = `GET https://${host}${path}`;
  const none = summarizeLatency([]);
  const skipped = latencySkipReason(probe, net.accessToken !== undefined);
  if (skipped !== undefined) return { result: skip("latency.p95", target, skipped), summary: none };
  const resolved = await net.resolve(host);
  if ("error" in resolved) return { result: fail("latency.p95", target, resolved.error), summary: none };
  const token = probe.protected ? net.accessToken : undefined;
  const { headers, verifyCertificate } = tokenRequest(token, net.ca);
  const connection = net.connection();
  const samples: (number | undefined)[] = [];
  const refused: number[] = [];
  try {
    // One untimed warm-up request opens the connection, as a chat client's first page load does.
    const requests = Math.min(o.samples, MAX_SAMPLES) + 1;
    for (let i = 0; i < requests; i++) {
      const obs = await connection.get(host, resolved.address, {
        scheme: "https",
        path,
        headers,
        ...(verifyCertificate ? { verifyCertificate } : {}),
      });
      // A warm-up that failed before sending (endsBeforeRequest: the error's code, errorCode) stops here: a
      // TLS socket holds what is written to it until secureConnect, so the token never left. One that
      // timed out or was reset is only a failed untimed request: the samples that follow
      // are timed, and each still goes over a verified connection (verifyCertificate) or not at all.
      const unsent = i === 0 && verifyCertificate !== undefined ? tokenNotSent(obs, host, resolved.address) : undefined;
      if (unsent !== undefined) return { result: fail("latency.p95", target, unsent), summary: none };
      // A redirect with two different Locations goes nowhere a client can tell: name it, not its first Location.
      const twoLocations = (obs.status ?? 0) >= 300 && (obs.status ?? 0) < 400 ? malformedIn(obs, ["location"]) : undefined;
      if (twoLocations !== undefined)
        return { result: fail("latency.p95", target, `malformed answer: ${twoLocations}; not a latency sample`), summary: none };
      const login = accessLoginRedirect(obs);
      if (login !== undefined)
        return { result: fail("latency.p95", target, reachedLogin(login, obs.status, token !== undefined)), summary: none };
      const redirect = notTheApp(obs);
      if (redirect !== undefined) return { result: fail("latency.p95", target, redirect), summary: none };
      // Only a 2xx is the app answering: a refusal or an error (Access answers a token without a policy with 403) is a failed
      // sample, its status kept so the finding says what answered instead of "no answer".
      if (i === 0) continue;
      const ok = obs.status !== undefined && obs.status >= 200 && obs.status < 300;
      samples.push(ok ? obs.elapsedMs : undefined);
      if (!ok && obs.status !== undefined) refused.push(obs.status);
    }
  } finally {
    connection.close();
  }
  const summary = summarizeLatency(samples);
  return { result: evaluateLatency(target, summary, o.p95BarMs, { statuses: refused, withToken: token !== undefined }), summary };
}
