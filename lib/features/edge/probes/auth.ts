import type { CheckResult, HttpObservation, PathProbe } from "../../../core/verify/types";
import { ACCESS_LOGIN_PATH, redirectTarget } from "../../../core/verify/access-login";
import { describeResponse, fail, malformedAnswer, noAnswer, pass } from "../../../core/verify/result";
import { quoted } from "../../../core/verify/quoted";

/** Other identity-provider login endpoints an app may redirect to. */
const LOGIN_PATH = /(^|\/)(login|signin|sign-in|sso|authorize)(\/|$)/i;

/** A team domain: `<team name>.cloudflareaccess.com`, one label under Cloudflare's domain. */
const TEAM_DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.cloudflareaccess\.com$/;

/**
 * The Cloudflare Access login `location` points at, or undefined when it points anywhere else. Access
 * answers a request without a session with a redirect or a 403 ("When a resource is behind Access,
 * unauthenticated requests receive a redirect or 403 error",
 * https://developers.cloudflare.com/cloudflare-one/access-controls/authenticate-agents/); the redirect is
 * a 302 to the login on the team domain, `https://<team>.cloudflareaccess.com/cdn-cgi/access/login/<hostname>?...`
 * (the team domain holds the login session: https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/),
 * and cloudflared recognises an Access answer by a Location path starting /cdn-cgi/access/login
 * (cloudflare/cloudflared carrier/carrier.go, IsAccessResponse). golive does not know the team name
 * (config has no field for it), so any team domain counts; on another host only that path on the
 * app's own hostname does. Always over https.
 */
export function accessLoginTarget(location: string, requestUrl: string): URL | undefined {
  const url = redirectTarget(location, requestUrl);
  const from = redirectTarget(requestUrl, requestUrl);
  if (url === undefined || from === undefined || url.protocol !== "https:") return undefined;
  if (TEAM_DOMAIN.test(url.hostname)) return url;
  return url.hostname === from.hostname && ACCESS_LOGIN_PATH.test(url.pathname) ? url : undefined;
}

/** True when `location` is a login page: Access (team domain or same-host) or an app/IdP login path. */
export function isLoginRedirect(location: string, requestUrl: string): boolean {
  const url = redirectTarget(location, requestUrl);
  if (url === undefined) return false;
  if (ACCESS_LOGIN_PATH.test(url.pathname)) return true;
  return LOGIN_PATH.test(url.pathname);
}

const REFUSED = [401, 403];

/**
 * An unauthenticated request must never get data. Behind Access: 401/403 or a redirect to the Access
 * login (accessLoginTarget), nothing else: any other answer, a redirect to the app's own /login
 * included, means Access is not in front. On a public hostname: anything but 2xx, and a redirect only
 * to a login.
 */
export function evaluateUnauthenticated(probe: PathProbe, obs: HttpObservation): CheckResult {
  const check = "auth.unauthenticated";
  const missing = noAnswer(check, obs);
  if (missing) return missing;
  const target = `GET ${obs.url}`;
  const status = obs.status ?? 0;
  const location = obs.headers.location;
  if (status >= 200 && status < 300) {
    return fail(
      check,
      target,
      `answered ${status} with ${obs.bodyBytes} bytes to a request without credentials: ${quoted(obs.bodySnippet)}`,
    );
  }
  if (REFUSED.includes(status)) return pass(check, target, `refused with ${status}`);
  // A redirect is judged by where it leads: with two different Locations it leads nowhere a client agrees on.
  const malformed = status >= 300 && status < 400 ? malformedAnswer(check, obs, ["location"]) : undefined;
  if (malformed) return malformed;
  if (status >= 300 && status < 400 && location !== undefined && probe.protected) {
    const login = accessLoginTarget(location, obs.url);
    return login !== undefined
      ? pass(check, target, `redirects to the Access login ${login.origin}${login.pathname}`)
      : fail(
          check,
          target,
          `redirects to ${location}, not to the Cloudflare Access login (https://<team>.cloudflareaccess.com/... or /cdn-cgi/access/login on ${probe.host}): Access is not in front of this path`,
        );
  }
  if (status >= 300 && status < 400 && location !== undefined) {
    return isLoginRedirect(location, obs.url)
      ? pass(check, target, `redirects to login ${location.split("?")[0]}`)
      : fail(check, target, `redirects to ${location}, not to a login`);
  }
  if (!probe.protected) return pass(check, target, `not served to anonymous callers (${status}); public hostname`);
  return fail(check, target, `answered ${describeResponse(obs)}; expected 401/403 or a redirect to the Access login`);
}
