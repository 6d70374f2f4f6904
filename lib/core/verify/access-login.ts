/**
 * Cloudflare Access sends callers it does not let in to `<team>.cloudflareaccess.com/cdn-cgi/access/login/...`
 * (or the same path on the app's own host).
 */
export const ACCESS_TEAM_DOMAIN = ".cloudflareaccess.com";
export const ACCESS_LOGIN_PATH = /^\/cdn-cgi\/access\/login(\/|$)/;

/** Where a redirect's Location points, resolved against the request's URL; undefined when it is no URL. */
export function redirectTarget(location: string, requestUrl: string): URL | undefined {
  try {
    return new URL(location, requestUrl);
  } catch {
    return undefined;
  }
}
