import type { CheckResult, HttpObservation, RedirectProbe } from "../../../core/verify/types";
import { redirectTarget } from "../../../core/verify/access-login";
import { describeResponse, fail, malformedAnswer, noAnswer, pass } from "../../../core/verify/result";
import { preservesQuery } from "../redirects";

/** Status codes that keep the method and are cacheable: what the edge answers for permanent moves. */
export const PERMANENT_REDIRECTS: readonly number[] = [301, 308];

export interface LocationOptions {
  /** Tests serve HTTPS on a random port: then the Location's port is not compared. */
  readonly ignorePort: boolean;
}

/**
 * The query string every redirect probe sends. A rule keeps the query (redirectRules: preserveQueryString)
 * unless its target has its own query or fragment (preservesQuery): then the Location must carry this
 * parameter, else exactly the target's own query and not this parameter.
 */
export const PROBE_QUERY = "golive-verify=1";

/** The path a redirect probe requests: the planned path with PROBE_QUERY. */
export function probedPath(probe: RedirectProbe): string {
  return `${probe.path}?${PROBE_QUERY}`;
}

/** Whether `location` (resolved against `requestUrl`) carries PROBE_QUERY's parameter with its value. */
export function keepsQuery(location: string, requestUrl: string): boolean {
  const [name = "", value = ""] = PROBE_QUERY.split("=");
  return redirectTarget(location, requestUrl)?.searchParams.getAll(name).includes(value) ?? false;
}

/**
 * Same scheme, host and path (and port unless ignored); the query string is compared apart (keepsQuery). A relative
 * `actual` (`/`, `//host/`) is resolved against the URL of the request it answered, as a browser does
 * (RFC 9110 10.2.2: "relative to the target URI"), never against the expected one: else `Location: /`
 * on http://host/ would read as https://host/, though it sends the browser back to http://host/.
 */
export function sameLocation(actual: string, expected: string, requestUrl: string, opts: LocationOptions): boolean {
  const a = redirectTarget(actual, requestUrl);
  const e = redirectTarget(expected, expected);
  if (a === undefined || e === undefined) return false;
  const portOk = opts.ignorePort || a.port === e.port;
  return a.protocol === e.protocol && a.hostname === e.hostname && a.pathname === e.pathname && portOk;
}

/** Whether `location` leads back to the URL it answered (its fragment aside, its port too when ignored): a redirect loop. */
export function leadsBack(location: string, requestUrl: string, opts: LocationOptions): boolean {
  const to = redirectTarget(location, requestUrl);
  const from = redirectTarget(requestUrl, requestUrl);
  if (to === undefined || from === undefined) return false;
  for (const u of [to, from]) {
    u.hash = "";
    if (opts.ignorePort) u.port = "";
  }
  return to.href === from.href;
}

/** `location`, and where it leads when it is relative (resolved against `requestUrl`), saying so when that is the request itself. */
export function describeLocation(location: string, requestUrl: string, opts: LocationOptions): string {
  const to = redirectTarget(location, requestUrl);
  if (to === undefined) return `${location} (no URL)`;
  const loop = leadsBack(location, requestUrl, opts) ? ": the request itself, a redirect loop" : "";
  return to.href === location && loop === "" ? location : `${location} (${to.href}${loop})`;
}

/** What a redirect's Location must do with the probe's query: keep it, or carry the target's own query instead. */
type QueryExpectation = "kept" | "target";

/** Why `location` does not treat the query as `query` says, or undefined when it does. */
function queryProblem(location: string, expectedLocation: string, requestUrl: string, query: QueryExpectation): string | undefined {
  if (query === "kept")
    return keepsQuery(location, requestUrl)
      ? undefined
      : `redirects to ${location}, dropping the query string (${PROBE_QUERY}); expected ${expectedLocation} with the query kept, as the rule's preserveQueryString has it`;
  const actual = redirectTarget(location, requestUrl)?.search;
  const own = redirectTarget(expectedLocation, expectedLocation)?.search ?? "";
  return actual === own
    ? undefined
    : `redirects to ${location}; expected the target's own query (${JSON.stringify(own)}) in place of the request's (${PROBE_QUERY}), as the rule's target has a query or fragment, so its preserveQueryString is off`;
}

function checkRedirect(
  check: string,
  obs: HttpObservation,
  statuses: readonly number[],
  expectedLocation: string,
  opts: LocationOptions & { readonly query?: QueryExpectation },
): CheckResult {
  const missing = noAnswer(check, obs);
  if (missing) return missing;
  // A second, different Location sends browsers nowhere, whatever the first says; a redirect's Content-Type is never read.
  const malformed = malformedAnswer(check, obs, ["location"]);
  if (malformed) return malformed;
  const target = `${obs.method} ${obs.url}`;
  const location = obs.headers.location;
  const want = `${statuses.join("/")} to ${expectedLocation}`;
  if (obs.status === undefined || !statuses.includes(obs.status) || location === undefined) {
    return fail(check, target, `answered ${describeResponse(obs)}; expected ${want}`);
  }
  if (!sameLocation(location, expectedLocation, obs.url, opts)) {
    return fail(check, target, `redirects to ${describeLocation(location, obs.url, opts)}; expected ${expectedLocation}`);
  }
  const queryWrong = opts.query === undefined ? undefined : queryProblem(location, expectedLocation, obs.url, opts.query);
  if (queryWrong !== undefined) return fail(check, target, queryWrong);
  return pass(check, target, `${obs.status} -> ${location}`);
}

/** http://host/ must answer a permanent redirect to https://host/. */
export function evaluateHttpsRedirect(host: string, obs: HttpObservation, opts: LocationOptions): CheckResult {
  return checkRedirect("http.https-redirect", obs, PERMANENT_REDIRECTS, `https://${host}/`, opts);
}

/**
 * A canonical (www <-> apex) or configured redirect, requested at probedPath: its exact status, the path
 * preserved and the query kept, or, for a target with its own query or fragment, exactly that query.
 */
export function evaluateRedirect(probe: RedirectProbe, obs: HttpObservation, opts: LocationOptions): CheckResult {
  const query = preservesQuery(probe.expectedLocation) ? "kept" : "target";
  return checkRedirect(probe.check, obs, [probe.expectedStatus], probe.expectedLocation, { ...opts, query });
}
