import type { CheckResult, HttpObservation } from "../../../core/verify/types";
import { redirectTarget } from "../../../core/verify/access-login";
import { fail, malformedAnswer, noAnswer, pass, skip } from "../../../core/verify/result";
import { formatPath } from "../../../core/issues";
import { lowerPath } from "../edge-rule";
import { type Redirect, redirectLocation } from "../redirects";
import { quoted } from "../../../core/verify/quoted";
import { describeLocation, leadsBack, type LocationOptions } from "./redirects";

export const ROOT_CHECK = "http.root";

/**
 * The configured redirect the edge answers `url` with: the first, in rule order (desiredRedirects
 * lists them as the edge runs them), whose host is the URL's and whose path prefix holds its path, case
 * blind at a segment boundary (pathPrefixExpr); undefined when none does.
 */
function configuredRedirect(url: URL, redirects: readonly Redirect[]): Redirect | undefined {
  const path = lowerPath(url.pathname);
  return redirects.find((r) => {
    const prefix = lowerPath(r.fromPath.replace(/\/+$/, ""));
    return r.fromHost === url.hostname && (prefix === "" || path === prefix || path.startsWith(`${prefix}/`));
  });
}

/**
 * `GET https://<app hostname>/` must reach something users can load: not a server error, not a
 * redirect to itself, not a redirect from https to plain http (the http answer sends the browser back
 * to https, RFC 6797 7.2, and a browser holding the HSTS policy rewrites the http URL to https itself,
 * 8.3: either way the page never loads). Behind Access the answer is the login redirect (the
 * auth.unauthenticated check holds it to Access's login); on a public hostname any other answer passes,
 * a 4xx included (a hostname may serve an API only). A chain of redirects is not followed: one request;
 * but a redirect to a URL that `redirects` (the configured ones, edge.canonicalHost's among them) send
 * back to the request is a loop the config makes certain: the apex sending `/` to www while
 * edge.canonicalHost sends www to the apex.
 */
export function evaluateAppRoot(obs: HttpObservation, opts: LocationOptions, redirects: readonly Redirect[] = []): CheckResult {
  const missing = noAnswer(ROOT_CHECK, obs);
  if (missing) return missing;
  const target = `${obs.method} ${obs.url}`;
  const status = obs.status ?? 0;
  if (status >= 500) return fail(ROOT_CHECK, target, `answered ${status}: the hostname serves a server error, not the app`);
  // Browsers refuse any answer with two different Locations; two media types leave how the page renders
  // to the client, unless the answer is a redirect, whose body no browser shows.
  const redirect = status >= 300 && status < 400;
  const malformed = malformedAnswer(ROOT_CHECK, obs, redirect ? ["location"] : ["location", "content-type"]);
  if (malformed) return malformed;
  if (!redirect) return pass(ROOT_CHECK, target, `answered ${status}`);
  const location = obs.headers.location;
  if (location === undefined) return fail(ROOT_CHECK, target, `answered ${status} without a Location: browsers go nowhere`);
  const to = redirectTarget(location, obs.url);
  if (to === undefined) return fail(ROOT_CHECK, target, `answered ${status} to ${quoted(location)}, which is no URL`);
  if (leadsBack(location, obs.url, opts))
    return fail(ROOT_CHECK, target, `redirects to ${describeLocation(location, obs.url, opts)}: the page never loads`);
  if (to.protocol === "http:")
    return fail(
      ROOT_CHECK,
      target,
      `redirects to ${describeLocation(location, obs.url, opts)}, from https to plain http: the http answer sends browsers back to https (RFC 6797 7.2) and a browser holding the HSTS policy rewrites it to https itself (8.3), a redirect loop`,
    );
  if (to.protocol !== "https:") return fail(ROOT_CHECK, target, `redirects to ${location}, not to an https URL`);
  const back = configuredRedirect(to, redirects);
  const there = back === undefined ? undefined : redirectLocation(back, to.pathname);
  if (back !== undefined && there !== undefined && leadsBack(there, obs.url, opts))
    return fail(
      ROOT_CHECK,
      target,
      `redirects to ${location}, which ${formatPath(back.source)} redirects back to ${there}: a redirect loop, the page never loads; serve the app here or send it where the config sends users (${back.fromHost} -> ${back.to})`,
    );
  return pass(ROOT_CHECK, target, `${status} -> ${location}`);
}

/**
 * Header verdicts are read from the answer to `/` only when it is the app's (evaluateAppRoot passed):
 * the headers of a 502 or of a redirect loop say nothing of what users get; each is skipped, saying why.
 */
export function headersOfRoot(root: CheckResult, verdicts: readonly CheckResult[]): CheckResult[] {
  if (root.status !== "fail") return [...verdicts];
  return verdicts.map((v) => skip(v.check, v.target, `not read: the answer to / is not the app's (${ROOT_CHECK} failed)`));
}
