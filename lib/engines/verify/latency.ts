import type { CheckResult } from "../../core/verify/types";
import { fail, skip } from "../../core/verify/result";
import { evaluateLatency, type LatencySummary, summarizeLatency } from "../../features/monitoring/probes";
import type { HttpObservation } from "../../core/verify/types";
import { isLoginRedirect } from "../../features/edge/probes/auth";
import { accessLoginRedirect } from "./access-login";
import type { LatencyProbe } from "./plan";
import type { HostResolver } from "./probe/resolve";
import { keptAlive, type RequesterOptions, requester } from "./requester";

/** Upper bound on latency samples: verify is a probe, not a load test. */
export const MAX_SAMPLES = 200;

/** Where the CLI reads the service token: the environment only, never argv, never printed. */
export const ACCESS_TOKEN_ENV = { clientId: "GOLIVE_ACCESS_CLIENT_ID", clientSecret: "GOLIVE_ACCESS_CLIENT_SECRET" } as const;

const SET_TOKEN = `set ${ACCESS_TOKEN_ENV.clientId} and ${ACCESS_TOKEN_ENV.clientSecret} to a service token of edge.access.serviceTokens that is allowed on the timed path`;

/** A Cloudflare Access service token: lets a machine through Access without a login. */
export interface AccessServiceToken {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface LatencyOptions extends RequesterOptions {
  readonly resolver: HostResolver;
  /** 1..MAX_SAMPLES */
  readonly samples: number;
  readonly p95BarMs: number;
  /** Sent only to a hostname behind Access, and only over a verified TLS connection. */
  readonly accessToken?: AccessServiceToken;
  /** Trusted CAs (system roots plus `--ca-file`) for that connection; the system roots when absent. */
  readonly ca?: readonly string[];
}

/**
 * The two headers Access checks on every request instead of a login:
 * https://developers.cloudflare.com/cloudflare-one/access-controls/service-credentials/service-tokens/ ("CF-Access-Client-Id",
 * "CF-Access-Client-Secret").
 */
function accessHeaders(token: AccessServiceToken): Record<string, string> {
  return { "CF-Access-Client-Id": token.clientId, "CF-Access-Client-Secret": token.clientSecret };
}

/** Why the latency probe is not sent, or undefined when it is: behind Access without a token only the login answers. */
export function latencySkipReason(probe: LatencyProbe, hasToken: boolean): string | undefined {
  // Only when nothing names the path (a named one is refused at config load or as a flag): no service token at all.
  if (probe.protected && probe.unreachable !== undefined) return `not measured: ${probe.unreachable}`;
  if (!probe.protected || hasToken) return undefined;
  const origin =
    probe.target === "origin"
      ? "; monitoring.latency.target origin cannot be timed from outside: the origins refuse requests without Cloudflare's client certificate (see origin.lockdown)"
      : "";
  return `not measured: ${probe.host} is behind Cloudflare Access and no service token is set, so only the Access login would answer; ${SET_TOKEN}${origin}`;
}

function reachedLogin(login: string, status: number | undefined, withToken: boolean): string {
  const why = withToken
    ? `the service token in ${ACCESS_TOKEN_ENV.clientId}/${ACCESS_TOKEN_ENV.clientSecret} is wrong or the app's Access policy does not allow it`
    : `the host is behind Access though the config does not say so; ${SET_TOKEN}`;
  return `the probe reached the Cloudflare Access login instead of the app (${status} -> ${login}); not a latency sample: ${why}`;
}

const SET_PATH =
  "set monitoring.latency.path (or --health-path) to an endpoint the app answers with 2xx, without a login, such as /hooks/healthz";

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

/**
 * Sequential timed requests over one kept-alive connection, as a chat client makes them. Only a 2xx is
 * a sample: a redirect (to the Access login, an app login or anywhere) stops the probe and fails the check.
 */
export async function sampleLatency(probe: LatencyProbe, o: LatencyOptions): Promise<{ result: CheckResult; summary: LatencySummary }> {
  const { host, path } = probe;
  const target = `GET https://${host}${path}`;
  const none = summarizeLatency([]);
  const skipped = latencySkipReason(probe, o.accessToken !== undefined);
  if (skipped !== undefined) return { result: skip("latency.p95", target, skipped), summary: none };
  const resolved = await o.resolver.resolve(host);
  if ("error" in resolved) return { result: fail("latency.p95", target, resolved.error), summary: none };
  const token = probe.protected ? o.accessToken : undefined;
  const headers = token === undefined ? {} : accessHeaders(token);
  const verifyCertificate = token === undefined ? undefined : o.ca === undefined ? {} : { ca: o.ca };
  const agent = keptAlive();
  const get = requester(o, agent);
  const samples: (number | undefined)[] = [];
  try {
    // One untimed warm-up request opens the connection, as a chat client's first page load does.
    const requests = Math.min(o.samples, MAX_SAMPLES) + 1;
    for (let i = 0; i < requests; i++) {
      const obs = await get(host, resolved.address, {
        scheme: "https",
        path,
        headers,
        ...(verifyCertificate ? { verifyCertificate } : {}),
      });
      if (i === 0 && verifyCertificate !== undefined && obs.status === undefined)
        return {
          result: fail(
            "latency.p95",
            target,
            `no verified TLS connection to ${host} at ${resolved.address} (${obs.error ?? "no answer"}): the service token was not sent`,
          ),
          summary: none,
        };
      const login = accessLoginRedirect(obs);
      if (login !== undefined)
        return { result: fail("latency.p95", target, reachedLogin(login, obs.status, token !== undefined)), summary: none };
      const redirect = notTheApp(obs);
      if (redirect !== undefined) return { result: fail("latency.p95", target, redirect), summary: none };
      // Only a 2xx is the app answering: a refusal or an error (Access answers a token without a policy with 403) is a failed sample.
      if (i > 0) samples.push(obs.status !== undefined && obs.status >= 200 && obs.status < 300 ? obs.elapsedMs : undefined);
    }
  } finally {
    agent.destroy();
  }
  const summary = summarizeLatency(samples);
  return { result: evaluateLatency(target, summary, o.p95BarMs), summary };
}
