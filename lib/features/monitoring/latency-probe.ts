import type { AppConfig } from "../../config/schema";
import { endsBeforeRequest } from "../../core/error-code";
import type { HttpObservation } from "../../core/verify/types";
import { protectedHostnames } from "../edge/access";
import { verifiedHosts } from "../edge/probes/plan";
import { ACCESS_TOKEN_ENV, type AccessServiceToken, type RequestSpec } from "../../platform/probes";
import { latencyPath, latencyPathProblem } from "./latency-path";

/** The timed request: which host and path, and whether Access stands in front of it. */
export interface LatencyProbe {
  readonly host: string;
  readonly path: string;
  /** Behind Cloudflare Access: only a service token reaches the app; without one the edge answers the login. */
  readonly protected: boolean;
  /** `monitoring.latency.target` when the config names the latency hostname. */
  readonly target?: "edge" | "origin";
  /** Behind Access, and no service token is admitted at `path`: why even a token only reaches the login there. */
  readonly unreachable?: string;
}

/**
 * The request verify times: `monitoring.latency.hostname`, else the first app hostname behind Access
 * (else the first one, else the zone). `healthPath` (`--health-path`) replaces the timed path, which is
 * otherwise `monitoring.latency.path` or the one derived from the service tokens (latency-path.ts).
 */
export function latencyProbe(cfg: AppConfig, healthPath?: string): LatencyProbe {
  const apps = verifiedHosts(cfg).filter((h) => h.role === "app");
  const chatHost = apps.find((h) => h.protected) ?? apps[0];
  const configured = cfg.monitoring?.latency;
  const host = configured?.hostname ?? chatHost?.name ?? cfg.cloudflare.zone.name;
  const path = healthPath ?? latencyPath(cfg, host);
  const unreachable = latencyPathProblem(cfg, host, path);
  return {
    host,
    path,
    protected: protectedHostnames(cfg).includes(host),
    ...(configured === undefined ? {} : { target: configured.target }),
    ...(unreachable === undefined ? {} : { unreachable }),
  };
}

export const SET_TOKEN = `set ${ACCESS_TOKEN_ENV.clientId} and ${ACCESS_TOKEN_ENV.clientSecret} to a service token of edge.access.serviceTokens that is allowed on the timed path`;

/** Why the latency probe is not sent, or undefined when it is: behind Access without a token only the login answers. */
export function latencySkipReason(probe: LatencyProbe, hasToken: boolean): string | undefined {
  // Only when nothing names the path (a named one is refused at config load or as a flag): no service token at all.
  if (probe.protected && probe.unreachable !== undefined) return `not measured: ${probe.unreachable}`;
  if (!probe.protected || hasToken) return undefined;
  const origin =
    probe.target === "origin"
      ? "; monitoring.latency.target origin cannot be timed from outside: the origins refuse requests that do not come through Cloudflare (see origin.lockdown)"
      : "";
  return `not measured: ${probe.host} is behind Cloudflare Access and no service token is set, so only the Access login would answer; ${SET_TOKEN}${origin}`;
}

/** What a request that reached the Access login with the token means. */
export const TOKEN_REFUSED = `the service token in ${ACCESS_TOKEN_ENV.clientId}/${ACCESS_TOKEN_ENV.clientSecret} is wrong or the app's Access policy does not allow it`;

/**
 * The part of a request that carries the service token (none without one): the two headers Access
 * checks instead of a login, CF-Access-Client-Id and CF-Access-Client-Secret
 * (https://developers.cloudflare.com/cloudflare-one/access-controls/service-credentials/service-tokens/),
 * and a certificate check against the run's trusted CAs (`ca`; the system roots when absent): the token
 * never goes over a connection whose certificate did not verify for the host.
 */
export function tokenRequest(
  token: AccessServiceToken | undefined,
  ca: readonly string[] | undefined,
): Pick<RequestSpec, "headers" | "verifyCertificate"> {
  if (token === undefined) return {};
  return {
    headers: { "CF-Access-Client-Id": token.clientId, "CF-Access-Client-Secret": token.clientSecret },
    verifyCertificate: ca === undefined ? {} : { ca },
  };
}

/**
 * Why a request carrying the token got no answer without sending it, or undefined: it failed before
 * the request was written (endsBeforeRequest: a refused certificate, a failed handshake, no connection;
 * a TLS socket holds what is written to it until secureConnect, so the token never left). A timeout or
 * a reset may come after the token was sent: that is no answer, not this.
 */
export function tokenNotSent(obs: HttpObservation, host: string, address: string): string | undefined {
  if (obs.status !== undefined || !endsBeforeRequest(obs.error ?? "")) return undefined;
  return `no verified TLS connection to ${host} at ${address} (${obs.error ?? "no answer"}): the service token was not sent`;
}
