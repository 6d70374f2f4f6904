import type { HttpObservation } from "../../core/verify/types";

/** Cloudflare Access sends callers it does not let in to `<team>.cloudflareaccess.com/cdn-cgi/access/login/...`. */
const ACCESS_TEAM_DOMAIN = ".cloudflareaccess.com";
const ACCESS_LOGIN_PATH = /^\/cdn-cgi\/access\/login(\/|$)/;

/**
 * The Access login URL (without its query) when `obs` is a 3xx to it, else undefined: the edge stopped
 * the request, so its time says nothing about the app.
 */
export function accessLoginRedirect(obs: HttpObservation): string | undefined {
  const status = obs.status ?? 0;
  const location = obs.headers.location;
  if (status < 300 || status >= 400 || location === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(location, obs.url);
  } catch {
    return undefined;
  }
  const login = url.hostname.endsWith(ACCESS_TEAM_DOMAIN) || ACCESS_LOGIN_PATH.test(url.pathname);
  return login ? `${url.origin}${url.pathname}` : undefined;
}
