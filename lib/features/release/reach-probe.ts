import type { AppConfig } from "../../config/schema";
import { clip } from "../../core/clip";
import { quoted } from "../../core/verify/quoted";
import { fail, malformedIn, pass, skip } from "../../core/verify/result";
import type { CheckResult, HttpObservation } from "../../core/verify/types";
import { ACCESS_TOKEN_ENV, type PlannedProbe, type ProbeRun, type ProbeSet } from "../../platform/probes";
import { protectedHostnames, serviceTokenPaths } from "../edge/access";
import { latencyPath, latencyPathProblem } from "../monitoring/latency-path";
import { TOKEN_REFUSED, tokenNotSent, tokenRequest } from "../monitoring/latency-probe";
import { accessLoginRedirect } from "../monitoring/latency-sample";

/** The check `golive verify` reports for the load-balanced hostname. */
const RELEASE_REACHABLE = "release.reachable";

/**
 * The one request verify sends to `release.hostname`: through Access and the load balancer, as users
 * reach the release. The other probes of that name carry no token, so behind Access they only ever see
 * the login, which Access answers before any pool is contacted.
 */
export interface ReleaseReach {
  readonly environment: string;
  readonly host: string;
  readonly path: string;
  /** Behind Cloudflare Access: only a service token gets past the login to the pools. */
  readonly protected: boolean;
  /** Each colour's share of new sessions, as `release.weights` has it: the pools that may answer. */
  readonly weights: string;
  /** Why not even a token gets past Access: no service token is allowed on any path of the hostname. */
  readonly unreachable?: string;
}

/**
 * The request for `cfg.release`, undefined without one. Its path is the latency probe's (`--health-path`,
 * `monitoring.latency.path`, else the first service-token path: latency-path.ts), or else the first
 * path a service token is allowed on: behind Access only those get a machine past the login.
 */
export function releaseReach(cfg: AppConfig, healthPath?: string): ReleaseReach | undefined {
  const release = cfg.release;
  if (release === undefined) return undefined;
  const host = release.hostname;
  const candidates = [...new Set([healthPath ?? latencyPath(cfg, host), ...serviceTokenPaths(cfg)])];
  const path = candidates.find((p) => latencyPathProblem(cfg, host, p) === undefined);
  const reach = {
    environment: cfg.environment,
    host,
    path: path ?? candidates[0] ?? "/",
    protected: protectedHostnames(cfg).includes(host),
    weights: `blue ${release.weights.blue} %, green ${release.weights.green} %`,
  };
  if (path !== undefined) return reach;
  return {
    ...reach,
    unreachable: `${host} is behind Cloudflare Access and no service token of edge.access.serviceTokens is allowed on any of its paths, so only the Access login would answer; add one on a path the app answers GET on (such as {name: monitor, paths: [/monitor]})`,
  };
}

/** The check's target, as `--dry-run` lists it and the run reports it. */
const targetOf = (reach: ReleaseReach): string => `GET https://${reach.host}${reach.path}`;

/** Why the probe is not sent, or undefined when it is; never a pass: the login says nothing about the pools. */
function releaseSkipReason(reach: ReleaseReach, hasToken: boolean): string | undefined {
  if (!reach.protected) return undefined;
  if (reach.unreachable !== undefined) return `not probed: ${reach.unreachable}`;
  if (hasToken) return undefined;
  return `not probed: ${reach.host} is behind Cloudflare Access and no service token is set, so only the Access login would answer, which Access sends before any pool is contacted; set ${ACCESS_TOKEN_ENV.clientId} and ${ACCESS_TOKEN_ENV.clientSecret} (a service token allowed on ${reach.path}) to reach it`;
}

/** What the check proves, as `--dry-run` lists it. */
function proves(reach: ReleaseReach, hasToken: boolean): string {
  const skipped = releaseSkipReason(reach, hasToken);
  if (skipped !== undefined) return `SKIPPED: ${skipped}`;
  const token = reach.protected
    ? " with the Access service token (CF-Access-Client-Id/-Secret headers, over a verified certificate only)"
    : "";
  return `the load balancer (weights ${reach.weights}) answers 2xx${token}; a 5xx (530: no healthy pool) or the Access login fails it; which colour or build answered is not compared`;
}

/** Where to look when the pools did not answer. */
function poolsHint(reach: ReleaseReach): string {
  return `see npx golive release status ${reach.environment} --live (pool health), then runbooks/rollback.md`;
}

function pathHint(reach: ReleaseReach): string {
  return `${reach.path} is not a path the app answers GET on with 2xx; set monitoring.latency.path (or --health-path), which this probe requests too, to one such as /hooks/healthz`;
}

/** The check's verdict on the answer: only a 2xx proves the pools behind the load balancer serve. */
function judge(reach: ReleaseReach, obs: HttpObservation, target: string, withToken: boolean): CheckResult {
  const status = obs.status;
  if (status === undefined) return fail(RELEASE_REACHABLE, target, `no answer (${obs.error ?? "unknown error"}); ${poolsHint(reach)}`);
  if (status >= 200 && status < 300) {
    const how = withToken ? " with the service token" : "";
    return pass(
      RELEASE_REACHABLE,
      target,
      `${status} through the load balancer${how} (weights ${reach.weights}); which colour or build answered is not compared`,
    );
  }
  if (status >= 500) {
    const body = obs.bodySnippet.trim() === "" ? "" : ` ${quoted(clip(obs.bodySnippet.trim(), 80))}`;
    return fail(
      RELEASE_REACHABLE,
      target,
      `answered ${status}${body}, not 2xx: the pools behind the load balancer did not serve it (no healthy pool, or the app failing); ${poolsHint(reach)}`,
    );
  }
  if (status >= 300 && status < 400) {
    // Two different Locations go nowhere a client can tell: name them, not the first one.
    const twoLocations = malformedIn(obs, ["location"]);
    if (twoLocations !== undefined) return fail(RELEASE_REACHABLE, target, `malformed answer: ${twoLocations}`);
    const login = accessLoginRedirect(obs);
    if (login !== undefined) {
      const why = withToken ? TOKEN_REFUSED : "the hostname is behind Access though the config does not say so";
      return fail(RELEASE_REACHABLE, target, `reached the Cloudflare Access login, not the load balancer (${status} -> ${login}): ${why}`);
    }
    const to = obs.headers.location?.split("?")[0] ?? "no Location";
    return fail(RELEASE_REACHABLE, target, `answered a redirect (${status} -> ${to}), not 2xx: ${pathHint(reach)}`);
  }
  // Access answers a token its policy does not allow with 403.
  const why = withToken && (status === 401 || status === 403) ? TOKEN_REFUSED : pathHint(reach);
  return fail(RELEASE_REACHABLE, target, `answered ${status}, not 2xx: ${why}`);
}

/** Sends the one request (the token only behind Access, only over a verified certificate) and judges it. */
export async function probeReleaseReach(reach: ReleaseReach, net: ProbeRun): Promise<CheckResult> {
  const target = targetOf(reach);
  const skipped = releaseSkipReason(reach, net.accessToken !== undefined);
  if (skipped !== undefined) return skip(RELEASE_REACHABLE, target, skipped);
  const resolved = await net.resolve(reach.host);
  if ("error" in resolved) return fail(RELEASE_REACHABLE, target, resolved.error);
  const token = reach.protected ? net.accessToken : undefined;
  const obs = await net.get(reach.host, resolved.address, { scheme: "https", path: reach.path, ...tokenRequest(token, net.ca) });
  const unsent = token === undefined ? undefined : tokenNotSent(obs, reach.host, resolved.address);
  return unsent === undefined ? judge(reach, obs, target, token !== undefined) : fail(RELEASE_REACHABLE, target, unsent);
}

/** The release's live check: one GET of release.hostname through the load balancer. */
export function releaseProbes(cfg: AppConfig, inputs: { readonly healthPath?: string; readonly hasAccessToken: boolean }): ProbeSet[] {
  const reach = releaseReach(cfg, inputs.healthPath);
  if (reach === undefined) return [];
  const planned: PlannedProbe = {
    check: RELEASE_REACHABLE,
    target: targetOf(reach),
    proves: proves(reach, inputs.hasAccessToken),
  };
  return [{ planned: [planned], run: async (net) => ({ results: [await probeReleaseReach(reach, net)] }) }];
}
