import { ACCESS_LOGIN_PATH, ACCESS_TEAM_DOMAIN, redirectTarget } from "../../core/verify/access-login";
import type { HttpObservation } from "../../core/verify/types";

/**
 * The Access login URL (without its query) when `obs` is a 3xx to it, else undefined: the edge stopped
 * the request, so its time says nothing about the app.
 */
export function accessLoginRedirect(obs: HttpObservation): string | undefined {
  const status = obs.status ?? 0;
  const location = obs.headers.location;
  if (status < 300 || status >= 400 || location === undefined) return undefined;
  const url = redirectTarget(location, obs.url);
  if (url === undefined) return undefined;
  const login = url.hostname.endsWith(ACCESS_TEAM_DOMAIN) || ACCESS_LOGIN_PATH.test(url.pathname);
  return login ? `${url.origin}${url.pathname}` : undefined;
}
