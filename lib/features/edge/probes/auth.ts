import type { CheckResult, HttpObservation, PathProbe } from "../../../core/verify/types";
import { ACCESS_LOGIN_PATH, redirectTarget } from "../../../core/verify/access-login";
import { describeResponse, fail, noAnswer, pass } from "../../../core/verify/result";

/** Other identity-provider login endpoints an app may redirect to. */
const LOGIN_PATH = /(^|\/)(login|signin|sign-in|sso|authorize)(\/|$)/i;

/** True when `location` is a login page: Access (team domain or same-host) or an app/IdP login path. */
export function isLoginRedirect(location: string, requestUrl: string): boolean {
  const url = redirectTarget(location, requestUrl);
  if (url === undefined) return false;
  if (ACCESS_LOGIN_PATH.test(url.pathname)) return true;
  return LOGIN_PATH.test(url.pathname);
}

const REFUSED = [401, 403];

/**
 * An unauthenticated request must never get data. Behind Access: 401/403 or a redirect to a login,
 * nothing else (anything else means Access is not in front). On a public hostname: anything but 2xx.
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
      `answered ${status} with ${obs.bodyBytes} bytes to a request without credentials: ${JSON.stringify(obs.bodySnippet)}`,
    );
  }
  if (REFUSED.includes(status)) return pass(check, target, `refused with ${status}`);
  if (status >= 300 && status < 400 && location !== undefined) {
    return isLoginRedirect(location, obs.url)
      ? pass(check, target, `redirects to login ${location.split("?")[0]}`)
      : fail(check, target, `redirects to ${location}, not to a login`);
  }
  if (!probe.protected) return pass(check, target, `not served to anonymous callers (${status}); public hostname`);
  return fail(check, target, `answered ${describeResponse(obs)}; expected 401/403 or a redirect to the Access login`);
}
