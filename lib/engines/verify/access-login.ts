import type { HttpObservation } from "../../core/verify/types";
import { accessLoginTarget } from "../../features/edge/probes/auth";

/**
 * The Access login URL (without its query) when `obs` is a 3xx to it (accessLoginTarget), else
 * undefined: the edge stopped the request, so its time says nothing about the app.
 */
export function accessLoginRedirect(obs: HttpObservation): string | undefined {
  const status = obs.status ?? 0;
  const location = obs.headers.location;
  if (status < 300 || status >= 400 || location === undefined) return undefined;
  const url = accessLoginTarget(location, obs.url);
  return url === undefined ? undefined : `${url.origin}${url.pathname}`;
}
